"""The sync file envelope: round trips, and every kind of damage refused at the right step."""

from __future__ import annotations

import hashlib
import json
import os
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseworker_app.sync import canonical, envelope
from caseworker_app.sync.envelope import (
    EnvelopeError,
    Recipient,
    SealedFile,
    open_payload,
    read_header,
    seal,
    verify_sender,
)
from caseworker_app.sync.keys import DeviceKeys

ALICE, BOB, CAROL = DeviceKeys.generate(), DeviceKeys.generate(), DeviceKeys.generate()
TO_BOB = Recipient("bob-replica", BOB.public().enc_public)
TO_CAROL = Recipient("carol-replica", CAROL.public().enc_public)
LIMIT = 16 << 20
FIELDS = {"file_id": "0190a1b2-0000-7000-8000-000000000001", "team_id": "team-1",
          "schema_version": 3, "sender": {"replica_id": "alice-replica", "user_id": "u-1"},
          "export_seq": 7, "hlc": "1795000000000.0", "since_vv": {"alice-replica": 4}}


def sealed(payload: bytes, chunk_size: int = 65536, recipients=(TO_BOB,)) -> bytes:
    return seal(payload, header_fields=FIELDS, sender=ALICE, recipients=list(recipients),
                chunk_size=chunk_size)


def open_as(data: bytes, keys: DeviceKeys = BOB, recipient_id: str = "bob-replica",
            sender: DeviceKeys = ALICE) -> bytes:
    """The import order: frame, then the sender's signature, then decryption."""
    parsed = read_header(data, max_file_bytes=LIMIT)
    verify_sender(parsed, sender.public().sign_public)
    return open_payload(parsed, recipient_id, keys, max_plaintext_bytes=LIMIT)


def layout(data: bytes) -> tuple[int, int]:
    """(where the signature starts, where the ciphertext starts)."""
    header_len = struct.unpack_from(">I", data, 10)[0]
    return 14 + header_len, 14 + header_len + 64


def frame(header: bytes | dict, ciphertext: bytes = b"", version: int = 1,
          signer: DeviceKeys | None = None) -> bytes:
    """A file built by hand (the signature is zeros unless a signer is given)."""
    header_bytes = header if isinstance(header, bytes) else canonical.dumps(header)
    signed = b"SENDSYNC" + struct.pack(">HI", version, len(header_bytes)) + header_bytes
    signature = signer.sign(signed) if signer else bytes(64)
    return signed + signature + ciphertext


def resign(data: bytes, ciphertext: bytes, **payload_changes: object) -> bytes:
    """The file as a sender would sign it with other ciphertext and declared sizes.

    Models a buggy or hostile *sender*: the header and its signature are valid, so only
    the STREAM layer (counters, last flag, associated data) can catch the damage.
    """
    header = json.loads(read_header(data, max_file_bytes=LIMIT).header_bytes)
    header["payload"].update(payload_changes,
                             ciphertext_sha256=hashlib.sha256(ciphertext).hexdigest())
    return frame(header, ciphertext, signer=ALICE)


def flip(data: bytes, position: int, mask: int = 0x01) -> bytes:
    return data[:position] + bytes([data[position] ^ mask]) + data[position + 1:]


def expected_checks(data: bytes, position: int) -> set[str]:
    signature_at, body_at = layout(data)
    if position < 8:
        return {"format"}  # magic
    if position < 10:
        return {"version"}
    if position < 14:
        return {"format", "size"}  # header length
    if position < signature_at:
        return {"format", "size", "signature"}  # header: unreadable, or readable but unsigned
    if position < body_at:
        return {"signature"}
    return {"decrypt"}


# --- round trips -----------------------------------------------------------------------

