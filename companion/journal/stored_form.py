"""Whether a stored record is exactly what converting it would write, and how many keys it holds.

A lossless export writes a record that goes as it was read as the text it is stored in
(store.load_with_texts). That is right only when the stored document holds exactly the fields,
in the order, the converters write for the record: a field from a newer Companion, or added by
hand, might be private and this version cannot judge it, so such a record is converted instead.
The counts of keys let the store check that a file's text holds no key written twice
(spans.keys_written): a text may stand for its record only when nothing in it is hidden from
the document that was judged.
"""

from __future__ import annotations

from typing import Any

from companion.core.model import Commitment, Entry, StatusChange
from companion.journal.converters import (
    _ANSWER_FIELDS,
    _COMMITMENT_FIELDS,
    _DISPUTED_COMMITMENT_FIELDS,
    _EDIT_FIELDS,
    _ENTRY_FIELDS,
    _PRIVATE_ANSWER_FIELDS,
    _STARRED_ENTRY_FIELDS,
    Document,
)

_NESTED = (dict, list)


def keys_as_converted(doc: Document, record: Entry | Commitment) -> int | None:
    """The number of keys in doc if it is exactly what entry_to_doc or commitment_to_doc writes
    for record (the record converted from it), else None."""
    if isinstance(record, Entry):
        return _entry(doc, record)
    return _commitment(doc, record)


def _entry(doc: Document, entry: Entry) -> int | None:
    if entry.earlier:  # versions kept from two devices: converted, field by field
        return None
    if tuple(doc) != (_STARRED_ENTRY_FIELDS if entry.starred else _ENTRY_FIELDS):
        return None
    answers, edits = doc["answers"], doc["edits"]
    if len(answers) != len(entry.answers):
        return None
    count = len(doc) + 2 * len(edits)
    for stored, answer in zip(answers, entry.answers, strict=True):
        fields = _PRIVATE_ANSWER_FIELDS if answer.private else _ANSWER_FIELDS
        if tuple(stored) != fields:
            return None
        count += len(fields)
        if type(answer.value) is dict:  # a small table (a commitment's answer); a list of
            count += _all_keys(answer.value)  # anything but texts is left uncounted: refused
    for edit in edits:
        if tuple(edit) != _EDIT_FIELDS:
            return None
    return count


def _commitment(doc: Document, commitment: Commitment) -> int | None:
    fields = _DISPUTED_COMMITMENT_FIELDS if commitment.disputed else _COMMITMENT_FIELDS
    if tuple(doc) != fields:
        return None
    count = len(doc)
    for key, changes in (("history", commitment.history), ("disputed", commitment.disputed)):
        stored = doc.get(key, ())
        if len(stored) != len(changes):
            return None
        for change_doc, change in zip(stored, changes, strict=True):
            change_fields = _change_fields(change)
            if tuple(change_doc) != change_fields:
                return None
            count += len(change_fields)
    return count


def _change_fields(change: StatusChange) -> tuple[str, ...]:
    fields: tuple[str, ...] = ("at", "status")
    if change.note:
        fields += ("note",)
    if change.due is not None:
        fields += ("due",)
    if change.step:
        fields += ("step",)
    return fields


def keys_held(doc: Any) -> int:
    """Every key in a parsed JSON value, at any depth (for a record not stored as converted)."""
    return _all_keys(doc)


def _all_keys(value: Any) -> int:
    if type(value) is dict:
        return len(value) + sum([_all_keys(v) for v in value.values() if type(v) in _NESTED])
    if type(value) is list:
        return sum([_all_keys(v) for v in value if type(v) in _NESTED])
    return 0
