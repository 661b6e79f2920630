"""Backup and restore: everything out in one file, and back exactly as it was."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core.errors import ImportFileError, UsageError
from companion.core.session import Session
from companion.core.settings import settings_path
from companion.export import ExportOptions, export_json, select_from_journal
from companion.export.backup import FORMAT, SEALED_MAGIC, read_journal, write_backup
from companion.importing.restore import (
    SealedBackup,
    parse_backup,
    read_backup,
    restore,
    settings_change,
)
from companion.journal import Journal
from companion.journal.crypto import OWASP_MINIMUM
from tests.helpers.export import SECRET, secret_journal

PASSPHRASE = "correct horse battery"
SETTINGS_TEXT = 'name = "Ada Leader"\nreview_day = "monday"\n'


def full_export(journal: Journal) -> str:
    return export_json(select_from_journal(journal, ExportOptions(include_private=True)))


@pytest.fixture
def filled(journal: Journal, library, clock) -> Journal:  # type: ignore[no-untyped-def]
    """The secret journal, a draft with a private answer, a commitment with a history, and
    a settings file."""
    secret_journal(journal, library, clock)
    draft = Session(library.get("empathy-map"), journal)
    draft.answer(f"{SECRET} carers at the Tuesday group", step_id="whose", private=True)
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(SETTINGS_TEXT, encoding="utf-8")
    assert any(c.history for c in journal.commitments())
    assert journal.drafts() and journal.meta.get("last_review")
    return journal


def every_text(value: Any) -> list[str]:
    """Every string inside a JSON value (what a leader wrote, and the rest)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in every_text(v)]
    if isinstance(value, list):
        return [t for v in value for t in every_text(v)]
    return []


