"""Seeded chance: weighted picks, quick random draws and reproducible keys for new rows."""

from __future__ import annotations

import bisect
import functools
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")

# A version 4 UUID's version nibble and variant bits, and the mask that keeps room for them.
UUID4_BITS = (4 << 76) | (2 << 62)
UUID4_RANDOM = ((1 << 80) - 1) & ~(0xF << 76) & ~(0x3 << 62)


class Weighted(Generic[T]):
    """Weighted choice by bisecting cumulative weights: one `random()` a pick."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    @classmethod
    def of(cls, table: dict[T, float]) -> Weighted[T]:
        """A picker over the keys of `table`, weighted by its values."""
        return cls(list(table), list(table.values()))

    def pick(self, rng: random.Random) -> T:
        """One item, chosen in proportion to its weight."""
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


class Dice:
    """Quick draws from one shared generator, for the classes that build a case.

    Faster than `random.randint` and `random.choice`, which matters a million times over.
    Every builder of one load shares the same generator, so the order of draws, and with it
    the caseload a seed gives, depends only on the order the builders are called in.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.random = rng.random

    def number(self, low: int, high: int) -> int:
        """A random whole number from `low` to `high` inclusive."""
        return low + int(self.random() * (high - low + 1))

    def days(self, low: int, high: int) -> timedelta:
        """A random number of days from `low` to `high` inclusive."""
        return timedelta(days=low + int(self.random() * (high - low + 1)))

    def choice(self, items: Sequence[T]) -> T:
        """A random item of a non-empty sequence."""
        return items[int(self.random() * len(items))]


def id_maker(seed: str) -> Callable[[], str]:
    """A source of keys for new rows, as the 32 hex digits SQLAlchemy stores for a `Uuid`.

    Valid version 4 UUIDs from a seeded generator, so the same seed gives the same keys. The
    first 48 bits count up from a seeded start (as in a UUIDv7), so new rows land at the end
    of each index instead of all over it, which roughly halves SQLite's share of the work.
    `UnitOfWork.insert_rows` takes keys in this form as they are.
    """
    rng = random.Random(f"ids:{seed}")
    start = rng.getrandbits(46)

    def keys() -> Iterator[str]:
        bits, counter = rng.getrandbits, start
        while True:
            counter += 1
            yield f"{(counter << 80) | (bits(80) & UUID4_RANDOM) | UUID4_BITS:032x}"

    return functools.partial(next, keys())
