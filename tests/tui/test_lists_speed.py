"""The Journal and Commitments cost about as much to open at ten years as at one week: nothing
they do before their data shows grows with every entry or every change a commitment has had."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Static

from companion.core.model import Entry
from companion.core.scripts import Library
from companion.journal import Journal
from companion.screens.base import JournalView
from companion.screens.journal import JournalScreen
from companion.screens.warm import warm_up
from companion.widgets.row_table import RowTable
from tests.helpers.app import fill_journal, make_app, settle


def journal_status(app: Any) -> str:
    return str(app.screen.query_one("#journal-status", Static).render())


async def test_the_journal_opens_without_writing_out_every_entry(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual names a worker by the repr of its arguments: the search index's worker, given
    every entry, wrote out all 2,000 of them (~60 ms of each visit at ten years)."""
    fill_journal(journal, library, clock)
    written: list[str] = []
    original = Entry.__repr__

    def counted(entry: Entry) -> str:
        written.append(entry.id)
        return original(entry)

    monkeypatch.setattr(Entry, "__repr__", counted)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert "3 entries. Enter opens one." in journal_status(app)
        app.screen.query_one("#search", Input).value = "board paper"
        await settle(pilot)
        assert app.screen.query_one("#entries", RowTable).row_count == 1
    assert written == []


async def test_the_journal_after_the_read_ahead_shows_its_rows_as_it_opens(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read ahead, the entries are shown as the screen mounts, in its first layout: read in the
    background, at ten years they came a layout and two frames after the empty screen."""
    fill_journal(journal, library, clock)
    warm_up(journal)
    in_background: list[type[Any]] = []
    original = JournalView._fetch_in_thread

    def counted(self: JournalView[Any], generation: int) -> Any:
        in_background.append(type(self))
        return original(self, generation)

    monkeypatch.setattr(JournalView, "_fetch_in_thread", counted)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert JournalScreen not in in_background
        table = app.screen.query_one("#entries", RowTable)
        assert [entry.id for entry in table.rows] == [e.id for e in journal.entries()]
        assert "3 entries. Enter opens one." in journal_status(app)
