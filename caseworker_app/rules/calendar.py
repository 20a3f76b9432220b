"""Counting days, weeks and months for statutory time limits (send-domain.md §0).

Pure functions, no "now": every count starts from a date passed in.

- "within N weeks" of a trigger: the trigger + N × 7 calendar days ([S4][S39]);
- "N months": calendar months, a day that does not exist in the target month (31 January + 1
  month) falling back to the month's last day ([S34]);
- "at least N days beginning with the day of service": day 1 is the day of service, so the
  last day is service + (N − 1) days ([S4][S8][S20]);
- "N working days" (mediation certificates only): Saturdays, Sundays and England and Wales
  bank holidays are skipped, and the trigger day itself is not counted ([S11][S34]).

Bank holidays come from the `holidays` library (England's list, which is also Wales's),
including one-off days such as the 2022 State Funeral, never from a hand-written list.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache, lru_cache
from types import MappingProxyType

import holidays
from dateutil.relativedelta import relativedelta

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_SATURDAY = 5


def long_date(day: date) -> str:
    """A date as people write it in letters: "3 March 2026" (no leading zero, any locale)."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def add_weeks(start: date, weeks: int) -> date:
    """`start` + 7 × `weeks` calendar days: "within N weeks" counts from the trigger (§0)."""
    return start + timedelta(days=7 * weeks)


@lru_cache(maxsize=1 << 16)
def add_months(start: date, months: int) -> date:
    """`start` moved by whole calendar months (negative goes back).

    A day the target month lacks falls back to that month's last day: 31 January + 1 month is
    28 February (29 February in a leap year), and 29 February + 12 months is 28 February.
    Cached: `relativedelta` is slow and a caseload repeats the same few thousand dates.
    """
    return start + relativedelta(months=months)


@cache
def bank_holidays(year: int) -> Mapping[date, str]:
    """England and Wales bank holidays in `year`, date to name, from the `holidays` library.

    Substitute days ("Boxing Day (observed)") and one-off days are included. The result is
    computed once per year and cached; it is read-only.
    """
    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return MappingProxyType(dict(found.items()))


def bank_holiday(day: date) -> str | None:
    """The name of the England and Wales bank holiday on `day`, or None if it is not one."""
    return bank_holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    """True on Monday to Friday unless the day is an England and Wales bank holiday."""
    return day.weekday() < _SATURDAY and day not in bank_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The `n`-th working day after `start` (`start` itself is never counted).

    Saturdays, Sundays and England and Wales bank holidays are skipped, so 3 working days
    from Thursday 24 December 2026 is Thursday 31 December 2026. `n` = 0 returns `start`.
    """
    if n < 0:
        raise ValueError(f"cannot count {n} working days: the number must be 0 or more")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def skipped_bank_holidays(start: date, end: date) -> list[tuple[date, str]]:
    """The bank holidays after `start` up to and including `end`, in date order."""
    found = []
    for year in range(start.year, end.year + 1):
        found += [(day, name) for day, name in bank_holidays(year).items() if start < day <= end]
    return sorted(found)


def last_day_of_period(start: date, days: int) -> date:
    """Last day of "at least `days` days beginning with" `start`: `start` + (`days` − 1).

    The day of service is day 1, so 15 days from 1 March end on 15 March (§0).
    """
    if days < 1:
        raise ValueError(f"a period must be at least 1 day long, not {days}")
    return start + timedelta(days=days - 1)