@pytest.mark.parametrize("size", [0, 1, 65536, 65537, 10 * 65536 + 5, 5 * 1024 * 1024])
def test_round_trip(size: int) -> None:
    payload = os.urandom(size)
    data = sealed(payload)
    assert open_as(data) == payload
    header = read_header(data, max_file_bytes=LIMIT).header
    assert header["payload"]["chunk_count"] == max(1, -(-size // 65536))
    assert header["payload"]["plaintext_len"] == size
    assert {k: header[k] for k in FIELDS} == FIELDS


def test_each_of_two_recipients_can_open_it_and_no_one_else() -> None:
    data = sealed(b"case notes", recipients=(TO_BOB, TO_CAROL))
    assert open_as(data) == b"case notes"
    assert open_as(data, CAROL, "carol-replica") == b"case notes"
    parsed = read_header(data, max_file_bytes=LIMIT)
    assert parsed.recipient_ids == ("bob-replica", "carol-replica")
    with pytest.raises(EnvelopeError) as caught:
        open_payload(parsed, "dave-replica", DeviceKeys.generate(), max_plaintext_bytes=LIMIT)
    assert caught.value.check == "recipient"
    assert caught.value.recipient_ids == ("bob-replica", "carol-replica")
    assert "addressed to bob-replica, carol-replica, not to you" in caught.value.message


def test_a_recipient_id_with_the_wrong_keys_cannot_decrypt() -> None:
    with pytest.raises(EnvelopeError) as caught:
        open_as(sealed(b"case notes"), keys=CAROL)
    assert caught.value.check == "decrypt"


def test_every_file_gets_a_fresh_key_and_nonce() -> None:
    first, second = sealed(b"same"), sealed(b"same")
    headers = [read_header(d, max_file_bytes=LIMIT) for d in (first, second)]
    assert headers[0].payload.nonce_prefix != headers[1].payload.nonce_prefix
    assert headers[0].recipients[0].wrapped_key != headers[1].recipients[0].wrapped_key
    assert headers[0].ciphertext != headers[1].ciphertext


def test_seal_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="recipients"):
        seal(b"", header_fields={"recipients": []}, sender=ALICE, recipients=[TO_BOB])
    with pytest.raises(ValueError, match="at least one"):
        seal(b"", header_fields={}, sender=ALICE, recipients=[])
    with pytest.raises(ValueError, match="unique"):
        seal(b"", header_fields={}, sender=ALICE, recipients=[TO_BOB, TO_BOB])
    with pytest.raises(ValueError, match="chunk_size"):
        seal(b"", header_fields={}, sender=ALICE, recipients=[TO_BOB], chunk_size=0)
    with pytest.raises(ValueError, match="32 bytes"):
        seal(b"", header_fields={}, sender=ALICE, recipients=[Recipient("x", b"short")])
    with pytest.raises(canonical.CanonicalError):
        seal(b"", header_fields={"raw": b"bytes"}, sender=ALICE, recipients=[TO_BOB])


def test_wrong_sender_key_fails_signature() -> None:
    with pytest.raises(EnvelopeError) as caught:
        open_as(sealed(b"case notes"), sender=CAROL)
    assert caught.value.check == "signature"
    assert "signature does not match" in caught.value.message


# --- damage ------------------------------------------------------------------------------

SMALL = sealed(b"x" * 40, chunk_size=16, recipients=(TO_BOB, TO_CAROL))  # 3 chunks
LARGE = sealed(os.urandom(5 * 1024 + 100), chunk_size=1024)  # 6 chunks


def assert_refused(data: bytes, checks: set[str]) -> None:
    with pytest.raises(EnvelopeError) as caught:
        open_as(data)
    assert caught.value.check in checks, (caught.value.check, caught.value.message)


def test_flipping_any_single_byte_of_a_small_file_is_refused_at_the_right_step() -> None:
    assert open_as(SMALL) == b"x" * 40
    for position in range(len(SMALL)):
        for mask in (0x01, 0x80, 0xFF):
            assert_refused(flip(SMALL, position, mask), expected_checks(SMALL, position))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_flipping_a_random_byte_of_a_larger_file_is_refused(data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(LARGE) - 1))
    mask = data.draw(st.integers(1, 255))
    assert_refused(flip(LARGE, position, mask), expected_checks(LARGE, position))


