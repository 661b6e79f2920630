"""Merging the conflict copies a sync tool leaves in a journal folder (see sync.py).

A copy is merged into the file it is a copy of, record by record, under the journal lock:
the merged file is saved atomically (its previous version kept as a backup), and only then is
the copy moved into ``backups/merged/`` (never deleted: it is this device's, and sync tools
are told to skip backups/, see the README). A copy that does not open (damaged, or sealed with
a key this device does not hold) is left where it is, and doctor says so.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.core.errors import JournalDamaged, JournalTooNew
from companion.core.model import SCHEMA_VERSION
from companion.journal import converters, files, platform, sync
from companion.journal.encrypted import ENCRYPTION_FILE
from companion.journal.folder import (
    COMMITMENTS,
    DRAFTS,
    DRAFTS_FILE,
    ENTRIES,
    META_FILE,
    SESSIONS,
    SESSIONS_FILE,
)
from companion.journal.store import BACKUP_FOLDER, FileStore, meta_shape, read_table
from companion.journal.versions import INDEX_FILE

if TYPE_CHECKING:
    from companion.journal.folder import JournalFolder

MERGED_FOLDER = "merged"
_CONVERT = {
    ENTRIES: converters.entry_from_doc,
    COMMITMENTS: converters.commitment_from_doc,
    DRAFTS: converters.draft_from_doc,
    SESSIONS: converters.session_from_doc,
}


@dataclass(frozen=True)
class Copy:
    """A conflict copy in a journal folder, and the file it is a copy of."""

    path: Path
    target: Path
    tool: str

    @property
    def table(self) -> str | None:
        if self.target.parent.name in (ENTRIES, COMMITMENTS):
            return self.target.parent.name
        return {DRAFTS_FILE: DRAFTS, SESSIONS_FILE: SESSIONS}.get(self.target.name)


@dataclass
class Foreign:
    """Files in a journal folder Companion did not write, sorted by what they are."""

    copies: list[Copy] = field(default_factory=list)
    sync_files: list[Path] = field(default_factory=list)
    unknown: list[Path] = field(default_factory=list)


def _names(folder: Path) -> list[str]:
    try:
        return sorted(entry.name for entry in os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []


def foreign_files(folder: Path, within: Path | None = None) -> Foreign:
    """Every file at the top of the journal folder, in entries/ and in commitments/ (or in
    within, one of them, only) that is not Companion's own (backups/ holds only what
    Companion put there)."""
    found = Foreign()
    places = [(folder, True), (folder / ENTRIES, False), (folder / COMMITMENTS, False)]
    for place, top in places:
        if within is not None and place != within:
            continue
        for name in _names(place):
            what = sync.classify(name, top=top)
            path = place / name
            if what.kind == "conflict" and what.shadows is not None:
                found.copies.append(Copy(path, place / what.shadows, what.tool or "a sync tool"))
            elif what.kind == "sync tool":
                found.sync_files.append(path)
            elif what.kind == "unknown":
                found.unknown.append(path)
    return found


def conflict_copies(folder: Path, target: Path | None = None) -> list[Copy]:
    """The conflict copies in folder (of target only, if given)."""
    copies = foreign_files(folder, None if target is None else target.parent).copies
    return [c for c in copies if target is None or c.target == target]


# ---------------------------------------------------------------------- reading a copy


def _open(store: FileStore, copy_path: Path, target: Path) -> Any:
    """The JSON a copy (or its target) holds, opened as the target (an encrypted copy is
    sealed with the target's name). Raises JournalDamaged if it does not open."""
    raw = files.read_bytes(copy_path)
    if raw is None:
        raise JournalDamaged(copy_path, "it is gone", None)
    try:
        return store.decode(target, raw)
    except JournalDamaged as error:
        raise JournalDamaged(copy_path, error.problem, None) from None


def _rows(store: FileStore, path: Path, target: Path, table: str) -> dict[str, Any]:
    data = _open(store, path, target)
    problem, _ = read_table(data, table, _CONVERT[table])
    if problem:
        raise JournalDamaged(path, problem, None)
    rows: dict[str, Any] = data.get(table, {})
    return rows


def records_only_in(store: FileStore, copy: Copy) -> tuple[list[str], list[str]]:
    """(ids only in the copy, ids in both that differ): what deleting the copy would lose."""
    table = copy.table
    if table is None:
        return [], []
    theirs = _rows(store, copy.path, copy.target, table)
    ours = _rows(store, copy.target, copy.target, table) if copy.target.exists() else {}
    only = sorted(set(theirs) - set(ours))
    differ = sorted(
        k
        for k in set(theirs) & set(ours)
        if json.dumps(theirs[k], sort_keys=True) != json.dumps(ours[k], sort_keys=True)
    )
    return only, differ


# ---------------------------------------------------------------------- merging


def merge_pending(journal: JournalFolder, target: Path | None = None) -> list[str]:
    """Merge every conflict copy (of target only, if given) into its file; say what was done.

    The caller holds the journal lock and has checked the journal may be written. A copy of
    journal.json from a newer Companion makes this one refuse to write (nothing is merged).
    """
    folder = journal.folder
    copies = conflict_copies(folder, target)
    said: list[str] = []
    for copy in sorted(copies, key=lambda c: c.target.name != META_FILE):
        try:
            said.extend(_merge_one(journal, copy))
        except JournalDamaged as error:
            said.append(
                f"{_shown(folder, copy.path)} was not merged: {error.problem}. It is left "
                "where it is; `companion doctor` lists it."
            )
    return said


def _merge_one(journal: JournalFolder, copy: Copy) -> list[str]:
    store = journal.store
    table = copy.table
    name = copy.target.name
    if table is not None:
        theirs = _rows(store, copy.path, copy.target, table)
        store.forget(copy.target)
        ours = _rows(store, copy.target, copy.target, table) if copy.target.exists() else {}
        rows, report = sync.merge_rows(table, ours, theirs)
        if report.changed or not copy.target.exists():
            store.save(copy.target, {table: rows}, backup=table != DRAFTS)
        _put_aside(journal.folder, copy.path)
        return [_merged_sentence(journal.folder, copy, report)]
    if name == META_FILE:
        theirs = _open(store, copy.path, copy.target)
        if meta_shape(theirs):
            raise JournalDamaged(copy.path, meta_shape(theirs) or "", None)
        if int(theirs["schema"]) > SCHEMA_VERSION:
            journal._too_new = JournalTooNew(journal.folder, int(theirs["schema"]), SCHEMA_VERSION)
            raise journal._too_new
        store.forget(copy.target)
        ours = store.load(copy.target, meta_shape) or theirs
        merged = sync.merge_meta(dict(ours), dict(theirs))
        if merged != ours:
            store.save(copy.target, merged)
            journal.meta = dict(merged)
        _put_aside(journal.folder, copy.path)
        return [f"{_shown(journal.folder, copy.path)}: its settings were merged."]
    if name == INDEX_FILE:
        _merge_versions(journal, copy)
        return []
    return []  # encryption.json: listed by doctor, never merged by guesswork


def _merge_versions(journal: JournalFolder, copy: Copy) -> None:
    """Another device's record of file versions: the higher of each is kept."""
    keyring = journal.keyring
    raw = files.read_bytes(copy.path)
    if keyring is None or raw is None:
        return
    theirs: dict[str, int] = {}
    for key in keyring.keys:
        opened = key.open_file(raw)
        if opened is not None and opened.name == INDEX_FILE:
            with contextlib.suppress(UnicodeDecodeError, json.JSONDecodeError):
                doc = json.loads(opened.plain.decode("utf-8"))
                if isinstance(doc, dict):
                    theirs = {str(k): v for k, v in doc.items() if isinstance(v, int)}
            break
    else:
        from companion.journal.crypto import WRONG

        raise JournalDamaged(copy.path, WRONG, None)
    ours = keyring.index.read(keyring.keys, fresh=True)
    merged = sync.merge_versions(ours, theirs)
    merged.pop(INDEX_FILE, None)
    if merged != {k: v for k, v in ours.items() if k != INDEX_FILE}:
        keyring.index.write(keyring.write_key, {**merged, INDEX_FILE: ours.get(INDEX_FILE, 0)})
    _put_aside(journal.folder, copy.path)


def _merged_sentence(folder: Path, copy: Copy, report: sync.Merged) -> str:
    said = f"{_shown(folder, copy.path)} ({copy.tool}'s conflict copy) merged into " + _shown(
        folder, copy.target
    )
    parts = []
    if report.added:
        parts.append(f"{len(report.added)} record(s) only it held")
    if report.combined:
        parts.append(f"{len(report.combined)} changed on both devices, both changes kept")
    if report.disputed:
        parts.append(
            f"{len(report.disputed)} commitment(s) marked differently on each device: "
            "`companion commitments` shows them"
        )
    return said + (": " + "; ".join(parts) if parts else ": nothing new") + "."


def _put_aside(folder: Path, path: Path) -> None:
    """Move a merged copy into backups/merged/ (never deleted), keeping its name. A copy gone
    meanwhile was put aside on another device and the sync tool carried that here: its records
    are merged all the same, and there is nothing left to move."""
    place = folder / BACKUP_FOLDER / MERGED_FOLDER / path.parent.relative_to(folder)
    files.ensure_private_dir(place)
    target = place / path.name
    counter = 1
    while os.path.lexists(target):  # never over an earlier one (nor named like a backup)
        counter += 1
        target = place / f"{counter}-{path.name}"
    try:
        platform.current().replace(path, target)  # Windows: retried while a scanner holds it
    except FileNotFoundError:
        if os.path.lexists(path):
            raise
        return
    files.fsync_dir(path.parent)


def _shown(folder: Path, path: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------- a synced folder

#: What Syncthing should leave on each device: Companion writes it into a new journal folder
#: (Syncthing reads .stignore from the folder it shares; the README says what to add when a
#: parent folder is shared, and what other tools need).
STIGNORE = """// Written by Companion: what belongs to this device only (see Companion's README).
/.lock
/backups
(?d).*.tmp
"""
STIGNORE_FILE = ".stignore"
_TOOL_FOLDERS = (
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
    ("google drive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("syncthing", "Syncthing"),
)


def synced_by(folder: Path) -> str | None:
    """Why the journal folder looks kept in step by a sync tool (the tool, or the conflict
    copies it left), or None."""
    if conflict_copies(folder):
        return "it holds conflict copies a sync tool made"
    for level in [folder, *folder.parents]:
        with contextlib.suppress(OSError):
            if (level / ".stfolder").exists():
                return "it is in a folder Syncthing shares"
            if (level / ".dropbox").exists() or any(level.glob(".sync_*.db")):
                return "it is in a folder a sync tool shares"
        name = level.name.lower()
        for marker, tool in _TOOL_FOLDERS:
            if marker in name:
                return f"it is in a folder named like {tool}'s"
    return None


def write_stignore(folder: Path) -> bool:
    """Write .stignore into a journal folder that has none (never over the leader's own)."""
    path = folder / STIGNORE_FILE
    if os.path.lexists(path):
        return False
    with contextlib.suppress(OSError):
        files.atomic_write(path, STIGNORE.encode("utf-8"))
        return True
    return False


def doctor_lines(folder: Path, store: FileStore | None) -> list[tuple[bool, str, str]]:
    """What doctor says of the files Companion did not write: (ok, topic, detail) each.

    store opens the copies (None: the journal is encrypted and locked, so they are only
    listed)."""
    found = foreign_files(folder)
    lines: list[tuple[bool, str, str]] = []
    for copy in found.copies:
        lines.append((False, "conflict copy", _copy_detail(folder, copy, store)))
    if found.sync_files:
        listed = ", ".join(f"'{_shown(folder, p)}'" for p in found.sync_files[:4])
        lines.append(
            (
                True,
                "sync tool files",
                f"{len(found.sync_files)} file(s) a sync tool keeps here ({listed}); "
                "Companion never reads nor deletes them",
            )
        )
    for path in found.unknown:
        lines.append(
            (
                True,
                "other file",
                f"'{_shown(folder, path)}' is not a file Companion wrote; it is never read "
                "as part of the journal. Move it out of the journal folder if it is not needed",
            )
        )
    return lines


def _copy_detail(folder: Path, copy: Copy, store: FileStore | None) -> str:
    target = _shown(folder, copy.target)
    said = f"'{_shown(folder, copy.path)}' is {copy.tool}'s conflict copy of {target}"
    advice = (
        "; run `companion doctor --merge` to merge it by record (Companion also merges it "
        "the next time it opens the journal to write)"
    )
    if copy.target.name == ENCRYPTION_FILE:
        return (
            said + "; the passphrase was changed on both devices while they were apart. Open "
            "the journal with the passphrase set last; once every file opens, move this copy "
            "out of the journal folder (keep it until then)"
        )
    if copy.table is None:
        return said + advice
    if store is None:
        return said + " (the journal is locked: give its passphrase to see what it holds)" + advice
    try:
        only, differ = records_only_in(store, copy)
    except JournalDamaged as error:
        return f"{said}, but it cannot be read ({error.problem}); it is left as it is"
    parts = []
    if only:
        parts.append(f"{len(only)} record(s) only it holds ({', '.join(only[:3])})")
    if differ:
        parts.append(f"{len(differ)} changed on both devices ({', '.join(differ[:3])})")
    held = ": " + "; ".join(parts) if parts else ": nothing that is not in the file itself"
    return said + held + advice


def keep_on_this_device(folder: Path) -> None:
    """In a folder Syncthing shares (its .stfolder marker is there), make sure Syncthing is
    told to leave the lock and the backups on each device (each device writes its own)."""
    if os.path.lexists(folder / ".stfolder") and not os.path.lexists(folder / STIGNORE_FILE):
        write_stignore(folder)
