"""The caseload query: one row per case with setting, officer, plan date and open review.

Kept in one place so the list, the single-row refresh after an edit and the benchmark all
read the same columns the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache

from sqlalchemy import Select, and_, func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, aliased

from caseworker_app.codes import CaseStatus, Need, Phase, PlanVersionKind, ReviewStage
from caseworker_app.db.tables import (
    Allocation,
    AnnualReview,
    Child,
    EducationSetting,
    EhcPlan,
    Officer,
    PlanVersion,
)
from caseworker_app.entities import CaseRow
from caseworker_app.rules.deadlines import ReviewBasis


def caseload_select() -> Select:
    """SELECT of every column a `CaseRow` needs, for all cases."""
    issued = (  # latest final plan: one index lookup per case, cheaper than a GROUP BY
        select(func.max(PlanVersion.issued_on))
        .join(EhcPlan, EhcPlan.id == PlanVersion.plan_id)
        .where(EhcPlan.child_id == Child.id, PlanVersion.kind == PlanVersionKind.FINAL)
        .correlate(Child)
        .scalar_subquery()
    )
    review = aliased(AnnualReview, name="open_review")
    allocation = aliased(Allocation, name="current_allocation")
    return (
        select(
            Child.id, Child.case_reference, Child.legal_surname, Child.legal_forename,
            Child.preferred_name, Child.upn, Child.date_of_birth, Child.year_group_override,
            EducationSetting.name, EducationSetting.phase, Child.primary_need, issued,
            review.due_on, review.stage, review.decision_on, Officer.id,
            Officer.display_name, Child.status, review.meeting_held_on,
        )
        .outerjoin(EducationSetting, EducationSetting.id == Child.setting_id)
        .outerjoin(allocation, and_(allocation.child_id == Child.id, allocation.end_on.is_(None)))
        .outerjoin(Officer, Officer.id == allocation.officer_id)
        .outerjoin(review, and_(review.child_id == Child.id, review.completed_on.is_(None)))
    )


@cache
def _caseload_sql() -> str:
    """The caseload SELECT as SQLite text, compiled once (it has no parameters)."""
    return str(caseload_select().compile(dialect=sqlite.dialect(),
                                         compile_kwargs={"literal_binds": True}))


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _uuid(text: str | None) -> uuid.UUID | None:
    return uuid.UUID(hex=text) if text else None


def to_rows(raw: Iterable[Sequence], basis: ReviewBasis) -> list[CaseRow]:
    """Turn raw SQLite tuples of the caseload SELECT into `CaseRow`s.

    Done by hand with C-speed parsers because SQLAlchemy's generic result processing
    (regular expressions for dates) took twice as long as the query at 100,000 cases.
    """
    phase, need, stage, status = Phase, Need, ReviewStage, CaseStatus
    done = 14 if basis == ReviewBasis.DECISION else 18  # decision_on or meeting_held_on
    return [
        CaseRow(uuid.UUID(hex=r[0]), r[1], r[2], r[3], r[4], r[5], date.fromisoformat(r[6]),
                r[7], r[8], phase(r[9]) if r[9] else None, need(r[10]), _date(r[11]),
                _date(r[12]), stage(r[13]) if r[13] else None, _date(r[14]), _uuid(r[15]),
                r[16], status(r[17]), _date(r[18]), _date(r[done]))
        for r in raw
    ]


def load_caseload(session: Session, basis: ReviewBasis) -> list[CaseRow]:
    """Every case, open and closed; `basis` says what an open review counts as done at."""
    return to_rows(session.connection().exec_driver_sql(_caseload_sql()).fetchall(), basis)


def load_case_row(session: Session, child_id: uuid.UUID,
                  basis: ReviewBasis) -> CaseRow | None:
    """The caseload line of one case, after it has changed."""
    sql = f"SELECT * FROM ({_caseload_sql()}) WHERE id = ?"
    rows = to_rows(session.connection().exec_driver_sql(sql, (child_id.hex,)).fetchall(),
                   basis)
    return rows[0] if rows else None
