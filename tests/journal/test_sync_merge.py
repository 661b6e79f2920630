"""Two devices, one journal: conflict copies recognised by every sync tool's naming, merged by
record id with both histories kept, and never read as months in the meantime."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.core.errors import JournalBusy
from companion.core.model import Answer, CommitmentStatus, Edit
from companion.core.views.commitments import dispute_text, history_text
from companion.core.views.render import entry_markdown
from companion.journal import Journal, files, sync
from companion.journal.doctor import check
from companion.journal.merging import foreign_files
from tests.conftest import FakeClock
from tests.helpers.storage import make_entry

MONTH = "2026-11.json"
#: One conflict copy of 2026-11.json as each sync tool names it.
COPY_NAMES = {
    "Syncthing": "2026-11.sync-conflict-20261130-024832-4BV6JOA.json",
    "Dropbox": "2026-11 (Sam's conflicted copy 2026-11-30).json",
    "Dropbox, second": "2026-11 (Sam's conflicted copy 2026-11-30 (1)).json",
    "Nextcloud": "2026-11 (conflicted copy 2026-11-30 024832).json",
    "ownCloud": "2026-11_conflict-20261130-024832.json",
    "OneDrive": "2026-11-DESKTOP-4F2K9.json",
    "OneDrive, second": "2026-11-DESKTOP-4F2K9-1.json",
    "Google Drive": "2026-11 (1).json",
}


@pytest.mark.parametrize("name", COPY_NAMES.values(), ids=COPY_NAMES.keys())
def test_every_tools_conflict_copy_is_known_as_a_copy_of_its_month(name: str) -> None:
    assert sync.conflict_of(name) is not None
    assert sync.conflict_of(name)[0] == MONTH  # type: ignore[index]
    assert not sync.is_month(name)
    assert sync.classify(name, top=False).kind == "conflict"


@pytest.mark.parametrize(
    "name",
    [
        ".syncthing.2026-11.json.tmp",
        "~syncthing~2026-11.json.tmp",
        ".dropbox.attr",
        "2026-11.json.partial",
        ".~lock.2026-11.json#",
        "notes.json",
        "2026-13.json",
        "2026-11.json.bak",
    ],
)
def test_sync_temp_files_and_unknown_names_are_never_months_nor_companions_leftovers(
    name: str,
) -> None:
    assert not sync.is_month(name)
    assert sync.classify(name, top=False).kind in ("sync tool", "unknown")
    assert not sync.is_companion_temp(name, in_backups=False)


def test_opening_a_journal_of_only_its_own_files_compiles_no_sync_tool_patterns(
    journal: Journal,
) -> None:
    """Every start checks the folder for sync tools' copies; a folder with none (the usual
    case) is told apart by name alone, without compiling every tool's patterns first."""
    journal.save_entry(make_entry(journal.clock()))
    sync._foreign_patterns.cache_clear()
    again = Journal.open(journal.folder)
    again.recent_entries(3)
    assert sync._foreign_patterns.cache_info().currsize == 0
    assert sync.classify("2026-11.sync-conflict-20261130-024832-4BV6JOA.json", top=False).kind == (
        "conflict"
    )


@given(st.from_regex(r"\A[0-9A-Za-z. ()~_-]{1,40}\Z"))
def test_a_name_is_a_month_only_when_it_is_exactly_year_dash_month(name: str) -> None:
    if sync.is_month(name):
        assert len(name) == len("2026-11.json") and name[4] == "-" and name.endswith(".json")


# ---------------------------------------------------------------------- two devices


def _devices(tmp_path: Path, clock: FakeClock) -> tuple[Journal, Journal, FakeClock]:
    """A journal on one device, then a copy of its folder on the other (as a sync would)."""
    laptop = Journal.open(tmp_path / "laptop", clock=clock, lock_timeout=2.0)
    laptop.add_commitment("Ask Priya to co-host the next session")
    laptop.save_entry(make_entry(clock(), "We mapped who holds the budget"))
    shutil.copytree(
        tmp_path / "laptop", tmp_path / "desktop", ignore=shutil.ignore_patterns(".lock")
    )
    other = FakeClock(clock())
    desktop = Journal.open(tmp_path / "desktop", clock=other, lock_timeout=2.0)
    return laptop, desktop, other


