"""No word is ever lost: by an edit, a crash in `doctor --restore`, a failed save, or an
answers file in the wrong encoding (issue 14, "Words lost")."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from textual.widgets import OptionList, Static, TextArea

from companion.core.answers import read_answers
from companion.core.errors import JournalDamaged, UsageError
from companion.core.model import CommitmentStatus, Entry
from companion.core.scripts import Library, Script, load_script
from companion.core.session import Session
from companion.core.views.render import entry_text
from companion.journal import Journal, files
from companion.journal.doctor import check, restore
from companion.screens.dialogs import DraftNotSavedDialog
from companion.screens.entry import EntryScreen
from companion.screens.home import HomeScreen
from companion.screens.reflect import ReflectScreen, ReviewScreen
from tests.conftest import ROOT
from tests.helpers.app import make_app, settle
from tests.helpers.storage import at, child_env, make_entry

# ---------------------------------------------------------------------- 1. an edit keeps answers

OLD_SCRIPT = """
id = "team-check"
title = "Team check"
version = {version}
moment = "review"
summary = "How the team is doing."
intro = "A minute on the team."

[[steps]]
id = "mood"
kind = "text"
prompt = "How is the team?"

{extra}

[[steps]]
id = "next"
kind = "long"
prompt = "What next?"
required = false
"""

DROPPED_STEP = """
[[steps]]
id = "worry"
kind = "long"
prompt = "What worries me about them?"
required = false
private = true
"""


def _script(tmp_path: Path, version: int, extra: str) -> Script:
    path = tmp_path / f"team-check-{version}.toml"
    path.write_text(OLD_SCRIPT.format(version=version, extra=extra), encoding="utf-8")
    return load_script(path)


@settings(max_examples=20)
@example(worry="That Sam will leave", private=True)
@given(
    worry=st.text(min_size=1, max_size=40).filter(str.strip),
    private=st.booleans(),
)
def test_an_edit_keeps_answers_to_questions_the_script_has_since_dropped(
    journal: Journal, tmp_path: Path, worry: str, private: bool
) -> None:
    first = Session(_script(tmp_path, 1, DROPPED_STEP), journal)
    first.answer("Tired", step_id="mood")
    first.answer(worry, step_id="worry", private=private)
    first.answer("Talk to Sam", step_id="next")
    entry = first.finish().entry

    edit = Session.for_edit(_script(tmp_path, 2, ""), journal, entry)
    assert [a.step_id for a in edit.kept] == ["worry"]
    edit.answer("Tired but hopeful", step_id="mood")
    edit.save_edit()

    saved = journal.entry(entry.id)
    assert [a.step_id for a in saved.answers] == ["mood", "worry", "next"]
    kept = saved.answer("worry")
    assert kept is not None and kept.value == worry.strip() and kept.private == private
    assert saved.answer("mood").value == "Tired but hopeful"  # type: ignore[union-attr]
    if worry.replace(" ", "").isalpha():
        assert worry.strip() in entry_text(saved, journal)  # `companion show`


@pytest.fixture
def reviewed(journal: Journal, library: Library, clock: Any) -> Iterator[Entry]:
    """A weekly review that closed two commitments, kept one on, with notes (one private)."""
    done = journal.add_commitment("Call Sam", due=date(2026, 11, 1))
    dropped = journal.add_commitment("Read the report")
    kept_on = journal.add_commitment("Write it up")
    review = Session(library.get("review-commitments"), journal)
    review.answer({"decision": "done", "note": "Finally called"}, step_id=f"review/{done.id}")
    review.answer(
        {"decision": "let-go", "note": "Superseded by the audit"},
        step_id=f"review/{dropped.id}",
        private=True,
    )
    review.answer({"decision": "still-on"}, step_id=f"review/{kept_on.id}")
    review.answer("I overcommit in busy weeks.", step_id="overall")
    yield review.finish().entry


def test_an_edit_of_a_weekly_review_keeps_every_decision(
    journal: Journal, library: Library, clock: Any, reviewed: Entry
) -> None:
    clock.advance(days=3)
    journal.add_commitment("Something new since the review")  # must not be asked about
    edit = Session.for_edit(library.get("review-commitments"), journal, reviewed)
    assert [s.id for s in edit.steps] == ["overall"]
    edit.answer("I overcommit in busy weeks, and say yes too fast.", step_id="overall")
    edit.save_edit()

    saved = journal.entry(reviewed.id)
    before = [a for a in reviewed.answers if a.kind == "commitment-review"]
    after = [a for a in saved.answers if a.kind == "commitment-review"]
    assert after == before  # decisions, notes, commitment ids and private marks
    assert [a.private for a in after] == [False, True, False]
    assert saved.answers[-1].value == "I overcommit in busy weeks, and say yes too fast."
    statuses = {c.text: c.status for c in journal.commitments()}
    assert statuses["Call Sam"] == CommitmentStatus.DONE  # an edit reviews nothing again


def test_saving_an_unchanged_review_changes_no_answer(
    journal: Journal, library: Library, reviewed: Entry
) -> None:
    Session.for_edit(library.get("review-commitments"), journal, reviewed).save_edit()
    assert journal.entry(reviewed.id).answers == reviewed.answers


async def test_the_edit_view_shows_kept_answers_read_only(
    journal: Journal, library: Library, reviewed: Entry
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_entry(reviewed.id)
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        options = app.screen.query_one("#review-answers", OptionList)
        shown = [options.get_option_at_index(i) for i in range(options.option_count)]
        kept = [o for o in shown if "Kept as written" in str(o.prompt)]
        assert len(kept) == 3 and all(o.disabled for o in kept)
        assert any("Superseded by the audit" in str(o.prompt) for o in kept)
        assert any("[private]" in str(o.prompt) for o in kept)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert journal.entry(reviewed.id).answers == reviewed.answers


# ---------------------------------------------------------------------- 2. doctor --restore


def _months_with_backups(folder: Path, months: int = 12) -> tuple[Journal, list[str]]:
    """A journal with two entries a month, each month's file with a backup holding both."""
    journal = Journal.open(folder)
    made = []
    for number in range(months):
        year, month = 2024 + number // 12, number % 12 + 1
        for day in (3, 17):
            entry = make_entry(at(year, month, day), f"Words of {year}-{month:02d}-{day}")
            journal.save_entry(entry)
            made.append(entry.id)
        journal.save_entry(entry)  # saved again: the backup now holds the whole month
    return journal, sorted(made)


