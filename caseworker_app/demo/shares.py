"""The shares the fictional caseload follows: ages, needs, languages, review timing, closures."""

from __future__ import annotations

from caseworker_app.codes import (
    NATIONAL_NEED_SHARE,
    ChronologyKind,
    CloseReason,
    Need,
    ReviewStage,
)
from caseworker_app.demo.chance import Weighted
from caseworker_app.demo.vocabulary import LANGUAGES

# Devon EHC plans by key stage, March 2024 (send-domain.md §5 [S37a]), with the year groups
# each stage spans and how the stage's children spread over them.
KEY_STAGE_YEARS: dict[str, tuple[int, dict[int, float]]] = {
    "EYFS": (298, {-3: 5, -2: 15, -1: 30, 0: 50}),
    "KS1": (613, {1: 1, 2: 1}),
    "KS2": (2036, {3: 1, 4: 1, 5: 1, 6: 1}),
    "KS3": (2312, {7: 1, 8: 1, 9: 1}),
    "KS4": (1508, {10: 1, 11: 1}),
    "KS5": (1203, {12: 1, 13: 1}),
    "Post-KS5": (1024, {14: 30, 15: 22, 16: 16, 17: 12, 18: 9, 19: 6, 20: 5}),
}

# Share of children with each primary need placed in a special school: high for severe and
# complex needs, low for specific learning difficulties (about 30% overall, as nationally).
SPECIAL_SCHOOL_SHARE: dict[Need, float] = {
    Need.PMLD: 0.9, Need.SLD: 0.8, Need.MSI: 0.6, Need.ASD: 0.35, Need.SEMH: 0.3,
    Need.PD: 0.3, Need.MLD: 0.25, Need.HI: 0.2, Need.VI: 0.2, Need.OTH: 0.2,
    Need.SLCN: 0.12, Need.SPLD: 0.05, Need.DS: 0.5,
}


def year_groups() -> Weighted[int]:
    """Year groups weighted so that key stages follow Devon's mix."""
    table: dict[int, float] = {}
    for share, years in KEY_STAGE_YEARS.values():
        spread = sum(years.values())
        for year, weight in years.items():
            table[year] = share * weight / spread
    return Weighted.of(table)


YEAR_GROUPS = year_groups()
PRIMARY_NEEDS = Weighted.of(NATIONAL_NEED_SHARE)
LANGUAGE_PICK = Weighted.of({name: spec[0] for name, spec in LANGUAGES.items()})
OPEN_SCENARIOS = Weighted.of({"overdue": 30, "soon": 10, "decided": 8, "later": 52})
# How far past due the overdue reviews are, in days: 0-3, 3-6, 6-12 and over 12 months.
OVERDUE_BANDS = Weighted.of({(1, 90): 40, (91, 182): 27, (183, 365): 20, (366, 560): 13})
_S = ReviewStage
STAGE_MIX = {
    "overdue": Weighted.of({_S.DUE: 40, _S.MEETING_SCHEDULED: 15, _S.INVITATIONS_SENT: 10,
                             _S.ADVICE_RECEIVED: 5, _S.MEETING_HELD: 17, _S.REPORT_RECEIVED: 13}),
    "soon": Weighted.of({_S.DUE: 30, _S.MEETING_SCHEDULED: 20, _S.INVITATIONS_SENT: 15,
                          _S.ADVICE_RECEIVED: 5, _S.MEETING_HELD: 18, _S.REPORT_RECEIVED: 12}),
    "decided": Weighted.of({_S.DECISION_MADE: 35, _S.AMENDMENTS_PROPOSED: 65}),
    "near": Weighted.of({_S.DUE: 40, _S.MEETING_SCHEDULED: 30, _S.INVITATIONS_SENT: 18,
                          _S.ADVICE_RECEIVED: 4, _S.MEETING_HELD: 8}),
    "later": Weighted.of({_S.DUE: 85, _S.MEETING_SCHEDULED: 15}),
}
CLOSE_REASONS = {
    "adult": Weighted.of({CloseReason.MAX_AGE: 50, CloseReason.EMPLOYMENT: 15,
                           CloseReason.DISENGAGED: 15, CloseReason.NEEDS_MET: 10,
                           CloseReason.TRANSFERRED: 10}),
    "young_adult": Weighted.of({CloseReason.HIGHER_EDUCATION: 25, CloseReason.EMPLOYMENT: 25,
                                 CloseReason.DISENGAGED: 20, CloseReason.NEEDS_MET: 10,
                                 CloseReason.TRANSFERRED: 15, CloseReason.LEFT_ENGLAND: 5}),
    "child": Weighted.of({CloseReason.NEEDS_MET: 40, CloseReason.TRANSFERRED: 40,
                           CloseReason.LEFT_ENGLAND: 12, CloseReason.OTHER: 7,
                           CloseReason.DECEASED: 1}),
}
# Reasons that follow a review deciding to cease the plan (reg 29-31); the others do not.
CEASED_AT_REVIEW = {CloseReason.MAX_AGE, CloseReason.NEEDS_MET, CloseReason.HIGHER_EDUCATION,
                    CloseReason.EMPLOYMENT, CloseReason.DISENGAGED}

CHRONOLOGY_KINDS = Weighted.of({ChronologyKind.CALL: 30, ChronologyKind.EMAIL: 35,
                                 ChronologyKind.MEETING: 10, ChronologyKind.NOTE: 25})
del _S
