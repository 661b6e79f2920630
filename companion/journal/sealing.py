"""The encrypted file format: key derivation, headers, and sealing and opening one file.

Every encrypted file is self-describing::

    header  = MAGIC (8) | format (1) | kdf id (1) | memory KiB (4) | iterations (4) | lanes (4)
              | salt length (1) | salt (16)
    file    = header | nonce (12) | AES-256-GCM ciphertext and tag of the JSON bytes

A journal file (format 2) also carries its name in the journal and its version, after the
header: ``header | version (8) | name length (2) | name | nonce | ciphertext`` (see
versions.py). Format 1 files (no name, no version) are still read, and written in format 2
on their next save.

The header (and a file's name and version) is authenticated as associated data, so a changed
parameter, salt or magic byte fails like a changed ciphertext byte. The key comes from the
passphrase with Argon2id and the parameters recorded in the header, so parameters can be
raised later and older files still open.

``cryptography`` is imported only when a key is derived or a file sealed or opened, so a plain
journal never pays for it. The journal's keys, encryption.json and unlocking are in crypto.py.
"""

from __future__ import annotations

import os
import struct
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from companion.journal.encrypted import MAGIC as MAGIC
from companion.journal.encrypted import is_encrypted_bytes as is_encrypted_bytes

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT = 1
FORMAT_BOUND = 2  # a journal file: its name and version are bound to it
KDF_ARGON2ID = 1
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32
_HEADER = struct.Struct(">8sBBIIIB")
HEADER_BYTES = _HEADER.size + SALT_BYTES
_BINDING = struct.Struct(">QH")
_CHECK_PLAIN = b"companion journal key check"
_WRAP_LABEL = b"companion key wrap"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: memory in KiB, passes over it, and lanes."""

    memory_kib: int
    iterations: int
    lanes: int = 1

    def describe(self) -> str:
        return (
            f"Argon2id, {self.memory_kib // 1024} MiB, {self.iterations} passes, "
            f"{self.lanes} lane{'s' if self.lanes != 1 else ''}"
        )


#: The OWASP minimum (19 MiB, 2 passes, 1 lane); never go below it.
OWASP_MINIMUM = KdfParams(memory_kib=19456, iterations=2, lanes=1)
#: What a new passphrase gets: RFC 9106's second choice with one lane (about 0.2 s here).
DEFAULT_PARAMS = KdfParams(memory_kib=65536, iterations=3, lanes=1)


def check_params(params: KdfParams) -> None:
    if (
        params.memory_kib < OWASP_MINIMUM.memory_kib
        or params.iterations < OWASP_MINIMUM.iterations
        or params.lanes < 1
    ):
        raise ValueError(f"key derivation parameters below the OWASP minimum: {params}")


@dataclass(frozen=True)
class KeySpec:
    """How one key is made: the parameters and the salt (both public)."""

    params: KdfParams
    salt: bytes

    @property
    def header(self) -> bytes:
        return self.header_for(FORMAT)

    def header_for(self, file_format: int) -> bytes:
        p = self.params
        fixed = _HEADER.pack(
            MAGIC, file_format, KDF_ARGON2ID, p.memory_kib, p.iterations, p.lanes, len(self.salt)
        )
        return fixed + self.salt

    @classmethod
    def new(cls, params: KdfParams) -> KeySpec:
        check_params(params)
        return cls(params, os.urandom(SALT_BYTES))

    @classmethod
    def from_header(cls, data: bytes) -> KeySpec | None:
        """The spec a file's header records, or None if it is not an encrypted Companion file."""
        if len(data) < HEADER_BYTES or not data.startswith(MAGIC):
            return None
        _magic, version, kdf, memory, iterations, lanes, salt_len = _HEADER.unpack_from(data)
        if version not in (FORMAT, FORMAT_BOUND) or kdf != KDF_ARGON2ID or salt_len != SALT_BYTES:
            return None
        params = KdfParams(memory, iterations, lanes)
        try:
            check_params(params)
        except ValueError:
            return None
        return cls(params, data[_HEADER.size : HEADER_BYTES])


def _aesgcm(secret: bytes) -> AESGCM:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(secret)


def _normalise(passphrase: str) -> bytes:
    # The same passphrase typed on another system may arrive in another Unicode form.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