def _offline_edits(laptop: Journal, desktop: Journal, clock: FakeClock, other: FakeClock) -> None:
    """Each device, offline, changes the same commitment its own way and adds its own."""
    shared = laptop.commitments()[0].id
    clock.advance(hours=1)
    laptop.set_commitment_status(shared, CommitmentStatus.DONE, note="Priya said yes")
    laptop.add_commitment("Book the big room")
    other.advance(hours=2)
    desktop.set_commitment_status(shared, CommitmentStatus.DROPPED, note="The session is off")
    desktop.add_commitment("Tell the team the session is off")


def _as_copy(source: Path, journal: Path, kind: str, name: str) -> Path:
    copy = journal / kind / name
    shutil.copy2(source / kind / MONTH, copy)
    return copy


@pytest.mark.parametrize("name", COPY_NAMES.values(), ids=COPY_NAMES.keys())
def test_a_conflict_copy_is_merged_on_opening_every_record_once_and_both_changes_kept(
    tmp_path: Path, clock: FakeClock, name: str
) -> None:
    laptop, desktop, other = _devices(tmp_path, clock)
    _offline_edits(laptop, desktop, clock, other)
    copy = _as_copy(desktop.folder, laptop.folder, "commitments", name)

    # Before it is merged, the copy is never read as another month.
    assert len(laptop.commitments()) == 2

    merged = Journal.open(laptop.folder, clock=clock, lock_timeout=2.0)
    found = merged.commitments()
    assert sorted(c.text for c in found) == [
        "Ask Priya to co-host the next session",
        "Book the big room",
        "Tell the team the session is off",
    ]
    shared = next(c for c in found if c.text.startswith("Ask Priya"))
    assert [c.status for c in shared.history] == [CommitmentStatus.DONE, CommitmentStatus.DROPPED]
    assert shared.status == CommitmentStatus.DROPPED  # the later change stands
    said = dispute_text(shared)
    assert said is not None and said.startswith("Marked done on one device and dropped")
    assert "the later (dropped, 20 November 2026) stands until you choose" in said
    assert "Two devices disagree" in history_text(shared, clock().date())
    assert not copy.exists()
    assert (laptop.folder / "backups" / "merged" / "commitments" / name).is_file()
    assert any("merged into commitments/2026-11.json" in note for note in merged.notes)


def test_the_leader_settles_a_disputed_commitment_and_the_flag_goes(
    tmp_path: Path, clock: FakeClock
) -> None:
    laptop, desktop, other = _devices(tmp_path, clock)
    _offline_edits(laptop, desktop, clock, other)
    _as_copy(desktop.folder, laptop.folder, "commitments", COPY_NAMES["Syncthing"])
    merged = Journal.open(laptop.folder, clock=clock, lock_timeout=2.0)
    shared = next(c for c in merged.commitments() if c.disputed)
    clock.advance(hours=3)
    # Closed (dropped) commitments refuse a change, but a disputed one is the leader's choice.
    settled = merged.set_commitment_status(shared.id, CommitmentStatus.DONE, note="It happened")
    assert settled.status == CommitmentStatus.DONE and not settled.disputed
    assert dispute_text(merged.commitment(shared.id)) is None


def test_a_change_only_one_device_made_is_no_dispute(tmp_path: Path, clock: FakeClock) -> None:
    laptop, desktop, _ = _devices(tmp_path, clock)
    shared = laptop.commitments()[0].id
    clock.advance(hours=1)
    laptop.set_commitment_status(shared, CommitmentStatus.DONE)
    desktop.add_commitment("Book the big room")
    _as_copy(desktop.folder, laptop.folder, "commitments", COPY_NAMES["Dropbox"])
    merged = Journal.open(laptop.folder, clock=clock, lock_timeout=2.0)
    found = {c.text: c for c in merged.commitments()}
    assert len(found) == 2
    assert found["Ask Priya to co-host the next session"].status == CommitmentStatus.DONE
    assert not found["Ask Priya to co-host the next session"].disputed


