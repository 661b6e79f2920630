"""Every input has limits and a sentence: dates, numbers, nesting, odd text and special files.

Each test is a finding from someone trying to break Companion: before its fix it ended in exit 70,
a traceback or a hang; now it ends in one sentence with a known exit code.
"""

from __future__ import annotations

import errno
import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from companion.cli import run
from companion.core import ids
from companion.core.answers import read_answers
from companion.core.dates import parse_date
from companion.core.errors import UsageError
from companion.core.scripts import ScriptFileError, load_library, load_script
from companion.journal import Journal

TODAY = date(2026, 11, 20)
POSIX = hasattr(os, "mkfifo")

GOOD_SCRIPT = """\
id = "my-check-in"
title = "My check-in"
version = 1
moment = "review"
summary = "A short check-in."
intro = "Three questions."

[[steps]]
id = "how"
kind = "scale"
prompt = "How was it?"
min = 1
max = 5
"""


class Hung(BaseException):
    """Raised by the alarm: a BaseException, so no `except OSError` in the code swallows it."""


@contextmanager
def no_hang(seconds: int = 10) -> Iterator[None]:
    """Fail (not hang) if the body blocks: SIGALRM where there is one, restored after."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Hung(f"blocked for more than {seconds} s")

    before = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command in this process; never a bug's exit code or a traceback."""
    with no_hang():
        code = run(list(args))
    out, err = capsys.readouterr()
    assert code != 70, err
    assert "Traceback" not in out + err
    assert "went wrong inside Companion" not in err
    return code, out, err


def one_sentence(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A journal with one commitment, for commands to read."""
    path = tmp_path / "journal"
    journal = Journal.open(path)
    journal.add_commitment("Call Sam", due=TODAY)
    return path


def user_script(name: str, text: str) -> Path:
    """A file in the user's scripts folder (the conftest points the config folder at a temp)."""
    from companion.core.locations import user_scripts_dir

    path = user_scripts_dir() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text",
    ["in 999999999 weeks", "999999999 weeks ago", "in 99999 months", "0001-01-01", "9999-12-31"],
)
def test_a_date_out_of_range_is_one_sentence_naming_the_range(text: str) -> None:
    with pytest.raises(UsageError, match="from 1900 to 2200"):
        parse_date(text, TODAY, past="ago" in text)


def test_a_count_of_thousands_of_digits_is_refused_quickly() -> None:
    with pytest.raises(UsageError, match="1900 to 2200") as raised:
        parse_date("in " + "9" * 5000 + " weeks", TODAY)
    assert len(str(raised.value)) < 200  # what was typed is shortened, not echoed in full


def test_dates_within_range_still_parse() -> None:
    assert parse_date("in 2 weeks", TODAY) == date(2026, 12, 4)
    assert parse_date("2200-12-31", TODAY) == date(2200, 12, 31)
    assert parse_date("3 weeks ago", TODAY, past=True) == date(2026, 10, 30)


