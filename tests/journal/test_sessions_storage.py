"""Sessions are a journal file like the others: backed up, copied, checked by doctor, encrypted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from companion.core.errors import JournalDamaged
from companion.journal import Journal, crypto, doctor, inventory
from companion.journal.crypto import OWASP_MINIMUM
from tests.conftest import FakeClock
from tests.helpers.calendar import add_session, london


def test_sessions_json_is_in_every_list_of_journal_files(
    journal: Journal, clock: FakeClock, tmp_path: Path
) -> None:
    add_session(journal, "Workshop 3", london(2026, 5, 7, 9, 30))
    add_session(journal, "Coaching call with Jo", london(2026, 5, 12, 10, 0))
    path = journal.folder / "sessions.json"
    assert path in journal.journal_files()
    assert path in inventory.data_files(journal.folder)
    assert path in crypto.stored_files(journal.folder)
    assert any(journal.store.backup_dir_for(path).glob("sessions.json.*")), "a backup was kept"
    journal.copy_files_to(tmp_path / "copy")
    assert json.loads((tmp_path / "copy" / "sessions.json").read_text())["sessions"]


def test_doctor_names_a_damaged_sessions_file_and_the_journal_still_opens_home(
    journal: Journal,
) -> None:
    from companion.core.calendar.rhythm import read_nudges

    add_session(journal, "Workshop 3", london(2026, 5, 7, 9, 30))
    (journal.folder / "sessions.json").write_text('{"sessions": {"x": {"id": "x"}}}')
    findings = doctor.check(journal.folder)
    assert any(not f.ok and "sessions.json" in f.detail for f in findings)
    with pytest.raises(JournalDamaged):
        journal.sessions()
    assert read_nudges(journal, []) == []


def test_an_encrypted_journal_keeps_its_sessions_sealed(journal: Journal) -> None:
    add_session(journal, "Coaching call with Jo", london(2026, 5, 12, 10, 0))
    journal.encrypt("walking meetings in the rain", OWASP_MINIMUM)
    assert b"Coaching call" not in (journal.folder / "sessions.json").read_bytes()
    assert [s.title for s in journal.sessions()] == ["Coaching call with Jo"]
