"""Where the app gets the time: the system clock, or a fixed one in tests and demos."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol


class Clock(Protocol):
    """Supplies the current time; rules take `today` from here, never from `date.today()`."""

    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    """The real clock: UTC timestamps for records, the local date for deadlines."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return date.today()


@dataclass
class FixedClock:
    """A clock that stays where it is put, for tests and reproducible demo data."""

    at: datetime

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return self.at.date()
