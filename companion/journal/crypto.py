"""Passphrase encryption at rest: key derivation, the encrypted file format, and unlocking.

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

A journal has one salt and one set of parameters at a time, described in ``encryption.json``
(plaintext: parameters, salt and a small "check" sealed with the key, never journal content).
The key is derived once when the journal is unlocked and lives only in memory.

``cryptography`` is imported only when a key is derived or a file sealed or opened, so a plain
journal never pays for it.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.core.errors import JournalDamaged, WrongPassphrase
from companion.journal import files, versions
from companion.journal.store import CodecError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ENCRYPTION_FILE = "encryption.json"
META_FILE = "journal.json"
MAGIC = b"COMPENC\x00"
FORMAT = 1
FORMAT_BOUND = 2  # a journal file: its name and version are bound to it
KDF_ARGON2ID = 1
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32
_HEADER = struct.Struct(">8sBBIIIB")
HEADER_BYTES = _HEADER.size + SALT_BYTES
_BINDING = struct.Struct(">QH")

#: What a leader is told whenever a key does not open a file: it cannot tell which.
WRONG = "wrong passphrase or damaged file"
_CHECK_PLAIN = b"companion journal key check"
_WRAP_LABEL = b"companion key wrap"

#: Journal states recorded in encryption.json; anything but "encrypted" is a conversion that
#: was interrupted and is finished the next time the journal is opened with its passphrase.
ENCRYPTED = "encrypted"
ENCRYPTING = "encrypting"
DECRYPTING = "decrypting"
REKEYING = "rekeying"
STATES = (ENCRYPTED, ENCRYPTING, DECRYPTING, REKEYING)

MIN_PASSPHRASE = 8


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


def _check_params(params: KdfParams) -> None:
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
        _check_params(params)
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
            _check_params(params)
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


def is_encrypted_bytes(data: bytes) -> bool:
    return data.startswith(MAGIC)


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


# ---------------------------------------------------------------------- encryption.json


@dataclass(frozen=True)
class Lock:
    """One key's public description in encryption.json, with its check value."""

    spec: KeySpec
    check: bytes
    wrapped_other: bytes | None = None  # in a passphrase change: the other key, sealed by this


@dataclass(frozen=True)
class Description:
    """What encryption.json says: the journal's key, its state, and the next key while changing."""

    current: Lock
    state: str = ENCRYPTED
    next: Lock | None = None

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "companion": "encryption",
            "format": FORMAT,
            "cipher": "AES-256-GCM",
            "state": self.state,
            "key": _lock_doc(self.current),
        }
        if self.next is not None:
            doc["next_key"] = _lock_doc(self.next)
        return doc


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _lock_doc(lock: Lock) -> dict[str, Any]:
    p = lock.spec.params
    doc: dict[str, Any] = {
        "kdf": "argon2id",
        "memory_kib": p.memory_kib,
        "iterations": p.iterations,
        "lanes": p.lanes,
        "salt": _b64(lock.spec.salt),
        "check": _b64(lock.check),
    }
    if lock.wrapped_other is not None:
        doc["other_key"] = _b64(lock.wrapped_other)
    return doc


def _lock_from_doc(doc: Any) -> Lock:
    if not isinstance(doc, dict) or doc.get("kdf") != "argon2id":
        raise ValueError("its key is not described with Argon2id")
    params = KdfParams(int(doc["memory_kib"]), int(doc["iterations"]), int(doc["lanes"]))
    _check_params(params)
    salt = base64.b64decode(doc["salt"], validate=True)
    if len(salt) != SALT_BYTES:
        raise ValueError("its salt has the wrong length")
    other = doc.get("other_key")
    return Lock(
        KeySpec(params, salt),
        base64.b64decode(doc["check"], validate=True),
        base64.b64decode(other, validate=True) if other is not None else None,
    )


def description_path(folder: Path) -> Path:
    return folder / ENCRYPTION_FILE


