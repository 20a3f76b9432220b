"""The caseload query: one row per case with setting, officer, plan date and open review.

Kept in one place so the list, the single-row refresh after an edit and the benchmark all
read the same columns the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from caseworker_app.codes import PlanVersionKind
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


def caseload_select() -> Select:
    """SELECT of every column a `CaseRow` needs, for all cases."""
    issued = (
        select(EhcPlan.child_id.label("child_id"), func.max(PlanVersion.issued_on).label("on"))
        .join(PlanVersion, PlanVersion.plan_id == EhcPlan.id)
        .where(PlanVersion.kind == PlanVersionKind.FINAL)
        .group_by(EhcPlan.child_id)
        .subquery("issued")
    )
    review = aliased(AnnualReview, name="open_review")
    allocation = aliased(Allocation, name="current_allocation")
    return (
        select(
            Child.id, Child.case_reference, Child.legal_surname, Child.legal_forename,
            Child.preferred_name, Child.upn, Child.date_of_birth, Child.year_group_override,
            EducationSetting.name, EducationSetting.phase, Child.primary_need, issued.c.on,
            review.due_on, review.stage, review.decision_on, Officer.id,
            Officer.display_name, Child.status,
        )
        .outerjoin(EducationSetting, EducationSetting.id == Child.setting_id)
        .outerjoin(allocation, and_(allocation.child_id == Child.id, allocation.end_on.is_(None)))
        .outerjoin(Officer, Officer.id == allocation.officer_id)
        .outerjoin(review, and_(review.child_id == Child.id, review.completed_on.is_(None)))
        .outerjoin(issued, issued.c.child_id == Child.id)
    )


def to_rows(result: Iterable) -> list[CaseRow]:
    """Turn result tuples of `caseload_select` into `CaseRow`s."""
    return [CaseRow(*values) for values in result]


def load_caseload(session: Session) -> list[CaseRow]:
    """Every case, open and closed."""
    return to_rows(session.execute(caseload_select()))


def load_case_row(session: Session, child_id: uuid.UUID) -> CaseRow | None:
    """The caseload line of one case, after it has changed."""
    rows = to_rows(session.execute(caseload_select().where(Child.id == child_id)))
    return rows[0] if rows else None
