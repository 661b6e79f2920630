"""The journal as the `companion` command shows it: where it lives, damage, versions, the basics."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from companion.core import ids, locations
from companion.core.errors import JournalDamaged, JournalTooNew, UsageError
from companion.journal import Journal
from tests.helpers.storage import at, data_snapshot, make_commitment, make_entry, stderr_sentence

pytestmark = pytest.mark.slow

Cli = Callable[..., Any]


def _this_month_shard(folder: Path) -> Path:
    """The commitments file a `commitments add` run now writes to (ids carry the month)."""
    return folder / "commitments" / f"{ids.id_time(ids.new_id()):%Y-%m}.json"


# ---------------------------------------------------------------------- 10. where the journal lives


def _doctor_journal_line(stdout: str) -> Path:
    match = re.search(r"^Journal:\s+(.+)$", stdout, re.MULTILINE)
    assert match, stdout
    return Path(match.group(1))


def test_journal_flag_beats_the_environment_which_beats_the_default(
    tmp_path: Path, companion_cli: Cli
) -> None:
    flag, env = tmp_path / "flag-journal", tmp_path / "env-journal"
    default = locations.default_journal_dir()
    with_env = {"COMPANION_JOURNAL": str(env)}

    added = companion_cli("--journal", str(flag), "commitments", "add", "flag wins", env=with_env)
    assert added.returncode == 0, added.stderr
    assert [c.text for c in Journal.open(flag).commitments()] == ["flag wins"]
    assert not env.exists() and not default.exists()
    # After the verb, as well as before it.
    later = companion_cli(
        "commitments", "add", "flag after the verb", "--journal", str(flag), env=with_env
    )
    assert later.returncode == 0, later.stderr
    assert len(Journal.open(flag).commitments()) == 2

    added = companion_cli("commitments", "add", "env next", env=with_env)
    assert added.returncode == 0, added.stderr
    assert [c.text for c in Journal.open(env).commitments()] == ["env next"]
    assert not default.exists()

    added = companion_cli("commitments", "add", "default last")
    assert added.returncode == 0, added.stderr
    assert [c.text for c in Journal.open(default).commitments()] == ["default last"]

    for args, env_vars, wanted in (
        (("--journal", str(flag)), with_env, flag),
        ((), with_env, env),
        ((), None, default),
    ):
        shown = companion_cli(*args, "doctor", env=env_vars)
        assert shown.returncode == 0, shown.stdout + shown.stderr
        assert _doctor_journal_line(shown.stdout) == wanted
        assert "Your scripts:" in shown.stdout and "Built-in scripts:" in shown.stdout
        assert "All is well." in shown.stdout


@pytest.mark.parametrize("verb", [("list",), ("commitments", "add", "x"), ("drafts",), ("doctor",)])
def test_a_journal_path_that_is_a_file_is_a_clear_error(
    tmp_path: Path, companion_cli: Cli, verb: tuple[str, ...]
) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("my own notes\n")
    result = companion_cli("--journal", str(not_a_folder), *verb)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    said = result.stdout + result.stderr
    assert f"{not_a_folder} is a file, but a journal is a folder" in said
    if verb != ("doctor",):
        stderr_sentence(result.stderr)
        assert result.returncode == UsageError.exit_code
    assert not_a_folder.read_text() == "my own notes\n"


# ---------------------------------------------------------------------- 11. the command's skeleton


def test_version_and_help(companion_cli: Cli) -> None:
    version = companion_cli("--version")
    assert version.returncode == 0
    assert re.fullmatch(r"companion \d+\.\d+\.\d+\S*\n", version.stdout)
    shown = companion_cli("--help")
    assert shown.returncode == 0
    assert shown.stdout.startswith("usage: companion")
    for verb in ("reflect", "list", "commitments", "doctor"):
        assert verb in shown.stdout
    assert "--journal" in shown.stdout


def test_list_on_an_empty_and_a_full_journal(journal_dir: Path, companion_cli: Cli) -> None:
    empty = companion_cli("--journal", str(journal_dir), "list")
    assert empty.returncode == 0, empty.stderr
    assert "No entries yet" in empty.stdout

    journal = Journal.open(journal_dir)
    older = make_entry(at(2026, 10, 2), "We met the housing team")
    newer = make_entry(at(2026, 11, 18), "The pilot got its budget")
    journal.save_entry(older)
    journal.save_entry(newer)
    full = companion_cli("--journal", str(journal_dir), "list")
    assert full.returncode == 0, full.stderr
    lines = full.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [newer.id, older.id]
    assert "The pilot got its budget" in lines[0] and "2026-11-18" in lines[0]

    as_json = companion_cli("--journal", str(journal_dir), "list", "--json")
    assert [e["id"] for e in json.loads(as_json.stdout)] == [newer.id, older.id]


def test_commitments_add_prints_the_id_and_json_shows_the_due_date(
    journal_dir: Path, companion_cli: Cli
) -> None:
    added = companion_cli(
        "--journal",
        str(journal_dir),
        "commitments",
        "add",
        "Share the map with Sam",
        "--due",
        "2026-12-04",
        "--step",
        "Email Sam",
    )
    assert added.returncode == 0, added.stderr
    new_id = added.stdout.strip()
    assert ids.is_id(new_id), added.stdout

    listed = companion_cli("--journal", str(journal_dir), "commitments", "--json")
    assert listed.returncode == 0, listed.stderr
    [shown] = json.loads(listed.stdout)
    assert shown["id"] == new_id
    assert shown["text"] == "Share the map with Sam"
    assert shown["due"] == "2026-12-04"
    assert shown["first_step"] == "Email Sam"
    assert shown["status"] == "open"

    plain = companion_cli("--journal", str(journal_dir), "commitments")
    assert new_id in plain.stdout and "due 2026-12-04" in plain.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ("commitments", "add", "Call Jo", "--due", "someday"),
            "could not read 'someday' as a date",
        ),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("commitments", "add", "   "), "needs some words"),
    ],
)
def test_a_mistyped_command_is_one_clear_sentence(
    journal_dir: Path, companion_cli: Cli, args: tuple[str, ...], words: str
) -> None:
    result = companion_cli("--journal", str(journal_dir), *args)
    assert result.returncode == UsageError.exit_code
    assert words in stderr_sentence(result.stderr)
    assert result.stdout == ""
    assert not (journal_dir / "commitments").exists(), "nothing was saved"


# ---------------------------------------------------------------------- 5. damage, from the command


def _damaged_journal(journal_dir: Path) -> tuple[Path, list[str]]:
    journal = Journal.open(journal_dir)
    first, second = (
        make_commitment(at(2026, 11, 3), "first"),
        make_commitment(at(2026, 11, 4), "2nd"),
    )
    journal.save_commitment(first)
    journal.save_commitment(second)  # the backup now holds `first` only
    journal.save_entry(make_entry(at(2026, 11, 5)))
    shard = journal_dir / "commitments" / "2026-11.json"
    shard.write_bytes(shard.read_bytes()[:25])
    return shard, [first.id]


def test_a_damaged_journal_is_reported_by_every_verb_and_never_overwritten(
    journal_dir: Path, companion_cli: Cli
) -> None:
    shard, _ = _damaged_journal(journal_dir)
    this_month = _this_month_shard(journal_dir)
    if this_month != shard:  # make the file `commitments add` writes to the damaged one too
        this_month.write_bytes(b"")
    damaged = {p: p.read_bytes() for p in (shard, this_month)}

    for verb in (("commitments",), ("commitments", "add", "lost?"), ("commitments", "--json")):
        result = companion_cli("--journal", str(journal_dir), *verb)
        assert result.returncode == JournalDamaged.exit_code, result.stderr
        line = stderr_sentence(result.stderr)
        # Either file may be met first: the damaged one (it has a backup) or, in another month,
        # this month's empty file (no backup, so nothing to restore from).
        assert "commitments" in line
        assert ("is damaged" in line and "doctor --restore" in line) or (
            this_month != shard and "is empty" in line and "no backup" in line
        )
    assert {p: p.read_bytes() for p in damaged} == damaged
    entries = companion_cli("--journal", str(journal_dir), "list")
    assert entries.returncode == 0, "undamaged parts of the journal still read"

    checked = companion_cli("--journal", str(journal_dir), "doctor")
    assert checked.returncode == 1
    assert "Traceback" not in checked.stdout + checked.stderr
    assert re.search(
        r"^PROBLEM damaged file: The journal file .*2026-11\.json is damaged", checked.stdout, re.M
    )
    assert "Something needs attention" in checked.stdout
    assert {p: p.read_bytes() for p in damaged} == damaged, "doctor alone changes nothing"


def test_doctor_restore_puts_back_the_newest_backup_and_keeps_the_damaged_file(
    journal_dir: Path, companion_cli: Cli
) -> None:
    shard, restored_ids = _damaged_journal(journal_dir)
    damaged = shard.read_bytes()

    fixed = companion_cli("--journal", str(journal_dir), "doctor", "--restore")
    assert "restored from" in fixed.stdout and "2026-11.json.1" in fixed.stdout
    assert "is not in the backup" in fixed.stdout  # says what a restore may leave out
    assert fixed.returncode == 0, fixed.stdout
    aside = list(shard.parent.glob("2026-11.json.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged

    again = companion_cli("--journal", str(journal_dir), "doctor")
    assert again.returncode == 0, again.stdout
    assert "All is well." in again.stdout
    listed = companion_cli("--journal", str(journal_dir), "commitments", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [c["id"] for c in json.loads(listed.stdout)] == restored_ids


def test_doctor_restore_without_a_backup_leaves_the_file(
    journal_dir: Path, companion_cli: Cli
) -> None:
    journal = Journal.open(journal_dir)
    journal.save_entry(make_entry(at(2026, 11, 5)))
    path = journal_dir / "entries" / "2026-11.json"
    path.write_bytes(b"{")
    result = companion_cli("--journal", str(journal_dir), "doctor", "--restore")
    assert result.returncode == 1
    assert "no sound backup found; left as it is" in result.stdout
    assert path.read_bytes() == b"{"


# ------------------------------------------------------------------ 6. versions, from the command


def test_a_newer_journal_is_refused_for_writing_from_the_command(
    journal_dir: Path, companion_cli: Cli
) -> None:
    journal = Journal.open(journal_dir)
    journal.save_commitment(make_commitment(at(2026, 11, 3), "written by a newer Companion"))
    meta = journal_dir / "journal.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "schema": 99}))
    before = data_snapshot(journal_dir)

    added = companion_cli("--journal", str(journal_dir), "commitments", "add", "x")
    assert added.returncode == JournalTooNew.exit_code
    line = stderr_sentence(added.stderr)
    assert "format version 99" in line and "Install a newer Companion" in line
    assert data_snapshot(journal_dir) == before

    listed = companion_cli("--journal", str(journal_dir), "commitments")
    assert listed.returncode == 0 and "written by a newer Companion" in listed.stdout

    checked = companion_cli("--journal", str(journal_dir), "doctor")
    assert checked.returncode == 1 and "PROBLEM format: version 99 is newer" in checked.stdout