def test_a_due_date_far_ahead_is_refused_and_nothing_is_saved(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    code, _, err = cli(
        capsys,
        "commitments",
        "add",
        "Write it",
        "--due",
        "in 999999999 weeks",
        "--journal",
        str(folder),
    )
    assert code == 2 and "1900 to 2200" in one_sentence(err)
    assert len(Journal.open(folder).commitments()) == 1


def test_a_due_date_of_year_one_is_refused_so_stats_stay_short(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    code, _, err = cli(
        capsys, "commitments", "add", "Old", "--due", "0001-01-01", "--journal", str(folder)
    )
    assert code == 2 and "1900 to 2200" in err
    code, out, _ = cli(capsys, "stats", "--journal", str(folder))
    assert code == 0 and len(out.splitlines()) < 50


def test_renegotiating_to_a_date_beyond_range_is_one_sentence(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    commitment = Journal.open(folder).commitments()[0]
    code, _, err = cli(
        capsys,
        "commitments",
        "renegotiate",
        commitment.id,
        "--due",
        "in 999999999 weeks",
        "--journal",
        str(folder),
    )
    assert code == 2 and "1900 to 2200" in one_sentence(err)


def test_a_brief_since_long_ago_is_one_sentence(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    code, _, err = cli(capsys, "brief", "--since", "999999999 weeks ago", "--journal", str(folder))
    assert code == 2 and "1900 to 2200" in one_sentence(err)


# ---------------------------------------------------------------------- ids


def test_an_id_from_beyond_2200_is_not_a_companion_id(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    assert not ids.is_id("zzzzzzzzzzzzzzzz")
    with pytest.raises(ValueError, match="not one Companion made"):
        ids.id_time("zzzzzzzzzzzzzzzz")
    for verb in (["show"], ["commitments", "done"], ["commitments", "show"]):
        code, _, err = cli(capsys, *verb, "zzzzzzzzzzzzzzzz", "--journal", str(folder))
        assert code != 0 and one_sentence(err)


# ---------------------------------------------------------------------- list, stats, brief


def test_list_with_a_limit_below_one_says_so(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    code, out, err = cli(capsys, "list", "-n", "-1", "--journal", str(folder))
    assert code == 2 and "-n must be 1 or more" in one_sentence(err)
    assert "No entries yet" not in out


def test_list_with_an_unknown_script_names_the_ids(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    code, out, err = cli(capsys, "list", "--script", "unknown", "--journal", str(folder))
    sentence = one_sentence(err)
    assert code == 2 and "no script 'unknown'" in sentence
    assert "learning-diary" in sentence and "companion scripts list" in sentence
    assert "No entries yet" not in out


def test_stats_over_zero_months_says_so(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    code, out, err = cli(capsys, "stats", "--months", "0", "--journal", str(folder))
    assert code == 2 and "--months must be 1 or more" in one_sentence(err)
    assert "No entries yet" not in out


def test_a_brief_to_an_html_file_is_html(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    target = tmp_path / "brief.html"
    code, _, _ = cli(capsys, "brief", "-o", str(target), "--journal", str(folder))
    assert code == 0
    assert target.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_a_brief_format_that_does_not_fit_the_file_is_refused(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    target = tmp_path / "brief.html"
    code, _, err = cli(
        capsys, "brief", "--format", "md", "-o", str(target), "--journal", str(folder)
    )
    assert code == 2 and "does not fit" in one_sentence(err)
    assert not target.exists()


# ---------------------------------------------------------------------- odd text


def test_a_lone_surrogate_in_an_argument_is_one_sentence_and_nothing_is_saved(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    code, _, err = cli(capsys, "commitments", "add", "bad \ud800 text", "--journal", str(folder))
    assert code == 2 and "not valid text" in one_sentence(err)
    assert len(Journal.open(folder).commitments()) == 1


# ---------------------------------------------------------------------- answers files


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ('{"how": ' + "[" * 5000 + "]" * 5000 + "}", "nested more than"),
        ("how = " + "[" * 5000 + "]" * 5000, "nested more than"),
        ('{"how": ' + "9" * 5000 + "}", "more than 18 digits"),
        ("how = " + "9" * 5000, "more than 18 digits"),
        ('{"how": 99999999999999999999}', "more than 18 digits"),
        ('{"how": "\\ud800"}', "not valid Unicode"),
        ("how = 0001-01-01", "outside the years 1900 to 2200"),
    ],
)
def test_an_answers_file_beyond_the_limits_is_one_sentence(
    tmp_path: Path, text: str, phrase: str
) -> None:
    path = tmp_path / ("answers.json" if text.startswith("{") else "answers.toml")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=phrase):
        read_answers(path)


def test_reflect_with_a_deep_answers_file_is_one_sentence(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"happened": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    code, _, err = cli(
        capsys, "reflect", "learning-diary", "--answers", str(answers), "--journal", str(folder)
    )
    assert code == 2 and "nested more than" in one_sentence(err)


@pytest.mark.skipif(not POSIX, reason="FIFOs are POSIX")
def test_an_answers_file_that_is_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "answers.toml"
    os.mkfifo(path)
    with no_hang(), pytest.raises(UsageError, match="pipe"):
        read_answers(path)


def test_an_answers_file_that_is_a_folder_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a folder"):
        read_answers(tmp_path)


# ---------------------------------------------------------------------- scripts


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        (('moment = "review"', 'moment = ["review", "coaching"]'), "moment"),
        (('moment = "review"', "moment = { a = 1 }"), "moment"),
        (("max = 5", "max = 100000000"), "at most 11 points"),
        (("max = 5", "max = " + "9" * 5000), "more than 18 digits"),
        (("version = 1", "version = 99999999999999999999"), "more than 18 digits"),
        (('title = "My check-in"', "title = " + "[" * 5000 + "]" * 5000), "nested more than"),
    ],
)
def test_a_broken_user_script_is_listed_and_the_rest_works(
    capsys: pytest.CaptureFixture[str], folder: Path, change: tuple[str, str], phrase: str
) -> None:
    path = user_script("broken.toml", GOOD_SCRIPT.replace(*change))
    library = load_library()
    assert "learning-diary" in library.scripts
    assert any(phrase in str(problem) for problem in library.broken), library.broken
    code, out, _ = cli(capsys, "scripts", "list")
    assert code == 0 and "Not loaded" in out and phrase in out
    code, _, err = cli(capsys, "scripts", "validate", str(path))
    assert code == 1 and phrase in err
    code, out, _ = cli(capsys, "doctor", "--journal", str(folder))
    assert code == 1 and "PROBLEM script" in out
    for verb in (["barriers"], ["brief"], ["list"]):
        code, _, _ = cli(capsys, *verb, "--journal", str(folder))
        assert code == 0


def test_a_scale_of_eleven_points_is_still_fine(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(GOOD_SCRIPT.replace("min = 1", "min = 0").replace("max = 5", "max = 10"))
    assert load_script(path).steps[0].max == 10


@pytest.mark.skipif(not POSIX, reason="FIFOs are POSIX")
def test_a_script_file_that_is_a_pipe_is_listed_broken_without_waiting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from companion.core.locations import user_scripts_dir

    user_scripts_dir().mkdir(parents=True, exist_ok=True)
    os.mkfifo(user_scripts_dir() / "check-in.toml")
    with no_hang():
        library = load_library()
    assert any("is a pipe (FIFO)" in str(problem) for problem in library.broken)
    code, out, _ = cli(capsys, "scripts", "list")
    assert code == 0 and "is a pipe (FIFO)" in out


def test_validating_a_folder_or_device_is_a_problem_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for target in [str(tmp_path)] + (["/dev/zero"] if Path("/dev/zero").exists() else []):
        with pytest.raises(ScriptFileError):
            load_script(Path(target))
        code, _, err = cli(capsys, "scripts", "validate", target)
        assert code == 1 and ("folder" in err or "device" in err)


# ---------------------------------------------------------------------- imports


def _export(tmp_path: Path, **changes: Any) -> Path:
    data: dict[str, Any] = {"companion": "export", "format": 1, "entries": []}
    data.update(changes)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _jrnl(tmp_path: Path, day: str, time: str) -> Path:
    path = tmp_path / "jrnl.json"
    entry = {"title": "A day", "body": "Text", "date": day, "time": time, "tags": []}
    path.write_text(json.dumps({"tags": {}, "entries": [entry]}), encoding="utf-8")
    return path


@pytest.mark.parametrize(("day", "time"), [("9999-12-31", "23:59"), ("0001-01-01", "00:00")])
def test_a_jrnl_date_outside_the_range_is_one_sentence(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path, day: str, time: str
) -> None:
    path = _jrnl(tmp_path, day, time)
    code, _, err = cli(capsys, "import", "--from", "jrnl", str(path), "--journal", str(folder))
    assert code == 2 and "1900 to 2200" in one_sentence(err)


def test_a_format_number_of_thousands_of_digits_is_one_sentence(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "export.json"
    path.write_text('{"companion": "export", "format": ' + "9" * 5000 + "}", encoding="utf-8")
    code, _, err = cli(capsys, "import", str(path), "--journal", str(folder))
    assert code == 2 and "more than 18 digits" in one_sentence(err)


def test_an_imported_record_with_an_id_beyond_2200_is_refused(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    commitment = {
        "id": "zzzzzzzzzzzzzzzz",
        "text": "x",
        "created": "2026-11-20T10:00:00+00:00",
        "due": None,
        "first_step": None,
        "status": "open",
        "history": [],
        "entry": None,
        "script": None,
    }
    path = _export(tmp_path, commitments=[commitment])
    code, _, err = cli(capsys, "import", str(path), "--journal", str(folder))
    assert code == 2 and "not a Companion id" in one_sentence(err)


def test_an_import_with_a_lone_surrogate_is_one_sentence(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "jrnl.json"
    path.write_text(
        '{"tags": {}, "entries": [{"title": "\\ud800", "date": "2026-11-01", "time": "09:00"}]}',
        encoding="utf-8",
    )
    code, _, err = cli(capsys, "import", "--from", "jrnl", str(path), "--journal", str(folder))
    assert code == 2 and "not valid Unicode" in one_sentence(err)


@pytest.mark.skipif(not POSIX, reason="FIFOs are POSIX")
def test_an_import_file_that_is_a_pipe_is_refused_without_waiting(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "export.json"
    os.mkfifo(path)
    code, _, err = cli(capsys, "import", str(path), "--journal", str(folder))
    assert code == 2 and "is a pipe" in one_sentence(err)


# ---------------------------------------------------------------------- journal files


def _month_file(folder: Path) -> Path:
    return next((folder / "commitments").glob("*.json"))


def test_a_folder_in_place_of_a_month_file_is_reported_by_doctor_and_refused(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    month = _month_file(folder)
    month.unlink()
    month.mkdir()
    code, out, _ = cli(capsys, "doctor", "--journal", str(folder))
    assert code == 1 and "is a folder where a journal file should be" in out
    code, _, err = cli(capsys, "commitments", "add", "Next", "--journal", str(folder))
    assert code == 4 and "is a folder" in one_sentence(err)
    code, out, _ = cli(capsys, "doctor", "--restore", "--journal", str(folder))
    assert code in (0, 1)


@pytest.mark.skipif(not POSIX, reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_pipe_or_device_as_a_month_file_does_not_hang_doctor_or_reflect(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path, kind: str
) -> None:
    month = _month_file(folder)
    month.unlink()
    if kind == "fifo":
        os.mkfifo(month)
    else:
        month.symlink_to("/dev/zero")
    refused = "is a pipe where" if kind == "fifo" else "is a link to a place outside"
    code, out, _ = cli(capsys, "doctor", "--journal", str(folder))
    assert code == 1 and refused in out
    code, _, err = cli(capsys, "commitments", "add", "Next", "--journal", str(folder))
    assert code == 4 and refused in one_sentence(err)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_passphrase_file_that_is_a_device_is_refused_without_waiting(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    from companion.journal import crypto

    code, _, err = cli(
        capsys, "encrypt", "--journal", str(folder), "--passphrase-file", "/dev/zero"
    )
    assert code == 2 and "is a device" in one_sentence(err)
    assert not crypto.is_encrypted(folder)


def test_a_deeply_nested_month_file_is_damaged_not_a_crash(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    _month_file(folder).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, _, err = cli(capsys, "commitments", "--journal", str(folder))
    assert code == 4 and "damaged" in one_sentence(err)
    code, out, _ = cli(capsys, "doctor", "--journal", str(folder))
    assert code == 1 and "damaged" in out


def test_doctor_restore_on_a_read_only_journal_is_one_sentence(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal.open(folder)
    journal.add_commitment("Second")  # the month file now has a backup to restore from
    _month_file(folder).write_text("{", encoding="utf-8")
    from companion.journal import doctor

    def read_only(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(args[0]))

    for name in ("replace", "link"):  # every way the restore writes
        monkeypatch.setattr(doctor.files.os, name, read_only)
    code, _, err = cli(capsys, "doctor", "--restore", "--journal", str(folder))
    assert code == 6 and "read-only" in one_sentence(err)


def test_read_regular_refuses_a_file_larger_than_its_limit(tmp_path: Path) -> None:
    from companion.core import limits

    path = tmp_path / "big"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(limits.LimitExceeded, match="larger than"):
        limits.read_regular(path, 1024)
    assert limits.read_regular(path, 4096) == b"x" * 2048


# ---------------------------------------------------------------------- the app


async def test_the_app_says_a_date_is_out_of_range_and_keeps_what_was_typed(
    journal: Journal, library: Any, clock: Any
) -> None:
    from textual.widgets import Input, Static

    from companion.core.model import CommitmentStatus
    from companion.widgets.row_table import RowTable
    from tests.helpers.app import fill_journal, make_app, settle

    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        app.screen.query_one("#filter-since", Input).value = "999999999 weeks ago"
        await settle(pilot)
        status = str(app.screen.query_one("#journal-status").render())
        assert "1900 to 2200" in status
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        app.screen.query_one("#commitment-table", RowTable).focus()
        await pilot.press("r")
        await settle(pilot)
        for key in "in 999999999 weeks":
            await pilot.press("space" if key == " " else key)
        await pilot.press("enter")
        await settle(pilot)
        assert "1900 to 2200" in str(app.screen.query_one("#problem", Static).render())
        assert "in 999999999 weeks" in [i.value for i in app.screen.query(Input)]
        assert not any(c.status == CommitmentStatus.RENEGOTIATED for c in journal.commitments())


@pytest.mark.skipif(not POSIX, reason="FIFOs and /dev/zero are POSIX")
def test_an_encrypted_journal_with_a_pipe_for_a_month_file_does_not_hang_doctor(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    from companion.journal.crypto import OWASP_MINIMUM

    Journal.open(folder).encrypt("correct horse battery", OWASP_MINIMUM)
    secret = tmp_path / "passphrase.txt"
    secret.write_text("correct horse battery\n", encoding="utf-8")
    secret.chmod(0o600)
    month = _month_file(folder)
    month.unlink()
    os.mkfifo(month)
    for given in ([], ["--passphrase-file", str(secret)]):
        code, out, _ = cli(capsys, "doctor", "--journal", str(folder), *given)
        assert code == 1 and "PROBLEM" in out
    code, _, err = cli(capsys, "doctor", "--journal", str(folder), "--passphrase-file", "/dev/zero")
    assert code == 2 and "is a device" in one_sentence(err)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (GOOD_SCRIPT, None),
        (
            GOOD_SCRIPT.replace('kind = "scale"', 'kind = "choice"').replace(
                "min = 1\nmax = 5\n", ""
            )
            + "options = ["
            + ", ".join(f'"o{n}"' for n in range(60))
            + "]\n",
            "at most 50 options",
        ),
        (
            GOOD_SCRIPT
            + "".join(
                f'\n[[steps]]\nid = "s{n}"\nkind = "long"\nprompt = "Why?"\n' for n in range(100)
            ),
            "at most 100 steps",
        ),
    ],
)
def test_a_script_has_a_bounded_number_of_steps_and_options(
    tmp_path: Path, text: str, phrase: str | None
) -> None:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    if phrase is None:
        assert load_script(path).id == "my-check-in"
        return
    with pytest.raises(ScriptFileError, match=phrase):
        load_script(path)


def test_an_imported_status_that_is_a_list_is_one_sentence(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    commitment = {
        "id": "01m8nag3w4da5wcq",
        "text": "x",
        "created": "2026-11-20T10:00:00+00:00",
        "due": None,
        "first_step": None,
        "status": ["open"],
        "history": [],
        "entry": None,
        "script": None,
    }
    path = _export(tmp_path, commitments=[commitment])
    code, _, err = cli(capsys, "import", str(path), "--journal", str(folder))
    assert code == 2 and "should be one of" in one_sentence(err)
