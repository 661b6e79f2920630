"""The JSON export: lossless, versioned, and the same bytes every time for the same journal.

    {
      "commitments": [
        {"id":"…","text":"…",…},
        …
      ],
      "companion": "export",
      "drafts": […],
      "entries": […],
      "format": 1,
      "settings": {…}
    }

Each record is one line, in the journal's own stored form (companion/journal/converters.py):
its fields in the order the journal writes them, no spaces. Entries go oldest first,
commitments and drafts by id, and there is no export time: importing a file into an empty
journal and exporting it again gives the same file.

A record that goes as it was read (the privacy rule took nothing out of it, and it is stored
exactly as converting it would write it) is written as the text it is stored as, neither
converted nor encoded again (journal/spans.py checks that text says nothing more than the record
that was judged); any other record is converted and encoded, by one encoder, in the same form.
The export is made of each record's UTF-8 bytes and joined once: no text of the whole export is
ever made (the command writes the bytes; export_json decodes them for a face that shows text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from companion.core.model import Commitment, Entry
from companion.core.progress import Progress
from companion.export.selection import Selection
from companion.journal import converters

R = TypeVar("R", Entry, Commitment)

MARKER = "export"
FORMAT = 1


def _line(record: R, to_doc: Callable[[R], dict[str, Any]], selection: Selection) -> bytes:
    """A record's line: the text it is stored as if it goes exactly as read (the same object:
    nothing private was taken out of it) and that text may stand for it, else it encoded."""
    found = selection.stored.get(record.id)
    if found is not None and found[0] is record:
        return found[1]
    return _compact(to_doc(record))


#: One encoder for every record (json.dumps would build a new one for each of thousands), writing
#: as the journal's store does. Records are trees (no cycles to look for).
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode

#: A lone surrogate (from a \ud800 escape in a stored file) cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _compact(value: Any) -> bytes:
    """value as one line of JSON in UTF-8; a lone surrogate written as its \\u escape (the
    same data)."""
    text = _encode(value)
    try:  # quicker than searching with a pattern
        return text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)
    return text.encode("utf-8")


def export_json(selection: Selection, *, progress: Progress | None = None) -> str:
    """The export as JSON text (one record per line, ending in a newline)."""
    return export_json_bytes(selection, progress=progress).decode("utf-8")


def export_json_bytes(selection: Selection, *, progress: Progress | None = None) -> bytes:
    """The export as UTF-8 bytes (one record per line, ending in a newline): made of each
    record's bytes, with no text of the whole export in between."""
    total = len(selection.entries) + len(selection.commitments) + len(selection.drafts)
    done = 0
    fields: dict[str, bytes | list[bytes]] = {
        "commitments": [
            _line(c, converters.commitment_to_doc, selection) for c in selection.commitments
        ],
        "companion": _compact(MARKER),
        "drafts": [_compact(converters.draft_to_doc(d)) for d in selection.drafts],
        "entries": [_line(e, converters.entry_to_doc, selection) for e in selection.entries],
        "format": _compact(FORMAT),
        "settings": _compact(dict(selection.settings)),
    }
    pieces = [b"{\n"]  # joined once at the end: megabytes are copied only once
    for position, (key, value) in enumerate(fields.items()):
        end = b",\n" if position < len(fields) - 1 else b"\n"
        name = key.encode("ascii")
        if isinstance(value, list) and value:
            if progress is not None:
                progress(done, total, "Exporting")
                done += len(value)
            pieces += [b'  "', name, b'": [\n    ', b",\n    ".join(value), b"\n  ]", end]
        else:
            shown = b"[]" if isinstance(value, list) else value
            pieces += [b'  "', name, b'": ', shown, end]
    pieces.append(b"}\n")
    if progress is not None:
        progress(total, total, "Exporting")
    return b"".join(pieces)
