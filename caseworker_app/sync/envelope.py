"""The sync file envelope: signed, encrypted to each recipient, and refused whole if damaged.

Layout (sync.md §5.5)::

    b"SENDSYNC" | u16 format version | u32 header length | header (canonical JSON)
    | 64-byte Ed25519 signature over everything before it | payload ciphertext (STREAM)

The header is signed, so its recipient list, the sender it names and the ciphertext's
SHA-256 are authenticated before anything is decrypted; a file cannot be re-addressed to
someone else (surreptitious forwarding) without the sender's key.

The payload is encrypted once under a fresh random 32-byte file key (age: a file key must
never be reused). Each recipient gets the file key wrapped as age's X25519 stanza does: an
ephemeral X25519 key, ECDH with the recipient's key, HKDF-SHA256 to a one-use wrap key, and
ChaCha20Poly1305 (a zero nonce is safe because each wrap key encrypts exactly one message).

The payload is cut into chunks encrypted with STREAM (Hoang, Reyhanitabar, Rogaway, Vizár
2015): nonce = 7-byte random prefix || u32 chunk counter || last-chunk flag, so a stream that
is cut short, reordered or extended fails to decrypt rather than importing in part. Every
chunk's associated data is the SHA-256 of the header *without* its `ciphertext_sha256` (the
hash of the ciphertext cannot be inside what the ciphertext depends on), which binds the
chunks to this header's recipients, sender and declared lengths.

Import order (sync.md §5.6): `read_header` (frame and limits only, no cryptography), then
the caller finds the sender in the roster and calls `verify_sender`, then `open_payload`.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from caseworker_app.errors import CaseworkerError
from caseworker_app.sync import canonical
from caseworker_app.sync.keys import KEY_BYTES, SIGNATURE_BYTES, DeviceKeys, verify, x25519_public

MAGIC = b"SENDSYNC"
FORMAT_VERSION = 1
_PREFIX = struct.Struct(">8sHI")  # magic, format version, header length
PREFIX_BYTES = _PREFIX.size
DEFAULT_CHUNK = 65536
MAX_CHUNK = 1 << 24
MAX_HEADER = 1 << 20
MAX_RECIPIENTS = 1000
MAX_RECIPIENT_ID = 200
TAG_BYTES = 16
NONCE_PREFIX_BYTES = 7
WRAP_INFO = b"caseworker sync v1 file key"
_ZERO_NONCE = bytes(12)
_RESERVED = ("recipients", "payload")
_PAYLOAD_KEYS = {"nonce_prefix", "chunk_size", "plaintext_len", "chunk_count",
                 "ciphertext_sha256"}
_RECIPIENT_KEYS = {"recipient_id", "eph_pub", "wrapped_key"}
CHECKS = ("size", "format", "version", "recipient", "signature", "decrypt")

_DAMAGED = "This file has been altered or damaged after it was made"


class EnvelopeError(CaseworkerError):
    """A sync file was refused; `check` names the step that failed (one of `CHECKS`).

    `message` is a sentence for an officer. For "recipient" errors `recipient_ids` lists
    whom the file is addressed to, so the caller can name them from the roster.
    """

    def __init__(self, check: str, message: str, *,
                 recipient_ids: tuple[str, ...] = ()) -> None:
        if check not in CHECKS:
            raise ValueError(f"unknown envelope check {check!r}")
        self.check = check
        self.message = message
        self.recipient_ids = recipient_ids
        super().__init__(message)


@dataclass(frozen=True)
class Recipient:
    """Someone a file is for: an id the caller chooses (the replica id) and their X25519 key."""

    recipient_id: str
    enc_public: bytes


@dataclass(frozen=True)
class WrappedKey:
    """One recipient's entry in a header: the file key wrapped for them."""

    recipient_id: str
    eph_pub: bytes
    wrapped_key: bytes