def test_flipping_each_region_of_a_larger_file_is_refused() -> None:
    signature_at, body_at = layout(LARGE)
    wrapped = read_header(LARGE, max_file_bytes=LIMIT).header["recipients"][0]["wrapped_key"]
    wrapped_at = LARGE.index(wrapped.encode())
    positions = {
        "format": [0, 7], "version": [8, 9], "header length": [10, 13],
        "header": [14, 20, signature_at - 2], "wrapped key": [wrapped_at + 5, wrapped_at + 30],
        "signature": [signature_at, signature_at + 31, body_at - 1],
        "chunks": [body_at + i * (1024 + 16) + offset for i in range(6) for offset in (0, 60)]
        + [len(LARGE) - 1],
    }
    for region, places in positions.items():
        for position in places:
            with pytest.raises(EnvelopeError) as caught:
                open_as(flip(LARGE, position))
            assert caught.value.check in expected_checks(LARGE, position), region


def test_truncation_at_every_offset_of_a_small_file_is_refused() -> None:
    for length in range(len(SMALL)):
        assert_refused(SMALL[:length], {"format"})
    assert_refused(SMALL + b"\x00", {"format"})


def test_truncation_at_chunk_boundaries_of_a_larger_file_is_refused() -> None:
    _, body_at = layout(LARGE)
    for chunk in range(7):
        boundary = body_at + chunk * (1024 + 16)
        for length in (boundary - 1, boundary, boundary + 1):
            if length < len(LARGE):
                assert_refused(LARGE[:length], {"format"})


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_truncation_at_random_offsets_is_refused(data: st.DataObject) -> None:
    assert_refused(LARGE[:data.draw(st.integers(0, len(LARGE) - 1))], {"format"})


def chunks_of(data: bytes, chunk_size: int) -> list[bytes]:
    ciphertext = data[layout(data)[1]:]
    step = chunk_size + 16
    return [ciphertext[i:i + step] for i in range(0, len(ciphertext), step)]


def test_swapping_two_chunks_fails_even_when_the_sender_signs_the_result() -> None:
    chunks = chunks_of(LARGE, 1024)
    swapped = b"".join([chunks[1], chunks[0], *chunks[2:]])
    body_at = layout(LARGE)[1]
    with pytest.raises(EnvelopeError, match="do not match its header") as caught:
        open_as(LARGE[:body_at] + swapped)  # the signed hash no longer matches
    assert caught.value.check == "decrypt"
    with pytest.raises(EnvelopeError, match="part 1 of its contents") as caught:
        open_as(resign(LARGE, swapped))  # STREAM counters catch it
    assert caught.value.check == "decrypt"


@pytest.mark.parametrize("flag", [False, True])
def test_the_reader_insists_the_last_chunk_and_only_it_is_flagged_last(
        monkeypatch: pytest.MonkeyPatch, flag: bool) -> None:
    honest = envelope._nonce
    monkeypatch.setattr(envelope, "_nonce", lambda prefix, counter, _last: honest(
        prefix, counter, flag))
    data = sealed(b"abc" * 100, chunk_size=64)
    monkeypatch.undo()
    assert_refused(data, {"decrypt"})


def test_a_stream_cut_or_extended_by_whole_chunks_fails_even_when_signed() -> None:
    chunks = chunks_of(LARGE, 1024)
    whole = 5 * 1024
    assert_refused(resign(LARGE, b"".join(chunks[:5]), plaintext_len=whole, chunk_count=5),
                   {"decrypt"})
    extended = b"".join([*chunks, chunks[0]])
    assert_refused(resign(LARGE, extended, plaintext_len=whole + 100 + 1024, chunk_count=7),
                   {"decrypt"})


def test_a_chunk_from_another_file_fails_even_when_signed() -> None:
    other = sealed(os.urandom(5 * 1024 + 100), chunk_size=1024)
    chunks = chunks_of(LARGE, 1024)
    mixed = b"".join([*chunks[:2], chunks_of(other, 1024)[2], *chunks[3:]])
    assert_refused(resign(LARGE, mixed), {"decrypt"})


# --- hostile frames ------------------------------------------------------------------------