def test_an_entry_edited_on_both_devices_keeps_the_later_and_the_other_as_earlier(
    tmp_path: Path, clock: FakeClock
) -> None:
    laptop, desktop, other = _devices(tmp_path, clock)
    entry = laptop.entries()[0]
    clock.advance(hours=1)
    laptop.save_entry(
        dataclasses.replace(
            entry,
            answers=[Answer("happened", "What happened?", "long", "Laptop words")],
            edits=[Edit(clock())],
        )
    )
    other.advance(hours=2)
    desktop.save_entry(
        dataclasses.replace(
            entry,
            answers=[Answer("happened", "What happened?", "long", "Desktop words")],
            edits=[Edit(other())],
        )
    )
    _as_copy(desktop.folder, laptop.folder, "entries", COPY_NAMES["Nextcloud"])
    merged = Journal.open(laptop.folder, clock=clock, lock_timeout=2.0)
    [kept] = merged.entries()
    assert kept.answers[0].value == "Desktop words"  # saved later
    assert [e.answers[0].value for e in kept.earlier] == ["Laptop words"]
    shown = entry_markdown(kept, merged)
    assert "Desktop words" in shown and "Laptop words" in shown
    assert "changed on two devices at once" in shown


def test_merging_the_same_copy_twice_changes_nothing(tmp_path: Path, clock: FakeClock) -> None:
    laptop, desktop, other = _devices(tmp_path, clock)
    _offline_edits(laptop, desktop, clock, other)
    for name in (COPY_NAMES["Syncthing"], COPY_NAMES["OneDrive"]):  # the same bytes twice
        _as_copy(desktop.folder, laptop.folder, "commitments", name)
    once = Journal.open(laptop.folder, clock=clock, lock_timeout=2.0).commitments()
    assert len(once) == 3
    assert len(next(c for c in once if c.disputed).history) == 2


def test_a_write_merges_a_copy_that_arrived_while_the_journal_was_open(
    tmp_path: Path, clock: FakeClock
) -> None:
    laptop, desktop, other = _devices(tmp_path, clock)
    _offline_edits(laptop, desktop, clock, other)
    _as_copy(desktop.folder, laptop.folder, "commitments", COPY_NAMES["Syncthing"])
    laptop.add_commitment("One more")  # the same month: its copy is merged first
    assert len(laptop.commitments()) == 4


def test_doctor_lists_copies_with_the_records_only_they_hold(
    tmp_path: Path, clock: FakeClock
) -> None:
    laptop, desktop, other = _devices(tmp_path, clock)
    _offline_edits(laptop, desktop, clock, other)
    _as_copy(desktop.folder, laptop.folder, "commitments", COPY_NAMES["Syncthing"])
    (laptop.folder / "entries" / ".syncthing.2026-12.json.tmp").write_bytes(b"arriving")
    (laptop.folder / "notes.txt").write_text("mine")
    findings = check(laptop.folder)
    said = " ".join(f.detail for f in findings if not f.ok)
    assert "2026-11.sync-conflict-20261130-024832-4BV6JOA.json" in said
    assert "1 record(s) only it holds" in said and "1 changed on both devices" in said
    assert "companion doctor --merge" in said
    assert ".syncthing.2026-12.json.tmp" in " ".join(f.detail for f in findings)
    assert "notes.txt" in " ".join(f.detail for f in findings)


def test_a_sync_tools_temp_file_is_never_deleted_as_a_leftover(
    tmp_path: Path, clock: FakeClock
) -> None:
    journal = Journal.open(tmp_path / "j", clock=clock)
    journal.add_commitment("Book the big room")
    arriving = [
        journal.folder / "commitments" / ".syncthing.2026-12.json.tmp",
        journal.folder / "commitments" / "~syncthing~2026-12.json.tmp",
        journal.folder / ".syncthing.drafts.json.tmp",
    ]
    for path in arriving:
        path.write_bytes(b"half of a file arriving from the other device")
    ours = journal.folder / "commitments" / ".2026-11.json.k3j_x9ab.tmp"
    ours.write_bytes(b"a save cut short")
    assert files.stale_temp_files(journal.folder) == [ours]
    Journal.open(journal.folder, clock=clock).add_commitment("Another")
    assert all(path.exists() for path in arriving)
    assert not ours.exists()


