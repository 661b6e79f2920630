"""Every screen and dialog at any terminal size: from 20x8 to 200x60, resized while shown.

A leader on a small laptop, a split terminal or a screen magnifier sees no traceback, and at
80x24 every control they move to with Tab is on screen, never typed into out of sight.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets._footer import FooterKey

from companion.app import RESIZE_SETTLE, CompanionApp
from companion.core.model import CommitmentStatus
from companion.core.scripts import Library
from companion.core.session import Session
from companion.core.views.reports import REVIEW_SCRIPT
from companion.journal import Journal
from companion.screens.commitments import CommitmentsScreen
from companion.screens.dialogs import (
    ConfirmDialog,
    LeaveReflectionDialog,
    NoteDialog,
    RenegotiateDialog,
)
from companion.screens.home import HomeScreen
from companion.screens.reflect import ReflectScreen, ReviewScreen
from companion.widgets.footer import CompanionFooter
from tests.helpers.app import fill_journal, make_app, settle

#: Every size a screen is shown at, in this order, from 80x24 (so each is a resize while shown).
SIZES = [(20, 8), (40, 12), (60, 20), (200, 60), (80, 24)]
LONG = (
    "Ask the chair of the partnership Board, before the winter pressures arrive, whether the "
    "first half hour of every meeting could belong to residents and their own questions"
)

Step = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture
def lived_in(journal: Journal, library: Library, clock: Any) -> Journal:
    """Entries from several scripts, commitments in every state (one overdue, one long), a
    barrier with an experiment, and a draft."""
    from tests.helpers.over_time import coaching_cycle, commitment_history

    commitment_history(journal, clock)
    coaching_cycle(journal, library, clock)
    fill_journal(journal, library, clock)
    long = journal.add_commitment(LONG)
    journal.set_commitment_status(
        long.id, CommitmentStatus.RENEGOTIATED, note=LONG, step="Ask the chair first"
    )
    draft = Session(library.get("learning-diary"), journal, autosave=False)
    draft.answer(LONG, step_id="happened")
    draft.save_draft()
    return journal


async def through_sizes(pilot: Pilot[Any]) -> None:
    """Resize through every size; at each, another Companion's save makes the screen reload.

    After each, the screen is still there, the control with focus is in sight, and the footer
    starts with Help and Quit.
    """
    app = companion(pilot)
    shown = app.screen
    for width, height in SIZES:
        await pilot.resize_terminal(width, height)
        app.journal_changed()
        await settle(pilot)
        await pilot.pause(RESIZE_SETTLE * 2)  # the app brings focus back into view
        await pilot.pause()
        assert app.screen is shown, f"{type(shown).__name__} left at {width}x{height}"
        if app.focused is not None:
            assert_on_screen(app)
        assert_help_and_quit_shown(app)


def assert_help_and_quit_shown(app: CompanionApp) -> None:
    """Help and Quit come first in a screen's footer, inside the terminal at any width."""
    for footer in app.screen.query(CompanionFooter):
        keys = [key for key in footer.query(FooterKey) if key.display]
        assert [key.description for key in keys[:2]] == ["Help", "Quit"]
        for key in keys[:2]:
            assert app.screen.region.contains_region(key.region), f"{key.description} cut off"
        palette = [key for key in keys if key.has_class("-command-palette")]
        for key in palette:  # drawn over the right end: it must not hide them
            assert not key.region.overlaps(keys[1].region)


async def nothing(pilot: Pilot[Any]) -> None:
    await settle(pilot)


def keys(*pressed: str) -> Step:
    async def press(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return press


async def entry(pilot: Pilot[Any]) -> None:
    app = companion(pilot)
    app.open_entry(app.journal.entries()[0].id)
    await settle(pilot)


async def export(pilot: Pilot[Any]) -> None:
    companion(pilot).action_export()
    await settle(pilot)


async def review_page(pilot: Pilot[Any]) -> None:
    app = companion(pilot)
    app.start_reflection("workshop-close-out")
    await settle(pilot)
    assert isinstance(app.screen, ReflectScreen)
    app.screen.session.answer(LONG, step_id="session")
    app.push_screen(ReviewScreen(app.screen.session))
    await settle(pilot)


async def leave_dialog(pilot: Pilot[Any]) -> None:
    app = companion(pilot)
    app.start_reflection("learning-diary")
    await settle(pilot)
    app.push_screen(LeaveReflectionDialog())
    await settle(pilot)


async def confirm_dialog(pilot: Pilot[Any]) -> None:
    await entry(pilot)
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmDialog)


