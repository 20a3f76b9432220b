"""Reassessments in progress on a few demonstration cases (regulation 27), so a new user
finds assessment deadlines, and can print the assessment letters, straight away.

Half were requested 1-5 weeks ago and await the decision whether to reassess; the other half
were requested 11-13 weeks ago, the council decided to reassess, the advice is in, and a
draft of the amended plan (a copy of the plan in force) is being written: a reassessment
follows the procedure for a new plan, draft included (regs 27(3), 13).

Drawn with a generator of their own after the cases are written, so adding them changed no
other demonstration data a seed gives.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from caseworker_app.assessment_workflow import requester_phrase
from caseworker_app.codes import (
    AssessmentDecision,
    AssessmentEventKind,
    AssessmentKind,
    AssessmentRequester,
    AssessmentStage,
    CaseStatus,
    ChronologyKind,
    PlanVersionKind,
)
from caseworker_app.db.tables import (
    AssessmentEvent,
    Child,
    ChronologyEntry,
    EhcPlan,
    NeedsAssessment,
    PlanVersion,
)
from caseworker_app.db.uow import UnitOfWork
from caseworker_app.rules.calendar import long_date
from caseworker_app.services.plans import copy_version

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
    for number, (child_id, born) in enumerate(sorted(rng.sample(children, count))):
        drafting = number % 2 == 1 and _plan_to_redraft(uow, child_id) is not None
        received = _weekday(today - timedelta(days=rng.randint(77, 91) if drafting
                                              else rng.randint(7, 35)))
        adult = (today - born).days >= 16 * 365
        requested_by = AssessmentRequester.YOUNG_PERSON if adult else rng.choice(WHO[:3])
        assessment_id = new_id()
        steps = [(AssessmentStage.REQUESTED, received)]
        row = {"id": assessment_id, "child_id": child_id, "kind": AssessmentKind.REASSESSMENT,
               "requested_by": requested_by, "request_received_on": received,
               "stage": AssessmentStage.REQUESTED, "decision": None, "decision_on": None,
               "advice_requested_on": None, "advice_received_on": None}
        if drafting:
            decided = _weekday(received + timedelta(days=rng.randint(28, 40)))
            advised = min(_weekday(decided + timedelta(days=rng.randint(35, 42))), today)
            row |= {"stage": AssessmentStage.ADVICE_RECEIVED,
                    "decision": AssessmentDecision.ASSESS, "decision_on": decided,
                    "advice_requested_on": decided, "advice_received_on": advised}
            steps += [(AssessmentStage.DECISION, decided),
                      (AssessmentStage.ADVICE_REQUESTED, decided),
                      (AssessmentStage.ADVICE_RECEIVED, advised)]
            _start_draft(uow, child_id)
        assessments.append(row)
        for step, on in steps:
            events.append({"id": new_id(), "assessment_id": assessment_id,
                           "event": AssessmentEventKind.STEP, "step": step, "occurred_on": on,
                           "author_name": author, "note": "",
                           "decision": row["decision"] if step == AssessmentStage.DECISION
                           else None})
        notes.append({"id": new_id(), "child_id": child_id, "kind": ChronologyKind.SYSTEM,
                      "occurred_at": datetime.combine(received, time(10, 0), tzinfo=UTC),
                      "author_name": author, "body": "",
                      "summary": f"Reassessment requested by {requester_phrase(requested_by)}: "
                                 f"received {long_date(received)}"})
    uow.insert_rows(NeedsAssessment, assessments, record=False)
    uow.insert_rows(AssessmentEvent, events, record=False)
    uow.insert_rows(ChronologyEntry, notes, record=False)
    return count


def _plan_to_redraft(uow: UnitOfWork, child_id: uuid.UUID) -> PlanVersion | None:
    """The plan in force, when no draft or proposed amendments are open beside it."""
    versions = list(uow.session.scalars(
        select(PlanVersion).join(EhcPlan, EhcPlan.id == PlanVersion.plan_id)
        .where(EhcPlan.child_id == child_id)
        .order_by(PlanVersion.number.desc())))
    if not versions or any(v.kind != PlanVersionKind.FINAL for v in versions):
        return None
    return versions[0]


def _start_draft(uow: UnitOfWork, child_id: uuid.UUID) -> None:
    """A draft of the amended plan, starting as a copy of the plan in force."""
    final = _plan_to_redraft(uow, child_id)
    assert final is not None
    draft = PlanVersion(plan_id=final.plan_id, number=final.number + 1,
                        kind=PlanVersionKind.DRAFT, based_on_id=final.id)
    uow.session.add(draft)
    uow.session.flush()
    copy_version(uow.session, final.id, draft.id)


def _weekday(day: date) -> date:
    return day - timedelta(days=max(0, day.weekday() - 4))