def test_restore_into_a_new_journal_gives_back_exactly_what_was_backed_up(
    tmp_path: Path, filled: Journal
) -> None:
    target = tmp_path / "journal.backup"
    written = write_backup(filled, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not written.sealed
    before = full_export(filled)
    assert f"{SECRET} carers" in before  # the private draft answer is in the export compared

    settings_path().unlink()  # a new computer: no settings yet
    fresh = Journal.open(tmp_path / "fresh")
    contents = read_backup(target)
    assert not isinstance(contents, SealedBackup)
    result = restore(fresh, contents)
    assert result.added["entries"] == len(filled.entries())
    assert result.added["drafts"] == 1
    assert settings_change(contents) == "new"
    # The same records, fields and values (a backup keeps a small table's keys sorted, and an
    # export writes each record in the order its journal stores it).
    assert json.loads(full_export(Journal.open(tmp_path / "fresh"))) == json.loads(before)
    assert Journal.open(tmp_path / "fresh").meta == filled.meta


def test_every_table_the_inventory_knows_goes_into_the_backup(
    tmp_path: Path, journal: Journal
) -> None:
    """The calendar's sessions, a table added after the backup was written, go in without a
    list to keep: the backup takes every file the journal's inventory knows."""
    from datetime import timedelta

    from companion.core.calendar.model import Session as CalendarSession
    from companion.core.calendar.model import SessionKind

    start = journal.now() + timedelta(days=3)
    call = CalendarSession(
        journal.new_id(),
        "Coaching call with Jo",
        SessionKind.COACHING_CALL,
        start,
        start + timedelta(hours=1),
    )
    journal.add_sessions([call])
    contents = read_journal(journal)
    assert any(name.startswith("sessions") for name in contents.files)
    write_backup(journal, tmp_path / "b.json")
    fresh = Journal.open(tmp_path / "fresh")
    restore(fresh, read_backup(tmp_path / "b.json"))  # type: ignore[arg-type]
    assert [(s.id, s.title, s.start) for s in fresh.sessions()] == [
        (call.id, call.title, call.start)
    ]


def test_an_encrypted_journals_backup_holds_no_plaintext(tmp_path: Path, filled: Journal) -> None:
    words = [
        t for t in every_text(json.loads(full_export(filled))) if len(t) >= 4 and not t.isdigit()
    ]
    before = full_export(filled)
    filled.encrypt(PASSPHRASE, OWASP_MINIMUM)
    target = tmp_path / "sealed.backup"
    written = write_backup(filled, target)
    assert written.sealed
    raw = target.read_bytes()
    assert raw.startswith(SEALED_MAGIC)
    for text in [*words, SETTINGS_TEXT.splitlines()[0], SECRET]:
        assert text.encode("utf-8") not in raw, text
    found = read_backup(target)
    assert isinstance(found, SealedBackup)
    assert found.open("not the passphrase") is None
    contents = found.open(PASSPHRASE)
    assert contents is not None
    fresh = Journal.open(tmp_path / "fresh")
    restore(fresh, contents)
    assert json.loads(full_export(Journal.open(tmp_path / "fresh"))) == json.loads(before)


def test_a_plain_journal_can_be_backed_up_with_a_passphrase_of_its_own(
    tmp_path: Path, filled: Journal
) -> None:
    target = tmp_path / "chosen.backup"
    write_backup(filled, target, passphrase=PASSPHRASE)
    assert SECRET.encode() not in target.read_bytes()
    found = read_backup(target)
    assert isinstance(found, SealedBackup) and found.open("wrong passphrase") is None
    assert found.open(PASSPHRASE) is not None


def test_a_journal_with_records_is_refused_unless_merged(
    tmp_path: Path,
    filled: Journal,
    library,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    write_backup(filled, tmp_path / "b.json")
    contents = read_backup(tmp_path / "b.json")
    assert not isinstance(contents, SealedBackup)
    other = Journal.open(tmp_path / "other", clock=clock)
    session = Session(library.get("learning-diary"), other)
    session.answer("A different day entirely.", step_id="happened")
    session.finish()
    before = full_export(other)
    with pytest.raises(UsageError, match=r"already has 1 record.*--merge"):
        restore(other, contents)
    assert full_export(other) == before
    result = restore(other, contents, merge=True)
    assert result.added["entries"] == len(filled.entries())
    assert "Added" in result.summary(Path("b.json"))
    again = restore(other, contents, merge=True)
    assert sum(again.added.values()) == 0
    assert sum(again.kept.values()) == sum(result.added.values())
    assert "kept as they are" in again.summary(Path("b.json"))
    assert len(other.entries()) == len(filled.entries()) + 1


def test_foreign_damaged_and_newer_files_are_one_sentence(tmp_path: Path, filled: Journal) -> None:
    write_backup(filled, tmp_path / "b.json")
    good = json.loads((tmp_path / "b.json").read_text())
    export = tmp_path / "export.json"
    export.write_text(full_export(filled))
    with pytest.raises(ImportFileError, match="is a Companion export, not a backup"):
        read_backup(export)
    newer = {**good, "format": FORMAT + 1}
    with pytest.raises(ImportFileError, match="newer Companion"):
        parse_backup(Path("n.json"), json.dumps(newer).encode())
    with pytest.raises(ImportFileError, match="newer Companion"):
        parse_backup(Path("n.bak"), SEALED_MAGIC + bytes([FORMAT + 1, 1]) + b"x" * 80)
    tricked = {**good, "files": {**good["files"], "../outside.json": {"x": {}}}}
    with pytest.raises(ImportFileError, match="names a file Companion does not keep"):
        parse_backup(Path("t.json"), json.dumps(tricked).encode())
    for name in ("backups/entries/2026-11.json.1", "entries/2026-13.json", "/etc/x.json"):
        odd = {**good, "files": {**good["files"], name: {"entries": {}}}}
        with pytest.raises(ImportFileError, match="names a file Companion does not keep"):
            parse_backup(Path("t.json"), json.dumps(odd).encode())
    sealed = tmp_path / "s.backup"
    write_backup(filled, sealed, passphrase=PASSPHRASE)
    raw = bytearray(sealed.read_bytes())
    raw[-5] ^= 1
    found = parse_backup(Path("s.backup"), bytes(raw))
    assert isinstance(found, SealedBackup) and found.open(PASSPHRASE) is None


@settings(max_examples=60)
@given(st.binary(max_size=300) | st.sampled_from([b"", b"{}", b'{"companion": "backup"}']))
def test_arbitrary_bytes_are_refused_in_one_sentence(data: bytes) -> None:
    try:
        found = parse_backup(Path("x.backup"), data)
    except ImportFileError as error:
        assert "\n" not in str(error) and "x.backup" in str(error)
        return
    assert isinstance(found, SealedBackup)  # only a sealed backup's magic passes unopened


@pytest.fixture(scope="module")
def small_backup(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("small")
    source = Journal.open(folder / "source")
    source.add_commitment("Call Sam about the budget")
    write_backup(source, folder / "b.json")
    return (folder / "b.json").read_bytes()


@settings(max_examples=30)
@given(st.data())
def test_a_damaged_backup_never_half_restores(
    tmp_path_factory: pytest.TempPathFactory, small_backup: bytes, data: st.DataObject
) -> None:
    raw = bytearray(small_backup)
    where = data.draw(st.integers(0, len(raw) - 1))
    raw[where] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(where + 1, len(raw)))
    fresh = Journal.open(tmp_path_factory.mktemp("fresh") / "journal")
    before = sorted(p.name for p in fresh.folder.rglob("*"))
    try:
        contents = parse_backup(Path("b.json"), bytes(raw[:cut]))
    except ImportFileError:
        assert sorted(p.name for p in fresh.folder.rglob("*")) == before
        return
    assert not isinstance(contents, SealedBackup)
    restore(fresh, contents)  # what passed the checks is sound: it restores
