"""The journal's storage guarantees, checked the way a leader would notice them.

Process-level tests (kill -9, two Companions at once) are in test_storage_processes.py and the
command-line ones in test_storage_cli.py.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import companion.core.model as model_module
import companion.journal.service as service_module
from companion.core import ids
from companion.core.errors import JournalDamaged, JournalError, JournalTooNew, JournalWriteError
from companion.core.model import CommitmentStatus, Entry
from companion.core.scripts import Library
from companion.core.session import Session
from companion.journal import Journal, doctor, files, migrations, platform
from tests.helpers.storage import (
    at,
    data_snapshot,
    make_commitment,
    make_draft,
    make_entry,
    modes,
    temp_files,
)
from tools import sample

NOVEMBER = at(2026, 11, 15)
SHARD = Path("commitments") / "2026-11.json"


# ---------------------------------------------------------------------- 1. atomic, durable writes


def test_a_save_goes_through_a_temp_file_in_the_same_folder_fsync_then_replace(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.save_commitment(make_commitment(NOVEMBER, "first"))
    shard = (journal.folder / SHARD).resolve()
    calls: list[tuple[str, Any]] = []
    real_fsync, real_replace, real_mkstemp = os.fsync, os.replace, tempfile.mkstemp

    class Os:
        def __getattr__(self, name: str) -> Any:
            return getattr(os, name)

        def fsync(self, fd: int) -> None:
            calls.append(("fsync", stat.S_ISDIR(os.fstat(fd).st_mode)))
            real_fsync(fd)

        def replace(self, source: Any, target: Any) -> None:
            if Path(target) == shard:
                assert b"second" in Path(source).read_bytes()
                calls.append(("replace", (Path(source), shard.read_bytes())))
            real_replace(source, target)

    class Tempfile:
        def __getattr__(self, name: str) -> Any:
            return getattr(tempfile, name)

        def mkstemp(self, **options: Any) -> tuple[int, str]:
            made = real_mkstemp(**options)
            calls.append(("mkstemp", Path(made[1])))
            return made

    monkeypatch.setattr(files, "os", Os())
    monkeypatch.setattr(platform, "os", Os())  # fsync and replace are chosen per platform
    monkeypatch.setattr(files, "tempfile", Tempfile())
    before = shard.read_bytes()
    journal.save_commitment(make_commitment(NOVEMBER, "second"))

    kinds = [name for name, _ in calls]
    assert kinds[0] == "mkstemp"
    temp = calls[0][1]
    assert temp.parent == shard.parent, "the temp file must sit beside the file it replaces"
    assert temp.name.startswith(".") and temp.name.endswith(".tmp")
    file_fsync = kinds.index("fsync")
    replace = kinds.index("replace")
    assert calls[file_fsync][1] is False, "the temp file itself is fsynced"
    assert file_fsync < replace, "fsync happens before the rename"
    assert calls[replace][1] == (temp, before), "the old file is intact until the rename"
    assert ("fsync", True) in calls[replace:], "the folder is fsynced after the rename"
    assert not temp.exists()
    assert {c.text for c in journal.commitments()} == {"first", "second"}


def test_leftover_temp_files_are_removed_on_the_next_open(journal_dir: Path) -> None:
    journal = Journal.open(journal_dir)
    journal.save_entry(make_entry(NOVEMBER))
    leftovers = [
        journal_dir / ".journal.json.k2j3h4.tmp",
        journal_dir / "entries" / ".2026-11.json.a8d7f6.tmp",
        journal_dir / ".drafts.json.zz.tmp",
    ]
    for path in leftovers:
        path.write_bytes(b'{"entries": {"half')
    keep = journal_dir / "entries" / "notes.tmp"
    keep.write_bytes(b"mine")
    finding = {f.topic: f for f in doctor.check(journal_dir)}["temp files"]
    assert "3 left" in finding.detail

    reopened = Journal.open(journal_dir)

    assert not any(p.exists() for p in leftovers)
    assert keep.read_bytes() == b"mine", "only Companion's own hidden temp files are removed"
    assert len(reopened.entries()) == 1
    assert "temp files" not in {f.topic for f in doctor.check(journal_dir)}


# ---------------------------------------------------------------------- 2. private permissions


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_every_file_is_0600_and_every_folder_0700_under_umask_022(
    tmp_path: Path, clock: Any, umask_022: None
) -> None:
    folder = tmp_path / "deep" / "journal"
    journal = Journal.open(folder, clock=clock)
    for _ in range(3):  # several saves, so there are backups
        journal.save_commitment(make_commitment(NOVEMBER))
        journal.save_entry(make_entry(NOVEMBER))
        journal.save_draft(make_draft(NOVEMBER))
    journal.set_meta("last_review", "2026-11-20")
    journal.set_commitment_status(journal.commitments()[0].id, CommitmentStatus.DONE)
    journal.copy_files_to(folder / "backups" / "by-hand")

    found = modes(folder)
    assert ".lock" in found
    assert any(name.startswith("backups/commitments/2026-11.json.") for name in found)
    assert "backups/by-hand/entries/2026-11.json" in found
    for name, mode in found.items():
        kind = os.lstat(folder / name).st_mode
        wanted = 0o700 if stat.S_ISDIR(kind) else 0o600
        assert mode == wanted, f"{name} is {oct(mode)}, should be {oct(wanted)}"
    assert all(f.ok for f in doctor.check(folder))


def test_a_loose_existing_folder_is_tightened_on_open(tmp_path: Path, umask_022: None) -> None:
    folder = tmp_path / "journal"
    (folder / "entries").mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    (folder / "entries").chmod(0o755)
    journal = Journal.open(folder)
    journal.save_entry(make_entry(NOVEMBER))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "entries").stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "entries" / "2026-11.json").stat().st_mode) == 0o600


# ---------------------------------------------------------------------- 3. symlinks


def test_a_symlinked_journal_folder_writes_through_and_the_link_survives(
    tmp_path: Path, umask_022: None
) -> None:
    real = tmp_path / "synced" / "journal"
    real.mkdir(parents=True)
    link = tmp_path / "journal-link"
    link.symlink_to(real, target_is_directory=True)

    journal = Journal.open(link)
    first = make_commitment(NOVEMBER, "via the link")
    journal.save_commitment(first)
    journal.save_commitment(make_commitment(NOVEMBER, "again"))
    journal.save_entry(make_entry(NOVEMBER))

    assert link.is_symlink() and Path(os.readlink(link)) == real
    assert (real / SHARD).is_file() and not (real / SHARD).is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o700
    assert {c.text for c in Journal.open(real).commitments()} == {"via the link", "again"}
    assert all(f.ok for f in doctor.check(link))


@pytest.mark.parametrize("relative", ["commitments/2026-11.json", "journal.json", "drafts.json"])
def test_a_symlinked_journal_file_keeps_its_link_and_the_target_gets_the_new_content(
    journal: Journal, tmp_path: Path, relative: str
) -> None:
    journal.save_commitment(make_commitment(NOVEMBER, "before the link"))
    journal.save_draft(make_draft(NOVEMBER))
    # A link inside the journal folder (one leading out is refused: test_journal_folder.py).
    elsewhere = journal.folder / "elsewhere"
    elsewhere.mkdir(parents=True)
    target = elsewhere / "kept-here.json"
    link = journal.folder / relative
    target.write_bytes(link.read_bytes())
    target.chmod(0o600)
    link.unlink()
    link.symlink_to(target)

    journal = Journal.open(journal.folder)
    added = make_commitment(NOVEMBER, "after the link")
    journal.save_commitment(added)
    draft = make_draft(NOVEMBER, text="draft after the link")
    journal.save_draft(draft)
    journal.set_meta("last_review", "2026-11-20")

    assert link.is_symlink() and Path(os.readlink(link)) == target, "the link survives"
    saved = json.loads(target.read_text())
    if relative.startswith("commitments"):
        assert set(saved["commitments"]) == {c.id for c in journal.commitments()}
        assert added.id in saved["commitments"]
    elif relative == "drafts.json":
        assert draft.id in saved["drafts"]
    else:
        assert saved["last_review"] == "2026-11-20"
    assert not temp_files(elsewhere, journal.folder)
    reopened = Journal.open(journal.folder)
    assert "after the link" in {c.text for c in reopened.commitments()}
    assert reopened.meta["last_review"] == "2026-11-20"
    if relative != "drafts.json":  # drafts are not backed up; the other files are, by their name
        backup = journal.store.newest_backup(link)
        assert backup is not None and backup.name == f"{link.name}.1"
        assert not list((journal.folder / "backups").rglob("kept-here*"))


def test_a_damaged_symlinked_shard_is_restored_through_its_link(
    journal: Journal, tmp_path: Path
) -> None:
    # A link inside the journal folder (one leading out is refused: test_journal_folder.py).
    elsewhere = journal.folder / "elsewhere"
    elsewhere.mkdir(parents=True)
    target = elsewhere / "november.json"
    link = journal.folder / SHARD
    link.parent.mkdir(mode=0o700)
    link.symlink_to(target)
    journal.save_commitment(make_commitment(NOVEMBER, "sound"))
    journal.save_commitment(make_commitment(NOVEMBER, "also sound"))
    target.write_bytes(b'{"commitments": {')

    with pytest.raises(JournalDamaged) as raised:
        journal.commitments()
    assert raised.value.newest_backup is not None
    [done] = doctor.restore(journal.folder)

    assert link.is_symlink() and Path(os.readlink(link)) == target
    assert [c.text for c in journal.commitments()] == ["sound"]
    assert [p.name for p in elsewhere.iterdir() if ".damaged-" in p.name] != []
    assert "restored from" in done


# ---------------------------------------------------------------------- 4. two journals, one folder


def test_a_same_size_change_by_another_companion_is_not_lost_on_the_next_save(
    journal_dir: Path,
) -> None:
    """Two Companions (two Journal objects, each with its own cache) saving drafts in turn.

    On a filesystem with coarse timestamps (ext4 before Linux 6.13, 1-4 ms) a file rewritten
    within the same tick, at the same size, in a freed and reused inode, has the same stat as the
    version another Companion cached. The next save must still start from the file on disk.
    """
    mine = Journal.open(journal_dir)
    theirs = Journal.open(journal_dir)
    when = at(2026, 11, 20)
    my_draft, their_draft = make_draft(when, 1), make_draft(when, 1)
    theirs.save_draft(their_draft)
    mine.save_draft(my_draft)
    path = journal_dir / "drafts.json"
    cached = os.stat(path)

    for position in range(2, 10):  # same size each time; stop once the inode comes back
        their_draft.position = position
        theirs.save_draft(their_draft)
        now = os.stat(path)
        if now.st_ino == cached.st_ino:
            break
    else:
        pytest.skip("this filesystem did not reuse the inode, so the stat cannot collide")
    assert now.st_size == cached.st_size
    os.utime(path, ns=(now.st_atime_ns, cached.st_mtime_ns))  # the same clock tick

    my_draft.position = 2
    mine.save_draft(my_draft)

    positions = {d.id: d.position for d in Journal.open(journal_dir).drafts()}
    assert positions == {my_draft.id: 2, their_draft.id: their_draft.position}


def test_a_journal_object_sees_writes_made_through_another(journal: Journal) -> None:
    other = Journal.open(journal.folder)
    assert journal.commitments() == [] and journal.entries() == []
    before = journal.state()
    added = other.add_commitment("Call the finance lead")
    entry = make_entry(NOVEMBER)
    other.save_entry(entry)
    assert [c.id for c in journal.commitments()] == [added.id]
    assert [e.id for e in journal.entries()] == [entry.id]
    assert journal.state() != before


# ---------------------------------------------------------------------- 5. damaged files


def _valid_shard_bytes(journal: Journal) -> bytes:
    journal.save_commitment(make_commitment(NOVEMBER, "one"))
    journal.save_commitment(make_commitment(NOVEMBER, "two"))
    return (journal.folder / SHARD).read_bytes()


DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "empty": (lambda good: b"", "empty"),
    "blank": (lambda good: b"  \n", "empty"),
    "truncated": (lambda good: good[: len(good) // 2], "not valid JSON"),
    "invalid JSON": (lambda good: b"{commitments: oops}", "not valid JSON"),
    "not text": (lambda good: b"\xff\xfe\x00\x81garbage", "not text"),
    "a list": (lambda good: b"[]", "does not hold a table"),
    "another table": (lambda good: b'{"_default": {"1": {"a": 1}}}', "unexpected table"),
    "table not an object": (lambda good: b'{"commitments": [1, 2]}', "not a JSON object"),
    "junk record": (lambda good: b'{"commitments": {"abc": "junk"}}', "not a Companion record"),
    "record of the wrong id": (
        lambda good: b'{"commitments": {"abc": {"id": "xyz", "text": "t"}}}',
        "not a Companion record",
    ),
    "record missing its fields": (
        lambda good: b'{"commitments": {"abc": {"id": "abc"}}}',
        "record 'abc'",
    ),
    "record with an unknown status": (
        lambda good: json.dumps(
            {
                "commitments": {
                    "abc": {"id": "abc", "text": "t", "created": "2026-11-15", "status": "maybe"}
                }
            }
        ).encode(),
        "record 'abc'",
    ),
    "record with an unreadable date": (
        lambda good: json.dumps(
            {"commitments": {"abc": {"id": "abc", "text": "t", "created": "last tuesday"}}}
        ).encode(),
        "record 'abc'",
    ),
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_shard_is_reported_and_never_overwritten(journal: Journal, kind: str) -> None:
    good = _valid_shard_bytes(journal)
    damage, problem = DAMAGE[kind]
    shard = journal.folder / SHARD
    shard.write_bytes(damage(good))
    damaged_bytes = shard.read_bytes()
    newest_backup = journal.folder / "backups" / SHARD.parent / "2026-11.json.1"
    assert newest_backup.exists()

    with pytest.raises(JournalDamaged) as raised:
        journal.commitments()
    with pytest.raises(JournalDamaged) as raised_on_home:
        Journal.open(journal.folder).active_commitments()
    assert str(raised_on_home.value) == str(raised.value)
    message = str(raised.value)
    assert str(shard) in message
    assert problem in message
    assert str(newest_backup) in message
    assert "doctor --restore" in message

    attempts: list[Callable[[], object]] = [
        lambda: journal.save_commitment(make_commitment(NOVEMBER, "lost?")),
        lambda: journal.update_commitment(make_commitment(NOVEMBER).id, lambda c: None),
        lambda: journal.finish(make_entry(NOVEMBER), [make_commitment(NOVEMBER)], None),
        lambda: Journal.open(journal.folder).save_commitment(make_commitment(NOVEMBER)),
    ]
    for attempt in attempts:
        with pytest.raises(JournalDamaged):
            attempt()
        assert shard.read_bytes() == damaged_bytes, "a damaged file is never written over"
    assert not temp_files(journal.folder)
    # The rest of the journal still works: other months and other kinds.
    journal.save_commitment(make_commitment(at(2026, 10), "october is fine"))
    journal.save_entry(make_entry(NOVEMBER))
    assert len(journal.entries()) == 1
    assert shard.read_bytes() == damaged_bytes
    findings = doctor.check(journal.folder)
    assert [f.ok for f in findings if f.topic == "damaged file"] == [False]


def test_a_damaged_file_without_a_backup_says_so(journal: Journal) -> None:
    journal.save_entry(make_entry(NOVEMBER))
    path = journal.folder / "entries" / "2026-11.json"
    path.write_bytes(path.read_bytes()[:-3])
    with pytest.raises(JournalDamaged) as raised:
        journal.entries()
    assert raised.value.newest_backup is None
    assert "no backup" in str(raised.value)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize("content", [b"", b'{"companion": "journal", "sch', b"[]", b'{"a": 1}'])
def test_a_damaged_journal_json_stops_opening_and_is_left_alone(
    journal: Journal, content: bytes
) -> None:
    journal.set_meta("last_review", "2026-10-01")
    journal.set_meta("last_review", "2026-11-01")  # the backup holds 2026-10-01
    journal.save_commitment(make_commitment(NOVEMBER))
    meta = journal.folder / "journal.json"
    meta.write_bytes(content)
    with pytest.raises(JournalDamaged) as raised:
        Journal.open(journal.folder)
    assert str(meta) in str(raised.value)
    assert "journal.json.1" in str(raised.value)
    with pytest.raises(JournalDamaged):
        journal.set_meta("last_review", "2026-11-20")
    assert meta.read_bytes() == content, "never reset to a fresh, empty journal"

    [done] = doctor.restore(journal.folder)
    assert "journal.json.1" in done
    assert Journal.open(journal.folder).meta["last_review"] == "2026-10-01"
    assert len(Journal.open(journal.folder).commitments()) == 1


def test_damaged_drafts_are_never_overwritten(journal: Journal) -> None:
    journal.save_draft(make_draft(NOVEMBER))
    path = journal.folder / "drafts.json"
    path.write_bytes(b'{"drafts": {"x": ')
    with pytest.raises(JournalDamaged):
        journal.drafts()
    with pytest.raises(JournalDamaged):
        journal.save_draft(make_draft(NOVEMBER))
    with pytest.raises(JournalDamaged):
        journal.delete_draft("x")
    assert path.read_bytes() == b'{"drafts": {"x": '


def test_restore_puts_back_the_newest_sound_backup_and_keeps_the_damaged_file(
    journal: Journal, umask_022: None
) -> None:
    for text in ("one", "two", "three"):
        journal.save_commitment(make_commitment(NOVEMBER, text))
    shard = journal.folder / SHARD
    backups = journal.folder / "backups" / "commitments"
    (backups / "2026-11.json.1").write_bytes(b"{also broken")  # the newest backup is bad too
    shard.write_bytes(b"\x00" * 40)

    done = doctor.restore(journal.folder)

    assert len(done) == 1 and "2026-11.json.2" in done[0]
    assert [c.text for c in journal.commitments()] == ["one"]
    aside = [p for p in shard.parent.iterdir() if p.name.startswith("2026-11.json.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes() == b"\x00" * 40
    assert stat.S_IMODE(shard.stat().st_mode) == 0o600
    assert all(f.ok for f in doctor.check(journal.folder))
    assert doctor.restore(journal.folder) == [], "nothing left to restore"


# ---------------------------------------------------------------------- 6. format versions


def _set_schema(folder: Path, version: int) -> None:
    meta = folder / "journal.json"
    data = json.loads(meta.read_text())
    data["schema"] = version
    meta.write_text(json.dumps(data))


def test_a_newer_journal_is_read_but_never_written(journal: Journal) -> None:
    kept = make_commitment(NOVEMBER, "from the newer Companion")
    journal.save_commitment(kept)
    journal.save_entry(make_entry(NOVEMBER))
    journal.save_draft(make_draft(NOVEMBER))
    _set_schema(journal.folder, 99)
    before = data_snapshot(journal.folder)

    newer = Journal.open(journal.folder)
    assert not newer.writable
    assert [c.text for c in newer.commitments()] == ["from the newer Companion"]
    assert len(newer.entries()) == 1 and len(newer.drafts()) == 1
    writes: list[Callable[[], object]] = [
        lambda: newer.save_commitment(make_commitment(NOVEMBER)),
        lambda: newer.add_commitment("new"),
        lambda: newer.set_commitment_status(kept.id, CommitmentStatus.DONE),
        lambda: newer.save_entry(make_entry(NOVEMBER)),
        lambda: newer.delete_entry(newer.entries()[0].id),
        lambda: newer.save_draft(make_draft(NOVEMBER)),
        lambda: newer.delete_draft(newer.drafts()[0].id),
        lambda: newer.set_meta("last_review", "2026-11-20"),
        lambda: newer.finish(make_entry(NOVEMBER), [make_commitment(NOVEMBER)], None),
        lambda: newer.save_many(entries=[make_entry(NOVEMBER)]),
    ]
    for write in writes:
        with pytest.raises(JournalTooNew) as raised:
            write()
        assert "99" in str(raised.value) and "version 1" in str(raised.value)
    assert data_snapshot(journal.folder) == before
    assert [f.ok for f in doctor.check(journal.folder) if f.topic == "format"] == [False]


@pytest.fixture
def format_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this Companion writes format 2 (as the next release will)."""
    monkeypatch.setattr(model_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(service_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", dict(migrations.MIGRATIONS))


def test_an_older_journal_is_backed_up_then_migrated(
    journal: Journal, clock: Any, format_2: None, umask_022: None
) -> None:
    journal.save_commitment(make_commitment(NOVEMBER, "tell the board"))
    journal.save_entry(make_entry(NOVEMBER))
    old = data_snapshot(journal.folder)
    assert json.loads(old["journal.json"])["schema"] == 1

    def shout(upgrading: Journal) -> None:
        for commitment in upgrading.commitments():
            upgrading.update_commitment(commitment.id, lambda c: setattr(c, "text", c.text.upper()))

    migrations.MIGRATIONS[1] = shout
    upgraded = Journal.open(journal.folder, clock=clock)

    assert [c.text for c in upgraded.commitments()] == ["TELL THE BOARD"]
    assert json.loads((journal.folder / "journal.json").read_text())["schema"] == 2
    found = list((journal.folder / "backups").glob("before-format-2-*"))
    assert len(found) == 1 and found[0].name == "before-format-2-20261120T163000"
    assert data_snapshot(found[0]) == old
    assert all(m == 0o600 for name, m in modes(found[0]).items() if name.endswith(".json"))
    assert [c.text for c in Journal.open(journal.folder).commitments()] == ["TELL THE BOARD"]


@pytest.mark.parametrize("have_first_step", [False, True])
def test_a_missing_migration_is_a_clear_error_and_changes_nothing(
    journal: Journal, monkeypatch: pytest.MonkeyPatch, format_2: None, have_first_step: bool
) -> None:
    journal.save_commitment(make_commitment(NOVEMBER, "keep me as I am"))
    before = data_snapshot(journal.folder)
    if have_first_step:  # 1 -> 2 exists but 2 -> 3 does not: not even the first step may run
        monkeypatch.setattr(model_module, "SCHEMA_VERSION", 3)
        monkeypatch.setattr(service_module, "SCHEMA_VERSION", 3)

        def first(upgrading: Journal) -> None:
            for commitment in upgrading.commitments():
                upgrading.update_commitment(commitment.id, lambda c: setattr(c, "text", "changed"))

        migrations.MIGRATIONS[1] = first

    with pytest.raises(JournalError) as raised:
        Journal.open(journal.folder)
    message = str(raised.value)
    assert str(journal.folder) in message and "cannot upgrade" in message
    assert "Nothing has been changed" in message
    assert data_snapshot(journal.folder) == before


# ---------------------------------------------------------------------- 7. failed saves


class _Proxy:
    """A module stand-in that fails one function and passes everything else through."""

    def __init__(self, module: Any, **overrides: Any) -> None:
        self._module = module
        self.__dict__.update(overrides)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


def _raise(code: int) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


FAILURES = {
    "disk full while writing": ("os", "write", errno.ENOSPC, "disk is full"),
    "quota while writing": ("os", "write", errno.EDQUOT, "disk is full"),
    "I/O error on fsync": ("os", "fsync", errno.EIO, "input/output error"),
    "I/O error on rename": ("os", "replace", errno.EIO, "input/output error"),
    "read-only disk": ("tempfile", "mkstemp", errno.EROFS, "read-only"),
    "no permission": ("tempfile", "mkstemp", errno.EACCES, "permission"),
}


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("kind", ["commitment", "entry", "draft", "meta"])
def test_a_failed_save_leaves_the_journal_as_it_was_and_says_why(
    journal: Journal, monkeypatch: pytest.MonkeyPatch, failure: str, kind: str
) -> None:
    journal.save_commitment(make_commitment(NOVEMBER, "already saved"))
    journal.save_commitment(make_commitment(NOVEMBER, "also saved"))
    journal.save_entry(make_entry(NOVEMBER))
    journal.save_draft(make_draft(NOVEMBER))
    before = data_snapshot(journal.folder)
    module_name, function, code, words = FAILURES[failure]
    module = os if module_name == "os" else tempfile
    save: Callable[[], object] = {
        "commitment": lambda: journal.save_commitment(make_commitment(NOVEMBER, "new")),
        "entry": lambda: journal.save_entry(make_entry(NOVEMBER, "new")),
        "draft": lambda: journal.save_draft(make_draft(NOVEMBER, text="new")),
        "meta": lambda: journal.set_meta("last_review", "2026-11-20"),
    }[kind]

    with monkeypatch.context() as patch:
        patch.setattr(files, module_name, _Proxy(module, **{function: _raise(code)}))
        if module_name == "os":  # fsync and replace are chosen per platform
            patch.setattr(platform, "os", _Proxy(module, **{function: _raise(code)}))
        with pytest.raises(JournalWriteError) as raised:
            save()

    message = str(raised.value)
    assert words in message
    assert "Could not save" in message and "Nothing was lost" in message
    assert data_snapshot(journal.folder) == before
    assert not temp_files(journal.folder)
    assert {c.text for c in journal.commitments()} == {"already saved", "also saved"}
    save()  # the disk recovered: the same save now works
    assert data_snapshot(journal.folder) != before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_folder_gives_a_clear_error_and_keeps_the_file(journal: Journal) -> None:
    journal.save_commitment(make_commitment(NOVEMBER, "kept"))
    before = data_snapshot(journal.folder)
    shard_folder = journal.folder / "commitments"
    shard_folder.chmod(0o500)
    try:
        with pytest.raises(JournalWriteError) as raised:
            journal.save_commitment(make_commitment(NOVEMBER, "new"))
    finally:
        shard_folder.chmod(0o700)
    assert "permission" in str(raised.value)
    assert data_snapshot(journal.folder) == before


def test_a_session_keeps_the_answer_when_the_draft_cannot_be_saved(
    journal: Journal, library: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session(library.get("learning-diary"), journal)
    with monkeypatch.context() as patch:
        patch.setattr(files, "os", _Proxy(os, write=_raise(errno.ENOSPC)))
        with pytest.raises(JournalWriteError) as raised:
            session.answer("We finally got the two teams in one room")
    assert "disk is full" in str(raised.value)
    assert session.answers["happened"].value == "We finally got the two teams in one room"
    assert session.save_error is raised.value
    assert journal.drafts() == []

    assert session.next()
    session.answer("Nobody wanted to own the budget")
    assert session.save_error is None
    [draft] = journal.drafts()
    assert draft.id == session.draft_id
    assert draft.answers["happened"].value == "We finally got the two teams in one room"
    assert draft.answers["noticed"].value == "Nobody wanted to own the budget"


# ---------------------------------------------------------------------- 8. save cost


def _record_io(monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[Path, int]], list[Path]]:
    written: list[tuple[Path, int]] = []
    read: list[Path] = []
    real_write, real_read = files.atomic_write, files.read_bytes

    def atomic_write(path: Path, data: bytes, backup_dir: Path | None = None) -> None:
        written.append((path, len(data)))
        real_write(path, data, backup_dir)

    def read_bytes(path: Path) -> bytes | None:
        read.append(path)
        return real_read(path)

    monkeypatch.setattr(files, "atomic_write", atomic_write)
    monkeypatch.setattr(files, "read_bytes", read_bytes)
    return written, read


def test_the_cost_of_a_save_does_not_grow_with_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: Library, ten_years: sample.Sample
) -> None:
    week = sample.write(sample.build(sample.ONE_WEEK, library=library), tmp_path / "one-week")
    decade = sample.write(ten_years, tmp_path / "ten-years")
    assert len(Journal.open(decade.folder).commitments()) == 3000
    assert len(decade.journal_files()) > 200

    new = make_commitment(at(2026, 11, 20), "the one being saved")
    entry, draft = make_entry(at(2026, 11, 20)), make_draft(at(2026, 11, 20))
    cost: dict[str, dict[str, Any]] = {}
    for name, journal in (("week", week), ("decade", decade)):
        fresh = Journal.open(journal.folder)  # nothing cached but journal.json
        before = dict(fresh.state())
        with monkeypatch.context() as patch:
            written, read = _record_io(patch)
            fresh.save_commitment(new)
            changed = {p for p, sig in fresh.state() if before.get(p) != sig}
            cost[name] = {"written": list(written), "read": list(read), "changed": changed}
            written.clear()
            fresh.save_entry(entry)
            fresh.save_draft(draft)
            cost[name]["others"] = [p.relative_to(fresh.folder) for p, _ in written]

    shard = Path("commitments") / "2026-11.json"
    for name, journal in (("week", week), ("decade", decade)):
        folder = journal.folder
        [(path, size)] = cost[name]["written"]
        assert path == folder / shard, "one save writes exactly one data file"
        assert cost[name]["read"] == [folder / shard], "and reads only that file"
        assert cost[name]["changed"] == {str(folder / shard)}
        assert cost[name]["others"] == [Path("entries/2026-11.json"), Path("drafts.json")]
        assert size == (folder / shard).stat().st_size
    journal_bytes = sum(p.stat().st_size for p in decade.journal_files())
    assert cost["decade"]["written"][0][1] < journal_bytes / 100, "a month, not ten years"


def test_many_records_are_saved_with_one_write_per_monthly_file(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = make_commitment(at(2026, 10, 2), "already in October")
    journal.save_commitment(kept)
    changed = make_commitment(at(2026, 10, 3), "before")
    journal.save_commitment(changed)
    changed.text = "after"
    commitments = [make_commitment(at(2026, month, day)) for month in (9, 10) for day in (5, 6)]
    entries = [make_entry(at(2026, 11, day), f"day {day}") for day in (1, 2, 3)]
    with monkeypatch.context() as patch:
        written, _ = _record_io(patch)
        journal.save_many(entries=entries, commitments=[*commitments, changed])
    assert sorted(p.relative_to(journal.folder).as_posix() for p, _ in written) == [
        "commitments/2026-09.json",
        "commitments/2026-10.json",
        "entries/2026-11.json",
    ]
    fresh = Journal.open(journal.folder)
    texts = {c.id: c.text for c in fresh.commitments()}
    assert texts[kept.id] == "already in October" and texts[changed.id] == "after"
    assert len(texts) == 6
    assert [e.answers[0].value for e in fresh.entries()] == ["day 3", "day 2", "day 1"]
    backup = journal.folder / "backups" / "commitments" / "2026-10.json.1"
    assert b"before" in backup.read_bytes(), "the replaced version is kept as a backup"


# ---------------------------------------------------------------------- 8b. what Home reads


def test_recent_entries_are_the_newest_and_only_the_latest_months_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: Library
) -> None:
    years = sample.Size("two years", days=730, entries=120, commitments=40)
    folder = sample.generate(tmp_path / "journal", years, library=library).folder
    shards = sorted((folder / "entries").iterdir())
    assert len(shards) > 20
    fresh = Journal.open(folder)
    with monkeypatch.context() as patch:
        _, read = _record_io(patch)
        recent = fresh.recent_entries(6)
    assert recent == Journal.open(folder).entries()[:6]
    assert read == shards[::-1][: len(read)] and len(read) <= 3, "the newest months only"


def test_recent_entries_look_past_older_entries_filed_this_month(journal: Journal) -> None:
    october = [make_entry(at(2026, 10, day), f"october {day}") for day in (1, 2)]
    filed_late = []  # as an import would file them: made this month, finished years ago
    for year in (2019, 2020, 2021):
        entry = make_entry(NOVEMBER, f"from {year}")
        entry.started = entry.completed = at(year, 5)
        filed_late.append(entry)
    journal.save_many(entries=[*october, *filed_late])
    newest = [e.answers[0].value for e in journal.recent_entries(2)]
    assert newest == ["october 2", "october 1"]
    assert journal.recent_entries(10) == journal.entries()
    assert journal.recent_entries(0) == []


def test_entries_since_a_moment_read_only_the_months_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: Library
) -> None:
    years = sample.Size("two years", days=730, entries=120, commitments=40)
    folder = sample.generate(tmp_path / "journal", years, library=library).folder
    since = sample.AS_OF - timedelta(weeks=26)
    expected = [e for e in Journal.open(folder).entries() if e.completed >= since]
    fresh = Journal.open(folder)
    with monkeypatch.context() as patch:
        _, read = _record_io(patch)
        found = fresh.entries_since(since)
    assert found == expected and len(found) > 10
    assert {p.stem for p in read} == {
        p.stem for p in (folder / "entries").iterdir() if p.stem >= f"{since:%Y-%m}"
    }


