"""Device keys: identities, fingerprints, signatures, and a key file that is never replaced."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker_app.sync.canonical import CanonicalError
from caseworker_app.sync.keys import (
    KEY_FILE_NAME,
    DeviceKeys,
    KeyStore,
    KeyStoreError,
    PublicIdentity,
    verify,
)

KEYS = DeviceKeys.generate()
POSIX = os.name == "posix"


def test_public_identity_needs_two_32_byte_keys() -> None:
    PublicIdentity(bytes(32), bytes(32))
    for sign, enc in ((bytes(31), bytes(32)), (bytes(32), bytes(33)), ("x" * 32, bytes(32))):
        with pytest.raises(ValueError, match="32 bytes"):
            PublicIdentity(sign, enc)  # type: ignore[arg-type]


def test_fingerprint_is_eight_groups_of_five_digits_from_both_keys() -> None:
    identity = PublicIdentity(bytes(range(32)), bytes(range(32, 64)))
    # SHA-256 of 0..63 is fdeab9ac...; its first 20 bytes modulo 10**40, grouped by five.
    assert identity.fingerprint == "40199 41252 68402 68556 72836 61038 51049 61487"
    assert re.fullmatch(r"(\d{5} ){7}\d{5}", KEYS.public().fingerprint)
    swapped_enc = PublicIdentity(identity.sign_public, bytes(range(1, 33)))
    assert swapped_enc.fingerprint != identity.fingerprint


def test_identity_json_round_trip_and_strict_reading() -> None:
    identity = KEYS.public()
    assert PublicIdentity.from_json(identity.to_json()) == identity
    good = identity.to_json()
    bad_inputs = [
        {**good, "extra": "x"},
        {"sign_public": good["sign_public"]},
        {**good, "enc_public": good["enc_public"][:-4]},  # 30 bytes
        {**good, "sign_public": "A" * 44},  # 32 bytes written wrongly (no padding)
        {**good, "sign_public": 5},
        ["not", "a", "dict"],
    ]
    for data in bad_inputs:
        with pytest.raises(CanonicalError):
            PublicIdentity.from_json(data)


def test_sign_and_verify() -> None:
    signature = KEYS.sign(b"the header")
    assert len(signature) == 64
    assert verify(KEYS.public().sign_public, signature, b"the header")
    assert not verify(KEYS.public().sign_public, signature, b"the header!")
    assert not verify(DeviceKeys.generate().public().sign_public, signature, b"the header")
    flipped = bytes([signature[0] ^ 1]) + signature[1:]
    assert not verify(KEYS.public().sign_public, flipped, b"the header")


@given(key=st.one_of(st.binary(max_size=40), st.none(), st.text(max_size=40)),
       signature=st.one_of(st.binary(max_size=70), st.integers(), st.none()),
       data=st.one_of(st.binary(max_size=20), st.none(), st.text(max_size=5)))
def test_verify_never_raises_and_refuses_garbage(key: object, signature: object,
                                                 data: object) -> None:
    assert verify(key, signature, data) is False  # type: ignore[arg-type]


def test_device_keys_pem_round_trip_keeps_the_identity() -> None:
    again = DeviceKeys.from_pem(KEYS.to_pem())
    assert again.public() == KEYS.public()
    assert KEYS.public().fingerprint in repr(KEYS)
    assert b"PRIVATE KEY" not in repr(KEYS).encode()


def test_key_store_creates_private_keys_once_and_loads_them_again(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "sync"
    store = KeyStore(folder)
    assert not store.exists()
    created = store.load_or_create()
    assert store.exists()
    assert KeyStore(folder).load_or_create().public() == created.public()
    assert [p.name for p in folder.iterdir()] == [KEY_FILE_NAME]  # no temporary file left
    if POSIX:
        assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


def test_key_store_uses_keys_another_process_wrote_first(tmp_path: Path) -> None:
    store = KeyStore(tmp_path)
    first = store.load_or_create()
    before = store.path.read_bytes()
    assert store._create(DeviceKeys.generate().to_pem()) is False
    assert store.path.read_bytes() == before
    assert store.load_or_create().public() == first.public()


def _other_key_pem() -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "holds 0"),
    (b"not a key file at all", "holds 0"),
    ("half", "holds 1"),
    ("garbled", "cannot be read"),
    ("two signing keys", "one Ed25519 and one X25519"),
])
def test_a_damaged_key_file_is_reported_and_never_replaced(tmp_path: Path, content: object,
                                                          problem: str) -> None:
    pem = KEYS.to_pem()
    blocks = re.findall(rb"-----BEGIN.*?-----END PRIVATE KEY-----\n", pem, re.S)
    data = {
        "half": pem[:len(pem) * 3 // 4],
        "garbled": pem.replace(blocks[1][40:50], b"AAAAAAAAAA"),
        "two signing keys": blocks[0] + _other_key_pem(),
    }.get(content, content)
    store = KeyStore(tmp_path)
    store.path.write_bytes(data)
    with pytest.raises(KeyStoreError, match=problem) as caught:
        store.load_or_create()
    assert caught.value.path == store.path
    assert str(store.path) in str(caught.value)
    assert store.path.read_bytes() == data


def test_a_folder_where_the_key_file_should_be_is_reported(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE_NAME).mkdir()
    with pytest.raises(KeyStoreError, match="not a file"):
        KeyStore(tmp_path).load_or_create()
