"""Frozen records of an EHC plan version as the plan service returns it and the editor,
the quality checks and the redline read it.

Each section's text and each structured row is its own record (and its own database row),
so two officers editing different parts of a plan never collide, and sync can merge them.
`source_id` on an item names the item of the version it was copied from ("propose
amendments" copies the latest final plan), which is how the redline pairs old and new.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from caseworker_app.codes import PlanSection, PlanVersionKind

# Sections whose needs are listed as items (B: special educational, C: health, D: social care).
NEED_SECTIONS = (PlanSection.B, PlanSection.C, PlanSection.D)
# Sections whose provision is listed as rows.
PROVISION_SECTIONS = (PlanSection.F, PlanSection.G, PlanSection.H1, PlanSection.H2)
# Sections that may say explicitly that there is nothing to record.
MAY_BE_NONE = (PlanSection.C, PlanSection.D, PlanSection.G, PlanSection.H1, PlanSection.H2)


@dataclass(frozen=True, slots=True)
class SectionText:
    """The free text of one section of one version.

    `body` is the section's text (A: views, interests and aspirations; I: the setting's
    name; J: the personal budget; others: an optional introduction). `detail` is the
    second field a few sections need (A: how the views were gathered; I: the type of
    setting). `none_identified` is the explicit "no needs / no provision identified"
    statement for C, D, G, H1, H2.
    """

    id: uuid.UUID | None
    section: PlanSection
    body: str = ""
    detail: str = ""
    none_identified: bool = False
    row_version: int = 0
    source_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class NeedItem:
    """One need in section B, C or D."""

    id: uuid.UUID | None
    section: PlanSection
    text: str
    position: int = 0
    row_version: int = 0
    source_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class OutcomeItem:
    """One outcome in section E, linked to the needs it answers."""

    id: uuid.UUID | None
    text: str
    by_when: str = ""  # "by the end of Year 8", "July 2027": a timeframe a family can read
    measure: str = ""  # how progress will be measured
    need_ids: tuple[uuid.UUID, ...] = ()
    preparing_for_adulthood: bool = False
    position: int = 0
    row_version: int = 0
    source_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ProvisionItem:
    """One row of provision in section F, G, H1 or H2, linked to the needs it meets."""

    id: uuid.UUID | None
    section: PlanSection
    what: str
    who: str = ""  # who delivers it
    how_often: str = ""  # "3 sessions a week"
    how_long: str = ""  # "30 minutes a session, for the school year"
    group_size: str = ""  # "1:1", "group of up to 4"
    expertise: str = ""  # "speech and language therapist", "teaching assistant trained in..."
    need_ids: tuple[uuid.UUID, ...] = ()
    position: int = 0
    row_version: int = 0
    source_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class AdviceItem:
    """One piece of advice or information listed in section K."""

    id: uuid.UUID | None
    author: str
    role: str = ""
    dated: date | None = None
    position: int = 0
    row_version: int = 0
    source_id: uuid.UUID | None = None


PlanItem = NeedItem | OutcomeItem | ProvisionItem | AdviceItem


@dataclass(frozen=True, slots=True)
class PlanVersionSummary:
    """One version in a plan's history."""

    id: uuid.UUID
    number: int
    kind: PlanVersionKind
    issued_on: date | None
    based_on_id: uuid.UUID | None
    editable: bool


@dataclass(frozen=True, slots=True)
class PlanDocument:
    """Everything in one plan version: the sections' text and every structured item."""

    version_id: uuid.UUID
    plan_id: uuid.UUID
    child_id: uuid.UUID
    number: int
    kind: PlanVersionKind
    issued_on: date | None
    based_on_id: uuid.UUID | None
    editable: bool  # a final plan never changes; drafts and proposed amendments do
    sections: dict[PlanSection, SectionText] = field(default_factory=dict)
    needs: tuple[NeedItem, ...] = ()
    outcomes: tuple[OutcomeItem, ...] = ()
    provisions: tuple[ProvisionItem, ...] = ()
    advice: tuple[AdviceItem, ...] = ()

    def items(self) -> tuple[PlanItem, ...]:
        """Every structured item: needs, outcomes, provision, then advice."""
        return (*self.needs, *self.outcomes, *self.provisions, *self.advice)

    def section(self, section: PlanSection) -> SectionText:
        """The text of `section` (an empty, unsaved record if nothing is written yet)."""
        return self.sections.get(section) or SectionText(None, section)

    def needs_in(self, section: PlanSection) -> tuple[NeedItem, ...]:
        """The needs listed in section B, C or D, in order."""
        return tuple(n for n in self.needs if n.section == section)

    def provisions_in(self, section: PlanSection) -> tuple[ProvisionItem, ...]:
        """The provision rows of section F, G, H1 or H2, in order."""
        return tuple(p for p in self.provisions if p.section == section)
