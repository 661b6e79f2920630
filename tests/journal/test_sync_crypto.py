"""An encrypted journal on two devices: a passphrase changed on one while the other still saves
under the old one; and a journal upgraded by a newer Companion on the other device."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from companion.core.errors import JournalTooNew, WrongPassphrase
from companion.core.model import CommitmentStatus
from companion.journal import Journal, crypto
from companion.journal.crypto import OWASP_MINIMUM
from tests.conftest import FakeClock

FAST = OWASP_MINIMUM
OLD = "walking meetings in the rain"
NEW = "a board that listens to residents"
COPY = "2026-11.sync-conflict-20261130-024832-4BV6JOA.json"


def test_files_saved_under_the_previous_passphrase_open_and_are_sealed_again(
    tmp_path: Path, clock: FakeClock
) -> None:
    laptop_dir, desktop_dir = tmp_path / "laptop", tmp_path / "desktop"
    laptop = Journal.open(laptop_dir, clock=clock)
    laptop.add_commitment("Ask Priya to co-host the next session")
    laptop.encrypt(OLD, FAST)
    shutil.copytree(laptop_dir, desktop_dir)
    # The desktop, offline, keeps saving under the old passphrase...
    desktop = Journal.open(desktop_dir, passphrase=OLD, clock=clock)
    # ...while the laptop changes it.
    laptop.change_passphrase(NEW, FAST)
    desktop.add_commitment("Book the big room")  # November: the laptop rewrote that month too
    clock.advance(days=15)
    desktop.add_commitment("Tell the team the session is off")  # December: a new month
    # The sync brings the desktop's files over (one as a conflict copy).
    shutil.copy2(desktop_dir / "commitments" / "2026-12.json", laptop_dir / "commitments")
    shutil.copy2(desktop_dir / "commitments" / "2026-11.json", laptop_dir / "commitments" / COPY)

    reopened = Journal.open(laptop_dir, passphrase=NEW, clock=clock)
    assert sorted(c.text for c in reopened.commitments()) == [
        "Ask Priya to co-host the next session",
        "Book the big room",
        "Tell the team the session is off",
    ]
    assert any("sealed again under the new one" in note for note in reopened.notes)
    new_key = crypto.unlock(laptop_dir, NEW).write_key
    for month in ("2026-11.json", "2026-12.json"):
        assert new_key.sealed_by((laptop_dir / "commitments" / month).read_bytes())
    with pytest.raises(WrongPassphrase):
        Journal.open(laptop_dir, passphrase=OLD, clock=clock)


def test_a_journal_upgraded_on_the_other_device_is_never_written_here(
    tmp_path: Path, clock: FakeClock
) -> None:
    journal = Journal.open(tmp_path / "j", clock=clock)
    journal.add_commitment("Book the big room")
    before = (tmp_path / "j" / "commitments" / "2026-11.json").read_bytes()
    # The other device's newer Companion upgrades the journal while this one is open.
    meta = json.loads((tmp_path / "j" / "journal.json").read_text())
    meta["schema"] += 1
    (tmp_path / "j" / "journal.json").write_text(json.dumps(meta))
    with pytest.raises(JournalTooNew) as refused:
        journal.add_commitment("One more")
    assert f"{meta['schema']}" in str(refused.value)
    assert (tmp_path / "j" / "commitments" / "2026-11.json").read_bytes() == before
    assert [c.text for c in Journal.open(tmp_path / "j", clock=clock).commitments()] == [
        "Book the big room"
    ]


def test_a_conflict_copy_of_journal_json_from_a_newer_companion_stops_merging_and_writing(
    tmp_path: Path, clock: FakeClock
) -> None:
    folder = tmp_path / "j"
    Journal.open(folder, clock=clock).add_commitment("Book the big room")
    month = folder / "commitments" / "2026-11.json"
    shutil.copy2(month, folder / "commitments" / COPY)
    meta = json.loads((folder / "journal.json").read_text())
    (folder / "journal.sync-conflict-20261130-024832-4BV6JOA.json").write_text(
        json.dumps({**meta, "schema": meta["schema"] + 1})
    )
    reopened = Journal.open(folder, clock=clock)
    assert not reopened.writable
    assert (folder / "commitments" / COPY).exists()  # left for the newer Companion
    with pytest.raises(JournalTooNew):
        reopened.add_commitment("One more")


def test_a_field_a_newer_companion_added_survives_a_change_made_here(
    tmp_path: Path, clock: FakeClock
) -> None:
    journal = Journal.open(tmp_path / "j", clock=clock)
    made = journal.add_commitment("Book the big room")
    month = tmp_path / "j" / "commitments" / "2026-11.json"
    data = json.loads(month.read_text())
    data["commitments"][made.id]["colour"] = "teal"  # written by a newer Companion elsewhere
    month.write_text(json.dumps(data))
    journal.set_commitment_status(made.id, CommitmentStatus.DONE)
    kept = json.loads(month.read_text())["commitments"][made.id]
    assert kept["colour"] == "teal" and kept["status"] == "done"
