"""The sample journal generator: the same journal from the same seed, as large as promised."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from companion.core import ids
from companion.core.model import CommitmentStatus
from companion.core.scripts import Library
from companion.core.session import LAST_REVIEW_KEY, RuntimeStep, normalise
from companion.core.views.reports import on_this_day
from companion.journal import Journal, doctor
from tools import sample

SMALL = sample.Size("two months", days=60, entries=40, commitments=60, drafts=2)


def contents(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_same_seed_gives_byte_identical_journals_and_another_seed_does_not(
    tmp_path: Path, library: Library
) -> None:
    for name, seed in (("one", 7), ("two", 7), ("other", 8)):
        sample.generate(tmp_path / name, SMALL, seed=seed, library=library)
    first = contents(tmp_path / "one")
    assert {"journal.json", "drafts.json"} <= set(first)
    assert any(name.startswith("entries/") for name in first)
    assert any(name.startswith("commitments/") for name in first)
    assert first == contents(tmp_path / "two")
    other = contents(tmp_path / "other")
    changed = [name for name in first if other.get(name) != first[name]]
    assert any(name.startswith("entries/") for name in changed)


def test_ten_years_holds_what_was_promised(ten_years: sample.Sample, library: Library) -> None:
    today = ten_years.as_of.date()
    summary = sample.summarise(ten_years.entries, ten_years.commitments, ten_years.drafts, today)
    assert (summary.entries, summary.commitments, summary.drafts) == (2000, 3000, 2)
    assert set(summary.by_script) == set(library.scripts), "every built-in script is used"
    assert min(summary.by_script.values()) >= 40
    for status in CommitmentStatus:
        assert summary.by_status.get(status.value, 0) >= 30, status
    assert summary.by_status["done"] > summary.by_status["open"]
    assert 20 <= summary.overdue <= 300
    assert summary.private_answers > 500 and summary.tagged_entries > 300
    assert summary.first is not None and summary.last is not None
    assert summary.first - ten_years.start < timedelta(days=30)
    assert timedelta(days=0) < ten_years.as_of - summary.last < timedelta(days=30)
    assert 100 <= summary.words / summary.entries <= 400, "entries of a realistic length"
    record_ids = [r.id for r in (*ten_years.entries, *ten_years.commitments, *ten_years.drafts)]
    assert len(set(record_ids)) == len(record_ids)


def test_ten_years_of_commitments_have_consistent_histories(ten_years: sample.Sample) -> None:
    entries = {e.id: e for e in ten_years.entries}
    commitments = {c.id: c for c in ten_years.commitments}
    from_entries = 0
    for commitment in commitments.values():
        moments = [commitment.created, *(change.at for change in commitment.history)]
        assert moments == sorted(moments), commitment.id
        assert all(moment < ten_years.as_of for moment in moments)
        last = commitment.history[-1].status if commitment.history else CommitmentStatus.OPEN
        assert commitment.status == last
        if commitment.entry_id is not None:
            from_entries += 1
            assert commitment.id in entries[commitment.entry_id].commitment_ids
    assert from_entries > 500, "most entry scripts with a commitment step made one"
    reviewed = [
        answer.value
        for entry in ten_years.entries
        for answer in entry.answers
        if answer.kind == "commitment-review" and isinstance(answer.value, dict)
    ]
    assert len(reviewed) > 500
    assert all(value["commitment_id"] in commitments for value in reviewed)
    decisions = {value["decision"] for value in reviewed}
    assert decisions == {"done", "still-on", "renegotiate", "let-go"}


def test_every_answer_is_one_the_engine_accepts_as_it_is(
    ten_years: sample.Sample, library: Library
) -> None:
    checked = 0
    for entry in ten_years.entries[::10]:
        script = library.get(entry.script_id)
        for answer in entry.answers:
            step = script.step(answer.step_id)
            if step is None or step.kind in ("info", "commitment", "commitment-review"):
                continue
            runtime = RuntimeStep(step.id, step, step.prompt)
            assert normalise(runtime, answer.value, entry.completed.date()) == answer.value
            assert answer.prompt == step.prompt
            checked += 1
    assert checked > 500


def test_a_written_sample_reads_back_through_the_journal(tmp_path: Path, library: Library) -> None:
    built = sample.build(SMALL, seed=3, library=library)
    written = sample.write(built, tmp_path / "journal")
    journal = Journal.open(written.folder)
    newest_first = sorted(built.entries, key=lambda e: (e.completed, e.id), reverse=True)
    assert journal.entries() == newest_first
    assert journal.commitments() == sorted(built.commitments, key=lambda c: c.id)
    assert {d.id for d in journal.drafts()} == {d.id for d in built.drafts}
    assert built.last_review is not None
    assert journal.meta[LAST_REVIEW_KEY] == built.last_review.isoformat()
    assert all(finding.ok for finding in doctor.check(journal.folder))


def test_a_sample_is_never_written_into_an_existing_journal(
    journal: Journal, library: Library
) -> None:
    journal.add_commitment("Ask Priya to co-host the next session")
    with pytest.raises(FileExistsError, match="not empty"):
        sample.generate(journal.folder, SMALL, library=library)
    assert [c.text for c in Journal.open(journal.folder).commitments()] == [
        "Ask Priya to co-host the next session"
    ]


def test_ids_made_for_a_chosen_moment_sort_by_it_and_read_back(ten_years: sample.Sample) -> None:
    first, later = ten_years.as_of - timedelta(days=1), ten_years.as_of
    made = [ids.id_at(later, 5), ids.id_at(first, 10**9), ids.id_at(first, 1)]
    assert sorted(made) == [made[2], made[1], made[0]]
    assert all(ids.is_id(m) for m in made)
    assert ids.id_time(made[0]) == later and ids.id_at(later, 5) == made[0]


def test_home_reads_only_what_it_needs_and_finds_what_a_full_read_finds(
    tmp_path: Path, library: Library
) -> None:
    """On this day and the commitments Home counts, against reading every record, day by day."""
    years = sample.Size("three years", days=3 * 365, entries=300, commitments=450, drafts=0)
    built = sample.build(years, seed=5, library=library)
    journal = sample.write(built, tmp_path / "journal")
    everything = journal.entries()
    commitments = journal.commitments()
    zone = built.as_of.tzinfo
    for offset in range(0, 62, 3):  # every day of the month comes round, and month ends too
        today = (built.as_of - timedelta(days=offset)).date()
        wanted = [m.entry.id for m in on_this_day(everything, today, limit=5)]
        found = journal.latest_entries_where(
            f"test-{today}",
            lambda e, today=today: e.completed.day == today.day and e.completed.date() < today,
            5,
        )
        assert [e.id for e in found] == wanted, today
        since = datetime.combine(today.replace(day=1), time(), tzinfo=zone)
        touched = [
            c.id
            for c in commitments
            if c.status.is_active
            or c.created >= since
            or (c.due is not None and c.due >= since.date())
            or any(change.at >= since for change in c.history)
        ]
        assert [c.id for c in journal.commitments_active_or_touched(since)] == touched, today
    assert wanted, "the sample has earlier entries on this day"
    open_ones = [c.id for c in commitments if c.status.is_active]
    assert [c.id for c in journal.active_commitments()] == open_ones
    assert 0 < len(open_ones) < len(touched) < len(commitments)
