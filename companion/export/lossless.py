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
from typing import Any

from companion.export.selection import Selection
from companion.journal import converters

MARKER = "export"
FORMAT = 1


def export_document(selection: Selection) -> dict[str, Any]:
    """The export as JSON-ready data."""
    return {
        "companion": MARKER,
        "format": FORMAT,
        "entries": [converters.entry_to_doc(e) for e in selection.entries],
        "commitments": [converters.commitment_to_doc(c) for c in selection.commitments],
        "drafts": [converters.draft_to_doc(d) for d in selection.drafts],
        "settings": dict(selection.settings),
    }


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def export_json(selection: Selection) -> str:
    """The export as JSON text (UTF-8, one record per line, keys sorted, ending in a newline)."""
    document = export_document(selection)
    lines = ["{"]
    keys = sorted(document)
    for position, key in enumerate(keys):
        comma = "," if position < len(keys) - 1 else ""
        value = document[key]
        if isinstance(value, list) and value:
            lines.append(f"  {_compact(key)}: [")
            lines.extend(f"    {_compact(record)}," for record in value[:-1])
            lines.append(f"    {_compact(value[-1])}")
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {_compact(key)}: {_compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"
