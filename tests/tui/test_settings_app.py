"""Settings in the app: the theme remembered, the palette changes the others, and a damaged
settings file is told as a notification without stopping the app."""

from __future__ import annotations

from typing import Any

import pytest

from companion.core.scripts import Library
from companion.core.settings import load_settings, set_setting, settings_path
from companion.journal import Journal
from companion.screens.home import HomeScreen
from companion.screens.settings import SettingDialog
from companion.widgets.theme import HIGH_CONTRAST
from tests.helpers.app import make_app, settle
from tests.tui.test_navigation import palette


async def test_a_theme_chosen_is_kept_and_applied_at_the_next_start(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"  # as the palette's theme picker sets it
        await settle(pilot)
    assert load_settings().settings.theme == "nord"
    again = make_app(journal, library)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_accessible_mode_from_the_palette_is_the_high_contrast_theme_and_stays(
    journal: Journal, library: Library
) -> None:
    set_setting("theme", "gruvbox")
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "gruvbox"
        await palette(pilot, "Settings: accessible mode (off)")
        assert app.theme == HIGH_CONTRAST.name
    assert load_settings().settings.accessible
    assert load_settings().settings.theme == "gruvbox"  # kept for when it is turned off
    again = make_app(journal, library)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == HIGH_CONTRAST.name
        await palette(pilot, "Settings: accessible mode (on)")
        assert again.theme == "gruvbox"
    assert not load_settings().settings.accessible


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
async def test_review_day_and_name_are_changed_from_the_palette(
    journal: Journal, library: Library, size: tuple[int, int]
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await palette(pilot, "Settings: weekly review day (friday)")
        assert isinstance(app.screen, SettingDialog)
        await pilot.press("up", "enter")  # from friday to thursday
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await palette(pilot, "Settings: your name (not set)")
        await pilot.press(*"Sam", "enter")
        await settle(pilot)
        await palette(pilot, "Settings: date order (day-month)")
        await pilot.press("escape")  # nothing changed
        await settle(pilot)
    settings = load_settings().settings
    assert (settings.review_day, settings.name, settings.date_order) == (
        "thursday",
        "Sam",
        "day-month",
    )


async def test_a_damaged_settings_file_is_a_notification_and_the_app_opens(
    journal: Journal, library: Library
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("theme = [", encoding="utf-8")
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        told = [n.message for n in app._notifications]
        assert sum("are damaged" in message for message in told) == 1


async def test_a_name_with_markup_is_shown_literally_in_the_palette(
    journal: Journal, library: Library
) -> None:
    set_setting("name", "[b]Sam[/]")
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles: list[Any] = [c.title for c in app.get_system_commands(app.screen)]
        assert "Settings: your name (\\[b]Sam\\[/])" in titles