def test_foreign_files_sorts_what_companion_did_not_write(tmp_path: Path, clock: FakeClock) -> None:
    journal = Journal.open(tmp_path / "j", clock=clock)
    journal.add_commitment("Book the big room")
    (journal.folder / "drafts.sync-conflict-20261130-024832-4BV6JOA.json").write_text("{}")
    (journal.folder / ".stfolder").mkdir()
    (journal.folder / "commitments" / "2026-11.json.partial").write_text("")
    found = foreign_files(journal.folder)
    assert [c.target.name for c in found.copies] == ["drafts.json"]
    assert {p.name for p in found.sync_files} == {".stfolder", "2026-11.json.partial"}
    assert found.unknown == []


def test_a_journal_syncthing_shares_tells_it_to_keep_the_lock_and_backups_on_this_device(
    tmp_path: Path, clock: FakeClock
) -> None:
    Journal.open(tmp_path / "j", clock=clock).add_commitment("Book the big room")
    assert not (tmp_path / "j" / ".stignore").exists()  # not shared: nothing is added
    (tmp_path / "j" / ".stfolder").mkdir()  # Syncthing shares the folder from now on
    Journal.open(tmp_path / "j", clock=clock)
    lines = (tmp_path / "j" / ".stignore").read_text().splitlines()
    assert "/.lock" in lines and "/backups" in lines
    (tmp_path / "j" / ".stignore").write_text("// the leader's own\n")
    Journal.open(tmp_path / "j", clock=clock)
    assert (tmp_path / "j" / ".stignore").read_text() == "// the leader's own\n"


def test_merging_keeps_histories_in_time_order_across_time_zones() -> None:
    ours = {
        "id": "c",
        "status": "done",
        "history": [{"at": "2026-11-20T18:00:00+01:00", "status": "done"}],
    }
    theirs = {
        "id": "c",
        "status": "dropped",
        "history": [{"at": "2026-11-20T17:30:00+00:00", "status": "dropped"}],
    }
    merged, contradict = sync.merge_commitment(ours, theirs)
    assert contradict
    # 18:00+01:00 is 17:00 UTC: before 17:30 UTC, so "dropped" is the later and stands.
    assert [c["status"] for c in merged["history"]] == ["done", "dropped"]
    assert merged["status"] == "dropped"
    again, _ = sync.merge_commitment(merged, theirs)
    assert again == merged


@given(
    st.lists(st.sampled_from(["done", "dropped", "renegotiated"]), max_size=4),
    st.lists(st.sampled_from(["done", "dropped", "renegotiated"]), max_size=4),
)
def test_no_change_is_ever_lost_or_doubled_whichever_side_merges(
    mine: list[str], theirs: list[str]
) -> None:
    def doc(statuses: list[str], minute: int) -> dict[str, object]:
        history = [
            {"at": f"2026-11-20T1{i}:{minute:02d}:00+00:00", "status": s}
            for i, s in enumerate(statuses)
        ]
        return {"id": "c", "status": statuses[-1] if statuses else "open", "history": history}

    a, b = doc(mine, 10), doc(theirs, 20)
    one, _ = sync.merge_commitment(a, b)
    two, _ = sync.merge_commitment(b, a)
    assert one["history"] == two["history"]
    assert len(one["history"]) == len(mine) + len(theirs)
    assert one["status"] == two["status"]


def test_a_drafts_copy_keeps_the_draft_saved_later() -> None:
    rows, report = sync.merge_rows(
        "drafts",
        {"d": {"id": "d", "updated": "2026-11-20T10:00:00+00:00"}},
        {
            "d": {"id": "d", "updated": "2026-11-20T11:00:00+00:00"},
            "e": {"id": "e", "updated": "2026-11-20T09:00:00+00:00"},
        },
    )
    assert rows["d"]["updated"].startswith("2026-11-20T11") and "e" in rows
    assert report.added == ["e"] and report.combined == ["d"]


