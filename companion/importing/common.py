"""What every import shares: the result, a file read and checked in full, and the field checks.

A source module (companion_json, jrnl) describes its records with these checks; a record that
does not fit raises Bad, which the source turns into one ImportFileError sentence, before
anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from companion.core import ids, limits
from companion.core.dates import FIRST_YEAR, LAST_YEAR, out_of_range
from companion.core.errors import ImportFileError, JournalWriteError
from companion.core.model import STEP_KINDS, Commitment, CommitmentStatus, Draft, Entry
from companion.core.progress import Progress
from companion.journal import Journal


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


def read_file_bytes(path: Path, what: str, most: int = limits.LARGE_FILE) -> bytes:
    """The bytes of the file to import; ImportFileError (one sentence) if it cannot be read."""
    try:
        return limits.read_regular(path, most)
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


def read_json_file(path: Path, what: str) -> Any:
    """The JSON data in path; ImportFileError (one sentence) if it cannot be read as JSON."""
    raw = read_file_bytes(path, what)
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


class Bad(Exception):
    """A record that does not fit: where it is, and what is wrong."""


# ---------------------------------------------------------------------- checking records

Check = Callable[[Any, str], None]


def text(value: Any, where: str) -> None:
    if not isinstance(value, str):
        raise Bad(f"{where} should be text")


def words(value: Any, where: str) -> None:
    text(value, where)
    if not value.strip():
        raise Bad(f"{where} is empty")


def optional_text(value: Any, where: str) -> None:
    if value is not None:
        text(value, where)


def flag(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise Bad(f"{where} should be true or false")


def whole_number(value: Any, where: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Bad(f"{where} should be a whole number")


def record_id(value: Any, where: str) -> None:
    if not isinstance(value, str) or not ids.is_id(value):
        raise Bad(f"{where} is not a Companion id")


def optional_id(value: Any, where: str) -> None:
    if value is not None:
        record_id(value, where)


def moment(value: Any, where: str) -> None:
    text(value, where)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Bad(f"{where} is not a date and time ({value!r})") from None
    if moment.tzinfo is None:
        raise Bad(f"{where} has no time zone ({value!r})")
    in_range(moment.date(), where, value)


def in_range(day: date, where: str, value: str) -> None:
    if out_of_range(day):
        raise Bad(f"{where} is outside the years {FIRST_YEAR} to {LAST_YEAR} ({value!r})")


def day(value: Any, where: str) -> None:
    text(value, where)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise Bad(f"{where} is not a date ({value!r})") from None
    in_range(day, where, value)


def optional_day(value: Any, where: str) -> None:
    if value is not None:
        day(value, where)


def kind(value: Any, where: str) -> None:
    if value not in STEP_KINDS:
        raise Bad(f"{where} is not a kind of question Companion knows ({value!r})")


def status(value: Any, where: str) -> None:
    if not isinstance(value, str) or value not in {s.value for s in CommitmentStatus}:
        known = ", ".join(s.value for s in CommitmentStatus)
        raise Bad(f"{where} should be one of {known} ({value!r})")


def answer_value(value: Any, where: str) -> None:
    if value is None or isinstance(value, str):
        return
    if isinstance(value, int) and not isinstance(value, bool):
        return
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return
    if isinstance(value, dict):
        return
    raise Bad(f"{where} is not an answer Companion can hold")


def list_of(check: Check) -> Check:
    def each(value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise Bad(f"{where} should be a list")
        for number, item in enumerate(value, start=1):
            check(item, f"{where}, item {number}")

    return each


def fields(
    required: dict[str, Check], optional: dict[str, Check] | None = None, *, others: bool = False
) -> Check:
    """A check of a JSON object's fields; with others, fields it does not name are let be."""
    optional = optional or {}

    def check(value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise Bad(f"{where} is not a JSON object")
        for key, check_field in required.items():
            if key not in value:
                raise Bad(f"{where} has no {key!r}")
            check_field(value[key], f"{where}: {key!r}")
        for key, item in value.items():
            if key in required:
                continue
            if key in optional:
                optional[key](item, f"{where}: {key!r}")
            elif not others:
                raise Bad(f"{where} has a field Companion does not know ({key!r})")

    return check


def records(data: dict[str, Any], key: str, check: Check, noun: str) -> list[dict[str, Any]]:
    found = data.get(key, [])
    if not isinstance(found, list):
        raise Bad(f"its {key!r} should be a list")
    seen: set[str] = set()
    for number, doc in enumerate(found, start=1):
        check(doc, f"{noun} {number}")
        if doc["id"] in seen:
            raise Bad(f"{noun} {number} has the same id as an earlier one ({doc['id']})")
        seen.add(doc["id"])
    return found


# ---------------------------------------------------------------------- ready to add


@dataclass(frozen=True)
class PreparedImport:
    """A file read and checked in full, ready to add to a journal (nothing written yet)."""

    entries: list[Entry]
    commitments: list[Commitment] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    skipped: int = 0

    def apply(self, journal: Journal, progress: Progress | None = None) -> ImportResult:
        """Add what the journal lacks; never change a record it has (progress: file by file)."""
        try:
            counts = journal.add_missing(self.entries, self.commitments, self.drafts, progress)
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
