"""Leaving or quitting never drops words silently: an answer that is not an answer yet, an
unsaved edit of an entry, a note typed in a dialog, a filled search box Tab comes back to."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, TextArea

from companion.app import CompanionApp
from companion.core.model import CommitmentStatus
from companion.core.scripts import Library
from companion.journal import Journal
from companion.screens.commitments import CommitmentsScreen
from companion.screens.dialogs import NoteDialog, UnfinishedDialog
from companion.screens.journal import JournalScreen
from companion.screens.reflect import ReflectScreen
from tests.helpers.app import fill_journal, make_app, settle


async def _at_step(app: CompanionApp, pilot: Any, script_id: str, step_id: str) -> ReflectScreen:
    app.start_reflection(script_id)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ReflectScreen)
    screen.session.position = screen.session.steps.index(screen.session.step_by_id(step_id))
    await screen.show_step()
    await settle(pilot)
    return screen


async def test_quitting_with_a_commitment_whose_date_is_no_date_yet_asks_first(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await _at_step(app, pilot, "workshop-close-out", "commitment")
        screen.query_one("#commitment-text", Input).value = "Invite residents to the board"
        screen.query_one("#commitment-due Input", Input).value = "in 999999999 weeks"
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, UnfinishedDialog)
        assert "1900 to 2200" in app.screen.question
        await pilot.press("escape")  # back to the words, all still there
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#commitment-text", Input).value == "Invite residents to the board"
        screen.query_one("#commitment-due Input", Input).value = "in 2 weeks"
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert not app.is_running
    [draft] = journal.drafts()
    assert draft.answers["commitment"].value["text"] == "Invite residents to the board"


async def test_leaving_with_an_unfinished_answer_lets_it_go_only_when_asked(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await _at_step(app, pilot, "workshop-close-out", "commitment")
        screen.query_one("#commitment-text", Input).value = "Call the chair"
        screen.query_one("#commitment-due Input", Input).value = "friday 3pm"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnfinishedDialog)
        await pilot.press("d")  # "Leave it out": then the usual keep-or-discard question
        await settle(pilot)
        assert not isinstance(app.screen, UnfinishedDialog)


async def test_quitting_an_edit_with_changes_offers_to_save_them(
    journal: Journal, library: Library, clock: Any
) -> None:
    fill_journal(journal, library, clock)
    entry = journal.entries()[0]
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.edit_entry(entry.id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReflectScreen)
        form = screen.form
        box = form.query(Input).first() if form.query(Input) else form.query_one(TextArea)
        if isinstance(box, Input):
            box.value += " EDITWORDS"
        else:
            box.insert(" EDITWORDS")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, UnfinishedDialog)
        await pilot.press("s")
        await settle(pilot)
    assert not app.is_running
    saved = journal.entry(entry.id)
    assert any("EDITWORDS" in str(a.value) for a in saved.answers)


async def test_leaving_an_unchanged_edit_asks_nothing(
    journal: Journal, library: Library, clock: Any
) -> None:
    fill_journal(journal, library, clock)
    entry = journal.entries()[0]
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.edit_entry(entry.id)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, (UnfinishedDialog, ReflectScreen))


async def test_quitting_with_a_note_typed_in_a_dialog_asks_first(
    journal: Journal, library: Library
) -> None:
    made = journal.add_commitment("Invite a resident")
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_show_commitments()
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"It helped")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, UnfinishedDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one("#note", Input).value == "It helped"
        await pilot.press("enter")
        await settle(pilot)
    assert journal.commitment(made.id).status is CommitmentStatus.DONE


async def test_shift_tab_back_into_a_filled_search_box_keeps_its_text(
    journal: Journal, library: Library, clock: Any
) -> None:
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_show_journal()
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        search = app.screen.query_one("#search", Input)
        search.focus()
        await pilot.press(*"boa", "tab", "shift+tab")
        await settle(pilot)
        assert app.focused is search
        await pilot.press(*"rd")
        assert search.value == "board"


async def test_data_read_for_a_place_already_left_is_let_go(
    journal: Journal, library: Library, clock: Any
) -> None:
    from companion.screens.brief import BriefScreen

    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        app.action_show_brief()
        await settle(pilot)
        brief = app.screen
        assert isinstance(brief, BriefScreen)
        data = brief.fetch()
        app.action_show_home()  # leaving closes the place
        await settle(pilot)
        assert not brief.is_attached
        brief._show(brief._requested, data, None)  # a read that finishes late finds no screen
        await settle(pilot)
        assert app._exception is None
