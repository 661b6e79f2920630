"""Pilot tests of the Share dialog (from the Journal) and the Gather screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Select, Static

from companion.core.scripts import Library
from companion.export import ExportOptions
from companion.export.share import share_from_journal, write_share
from companion.journal import Journal
from companion.screens.gather import GatherScreen, typed_paths
from companion.screens.journal import JournalScreen
from companion.screens.share import ShareDialog
from companion.widgets.markdown_view import MarkdownView
from tests.helpers.app import make_app, settle
from tests.helpers.cohort import PRIVATE_MARKS, three_journals

PASSPHRASE = "three leaders walking"
SIZES = [(40, 12), (80, 24), (200, 60)]


@pytest.fixture
def leaders(tmp_path: Path, library: Library) -> list[Journal]:
    return three_journals(tmp_path / "leaders", library)


def text_of(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector, Static).render())


async def open_share(pilot, app) -> ShareDialog:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("j")
    await settle(pilot)
    assert isinstance(app.screen, JournalScreen)
    await pilot.press("ctrl+t")
    await settle(pilot)
    assert isinstance(app.screen, ShareDialog)
    return app.screen


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_share_dialog_shows_each_answer_and_writes_without_the_ones_left_out(
    leaders: list[Journal], library: Library, tmp_path: Path, size: tuple[int, int]
) -> None:
    dana = leaders[2]
    app = make_app(dana, library)
    async with app.run_test(size=size) as pilot:
        dialog = await open_share(pilot, app)
        boxes = list(dialog.query(".share-answer").results(Checkbox))
        labels = [str(box.label) for box in boxes]
        assert any("Silence in a meeting is information" in label for label in labels)
        assert any("[@click=app.quit]" in label for label in labels)  # shown, never run
        assert not any(mark in label for label in labels for mark in PRIVATE_MARKS)
        assert "Held back: 3 private answers." in text_of(dialog, "#share-held")
        silence = next(box for box in boxes if "Silence in a meeting" in str(box.label))
        silence.value = False
        await settle(pilot)
        assert "You left out 1 answer." in text_of(dialog, "#share-summary")

        target = tmp_path / "dana.json"
        dialog.query_one("#share-name", Input).value = "Dana"
        dialog.query_one("#share-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ShareDialog)
        raw = target.read_text()
        assert json.loads(raw)["contributor"] == "Dana"
        assert "Silence in a meeting" not in raw and "Board papers written" in raw
        assert not any(mark in raw for mark in PRIVATE_MARKS)


async def test_the_share_dialog_says_what_is_missing_in_one_sentence(
    leaders: list[Journal], library: Library, tmp_path: Path
) -> None:
    app = make_app(leaders[0], library)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await open_share(pilot, app)
        dialog.query_one("#share-path", Input).value = str(tmp_path / "ben.json")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "give a name, or share anonymously" in text_of(dialog, "#share-problem")
        dialog.query_one("#share-anonymous", Checkbox).value = True
        dialog.query_one("#share-passphrase", Input).value = "short"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "at least 8 characters" in text_of(dialog, "#share-problem")
        assert not (tmp_path / "ben.json").exists()


def _contributions(leaders: list[Journal], library: Library, folder: Path) -> list[Path]:
    """Ben's named, Chloe's anonymous, Dana's named and sealed."""
    paths = []
    for journal, who, sealed in zip(
        leaders, ("Ben", None, "Dana"), (False, False, True), strict=True
    ):
        plan = share_from_journal(journal, ExportOptions(), who, library)
        path = folder / f"{who or 'anonymous'}.json"
        write_share(plan.contribution(), path, passphrase=PASSPHRASE if sealed else None)
        paths.append(path)
    return paths


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_gather_screen_previews_then_saves_a_report(
    leaders: list[Journal], library: Library, tmp_path: Path, size: tuple[int, int]
) -> None:
    paths = _contributions(leaders, library, tmp_path)
    app = make_app(leaders[0], library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GatherScreen)
        screen.query_one("#gather-files", Input).value = "; ".join(str(p) for p in paths)
        screen.query_one("#gather-form", Select).value = "culture-book"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "is sealed with a passphrase" in text_of(screen, "#gather-status")
        assert "Type it in the Passphrase box." in text_of(screen, "#gather-status")
        screen.query_one("#gather-passphrase", Input).value = PASSPHRASE
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "Gathered 12 entries from 3 contributions." in text_of(screen, "#gather-status")
        preview = screen.query_one("#gather-preview", MarkdownView).source
        assert "Residents decide; we do the paperwork." in preview
        assert "\x1b" not in preview and app.is_running  # the hostile principle is text

        screen.query_one("#gather-format", Select).value = "html"
        target = tmp_path / "book.html"
        screen.query_one("#gather-path", Input).value = str(target)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        page = target.read_text()
        assert page.startswith("<!DOCTYPE html>") and "<script>alert" not in page
        assert not any(mark in page for mark in PRIVATE_MARKS)
        assert f"Saved the Culture Book to {target}." in text_of(screen, "#gather-status")


async def test_a_broken_file_in_the_gather_screen_is_one_sentence_and_nothing_saved(
    leaders: list[Journal], library: Library, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    app = make_app(leaders[0], library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(GatherScreen(folder=tmp_path))
        await settle(pilot)
        screen = app.screen
        screen.query_one("#gather-files", Input).value = "broken.json"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "is not a contribution" in text_of(screen, "#gather-status")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Make the report first" in text_of(screen, "#gather-status")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.json", "leaders"]


def test_typed_paths_split_on_semicolons_and_lines(tmp_path: Path) -> None:
    assert typed_paths(' a.json; "b c.json"\n/x/d.json;', tmp_path) == [
        tmp_path / "a.json",
        tmp_path / "b c.json",
        Path("/x/d.json"),
    ]


async def test_the_share_dialog_starts_from_the_journals_filters_and_names_them(
    leaders: list[Journal], library: Library
) -> None:
    app = make_app(leaders[2], library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        app.screen.query_one("#filter-tag", Input).value = "board"
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ShareDialog)
        summary = text_of(dialog, "#share-summary")
        assert summary.startswith("Chosen: tag board. 3 answers from 1 entry will leave")
        labels = [str(b.label) for b in dialog.query(".share-answer").results(Checkbox)]
        assert len(labels) == 3 and all("Learning diary" in label for label in labels)
