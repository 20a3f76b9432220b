"""Reassessments in progress on a few demonstration cases (regulation 27), so a new user
finds assessment deadlines, and can print the assessment letters, straight away.

Drawn with a generator of their own after the cases are written, so adding them changed no
other demonstration data a seed gives.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from caseworker_app.assessment_workflow import requester_phrase
from caseworker_app.codes import (
    AssessmentEventKind,
    AssessmentKind,
    AssessmentRequester,
    AssessmentStage,
    CaseStatus,
    ChronologyKind,
)
from caseworker_app.db.tables import (
    AssessmentEvent,
    Child,
    ChronologyEntry,
    NeedsAssessment,
)
from caseworker_app.db.uow import UnitOfWork
from caseworker_app.rules.calendar import long_date

SHARE = 0.02  # of open cases
MOST = 60  # a county-sized demonstration needs no more to show the screens
WHO = (AssessmentRequester.PARENT, AssessmentRequester.PARENT, AssessmentRequester.SCHOOL,
       AssessmentRequester.YOUNG_PERSON)


def add_reassessments(uow: UnitOfWork, new_id: Callable[[], str], seed: str, today: date,
                      author: str, first_reference: int) -> int:
    """Start a reassessment, requested 1-5 weeks ago, on ~2% of the open cases written from
    `first_reference` on; returns how many."""
    rng = random.Random(f"{seed}:reassessments")
    children = uow.session.execute(
        select(Child.id, Child.date_of_birth)
        .where(Child.status == CaseStatus.OPEN,
               Child.case_reference >= f"EHC{first_reference:06d}")
        .order_by(Child.case_reference)).all()
    count = min(MOST, max(1, round(len(children) * SHARE))) if children else 0
    assessments, events, notes = [], [], []
    for child_id, born in sorted(rng.sample(children, count)):
        received = _weekday(today - timedelta(days=rng.randint(7, 35)))
        adult = (today - born).days >= 16 * 365
        requested_by = AssessmentRequester.YOUNG_PERSON if adult else rng.choice(WHO[:3])
        assessment_id = new_id()
        assessments.append({"id": assessment_id, "child_id": child_id,
                            "kind": AssessmentKind.REASSESSMENT, "requested_by": requested_by,
                            "request_received_on": received,
                            "stage": AssessmentStage.REQUESTED})
        events.append({"id": new_id(), "assessment_id": assessment_id,
                       "event": AssessmentEventKind.STEP, "step": AssessmentStage.REQUESTED,
                       "occurred_on": received, "author_name": author, "note": ""})
        notes.append({"id": new_id(), "child_id": child_id, "kind": ChronologyKind.SYSTEM,
                      "occurred_at": datetime.combine(received, time(10, 0), tzinfo=UTC),
                      "author_name": author, "body": "",
                      "summary": f"Reassessment requested by {requester_phrase(requested_by)}: "
                                 f"received {long_date(received)}"})
    uow.insert_rows(NeedsAssessment, assessments)
    uow.insert_rows(AssessmentEvent, events)
    uow.insert_rows(ChronologyEntry, notes)
    return count


def _weekday(day: date) -> date:
    return day - timedelta(days=max(0, day.weekday() - 4))
