"""Changing one answer from the review page goes straight back to the review page, not through
every later question."""

from __future__ import annotations

import pytest

from companion.core.scripts import Library
from companion.journal import Journal
from companion.screens.reflect import ReflectScreen, ReviewScreen
from tests.helpers.app import make_app, settle
from tests.tui.test_app import type_text


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
async def test_an_answer_changed_from_the_review_page_returns_to_it(
    journal: Journal, library: Library, size: tuple[int, int]
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.start_reflection("coaching-debrief")
        await settle(pilot)
        await type_text(pilot, "First take")
        await pilot.press("ctrl+n", "ctrl+o")
        await settle(pilot)
        await type_text(pilot, "Book the room")
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        await pilot.press("ctrl+o")  # when the next call is: skipped
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")  # the first answer
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.session.current.id == "takeaway"
        await pilot.press("ctrl+a")
        await type_text(pilot, "Second ")
        await pilot.press("ctrl+n")  # one key: back to the review, not the next question
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")  # back from the review: the last question, as before
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        last = app.screen.session.current.id
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert app.screen.session.current.id != last
        await pilot.press("ctrl+n")  # an ordinary Next moves one question on again
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.session.current.id == last
        app.screen.open_review()
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        [entry] = journal.entries()
        assert entry.answer("takeaway").value.startswith("Second")  # type: ignore[union-attr]
