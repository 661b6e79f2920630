"""A journal in a folder that a sync tool keeps in step on two devices: names and merging.

Nothing here touches a file. Two things are decided here:

* what a name in a journal folder is: one of Companion's own files, a conflict copy a sync
  tool made of one (Syncthing, Dropbox, Nextcloud/ownCloud, OneDrive, Google Drive each name
  them their own way), a sync tool's own or temporary file, or something unknown. Only
  Companion's own names are ever read as months (``2026-11.json`` exactly);
* how two versions of one file are merged, record by record (by id): a record on one side only
  is kept; a commitment changed on both sides keeps both histories (a change is never lost,
  the latest stands, and a contradiction is flagged for the leader to settle); an entry
  changed on both sides keeps the later version and carries the other as an earlier version.

merging.py does the reading and writing, under the journal lock.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Document = dict[str, Any]

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])\.json$")
#: Companion's own names at the top of a journal folder (files and folders).
TOP_NAMES = frozenset(
    {
        "journal.json",
        "drafts.json",
        "sessions.json",
        "encryption.json",
        "versions.json",
        ".lock",
        ".stignore",
        "entries",
        "commitments",
        "backups",
    }
)
#: Top-level files whose conflict copies are merged record by record (or key by key).
MERGED_TOP = frozenset({"drafts.json", "sessions.json", "journal.json", "versions.json"})

_STEM = r"(?P<stem>.+?)"
_EXT = r"(?P<ext>\.[A-Za-z0-9]+)?"


@functools.cache
def _foreign_patterns() -> tuple[
    tuple[tuple[str, re.Pattern[str]], ...], re.Pattern[str], tuple[re.Pattern[str], ...]
]:
    """The patterns of names not Companion's own, compiled when first needed: a journal
    folder holding only its own files never needs them (and start-up does not pay for them)."""
    #: Conflict copies, by the tool that names them so; each keeps the stem and extension.
    schemes: tuple[tuple[str, re.Pattern[str]], ...] = (
        # 2026-11.sync-conflict-20261130-024832-4BV6JOA.json
        ("Syncthing", re.compile(rf"^{_STEM}\.sync-conflict-\d{{8}}-\d{{6}}-[A-Z0-9]{{7}}{_EXT}$")),
        # 2026-11 (Sam's conflicted copy 2026-11-30).json, ... 2026-11-30 (1)).json, and Nextcloud's
        # 2026-11 (conflicted copy 2026-11-30 024832).json
        (
            "Dropbox or Nextcloud",
            re.compile(
                rf"^{_STEM} \([^()]*conflicted copy[^()]*(?:\(\d+\))?\){_EXT}$", re.IGNORECASE
            ),
        ),
        # ownCloud and older Nextcloud: 2026-11_conflict-20261130-024832.json
        ("ownCloud", re.compile(rf"^{_STEM}_conflict-\d{{8}}-\d{{6}}{_EXT}$")),
        # Google Drive: 2026-11 (1).json
        ("Google Drive", re.compile(rf"^{_STEM} \(\d+\){_EXT}$")),
    )
    #: OneDrive adds the computer's name: 2026-11-LAPTOP.json, 2026-11-LAPTOP-1.json. Only
    #: recognised after one of Companion's own stems (a month, drafts, journal, versions).
    onedrive = re.compile(
        r"^(?P<stem>\d{4}-(?:0[1-9]|1[0-2])|drafts|sessions|journal|versions)"
        r"-(?P<device>[A-Za-z0-9][\w-]*)"
        r"(?P<ext>\.json)$"
    )
    #: A sync tool's own files and the temporary files it writes while a file arrives.
    sync_tool_files = (
        re.compile(r"^\.syncthing\..*\.tmp$"),  # Syncthing (Linux, macOS)
        re.compile(r"^~syncthing~.*\.tmp$"),  # Syncthing (Windows)
        re.compile(r"^\.st(folder|versions|ignore)$"),  # Syncthing's marker, versions, ignores
        re.compile(r"^\.dropbox.*$"),  # Dropbox's markers and cache
        re.compile(r"^.*\.partial$"),
        re.compile(r"^\.~.*$"),  # Nextcloud/ownCloud downloads in progress
        re.compile(r"^.*\.~[0-9a-f]+$"),
        re.compile(r"^\._?sync_[0-9a-f]+\.db(-wal|-shm)?$"),  # Nextcloud/ownCloud's journal
        re.compile(r"^\.(owncloud|nextcloud)sync\.log$"),
        re.compile(r"^~\$.*$"),  # OneDrive/Office lock files
        re.compile(r"^desktop\.ini$", re.IGNORECASE),
    )
    return schemes, onedrive, sync_tool_files


#: Companion's own extra names: a damaged file kept aside, and the temp file of a save.
_COMPANION_ASIDE = re.compile(r"^.+\.json\.damaged-[0-9T]+$")
_COMPANION_TEMP = re.compile(
    r"^\.(?P<target>(\d{4}-\d{2}|journal|drafts|sessions|versions|encryption)\.json"
    r"(\.\d+|\.damaged-[0-9T]+)?|\.stignore)\.[a-z0-9_]+(\.wipe)?\.tmp$"
)
_SYNC_TEMP = re.compile(r"^(\.syncthing\.|~syncthing~)")


@dataclass(frozen=True)
class Name:
    """What a file name in a journal folder is."""

    kind: str  # "own", "conflict", "sync tool", "unknown"
    shadows: str | None = None  # for a conflict copy: the name of the file it is a copy of
    tool: str | None = None


def is_month(name: str) -> bool:
    """Whether name is a month's file: exactly YYYY-MM.json."""
    return MONTH.match(name) is not None


