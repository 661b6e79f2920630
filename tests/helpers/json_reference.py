"""The JSON export as Companion wrote it before it was made of bytes (commit 2cf99fd), kept
whole so that a test can hold the export to it byte for byte.

Its own copy of the steps that changed: reading each monthly file with each record's stored
text (store.load_with_texts), choosing the records that go as stored
(selection.select_from_journal), and joining the export as one text (lossless.export_json),
which `companion export --format json -o -` then encoded as UTF-8. The checks it calls
(spans, stored_form, read_table, the converters and the privacy rule in select) are the
journal's own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from companion.core.collector import paused_collector
from companion.core.model import Commitment, Entry
from companion.export.selection import ExportOptions, Selection, select
from companion.journal import Journal, converters, files, spans, stored_form
from companion.journal.folder import COMMITMENTS, ENTRIES
from companion.journal.store import read_table

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
_SURROGATE = re.compile("[\ud800-\udfff]")


def reference_export(journal: Journal, options: ExportOptions) -> bytes:
    """What `companion export --format json -o -` wrote for journal, before this change."""
    if not journal.writable:
        selection = select(
            journal.entries(),
            journal.commitments(),
            options,
            drafts=journal.drafts(),
            settings=dict(journal.meta),
        )
    else:
        selection = _select_stored(journal, options)
    return _export_json(selection).encode("utf-8")


def _select_stored(journal: Journal, options: ExportOptions) -> Selection:
    entries = sorted(
        _with_texts(journal, ENTRIES, converters.entry_from_doc),
        key=lambda pair: (pair[0].completed, pair[0].id),
        reverse=True,
    )
    commitments = sorted(
        _with_texts(journal, COMMITMENTS, converters.commitment_from_doc),
        key=lambda pair: pair[0].id,
    )
    selection = select(
        [entry for entry, _ in entries],
        [commitment for commitment, _ in commitments],
        options,
        drafts=journal.drafts(),
        settings=dict(journal.meta),
    )
    going = {id(record) for record in [*selection.entries, *selection.commitments]}
    texts: dict[str, tuple[Entry | Commitment, str]] = {}
    for record, text in [*entries, *commitments]:
        if text is not None and id(record) in going:
            texts[record.id] = (record, text)
    selection.stored = texts  # type: ignore[assignment]  # texts, as they were
    return selection


def _with_texts(
    journal: Journal, kind: str, convert: Callable[[dict[str, Any]], Any]
) -> list[tuple[Any, str | None]]:
    found: list[tuple[Any, str | None]] = []
    for path in journal._shard_paths(kind):
        found.extend(_load_with_texts(journal, path, kind, convert))
    return found


def _load_with_texts(
    journal: Journal, path: Path, table: str, convert: Callable[[dict[str, Any]], Any]
) -> list[tuple[Any, str | None]]:
    store = journal.store
    store.check_safe(path)
    store._check_guard()
    raw = files.read_bytes(path)
    if raw is None:
        return []
    plain = store._plain(path, raw)
    text = store._text(path, plain)
    with paused_collector():
        found = spans.record_spans(text, table)
        if found is None:
            data = store._json(path, text)
        else:
            data = {table: {key: document for key, document, _, _ in found}}
        problem, records = read_table(data, table, convert)
    if problem:
        raise store.damaged(path, problem)
    store._check_current(path, raw)
    if found is None:
        return [(record, None) for record in records]
    written = spans.keys_written(plain)
    if written is None:
        return [(record, None) for record in records]
    held = 1 + len(found)
    exact: list[bool] = []
    for record, (_, document, _, _) in zip(records, found, strict=True):
        count = stored_form.keys_as_converted(document, record)
        exact.append(count is not None)
        held += stored_form.keys_held(document) if count is None else count
    if held != written:
        return [(record, None) for record in records]
    return [
        (record, text[start:end] if fits else None)
        for record, fits, (_, _, start, end) in zip(records, exact, found, strict=True)
    ]


def _line(record: Any, to_doc: Callable[[Any], dict[str, Any]], selection: Selection) -> str:
    found = selection.stored.get(record.id)
    if found is not None and found[0] is record:
        return found[1]  # type: ignore[return-value]  # a text, as it was
    return _compact(to_doc(record))


def _compact(value: Any) -> str:
    text = _encode(value)
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)
    return text


def _export_json(selection: Selection) -> str:
    fields: dict[str, str | list[str]] = {
        "commitments": [
            _line(c, converters.commitment_to_doc, selection) for c in selection.commitments
        ],
        "companion": _compact("export"),
        "drafts": [_compact(converters.draft_to_doc(d)) for d in selection.drafts],
        "entries": [_line(e, converters.entry_to_doc, selection) for e in selection.entries],
        "format": _compact(1),
        "settings": _compact(dict(selection.settings)),
    }
    pieces = ["{\n"]
    for position, (key, value) in enumerate(fields.items()):
        end = ",\n" if position < len(fields) - 1 else "\n"
        if isinstance(value, list) and value:
            pieces.append(f'  "{key}": [\n    ')
            between = [",\n    "] * (2 * len(value) - 1)
            between[::2] = value
            pieces.extend(between)
            pieces.append("\n  ]" + end)
        else:
            pieces.append(f'  "{key}": {"[]" if isinstance(value, list) else value}{end}')
    pieces.append("}\n")
    return "".join(pieces)
