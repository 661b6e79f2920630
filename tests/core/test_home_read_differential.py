"""Home reads only what it shows (the months it covers, the commitments still to do or touched
lately, on this day from the newest month back): whatever the journal holds, that Home is the
one a read of every record gives, and a damaged file stops both alike."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core import ids
from companion.core.errors import CompanionError
from companion.core.model import Commitment, CommitmentStatus, Entry, StatusChange
from companion.core.views.home import HomeData, read_home
from companion.journal import Journal, converters
from tests.conftest import LONDON_WINTER, FakeClock

NOW = datetime(2026, 11, 20, 16, 30, tzinfo=LONDON_WINTER)
_ages = st.integers(min_value=0, max_value=4 * 365 * 24)  # hours before now


def _moment(hours: int) -> datetime:
    return NOW - timedelta(hours=hours)


@st.composite
def _entry(draw: st.DrawFn, serial: int) -> Entry:
    started = _moment(draw(_ages))
    completed = started + timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))
    completed = min(completed, NOW)
    return Entry(
        ids.id_at(started, serial),
        draw(st.sampled_from(["learning-diary", "workshop-close-out", "weekly-review"])),
        1,
        draw(st.sampled_from(["Learning diary", "Workshop close-out", "Café <b>[x]</b>"])),
        started,
        completed,
        private=draw(st.booleans()),
    )


@st.composite
def _commitment(draw: st.DrawFn, serial: int) -> Commitment:
    created = _moment(draw(_ages))
    due = draw(st.none() | st.integers(-60, 400).map(lambda d: created.date() + timedelta(days=d)))
    made = Commitment(ids.id_at(created, serial), "Walk the estate with Ruth", created, due)
    at = created
    # Done, dropped, reopened, renegotiated with a new date: any path a leader can take.
    for _ in range(draw(st.integers(0, 4))):
        at = at + timedelta(hours=draw(st.integers(1, 24 * 200)))
        if at > NOW:
            break
        status = draw(st.sampled_from(list(CommitmentStatus)))
        new_due = due + timedelta(days=14) if status.value == "renegotiated" and due else None
        made.history.append(StatusChange(at, status, "", new_due))
        made.status = status
        made.due = new_due or made.due
    return made


@st.composite
def _journals(draw: st.DrawFn) -> dict[str, Any]:
    entries = [draw(_entry(i)) for i in range(draw(st.integers(0, 30)))]
    commitments = [draw(_commitment(i)) for i in range(draw(st.integers(0, 30)))]
    return {
        "entries": entries,
        "commitments": commitments,
        # A file rewritten by hand or by another tool: the same data, every character escaped.
        "escaped": draw(st.booleans()),
        # A stored status left out (it reads as open), as an older or hand-edited file has it.
        "no_status": draw(st.booleans()),
        "damage": draw(st.none() | st.sampled_from(["cut", "not a record", "bad date"])),
        "damaged_file": draw(st.integers(0, 10**6)),
    }


def _write(folder: Path, made: dict[str, Any]) -> Journal:
    """The records in their monthly files, as the writer lays them out (written directly: a
    save each, fsynced, would make the test minutes long)."""
    journal = Journal.open(folder, clock=FakeClock(NOW), lock_timeout=2.0)
    tables: dict[Path, dict[str, dict[str, Any]]] = {}
    for kind, records, to_doc in [
        ("entries", made["entries"], converters.entry_to_doc),
        ("commitments", made["commitments"], converters.commitment_to_doc),
    ]:
        for record in records:
            doc = to_doc(record)
            if kind == "commitments" and made["no_status"] and doc["status"] == "open":
                del doc["status"]
            path = journal._shard_path(kind, record.id)
            tables.setdefault(path, {kind: {}})[kind][record.id] = doc
    for path, data in tables.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(data, ensure_ascii=made["escaped"], separators=(",", ":")), "utf-8"
        )
    shards = sorted((folder / "commitments").glob("*.json"))
    if made["damage"] and shards:
        path = shards[made["damaged_file"] % len(shards)]
        text = path.read_text("utf-8")
        if made["damage"] == "cut":
            text = text[: len(text) // 2]
        elif made["damage"] == "not a record":
            data = json.loads(text)
            text = json.dumps({"commitments": {"x": [], **data["commitments"]}})
        else:  # a date no one can read, in a commitment still to do
            data = json.loads(text)
            for doc in data["commitments"].values():
                if doc.get("status", "open") in ("open", "renegotiated"):
                    doc["created"] = "20 Nov"
            text = json.dumps(data)
        path.write_text(text, "utf-8")
    return Journal.open(folder, clock=FakeClock(NOW), lock_timeout=2.0)


def _read_everything(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the journal's Home readers read every record, then pick (the plain way)."""

    def entries_since(moment: datetime) -> list[Entry]:
        return [e for e in journal.entries() if e.completed >= moment]

    def commitments_active_or_touched(since: datetime | None) -> list[Commitment]:
        return [
            c
            for c in journal.commitments()
            if c.status.is_active
            or (
                since is not None
                and (
                    c.created >= since
                    or (c.due is not None and c.due >= since.date())
                    or any(change.at >= since for change in c.history)
                )
            )
        ]

    def latest_entries_where(key: str, keep: Callable[[Entry], bool], limit: int) -> list[Entry]:
        return [e for e in journal.entries() if keep(e)][:limit]

    def recent_entries(limit: int) -> list[Entry]:
        return journal.entries()[:limit]

    for name, plain in [
        ("entries_since", entries_since),
        ("commitments_active_or_touched", commitments_active_or_touched),
        ("latest_entries_where", latest_entries_where),
        ("recent_entries", recent_entries),
    ]:
        monkeypatch.setattr(journal, name, plain)


def _home(journal: Journal) -> HomeData | type[CompanionError]:
    try:
        return read_home(journal, review_day="friday")
    except CompanionError as error:
        return type(error)


@settings(max_examples=30)
@given(made=_journals())
def test_home_read_lightly_is_home_read_from_every_record(
    made: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("journal") / "journal"
    fast = _home(_write(folder, made))
    with pytest.MonkeyPatch.context() as monkeypatch:
        everything = Journal.open(folder, clock=FakeClock(NOW), lock_timeout=2.0)
        _read_everything(everything, monkeypatch)
        full = _home(everything)
    assert fast == full
    if made["damage"] in ("cut", "not a record") and made["commitments"]:
        assert not isinstance(fast, HomeData)


def test_the_generated_journals_reach_what_home_shows(tmp_path: Path) -> None:
    """The generator is not idle: an old commitment still open shows on Home."""
    old = Commitment(
        ids.id_at(NOW - timedelta(days=3 * 365), 1),
        "Ask the chair",
        NOW - timedelta(days=3 * 365),
        date(2024, 1, 5),
    )
    journal = Journal.open(tmp_path / "j", clock=FakeClock(NOW), lock_timeout=2.0)
    journal.save_many(commitments=[old])
    data = read_home(journal, review_day="friday")
    assert [c.id for c in data.due] == [old.id] and data.overdue == 1
