"""Canonical JSON: one byte form for what we sign, and a strict reader for what arrives."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker_app.sync.canonical import CanonicalError, b64, dumps, loads, unb64

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def test_dumps_is_sorted_compact_utf8() -> None:
    assert dumps({"b": 1, "a": ["é", None, True]}) == '{"a":["é",null,true],"b":1}'.encode()


@given(JSON_VALUES)
def test_dumps_then_loads_gives_the_same_value_and_bytes(value: object) -> None:
    data = dumps(value)
    assert loads(data) == value
    assert dumps(loads(data)) == data


@pytest.mark.parametrize("value", [
    {"key": b"raw"}, {1: "int key"}, float("nan"), [float("inf")], {"s": {1, 2}},
    "\ud800",  # a lone surrogate cannot be UTF-8
])
def test_dumps_refuses_what_has_no_single_canonical_form(value: object) -> None:
    with pytest.raises(CanonicalError):
        dumps(value)


@pytest.mark.parametrize(("data", "words"), [
    (b'{"role":"officer","role":"lead"}', "twice"),
    (b'{"n":NaN}', "NaN"),
    (b'[Infinity]', "Infinity"),
    (b'[-Infinity]', "Infinity"),
    (b'[1e400]', "too large"),
    (b'"\xff"', "UTF-8"),
    (b'"\\ud800"', "surrogate"),
    (b'"\\ud83d\\ude00"', "surrogate"),
    (b'{"a":', "not valid JSON"),
    (b"\xef\xbb\xbf{}", "not valid JSON"),  # a byte order mark
    (b"[" + b"9" * 5000 + b"]", "JSON"),  # over Python's integer digit limit
    (b'"tab\tinside"', "not valid JSON"),  # raw control characters
])
def test_loads_refuses_with_a_plain_message(data: bytes, words: str) -> None:
    with pytest.raises(CanonicalError, match=words):
        loads(data)


def test_loads_accepts_an_escaped_backslash_before_u() -> None:
    assert loads(b'["\\\\ud800"]') == ["\\ud800"]


def test_nesting_is_limited_and_measured_before_parsing() -> None:
    assert loads(b"[" * 32 + b"]" * 32) is not None
    with pytest.raises(CanonicalError, match="nested"):
        loads(b"[" * 33 + b"]" * 33)
    with pytest.raises(CanonicalError, match="nested"):
        loads(b'{"a":' * 3 + b"1" + b"}" * 3, max_depth=2)
    brackets_in_strings = json.dumps(["[" * 100, "{{{", '\\"[[['], ensure_ascii=False)
    assert loads(brackets_in_strings.encode()) == ["[" * 100, "{{{", '\\"[[[']
    started = time.perf_counter()
    with pytest.raises(CanonicalError, match="nested"):
        loads(b"[" * 5_000_000)  # would exhaust a small thread stack in json's C parser
    assert time.perf_counter() - started < 5


def test_b64_round_trip_and_strictness() -> None:
    assert unb64(b64(b"\x00\xffkey"), max_len=10) == b"\x00\xffkey"
    for bad in ("QQ", "QR==", "Q Q==", "QQ==\n", "====", "é", "QQ==QQ=="):
        with pytest.raises(CanonicalError, match="wrapped key"):
            unb64(bad, max_len=10, what="wrapped key")
    with pytest.raises(CanonicalError, match="longer"):
        unb64(b64(bytes(33)), max_len=32)
    with pytest.raises(CanonicalError, match="longer"):
        unb64("A" * 10_000_000, max_len=32)
    with pytest.raises(CanonicalError, match="not text"):
        unb64(b"QQ==", max_len=10)  # type: ignore[arg-type]
