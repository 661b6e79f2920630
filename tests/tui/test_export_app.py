"""Pilot tests of the Export dialog: reached from the Journal and the palette, shows what leaves."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Select, Static

from companion.journal import Journal
from companion.screens.export import ExportDialog
from companion.screens.journal import JournalScreen
from tests.helpers.app import make_app, settle
from tests.helpers.export import SECRET, secret_journal


@pytest.fixture
def secrets(journal: Journal, library, clock) -> Journal:  # type: ignore[no-untyped-def]
    return secret_journal(journal, library, clock)


def text_of(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector, Static).render())


async def open_from_journal(pilot, app, search: str = "") -> ExportDialog:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("j")
    await settle(pilot)
    assert isinstance(app.screen, JournalScreen)
    if search:
        app.screen.query_one("#search", Input).value = search
        await settle(pilot)
    await pilot.press("ctrl+o")
    await settle(pilot)
    assert isinstance(app.screen, ExportDialog)
    return app.screen


async def test_export_from_the_journal_shows_what_leaves_then_writes(
    secrets: Journal, library, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(secrets, library)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await open_from_journal(pilot, app)
        preview = text_of(dialog, "#export-preview")
        assert "5 entries and 3 commitments will leave this computer." in preview
        assert "Held back: 1 private entry, 4 private answers and 1 private commitment." in preview
        assert "(private entry)" in preview and "Learning diary" in preview

        target = tmp_path / "out" / "journal.html"
        dialog.query_one("#export-format", Select).value = "html"
        dialog.query_one("#export-path", Input).value = str(target)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog)
        page = target.read_text()
        assert page.startswith("<!DOCTYPE html>") and SECRET not in page
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_the_dialog_starts_from_the_journal_search_and_can_include_private(
    secrets: Journal, library, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(secrets, library)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await open_from_journal(pilot, app, search="board paper")
        assert dialog.query_one("#export-search", Input).value == "board paper"
        assert "1 entry will leave" in text_of(dialog, "#export-preview")
        assert "1 private answer" in text_of(dialog, "#export-preview")

        dialog.query_one("#export-private", Checkbox).value = True
        await settle(pilot)
        assert "Private entries and answers are included, as asked." in text_of(
            dialog, "#export-preview"
        )
        dialog.query_one("#export-format", Select).value = "json"
        await settle(pilot)
        path = dialog.query_one("#export-path", Input).value
        assert path.endswith("companion-journal.json")  # the default follows the format
        target = tmp_path / "diary.json"
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export")
        await settle(pilot)
        data = json.loads(target.read_text())
        [entry] = data["entries"]
        assert any(SECRET in str(a["value"]) for a in entry["answers"])


async def test_bad_dates_and_existing_files_are_explained_and_nothing_is_written(
    secrets: Journal, library, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(secrets, library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.action_export()  # as the command palette does, from Home
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-since", Input).value = "someday"
        await settle(pilot)
        assert "could not read 'someday'" in text_of(dialog, "#export-problem")
        dialog.query_one("#export-since", Input).value = "1 Nov"
        await settle(pilot)
        assert text_of(dialog, "#export-problem") == ""
        assert "will leave this computer" in text_of(dialog, "#export-preview")

        target = tmp_path / "mine.md"
        target.write_text("my notes")
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already exists" in text_of(dialog, "#export-problem")
        assert "Replace if it exists" in text_of(dialog, "#export-problem")
        assert target.read_text() == "my notes"
        assert isinstance(app.screen, ExportDialog)

        dialog.query_one("#export-force", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert target.read_text().startswith("---\n")
        assert not isinstance(app.screen, ExportDialog)


async def test_a_split_export_writes_a_folder(secrets: Journal, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(secrets, library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.action_export()
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#export-format", Select).value = "md-split"
        folder = tmp_path / "vault"
        dialog.query_one("#export-path", Input).value = str(folder)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(list(folder.iterdir())) == 6  # five entries and commitments.md
        assert not isinstance(app.screen, ExportDialog)


async def test_export_is_in_the_command_palette(secrets: Journal, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app(secrets, library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Export" in titles
