"""English school year rules: year group, key stage and phase transfer, from date of birth.

Pure functions with `today` passed in. A child's school year is fixed by the 1 September
cut-off: children born from 1 September to 31 August start Reception together in the September
after their fourth birthday (Education Act 1996 s.8; School Admissions Code 2.16).
"""

from __future__ import annotations

from datetime import date

RECEPTION_AGE_OFFSET = 5  # Reception starts in the academic year a child turns 5
POST18_YEAR = 14  # year groups stop at 13 (age 17-18); past it a young person is post-18


def academic_year_start(today: date) -> int:
    """The calendar year in which the current academic year (1 Sept-31 Aug) began."""
    return today.year if today.month >= 9 else today.year - 1


def birth_cohort(date_of_birth: date) -> int:
    """The academic year a child was born in: 1 September is the first day of a cohort."""
    return date_of_birth.year if date_of_birth.month >= 9 else date_of_birth.year - 1


def year_group(date_of_birth: date, today: date, override: int | None = None) -> int:
    """National curriculum year group: 0 is Reception, 1-13 are Years 1-13.

    Negative values are the early years (-1 is the year before Reception). Values of 14 and
    above are young people past Year 13 (post-18). `override` is the year group of a child
    taught out of their chronological year group, which then takes precedence.
    """
    if override is not None:
        return override
    return academic_year_start(today) - birth_cohort(date_of_birth) - RECEPTION_AGE_OFFSET


def year_group_label(group: int) -> str:
    """Plain-English name of a year group, as used in schools."""
    if group <= -2:
        return "Early years"
    if group == -1:
        return "Nursery"
    if group == 0:
        return "Reception"
    if group >= POST18_YEAR:
        return "Post-18"
    return f"Year {group}"


def key_stage(group: int) -> str:
    """Key stage for a year group: EYFS, KS1-KS5, or Post-KS5."""
    if group <= 0:
        return "EYFS"
    if group <= 2:
        return "KS1"
    if group <= 6:
        return "KS2"
    if group <= 9:
        return "KS3"
    if group <= 11:
        return "KS4"
    if group <= 13:
        return "KS5"
    return "Post-KS5"


def age_on(date_of_birth: date, today: date) -> int:
    """Age in whole years on `today` (a 29 February birthday counts from 1 March)."""
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


def preparing_for_adulthood(group: int) -> bool:
    """Year 9 and above: reviews must consider preparation for adulthood (reg 20(6), 21(6))."""
    return group >= 9
