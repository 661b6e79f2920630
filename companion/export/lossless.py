"""The JSON export: lossless, versioned, and the same bytes every time for the same journal.

    {"companion": "export", "format": 1, "entries": [...], "commitments": [...],
     "drafts": [...], "settings": {...}}

Records are in the journal's own stored form (companion/journal/converters.py), entries oldest
first, commitments and drafts by id, keys sorted, and no export time: importing a file into an
empty journal and exporting it again gives the same file.

Each record is one line: easy to read and to compare, and written by the json module's fast C
encoder (an indented dump of ten years goes through its pure-Python encoder, several times slower).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from companion.core.model import Commitment, Entry
from companion.core.progress import Progress
from companion.export.selection import Selection
from companion.journal import converters

R = TypeVar("R", Entry, Commitment)

MARKER = "export"
FORMAT = 1


def export_document(selection: Selection) -> dict[str, Any]:
    """The export as JSON-ready data."""
    return {
        "companion": MARKER,
        "format": FORMAT,
        "entries": [_document(e, converters.entry_to_doc, selection) for e in selection.entries],
        "commitments": [
            _document(c, converters.commitment_to_doc, selection) for c in selection.commitments
        ],
        "drafts": [converters.draft_to_doc(d) for d in selection.drafts],
        "settings": dict(selection.settings),
    }


def _document(record: R, to_doc: Callable[[R], dict[str, Any]], selection: Selection) -> Any:
    """A record's stored document if it goes exactly as read (the same object: nothing private
    was taken out of it), else the record converted."""
    found = selection.stored.get(record.id)
    if found is not None and found[0] is record:
        return found[1]
    return to_doc(record)


#: One encoder for every record (json.dumps would build a new one for each of thousands).
_compact = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": ")).encode


def export_json(selection: Selection, *, progress: Progress | None = None) -> str:
    """The export as JSON text (UTF-8, one record per line, keys sorted, ending in a newline)."""
    document = export_document(selection)
    total = sum(len(v) for v in document.values() if isinstance(v, list))
    done = 0
    lines = ["{"]
    keys = sorted(document)
    for position, key in enumerate(keys):
        comma = "," if position < len(keys) - 1 else ""
        value = document[key]
        if isinstance(value, list) and value:
            if progress is not None:
                progress(done, total, "Exporting")
                done += len(value)
            lines.append(f"  {_compact(key)}: [")
            lines.extend(f"    {_compact(record)}," for record in value[:-1])
            lines.append(f"    {_compact(value[-1])}")
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {_compact(key)}: {_compact(value)}{comma}")
    lines.append("}")
    if progress is not None:
        progress(total, total, "Exporting")
    return "\n".join(lines) + "\n"