def companion(pilot: Pilot[Any]) -> CompanionApp:
    app = pilot.app
    assert isinstance(app, CompanionApp)
    return app


SCREENS: dict[str, Step] = {
    "home": nothing,
    "help": keys("f1"),
    "journal": keys("j"),
    "entry": entry,
    "delete-entry": confirm_dialog,
    "commitments": keys("c", "a"),
    "done": keys("c", "d"),
    "drop": keys("c", "x"),
    "renegotiate": keys("c", "r"),
    "barriers": keys("b"),
    "brief": keys("p"),
    "save-brief": keys("p", "s"),
    "export": export,
    "review-page": review_page,
    "leave": leave_dialog,
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_screen_survives_every_size_and_a_reload(
    lived_in: Journal, library: Library, name: str
) -> None:
    app = make_app(lived_in, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await SCREENS[name](pilot)
        assert not isinstance(app.screen, HomeScreen) or name == "home"
        await through_sizes(pilot)
    assert app.return_code in (None, 0)


def script_ids() -> list[str]:
    from companion.core.scripts import load_library

    return [script.id for script in load_library(include_user=False).ordered()]


async def show_each_step(pilot: Pilot[Any], check: Callable[[], Awaitable[None]]) -> None:
    """Show every step of the reflection on screen, one after another, calling check at each."""
    screen = pilot.app.screen
    assert isinstance(screen, ReflectScreen)
    for step in screen.session.steps:
        screen.session.go_to(step.id)
        await screen.show_step()
        await pilot.pause()
        await check()


# ------------------------------------------------------------ Home at narrow widths


@pytest.mark.parametrize("width", [46, 20])
async def test_home_at_a_narrow_width_shows_its_lists_and_reloads(
    lived_in: Journal, library: Library, width: int
) -> None:
    """At 46 columns and less, Home stopped with "range() arg 3 must not be zero"."""
    app = make_app(lived_in, library)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        due = home.query_one("#due", OptionList)
        assert due.option_count >= 1 and due.display
        app.journal_changed()  # another Companion saved while Home is shown
        await settle(pilot)
        assert app.screen is home
        await pilot.press("tab")  # to the lists on the right: each still usable
        await settle(pilot)
        assert app.focused is not None
        assert_on_screen(app)
    assert app.return_code in (None, 0)


# ------------------------------------------------------------ focus is always visible


def visible_area(screen: Screen[Any]) -> Region:
    """Where content shows: the screen less its title bar and footer (and a dialog's frame)."""
    area = screen.region
    for footer in screen.query(CompanionFooter):
        area = Region(area.x, area.y, area.width, footer.region.y - area.y)
    if screen.is_modal:
        for dialog in screen.query(".dialog"):
            area = area.intersection(dialog.scrollable_content_region)
    else:
        area = Region(area.x, area.y + 1, area.width, area.height - 1)  # the title bar
    return area


def assert_on_screen(app: Any) -> None:
    """The focused control is in sight: all of it, or all the room there is if it is taller."""
    focused: Widget = app.focused
    region = focused.region
    area = visible_area(app.screen)
    assert region.height > 0, f"{focused!r} has no room at all"
    seen = region.intersection(area)
    assert seen.height == min(region.height, area.height), f"{focused!r} {region} not in {area}"
    assert seen.width > 0, f"{focused!r} at {region} is outside {area}"


async def tab_through(pilot: Pilot[Any], stops: int = 12) -> list[Widget]:
    """Press Tab until focus comes back round, checking each control is on screen."""
    app = pilot.app
    seen: list[Widget] = []
    for _ in range(stops):
        focused = app.focused
        assert focused is not None
        if focused in seen:
            break
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert_on_screen(app)
        seen.append(focused)
        await pilot.press("tab")
        await pilot.pause()
    return seen


@pytest.mark.parametrize("script_id", script_ids())
async def test_every_step_of_every_script_in_sight_at_80x24_and_survives_any_size(
    lived_in: Journal, library: Library, script_id: str
) -> None:
    """At 80x24 Tab reaches every control of every step in sight; then each step is shown at
    another size with a reload, and back."""
    app = make_app(lived_in, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection(script_id)
        await settle(pilot)
        screen = app.screen
        sizes = itertools.cycle(SIZES[:-1])

        async def every_control_then_another_size() -> None:
            await tab_through(pilot)
            await pilot.resize_terminal(*next(sizes))
            app.journal_changed()
            await pilot.pause(RESIZE_SETTLE * 2)
            await pilot.pause()
            assert app.screen is screen
            assert_on_screen(app)
            assert_help_and_quit_shown(app)
            await pilot.resize_terminal(80, 24)
            await pilot.pause(RESIZE_SETTLE * 2)  # the app brings focus back into view
            await pilot.pause()

        await show_each_step(pilot, every_control_then_another_size)
    assert app.return_code in (None, 0)


async def test_at_80x24_the_weekly_review_renegotiate_fields_are_on_screen(
    lived_in: Journal, library: Library
) -> None:
    app = make_app(lived_in, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection(REVIEW_SCRIPT)
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # Renegotiate (new date or smaller step)
        await settle(pilot)
        assert app.screen.form.value()["decision"] == "renegotiate"
        seen = await tab_through(pilot)
        ids = {widget.id for widget in seen}
        assert {"review-step", "review-note"} <= ids
        assert any(widget.has_class("date-input") for widget in seen)


async def test_at_80x24_the_renegotiate_dialog_buttons_are_on_screen(
    lived_in: Journal, library: Library
) -> None:
    app = make_app(lived_in, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RenegotiateDialog)
        seen = await tab_through(pilot)
        assert {"save", "cancel", "step", "note"} <= {widget.id for widget in seen}


@pytest.mark.parametrize("key", ["d", "x"])
async def test_at_80x24_the_note_dialog_buttons_are_on_screen(
    lived_in: Journal, library: Library, key: str
) -> None:
    app = make_app(lived_in, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c", key)
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        seen = await tab_through(pilot)
        assert {"save", "cancel", "note"} <= {widget.id for widget in seen}


# ------------------------------------------------------------ the unlock screen


async def test_unlock_survives_every_size(journal: Journal, library: Library, clock: Any) -> None:
    from companion.journal.crypto import OWASP_MINIMUM
    from companion.screens.unlock import UnlockScreen

    journal.add_commitment(LONG)
    journal.encrypt("walking meetings in the rain", OWASP_MINIMUM)
    app = CompanionApp(journal.folder, library=library, clock=clock, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await through_sizes(pilot)
        assert app.focused is not None and app.focused.id == "passphrase"
    assert app.return_code in (None, 0)


# ------------------------------------------------------------ lists with no room at all


async def test_a_list_squeezed_to_no_room_for_its_text_does_not_stop_the_app() -> None:
    """The mechanism of the crash on Home: an option list measured its options at zero cells
    (its width less the options' padding), and wrapping text to zero cells raised ValueError.
    Any list, anywhere, at any width: it draws what fits."""
    from textual.app import App, ComposeResult
    from textual.widgets import SelectionList
    from textual.widgets.option_list import Option

    class Squeezed(App[None]):
        def compose(self) -> ComposeResult:
            yield OptionList(Option(LONG), None, Option("Coaching"), id="options")
            yield SelectionList[str]((LONG, "long"), ("Short", "short"), id="selections")

    app = Squeezed()
    async with app.run_test(size=(40, 12)) as pilot:
        for width in range(1, 9):
            for widget in app.query("#options, #selections"):
                widget.styles.width = width
            await pilot.pause()
            await pilot.resize_terminal(width + 10, 8)  # and the terminal with it
            await pilot.pause()
        assert app.query_one("#options", OptionList).option_count == 2
    assert app.return_code in (None, 0)


async def test_a_screen_resized_under_a_dialog_is_laid_out_for_the_new_size(
    lived_in: Journal, library: Library
) -> None:
    app = make_app(lived_in, library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        side = home.query_one("#home-side").region
        assert side.width == 40 and side.height > 0  # stacked below the scripts, full width
        assert_help_and_quit_shown(app)


async def test_an_answer_box_removed_as_a_frame_draws_it_draws_nothing() -> None:
    """A step's form is rebuilt when the journal changes; a frame under way (a resize) may ask
    the old box for its lines after it is gone: it draws blank lines, never stops the app."""
    from textual.app import App, ComposeResult

    from companion.widgets.answer_form import AnswerArea, LongAnswerArea

    class Boxes(App[None]):
        def compose(self) -> ComposeResult:
            yield AnswerArea("one item\nanother", id="answer-list")
            yield LongAnswerArea("A long answer.", lambda area: None, id="answer-long")

    app = Boxes()
    async with app.run_test(size=(60, 20)) as pilot:
        for area in list(app.query(AnswerArea)):
            await area.remove()
            lines = area.render_lines(Region(0, 0, 30, 4))
            assert [line.text for line in lines] == [" " * 30] * 4
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert app.is_running
