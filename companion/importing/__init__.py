"""Bring entries into a journal: Companion's own JSON export, jrnl's (`jrnl --export json`)
or Day One's (its JSON export zip).

Every record is read and checked before anything is written, so a file of the wrong shape,
of a newer format, or not JSON at all leaves the journal exactly as it was. Importing the same
file twice adds nothing the second time: Companion exports keep their ids, and a jrnl entry's id
is derived from its date, time, title and body.

common: the result, the checked file, the field checks; companion_json and jrnl: one module a
source.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from companion.core.errors import ImportFileError
from companion.importing.common import ImportResult, PreparedImport, read_json_file
from companion.importing.companion_json import import_companion_json, read_companion_export
from companion.importing.dayone import import_dayone, read_dayone_export
from companion.importing.jrnl import JRNL_SCRIPT, LATEST_ZONE, import_jrnl_json, read_jrnl_export

__all__ = [
    "JRNL_SCRIPT",
    "LATEST_ZONE",
    "SOURCES",
    "ImportResult",
    "PreparedImport",
    "import_companion_json",
    "import_dayone",
    "import_jrnl_json",
    "prepare_import",
    "read_companion_export",
    "read_dayone_export",
    "read_jrnl_export",
    "read_json_file",
]

#: Where an import can come from, and the reader that checks such a file.
SOURCES: dict[str, Callable[[Path], PreparedImport]] = {
    "companion": read_companion_export,
    "jrnl": read_jrnl_export,
    "dayone": read_dayone_export,
}


def prepare_import(path: Path, source: str = "companion") -> PreparedImport:
    """Read and check a file from source before anything is written; ImportFileError if bad."""
    reader = SOURCES.get(source.strip().lower())
    if reader is None:
        known = ", ".join(SOURCES)
        raise ImportFileError(f"Companion cannot import from {source!r}. Choose one of: {known}.")
    return reader(path)
