"""Frozen records of the work views: deadlines, forecast, backlog and trend."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from caseworker_app.codes import AssessmentKind, AssessmentStage, Coded, ReviewStage
from caseworker_app.rules.deadlines import Deadline, ReviewBasis


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One open statutory deadline on one case, for the "My work" list: of its annual review
    (or phase transfer), or of an EHC needs assessment or reassessment in progress.

    `stage` is the open review's stage, or for an assessment's deadline the assessment's
    stage, with `assessment` saying which kind of assessment it is (None for a review's).
    """

    child_id: uuid.UUID
    case_reference: str
    display_name: str
    officer_id: uuid.UUID | None
    officer_name: str | None
    deadline: Deadline
    stage: ReviewStage | AssessmentStage | None
    assessment: AssessmentKind | None = None


@dataclass(frozen=True, slots=True)
class OfficerForecast:
    """How many deadlines an officer has overdue, and falling due in each coming week."""

    officer_id: uuid.UUID | None  # None: cases nobody holds
    officer_name: str
    overdue: int
    weeks: tuple[int, ...]  # week 1 starts today

    @property
    def total(self) -> int:
        """Overdue plus everything due in the weeks counted."""
        return self.overdue + sum(self.weeks)


class BacklogBand(Coded):
    """How long an annual review has been overdue, in calendar months (inclusive upper ends)."""

    UP_TO_3 = "0-3", "Up to 3 months"
    FROM_3_TO_6 = "3-6", "3-6 months"
    FROM_6_TO_12 = "6-12", "6-12 months"
    OVER_12 = "12+", "Over 12 months"


@dataclass(frozen=True, slots=True)
class BacklogRow:
    """One overdue annual review with what makes it a priority."""

    child_id: uuid.UUID
    case_reference: str
    display_name: str
    officer_id: uuid.UUID | None
    officer_name: str | None
    due_on: date
    days_overdue: int
    band: BacklogBand
    stage: ReviewStage | None
    year_group: int
    phase_transfer: bool  # moves phase next September (reg 18)
    year9_plus: bool  # preparing for adulthood (reg 20(6))
    post16: bool  # Year 12 and above
    looked_after: bool
    complaint_or_tribunal: bool

    @property
    def flag_count(self) -> int:
        """How many priority flags are set."""
        return sum((self.phase_transfer, self.year9_plus, self.post16, self.looked_after,
                    self.complaint_or_tribunal))


@dataclass(frozen=True, slots=True)
class Trend:
    """Reviews completed over time and the size of the overdue backlog, week by week."""

    week_starts: tuple[date, ...]  # Mondays, oldest first; the last is this week
    completed_per_week: tuple[int, ...]
    backlog_at_week_end: tuple[int, ...]  # overdue open reviews at the end of each week
    month_starts: tuple[date, ...]  # first days of the months the weeks cover
    completed_per_month: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class MyWork:
    """What the "My work" screen shows: the ranked deadlines and the forecast beside them."""

    items: tuple[WorkItem, ...]
    forecast: tuple[OfficerForecast, ...]


@dataclass(frozen=True, slots=True)
class BacklogOverview:
    """What the Backlog screen shows: the overdue reviews, the trend, and the policy used."""

    rows: tuple[BacklogRow, ...]
    trend: Trend
    basis: ReviewBasis
