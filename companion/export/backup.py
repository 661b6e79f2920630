"""A true backup: every journal file as it is, the leader's settings, in one file.

Unlike an export (which chooses, and holds back what is private unless asked), a backup takes
everything the journal's inventory knows (``Journal.journal_files``: its description, every
record table's monthly files, the drafts, and any table a later Companion adds), each file's
data exactly as stored, plus the settings file. ``companion restore`` gives it back.

The file is JSON (format marker and version)::

    {"companion": "backup", "format": 1, "made": "...", "files": {"journal.json": {...},
     "entries/2026-11.json": {...}, ...}, "settings_file": "theme = ...\\n" or null}

sealed when the journal is encrypted (with the journal's own key: the same passphrase opens it)
or when the leader asks (with a passphrase of their choice)::

    SEALED_MAGIC (8) | format (1) | how (1) | zlib-compressed JSON sealed as sealing.py seals
                                               (Argon2id header, nonce, AES-256-GCM)

The magic, format and how are authenticated with the words, so nothing in a sealed backup is
plaintext and nothing can be changed unnoticed.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion import __version__
from companion.core.errors import UsageError
from companion.journal import files
from companion.journal.crypto import JournalKey

if TYPE_CHECKING:
    from companion.journal import Journal

MARKER = "backup"
FORMAT = 1
SEALED_MAGIC = b"COMPBAK\x00"
#: How a sealed backup was sealed: with the journal's key, or with a passphrase of its own.
JOURNAL_KEY = 1
OWN_PASSPHRASE = 2
SEALED_HOW = (JOURNAL_KEY, OWN_PASSPHRASE)
#: The largest settings file a backup takes (it is a handful of lines).
SETTINGS_LIMIT = 64 * 1024


def sealed_prefix(how: int) -> bytes:
    """The sealed file's first bytes (authenticated with what follows)."""
    return SEALED_MAGIC + bytes([FORMAT, how])


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds, read from the journal (or from a backup file)."""

    files: dict[str, Any]
    settings_file: str | None = None
    made: str = ""

    def document(self) -> dict[str, Any]:
        return {
            "companion": MARKER,
            "format": FORMAT,
            "made": self.made,
            "made_by": f"companion {__version__}",
            "files": self.files,
            "settings_file": self.settings_file,
        }

    def to_json(self) -> bytes:
        return (
            json.dumps(self.document(), ensure_ascii=False, sort_keys=True, indent=1).encode(
                "utf-8"
            )
            + b"\n"
        )


@dataclass(frozen=True)
class WrittenBackup:
    path: Path
    files: int
    records: int
    sealed: bool
    how: int | None


def read_journal(journal: Journal, settings_file: Path | None = None) -> BackupContents:
    """Every journal file's stored data (under the lock: one consistent moment) and the
    settings file's text."""
    from companion.journal.inventory import validator_for

    found: dict[str, Any] = {}
    with journal.locked():
        for path in journal.journal_files():
            journal.store.forget(path)
            data = journal.store.load(path, validator_for(journal.folder, path))
            if data is not None:
                found[path.relative_to(journal.folder).as_posix()] = data
    return BackupContents(found, read_settings_file(settings_file), journal.now().isoformat())


def read_settings_file(path: Path | None) -> str | None:
    """The settings file's text, or None when there is none (or it is not text)."""
    from companion.core import limits
    from companion.core.settings import settings_path

    where = path or settings_path()
    try:
        return limits.read_regular(where, SETTINGS_LIMIT).decode("utf-8")
    except (OSError, limits.LimitExceeded, UnicodeDecodeError):
        return None


def seal(plain: bytes, key: JournalKey, how: int) -> bytes:
    """The backup's words, compressed and sealed with key (their prefix authenticated)."""
    prefix = sealed_prefix(how)
    return prefix + key.seal(zlib.compress(plain, 6), prefix)


def backup_key(journal: Journal, passphrase: str | None) -> tuple[JournalKey | None, int | None]:
    """The key that seals the backup: the journal's own when it is encrypted, else one made
    from the leader's passphrase (None: a plain backup, as asked)."""
    if journal.keyring is not None:
        return journal.keyring.write_key, JOURNAL_KEY
    if passphrase is None:
        return None, None
    from companion.journal import crypto

    return crypto.new_key(passphrase), OWN_PASSPHRASE


def check_backup_target(path: Path, *, force: bool) -> None:
    """Refuse to replace a file unasked, to write into a folder, or into a stream."""
    from companion.export.writing import check_target

    if files.is_stream(path):
        raise UsageError(
            f"A backup is written to a file, not to {path}. Give a file's name, such as "
            "companion-backup.json."
        )
    check_target(path, split=False, force=force, example="companion-backup.json")


def write_backup(
    journal: Journal,
    target: Path,
    *,
    passphrase: str | None = None,
    force: bool = False,
    settings_file: Path | None = None,
) -> WrittenBackup:
    """Back the whole journal up to target: private (0600), atomic, never over a file unasked.

    Sealed with the journal's key when it is encrypted, or with passphrase when one is given.
    """
    check_backup_target(target, force=force)
    key, how = backup_key(journal, passphrase)  # a new key is slow: before reading
    contents = read_journal(journal, settings_file)
    data = contents.to_json()
    if key is not None and how is not None:
        data = seal(data, key, how)
    try:
        files.create_private_dirs(target.parent)
        files.atomic_write(target, data)
    except OSError as error:
        raise UsageError(
            f"Could not write the backup to {target}: {error.strerror or error}. Check the "
            "folder and the free space; your journal is unchanged."
        ) from error
    return WrittenBackup(target, len(contents.files), count_records(contents), key is not None, how)


def describe(written: WrittenBackup) -> str:
    """One sentence about a backup just written."""
    if written.how == JOURNAL_KEY:
        sealed = " It is sealed with your journal's key: the journal's passphrase opens it."
    elif written.how == OWN_PASSPHRASE:
        sealed = " It is sealed with the passphrase you chose: keep it safe, nothing else opens it."
    else:
        sealed = (
            " It is not encrypted: anyone who can open the file can read everything, private "
            "answers included. Keep it somewhere safe."
        )
    records = written.records
    return (
        f"Backed up the whole journal ({records} record{'s' if records != 1 else ''} in "
        f"{written.files} file{'s' if written.files != 1 else ''}, private answers included) to "
        f"{written.path}.{sealed}"
    )


def count_records(contents: BackupContents) -> int:
    """How many records the backup's tables hold (not the journal's description)."""
    total = 0
    for data in contents.files.values():
        if isinstance(data, dict) and data.get("companion") != "journal":
            total += sum(len(rows) for rows in data.values() if isinstance(rows, dict))
    return total