class JournalKey:
    """An AES-256-GCM key derived from a passphrase; it exists only in this process's memory."""

    def __init__(self, spec: KeySpec, secret: bytes) -> None:
        self.spec = spec
        self.header = spec.header
        self.bound_header = spec.header_for(FORMAT_BOUND)
        self._secret = secret
        self._aead = _aesgcm(secret)

    @classmethod
    def derive(cls, passphrase: str, spec: KeySpec) -> JournalKey:
        """Run Argon2id (the slow part, by design)."""
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        p = spec.params
        kdf = Argon2id(
            salt=spec.salt,
            length=KEY_BYTES,
            iterations=p.iterations,
            lanes=p.lanes,
            memory_cost=p.memory_kib,
        )
        return cls(spec, kdf.derive(_normalise(passphrase)))

    def seal(self, plain: bytes, extra: bytes = b"") -> bytes:
        """header | fresh random nonce | ciphertext, the header authenticated with the text."""
        nonce = os.urandom(NONCE_BYTES)
        return self.header + nonce + self._aead.encrypt(nonce, plain, self.header + extra)

    def open(self, stored: bytes, extra: bytes = b"") -> bytes | None:
        """The plaintext, or None if this key did not seal these bytes (or they changed)."""
        from cryptography.exceptions import InvalidTag

        if not stored.startswith(self.header):
            return None
        body = stored[HEADER_BYTES:]
        if len(body) < NONCE_BYTES + 16:
            return None
        try:
            return self._aead.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], self.header + extra)
        except InvalidTag:
            return None

    def sealed_by(self, stored: bytes) -> bool:
        """Whether stored carries this key's header (in either format)."""
        return stored.startswith(self.header) or stored.startswith(self.bound_header)

    def seal_file(self, plain: bytes, name: str, version: int) -> bytes:
        """A journal file: its name and version are authenticated with its words."""
        encoded = name.encode("utf-8")
        bound = self.bound_header + _BINDING.pack(version, len(encoded)) + encoded
        nonce = os.urandom(NONCE_BYTES)
        return bound + nonce + self._aead.encrypt(nonce, plain, bound)

    def open_file(self, stored: bytes) -> Opened | None:
        """A journal file's words, name and version (format 1: no name, version 0), or None
        if this key did not seal these bytes (or they changed)."""
        from cryptography.exceptions import InvalidTag

        if stored.startswith(self.header):
            plain = self.open(stored)
            return None if plain is None else Opened(plain, None, 0)
        binding = read_binding(stored) if stored.startswith(self.bound_header) else None
        if binding is None:
            return None
        body = stored[binding.end :]
        if len(body) < NONCE_BYTES + 16:
            return None
        try:
            bound = stored[: binding.end]
            plain = self._aead.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], bound)
        except InvalidTag:
            return None
        return Opened(plain, binding.name, binding.version)

    def check_value(self) -> bytes:
        """A small sealed value proving a passphrase right before any journal file is read."""
        return self.seal(_CHECK_PLAIN)

    def verifies(self, check: bytes) -> bool:
        return self.open(check) == _CHECK_PLAIN

    def wrap(self, other: JournalKey) -> bytes:
        """other's key sealed with this one (so either passphrase finishes a passphrase change)."""
        return self.seal(other._secret, _WRAP_LABEL + other.header)

    def unwrap(self, wrapped: bytes, spec: KeySpec) -> JournalKey | None:
        secret = self.open(wrapped, _WRAP_LABEL + spec.header)
        return None if secret is None else JournalKey(spec, secret)


@dataclass(frozen=True)
class Opened:
    """An opened journal file: its words, and the name and version sealed with them."""

    plain: bytes
    name: str | None
    version: int


@dataclass(frozen=True)
class Binding:
    """The name and version a format 2 file says it has (authenticated only when opened)."""

    name: str
    version: int
    end: int  # where the nonce starts


def read_binding(stored: bytes) -> Binding | None:
    """The name and version after a format 2 header, or None (format 1, plaintext, damaged)."""
    if not stored.startswith(MAGIC) or len(stored) < HEADER_BYTES + _BINDING.size:
        return None
    if stored[len(MAGIC)] != FORMAT_BOUND:
        return None
    version, length = _BINDING.unpack_from(stored, HEADER_BYTES)
    start = HEADER_BYTES + _BINDING.size
    if len(stored) < start + length:
        return None
    try:
        name = stored[start : start + length].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return Binding(name, version, start + length)
