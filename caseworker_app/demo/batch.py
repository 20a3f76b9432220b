"""The rows of a chunk of cases, queued by table and written through the unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from caseworker_app.db.base import SyncedMixin
from caseworker_app.db.tables import (
    Allocation,
    AnnualReview,
    Child,
    ChronologyEntry,
    Contact,
    EhcPlan,
    PlanAdvice,
    PlanNeed,
    PlanOutcome,
    PlanOutcomeNeed,
    PlanProvision,
    PlanProvisionNeed,
    PlanSectionText,
    PlanVersion,
)
from caseworker_app.db.uow import UnitOfWork

BATCH_TABLES = (Child, Contact, Allocation, EhcPlan, PlanVersion, PlanSectionText, PlanNeed,
                PlanOutcome, PlanProvision, PlanAdvice, PlanOutcomeNeed, PlanProvisionNeed,
                AnnualReview, ChronologyEntry)  # parents before children, for foreign keys


@dataclass
class Batch:
    """Rows for a chunk of cases, by table."""

    rows: dict[type[SyncedMixin], list[dict[str, Any]]] = field(
        default_factory=lambda: {table: [] for table in BATCH_TABLES})

    def add(self, table: type[SyncedMixin], row: dict[str, Any]) -> None:
        """Queue one row."""
        self.rows[table].append(row)

    def write(self, uow: UnitOfWork) -> None:
        """Insert every queued row, table by table, each table as one journalled bulk insert."""
        for table, rows in self.rows.items():
            uow.insert_rows(table, rows, record=False)
