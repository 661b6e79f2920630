"""Ticked, chosen and focused states differ by glyph, not by colour alone."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import RadioSet
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from companion.core.scripts import Library
from companion.core.session import Session
from companion.journal import Journal
from companion.screens.reflect import ReflectScreen
from companion.widgets.text import line
from companion.widgets.toggles import ChoiceButton, CursorList, TickBox, TickList
from tests.helpers.app import make_app, settle, texts_on_screen


class Toggles(App[None]):
    def compose(self) -> ComposeResult:
        yield TickBox("Include private", value=True, id="on")
        yield TickBox("Replace", id="off")
        with RadioSet(id="radio"):
            yield ChoiceButton("Monday", value=True)
            yield ChoiceButton("Tuesday")
        yield TickList(Selection("Tea", "tea", True), Selection("Coffee", "coffee"), id="ticks")
        # Fits in 30 columns, not in the 28 left beside the cursor's gutter: it wraps.
        yield CursorList(Option(line("Exactly thirty characters long")), id="cursor")


def rows(app: App[Any]) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_states_are_glyphs() -> None:
    app = Toggles()
    async with app.run_test(size=(34, 30)) as pilot:
        await pilot.pause()
        shown = "\n".join(rows(app))
        assert "[x] Include private" in shown and "[ ] Replace" in shown
        assert "(•) Monday" in shown and "( ) Tuesday" in shown
        assert "[x] Tea" in shown and "[ ] Coffee" in shown
        assert "›[x] Include private" in shown  # the first control has focus
        app.query_one("#radio").focus()
        await pilot.pause()
        assert "›(•) Monday" in "\n".join(rows(app))
        app.query_one("#ticks").focus()
        await pilot.pause()
        assert "›[x] Tea" in "\n".join(rows(app))
        app.query_one("#cursor").focus()
        await pilot.pause()
        shown = "\n".join(rows(app))
        assert "› Exactly thirty characters" in shown and "long" in shown  # no line cut off


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
async def test_the_answer_forms_show_their_states_as_glyphs(
    journal: Journal, library: Library, size: tuple[int, int]
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        session = Session(library.get("workshop-close-out"), journal, autosave=False)
        session.answer(["inequality"], step_id="tags")
        session.go_to("tags")
        app.push_screen(ReflectScreen(session))
        await settle(pilot)
        shown = "\n".join(texts_on_screen(app))
        assert "›[x]" in shown and "[ ]" in shown
        session.answer(4, step_id="feeling")
        session.go_to("feeling")
        app.pop_screen()
        app.push_screen(ReflectScreen(session))
        await settle(pilot)
        shown = "\n".join(texts_on_screen(app))
        assert "(•) 4" in shown and "( ) 1" in shown


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
async def test_the_row_a_table_has_highlighted_is_marked_not_only_coloured(
    journal: Journal, library: Library, size: tuple[int, int]
) -> None:
    for text in ("Ring Sam", "Book the room", "Write to Jo"):
        journal.add_commitment(text)
    library_app = make_app(journal, library)
    async with library_app.run_test(size=size) as pilot:
        await settle(pilot)
        library_app.action_show_commitments()
        await settle(pilot)
        table = library_app.screen.query_one("#commitment-table")
        marked = [r for r in rows(library_app) if "›" in r]
        assert len(marked) == 1 and _first_text(table) in marked[0]
        await pilot.press("down")
        await settle(pilot)
        marked_after = [r for r in rows(library_app) if "›" in r]
        assert len(marked_after) == 1 and marked_after != marked


def _first_text(table: Any) -> str:
    return str(table.get_row_at(0)[-1])[:4]
