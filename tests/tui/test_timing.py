"""Any timing: quit, leave or switch at any instant keeps every word and shows no error.

Also: text is never rearranged (cursor at the end of a resumed answer, Tab does not select),
and one rule for changing a commitment in every face.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import TextArea

from companion import cli
from companion.app import CompanionApp
from companion.cli import output
from companion.core.errors import JournalError, UsageError
from companion.core.model import CommitmentStatus
from companion.core.scripts import Library
from companion.core.session import Session
from companion.core.views.reports import follow_through_stats
from companion.journal import Journal
from companion.journal.doctor import check as doctor_check
from companion.messages import AnswerChanged
from companion.screens.commitments import CommitmentsScreen
from companion.screens.dialogs import DraftNotSavedDialog, NoteDialog
from companion.screens.home import HomeScreen
from companion.screens.reflect import ReflectScreen
from tests.helpers.app import fill_journal, make_app, settle
from tests.helpers.pty import interruptible

ROOT = Path(__file__).resolve().parent.parent.parent

# ---------------------------------------------------------------------- quitting at once


@pytest.mark.slow
def test_ctrl_q_at_once_after_typing_keeps_the_word_and_shows_no_error(tmp_path: Path) -> None:
    """In a real terminal: type a word and press Ctrl+Q straight away, twenty times."""
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    started = time.monotonic()
    for round_ in range(20):
        folder = tmp_path / f"journal-{round_}"
        child = pexpect.spawn(
            sys.executable,
            ["-m", "companion", "--journal", str(folder), "reflect", "learning-diary"],
            env=env,
            preexec_fn=interruptible,
            cwd=str(ROOT),
            timeout=20,
            dimensions=(24, 80),
        )
        child.expect("What happened")
        word = f"moment{round_}"
        child.send(word)
        child.send("\x11")  # Ctrl+Q, with no pause
        child.expect(pexpect.EOF)
        shown = child.before.decode("utf-8", errors="replace")
        child.close()
        assert child.exitstatus == 0, shown[-800:]
        assert "Traceback" not in shown and "Error" not in shown, shown[-800:]
        drafts = Journal.open(folder).drafts()
        assert [d.answers["happened"].value for d in drafts] == [word]
    assert time.monotonic() - started < 90


@pytest.mark.slow
def test_words_typed_longer_than_the_autosave_delay_survive_a_kill_after_a_pause(
    tmp_path: Path,
) -> None:
    """In a real terminal: type steadily for longer than the autosave waits, pause for it, then
    the process is killed (a crash, a closed laptop lid): every word is in the draft."""
    pexpect = pytest.importorskip("pexpect")
    from companion.screens.reflect import AUTOSAVE_DELAY

    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    folder = tmp_path / "journal"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "companion", "--journal", str(folder), "reflect", "learning-diary"],
        env=env,
        cwd=str(ROOT),
        timeout=20,
        dimensions=(24, 80),
    )
    try:
        child.expect("What happened")
        words = "Two hours on the budget and nobody asked who it is for"
        started = time.monotonic()
        for letter in words:
            child.send(letter)
            time.sleep(0.06)  # steady typing, each key well inside the autosave's wait
        assert time.monotonic() - started > AUTOSAVE_DELAY
        child.expect(r"\d+ words")
        child.expect([pexpect.TIMEOUT], timeout=AUTOSAVE_DELAY + 1.0)  # the pause; reads on
        child.kill(signal.SIGKILL)
        child.wait()
    finally:
        child.close(force=True)
    drafts = Journal.open(folder).drafts()
    assert [d.answers["happened"].value for d in drafts] == [words]


async def test_typing_past_the_autosave_delay_is_saved_whole_soon_after_it_pauses(
    journal: Journal, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys typed closer together than the autosave waits: one save once the typing pauses
    (not one a key), holding every word, within the wait (and a little) of the last key."""
    from companion.screens import reflect

    monkeypatch.setattr(reflect, "AUTOSAVE_DELAY", 0.4)
    saved: list[Any] = []
    real = Session.save_draft

    def counted(self: Session, draft: Any = None) -> None:
        real(self, draft)
        saved.append(draft.answers["happened"].value if draft else None)

    monkeypatch.setattr(Session, "save_draft", counted)
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        words = "so we went on talking"
        for letter in words:
            await pilot.press("space" if letter == " " else letter)
            await pilot.pause(0.1)
        await pilot.pause(0.4 + 0.3)
        await app.writes_done()
        assert saved and saved[-1] == words
        assert len(saved) <= 3, "saved once the typing paused, not once a key"
        assert [d.answers["happened"].value for d in journal.drafts()] == [words]