def test_active_commitments_are_the_open_and_renegotiated_ones_of_every_month(
    tmp_path: Path, library: Library
) -> None:
    years = sample.Size("two years", days=730, entries=60, commitments=200)
    journal = sample.generate(tmp_path / "journal", years, library=library)
    everything = Journal.open(journal.folder).commitments()
    active = journal.active_commitments()
    assert active == [c for c in everything if c.status.is_active]
    assert {c.status for c in active} == {CommitmentStatus.OPEN, CommitmentStatus.RENEGOTIATED}
    assert len({c.created.year for c in active}) >= 2, "old open commitments are found too"
    journal.set_commitment_status(active[0].id, CommitmentStatus.DONE)
    Journal.open(journal.folder).set_commitment_status(active[1].id, CommitmentStatus.DROPPED)
    still = {c.id for c in journal.active_commitments()}
    assert active[0].id not in still, "our own change is seen"
    assert active[1].id not in still, "and another Companion's"
    assert still == {c.id for c in active[2:]}


def test_reading_home_again_reads_nothing_but_a_changed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: Library
) -> None:
    years = sample.Size("two years", days=730, entries=60, commitments=200)
    folder = sample.generate(tmp_path / "journal", years, library=library).folder
    journal = Journal.open(folder)

    def what_home_reads() -> None:
        journal.active_commitments()
        journal.recent_entries(6)
        journal.drafts()

    what_home_reads()
    with monkeypatch.context() as patch:
        _, read = _record_io(patch)
        active = journal.active_commitments()
        journal.recent_entries(6)
        journal.drafts()
        assert read == [], "all of it is remembered"
        Journal.open(folder).set_commitment_status(active[0].id, CommitmentStatus.DONE)
        read.clear()
        assert active[0].id not in {c.id for c in journal.active_commitments()}
    assert read == [folder / "commitments" / ids.id_time(active[0].id).strftime("%Y-%m.json")]