def read_description(folder: Path) -> Description | None:
    """encryption.json, or None if the journal has none. Raises JournalDamaged if unreadable."""
    path = description_path(folder)
    files.check_safe(folder, path, writing=False)
    raw = files.read_bytes(path)
    if raw is None:
        return None
    try:
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("companion") != "encryption":
            raise ValueError("it is not a Companion encryption description")
        if doc.get("format") != FORMAT:
            raise ValueError(f"it has an unknown format {doc.get('format')!r}")
        state = doc.get("state")
        if state not in STATES:
            raise ValueError(f"it has an unknown state {state!r}")
        current = _lock_from_doc(doc.get("key"))
        nxt = _lock_from_doc(doc["next_key"]) if "next_key" in doc else None
        if (state == REKEYING) != (nxt is not None):
            raise ValueError("it describes a passphrase change without its second key")
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise JournalDamaged(path, f"it cannot be read ({type(error).__name__})", None) from None
    except (ValueError, binascii.Error) as error:
        raise JournalDamaged(path, str(error), None) from None
    return Description(current, str(state), nxt)


def write_description(folder: Path, description: Description) -> None:
    """Write encryption.json atomically (no journal content: only the key's public side)."""
    data = json.dumps(description.to_doc(), indent=2).encode("utf-8") + b"\n"
    files.check_safe(folder, description_path(folder), writing=True)
    files.atomic_write(description_path(folder), data)


def remove_description(folder: Path) -> None:
    path = description_path(folder)
    if path.exists():
        path.unlink()
        files.fsync_dir(folder)


def is_encrypted(folder: Path) -> bool:
    """Whether the journal in folder needs a passphrase (cheap: no key is derived)."""
    if description_path(folder).exists():
        return True
    raw = files.read_bytes(folder / META_FILE) if folder.is_dir() else None
    return raw is not None and is_encrypted_bytes(raw)


# ---------------------------------------------------------------------- the keyring (a Codec)


@dataclass
class Keyring:
    """The unlocked keys of a journal: a Codec that seals new writes and opens stored files.

    Outside a conversion it holds one key and refuses anything it did not seal (a plaintext
    file in an encrypted journal is as suspect as a changed one).
    """

    folder: Path
    write_key: JournalKey
    keys: list[JournalKey]
    state: str = ENCRYPTED
    description: Description | None = None
    notes: list[str] = field(default_factory=list)
    _index: versions.VersionIndex | None = field(default=None, repr=False, compare=False)

    @property
    def index(self) -> versions.VersionIndex:
        if self._index is None:
            self._index = versions.VersionIndex(self.folder)
        return self._index

    @property
    def accepts_plain(self) -> bool:
        return self.state in (ENCRYPTING, DECRYPTING)

    @property
    def params(self) -> KdfParams:
        return self.write_key.spec.params

    def encode(self, plain: bytes, path: Path) -> bytes:
        """plain sealed with the file's name and the next version (under the journal lock)."""
        name = versions.name_of(self.folder, path) or path.name
        version = self.index.read(self.keys, fresh=True).get(name, 0) + 1
        return self.write_key.seal_file(plain, name, version)

    def saved(self, path: Path, stored: bytes) -> None:
        """Record the version of a file just saved (after the file: a crash between the two
        leaves the record lower than the file, which is never reported)."""
        binding = read_binding(stored)
        if binding is None:
            return
        recorded = self.index.read(self.keys, fresh=True)
        if recorded.get(binding.name, 0) < binding.version:
            self.index.write(self.write_key, {**recorded, binding.name: binding.version})

    def decode(self, stored: bytes, path: Path) -> bytes:
        if not is_encrypted_bytes(stored):
            if self.accepts_plain:
                return stored
            raise CodecError(_damaged_problem())
        for key in self.keys:
            opened = key.open_file(stored)
            if opened is not None:
                break
        else:
            raise CodecError(_damaged_problem())
        name = versions.name_of(self.folder, path)
        if opened.name is not None and name is not None and opened.name != name:
            raise CodecError(versions.renamed_problem(name, opened.name))
        return opened.plain

    def check_current(self, stored: bytes, path: Path) -> str | None:
        """What is wrong with a file's version, read (and opened) from path: a lower version
        than the one recorded when it was saved is an older copy put in its place."""
        binding = read_binding(stored)
        if binding is None or binding.name != versions.name_of(self.folder, path):
            return None
        recorded = self.index.read(self.keys).get(binding.name, 0)
        if binding.version >= recorded or files.read_bytes(path) != stored:
            return None  # as new as recorded, or saved again since it was read
        return versions.rollback_problem(binding.name, binding.version, recorded)

    def accept(self, path: Path) -> bool:
        """Take the file now at path as the newest (the leader restored an older copy)."""
        raw = files.read_bytes(path)
        binding = read_binding(raw) if raw is not None else None
        if binding is None:
            return False
        recorded = self.index.read(self.keys, fresh=True)
        self.index.write(self.write_key, {**recorded, binding.name: binding.version})
        return True

    def key_for(self, stored: bytes) -> JournalKey | None:
        """The key whose header the stored bytes carry (None for plaintext)."""
        return next((k for k in self.keys if k.sealed_by(stored)), None)