def companion_temp_target(name: str) -> str | None:
    """The file a temp file of Companion's own saves was written for, else None (a sync
    tool's temp file is never taken for one: it is not Companion's to delete)."""
    match = _COMPANION_TEMP.match(name)
    return match.group("target") if match else None


def is_companion_temp(name: str, *, in_backups: bool) -> bool:
    """Whether name is a temp file Companion's own save left (safe to remove under the lock).

    In backups/ (Companion alone writes there) any ".NAME.tmp" but a sync tool's is one.
    """
    if _SYNC_TEMP.match(name) or not (name.startswith(".") and name.endswith(".tmp")):
        return False
    return in_backups or companion_temp_target(name) is not None


def conflict_of(name: str) -> tuple[str, str] | None:
    """(the name it is a copy of, the tool) if name is a conflict copy of a Companion file."""
    schemes, onedrive, _ = _foreign_patterns()
    for tool, pattern in schemes:
        match = pattern.match(name)
        if match:
            original = match.group("stem") + (match.group("ext") or "")
            if is_month(original) or original in MERGED_TOP or original == "encryption.json":
                return original, tool
            nested = conflict_of(original)  # a conflict copy of a conflict copy
            if nested is not None:
                return nested[0], tool
    match = onedrive.match(name)
    if match:
        return match.group("stem") + match.group("ext"), "OneDrive"
    return None


def classify(name: str, *, top: bool) -> Name:
    """What name is, at the top of the journal folder (top) or in entries/ or commitments/."""
    if (top and name in TOP_NAMES) or (not top and is_month(name)):
        return Name("own")
    if companion_temp_target(name) or _COMPANION_ASIDE.match(name):
        return Name("own")
    conflict = conflict_of(name)
    if conflict is not None and (is_month(conflict[0]) != top):
        return Name("conflict", conflict[0], conflict[1])
    if any(pattern.match(name) for pattern in _foreign_patterns()[2]):
        return Name("sync tool")
    return Name("unknown")


# ---------------------------------------------------------------------- merging records


@dataclass
class Merged:
    """What merging a copy into a file did: records only in the copy, and records both changed."""

    added: list[str] = field(default_factory=list)
    combined: list[str] = field(default_factory=list)
    disputed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.combined)


def _key(doc: Any) -> str:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


def _sort_key(change: Document) -> tuple[float, str]:
    """A change's place in time (then its words, so two devices sort alike); a moment
    Companion did not write (no zone, not a date) sorts first."""
    try:
        moment = datetime.fromisoformat(str(change.get("at")))
        stamp = moment.timestamp() if moment.tzinfo is not None else float("-inf")
    except (ValueError, OverflowError, OSError):
        stamp = float("-inf")
    return stamp, _key(change)


def _unique(changes: list[Any]) -> list[Document]:
    seen: dict[str, Document] = {}
    for change in changes:
        if isinstance(change, dict):
            seen.setdefault(_key(change), change)
    return sorted(seen.values(), key=_sort_key)


def _final_status(doc: Document) -> str:
    history = doc.get("history") or []
    if history and isinstance(history[-1], dict):
        return str(history[-1].get("status", doc.get("status", "open")))
    return str(doc.get("status", "open"))


def _standing(doc: Document, unique: list[Document]) -> tuple[tuple[float, str], str]:
    """How late a side's own changes are, then its words (the same order on every device)."""
    return (_sort_key(unique[-1]) if unique else (float("-inf"), ""), _key(doc))


