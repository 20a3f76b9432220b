"""Counting weeks, months, working days and "at least N days beginning with" (send-domain §0).

Bank holiday dates below were checked against the `holidays` library (England), not memory.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker_app.rules.calendar import (
    add_months,
    add_weeks,
    add_working_days,
    bank_holiday,
    is_working_day,
    last_day_of_period,
    long_date,
    skipped_bank_holidays,
)

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@pytest.mark.parametrize(("start", "weeks", "expected"), [
    (date(2026, 3, 3), 2, date(2026, 3, 17)),
    (date(2026, 3, 3), -2, date(2026, 2, 17)),
    (date(2026, 12, 20), 2, date(2027, 1, 3)),      # across the year end
    (date(2024, 2, 29), 6, date(2024, 4, 11)),      # from a leap day
    (date(2024, 2, 15), 2, date(2024, 2, 29)),      # onto a leap day
    (date(2026, 9, 1), 20, date(2027, 1, 19)),      # 140 days
    (date(2026, 3, 3), 0, date(2026, 3, 3)),
], ids=["2 weeks", "2 weeks back", "year end", "from 29 Feb", "onto 29 Feb", "20 weeks",
        "0 weeks"])
def test_add_weeks_counts_seven_days_a_week(start, weeks, expected) -> None:
    assert add_weeks(start, weeks) == expected


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),      # 31 Jan + 1 month, common year
    (date(2024, 1, 31), 1, date(2024, 2, 29)),      # 31 Jan + 1 month, leap year
    (date(2024, 2, 29), 12, date(2025, 2, 28)),     # leap day + a year
    (date(2024, 2, 29), 48, date(2028, 2, 29)),     # leap day + four years
    (date(2026, 3, 31), 1, date(2026, 4, 30)),      # 31-day month into a 30-day month
    (date(2026, 4, 30), 1, date(2026, 5, 30)),      # 30-day month into a 31-day month
    (date(2026, 12, 31), 2, date(2027, 2, 28)),     # year end and month end together
    (date(2026, 12, 15), 1, date(2027, 1, 15)),     # December into January
    (date(2027, 7, 31), -5, date(2027, 2, 28)),     # backwards onto February
    (date(2028, 7, 31), -5, date(2028, 2, 29)),     # backwards onto a leap February
    (date(2027, 1, 15), -5, date(2026, 8, 15)),     # backwards across the year end
], ids=["31 Jan+1", "31 Jan+1 leap", "29 Feb+12", "29 Feb+48", "31 Mar+1", "30 Apr+1",
        "31 Dec+2", "Dec to Jan", "31 Jul-5", "31 Jul-5 leap", "Jan-5"])
def test_add_months_clamps_to_the_end_of_a_short_month(start, months, expected) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 3, 9), True),       # an ordinary Monday
    (date(2026, 3, 7), False),      # Saturday
    (date(2026, 3, 8), False),      # Sunday
    (date(2026, 12, 25), False),    # Christmas Day, a Friday
    (date(2026, 12, 28), False),    # Boxing Day substitute, Monday
    (date(2026, 12, 29), True),
    (date(2027, 3, 26), False),     # Good Friday 2027
    (date(2027, 3, 29), False),     # Easter Monday 2027
    (date(2026, 5, 25), False),     # spring bank holiday 2026
    (date(2026, 8, 31), False),     # summer bank holiday 2026
    (date(2022, 5, 30), True),      # last Monday in May 2022, but the holiday moved...
    (date(2022, 6, 2), False),      # ...to Thursday 2 June for the Platinum Jubilee
    (date(2022, 9, 19), False),     # State Funeral of Queen Elizabeth II (one-off)
    (date(2023, 5, 8), False),      # Coronation of Charles III (one-off)
    (date(2026, 1, 2), True),       # a Scottish bank holiday, not an English one
    (date(2026, 3, 17), True),      # St Patrick's Day: Northern Ireland only
    (date(2026, 11, 30), True),     # St Andrew's Day: Scotland only
], ids=lambda v: v.isoformat() if isinstance(v, date) else str(v))
def test_working_days_skip_weekends_and_england_bank_holidays(day, working) -> None:
    assert is_working_day(day) is working


def test_bank_holiday_names_come_from_the_library() -> None:
    assert bank_holiday(date(2026, 12, 28)) == "Boxing Day (observed)"
    assert bank_holiday(date(2027, 3, 26)) == "Good Friday"
    assert bank_holiday(date(2026, 12, 29)) is None


@pytest.mark.parametrize(("start", "n", "expected"), [
    (date(2026, 3, 3), 3, date(2026, 3, 6)),        # Tuesday, a plain week
    (date(2026, 3, 5), 3, date(2026, 3, 10)),       # Thursday, over a weekend
    (date(2026, 3, 7), 1, date(2026, 3, 9)),        # from a Saturday
    (date(2026, 12, 24), 3, date(2026, 12, 31)),    # Christmas Eve 2026: skips 25, 28 Dec
    (date(2026, 12, 30), 3, date(2027, 1, 5)),      # over New Year's Day
    (date(2027, 12, 23), 3, date(2027, 12, 30)),    # Christmas 2027: 27 and 28 Dec substitutes
    (date(2026, 5, 22), 3, date(2026, 5, 28)),      # Friday before spring bank holiday
    (date(2026, 8, 28), 3, date(2026, 9, 3)),       # Friday before summer bank holiday
    (date(2027, 5, 28), 1, date(2027, 6, 1)),       # Friday before spring bank holiday 2027
    (date(2027, 8, 27), 3, date(2027, 9, 2)),       # Friday before summer bank holiday 2027
    (date(2027, 3, 25), 3, date(2027, 4, 1)),       # Thursday before Easter 2027
    (date(2027, 3, 24), 3, date(2027, 3, 31)),      # Wednesday before Easter 2027
    (date(2022, 9, 16), 3, date(2022, 9, 22)),      # Friday before the State Funeral
    (date(2026, 3, 3), 0, date(2026, 3, 3)),        # nothing to count
], ids=["plain", "weekend", "from Saturday", "Christmas 2026", "New Year 2027",
        "Christmas 2027", "spring 2026", "summer 2026", "spring 2027", "summer 2027",
        "Easter Thursday", "Easter Wednesday", "State Funeral", "zero"])
def test_add_working_days(start, n, expected) -> None:
    assert add_working_days(start, n) == expected


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(date(2026, 3, 3), -1)


def test_skipped_bank_holidays_are_listed_in_order() -> None:
    assert skipped_bank_holidays(date(2026, 12, 24), date(2027, 1, 5)) == [
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 26), "Boxing Day"),
        (date(2026, 12, 28), "Boxing Day (observed)"),
        (date(2027, 1, 1), "New Year's Day"),
    ]


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2026, 3, 1), 15, date(2026, 3, 15)),      # served 1 March: last day 15 March
    (date(2024, 2, 20), 15, date(2024, 3, 5)),      # over a leap February
    (date(2026, 2, 20), 15, date(2026, 3, 6)),      # over a common February
    (date(2026, 12, 25), 15, date(2027, 1, 8)),     # over the year end
    (date(2026, 3, 1), 1, date(2026, 3, 1)),        # a one-day period is the day itself
], ids=["1 March", "leap Feb", "common Feb", "year end", "one day"])
def test_last_day_of_period_counts_the_first_day(start, days, expected) -> None:
    assert last_day_of_period(start, days) == expected


def test_a_period_of_no_days_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1 day"):
        last_day_of_period(date(2026, 3, 1), 0)


@pytest.mark.parametrize(("day", "text"), [
    (date(2026, 3, 3), "3 March 2026"),
    (date(2027, 12, 31), "31 December 2027"),
    (date(2024, 2, 29), "29 February 2024"),
], ids=["no leading zero", "two digits", "leap day"])
def test_long_date(day, text) -> None:
    assert long_date(day) == text


@given(start=DATES, n=st.integers(min_value=1, max_value=40))
def test_add_working_days_lands_on_the_nth_working_day_after(start, n) -> None:
    result = add_working_days(start, n)
    assert result > start
    assert is_working_day(result)
    between = (start + timedelta(days=i) for i in range(1, (result - start).days + 1))
    assert sum(is_working_day(day) for day in between) == n


@given(start=DATES, months=st.integers(min_value=-36, max_value=36))
def test_add_months_keeps_the_day_or_takes_the_month_end(start, months) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    month_end = (result.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    assert result.day == min(start.day, month_end.day)
