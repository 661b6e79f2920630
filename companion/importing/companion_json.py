"""Companion's own JSON export (`companion export --format json`), read back in.

Every record is checked before anything is written; records keep their ids, so importing the
same export twice adds nothing the second time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from companion.core.errors import Hint, ImportFileError
from companion.export.lossless import FORMAT, MARKER
from companion.export.selection import PORTABLE_SETTINGS
from companion.importing import common
from companion.importing.common import ImportResult, PreparedImport
from companion.journal import Journal, converters

_ANSWER = common.fields(
    {
        "step": common.words,
        "prompt": common.text,
        "kind": common.kind,
        "value": common.answer_value,
    },
    {"private": common.flag},
)
_ENTRY = common.fields(
    {
        "id": common.record_id,
        "script": common.words,
        "script_version": common.whole_number,
        "script_title": common.text,
        "started": common.moment,
        "completed": common.moment,
        "answers": common.list_of(_ANSWER),
        "tags": common.list_of(common.text),
        "private": common.flag,
        "commitments": common.list_of(common.record_id),
        "edits": common.list_of(common.fields({"at": common.moment, "note": common.text})),
    },
    {"starred": common.flag},
)
_CHANGE = common.fields(
    {"at": common.moment, "status": common.status},
    {"note": common.text, "due": common.day, "step": common.text},
)
_COMMITMENT = common.fields(
    {
        "id": common.record_id,
        "text": common.words,
        "created": common.moment,
        "due": common.optional_day,
        "first_step": common.optional_text,
        "status": common.status,
        "history": common.list_of(_CHANGE),
        "entry": common.optional_id,
        "script": common.optional_text,
    }
)
_DRAFT = common.fields(
    {
        "id": common.record_id,
        "script": common.words,
        "script_version": common.whole_number,
        "script_title": common.text,
        "started": common.moment,
        "updated": common.moment,
        "position": common.whole_number,
        "answers": common.list_of(_ANSWER),
    }
)
_SETTINGS = common.fields({}, {key: common.moment for key in PORTABLE_SETTINGS})


def _check_marker(path: Path, data: Any) -> None:
    """That data is a Companion export of a format this Companion reads; ImportFileError if not."""
    if not isinstance(data, dict):
        raise ImportFileError(
            f"{path} is not a Companion export (it holds a JSON {_json_kind(data)}). ",
            Hint.GIVE_EXPORT,
            "; nothing was imported.",
        )
    marker = data.get("companion")
    if marker != MARKER:
        if marker is None and isinstance(data.get("entries"), list) and "tags" in data:
            raise ImportFileError(
                f"{path} looks like a jrnl export. ", Hint.FROM_JRNL, ": nothing was imported."
            )
        if marker == "journal":
            raise ImportFileError(
                f"{path} is a journal's description file, not an export. ",
                Hint.EXPORT_THAT_JOURNAL,
                ", then import the export.",
            )
        raise ImportFileError(
            f'{path} is not a Companion export (it has no "companion": "export" marker). ',
            Hint.GIVE_EXPORT,
            "; nothing was imported.",
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


def read_companion_export(path: Path) -> PreparedImport:
    """Read and check a whole Companion JSON export; ImportFileError says what is wrong."""
    data = common.read_json_file(path, "Companion export (.json)")
    _check_marker(path, data)
    known = {"companion", "format", "entries", "commitments", "drafts", "settings"}
    try:
        unknown = sorted(set(data) - known)
        if unknown:
            raise common.Bad(f"it has a part Companion does not know ({unknown[0]!r})")
        entries = common.records(data, "entries", _ENTRY, "entry")
        commitments = common.records(data, "commitments", _COMMITMENT, "commitment")
        drafts = common.records(data, "drafts", _DRAFT, "draft")
        settings = data.get("settings", {})
        _SETTINGS(settings, "its settings")
    except common.Bad as problem:
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
