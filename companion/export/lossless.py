"""The JSON export: lossless, versioned, and the same bytes every time for the same journal.

    {"companion": "export", "format": 1, "entries": [...], "commitments": [...],
     "drafts": [...], "settings": {...}}

Records are in the journal's own stored form (companion/journal/converters.py), entries oldest
first, commitments and drafts by id, keys sorted, and no export time: importing a file into an
empty journal and exporting it again gives the same file.
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


def export_json(selection: Selection) -> str:
    """The export as JSON text (UTF-8, indented, keys sorted, ending in a newline)."""
    return (
        json.dumps(export_document(selection), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )
