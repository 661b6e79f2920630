"""The JSON export, made of bytes, writes exactly what it wrote before, for any journal.

Journals are written here as files, as a hand edit or another Companion could leave them:
private and shared answers, stored summaries, commitments with histories and private reviews,
odd text (quotes, backslashes, `":`, controls, bidi marks, emoji, lone surrogate escapes such
as \\ud800), records not in the form Companion writes (a field more, a field out of order, a
value of another type), a key written twice, files escaped to ASCII or spaced out, and damaged
records. Each is exported by the command's code and by a copy of the code before
(tests/helpers/json_reference.py): the same bytes, or the same refusal.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from collections.abc import Collection
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.cli import run
from companion.core.errors import CompanionError
from companion.core.model import Answer, Entry, StepKind
from companion.core.views.privacy import _tags_set_by, commitment_in, shared_entry
from companion.export.lossless import export_json, export_json_bytes
from companion.export.selection import ExportOptions, select_from_journal
from companion.journal import Journal
from tests.helpers.json_reference import reference_export

SECRET = "SECRET"

#: Pieces of text as leaders, hand edits and other tools write them.
TEXT = st.lists(
    st.sampled_from(
        ["a", " ", '"', "\\", '":', " :", "é", "“", "🙂", "\n", "\t", "\x00", "\u202e",
         "\ud800", "\udfff", "/", "ß", "\u2028", "word"]
    ),
    max_size=6,
).map("".join)  # fmt: skip

MOMENTS = st.builds(
    lambda day, minutes, offset, micro: (
        datetime(2025, 1, 1, 9, 0, microsecond=micro, tzinfo=timezone(timedelta(minutes=offset)))
        + timedelta(days=day, minutes=minutes)
    ).isoformat(),
    st.integers(0, 400),
    st.integers(0, 600),
    st.sampled_from([0, 60, -300, 330]),
    st.sampled_from([0, 0, 500000]),
)

ODD = st.sampled_from(
    ["", "", "", "", "extra field", "reordered", "private false", "string version"]
)


@st.composite
def answer_docs(draw: Any, commitment_ids: list[str]) -> dict[str, Any]:
    private = draw(st.booleans())
    kind = draw(
        st.sampled_from(["long", "text", "list", "info", "commitment", "commitment-review"])
    )
    words = (SECRET + " " if private else "") + draw(TEXT)
    value: Any = words
    if kind == "list":
        value = [words, draw(TEXT)]
    elif kind in ("commitment", "commitment-review") and commitment_ids:
        value = {"commitment_id": draw(st.sampled_from(commitment_ids)), "note": words}
        if kind == "commitment":
            value = {**value, "text": words, "due": "2026-03-01", "first_step": draw(TEXT)}
    doc: dict[str, Any] = {"step": draw(TEXT), "prompt": draw(TEXT), "kind": kind, "value": value}
    if private:
        doc["private"] = True
    return doc


@st.composite
def entry_docs(draw: Any, number: int, commitment_ids: list[str]) -> dict[str, Any]:
    started = draw(MOMENTS)
    doc: dict[str, Any] = {
        "id": f"e{number:03d}",
        "script": draw(st.sampled_from(["learning-diary", "review-commitments"])),
        "script_version": 1,
        "script_title": draw(TEXT),
        "started": started,
        "completed": draw(st.sampled_from([started, draw(MOMENTS)])),
        "answers": draw(st.lists(answer_docs(commitment_ids), max_size=4)),
        "tags": draw(st.lists(st.sampled_from(["board", "word", "a"]), max_size=2)),
        "private": draw(st.booleans()) and draw(st.booleans()),
        "commitments": [c for c in commitment_ids if draw(st.booleans())][:2],
        "edits": draw(st.lists(st.fixed_dictionaries({"at": MOMENTS, "note": TEXT}), max_size=1)),
    }  # fmt: skip
    if draw(st.booleans()):
        doc["starred"] = True
    return _oddly(doc, draw(ODD))


@st.composite
def commitment_docs(draw: Any, number: int, entry_ids: list[str]) -> dict[str, Any]:
    history = []
    for at in draw(st.lists(MOMENTS, max_size=3)):
        change: dict[str, Any] = {"at": at, "status": draw(st.sampled_from(["open", "done"]))}
        if draw(st.booleans()):
            change["note"] = draw(TEXT)
        if draw(st.booleans()):
            change["due"] = "2026-04-01"
        history.append(change)
    doc = {
        "id": f"c{number:03d}",
        "text": draw(TEXT),
        "created": draw(MOMENTS),
        "due": draw(st.sampled_from([None, "2026-02-01"])),
        "first_step": draw(st.sampled_from([None, "ask Sam"])),
        "status": draw(st.sampled_from(["open", "done", "dropped", "renegotiated"])),
        "history": history,
        "entry": draw(st.sampled_from([None, *entry_ids])),
        "script": "workshop-close-out",
    }
    return _oddly(doc, draw(ODD))


def _oddly(doc: dict[str, Any], odd: str) -> dict[str, Any]:
    """A record as a hand edit or another Companion could leave it."""
    if odd == "extra field":
        return {**doc, "mood": "SECRET of a newer Companion"}
    if odd == "reordered":
        return dict(reversed(list(doc.items())))
    if odd == "private false" and doc.get("answers") and "private" not in doc["answers"][0]:
        return {**doc, "answers": [{**doc["answers"][0], "private": False}, *doc["answers"][1:]]}
    if odd == "string version" and "script_version" in doc:
        return {**doc, "script_version": "2"}
    return doc


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def file_text(table: str, docs: list[dict[str, Any]], style: str) -> str:
    """A monthly file: as the store writes it, escaped to ASCII, spaced, with a key written
    twice (its first value never seen by the privacy rule), or damaged."""
    data = {table: {doc["id"]: doc for doc in docs}}
    if style == "ascii":
        return json.dumps(data, separators=(",", ":"))
    if style == "spaced":
        text = json.dumps(data, ensure_ascii=False, indent=1)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = re.sub("[\ud800-\udfff]", _escaped, text)  # a lone surrogate: its escape
    if style == "key twice":
        text = text.replace('"value":', f'"value":"{SECRET} hidden","value":', 1)
        text = text.replace('"text":', f'"text":"{SECRET} hidden","text":', 1)
    if style == "damaged" and docs:
        text = text.replace('"script_version":1', '"script_version":"one"', 1)
        text = text.replace('"created":"', '"created":"not ', 1)
    return text


STYLES = st.sampled_from(["store", "store", "store", "ascii", "spaced", "key twice", "damaged"])


@st.composite
def journals(draw: Any) -> dict[str, str]:
    """File name → text of a journal's monthly files."""
    entry_ids = [f"e{n:03d}" for n in range(draw(st.integers(0, 5)))]
    commitment_ids = [f"c{n:03d}" for n in range(draw(st.integers(0, 4)))]
    entries = [draw(entry_docs(n, commitment_ids)) for n in range(len(entry_ids))]
    commitments = [draw(commitment_docs(n, entry_ids)) for n in range(len(commitment_ids))]
    # A private review of a commitment, at the moment of one of its changes: the change leaves
    # no trace in what is exported (PrivateLinks.shared).
    for commitment in commitments:
        if entries and commitment.get("history") and draw(st.booleans()):
            review = draw(st.sampled_from(entries))
            review["completed"] = commitment["history"][0]["at"]
            review.setdefault("answers", []).append(
                {"step": "r", "prompt": "How is it going?", "kind": "commitment-review",
                 "value": {"commitment_id": commitment["id"], "note": SECRET}, "private": True}
            )  # fmt: skip
    found: dict[str, str] = {}
    for table, docs in (("entries", entries), ("commitments", commitments)):
        split = draw(st.integers(0, len(docs)))
        for month, part in (("2025-01", docs[:split]), ("2025-02", docs[split:])):
            if part or draw(st.booleans()):
                found[f"{table}/{month}.json"] = file_text(table, part, draw(STYLES))
    return found


def _outcome(make: Any) -> tuple[str, object]:
    try:
        return "exported", make()
    except CompanionError as error:
        return "refused", (type(error).__name__, str(error))


@settings(max_examples=60, deadline=None)
@given(journals(), st.booleans(), st.sampled_from([None, "2025-03-01"]))
def test_the_export_is_byte_for_byte_what_it_was(
    written: dict[str, str], include_private: bool, since: str | None
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "journal"
        Journal.open(root)
        for name, text in written.items():
            (root / name).parent.mkdir(exist_ok=True)
            (root / name).write_bytes(text.encode("utf-8"))
        options = ExportOptions(
            since=None if since is None else datetime.fromisoformat(since).date(),
            include_private=include_private,
        )

        def now() -> bytes:
            journal = Journal.open(root)
            return export_json_bytes(select_from_journal(journal, options, stored=True))

        before = _outcome(lambda: reference_export(Journal.open(root), options))
        after = _outcome(now)
        assert after == before
        if after[0] == "exported":
            exported = after[1]
            assert isinstance(exported, bytes)
            assert json.loads(exported)  # valid JSON, valid UTF-8
            assert include_private or SECRET.encode() not in exported


def test_the_command_writes_the_bytes_it_wrote_before(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    """The command itself, on a journal with a little of everything odd: stdout is the same
    bytes, and its text form (for the app's export) is the same text."""
    root = tmp_path / "journal"
    Journal.open(root)
    answers = [
        _answer('caf\u00e9 \ud800 "q":'),
        {**_answer(SECRET), "private": True},
        _answer("\u202e🙂\\n"),
    ]
    entries = [
        _entry("e001", "2025-01-02T09:30:00.500000+01:00", answers[:2]),
        _entry("e002", "2025-01-03T09:00:00+00:00", answers[2:]),
    ]
    (root / "entries").mkdir()
    (root / "entries" / "2025-01.json").write_text(
        file_text("entries", entries, "store"), encoding="utf-8"
    )
    expected = reference_export(Journal.open(root), ExportOptions())
    capfdbinary.readouterr()
    assert run(["--journal", str(root), "export", "--format", "json", "-o", "-"]) == 0
    assert capfdbinary.readouterr().out == expected
    selection = select_from_journal(Journal.open(root), ExportOptions(), stored=True)
    assert export_json(selection) == expected.decode("utf-8")
    assert SECRET.encode() not in expected and b"\\ud800" in expected


def _answer(value: str) -> dict[str, Any]:
    return {"step": "a", "prompt": "p", "kind": "long", "value": value}


def _entry(entry_id: str, at: str, answers: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": entry_id,
        "script": "learning-diary",
        "script_version": 1,
        "script_title": "Learning diary",
        "started": at,
        "completed": at,
        "answers": answers,
        "tags": ["board"],
        "private": False,
        "commitments": [],
        "edits": [],
    }


def _shared_entry_before(entry: Entry, private_commitments: Collection[str]) -> Entry | None:
    """privacy.shared_entry as it was before it was made quicker (commit 2cf99fd)."""
    if entry.private:
        return None
    if entry.earlier:
        kept = [v for e in entry.earlier if (v := _shared_entry_before(e, private_commitments))]
        if kept != entry.earlier:
            entry = dataclasses.replace(entry, earlier=kept)
    shared: list[Answer] = []
    hidden: list[Answer] = []
    for answer in entry.answers:
        if answer.kind == StepKind.INFO:
            continue
        private = answer.private or (
            isinstance(answer.value, dict) and commitment_in(answer) in private_commitments
        )
        (hidden if private else shared).append(answer)
    if not hidden:
        summaries = len(shared) < len(entry.answers)
        return dataclasses.replace(entry, answers=shared) if summaries else entry
    secret = _tags_set_by(hidden) - _tags_set_by(shared)
    return dataclasses.replace(
        entry,
        answers=shared,
        tags=[t for t in entry.tags if t not in secret],
        commitment_ids=[c for c in entry.commitment_ids if c not in private_commitments],
    )


ANSWERS = st.builds(
    Answer,
    st.sampled_from(["a", "b"]),
    st.just("p"),
    st.sampled_from(["long", "list", "info", "commitment"]),
    st.one_of(
        TEXT,
        st.lists(st.sampled_from(["Board", "two words", "", "x"]), max_size=3),
        st.fixed_dictionaries({"commitment_id": st.sampled_from(["c1", "c2"])}),
    ),
    st.booleans(),
)


@given(
    st.lists(ANSWERS, max_size=5),
    st.lists(st.sampled_from(["board", "two-words", "x", "y"]), max_size=4),
    st.booleans(),
    st.lists(st.sampled_from(["c1", "c2", "c3"]), max_size=3),
    st.sets(st.sampled_from(["c1", "c2"])),
)
def test_the_privacy_rule_keeps_and_holds_back_what_it_did(
    answers: list[Answer],
    tags: list[str],
    private: bool,
    commitment_ids: list[str],
    private_commitments: set[str],
) -> None:
    at = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)
    entry = Entry("e1", "s", 1, "S", at, at, answers, tags, private, commitment_ids)
    now = shared_entry(entry, private_commitments)
    before = _shared_entry_before(entry, private_commitments)
    assert now == before and (now is entry) is (before is entry)