def _damage_every_month(folder: Path) -> None:
    for month in (folder / "entries").glob("*.json"):
        month.write_bytes(month.read_bytes()[: month.stat().st_size // 2])


def _all_well(folder: Path) -> bool:
    return all(f.ok for f in check(folder) if f.topic != "folder permissions")


def _entry_ids(folder: Path) -> list[str]:
    return sorted(e.id for e in Journal.open(folder).entries())


def test_a_restore_cut_short_never_leaves_a_month_without_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "journal"
    _journal, made = _months_with_backups(folder, months=2)
    _damage_every_month(folder)

    def crash(*_args: Any, **_kw: Any) -> None:
        raise KeyboardInterrupt  # the process dies here, before the restored file is in place

    monkeypatch.setattr(files, "atomic_write", crash)
    with pytest.raises(KeyboardInterrupt):
        restore(folder)
    monkeypatch.undo()
    assert sorted(p.name for p in (folder / "entries").glob("*.json")) == [
        "2024-01.json",
        "2024-02.json",
    ]
    restore(folder)
    assert _entry_ids(folder) == made and _all_well(folder)


def test_restored_text_left_only_in_a_temp_file_survives_a_start_and_is_put_back(
    tmp_path: Path,
) -> None:
    """The state an old restore left when killed: the month renamed aside, its restored
    text only in a temp file beside it."""
    folder = tmp_path / "journal"
    _journal, made = _months_with_backups(folder, months=2)
    month = folder / "entries" / "2024-02.json"
    restored = month.read_bytes()
    month.rename(month.with_name("2024-02.json.damaged-20240301T000000"))
    temp = month.with_name(".2024-02.json.k2j4h6g1.tmp")
    temp.write_bytes(restored)

    Journal.open(folder).entries()  # a start: the temp file is the only copy of the month
    assert temp.read_bytes() == restored
    assert not _all_well(folder)
    problems = [f.detail for f in check(folder) if not f.ok]
    assert any("2024-02.json is missing" in p and "--restore" in p for p in problems)

    restore(folder)
    assert month.read_bytes() == restored
    assert _entry_ids(folder) == made and _all_well(folder)


def test_a_missing_month_is_a_problem_and_its_backups_are_never_rotated_out(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "journal"
    journal, made = _months_with_backups(folder, months=2)
    month = folder / "entries" / "2024-01.json"
    month.unlink()
    backups = sorted((folder / "backups" / "entries").glob("2024-01.json.*"))
    kept = {p.name: p.read_bytes() for p in backups}

    assert not _all_well(folder)
    for day in range(6):  # more saves than there are backup generations
        with pytest.raises(JournalDamaged, match="doctor --restore"):
            journal.save_entry(make_entry(at(2024, 1, 20 + day)))
    assert {p.name: p.read_bytes() for p in backups} == kept and not month.exists()

    restore(folder)
    assert _entry_ids(folder) == made and _all_well(folder)


def _wait_for_the_restore_to_begin(child: subprocess.Popen[bytes], folder: Path) -> None:
    """Until the first damaged file is kept aside (or the process ends): the restore is on."""
    deadline = time.monotonic() + 10
    while child.poll() is None and time.monotonic() < deadline:
        if next((folder / "entries").glob("*.damaged-*"), None) is not None:
            return
        time.sleep(0.001)  # leave the child the processor


def test_kill_9_during_doctor_restore_loses_no_month(tmp_path: Path) -> None:
    template = tmp_path / "damaged"
    _journal, made = _months_with_backups(template, months=24)
    _damage_every_month(template)
    env = {**child_env(), "COMPANION_JOURNAL": ""}
    command = [sys.executable, "-m", "companion", "doctor", "--restore"]
    started = time.monotonic()
    for run, delay in enumerate([0.002 * n for n in range(12)]):
        folder = tmp_path / f"run-{run}"
        shutil.copytree(template, folder)
        env["COMPANION_JOURNAL"] = str(folder)
        child = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_for_the_restore_to_begin(child, folder)
        time.sleep(delay)  # then increasingly far into it
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait()
        months = sorted(p.name for p in (folder / "entries").glob("*.json"))
        assert len(months) == 24, f"killed after {delay:.2f}s: a month has no file"
        if _all_well(folder):  # "All is well" only when every entry is there
            assert _entry_ids(folder) == made
        again = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        assert again.returncode == 0, again.stdout
        assert "All is well." in again.stdout
        assert _entry_ids(folder) == made, f"killed after {delay:.2f}s: entries are missing"
        shutil.rmtree(folder)
    assert time.monotonic() - started < 60


# ---------------------------------------------------------------------- 3. a failed save


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Every journal write fails as on a full disk, until the test calls the fixture."""
    real = files.atomic_write

    def no_space(path: Path, data: bytes, backup_dir: Path | None = None) -> None:
        raise files.write_error(path, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))

    monkeypatch.setattr(files, "atomic_write", no_space)
    yield lambda: monkeypatch.setattr(files, "atomic_write", real)


WORDS = "The Board paper went through without a single question about residents."


async def test_keep_draft_on_a_full_disk_stays_with_the_words_then_saves_them(
    journal: Journal, library: Library, full_disk: Any
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        app.screen.query_one(TextArea).insert(WORDS)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, DraftNotSavedDialog)
        said = str(app.screen.query_one(".dialog-question", Static).render())
        assert "draft is not saved" in said and "the disk is full" in said
        await pilot.press("escape")  # back to my words
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.query_one(TextArea).text == WORDS
        assert "disk is full" in str(app.screen.query_one("#problem", Static).render())
        assert journal.drafts() == []

        full_disk()  # space freed
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        [draft] = journal.drafts()
        assert draft.answers["happened"].value == WORDS


async def test_try_again_after_a_failed_save_keeps_the_draft(
    journal: Journal, library: Library, full_disk: Any
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        app.screen.query_one(TextArea).insert(WORDS)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        full_disk()
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        [draft] = journal.drafts()
        assert draft.answers["happened"].value == WORDS


async def test_quitting_with_a_draft_that_cannot_be_saved_asks_first(
    journal: Journal, library: Library, full_disk: Any
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        app.screen.query_one(TextArea).insert(WORDS)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, DraftNotSavedDialog)
        full_disk()
        await pilot.press("r")
        await settle(pilot)
    [draft] = journal.drafts()
    assert draft.answers["happened"].value == WORDS


# ---------------------------------------------------------------------- 4. answers files

LATIN1_HINT = "is not UTF-8 text (it looks like Latin-1/Windows-1252); save it as UTF-8"
accented = st.text(alphabet="éèàçôüñßÆœ€’ abc", min_size=1, max_size=20).filter(
    lambda t: any(ord(c) > 127 for c in t) and t.strip() == t and t.strip()
)


@settings(max_examples=30)
@given(words=accented)
def test_an_answers_file_in_windows_1252_is_named_and_refused(tmp_path: Path, words: str) -> None:
    path = tmp_path / "answers.toml"
    path.write_bytes(f'happened = "{words}"\n'.encode("cp1252"))
    with pytest.raises(UsageError) as raised:
        read_answers(path)
    assert str(raised.value) == (
        f"{path} is not UTF-8 text (it looks like Latin-1/Windows-1252); "
        "save it as UTF-8 and try again."
    )


@settings(max_examples=30)
@given(words=accented, bom=st.booleans(), fmt=st.sampled_from(["toml", "json"]))
def test_a_utf8_answers_file_keeps_every_letter(
    tmp_path: Path, words: str, bom: bool, fmt: str
) -> None:
    path = tmp_path / f"answers.{fmt}"
    text = json.dumps({"happened": words}) if fmt == "json" else f'happened = "{words}"\n'
    path.write_bytes(text.encode("utf-8-sig" if bom else "utf-8"))
    assert read_answers(path)["happened"].value == words


def test_a_latin1_answers_file_saves_nothing(tmp_path: Path, companion_cli: Any) -> None:
    journal = tmp_path / "journal"
    answers = tmp_path / "diary.toml"
    answers.write_bytes('happened = "Coffee at the café"\n'.encode("latin-1"))
    result = companion_cli(
        "--journal", str(journal), "reflect", "learning-diary", "--answers", str(answers)
    )
    assert result.returncode == UsageError.exit_code
    assert LATIN1_HINT in result.stderr and "Traceback" not in result.stderr
    assert Journal.open(journal).entries() == []