def merge_commitment(ours: Document, theirs: Document) -> tuple[Document, bool]:
    """One commitment changed on two devices: (merged, whether the two contradict).

    Both histories are kept (a change is one (moment, change) pair, never counted twice), in
    order of time; the latest change sets the status (and the fields of its side stand). Where
    each side made a change the other has not seen, ending in different statuses (done on
    one, dropped on the other), the last change of each is kept in "disputed" until the leader
    chooses.
    """
    mine = _unique(list(ours.get("history") or []))
    other = _unique(list(theirs.get("history") or []))
    history = _unique(mine + other)
    mine_keys = {_key(c) for c in mine}
    other_keys = {_key(c) for c in other}
    only_mine = [c for c in mine if _key(c) not in other_keys]
    only_other = [c for c in other if _key(c) not in mine_keys]
    # The side with the latest change the other lacks stands (ties: the same on both devices,
    # so both write the same file and the sync settles).
    mine_stands = _standing(ours, only_mine) >= _standing(theirs, only_other)
    later_side = ours if mine_stands else theirs
    merged = dict(later_side)
    merged["history"] = history
    if history:
        merged["status"] = history[-1].get("status", merged.get("status"))
    contradict = bool(only_mine and only_other) and _final_status(ours) != _final_status(theirs)
    disputed = _unique(list(ours.get("disputed") or []) + list(theirs.get("disputed") or []))
    if contradict:
        disputed = _unique([*disputed, only_mine[-1], only_other[-1]])
    # A dispute stands until a change is made after it (the leader chose).
    if disputed and history and _key(history[-1]) not in {_key(c) for c in disputed}:
        disputed = []
    if disputed:
        merged["disputed"] = disputed
    else:
        merged.pop("disputed", None)
    return merged, contradict


def _entry_saved(doc: Document) -> tuple[float, str]:
    edits = [e for e in doc.get("edits") or [] if isinstance(e, dict)]
    moments = [_sort_key({"at": doc.get("completed")})[0]] + [_sort_key(e)[0] for e in edits]
    return max(moments), _key(doc)


def merge_entry(ours: Document, theirs: Document) -> Document:
    """One entry changed on two devices: the later stands, the other is kept as an earlier
    version (with every version either side kept), so no word is lost."""
    later, other = (ours, theirs) if _entry_saved(ours) >= _entry_saved(theirs) else (theirs, ours)
    versions: dict[str, Document] = {}
    for doc in (other, *(ours.get("earlier") or []), *(theirs.get("earlier") or [])):
        if isinstance(doc, dict):
            bare = {k: v for k, v in doc.items() if k != "earlier"}
            if _key(bare) != _key({k: v for k, v in later.items() if k != "earlier"}):
                versions.setdefault(_key(bare), bare)
    merged = {k: v for k, v in later.items() if k != "earlier"}
    if versions:
        merged["earlier"] = sorted(versions.values(), key=_entry_saved, reverse=True)
    return merged


def merge_draft(ours: Document, theirs: Document) -> Document:
    """One draft saved on two devices: the one saved later stands (the other stays in the
    conflict copy, kept aside)."""

    def saved(doc: Document) -> tuple[float, str]:
        return _sort_key({"at": doc.get("updated")})[0], _key(doc)

    return theirs if saved(theirs) > saved(ours) else ours


def merge_session(ours: Document, theirs: Document) -> Document:
    """One session changed on two devices (its kind set, a calendar imported again): both
    devices keep the same one, chosen by content alone, so the sync settles."""
    return max(ours, theirs, key=_key)


def merge_rows(
    table: str, ours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], Merged]:
    """Two versions of one file's records (id → document) merged by id."""
    report = Merged()
    merged = dict(ours)
    for record_id, doc in theirs.items():
        mine = merged.get(record_id)
        if mine is None:
            merged[record_id] = doc
            report.added.append(record_id)
            continue
        if _key(mine) == _key(doc):
            continue
        if table == "commitments":
            combined, contradict = merge_commitment(mine, doc)
            if contradict:
                report.disputed.append(record_id)
        elif table == "entries":
            combined = merge_entry(mine, doc)
        elif table == "sessions":
            combined = merge_session(mine, doc)
        else:
            combined = merge_draft(mine, doc)
        if _key(combined) != _key(mine):
            merged[record_id] = combined
            report.combined.append(record_id)
    return dict(sorted(merged.items())), report


def merge_meta(ours: Document, theirs: Document) -> Document:
    """journal.json from two devices: every setting kept; for a setting both have, the newer
    format version and the later review date stand, else this device's."""
    merged = {**theirs, **ours}
    if isinstance(theirs.get("schema"), int) and isinstance(ours.get("schema"), int):
        merged["schema"] = max(ours["schema"], theirs["schema"])
    for key in ("last_review",):
        values = [str(d[key]) for d in (ours, theirs) if d.get(key)]
        if values:
            merged[key] = max(values)
    return merged


def merge_versions(ours: dict[str, int], theirs: dict[str, int]) -> dict[str, int]:
    """versions.json from two devices: the higher version of each file."""
    return {k: max(ours.get(k, 0), theirs.get(k, 0)) for k in {*ours, *theirs}}
