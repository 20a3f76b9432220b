"""Hybrid logical clock (Kulkarni et al. 2014): wall time in milliseconds plus a counter.

It orders and dates changes for people (history, the provisional value of a conflict) and
never decides which value wins: that is causality's job (`sync.merge`). It is monotonic
whatever the machine's clock does, and stays close to wall time: a laptop whose clock is a
year fast pulls the others' clocks forward only as far as its own stamps, never backwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

# A stamp more than this far ahead of our own clock is still taken (so order is kept) but
# the import report says the sender's clock looks wrong.
SKEW_WARNING_MS = 24 * 60 * 60 * 1000


@dataclass(frozen=True, order=True)
class Hlc:
    """One stamp: milliseconds since 1970 (UTC) and a counter for ties within a millisecond."""

    wall_ms: int
    logical: int = 0

    def __str__(self) -> str:
        return f"{self.wall_ms}.{self.logical}"

    @classmethod
    def parse(cls, text: str) -> Hlc:
        """Read the `wall.logical` form `str()` writes; ValueError if it is not one."""
        wall, _, logical = text.partition(".")
        stamp = cls(int(wall), int(logical or 0))
        if stamp.wall_ms < 0 or stamp.logical < 0:
            raise ValueError(f"not a clock stamp: {text!r}")
        return stamp

    def as_datetime(self) -> datetime:
        """The wall-clock part as a UTC datetime, for showing to a person."""
        return datetime.fromtimestamp(self.wall_ms / 1000, UTC)


def wall_ms(now: datetime) -> int:
    """Milliseconds since 1970 of an aware datetime."""
    return int(now.timestamp() * 1000)


def tick(last: Hlc, now: datetime) -> Hlc:
    """The stamp for a local change made at `now`, after `last` (the clock's previous value)."""
    physical = wall_ms(now)
    if physical > last.wall_ms:
        return Hlc(physical, 0)
    return Hlc(last.wall_ms, last.logical + 1)


def receive(last: Hlc, remote: Hlc, now: datetime) -> Hlc:
    """The clock after seeing a remote stamp at `now`: above both, and no less than wall time."""
    physical = wall_ms(now)
    top = max(last.wall_ms, remote.wall_ms, physical)
    if top == last.wall_ms == remote.wall_ms:
        return Hlc(top, max(last.logical, remote.logical) + 1)
    if top == last.wall_ms:
        return Hlc(top, last.logical + 1)
    if top == remote.wall_ms:
        return Hlc(top, remote.logical + 1)
    return Hlc(top, 0)