async def test_quit_keeps_a_word_whose_change_message_has_not_arrived(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        area = app.screen.query_one("#answer-long", TextArea)
        area.insert("Typed just now")  # its Changed message is still queued
        await app.action_quit()
    assert [d.answers["happened"].value for d in journal.drafts()] == ["Typed just now"]


async def test_quit_from_a_fresh_reflection_leaves_no_empty_draft(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        await app.action_quit()
    assert journal.drafts() == []


async def test_a_save_that_fails_while_quitting_says_why_and_quits_only_when_told(
    journal: Journal, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        await pilot.press(*"Kept")

        def refuse(draft: Any) -> None:
            raise JournalError("The journal folder cannot be written to.")

        monkeypatch.setattr(journal, "save_draft", refuse)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, DraftNotSavedDialog)
        assert "cannot be written" in app.screen.reason
        await pilot.press("d")  # "Quit and lose them"
        await settle(pilot)
    assert app._exception is None
    assert not app.is_running


# ---------------------------------------------------------------------- another Companion's writes


async def test_a_change_from_elsewhere_with_only_the_default_screen_is_ignored(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        while len(app.screen_stack) > 1:
            app.pop_screen()
        app.journal_changed(journal.state())
        await settle(pilot)
        assert app._exception is None


async def test_a_change_from_elsewhere_under_a_dialog_shows_when_it_closes(
    journal: Journal, library: Library
) -> None:
    first = journal.add_commitment("Call the chair")
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_show_commitments()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommitmentsScreen)
        app.push_screen(NoteDialog(f"Mark as done: {first.text}"))
        await settle(pilot)
        journal.add_commitment("Book the room")  # another Companion saves
        app.journal_changed(journal.state())
        await settle(pilot)
        assert app._exception is None
        await pilot.press("escape")  # the dialog closes
        await settle(pilot)
        assert app.screen is screen
        assert {c.text for c in screen.commitments} == {"Call the chair", "Book the room"}


async def test_a_change_from_elsewhere_while_quitting_is_ignored(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.exit()
        app.journal_changed(journal.state())
        app._hand_back(app.journal_changed, journal.state())
    assert app._exception is None
    app.journal_changed(journal.state())  # after the app has closed: nothing to do, no error
    app._hand_back(app.journal_changed, None)


async def test_a_save_finishing_during_quit_shows_no_error(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        await pilot.press(*"Slow")
        screen = app.screen
        assert isinstance(screen, ReflectScreen)
        screen.save_draft()  # the write's on_done and reload arrive while quitting
        await pilot.press("ctrl+q")
    assert app._exception is None
    assert [d.answers["happened"].value for d in journal.drafts()] == ["Slow"]


# ---------------------------------------------------------------------- type-ahead


def _type_fast(app: CompanionApp, *keys: str) -> None:
    """Queue keys as a fast typist does: all of them before the app handles the first."""
    for key in keys:
        character = {"enter": "\r", "space": " "}.get(key, key if len(key) == 1 else None)
        event = events.Key(key, character)
        event.set_sender(app)
        app.post_message(event)


async def test_typing_right_after_starting_a_reflection_goes_into_its_answer(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # Enter starts the highlighted reflection; "c" is Home's key for Commitments.
        _type_fast(app, "enter", *"quick check")
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.form.value() == "quick check"


async def test_typing_right_after_moving_on_goes_to_the_next_question(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("workshop-close-out")
        await settle(pilot)
        _type_fast(app, *"Day one", "enter", *"Stories", "ctrl+n", *"more")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReflectScreen)
        assert screen.session.value("session") == "Day one"
        assert screen.session.answers["resonated"].value == "Stories"
        assert app._exception is None


async def test_a_change_message_from_a_replaced_answer_box_is_let_go(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReflectScreen)
        await pilot.press(*"First", "ctrl+n")
        await settle(pilot)
        old = screen.form
        screen.session.position = 0
        await screen.show_step()  # the box is replaced; its last message arrives late
        screen._answer_changed(AnswerChanged(old))
        await settle(pilot)
        assert app._exception is None
        assert screen.session.value("happened") == "First"


# ---------------------------------------------------------------------- text never rearranged


async def test_resuming_adds_to_the_end_of_the_answer(journal: Journal, library: Library) -> None:
    session = Session(library.get("learning-diary"), journal)
    session.answer("First part.", step_id="happened")
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.resume_draft(journal.drafts()[0].id)
        await settle(pilot)
        await pilot.press(*" Second part.")
        await settle(pilot)
        area = app.screen.query_one("#answer-long", TextArea)
        assert area.text == "First part. Second part."


async def test_resumed_one_line_answer_and_tab_into_a_filled_box_keep_the_text(
    journal: Journal, library: Library
) -> None:
    session = Session(library.get("workshop-close-out"), journal)
    session.answer("Day one", step_id="session")
    session.answer("Stories", step_id="resonated")
    session.answer({"text": "Call Sam", "first_step": "Find the number"}, step_id="commitment")
    session.position = session.steps.index(session.step_by_id("commitment"))
    session.save_draft(session.snapshot())
    app = make_app(journal, library)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        app.resume_draft(journal.drafts()[0].id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReflectScreen)
        assert screen.session.current.id == "commitment"
        await pilot.press(*" today")  # the first box has focus: added at the end
        await pilot.press("tab", "tab", *" first")  # past the date, into the filled step
        await settle(pilot)
        value = screen.form.value()
        assert value["text"] == "Call Sam today"
        assert value["first_step"] == "Find the number first"


async def test_every_focus_stop_of_every_step_is_a_visible_answer_box(
    journal: Journal, library: Library
) -> None:
    for script in library.ordered():
        app = make_app(journal, library)
        async with app.run_test(size=(80, 30)) as pilot:
            await settle(pilot)
            app.start_reflection(script.id)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReflectScreen)
            for runtime in screen.session.steps:
                screen.session.position = screen.session.steps.index(runtime)
                await screen.show_step()
                await settle(pilot)
                chain = screen.focus_chain
                if not runtime.answerable:  # a page to read: the page itself, to scroll it
                    assert [w.id for w in chain] == ["reflect"], (script.id, runtime.id)
                    continue
                for widget in chain:
                    assert widget.id != "reflect", (script.id, runtime.id)
                    assert widget.region.area > 0, (script.id, runtime.id, widget)
                    assert widget in screen.form.walk_children(), (script.id, runtime.id, widget)


# ---------------------------------------------------------------------- one rule per action

REFUSAL = "That commitment is already done, so it cannot be marked done."


def _done_commitment(journal: Journal) -> str:
    made = journal.add_commitment("Invite a resident")
    journal.set_commitment_status(made.id, CommitmentStatus.DONE, note="They came")
    return made.id


def _done_count(journal: Journal) -> int:
    stats = follow_through_stats(journal.entries(), journal.commitments(), journal.today())
    return stats.totals.done


def test_the_command_line_refuses_done_twice_with_the_journals_sentence(
    journal: Journal, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    commitment_id = _done_commitment(journal)
    monkeypatch.setattr(output, "open_journal", lambda args: journal)
    code = cli.run(["commitments", "done", commitment_id])
    err = capsys.readouterr().err
    assert code == 2 and REFUSAL in err and "--" not in err
    assert _done_count(journal) == 1


def test_the_journal_refuses_done_twice_for_every_face(journal: Journal) -> None:
    commitment_id = _done_commitment(journal)
    with pytest.raises(UsageError, match=REFUSAL):
        journal.set_commitment_status(commitment_id, CommitmentStatus.DONE)
    with pytest.raises(UsageError, match="cannot be let go"):
        journal.set_commitment_status(commitment_id, CommitmentStatus.DROPPED)
    assert len(journal.commitment(commitment_id).history) == 1


async def test_the_app_refuses_done_twice_with_the_same_sentence(
    journal: Journal, library: Library
) -> None:
    commitment_id = _done_commitment(journal)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_show_commitments()
        await settle(pilot)
        await pilot.press("a")  # all, done ones too
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert not isinstance(app.screen, NoteDialog)
        messages = [n.message for n in app._notifications]
        assert any(REFUSAL in m for m in messages), messages
    changes = journal.commitment(commitment_id).history
    assert [c.status for c in changes] == [CommitmentStatus.DONE]
    assert _done_count(journal) == 1


async def test_the_app_refuses_when_another_companion_closed_it_meanwhile(
    journal: Journal, library: Library
) -> None:
    made = journal.add_commitment("Invite a resident")
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_show_commitments()
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        journal.set_commitment_status(made.id, CommitmentStatus.DONE)  # another Companion
        await pilot.press("enter")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(REFUSAL in m for m in messages), messages
    assert _done_count(journal) == 1


def test_a_weekly_review_leaves_a_commitment_closed_meanwhile_as_it_is(
    journal: Journal, library: Library, clock: Any
) -> None:
    """Plain mode and the app both finish a review through the session engine."""
    fill_journal(journal, library, clock)
    session = Session(library.get("review-commitments"), journal)
    reviews = [s for s in session.steps if s.kind == "commitment-review"]
    assert reviews
    for runtime in reviews:
        session.answer({"decision": "done"}, step_id=runtime.id)
    assert reviews[0].commitment is not None
    first = reviews[0].commitment.id
    journal.set_commitment_status(first, CommitmentStatus.DONE, note="elsewhere")
    for runtime in session.steps:
        if runtime.answerable and runtime.required and runtime.id not in session.answers:
            session.answer("Something", step_id=runtime.id)
    session.finish()
    history = journal.commitment(first).history
    assert [c.status for c in history].count(CommitmentStatus.DONE) == 1


# ---------------------------------------------------------------------- soak

KEYS_PER_SIZE = 200
SOAK_KEYS = [
    *"abcdefghijklmnopqrstuvwxyz",
    *"0123456789",
    "space",
    "tab",
    "shift+tab",
    "enter",
    "escape",
    "up",
    "down",
    "left",
    "right",
    "ctrl+s",
    "ctrl+n",
    "ctrl+b",
    "ctrl+o",
    "f1",
    "f2",
    "f4",
    "backspace",
]


async def test_home_with_a_review_reminder_opens_at_40_columns(
    journal: Journal, library: Library, clock: Any
) -> None:
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        assert app._exception is None


@pytest.mark.slow
@pytest.mark.parametrize("size", [(40, 12), (80, 24), (120, 40)])
async def test_random_keys_on_every_screen_keep_the_app_and_journal_whole(
    journal: Journal, library: Library, clock: Any, size: tuple[int, int]
) -> None:
    fill_journal(journal, library, clock)
    chance = random.Random(f"soak-{size}")
    trail: list[str] = []  # screen and key, to say where it went wrong
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for round_ in range(KEYS_PER_SIZE):
            if round_ % 50 == 0:  # visit every screen, then let random keys loose on it
                go = chance.choice(
                    [
                        app.action_show_home,
                        app.action_show_journal,
                        app.action_show_commitments,
                        app.action_show_barriers,
                        app.action_show_brief,
                        lambda: app.start_reflection(chance.choice(library.ordered()).id),
                    ]
                )
                go()
            key = chance.choice(SOAK_KEYS)
            trail.append(f"{type(app.screen).__name__}:{key}")
            await pilot.press(key)
            if round_ % 25 == 0:
                app.journal_changed(journal.state())
            if app._exception is not None:
                break
        await settle(pilot)
        assert app._exception is None, trail[-12:]
        assert app.is_running
    reopened = Journal.open(journal.folder)
    assert reopened.entries() is not None
    problems = [f for f in doctor_check(journal.folder) if not f.ok]
    assert problems == []
