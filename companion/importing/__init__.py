"""Bring entries into a journal: Companion's own JSON export, or jrnl's (`jrnl --export json`).

Every record is read and checked before anything is written, so a file of the wrong shape,
of a newer format, or not JSON at all leaves the journal exactly as it was. Importing the same
file twice adds nothing the second time: Companion exports keep their ids, and a jrnl entry's id
is derived from its date, time, title and body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from companion.core import ids, limits
from companion.core.dates import FIRST_YEAR, LAST_YEAR, out_of_range
from companion.core.errors import ImportFileError, JournalWriteError
from companion.core.known_scripts import LEARNING_DIARY, DiaryStep
from companion.core.model import STEP_KINDS, Answer, Commitment, CommitmentStatus, Draft, Entry
from companion.export.lossless import FORMAT, MARKER
from companion.export.selection import PORTABLE_SETTINGS
from companion.journal import Journal, converters

JRNL_SCRIPT = LEARNING_DIARY
_TAG_SYMBOLS = "@#"
#: The furthest ahead of UTC a local time can be (UTC+14): see the jrnl import's ids.
LATEST_ZONE = timedelta(hours=14)


@dataclass(frozen=True)
class ImportResult:
    """How many records an import added, and how many the journal already had."""

    entries_added: int = 0
    entries_present: int = 0
    commitments_added: int = 0
    commitments_present: int = 0
    drafts_added: int = 0
    drafts_present: int = 0
    skipped: int = 0

    @property
    def added(self) -> int:
        return self.entries_added + self.commitments_added + self.drafts_added

    @property
    def already_present(self) -> int:
        return self.entries_present + self.commitments_present + self.drafts_present

    def summary(self, path: Path) -> str:
        """One sentence for the leader."""
        added = [_count(self.entries_added, "entry", "entries")]
        if self.commitments_added or self.commitments_present:
            added.append(_count(self.commitments_added, "commitment"))
        if self.drafts_added or self.drafts_present:
            added.append(_count(self.drafts_added, "draft"))
        sentence = f"Imported {_join(added)} from {path}."
        if self.already_present:
            sentence += (
                f" {_count(self.already_present, 'record was', 'records were')} already in the "
                "journal and left as they are."
            )
        if self.skipped:
            sentence += f" Skipped {_count(self.skipped, 'empty entry', 'empty entries')}."
        return sentence


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else (plural or noun + 's')}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# ---------------------------------------------------------------------- reading a file


def read_json_file(path: Path, what: str) -> Any:
    """The JSON data in path; ImportFileError (one sentence) if it cannot be read as JSON."""
    try:
        raw = limits.read_regular(path, limits.LARGE_FILE)
    except FileNotFoundError:
        raise ImportFileError(f"There is no file {path}. Check its name and try again.") from None
    except limits.LimitExceeded as error:
        raise ImportFileError(
            f"{path} {error}. Give the {what} file itself; nothing was imported."
        ) from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder. Give the {what} file itself.") from None
    except PermissionError:
        raise ImportFileError(
            f"Companion may not read {path} (permission denied). Check the file's owner."
        ) from None
    except OSError as error:
        raise ImportFileError(
            f"Companion could not read {path}: {error.strerror or error}."
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            f"{path} is not a text file. Give the {what} file (JSON); nothing was imported."
        ) from None
    if not text.strip():
        raise ImportFileError(f"{path} is empty. Give the {what} file; nothing was imported.")
    try:
        data = limits.loads_json(text)
    except limits.LimitExceeded as error:
        raise ImportFileError(
            f"{path} {error}, so it is not a {what} file Companion can import; nothing was "
            "imported."
        ) from None
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}). "
            f"Give the {what} file; nothing was imported."
        ) from None
    return data


class _Bad(Exception):
    """A record that does not fit: where it is, and what is wrong."""


# ---------------------------------------------------------------------- checking records

Check = Callable[[Any, str], None]


def _text(value: Any, where: str) -> None:
    if not isinstance(value, str):
        raise _Bad(f"{where} should be text")


def _words(value: Any, where: str) -> None:
    _text(value, where)
    if not value.strip():
        raise _Bad(f"{where} is empty")


def _optional_text(value: Any, where: str) -> None:
    if value is not None:
        _text(value, where)


def _flag(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise _Bad(f"{where} should be true or false")


def _whole_number(value: Any, where: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Bad(f"{where} should be a whole number")


def _record_id(value: Any, where: str) -> None:
    if not isinstance(value, str) or not ids.is_id(value):
        raise _Bad(f"{where} is not a Companion id")


def _optional_id(value: Any, where: str) -> None:
    if value is not None:
        _record_id(value, where)


def _moment(value: Any, where: str) -> None:
    _text(value, where)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(f"{where} is not a date and time ({value!r})") from None
    if moment.tzinfo is None:
        raise _Bad(f"{where} has no time zone ({value!r})")
    _in_range(moment.date(), where, value)


def _in_range(day: date, where: str, value: str) -> None:
    if out_of_range(day):
        raise _Bad(f"{where} is outside the years {FIRST_YEAR} to {LAST_YEAR} ({value!r})")


def _day(value: Any, where: str) -> None:
    _text(value, where)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"{where} is not a date ({value!r})") from None
    _in_range(day, where, value)


def _optional_day(value: Any, where: str) -> None:
    if value is not None:
        _day(value, where)


def _kind(value: Any, where: str) -> None:
    if value not in STEP_KINDS:
        raise _Bad(f"{where} is not a kind of question Companion knows ({value!r})")


def _status(value: Any, where: str) -> None:
    if not isinstance(value, str) or value not in {s.value for s in CommitmentStatus}:
        known = ", ".join(s.value for s in CommitmentStatus)
        raise _Bad(f"{where} should be one of {known} ({value!r})")


def _answer_value(value: Any, where: str) -> None:
    if value is None or isinstance(value, str):
        return
    if isinstance(value, int) and not isinstance(value, bool):
        return
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return
    if isinstance(value, dict):
        return
    raise _Bad(f"{where} is not an answer Companion can hold")


def _list_of(check: Check) -> Check:
    def each(value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise _Bad(f"{where} should be a list")
        for number, item in enumerate(value, start=1):
            check(item, f"{where}, item {number}")

    return each


def _fields(
    required: dict[str, Check], optional: dict[str, Check] | None = None, *, others: bool = False
) -> Check:
    """A check of a JSON object's fields; with others, fields it does not name are let be."""
    optional = optional or {}

    def check(value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise _Bad(f"{where} is not a JSON object")
        for key, check_field in required.items():
            if key not in value:
                raise _Bad(f"{where} has no {key!r}")
            check_field(value[key], f"{where}: {key!r}")
        for key, item in value.items():
            if key in required:
                continue
            if key in optional:
                optional[key](item, f"{where}: {key!r}")
            elif not others:
                raise _Bad(f"{where} has a field Companion does not know ({key!r})")

    return check


_ANSWER = _fields(
    {"step": _words, "prompt": _text, "kind": _kind, "value": _answer_value},
    {"private": _flag},
)
_ENTRY = _fields(
    {
        "id": _record_id,
        "script": _words,
        "script_version": _whole_number,
        "script_title": _text,
        "started": _moment,
        "completed": _moment,
        "answers": _list_of(_ANSWER),
        "tags": _list_of(_text),
        "private": _flag,
        "commitments": _list_of(_record_id),
        "edits": _list_of(_fields({"at": _moment, "note": _text})),
    },
    {"starred": _flag},
)
_CHANGE = _fields(
    {"at": _moment, "status": _status},
    {"note": _text, "due": _day, "step": _text},
)
_COMMITMENT = _fields(
    {
        "id": _record_id,
        "text": _words,
        "created": _moment,
        "due": _optional_day,
        "first_step": _optional_text,
        "status": _status,
        "history": _list_of(_CHANGE),
        "entry": _optional_id,
        "script": _optional_text,
    }
)
_DRAFT = _fields(
    {
        "id": _record_id,
        "script": _words,
        "script_version": _whole_number,
        "script_title": _text,
        "started": _moment,
        "updated": _moment,
        "position": _whole_number,
        "answers": _list_of(_ANSWER),
    }
)
_SETTINGS = _fields({}, {key: _moment for key in PORTABLE_SETTINGS})


def _records(data: dict[str, Any], key: str, check: Check, noun: str) -> list[dict[str, Any]]:
    found = data.get(key, [])
    if not isinstance(found, list):
        raise _Bad(f"its {key!r} should be a list")
    seen: set[str] = set()
    for number, doc in enumerate(found, start=1):
        check(doc, f"{noun} {number}")
        if doc["id"] in seen:
            raise _Bad(f"{noun} {number} has the same id as an earlier one ({doc['id']})")
        seen.add(doc["id"])
    return found


# ---------------------------------------------------------------------- Companion's JSON


@dataclass(frozen=True)
class PreparedImport:
    """A file read and checked in full, ready to add to a journal (nothing written yet)."""

    entries: list[Entry]
    commitments: list[Commitment] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    skipped: int = 0

    def apply(self, journal: Journal) -> ImportResult:
        """Add what the journal lacks; never change a record it has."""
        try:
            counts = journal.add_missing(self.entries, self.commitments, self.drafts)
        except JournalWriteError as error:
            raise JournalWriteError(
                f"{error} Part of the file may have been imported: once the problem is fixed, "
                "import the same file again; it adds only what is still missing."
            ) from error
        for key, value in self.settings.items():
            current = journal.meta.get(key)
            if current is None or _later(value, current):
                journal.set_meta(key, value)
        return ImportResult(
            entries_added=counts.added.get("entries", 0),
            entries_present=counts.present.get("entries", 0),
            commitments_added=counts.added.get("commitments", 0),
            commitments_present=counts.present.get("commitments", 0),
            drafts_added=counts.added.get("drafts", 0),
            drafts_present=counts.present.get("drafts", 0),
            skipped=self.skipped,
        )


def _later(value: str, current: Any) -> bool:
    try:
        return datetime.fromisoformat(value) > datetime.fromisoformat(str(current))
    except (TypeError, ValueError):
        return True


def read_companion_export(path: Path) -> PreparedImport:
    """Read and check a whole Companion JSON export; ImportFileError says what is wrong."""
    data = read_json_file(path, "Companion export (.json)")
    if not isinstance(data, dict):
        raise ImportFileError(
            f"{path} is not a Companion export (it holds a JSON {_json_kind(data)}). "
            "Give the file `companion export --format json` wrote; nothing was imported."
        )
    marker = data.get("companion")
    if marker != MARKER:
        if marker is None and isinstance(data.get("entries"), list) and "tags" in data:
            raise ImportFileError(
                f"{path} looks like a jrnl export. Import it with: companion import --from jrnl "
                f"{path}"
            )
        if marker == "journal":
            raise ImportFileError(
                f"{path} is a journal's description file, not an export. Export that journal "
                "with `companion export --format json --journal FOLDER`, then import the export."
            )
        raise ImportFileError(
            f'{path} is not a Companion export (it has no "companion": "export" marker). '
            "Give the file `companion export --format json` wrote; nothing was imported."
        )
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFileError(
            f"{path} does not say which export format it uses, so Companion cannot trust it; "
            "nothing was imported."
        )
    if version > FORMAT:
        raise ImportFileError(
            f"{path} was written by a newer Companion (export format {version}; this one reads "
            f"up to format {FORMAT}). Install a newer Companion to import it; nothing was "
            "imported."
        )
    known = {"companion", "format", "entries", "commitments", "drafts", "settings"}
    try:
        unknown = sorted(set(data) - known)
        if unknown:
            raise _Bad(f"it has a part Companion does not know ({unknown[0]!r})")
        entries = _records(data, "entries", _ENTRY, "entry")
        commitments = _records(data, "commitments", _COMMITMENT, "commitment")
        drafts = _records(data, "drafts", _DRAFT, "draft")
        settings = data.get("settings", {})
        _SETTINGS(settings, "its settings")
    except _Bad as problem:
        raise ImportFileError(
            f"{path} is not an export Companion can import: {problem}. Nothing was imported."
        ) from None
    return PreparedImport(
        entries=[converters.entry_from_doc(doc) for doc in entries],
        commitments=[converters.commitment_from_doc(doc) for doc in commitments],
        drafts=[converters.draft_from_doc(doc) for doc in drafts],
        settings=dict(settings),
    )


def _json_kind(data: Any) -> str:
    if isinstance(data, list):
        return "list"
    if isinstance(data, str):
        return "string"
    if data is None:
        return "null"
    return "number" if isinstance(data, int | float) else "value"


def import_companion_json(journal: Journal, path: Path) -> ImportResult:
    """Add what a Companion JSON export holds and the journal lacks; never change a record."""
    return read_companion_export(path).apply(journal)


# ---------------------------------------------------------------------- jrnl


def _jrnl_tag(text: str) -> str:
    return "-".join(text.strip().lstrip(_TAG_SYMBOLS).lower().split())


def _clock_time(value: Any, where: str) -> None:
    _text(value, where)
    try:
        datetime.strptime(value, "%H:%M")
    except ValueError:
        raise _Bad(f"{where} is not a time such as 09:30 ({value!r})") from None


#: One entry of `jrnl --export json` (jrnl writes fields of its own too: they are let be).
_JRNL_ENTRY = _fields(
    {"title": _text, "date": _day},
    {"body": _text, "time": _clock_time, "starred": _flag, "tags": _list_of(_text)},
    others=True,
)


def read_jrnl_export(path: Path) -> PreparedImport:
    """Learning-diary entries from jrnl's JSON export, and how many empty ones were skipped."""
    from companion.core.scripts import load_library

    data = read_json_file(path, "jrnl export (jrnl --export json)")
    if isinstance(data, dict) and data.get("companion") == MARKER:
        raise ImportFileError(
            f"{path} is a Companion export, not a jrnl one. Import it with: companion import {path}"
        )
    try:
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            raise _Bad("it has no list of entries (run `jrnl --export json` to make one)")
        for number, item in enumerate(data["entries"], start=1):
            _JRNL_ENTRY(item, f"entry {number}")
    except _Bad as problem:
        raise ImportFileError(
            f"{path} is not a jrnl export Companion can import: {problem}. Nothing was imported."
        ) from None
    script = load_library(include_user=False).get(JRNL_SCRIPT)
    happened, tags_step = script.step(DiaryStep.HAPPENED), script.step(DiaryStep.TAGS)
    assert happened is not None and tags_step is not None
    entries: list[Entry] = []
    skipped = 0
    for item in data["entries"]:
        title, body = item["title"].strip(), item.get("body", "").strip("\n")
        if not title and not body.strip():
            skipped += 1
            continue
        naive = datetime.strptime(f"{item['date']} {item.get('time', '00:00')}", "%Y-%m-%d %H:%M")
        written = naive.astimezone()  # jrnl keeps local time; this machine's zone says which
        tags = list(dict.fromkeys(t for t in map(_jrnl_tag, item.get("tags", [])) if t))
        text = title if not body.strip() else f"{title}\n{body}" if title else body
        answers = [Answer(happened.id, happened.prompt, happened.kind, text)]
        if tags:
            answers.append(Answer(tags_step.id, tags_step.prompt, tags_step.kind, tags))
        key = "\n".join(["jrnl", item["date"], item.get("time", ""), title, body])
        entries.append(
            Entry(
                # From the text alone (not this machine's zone): a re-import finds it again.
                # Read as UTC fourteen hours on, the id is never before the entry was written
                # in any zone (a journal file must not hold an entry finished after its month).
                id=ids.stable_id((naive + LATEST_ZONE).replace(tzinfo=UTC), key),
                script_id=script.id,
                script_version=script.version,
                script_title=script.title,
                started=written,
                completed=written,
                answers=answers,
                tags=tags,
                starred=bool(item.get("starred", False)),
            )
        )
    return PreparedImport(entries, skipped=skipped)


def import_jrnl_json(journal: Journal, path: Path) -> ImportResult:
    """Add jrnl's entries as learning-diary entries (title and body, tags, stars, dates)."""
    return read_jrnl_export(path).apply(journal)


#: Where an import can come from, and the reader that checks such a file.
SOURCES: dict[str, Callable[[Path], PreparedImport]] = {
    "companion": read_companion_export,
    "jrnl": read_jrnl_export,
}


def prepare_import(path: Path, source: str = "companion") -> PreparedImport:
    """Read and check a file from source before anything is written; ImportFileError if bad."""
    reader = SOURCES.get(source.strip().lower())
    if reader is None:
        known = ", ".join(SOURCES)
        raise ImportFileError(f"Companion cannot import from {source!r}. Choose one of: {known}.")
    return reader(path)