@dataclass(frozen=True)
class PayloadSpec:
    """What the header declares about the ciphertext, already checked for consistency."""

    nonce_prefix: bytes
    chunk_size: int
    plaintext_len: int
    chunk_count: int
    ciphertext_sha256: str


@dataclass(frozen=True)
class SealedFile:
    """A sync file whose frame has been checked, but not yet its signature or contents.

    `header` is the parsed header (treat it as read-only); the caller reads its own fields
    (file_id, team_id, sender...) from it.
    """

    header: dict[str, Any]
    header_bytes: bytes
    signature: bytes
    ciphertext: bytes
    recipients: tuple[WrappedKey, ...]
    payload: PayloadSpec

    @property
    def signed_bytes(self) -> bytes:
        """Magic, version, header length and header: what the signature covers."""
        return _PREFIX.pack(MAGIC, FORMAT_VERSION, len(self.header_bytes)) + self.header_bytes

    @property
    def recipient_ids(self) -> tuple[str, ...]:
        """Whom the file is addressed to, in header order."""
        return tuple(entry.recipient_id for entry in self.recipients)


def seal(payload: bytes, *, header_fields: Mapping[str, Any], sender: DeviceKeys,
         recipients: Sequence[Recipient], chunk_size: int = DEFAULT_CHUNK) -> bytes:
    """Encrypt `payload` to every recipient and sign the whole header with `sender`'s key.

    `header_fields` is the caller's part of the header (file_id, team_id, schema_version,
    sender, export_seq, hlc, since/acks...): any canonical JSON object without the keys
    "recipients" and "payload", which are the envelope's. ValueError for bad arguments.
    """
    _check_seal_arguments(header_fields, recipients, chunk_size)
    file_key = ChaCha20Poly1305.generate_key()
    spec_fields = {
        "nonce_prefix": canonical.b64(os.urandom(NONCE_PREFIX_BYTES)),
        "chunk_size": chunk_size,
        "plaintext_len": len(payload),
        "chunk_count": _chunk_count(len(payload), chunk_size),
    }
    header: dict[str, Any] = dict(header_fields)
    header["recipients"] = [_wrap(file_key, r) for r in recipients]
    header["payload"] = spec_fields
    associated = _associated_data(header)
    ciphertext = b"".join(_encrypt_chunks(payload, file_key, _spec(spec_fields), associated))
    spec_fields["ciphertext_sha256"] = hashlib.sha256(ciphertext).hexdigest()
    header_bytes = canonical.dumps(header)
    if len(header_bytes) > MAX_HEADER:
        raise ValueError(f"the header is {len(header_bytes)} bytes, over {MAX_HEADER}")
    signed = _PREFIX.pack(MAGIC, FORMAT_VERSION, len(header_bytes)) + header_bytes
    return b"".join((signed, sender.sign(signed), ciphertext))


def _check_seal_arguments(header_fields: Mapping[str, Any], recipients: Sequence[Recipient],
                          chunk_size: int) -> None:
    reserved = [key for key in _RESERVED if key in header_fields]
    if reserved:
        raise ValueError(f"header_fields may not contain {reserved}")
    if not recipients:
        raise ValueError("a file needs at least one recipient")
    if len(recipients) > MAX_RECIPIENTS:
        raise ValueError(f"more than {MAX_RECIPIENTS} recipients")
    ids = [r.recipient_id for r in recipients]
    if len(set(ids)) != len(ids):
        raise ValueError("recipient ids must be unique")
    for r in recipients:
        if not isinstance(r.recipient_id, str) or not 0 < len(r.recipient_id) <= MAX_RECIPIENT_ID:
            raise ValueError(f"bad recipient id {r.recipient_id!r}")
        if not isinstance(r.enc_public, bytes) or len(r.enc_public) != KEY_BYTES:
            raise ValueError(f"recipient {r.recipient_id}'s key must be {KEY_BYTES} bytes")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) \
            or not 0 < chunk_size <= MAX_CHUNK:
        raise ValueError(f"chunk_size must be between 1 and {MAX_CHUNK}")


