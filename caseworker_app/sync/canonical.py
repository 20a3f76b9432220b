"""Canonical JSON for signed sync files, and a strict parser for the untrusted ones that arrive.

A signature covers bytes, not meaning, so everything we sign is written one way only: keys
sorted, no spaces, UTF-8 without escapes, no NaN. Everything we read came off a USB stick or
an e-mail, so the parser refuses what Python's `json` would quietly accept: duplicate keys
(which copy of "role" counts?), NaN and infinities, invalid UTF-8, lone surrogates, and
nesting deep enough to exhaust a worker thread's stack.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from typing import Any

MAX_DEPTH = 32

# The characters that change nesting depth or string state; everything else is skipped in C.
_STRUCTURE = re.compile(r'[\[\]{}"\\]')
_SURROGATE_ESCAPE = re.compile(r"u[dD][89a-fA-F][0-9a-fA-F]{2}")


class CanonicalError(ValueError):
    """Data is not JSON we accept; the message says what is wrong in plain English."""


def dumps(obj: Any) -> bytes:
    """The one byte form of `obj`: sorted keys, no spaces, UTF-8, no NaN.

    Only dicts with string keys, lists, tuples, strings, ints, finite floats, booleans and
    None are allowed. Bytes are refused (base64 them with `b64`), and so are non-string keys,
    which `json` would silently turn into strings and so make two objects sign the same.
    """
    _check_dumpable(obj)
    try:
        text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False)
        return text.encode("utf-8")
    except (TypeError, ValueError) as exc:  # UnicodeEncodeError is a ValueError
        raise CanonicalError(f"This data cannot be written as canonical JSON: {exc}") from exc


def _check_dumpable(obj: Any) -> None:
    """Walk `obj` without recursion, refusing what canonical JSON cannot say exactly once."""
    stack = [(obj, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise CanonicalError(f"This data is nested more than {MAX_DEPTH} levels deep.")
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise CanonicalError(f"A key is not text: {key!r}.")
                stack.append((item, depth + 1))
        elif isinstance(value, list | tuple):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise CanonicalError("A number is not finite (NaN or infinity).")
        elif value is not None and not isinstance(value, str | int):  # bool is an int
            raise CanonicalError(
                f"A value of type {type(value).__name__} cannot be written; "
                "bytes must be base64 text.")


def loads(data: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse untrusted JSON strictly; `CanonicalError` says what is wrong.

    The nesting depth is measured before parsing (json's C parser recurses once per level,
    and a worker thread's stack is small), so a file of a million "[" costs one scan.
    Surrogate escapes ("\\ud83d") are refused: canonical JSON writes characters as UTF-8,
    and a lone surrogate would later fail to encode when stored.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise CanonicalError("The data to read is not bytes.")
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CanonicalError(
            f"The text is not valid UTF-8 (at byte {exc.start}).") from exc
    _check_depth(text, max_depth)
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant,
                          parse_float=_finite_float)
    except CanonicalError:
        raise
    except json.JSONDecodeError as exc:
        raise CanonicalError(
            f"The text is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        ) from exc
    except (ValueError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
        raise CanonicalError(f"The text is not JSON we can read: {exc}") from exc


def _check_depth(text: str, max_depth: int) -> None:
    """Refuse nesting deeper than `max_depth`, and surrogate escapes, before parsing.

    Up to the first syntax error this scanner and json's parser agree on what is inside a
    string, so the parser never recurses deeper than the depth measured here.
    """
    depth = 0
    in_string = False
    skip = -1
    for match in _STRUCTURE.finditer(text):
        pos = match.start()
        if pos == skip:
            continue
        char = match.group()
        if in_string:
            if char == "\\":
                skip = pos + 1
                if _SURROGATE_ESCAPE.match(text, pos + 1):
                    raise CanonicalError(
                        "The text escapes a character as a \\u surrogate; "
                        "canonical JSON writes it as UTF-8.")
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                raise CanonicalError(f"The data is nested more than {max_depth} levels deep.")
        elif char in "]}":
            depth -= 1


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise CanonicalError(f"The key {duplicate!r} appears twice in one object.")
    return result


def _no_constant(name: str) -> Any:
    raise CanonicalError(f"The number {name} is not allowed.")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # "1e400" parses to infinity
        raise CanonicalError(f"The number {text[:20]} is too large.")
    return value


def b64(data: bytes) -> str:
    """Standard base64 with padding: the form every binary value takes in our JSON."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, *, max_len: int, what: str = "value") -> bytes:
    """Decode strict standard base64 of at most `max_len` bytes, or raise `CanonicalError`.

    Refuses anything but the alphabet, wrong padding and non-canonical trailing bits, so each
    byte string has exactly one text form (as it must inside signed JSON). The length is
    checked before decoding, so a huge string costs nothing. `what` names the value in the
    message ("The wrapped key is not valid base64.").
    """
    if not isinstance(text, str):
        raise CanonicalError(f"The {what} is not text.")
    if len(text) > 4 * ((max_len + 2) // 3):
        raise CanonicalError(f"The {what} is longer than {max_len} bytes.")
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CanonicalError(f"The {what} is not valid base64.") from exc
    if b64(data) != text:
        raise CanonicalError(f"The {what} is not valid base64 (it is not in canonical form).")
    if len(data) > max_len:
        raise CanonicalError(f"The {what} is longer than {max_len} bytes.")
    return data
