"""What a journal folder holds: its data files, the shape each must have, and files gone
missing while a backup or an interrupted save still holds them (doctor checks and restores)."""

from __future__ import annotations

from pathlib import Path

from companion.journal import checks, files
from companion.journal.folder import (
    COMMITMENTS,
    DRAFTS,
    DRAFTS_FILE,
    ENTRIES,
    META_FILE,
    SESSIONS,
    SESSIONS_FILE,
)
from companion.journal.store import BACKUP_FOLDER, FileStore, Validator, meta_shape, tinydb_shape
from companion.journal.sync import TOP_NAMES, is_month


def validator_for(folder: Path, path: Path) -> Validator:
    relative = path.relative_to(folder)
    if relative == Path(META_FILE):
        return meta_shape
    if relative == Path(DRAFTS_FILE):
        return tinydb_shape(DRAFTS)
    if relative == Path(SESSIONS_FILE):
        return tinydb_shape(SESSIONS)
    table = relative.parts[0]
    shape = tinydb_shape(table)

    def month_shape(data: object) -> str | None:
        # A month holding another month's records was renamed or copied over (an encrypted
        # one does not even open under the wrong name): restore puts back its own backup.
        wrong = None if shape(data) else checks.misplaced_records(path, table, data)
        if wrong:
            return (
                f"it holds {len(wrong)} record(s) of another month (it may have been renamed "
                "or copied over)"
            )
        return shape(data)

    return month_shape if len(relative.parts) == 2 else shape


def data_files(folder: Path) -> list[Path]:
    """The journal's data files; not links out of the folder or special files (reported
    as unsafe, never read)."""
    found = [p for p in (folder / META_FILE, folder / DRAFTS_FILE) if p.exists()]
    found += [p for p in (folder / SESSIONS_FILE,) if p.exists()]
    for kind in (ENTRIES, COMMITMENTS):
        if (folder / kind).is_dir():
            # Only months: a sync tool's conflict copy or temp file is never read as one.
            found.extend(p for p in sorted((folder / kind).glob("*.json")) if is_month(p.name))
    return [p for p in found if files.unsafe_problem(folder, p) is None]


def _own_name(folder: Path, path: Path) -> bool:
    """Whether path is where one of Companion's journal files lives."""
    relative = path.relative_to(folder).parts
    if len(relative) == 1:
        return relative[0] in TOP_NAMES
    return len(relative) == 2 and relative[0] in (ENTRIES, COMMITMENTS) and is_month(relative[1])


def missing_files(folder: Path) -> dict[Path, list[Path]]:
    """Journal files that are gone while their backups or an interrupted save's temp file
    still hold them: each with those copies, the freshest first (temp files, then backups)."""
    backups = folder / BACKUP_FOLDER
    found: dict[Path, list[Path]] = {}
    for temp in sorted(files.orphan_temp_files(folder), key=lambda p: -p.stat().st_mtime):
        if backups not in temp.parents:
            found.setdefault(files.temp_target(temp), []).append(temp)
    if backups.is_dir():
        for generation in sorted(backups.rglob("*.json.[0-9]")):
            relative = generation.relative_to(backups)
            if relative.parts[0].startswith("before-format"):
                continue  # a whole copy taken before a format change, not a rotating backup
            target = folder / relative.parent / generation.name.rsplit(".", 1)[0]
            if not _own_name(folder, target):
                continue  # a sync tool's copy of a backup, or merged copies kept aside
            if not target.exists():
                found.setdefault(target, [])
    store = FileStore(folder)
    for target in found:
        found[target] += files.backups_of(store.backup_dir_for(target), target.name)
    return found