def _wrap(file_key: bytes, recipient: Recipient) -> dict[str, str]:
    """Wrap the file key for one recipient with a fresh ephemeral X25519 key."""
    ephemeral = X25519PrivateKey.generate()
    eph_pub = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(x25519_public(recipient.enc_public))  # ValueError: low order
    wrap_key = _wrap_key(shared, eph_pub, recipient.enc_public)
    wrapped = ChaCha20Poly1305(wrap_key).encrypt(_ZERO_NONCE, file_key, None)
    return {"recipient_id": recipient.recipient_id, "eph_pub": canonical.b64(eph_pub),
            "wrapped_key": canonical.b64(wrapped)}


def _wrap_key(shared: bytes, eph_pub: bytes, recipient_pub: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_pub + recipient_pub,
                info=WRAP_INFO).derive(shared)


def _chunk_count(plaintext_len: int, chunk_size: int) -> int:
    """Chunks in the stream: always at least one, so an empty payload still has a last chunk."""
    return max(1, -(-plaintext_len // chunk_size))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _associated_data(header: dict[str, Any]) -> bytes:
    """SHA-256 of the header without `payload.ciphertext_sha256`, which depends on this."""
    payload = {k: v for k, v in header["payload"].items() if k != "ciphertext_sha256"}
    return hashlib.sha256(canonical.dumps({**header, "payload": payload})).digest()


def _encrypt_chunks(payload: bytes, file_key: bytes, spec: PayloadSpec,
                    associated: bytes) -> Iterator[bytes]:
    aead = ChaCha20Poly1305(file_key)
    size = spec.chunk_size
    for counter in range(spec.chunk_count):
        chunk = payload[counter * size:(counter + 1) * size]
        last = counter == spec.chunk_count - 1
        yield aead.encrypt(_nonce(spec.nonce_prefix, counter, last), chunk, associated)


def _spec(fields: Mapping[str, Any]) -> PayloadSpec:
    return PayloadSpec(canonical.unb64(fields["nonce_prefix"], max_len=NONCE_PREFIX_BYTES),
                       fields["chunk_size"], fields["plaintext_len"], fields["chunk_count"],
                       fields.get("ciphertext_sha256", ""))


def read_header(data: bytes, *, max_file_bytes: int,
                max_header_bytes: int = MAX_HEADER) -> SealedFile:
    """Check a file's frame, limits and header, with no cryptography; `EnvelopeError` if bad.

    Sizes are checked before anything is parsed, and no declared size is ever used to
    allocate, so a hostile file costs at most one pass over its real bytes.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("data must be bytes")
    data = bytes(data)
    if len(data) > max_file_bytes:
        raise EnvelopeError("size", f"This file is {_megabytes(len(data))}, larger than the "
                                    f"{_megabytes(max_file_bytes)} a sync file may be.")
    if len(data) < PREFIX_BYTES:
        raise EnvelopeError("format", "This is not a Caseworker sync file (it is too short).")
    magic, version, header_len = _PREFIX.unpack_from(data)
    if magic != MAGIC:
        raise EnvelopeError("format", "This is not a Caseworker sync file.")
    if version != FORMAT_VERSION:
        raise EnvelopeError("version", _version_message(version))
    if header_len > max_header_bytes:
        raise EnvelopeError("size", "This file's header is larger than a sync file's may be.")
    if header_len == 0 or PREFIX_BYTES + header_len + SIGNATURE_BYTES > len(data):
        raise EnvelopeError("format", f"{_DAMAGED} (it is cut short).")
    header_bytes = data[PREFIX_BYTES:PREFIX_BYTES + header_len]
    header = _parse_header(header_bytes)
    recipients = _parse_recipients(header.get("recipients"))
    payload = _parse_payload(header.get("payload"), max_file_bytes)
    body_start = PREFIX_BYTES + header_len + SIGNATURE_BYTES
    ciphertext = data[body_start:]
    if len(ciphertext) != payload.plaintext_len + TAG_BYTES * payload.chunk_count:
        raise EnvelopeError("format", f"{_DAMAGED} (its length does not match its header).")
    return SealedFile(header, header_bytes, data[body_start - SIGNATURE_BYTES:body_start],
                      ciphertext, recipients, payload)


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:,.1f} MB"


def _version_message(version: int) -> str:
    if version > FORMAT_VERSION:
        return (f"This file was made by a newer version of Caseworker (file format {version}). "
                "Update Caseworker on this computer, then import it again.")
    return f"This file uses a file format ({version}) this version of Caseworker cannot read."


def _format_error(problem: str) -> EnvelopeError:
    return EnvelopeError("format", f"{_DAMAGED}, or was not made by Caseworker ({problem})")


def _parse_header(header_bytes: bytes) -> dict[str, Any]:
    try:
        header = canonical.loads(header_bytes)
    except canonical.CanonicalError as exc:
        raise _format_error(f"its header cannot be read: {exc}") from exc
    if not isinstance(header, dict):
        raise _format_error("its header is not a JSON object")
    if canonical.dumps(header) != header_bytes:  # one byte form only: no malleability
        raise _format_error("its header is not in canonical form")
    return header


def _parse_recipients(entries: Any) -> tuple[WrappedKey, ...]:
    if not isinstance(entries, list) or not 0 < len(entries) <= MAX_RECIPIENTS:
        raise _format_error("its recipient list is missing or the wrong size")
    result = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != _RECIPIENT_KEYS:
            raise _format_error("a recipient entry has the wrong fields")
        rid = entry["recipient_id"]
        if not isinstance(rid, str) or not 0 < len(rid) <= MAX_RECIPIENT_ID:
            raise _format_error("a recipient id is not valid")
        try:
            eph_pub = canonical.unb64(entry["eph_pub"], max_len=KEY_BYTES, what="ephemeral key")
            wrapped = canonical.unb64(entry["wrapped_key"], max_len=KEY_BYTES + TAG_BYTES,
                                      what="wrapped key")
        except canonical.CanonicalError as exc:
            raise _format_error(str(exc)) from exc
        if len(eph_pub) != KEY_BYTES or len(wrapped) != KEY_BYTES + TAG_BYTES:
            raise _format_error("a recipient's key is the wrong length")
        result.append(WrappedKey(rid, eph_pub, wrapped))
    if len({entry.recipient_id for entry in result}) != len(result):
        raise _format_error("a recipient is listed twice")
    return tuple(result)


def _parse_payload(fields: Any, max_file_bytes: int) -> PayloadSpec:
    if not isinstance(fields, dict) or set(fields) != _PAYLOAD_KEYS:
        raise _format_error("its payload description has the wrong fields")
    numbers = [fields[k] for k in ("chunk_size", "plaintext_len", "chunk_count")]
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in numbers):
        raise _format_error("a payload size is not a whole number")
    chunk_size, plaintext_len, chunk_count = numbers
    if not 0 < chunk_size <= MAX_CHUNK:
        raise _format_error("its chunk size is out of range")
    if plaintext_len > max_file_bytes:
        raise EnvelopeError("size", f"{_DAMAGED}: it declares more content than a sync file "
                                    "may hold.")
    if chunk_count != _chunk_count(plaintext_len, chunk_size):
        raise _format_error("its chunk count does not match its length")
    digest = fields["ciphertext_sha256"]
    if not isinstance(digest, str) or len(digest) != 64 \
            or digest.strip("0123456789abcdef") != "":
        raise _format_error("its content hash is not a SHA-256")
    try:
        prefix = canonical.unb64(fields["nonce_prefix"], max_len=NONCE_PREFIX_BYTES,
                                 what="nonce prefix")
    except canonical.CanonicalError as exc:
        raise _format_error(str(exc)) from exc
    if len(prefix) != NONCE_PREFIX_BYTES:
        raise _format_error("its nonce prefix is the wrong length")
    return PayloadSpec(prefix, chunk_size, plaintext_len, chunk_count, digest)


def verify_sender(sealed: SealedFile, sign_public: bytes) -> None:
    """Check the header's signature under the sender's key (from the roster); EnvelopeError."""
    if not verify(sign_public, sealed.signature, sealed.signed_bytes):
        raise EnvelopeError("signature", f"{_DAMAGED}, or was not made by the person it "
                                         "names (its signature does not match).")


def open_payload(sealed: SealedFile, recipient_id: str, keys: DeviceKeys, *,
                 max_plaintext_bytes: int) -> bytes:
    """Decrypt the payload for `recipient_id` with this device's keys; `EnvelopeError` if not.

    Call `verify_sender` first: only then is the header (and so the ciphertext hash checked
    here) known to be the sender's. Nothing is returned unless every chunk decrypts in order,
    the last one is flagged last, and the total length is the declared one.
    """
    if sealed.payload.plaintext_len > max_plaintext_bytes:
        size = _megabytes(sealed.payload.plaintext_len)
        raise EnvelopeError("size", f"This file's contents are {size}, more than the "
                                    f"{_megabytes(max_plaintext_bytes)} allowed.")
    entry = next((e for e in sealed.recipients if e.recipient_id == recipient_id), None)
    if entry is None:
        raise EnvelopeError("recipient", "This file is addressed to "
                            f"{', '.join(sealed.recipient_ids)}, not to you.",
                            recipient_ids=sealed.recipient_ids)
    if hashlib.sha256(sealed.ciphertext).hexdigest() != sealed.payload.ciphertext_sha256:
        raise EnvelopeError("decrypt", f"{_DAMAGED} (its contents do not match its header).")
    file_key = _unwrap(entry, keys)
    plaintext = _decrypt_chunks(sealed, file_key)
    if len(plaintext) != sealed.payload.plaintext_len:
        raise EnvelopeError("decrypt", f"{_DAMAGED} (its contents are the wrong length).")
    return plaintext


def _unwrap(entry: WrappedKey, keys: DeviceKeys) -> bytes:
    own_pub = keys.public().enc_public
    try:
        shared = keys.enc_private.exchange(x25519_public(entry.eph_pub))
        wrap_key = _wrap_key(shared, entry.eph_pub, own_pub)
        return ChaCha20Poly1305(wrap_key).decrypt(_ZERO_NONCE, entry.wrapped_key, None)
    except (InvalidTag, ValueError) as exc:
        raise EnvelopeError(
            "decrypt", "This file is addressed to this computer but cannot be opened with its "
            "key: it is damaged, or it was made for keys this computer no longer has.") from exc


def _decrypt_chunks(sealed: SealedFile, file_key: bytes) -> bytes:
    spec = sealed.payload
    aead = ChaCha20Poly1305(file_key)
    associated = _associated_data(sealed.header)
    parts = []
    offset = 0
    for counter in range(spec.chunk_count):
        last = counter == spec.chunk_count - 1
        plain_len = min(spec.chunk_size, spec.plaintext_len - counter * spec.chunk_size)
        chunk = sealed.ciphertext[offset:offset + plain_len + TAG_BYTES]
        offset += len(chunk)
        try:
            parts.append(aead.decrypt(_nonce(spec.nonce_prefix, counter, last), chunk,
                                      associated))
        except InvalidTag as exc:
            raise EnvelopeError("decrypt", f"{_DAMAGED} (part {counter + 1} of its contents "
                                           "does not decrypt).") from exc
    if offset != len(sealed.ciphertext):
        raise EnvelopeError("decrypt", f"{_DAMAGED} (it has extra content at the end).")
    return b"".join(parts)