def read(data: bytes, **limits: int) -> SealedFile:
    return read_header(data, max_file_bytes=limits.pop("max_file_bytes", LIMIT), **limits)


def refused_check(data: bytes, **limits: int) -> str:
    with pytest.raises(EnvelopeError) as caught:
        read(data, **limits)
    return caught.value.check


def test_oversized_file_and_header_are_refused_before_parsing() -> None:
    assert refused_check(SMALL, max_file_bytes=len(SMALL) - 1) == "size"
    assert refused_check(SMALL, max_header_bytes=100) == "size"
    garbage = b"SENDSYNC" + struct.pack(">HI", 1, 0xFFFFFFFF) + b"\xff" * 100
    assert refused_check(garbage) == "size"
    parsed = read(SMALL)
    with pytest.raises(EnvelopeError) as caught:
        open_payload(parsed, "bob-replica", BOB, max_plaintext_bytes=39)
    assert caught.value.check == "size"


def payload_fields(**changes: object) -> dict:
    header = json.loads(read(SMALL).header_bytes)
    header["payload"].update(changes)
    return header


@pytest.mark.parametrize(("data", "check"), [
    (b"PK\x03\x04" + bytes(100), "format"),
    (b"SENDSYN", "format"),
    (frame({"a": 1}, version=2), "version"),
    (frame({"a": 1}, version=0), "version"),
    (frame(b"{not json"), "format"),
    (frame(b'{"a":1,"a":2}'), "format"),
    (frame(b'{"a": 1}'), "format"),  # not canonical
    (frame(b"\xff\xfe"), "format"),
    (frame(b"[" * 40 + b"]" * 40), "format"),
    (frame(b"[]"), "format"),
    (frame(b""), "format"),
    (frame({"payload": {}}), "format"),
])
def test_malformed_frames_are_refused(data: bytes, check: str) -> None:
    assert refused_check(data) == check


def test_a_signed_but_not_canonical_header_is_refused() -> None:
    header = json.loads(read(SMALL).header_bytes)
    spaced = json.dumps(header, sort_keys=True).encode()
    assert refused_check(frame(spaced, read(SMALL).ciphertext, signer=ALICE)) == "format"


def test_newer_format_says_to_update() -> None:
    with pytest.raises(EnvelopeError, match="newer version of Caseworker"):
        read(frame({"a": 1}, version=2))


def recipient_fields(**changes: object) -> dict:
    header = json.loads(read(SMALL).header_bytes)
    header["recipients"][0].update(changes)
    return header


@pytest.mark.parametrize("header", [
    recipient_fields(eph_pub="not base64!"),
    recipient_fields(eph_pub=canonical.b64(bytes(31))),
    recipient_fields(wrapped_key=canonical.b64(bytes(32))),
    recipient_fields(recipient_id=""),
    recipient_fields(recipient_id=7),
    recipient_fields(recipient_id="carol-replica"),  # listed twice
    recipient_fields(extra="x"),
    {**recipient_fields(), "recipients": []},
    payload_fields(plaintext_len=41),
    payload_fields(chunk_count=2),
    payload_fields(chunk_size=0),
    payload_fields(chunk_size=True),
    payload_fields(plaintext_len=-1),
    payload_fields(plaintext_len=40.0),
    payload_fields(nonce_prefix=canonical.b64(bytes(8))),
    payload_fields(ciphertext_sha256="AB" * 32),
    payload_fields(extra=1),
])
def test_bad_header_fields_are_refused_as_format(header: dict) -> None:
    assert refused_check(frame(header, read(SMALL).ciphertext)) == "format"


@pytest.mark.parametrize("declared", [2**62, LIMIT + 1, 10**400])
def test_absurd_declared_sizes_are_refused_without_allocating(declared: int) -> None:
    header = payload_fields(plaintext_len=declared, chunk_count=1)
    assert refused_check(frame(header, read(SMALL).ciphertext)) in {"size", "format"}
    huge_chunks = payload_fields(chunk_count=declared)
    assert refused_check(frame(huge_chunks, read(SMALL).ciphertext)) == "format"
