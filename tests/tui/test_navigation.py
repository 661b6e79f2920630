"""Getting around the app: the palette's places, Esc back to Home, one browsing screen at a time,
and the one typed way every screen reaches the app."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.app import ComposeResult, UnknownModeError
from textual.screen import Screen
from textual.widgets import Input, Static

import companion.screens
from companion.core.scripts import Library
from companion.journal import Journal
from companion.screens.barriers import BarriersScreen
from companion.screens.base import CompanionDialog, CompanionScreen
from companion.screens.brief import BriefScreen
from companion.screens.commitments import CommitmentsScreen
from companion.screens.entry import EntryScreen
from companion.screens.export import ExportDialog, ExportRequest
from companion.screens.help import HelpScreen
from companion.screens.home import HomeScreen
from companion.screens.journal import JournalScreen
from companion.screens.reflect import ReflectScreen
from tests.helpers.app import fill_journal, make_app, settle

SCREENS_DIR = Path(companion.screens.__file__).parent

PLACES: list[tuple[str, type[Screen[Any]]]] = [
    ("Journal", JournalScreen),
    ("Commitments", CommitmentsScreen),
    ("Barrier register", BarriersScreen),
    ("Coach brief", BriefScreen),
]


async def palette(pilot: Any, title: str) -> None:
    """Run a command from the command palette, as a leader would: Ctrl+P, its title, Enter."""
    assert title in [c.title for c in pilot.app.get_system_commands(pilot.app.screen)]
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*["space" if ch == " " else ch for ch in title])
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize(("title", "screen_type"), PLACES)
async def test_each_palette_place_opens_and_esc_comes_back_home(
    journal: Journal, library: Library, clock: Any, title: str, screen_type: type[Screen[Any]]
) -> None:
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await palette(pilot, title)
        assert isinstance(app.screen, screen_type)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#recent").display, "Home shows the journal again"


async def test_palette_home_from_an_entry_over_the_journal(
    journal: Journal, library: Library, clock: Any
) -> None:
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        app.screen.query_one("#entries").focus()
        await pilot.press("enter")  # the newest entry
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        await palette(pilot, "Home")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen), "the Journal list, not the entry left open"


async def test_a_browsing_screen_left_for_another_opens_afresh(
    journal: Journal, library: Library, clock: Any
) -> None:
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        app.screen.query_one("#search", Input).value = "residents"
        await settle(pilot)
        await palette(pilot, "Commitments")
        assert isinstance(app.screen, CommitmentsScreen)
        await palette(pilot, "Journal")
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.query_one("#search", Input).value == "", "one browsing screen at a time"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_going_elsewhere_from_a_reflection_keeps_what_was_typed(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        await pilot.press(*"Budgets")
        await settle(pilot)
        await palette(pilot, "Journal")
        assert isinstance(app.screen, JournalScreen)
        await settle(pilot)
        assert [d.script_id for d in journal.drafts()] == ["learning-diary"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen), "the reflection closed, Home shows"
        assert app.screen.query_one("#drafts").display


class _Offering(CompanionScreen[None]):
    """Any screen may start Export from what it shows by saying what to export."""

    def compose(self) -> ComposeResult:
        yield Static("a screen of its own")

    def export_request(self) -> ExportRequest:
        return ExportRequest(search="budget", since="2026-11-01")


async def test_export_starts_from_what_any_screen_offers(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_export()
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.request == ExportRequest(), "Home offers nothing: every entry"
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(_Offering())
        await settle(pilot)
        app.action_export()
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#export-since", Input).value == "2026-11-01"


def test_every_screen_reaches_the_app_one_typed_way() -> None:
    """No screen copies a `companion` property or silences the type checker about the app."""
    for path in sorted(SCREENS_DIR.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "type: ignore" not in source, f"{path.name} silences the type checker"
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "companion":
                assert path.name == "base.py", f"{path.name} defines its own companion"
            if isinstance(node, ast.ClassDef) and path.name != "base.py":
                bases = {ast.unparse(b).split("[")[0] for b in node.bases}
                assert not bases & {"Screen", "ModalScreen"}, (
                    f"{path.name}: {node.name} is not a CompanionScreen or CompanionDialog"
                )
    assert issubclass(HomeScreen, CompanionScreen) and issubclass(ExportDialog, CompanionDialog)


@pytest.mark.parametrize(("key", "screen_type"), [("j", JournalScreen), ("c", CommitmentsScreen)])
async def test_a_place_is_drawn_once_mounted_not_after_a_fixed_pause(
    journal: Journal, library: Library, clock: Any, key: str, screen_type: type[Screen[Any]]
) -> None:
    """Drawing is held while a place is made (no half-made screen shows) and given back the
    moment it is mounted, not after Textual's fixed 50 ms; Home again the same way."""
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for press, expected in ((key, screen_type), ("escape", HomeScreen)):
            await pilot.press(press)
            assert app._drawn_when_mounted is not None
            await app._drawn_when_mounted
            assert isinstance(app.screen, expected)
            assert app._batch_count == 0  # drawing is not held any longer
            assert not [t for t in app._timers if t.name == "delay_update"]


async def test_a_place_that_cannot_open_holds_no_drawing(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        with pytest.raises(UnknownModeError):
            app.switch_place("nowhere")
        assert app._batch_count == 0
        assert isinstance(app.screen, HomeScreen)


async def test_home_at_start_is_drawn_once_mounted(journal: Journal, library: Library) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app._drawn_when_mounted is not None, "Home opened through switch_place"
        await app._drawn_when_mounted
        assert isinstance(app.screen, HomeScreen)
        assert app._batch_count == 0
        assert not [t for t in app._timers if t.name == "delay_update"]


async def test_places_asked_for_faster_than_they_open_open_in_turn(
    journal: Journal, library: Library, clock: Any
) -> None:
    """A fast typist or a slow machine: the next place is asked for before the last is made.
    Each waits its turn (a place removed half-made crashed the app), and the last one asked
    for is where the leader ends up, drawn."""
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_show_journal()
        app.action_show_commitments()
        app.action_show_home()
        app.action_show_barriers()
        for _ in range(4):  # each place in turn
            assert app._drawn_when_mounted is not None
            await app._drawn_when_mounted
            await pilot.pause()
        await settle(pilot)
        assert isinstance(app.screen, BarriersScreen)
        assert app._batch_count == 0
        assert app.return_code is None, "still running"


async def test_a_place_that_never_says_it_is_mounted_is_shown_anyway(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.HOLD_AT_MOST = 0.05
        app._begin_batch()
        await app._end_batch_after(asyncio.Event().wait())  # never set
        assert app._batch_count == 0, "drawing is given back"


async def test_keys_typed_while_a_place_opens_go_to_it_in_the_order_typed(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a slow machine a place takes a moment to make. Keys typed meanwhile wait for it: "b",
    Esc, "c", F1 ends on Commitments with the help over it, as typed."""
    fill_journal(journal, library, clock)
    made = BarriersScreen.on_mount

    async def slowly(self: BarriersScreen) -> None:
        await asyncio.sleep(0.2)
        made(self)

    monkeypatch.setattr(BarriersScreen, "on_mount", slowly)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b", "escape", "c", "f1")
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert isinstance(app.screen_stack[-2], CommitmentsScreen)
        assert app._batch_count == 0