def test_a_lock_a_sync_tool_deleted_never_lets_two_saves_on_this_device_at_once(
    tmp_path: Path, clock: FakeClock
) -> None:
    first = Journal.open(tmp_path / "j", clock=clock, lock_timeout=0.3)
    first.add_commitment("Book the big room")
    second = Journal.open(tmp_path / "j", clock=clock, lock_timeout=0.3)
    with first.locked():
        # The other device's sync deletes .lock while this one holds it.
        (tmp_path / "j" / ".lock").unlink()
        with pytest.raises(JournalBusy):
            second.add_commitment("Saved while the first is still saving")
    second.add_commitment("Saved once the first is done")
    assert len(Journal.open(tmp_path / "j", clock=clock).commitments()) == 2


@given(
    st.dictionaries(st.sampled_from(["text", "due", "first_step"]), st.text(max_size=5)),
    st.dictionaries(st.sampled_from(["text", "due", "first_step"]), st.text(max_size=5)),
)
def test_both_devices_merge_to_the_same_record_so_the_sync_settles(
    mine: dict[str, str], theirs: dict[str, str]
) -> None:
    a = {"id": "c", "status": "open", "history": [], **mine}
    b = {"id": "c", "status": "open", "history": [], **theirs}
    assert sync.merge_commitment(a, b)[0] == sync.merge_commitment(b, a)[0]
    entry_a = {"id": "e", "completed": "2026-11-20T10:00:00+00:00", **mine}
    entry_b = {"id": "e", "completed": "2026-11-20T10:00:00+00:00", **theirs}
    assert sync.merge_entry(entry_a, entry_b) == sync.merge_entry(entry_b, entry_a)


# ---------------------------------------------------------------------- the calendar's sessions


def test_sessions_added_on_two_devices_are_merged_and_none_is_lost(
    tmp_path: Path, clock: FakeClock
) -> None:
    from datetime import timedelta

    from companion.core.calendar.model import Session, SessionKind

    def call(journal: Journal, title: str, days: int) -> Session:
        start = clock() + timedelta(days=days)
        return Session(journal.new_id(), title, SessionKind.COACHING_CALL, start,
                       start + timedelta(hours=1))  # fmt: skip

    laptop, desktop, _ = _devices(tmp_path, clock)
    laptop.add_sessions([call(laptop, "Call with Jo", 3)])
    desktop.add_sessions([call(desktop, "Trio with Ben and Chloe", 5)])
    assert sync.classify("sessions.json", top=True).kind == "own"
    # The sync tool keeps the laptop's file and names the desktop's a conflict copy.
    copy = laptop.folder / "sessions.sync-conflict-20261130-024832-4BV6JOA.json"
    shutil.copyfile(desktop.folder / "sessions.json", copy)
    assert [c.target.name for c in foreign_files(laptop.folder).copies] == ["sessions.json"]
    reopened = Journal.open(laptop.folder, clock=clock, lock_timeout=2.0)
    reopened.merge_copies()
    assert sorted(s.title for s in reopened.sessions()) == [
        "Call with Jo",
        "Trio with Ben and Chloe",
    ]
    assert not copy.exists() and foreign_files(laptop.folder).copies == []


@pytest.mark.parametrize("name", ["sessions-DESKTOP-4F2K9.json", ".sessions.json.x1y2.tmp"])
def test_sessions_file_names_from_onedrive_and_companions_own_saves_are_known(name: str) -> None:
    kind = sync.classify(name, top=True).kind
    assert kind == ("conflict" if "DESKTOP" in name else "own")


def test_a_copy_the_sync_tool_removes_while_it_is_merged_is_merged_all_the_same(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other device merged the same conflict copy first and put it aside; the sync tool
    removes it here in the middle of this device's merge. Opening the journal goes on (it
    stopped with FileNotFoundError) and nothing of the copy is lost."""
    laptop, desktop, other = _devices(tmp_path, clock)
    _offline_edits(laptop, desktop, clock, other)
    copy = _as_copy(desktop.folder, laptop.folder, "commitments", COPY_NAMES["Syncthing"])
    merge_rows = sync.merge_rows

    def removed_meanwhile(*args: object, **kwargs: object) -> object:
        copy.unlink()
        return merge_rows(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync, "merge_rows", removed_meanwhile)
    merged = Journal.open(laptop.folder, clock=clock, lock_timeout=2.0)
    assert sorted(c.text for c in merged.commitments()) == [
        "Ask Priya to co-host the next session",
        "Book the big room",
        "Tell the team the session is off",
    ]
    assert not copy.exists()
