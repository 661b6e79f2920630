"""`companion restore`: a backup (companion/export/backup.py) put back into a journal.

Everything is read and checked before anything is written: a wrong passphrase, a damaged or
foreign file, or a newer Companion's backup is one sentence and nothing changes. Into a journal
with no records, every file goes back exactly as it was backed up (through the journal's own
codec, so an encrypted journal keeps it sealed); into one that has records, only with merge:
each record whose id the journal lacks is added, and every record it has is kept.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.core import limits
from companion.core.errors import Hint, ImportFileError, JournalWriteError, UsageError
from companion.core.model import LAST_REVIEW_KEY, SCHEMA_VERSION
from companion.export.backup import (
    FORMAT,
    MARKER,
    SEALED_HOW,
    SEALED_MAGIC,
    SETTINGS_LIMIT,
    BackupContents,
    sealed_prefix,
)
from companion.journal import files
from companion.journal.folder import DRAFTS_FILE, META_FILE
from companion.journal.sealing import JournalKey, KdfParams, KeySpec

if TYPE_CHECKING:
    from companion.journal import Journal

#: A file name a backup may hold: the description, the drafts, or a table's month.
_FILE_NAME = re.compile(
    r"(?:journal\.json|drafts\.json|[a-z][a-z0-9_]{0,39}/\d{4}-(?:0[1-9]|1[0-2])\.json)"
)
#: Key derivation a sealed backup may ask for (beyond it, a made-up file could stall the machine).
MOST_KDF = KdfParams(memory_kib=1024 * 1024, iterations=64, lanes=64)
#: Keys of the journal's description a merge never takes from a backup.
_OWN_KEYS = frozenset({"companion", "schema", "created"})


@dataclass(frozen=True)
class SealedBackup:
    """A sealed backup read from disk, waiting for its passphrase (or its journal's key)."""

    path: Path
    how: int
    body: bytes
    spec: KeySpec

    def open_with(self, key: JournalKey) -> BackupContents | None:
        """The contents, or None if key does not open them (wrong passphrase or damaged)."""
        if key.spec != self.spec:
            return None
        packed = key.open(self.body, sealed_prefix(self.how))
        if packed is None:
            return None
        return parse_plain(self.path, _inflate(self.path, packed))

    def open(self, passphrase: str) -> BackupContents | None:
        """Derive the key from passphrase (slow, by design) and open the backup."""
        return self.open_with(JournalKey.derive(passphrase, self.spec))


def _damaged(path: Path, why: str) -> ImportFileError:
    return ImportFileError(
        f"{path} is not a backup Companion can restore: {why}. Nothing was changed."
    )


def read_backup(path: Path) -> BackupContents | SealedBackup:
    """A backup file, checked in full if plain, or ready for its passphrase if sealed."""
    try:
        raw = limits.read_regular(path, limits.LARGE_FILE)
    except FileNotFoundError:
        raise ImportFileError(f"There is no file {path}. Check its name and try again.") from None
    except limits.LimitExceeded as error:
        raise ImportFileError(f"{path} {error}. Give the backup file itself.") from None
    except OSError as error:
        raise ImportFileError(
            f"Companion could not read {path}: {error.strerror or error}. Nothing was changed."
        ) from None
    return parse_backup(path, raw)


def parse_backup(path: Path, raw: bytes) -> BackupContents | SealedBackup:
    """A backup's bytes: its contents, or a sealed backup; ImportFileError otherwise."""
    if raw.startswith(SEALED_MAGIC):
        return _sealed(path, raw)
    return parse_plain(path, raw)


def _sealed(path: Path, raw: bytes) -> SealedBackup:
    if len(raw) < len(SEALED_MAGIC) + 2:
        raise _damaged(path, "it is cut short")
    version, how = raw[len(SEALED_MAGIC)], raw[len(SEALED_MAGIC) + 1]
    if version > FORMAT:
        raise _newer(path, version)
    if version < 1 or how not in SEALED_HOW:
        raise _damaged(path, "its first bytes are not a sealed backup's")
    body = raw[len(SEALED_MAGIC) + 2 :]
    spec = KeySpec.from_header(body)
    if spec is None or not _bounded(spec.params):
        raise _damaged(path, "its key description is not one Companion makes")
    return SealedBackup(path, how, body, spec)


def _bounded(params: KdfParams) -> bool:
    return (
        params.memory_kib <= MOST_KDF.memory_kib
        and params.iterations <= MOST_KDF.iterations
        and params.lanes <= MOST_KDF.lanes
    )


def _newer(path: Path, version: int) -> ImportFileError:
    return ImportFileError(
        f"{path} was made by a newer Companion (backup format {version}; this one reads up to "
        f"format {FORMAT}). Install a newer Companion to restore it; nothing was changed."
    )


def _inflate(path: Path, packed: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        plain = inflater.decompress(packed, limits.LARGE_FILE)
    except zlib.error:
        raise _damaged(path, "its sealed words do not unpack") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise _damaged(path, "it unpacks to more than Companion reads, or is cut short")
    return plain


def parse_plain(path: Path, raw: bytes) -> BackupContents:
    """A plain backup's JSON, checked file by file; ImportFileError says what is wrong."""
    try:
        data = limits.loads_json(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _foreign(path, "it is not text") from None
    except limits.LimitExceeded as error:
        raise _damaged(path, str(error)) from None
    except (ValueError, RecursionError):
        raise _foreign(path, "it is not JSON") from None
    if not isinstance(data, dict) or data.get("companion") != MARKER:
        marker = data.get("companion") if isinstance(data, dict) else None
        if marker == "export":
            raise ImportFileError(
                f"{path} is a Companion export, not a backup: import it instead (that adds what "
                "it holds to the journal). Nothing was changed."
            )
        raise _foreign(path, 'it has no "companion": "backup" marker')
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _damaged(path, "it does not say which backup format it uses")
    if version > FORMAT:
        raise _newer(path, version)
    return BackupContents(
        _checked_files(path, data.get("files")),
        _checked_settings(path, data.get("settings_file")),
        str(data.get("made", "")),
    )


def _foreign(path: Path, why: str) -> ImportFileError:
    return ImportFileError(
        f"{path} is not a Companion backup ({why}). Give the file Companion's backup wrote; "
        "nothing was changed."
    )


def _checked_files(path: Path, found: Any) -> dict[str, Any]:
    from companion.journal.inventory import validator_for

    if not isinstance(found, dict) or META_FILE not in found:
        raise _damaged(path, "it holds no journal description")
    folder = Path("journal")
    for name, data in found.items():
        if (
            not isinstance(name, str)
            or not _FILE_NAME.fullmatch(name)
            or name.startswith("backups/")
        ):
            raise _damaged(path, f"it names a file Companion does not keep ({str(name)[:60]!r})")
        try:
            problem = validator_for(folder, folder / name)(data)
        except (TypeError, ValueError, KeyError, AttributeError, OverflowError) as error:
            problem = f"a value Companion cannot read ({type(error).__name__})"
        if problem:
            raise _damaged(path, f"its {name} is not sound: {problem}")
    schema = found[META_FILE]["schema"]
    if schema > SCHEMA_VERSION:
        raise ImportFileError(
            f"{path} holds a journal of a newer Companion (format {schema}; this one reads up "
            f"to {SCHEMA_VERSION}). Install a newer Companion to restore it; nothing was changed."
        )
    if schema < 1:
        raise _damaged(path, "its journal format is not one Companion ever wrote")
    return found


def _checked_settings(path: Path, found: Any) -> str | None:
    if found is None:
        return None
    if not isinstance(found, str) or len(found.encode("utf-8", "surrogatepass")) > SETTINGS_LIMIT:
        raise _damaged(path, "its settings are not a settings file")
    return found


# ---------------------------------------------------------------------- into a journal


@dataclass
class RestoreResult:
    """What a restore put back: records added and kept, by table."""

    merged: bool = False
    added: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def summary(self, path: Path) -> str:
        added = [_count(n, table) for table, n in sorted(self.added.items()) if n] or [
            "nothing new"
        ]
        if not self.merged:
            return f"Restored {_join(added)} from {path}, exactly as they were backed up."
        sentence = f"Added {_join(added)} from {path}."
        kept = sum(self.kept.values())
        if kept:
            sentence += (
                f" {kept} record{' was' if kept == 1 else 's were'} already in the journal and "
                "kept as they are."
            )
        return sentence


_NOUNS = {"entries": ("entry", "entries"), "drafts": ("draft", "drafts")}


def _count(number: int, table: str) -> str:
    one, many = _NOUNS.get(table, (table[:-1] if table.endswith("s") else table, table))
    return f"{number} {one if number == 1 else many}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _rows(data: Any) -> tuple[str, dict[str, Any]] | None:
    """A table file's (table, rows), or None for the journal's description."""
    if not isinstance(data, dict) or data.get("companion") == "journal" or len(data) != 1:
        return None
    table, rows = next(iter(data.items()))
    return (table, rows) if isinstance(rows, dict) else None


def records_in(journal: Journal) -> int:
    """How many records the journal holds, in every table its inventory knows."""
    from companion.journal.inventory import validator_for

    total = 0
    for path in journal.journal_files():
        if path.name == META_FILE and path.parent == journal.folder:
            continue
        journal.store.forget(path)
        found = _rows(journal.store.load(path, validator_for(journal.folder, path)))
        total += len(found[1]) if found else 0
    return total


def restore(journal: Journal, contents: BackupContents, *, merge: bool = False) -> RestoreResult:
    """Put a checked backup into journal: whole into an empty one, by id with merge.

    A journal that has records and no merge is refused (UsageError), before anything is written.
    """
    journal.check_writable()
    try:
        with journal.locked():
            present = records_in(journal)
            if present and not merge:
                raise UsageError(
                    f"The journal at {journal.folder} already has {present} record"
                    f"{'s' if present != 1 else ''}, so nothing was restored. Restore into a new, "
                    "empty journal, or ",
                    Hint.MERGE,
                    ".",
                )
            if present:
                return _merge(journal, contents)
            return _put_back(journal, contents)
    except JournalWriteError as error:
        raise JournalWriteError(
            f"{error} Part of the backup may have been restored: once the problem is fixed, "
            "restore the same backup again, merged: it adds only what is still missing."
        ) from error


def _put_back(journal: Journal, contents: BackupContents) -> RestoreResult:
    result = RestoreResult()
    names = sorted(contents.files, key=lambda name: name == META_FILE)  # the description last
    for name in names:
        data = contents.files[name]
        path = journal.folder.joinpath(*name.split("/"))
        journal.store.save(path, data, backup=path.exists())
        found = _rows(data)
        if found:
            table = "drafts" if name == DRAFTS_FILE else found[0]
            result.added[table] = result.added.get(table, 0) + len(found[1])
    journal.meta = dict(contents.files[META_FILE])
    return result


def _merge(journal: Journal, contents: BackupContents) -> RestoreResult:
    from companion.journal import tables

    result = RestoreResult(merged=True)
    for name in sorted(contents.files):
        found = _rows(contents.files[name])
        if found is None:
            continue
        table, rows = found
        path = journal.folder.joinpath(*name.split("/"))
        added, kept = tables.insert_missing(
            tables.open_table(journal.store, path, table), list(rows.values())
        )
        result.added[table] = result.added.get(table, 0) + added
        result.kept[table] = result.kept.get(table, 0) + kept
    _merge_description(journal, contents.files[META_FILE])
    return result


def _merge_description(journal: Journal, theirs: dict[str, Any]) -> None:
    """The backup's journal-wide settings the journal lacks (the later review wins)."""
    path = journal.folder / META_FILE
    journal.store.forget(path)
    from companion.journal.store import meta_shape

    ours = dict(journal.store.load(path, meta_shape) or journal.meta)
    changed = dict(ours)
    for key, value in theirs.items():
        if key in _OWN_KEYS:
            continue
        if key not in ours or (key == LAST_REVIEW_KEY and _later(value, ours[key])):
            changed[key] = value
    if changed != ours:
        journal.store.save(path, changed)
    journal.meta = changed


def _later(value: Any, current: Any) -> bool:
    try:
        return datetime.fromisoformat(str(value)) > datetime.fromisoformat(str(current))
    except ValueError:
        return False


# ---------------------------------------------------------------------- the settings file


def settings_change(contents: BackupContents, path: Path | None = None) -> str:
    """What restoring the settings would do: 'none' (the backup has none), 'same', 'new'
    (there is no settings file here) or 'different' (ask before replacing it)."""
    from companion.core.settings import settings_path

    if contents.settings_file is None:
        return "none"
    where = path or settings_path()
    try:
        current = limits.read_regular(where, SETTINGS_LIMIT).decode("utf-8", "replace")
    except FileNotFoundError:
        return "new"
    except (OSError, limits.LimitExceeded):
        return "different"
    return "same" if current == contents.settings_file else "different"


def put_settings(contents: BackupContents, path: Path | None = None) -> Path:
    """Write the backup's settings file (atomically, private)."""
    from companion.core.settings import settings_path

    where = path or settings_path()
    assert contents.settings_file is not None
    files.create_private_dirs(where.parent)
    files.atomic_write(where, contents.settings_file.encode("utf-8"))
    return where
