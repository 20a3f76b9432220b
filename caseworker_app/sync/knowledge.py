"""What a replica holds, as ranges of batch numbers per origin: `{origin: [[first, last], ...]}`.

Exports send every batch outside what the recipient last said it holds (sync.md §5.5), so
knowledge is a set, not a high-water mark: a lead's filtered export leaves gaps, and a file
arriving out of order fills them later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Knowledge = dict[str, list[list[int]]]


def ranges(numbers: Iterable[int]) -> list[list[int]]:
    """Sorted batch numbers as inclusive ranges: 1,2,3,5 -> [[1, 3], [5, 5]]."""
    result: list[list[int]] = []
    for number in sorted(set(numbers)):
        if result and number == result[-1][1] + 1:
            result[-1][1] = number
        else:
            result.append([number, number])
    return result


def holds(knowledge: Mapping[str, list[list[int]]], origin: str, batch_no: int) -> bool:
    """Whether `knowledge` includes batch `batch_no` of `origin`."""
    return any(first <= batch_no <= last for first, last in knowledge.get(origin, ()))


def count(knowledge: Mapping[str, list[list[int]]]) -> int:
    """How many batches `knowledge` names."""
    return sum(last - first + 1 for spans in knowledge.values() for first, last in spans)


def validate(data: object) -> Knowledge:
    """Knowledge read from a file, checked for shape; ValueError says what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("knowledge must be an object")
    checked: Knowledge = {}
    for origin, spans in data.items():
        if not isinstance(origin, str) or len(origin) != 32 or not all(
                c in "0123456789abcdef" for c in origin):
            raise ValueError(f"knowledge names a replica badly: {origin!r}")
        if not isinstance(spans, list) or len(spans) > 100_000:
            raise ValueError("knowledge ranges must be a list")
        for span in spans:
            if (not isinstance(span, list) or len(span) != 2
                    or not all(isinstance(n, int) and not isinstance(n, bool) for n in span)
                    or not 1 <= span[0] <= span[1]):
                raise ValueError(f"knowledge range is not [first, last]: {span!r}")
        checked[origin] = [list(span) for span in spans]
    return checked
