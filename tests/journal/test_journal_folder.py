"""The journal folder is checked, not trusted: planted links, special files, loose modes,
renamed months and rolled-back encrypted files are refused or reported, never written through.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.cli import run
from companion.core.errors import JournalDamaged, JournalUnsafe, UsageError
from companion.journal import Journal, doctor
from companion.journal.crypto import OWASP_MINIMUM
from companion.journal.store import FileStore
from tests.helpers.storage import at, make_commitment, make_entry

posix_only = pytest.mark.skipif(os.name != "posix", reason="links, FIFOs and modes are POSIX")
pytestmark = posix_only

PASSPHRASE = "walking meetings in the rain"
MONTHS = [(2026, month) for month in range(1, 13)]


def _journal(folder: Path, months: list[tuple[int, int]]) -> Journal:
    journal = Journal.open(folder)
    for year, month in months:
        journal.save_entry(make_entry(at(year, month), f"words of {year}-{month:02d}"))
    return journal


def _problems(folder: Path, store: FileStore | None = None) -> list[str]:
    return [f"{f.topic}: {f.detail}" for f in doctor.check(folder, store) if not f.ok]


def _doctor_cli(folder: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = run(["--journal", str(folder), "doctor", *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out + err


def _month(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


# ------------------------------------------------------------ planted links, special files


@given(month=st.sampled_from(MONTHS), kind=st.sampled_from(["entries", "commitments"]))
@settings(max_examples=10)
def test_a_planted_link_in_place_of_a_month_is_neither_written_through_nor_read(
    tmp_path_factory: pytest.TempPathFactory, month: tuple[int, int], kind: str
) -> None:
    base = tmp_path_factory.mktemp("planted")
    folder = base / "journal"
    journal = _journal(folder, [(2026, 1)])
    outside = base / "outside"
    outside.mkdir(mode=0o755)
    outside.chmod(0o755)
    planted = outside / "planted.json"
    planted.write_text(json.dumps({kind: {}}))
    before = planted.read_bytes()
    link = folder / kind / f"{_month(*month)}.json"
    link.parent.mkdir(mode=0o700, exist_ok=True)
    if link.exists():
        link.unlink()
    link.symlink_to(planted)
    when = at(*month)

    with pytest.raises(JournalUnsafe) as refused:
        if kind == "entries":
            journal.save_entry(make_entry(when, "a private thought"))
        else:
            journal.save_commitment(make_commitment(when, "a private promise"))
    assert str(refused.value) == (
        f"{kind}/{_month(*month)}.json in your journal is a link to a place outside the journal"
        " folder; "
        "Companion will not read or write through it. "
        "`companion doctor` checks the journal's files."
    )
    assert planted.read_bytes() == before, "the outside file is unchanged"
    assert stat.S_IMODE(outside.stat().st_mode) == 0o755
    assert sorted(p.name for p in outside.iterdir()) == ["planted.json"]
    with pytest.raises(JournalUnsafe, match="will not read or write through it"):
        journal.entries() if kind == "entries" else journal.commitments()
    assert any(
        p.startswith(f"unsafe file: {kind}/{_month(*month)}.json is a link to a place outside")
        for p in _problems(folder)
    )


def test_doctor_says_so_and_exits_non_zero_for_a_planted_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "journal"
    _journal(folder, [(2026, 10)])
    planted = tmp_path / "planted.json"
    planted.write_text('{"entries": {}}')
    (folder / "entries" / "2026-11.json").symlink_to(planted)

    code, said = _doctor_cli(folder, capsys)
    assert code == 1
    outside = "is a link to a place outside the journal folder"
    assert f"PROBLEM unsafe file: entries/2026-11.json {outside}" in said
    assert "All is well" not in said


def test_a_planted_backups_link_is_not_written_through_and_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    journal = _journal(folder, [(2026, 11)])
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    outside.chmod(0o755)
    shutil.rmtree(folder / "backups", ignore_errors=True)
    (folder / "backups").symlink_to(outside, target_is_directory=True)
    before = journal.entries()

    with pytest.raises(JournalUnsafe, match="backups/entries in your journal is a link"):
        journal.save_entry(make_entry(at(2026, 11, 20), "second"))
    assert list(outside.iterdir()) == []
    assert stat.S_IMODE(outside.stat().st_mode) == 0o755
    assert Journal.open(folder).entries() == before, "nothing was saved halfway"
    assert any(p.startswith("unsafe file: backups is a link") for p in _problems(folder))


def test_a_planted_lock_link_is_not_created_or_truncated(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    journal = _journal(folder, [(2026, 11)])
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (folder / ".lock").unlink(missing_ok=True)
    (folder / ".lock").symlink_to(victim)
    with pytest.raises(JournalUnsafe, match=r"\.lock in your journal is a link"):
        Journal.open(folder).save_entry(make_entry(at(2026, 11, 20)))
    problems = _problems(folder)
    with pytest.raises(JournalUnsafe):
        doctor.restore(folder)
    assert victim.read_text() == "keep me", "neither a save nor doctor took the lock through it"
    assert any(p.startswith("unsafe file: .lock is a link") for p in problems)
    assert journal.entries() != []


def _plant_special(path: Path, kind: str) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "folder":
        path.mkdir()
    elif kind == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/null")  # a device, reached through a link out


@given(month=st.sampled_from(MONTHS[:3]), kind=st.sampled_from(["folder", "pipe", "device"]))
@settings(max_examples=9)
def test_something_not_a_file_in_place_of_a_month_is_refused_and_reported(
    tmp_path_factory: pytest.TempPathFactory, month: tuple[int, int], kind: str
) -> None:
    folder = tmp_path_factory.mktemp("special") / "journal"
    journal = _journal(folder, MONTHS[:3])
    path = folder / "entries" / f"{_month(*month)}.json"
    _plant_special(path, kind)

    with pytest.raises(JournalUnsafe, match=f"entries/{_month(*month)}.json in your journal"):
        journal.save_entry(make_entry(at(*month, day=20)))
    problems = _problems(folder)
    assert any(p.startswith(f"unsafe file: entries/{_month(*month)}.json is ") for p in problems)
    if kind == "pipe":  # reading it would block forever: it is refused, never opened
        with pytest.raises(JournalUnsafe, match="is a pipe where a journal file should be"):
            journal.entries()


# ---------------------------------------------------------------------- output paths


def test_an_export_to_a_dangling_link_is_refused_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "journal"
    _journal(folder, [(2026, 11)])
    target = tmp_path / "somewhere" / "created.md"
    target.parent.mkdir()
    link = tmp_path / "out.md"
    link.symlink_to(target)

    for verb in (["export"], ["brief"]):
        capsys.readouterr()
        code = run(["--journal", str(folder), *verb, "-o", str(link)])
        err = capsys.readouterr().err
        assert code == UsageError.exit_code, err
        assert "is a link to" in err and "does not exist" in err
        assert not target.exists(), "nothing was created where the link points"
        assert link.is_symlink()

    assert run(["--journal", str(folder), "export", "-o", str(link), "--force"]) == 0
    assert target.exists()


def test_a_split_export_does_not_write_through_a_link_in_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "journal"
    _journal(folder, [(2026, 11)])
    out = tmp_path / "split"
    assert run(["--journal", str(folder), "export", "--split", "-o", str(out)]) == 0
    [name] = [p.name for p in out.iterdir()]
    victim = tmp_path / "victim.md"
    victim.write_text("not an export")
    (out / name).unlink()
    (out / name).symlink_to(victim)
    capsys.readouterr()

    code = run(["--journal", str(folder), "export", "--split", "--force", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == UsageError.exit_code
    assert "is a link; Companion will not write an export through it" in err
    assert victim.read_text() == "not an export"


# ---------------------------------------------------------------------- modes


def test_backups_are_private_whatever_the_mode_of_the_file_they_keep(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    journal = _journal(folder, [(2026, 11)])
    shard = folder / "entries" / "2026-11.json"
    shard.chmod(0o644)
    (folder / "backups").mkdir(exist_ok=True)
    (folder / "backups").chmod(0o755)

    journal.save_entry(make_entry(at(2026, 11, 20), "second"))

    backup = folder / "backups" / "entries" / "2026-11.json.1"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "backups").stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "backups" / "entries").stat().st_mode) == 0o700


def test_doctor_reports_loose_modes_and_restore_repairs_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "journal"
    journal = _journal(folder, [(2026, 11)])
    journal.save_entry(make_entry(at(2026, 11, 20), "second"))
    backup = folder / "backups" / "entries" / "2026-11.json.1"
    backup.chmod(0o644)
    (folder / "entries").chmod(0o755)

    code, said = _doctor_cli(folder, capsys)
    assert code == 1 and "PROBLEM file permissions: 2 file(s) or folder(s) others may" in said
    code, said = _doctor_cli(folder, capsys, "--restore")
    assert code == 0, said
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "entries").stat().st_mode) == 0o700


# ---------------------------------------------------------------------- renamed months (plain)


@given(months=st.lists(st.sampled_from(MONTHS), min_size=2, max_size=2, unique=True))
@settings(max_examples=10)
def test_a_plain_month_copied_over_another_is_reported(
    tmp_path_factory: pytest.TempPathFactory, months: list[tuple[int, int]]
) -> None:
    source, victim = months
    folder = tmp_path_factory.mktemp("renamed") / "journal"
    journal = _journal(folder, months)
    journal.save_entry(make_entry(at(*victim, day=20), "kept in the backup"))
    journal.save_entry(make_entry(at(*victim, day=21), "the newest"))
    entries = folder / "entries"
    shutil.copyfile(entries / f"{_month(*source)}.json", entries / f"{_month(*victim)}.json")

    problems = _problems(folder)
    assert any(
        f"entries/{_month(*victim)}.json is damaged: it holds 1 record(s) of another month "
        "(it may have been renamed or copied over)" in p
        for p in problems
    ), problems
    done = doctor.restore(folder)
    assert any("restored from" in line for line in done), done
    assert _problems(folder) == []
    texts = {e.answers[0].value for e in Journal.open(folder).entries()}
    assert "kept in the backup" in texts and "the newest" not in texts


# ---------------------------------------------------------------------- encrypted files


def _sealed_journal(folder: Path, months: list[tuple[int, int]], saves: int = 2) -> Journal:
    journal = _journal(folder, months)
    journal.encrypt(PASSPHRASE, OWASP_MINIMUM)
    for number in range(saves):  # a few versions of each month, so backups are older copies
        for year, month in months:
            journal.save_entry(make_entry(at(year, month, 20), f"later {number}"))
    return journal


def _unlocked_store(folder: Path) -> FileStore:
    from companion.journal import crypto

    return FileStore(folder, crypto.unlock(folder, PASSPHRASE))


@given(month=st.sampled_from(MONTHS[:3]), generation=st.integers(1, 3))
@settings(max_examples=5)
def test_an_encrypted_month_replaced_by_an_older_backup_is_reported(
    tmp_path_factory: pytest.TempPathFactory, month: tuple[int, int], generation: int
) -> None:
    base = tmp_path_factory.mktemp("rollback")
    folder = base / "journal"
    journal = _sealed_journal(folder, MONTHS[:3], saves=3)
    name = f"entries/{_month(*month)}.json"
    older = folder / "backups" / f"{name}.{generation}"
    newest = journal.entries()
    shutil.copyfile(older, folder / name)

    reopened = Journal.open(folder, passphrase=PASSPHRASE)
    with pytest.raises(JournalDamaged) as damaged:
        reopened.entries()
    assert f"it is an older copy of {name} than the one Companion saved last" in str(damaged.value)
    assert "`companion doctor --restore`" in str(damaged.value)
    problems = _problems(folder, _unlocked_store(folder))
    assert any("older copy" in p for p in problems), problems

    done = doctor.restore(folder, _unlocked_store(folder))
    assert any(line.startswith(f"{folder / name}: restored from") for line in done), done
    assert _problems(folder, _unlocked_store(folder)) == []
    restored = Journal.open(folder, passphrase=PASSPHRASE).entries()
    assert len(restored) == len(newest) - 1, "only the newest save of that month is missing"


def test_a_rolled_back_month_is_one_sentence_from_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "journal"
    _sealed_journal(folder, [(2026, 11)])
    shutil.copyfile(
        folder / "backups" / "entries" / "2026-11.json.1", folder / "entries" / "2026-11.json"
    )
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    capsys.readouterr()

    code = run(["--journal", str(folder), "list", "--passphrase-file", str(secret)])
    err = capsys.readouterr().err
    assert code == JournalDamaged.exit_code
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "is an older copy of entries/2026-11.json than the one Companion saved last" in err


@given(months=st.lists(st.sampled_from(MONTHS[:4]), min_size=2, max_size=2, unique=True))
@settings(max_examples=5)
def test_an_encrypted_month_copied_over_another_does_not_open_under_its_new_name(
    tmp_path_factory: pytest.TempPathFactory, months: list[tuple[int, int]]
) -> None:
    source, victim = months
    folder = tmp_path_factory.mktemp("renamed") / "journal"
    _sealed_journal(folder, months, saves=0)
    entries = folder / "entries"
    shutil.copyfile(entries / f"{_month(*source)}.json", entries / f"{_month(*victim)}.json")

    with pytest.raises(JournalDamaged) as damaged:
        Journal.open(folder, passphrase=PASSPHRASE).entries()
    assert (
        f"entries/{_month(*victim)}.json holds the records of entries/{_month(*source)}.json "
        "(it may have been renamed or copied over)"
    ) in str(damaged.value)
    assert any("renamed or copied" in p for p in _problems(folder, _unlocked_store(folder)))


def test_a_file_in_the_older_format_is_read_noted_and_rewritten_on_its_next_save(
    tmp_path: Path,
) -> None:
    from companion.journal import crypto

    folder = tmp_path / "journal"
    _sealed_journal(folder, [(2026, 11)], saves=0)
    keyring = crypto.unlock(folder, PASSPHRASE)
    shard = folder / "entries" / "2026-11.json"
    opened = keyring.write_key.open_file(shard.read_bytes())
    assert opened is not None and opened.name == "entries/2026-11.json"
    shard.write_bytes(keyring.write_key.seal(opened.plain))  # as Companion 1.x wrote it
    assert crypto.read_binding(shard.read_bytes()) is None

    journal = Journal.open(folder, passphrase=PASSPHRASE)
    before = journal.entries()
    notes = [f.detail for f in doctor.check(folder, _unlocked_store(folder)) if f.ok]
    assert any(n.startswith("1 file(s) in the older format") for n in notes), notes
    journal.save_entry(make_entry(at(2026, 11, 25), "after the upgrade"))

    binding = crypto.read_binding(shard.read_bytes())
    assert binding is not None and binding.name == "entries/2026-11.json"
    assert len(Journal.open(folder, passphrase=PASSPHRASE).entries()) == len(before) + 1


def test_a_planted_backup_link_is_never_restored(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    journal = _journal(folder, [(2026, 11)])
    journal.save_entry(make_entry(at(2026, 11, 20), "second"))
    planted = tmp_path / "planted.json"
    planted.write_text(json.dumps({"entries": {}}))
    backup = folder / "backups" / "entries" / "2026-11.json.1"
    backup.unlink()
    backup.symlink_to(planted)
    (folder / "entries" / "2026-11.json").write_text("{cut short")

    done = doctor.restore(folder)
    assert any("no sound backup found" in line for line in done), done
    assert (folder / "entries" / "2026-11.json").read_text() == "{cut short"
    assert any(
        p.startswith("unsafe file: backups/entries/2026-11.json.1 is a link")
        for p in _problems(folder)
    )


def test_a_removed_record_of_versions_is_reported_and_written_afresh(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    _sealed_journal(folder, [(2026, 11)], saves=1)
    (folder / "versions.json").unlink()

    problems = _problems(folder, _unlocked_store(folder))
    assert any(p.startswith("encryption: versions.json is missing") for p in problems), problems
    done = doctor.restore(folder, _unlocked_store(folder))
    assert any("versions.json: written afresh" in line for line in done), done
    assert _problems(folder, _unlocked_store(folder)) == []
    # From now on an older copy is noticed again.
    shutil.copyfile(
        folder / "backups" / "entries" / "2026-11.json.1", folder / "entries" / "2026-11.json"
    )
    with pytest.raises(JournalDamaged, match="older copy"):
        Journal.open(folder, passphrase=PASSPHRASE).entries()


def test_a_backup_of_a_file_with_another_name_does_not_change_that_file(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    journal = _journal(folder, [(2026, 11)])
    shard = folder / "entries" / "2026-11.json"
    elsewhere = tmp_path / "second-name.json"
    os.link(shard, elsewhere)
    elsewhere.chmod(0o644)  # one inode, two names: the shard is 0644 too

    journal.save_entry(make_entry(at(2026, 11, 20), "second"))

    backup = folder / "backups" / "entries" / "2026-11.json.1"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o644, "the other name is left as it was"
    assert backup.read_bytes() == elsewhere.read_bytes()