def _damaged_problem() -> str:
    return f"{WRONG} (it does not open with this journal's key; it may have been changed)"


def _try_lock(lock: Lock, passphrase: str) -> JournalKey | None:
    key = JournalKey.derive(passphrase, lock.spec)
    return key if key.verifies(lock.check) else None


def unlock(folder: Path, passphrase: str) -> Keyring:
    """Derive the journal's key from passphrase and prove it right. Slow on purpose (Argon2id).

    Raises WrongPassphrase (nothing on disk changes) when it does not open the journal.
    This is what a benchmark of unlocking calls, before ``Journal.open(folder, keyring=...)``.
    """
    folder = Path(folder)
    try:
        description = read_description(folder)
    except JournalDamaged:
        description = None  # the files' own headers still say how their key is made
    if description is None:
        return _unlock_from_header(folder, passphrase)
    locks = [description.current] + ([description.next] if description.next else [])
    for index, lock in enumerate(locks):
        key = _try_lock(lock, passphrase)
        if key is None:
            continue
        if description.state != REKEYING:
            return Keyring(folder, key, [key], description.state, description)
        other_lock = locks[1 - index]
        if lock.wrapped_other is None:
            break
        other = key.unwrap(lock.wrapped_other, other_lock.spec)
        if other is None or not other.verifies(other_lock.check):
            break
        current, nxt = (key, other) if index == 0 else (other, key)
        return Keyring(folder, nxt, [nxt, current], REKEYING, description)
    raise WrongPassphrase(folder)


def _unlock_from_header(folder: Path, passphrase: str) -> Keyring:
    raw = files.read_bytes(folder / META_FILE)
    spec = KeySpec.from_header(raw) if raw is not None else None
    if raw is None or spec is None:
        raise WrongPassphrase(folder)
    key = JournalKey.derive(passphrase, spec)
    if key.open_file(raw) is None:
        raise WrongPassphrase(folder)
    return Keyring(folder, key, [key], ENCRYPTED, None)


def new_key(passphrase: str, params: KdfParams = DEFAULT_PARAMS) -> JournalKey:
    """A key with a fresh salt for a new passphrase."""
    check_new_passphrase(passphrase)
    return JournalKey.derive(passphrase, KeySpec.new(params))


def check_new_passphrase(passphrase: str) -> None:
    from companion.core.errors import UsageError

    if len(passphrase) < MIN_PASSPHRASE:
        raise UsageError(
            f"A passphrase needs at least {MIN_PASSPHRASE} characters; a few words you will "
            "remember are best. Nothing was changed."
        )


def lock_for(key: JournalKey, wrapped_other: bytes | None = None) -> Lock:
    return Lock(key.spec, key.check_value(), wrapped_other)


# ---------------------------------------------------------------------- finding every file


def _walk(top: Path) -> Iterable[Path]:
    for root, dirs, names in os.walk(top):
        dirs.sort()
        for name in sorted(names):
            yield Path(root) / name


def stored_files(folder: Path) -> list[Path]:
    """Every file that holds journal words: its files, damaged copies kept aside, all backups.

    Not the lock (always empty), not encryption.json (no content), not temp files.
    """
    from companion.journal.folder import COMMITMENTS, DRAFTS_FILE, ENTRIES
    from companion.journal.store import BACKUP_FOLDER

    found: list[Path] = []
    if not folder.is_dir():
        return found
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith((META_FILE, DRAFTS_FILE)) and entry.is_file():
            found.append(folder / entry.name)
    for sub in (ENTRIES, COMMITMENTS, BACKUP_FOLDER):
        if (folder / sub).is_dir():
            found.extend(
                p
                for p in _walk(folder / sub)
                if not (p.name.startswith(".") and p.name.endswith(files.TEMP_SUFFIX))
                and p.is_file()
            )
    # Never a link out of the folder: a conversion would write through it.
    return [p for p in found if files.unsafe_problem(folder, p) is None]
