"""Dataclasses to stored documents and back. Only the journal package sees documents."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from companion.core.calendar.model import Session, SessionKind
from companion.core.model import (
    Answer,
    Commitment,
    CommitmentStatus,
    Draft,
    Edit,
    Entry,
    StatusChange,
)

Document = dict[str, Any]


#: The offsets read so far, each kept once: fromisoformat makes a new one for every moment
#: read (72 bytes each; ten years hold tens of thousands of moments and a handful of offsets).
_ZONES: dict[tzinfo, tzinfo] = {}
_MOST_ZONES = 64


def _dt(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    zone = moment.tzinfo
    if zone is None:
        return moment
    shared = _ZONES.get(zone)
    if shared is None:
        if len(_ZONES) >= _MOST_ZONES:  # an odd file's many offsets are not all kept
            return moment
        shared = _ZONES.setdefault(zone, zone)
    if shared is zone:
        return moment
    try:  # the same moment and offset, in the shared zone: a tenth of the time of replace()
        return moment.astimezone(shared)
    except OverflowError:  # at the very ends of the calendar, where it cannot be worked out
        return moment.replace(tzinfo=shared)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_STATUSES = {status.value: status for status in CommitmentStatus}


def _status(value: Any) -> CommitmentStatus:
    # A dictionary look-up: ten years of commitments hold tens of thousands of these.
    try:
        return _STATUSES[value]
    except (KeyError, TypeError):
        raise ValueError(f"{value!r} is not a valid CommitmentStatus") from None


def answer_to_doc(answer: Answer) -> Document:
    doc: Document = {
        "step": answer.step_id,
        "prompt": answer.prompt,
        "kind": answer.kind,
        "value": answer.value,
    }
    if answer.private:
        doc["private"] = True
    return doc


# The readers below pass each field by position, in the dataclass's order: ten years of records
# hold tens of thousands of answers and changes, and a call by keyword costs half as much again.


def answer_from_doc(doc: Document) -> Answer:
    return Answer(
        doc["step"],  # step_id
        doc["prompt"],
        doc["kind"],
        doc.get("value"),
        bool(doc.get("private", False)),
    )


def entry_to_doc(entry: Entry) -> Document:
    doc: Document = {
        "id": entry.id,
        "script": entry.script_id,
        "script_version": entry.script_version,
        "script_title": entry.script_title,
        "started": entry.started.isoformat(),
        "completed": entry.completed.isoformat(),
        "answers": [answer_to_doc(a) for a in entry.answers],
        "tags": list(entry.tags),
        "private": entry.private,
        "commitments": list(entry.commitment_ids),
        "edits": [{"at": e.at.isoformat(), "note": e.note} for e in entry.edits],
    }
    if entry.starred:  # written only when set, so journals without stars read as before
        doc["starred"] = True
    if entry.earlier:  # versions kept when two devices changed the entry at once
        doc["earlier"] = [entry_to_doc(e) for e in entry.earlier]
    return doc


def entry_from_doc(doc: Document) -> Entry:
    return Entry(
        doc["id"],
        doc["script"],  # script_id
        int(doc["script_version"]),
        str(doc.get("script_title") or doc["script"]),
        _dt(doc["started"]),
        _dt(doc["completed"]),
        [answer_from_doc(a) for a in doc.get("answers", [])],
        list(doc.get("tags", [])),
        bool(doc.get("private", False)),
        list(doc.get("commitments", [])),  # commitment_ids
        [Edit(_dt(e["at"]), e.get("note", "")) for e in doc.get("edits", [])],
        bool(doc.get("starred", False)),
        [entry_from_doc(e) for e in doc.get("earlier", ())],
    )


def change_to_doc(change: StatusChange) -> Document:
    doc: Document = {"at": change.at.isoformat(), "status": change.status.value}
    if change.note:
        doc["note"] = change.note
    if change.due is not None:
        doc["due"] = change.due.isoformat()
    if change.step:
        doc["step"] = change.step
    return doc


def change_from_doc(doc: Document) -> StatusChange:
    return StatusChange(
        _dt(doc["at"]),
        _status(doc["status"]),
        doc.get("note", ""),
        _date(doc.get("due")),
        doc.get("step"),
    )


def commitment_to_doc(commitment: Commitment) -> Document:
    doc: Document = {
        "id": commitment.id,
        "text": commitment.text,
        "created": commitment.created.isoformat(),
        "due": commitment.due.isoformat() if commitment.due else None,
        "first_step": commitment.first_step,
        "status": commitment.status.value,
        "history": [change_to_doc(c) for c in commitment.history],
        "entry": commitment.entry_id,
        "script": commitment.script_id,
    }
    if commitment.disputed:  # written only when two devices disagree (see journal/sync.py)
        doc["disputed"] = [change_to_doc(c) for c in commitment.disputed]
    return doc


def commitment_from_doc(doc: Document) -> Commitment:
    return Commitment(
        doc["id"],
        doc["text"],
        _dt(doc["created"]),
        _date(doc.get("due")),
        doc.get("first_step"),
        _status(doc.get("status", "open")),
        [change_from_doc(c) for c in doc.get("history", [])],
        doc.get("entry"),  # entry_id
        doc.get("script"),  # script_id
        [change_from_doc(c) for c in doc.get("disputed", ())],
    )


def draft_to_doc(draft: Draft) -> Document:
    return {
        "id": draft.id,
        "script": draft.script_id,
        "script_version": draft.script_version,
        "script_title": draft.script_title,
        "started": draft.started.isoformat(),
        "updated": draft.updated.isoformat(),
        "position": draft.position,
        "answers": [answer_to_doc(a) for a in draft.answers.values()],
    }


def draft_from_doc(doc: Document) -> Draft:
    answers = [answer_from_doc(a) for a in doc.get("answers", [])]
    return Draft(
        id=doc["id"],
        script_id=doc["script"],
        script_version=int(doc["script_version"]),
        script_title=str(doc.get("script_title") or doc["script"]),
        started=_dt(doc["started"]),
        updated=_dt(doc["updated"]),
        position=int(doc.get("position", 0)),
        answers={a.step_id: a for a in answers},
    )


# What the converters above write, field by field and in order: a stored document with exactly
# these fields (no more, none missing, in this order) is what converting its record would write,
# and may stand for it.
_ENTRY_FIELDS = (
    "id", "script", "script_version", "script_title", "started", "completed", "answers",
    "tags", "private", "commitments", "edits",
)  # fmt: skip
_STARRED_ENTRY_FIELDS = (*_ENTRY_FIELDS, "starred")
_ANSWER_FIELDS = ("step", "prompt", "kind", "value")
_PRIVATE_ANSWER_FIELDS = (*_ANSWER_FIELDS, "private")
_EDIT_FIELDS = ("at", "note")
_COMMITMENT_FIELDS = (
    "id", "text", "created", "due", "first_step", "status", "history", "entry", "script",
)  # fmt: skip
_DISPUTED_COMMITMENT_FIELDS = (*_COMMITMENT_FIELDS, "disputed")


#: Every field this Companion writes, by table: a field outside these came from a newer one.
KNOWN_FIELDS = {
    "entries": frozenset(_STARRED_ENTRY_FIELDS) | {"earlier"},
    "commitments": frozenset(_DISPUTED_COMMITMENT_FIELDS),
}


def session_to_doc(session: Session) -> Document:
    doc: Document = {
        "id": session.id,
        "title": session.title,
        "kind": session.kind.value,
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "source": session.source,
        "all_day": session.all_day,
    }
    if session.key is not None:
        doc["key"] = session.key
    return doc


def session_from_doc(doc: Document) -> Session:
    start, end = _dt(doc["start"]), _dt(doc["end"])
    if start.tzinfo is None or end.tzinfo is None or end < start:
        raise ValueError("a session's start and end need a time zone, the end after the start")
    key = doc.get("key")
    return Session(
        id=str(doc["id"]),
        title=str(doc["title"]),
        kind=SessionKind(doc["kind"]),
        start=start,
        end=end,
        source=str(doc.get("source", "typed")),
        all_day=bool(doc.get("all_day", False)),
        key=None if key is None else str(key),
    )
