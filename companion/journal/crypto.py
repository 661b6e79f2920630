"""Passphrase encryption at rest: the journal's keys, encryption.json, and unlocking.

Each file is sealed in the format described in sealing.py (key derivation, headers, sealing
and opening one file); its names are re-exported here, where the rest of Companion looks.

A journal has one salt and one set of parameters at a time, described in ``encryption.json``
(plaintext: parameters, salt and a small "check" sealed with the key, never journal content).
The key is derived once when the journal is unlocked and lives only in memory.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from companion.core.errors import JournalDamaged, WrongPassphrase
from companion.journal import files, versions
from companion.journal.encrypted import (
    ENCRYPTION_FILE,
    META_FILE,
    description_path,
    is_encrypted,
)
from companion.journal.sealing import (
    DEFAULT_PARAMS,
    FORMAT,
    FORMAT_BOUND,
    HEADER_BYTES,
    KEY_BYTES,
    MAGIC,
    NONCE_BYTES,
    OWASP_MINIMUM,
    SALT_BYTES,
    Binding,
    JournalKey,
    KdfParams,
    KeySpec,
    Opened,
    check_params,
    is_encrypted_bytes,
    read_binding,
)
from companion.journal.store import CodecError

#: The file format's names, as imported from here before it had its own module.
__all__ = [
    "DEFAULT_PARAMS",
    "ENCRYPTION_FILE",
    "FORMAT",
    "FORMAT_BOUND",
    "HEADER_BYTES",
    "KEY_BYTES",
    "MAGIC",
    "META_FILE",
    "NONCE_BYTES",
    "OWASP_MINIMUM",
    "SALT_BYTES",
    "Binding",
    "JournalKey",
    "KdfParams",
    "KeySpec",
    "Opened",
    "description_path",
    "is_encrypted",
    "is_encrypted_bytes",
    "read_binding",
]


#: What a leader is told whenever a key does not open a file: it cannot tell which.
WRONG = "wrong passphrase or damaged file"

#: Journal states recorded in encryption.json; anything but "encrypted" is a conversion that
#: was interrupted and is finished the next time the journal is opened with its passphrase.
ENCRYPTED = "encrypted"
ENCRYPTING = "encrypting"
DECRYPTING = "decrypting"
REKEYING = "rekeying"
STATES = (ENCRYPTED, ENCRYPTING, DECRYPTING, REKEYING)

MIN_PASSPHRASE = 8


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
    #: The key before the last passphrase change, sealed by the current one: a file another
    #: device saved under the old passphrase (before the change reached it) still opens, and
    #: is sealed again under the new one.
    previous: Lock | None = None

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
        if self.previous is not None:
            doc["previous_key"] = _lock_doc(self.previous)
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
    check_params(params)
    salt = base64.b64decode(doc["salt"], validate=True)
    if len(salt) != SALT_BYTES:
        raise ValueError("its salt has the wrong length")
    other = doc.get("other_key")
    return Lock(
        KeySpec(params, salt),
        base64.b64decode(doc["check"], validate=True),
        base64.b64decode(other, validate=True) if other is not None else None,
    )


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
        previous = _lock_from_doc(doc["previous_key"]) if "previous_key" in doc else None
        if (state == REKEYING) != (nxt is not None):
            raise ValueError("it describes a passphrase change without its second key")
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise JournalDamaged(path, f"it cannot be read ({type(error).__name__})", None) from None
    except (ValueError, binascii.Error) as error:
        raise JournalDamaged(path, str(error), None) from None
    return Description(current, str(state), nxt, previous)


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
        """plain sealed with the file's name and the next version (under the journal lock):
        above the recorded one and the one the file now has (another device may have saved
        it before its record of versions arrived), so a version never goes down."""
        name = versions.name_of(self.folder, path) or path.name
        version = max(self.index.read(self.keys, fresh=True).get(name, 0), _version_on_disk(path))
        return self.write_key.seal_file(plain, name, version + 1)

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


def _version_on_disk(path: Path) -> int:
    """The version the file at path says it has (0 if none, or unreadable)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEADER_BYTES + 1024)
    except OSError:
        return 0
    binding = read_binding(head)
    return binding.version if binding is not None else 0


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
            keys = [key, *_previous_key(key, description.previous)]
            return Keyring(folder, key, keys, description.state, description)
        other_lock = locks[1 - index]
        if lock.wrapped_other is None:
            break
        other = key.unwrap(lock.wrapped_other, other_lock.spec)
        if other is None or not other.verifies(other_lock.check):
            break
        current, nxt = (key, other) if index == 0 else (other, key)
        return Keyring(folder, nxt, [nxt, current], REKEYING, description)
    raise WrongPassphrase(folder)


def _previous_key(key: JournalKey, previous: Lock | None) -> list[JournalKey]:
    """The key before the last passphrase change, if encryption.json keeps it sealed by key."""
    if previous is None or previous.wrapped_other is None:
        return []
    other = key.unwrap(previous.wrapped_other, previous.spec)
    return [other] if other is not None and other.verifies(previous.check) else []


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
    from companion.journal.folder import COMMITMENTS, DRAFTS_FILE, ENTRIES, SESSIONS_FILE
    from companion.journal.store import BACKUP_FOLDER

    found: list[Path] = []
    if not folder.is_dir():
        return found
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith((META_FILE, DRAFTS_FILE, SESSIONS_FILE)) and entry.is_file():
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