def test_questions_over_every_year_keep_only_their_answers_until_a_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: Library
) -> None:
    years = sample.Size("two years", days=730, entries=120, commitments=100)
    folder = sample.generate(tmp_path / "journal", years, library=library).folder
    everything = Journal.open(folder).entries()
    journal = Journal.open(folder)

    def on_the_20th(entry: Entry) -> bool:
        return entry.completed.day == 20

    found = journal.latest_entries_where("day-20", on_the_20th, 1000)
    assert found == [e for e in everything if e.completed.day == 20] and found
    assert journal.store._records == {}, "nothing but the answers is kept"
    with monkeypatch.context() as patch:
        _, read = _record_io(patch)
        assert journal.latest_entries_where("day-20", on_the_20th, 1000) == found
        assert read == [], "asked again, answered from memory"
        journal.save_entry(make_entry(at(2026, 11, 20), "a new one on the 20th"))
        read.clear()
        again = journal.latest_entries_where("day-20", on_the_20th, 1000)
    assert read == [folder / "entries" / "2026-11.json"], "only the changed month is read again"
    assert len(again) == len(found) + 1
    assert journal.latest_entries_where("day-20", on_the_20th, 3) == again[:3]


# ---------------------------------------------------------------------- 9. backups


def test_backups_rotate_five_deep_newest_is_the_previous_version(journal: Journal) -> None:
    shard = journal.folder / SHARD
    versions: list[bytes] = []
    for n in range(7):
        journal.save_commitment(make_commitment(NOVEMBER, f"commitment {n}"))
        versions.append(shard.read_bytes())

    backup_dir = journal.folder / "backups" / "commitments"
    kept = sorted(backup_dir.iterdir())
    assert [p.name for p in kept] == [
        f"2026-11.json.{g}" for g in range(1, files.BACKUP_GENERATIONS + 1)
    ]
    assert files.BACKUP_GENERATIONS == 5
    for generation in range(1, 6):
        assert (backup_dir / f"2026-11.json.{generation}").read_bytes() == versions[-1 - generation]
    assert journal.store.newest_backup(shard) == backup_dir / "2026-11.json.1"
    # Backups are for the file that changed only.
    journal.save_entry(make_entry(NOVEMBER))
    assert sorted(backup_dir.iterdir()) == kept
    assert not (journal.folder / "backups" / "entries").exists()


def test_deleting_an_entry_keeps_the_previous_version_as_a_backup(journal: Journal) -> None:
    entry = make_entry(NOVEMBER, "about to be deleted")
    journal.save_entry(entry)
    journal.delete_entry(entry.id)
    assert journal.entries() == []
    backup = journal.folder / "backups" / "entries" / "2026-11.json.1"
    assert entry.id in json.loads(backup.read_text())["entries"]
