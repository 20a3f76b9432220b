"""This computer's sync keys: Ed25519 to sign what it sends, X25519 for others to encrypt to.

Each installation has its own pair (sync.md §5.1), so a file proves which device made it
and a leaver's laptop can be revoked without re-keying the team. The private keys live in
one unencrypted PEM file in the app's data folder, readable by its owner only; the laptop's
disk encryption and login protect it, as they protect the database itself.

The key file *is* the person's sync identity: a lost or replaced file means a new identity
that the lead officer must enrol again. So a damaged key file is reported and left exactly
as it is, never silently replaced with new keys.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from caseworker_app.errors import CaseworkerError
from caseworker_app.sync.canonical import CanonicalError, b64, unb64

KEY_BYTES = 32
SIGNATURE_BYTES = 64
KEY_FILE_NAME = "device-keys.pem"

_PEM_BLOCK = re.compile(
    rb"-----BEGIN PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]*?-----END PRIVATE KEY-----")
_KEY_FILE_NOTE = (
    b"Caseworker sync keys for this computer: the first signs, the second decrypts.\n"
    b"Keep this file private. Do not copy it to another computer; enrol that one instead.\n")


@dataclass(frozen=True)
class PublicIdentity:
    """The public half of a device's keys: what the roster lists and other devices use."""

    sign_public: bytes  # Ed25519, 32 raw bytes
    enc_public: bytes  # X25519, 32 raw bytes

    def __post_init__(self) -> None:
        for name in ("sign_public", "enc_public"):
            value = getattr(self, name)
            if not isinstance(value, bytes) or len(value) != KEY_BYTES:
                raise ValueError(f"{name} must be {KEY_BYTES} bytes")

    @property
    def fingerprint(self) -> str:
        """40 digits in 8 groups of 5, for two people to compare by reading them aloud.

        The first 20 bytes of SHA-256(sign_public || enc_public), as a number taken modulo
        10**40 (the bias is negligible: 2**160 is 10**8 times larger): about 133 bits, far
        more than anyone could match by generating keys. Digits, because they read the same
        over the phone in any accent, with no B/D/P or 0/O confusion.
        """
        digest = hashlib.sha256(self.sign_public + self.enc_public).digest()
        digits = f"{int.from_bytes(digest[:20], 'big') % 10**40:040d}"
        return " ".join(digits[i:i + 5] for i in range(0, 40, 5))

    def to_json(self) -> dict[str, str]:
        """The identity as JSON-ready data (base64 keys)."""
        return {"sign_public": b64(self.sign_public), "enc_public": b64(self.enc_public)}

    @classmethod
    def from_json(cls, data: Any) -> PublicIdentity:
        """Read `to_json`'s form from untrusted data; `CanonicalError` if it is not exactly that."""
        if not isinstance(data, dict) or set(data) != {"sign_public", "enc_public"}:
            raise CanonicalError("A public identity must have exactly a signing and an "
                                 "encryption key.")
        keys = [unb64(data[name], max_len=KEY_BYTES, what=name.replace("_", " ") + " key")
                for name in ("sign_public", "enc_public")]
        if any(len(key) != KEY_BYTES for key in keys):
            raise CanonicalError(f"A public key is not {KEY_BYTES} bytes long.")
        return cls(keys[0], keys[1])


@dataclass(frozen=True, eq=False, repr=False)
class DeviceKeys:
    """This device's two private keys. Never written anywhere but the `KeyStore` file."""

    sign_private: Ed25519PrivateKey
    enc_private: X25519PrivateKey

    @classmethod
    def generate(cls) -> DeviceKeys:
        """Fresh keys from the operating system's random source."""
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    def public(self) -> PublicIdentity:
        """The public halves, as the roster and other devices see them."""
        raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
        return PublicIdentity(self.sign_private.public_key().public_bytes(*raw),
                              self.enc_private.public_key().public_bytes(*raw))

    def sign(self, data: bytes) -> bytes:
        """A 64-byte Ed25519 signature over `data`."""
        return self.sign_private.sign(data)

    def to_pem(self) -> bytes:
        """Both private keys as PKCS8 PEM, signing key first, after a short note to a reader."""
        blocks = [key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
                  for key in (self.sign_private, self.enc_private)]
        return _KEY_FILE_NOTE + b"".join(blocks)

    @classmethod
    def from_pem(cls, data: bytes) -> DeviceKeys:
        """Read `to_pem`'s form; ValueError saying what is wrong."""
        blocks = _PEM_BLOCK.findall(data)
        if len(blocks) != 2:
            raise ValueError(f"it should hold 2 private keys but holds {len(blocks)}")
        try:
            keys = [serialization.load_pem_private_key(block, password=None)
                    for block in blocks]
        except (ValueError, TypeError) as exc:
            raise ValueError(f"a key in it cannot be read ({exc})") from exc
        sign = [k for k in keys if isinstance(k, Ed25519PrivateKey)]
        enc = [k for k in keys if isinstance(k, X25519PrivateKey)]
        if len(sign) != 1 or len(enc) != 1:
            raise ValueError("it should hold one Ed25519 and one X25519 key")
        return cls(sign[0], enc[0])

    def __repr__(self) -> str:
        return f"DeviceKeys(fingerprint={self.public().fingerprint!r})"


def verify(sign_public: bytes, signature: bytes, data: bytes) -> bool:
    """True when `signature` is `sign_public`'s Ed25519 signature of `data`; never raises."""
    if not (isinstance(sign_public, bytes) and len(sign_public) == KEY_BYTES
            and isinstance(signature, bytes) and len(signature) == SIGNATURE_BYTES
            and isinstance(data, bytes | bytearray | memoryview)):
        return False
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(signature, bytes(data))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def x25519_public(raw: bytes) -> X25519PublicKey:
    """An X25519 public key from 32 raw bytes (ValueError otherwise)."""
    return X25519PublicKey.from_public_bytes(raw)


class KeyStoreError(CaseworkerError):
    """The key file exists but cannot be used. It has been left unchanged."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(
            f"This computer's sync keys in {path} cannot be used: {problem}. The file has "
            "been left as it is; restore it from a backup, or ask the lead officer to enrol "
            "this computer again after moving it aside.")


class KeyStore:
    """The device keys kept in `folder/device-keys.pem` (mode 0600, folder 0700 on POSIX)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / KEY_FILE_NAME

    def exists(self) -> bool:
        """Whether this computer already has keys (a file, readable or not)."""
        return self.path.exists()

    def load_or_create(self) -> DeviceKeys:
        """The keys in the file, or new ones written to it when there is no file yet.

        A file that exists but cannot be read raises `KeyStoreError` and is never replaced:
        new keys would silently give the person a new identity the team does not know.
        """
        if self.path.exists():
            return self._load()
        keys = DeviceKeys.generate()
        if self._create(keys.to_pem()):
            return keys
        return self._load()  # another process created it first: use those keys

    def _load(self) -> DeviceKeys:
        if not self.path.is_file():
            raise KeyStoreError(self.path, "it is not a file")
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise KeyStoreError(self.path, f"it cannot be read ({exc.strerror})") from exc
        try:
            return DeviceKeys.from_pem(data)
        except ValueError as exc:
            raise KeyStoreError(self.path, str(exc)) from exc

    def _create(self, data: bytes) -> bool:
        """Write the key file atomically, only if there is none; False if one appeared meanwhile.

        The keys go to a temporary file (created 0600, so never readable by others even for
        a moment), are flushed to disk, then linked into place: a crash leaves either no key
        file or a whole one, and `os.link` refuses to overwrite one that another process made
        in the meantime. Filesystems without hard links fall back to `os.replace`.
        """
        created = not self.folder.exists()
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if created and os.name == "posix":
            os.chmod(self.folder, 0o700)  # mkdir's mode is reduced by the umask
        temp = self.folder / f".{KEY_FILE_NAME}.{secrets.token_hex(8)}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temp, self.path)
            except FileExistsError:
                return False
            except OSError:
                os.replace(temp, self.path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        _fsync_folder(self.folder)
        return True


def _fsync_folder(folder: Path) -> None:
    """Make the new directory entry durable (POSIX only; Windows cannot open a folder)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
