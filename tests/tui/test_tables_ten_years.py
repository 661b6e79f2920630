"""The Journal, Commitments and Barriers screens on ten years of journal (2,000 entries, 3,000
commitments), on a small, an ordinary and a large terminal: the rows show, the keys reach the
last row, Enter opens it, a search or a view replaces the rows, and markup shows as written."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from companion.core.scripts import Library
from companion.core.views.barriers import barrier_register
from companion.journal import Journal
from companion.screens.barriers import BarriersScreen
from companion.screens.commitments import CommitmentsScreen
from companion.screens.entry import EntryScreen
from companion.screens.journal import JournalScreen
from companion.widgets.row_table import RowTable
from tests.conftest import FakeClock
from tests.helpers.app import make_app, settle
from tests.helpers.over_time import reflect
from tools import sample

SIZES = [(40, 12), (80, 24), (200, 60)]
MARKUP = "[b]Ask[/b] [@click=app.quit]quit[/] [red]now"


@pytest.fixture(scope="module")
def decade(ten_years: sample.Sample, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("decade") / "journal"
    sample.write(ten_years, folder)
    return folder


@pytest.fixture
def lived(decade: Path, tmp_path: Path, clock: FakeClock) -> Journal:
    """A copy of the ten-year journal for one test."""
    folder = tmp_path / "journal"
    shutil.copytree(decade, folder)
    return Journal.open(folder, clock=clock)


def screen_lines(app: Any) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def marked_line(app: Any) -> str:
    """The line of the screen the highlighted row is drawn on (there is exactly one)."""
    [found] = [text for text in screen_lines(app) if text.lstrip(" ▊").startswith("›")]
    return found


async def open_place(pilot: Any, key: str) -> RowTable[Any]:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.screen.query_one(RowTable)


@pytest.mark.parametrize("size", SIZES)
async def test_the_journal_at_ten_years(lived: Journal, library: Library, size: Any) -> None:
    entries = lived.entries()
    assert len(entries) == 2000
    app = make_app(lived, library)
    async with app.run_test(size=size) as pilot:
        table = await open_place(pilot, "j")
        assert isinstance(app.screen, JournalScreen)
        assert table.row_count == 2000
        await pilot.press("enter")  # from the search box to the rows (in view on a small one)
        await settle(pilot)
        assert table.has_focus
        assert f"{entries[0].completed:%Y-%m-%d %H:%M}" in marked_line(app)
        await pilot.press("down", "pagedown", "pageup", "up")
        assert table.cursor_row == 0
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor_row == 1999
        oldest = entries[-1]
        assert f"{oldest.completed:%Y-%m-%d %H:%M}" in marked_line(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.entry_id == oldest.id
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        await pilot.press("ctrl+f")
        for key in "walkabout":
            await pilot.press(key)
        await settle(pilot)
        found = screen.index.search(screen.entries, screen._filters())
        assert 0 < len(found) < 2000
        assert list(table.rows) == found
        assert table.cursor_row == 0
        await pilot.press("enter")
        await settle(pilot)
        assert f"{found[0].completed:%Y-%m-%d %H:%M}" in marked_line(app)


@pytest.mark.parametrize("size", SIZES)
async def test_commitments_at_ten_years(lived: Journal, library: Library, size: Any) -> None:
    commitments = lived.commitments()
    assert len(commitments) == 3000
    app = make_app(lived, library)
    async with app.run_test(size=size) as pilot:
        table = await open_place(pilot, "c")
        assert isinstance(app.screen, CommitmentsScreen)
        open_ones = table.row_count
        assert 0 < open_ones < 3000
        await pilot.press("a")
        await settle(pilot)
        assert table.row_count == 3000
        table.focus()
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor_row == 2999
        last = table.rows[2999]
        assert last.id == table.cursor_key
        due = f"{last.due:%Y-%m-%d}" if last.due else "-"
        assert marked_line(app).lstrip(" ▊›").startswith(due)
        await pilot.press("home", "down", "down")
        kept = table.cursor_key
        await pilot.press("o")  # the open ones again: the highlighted one stays highlighted
        await settle(pilot)
        assert table.row_count == open_ones
        assert table.cursor_key == kept


@pytest.mark.parametrize("size", SIZES)
async def test_barriers_at_ten_years(lived: Journal, library: Library, size: Any) -> None:
    register = barrier_register(lived.entries(), lived.commitments())
    app = make_app(lived, library)
    async with app.run_test(size=size) as pilot:
        table = await open_place(pilot, "b")
        assert isinstance(app.screen, BarriersScreen)
        assert table.row_count == len(register.barriers) > 200
        await pilot.press("end")
        await settle(pilot)
        last = register.barriers[-1]
        assert table.cursor_row == len(register.barriers) - 1
        assert f"{last.named:%Y-%m-%d}" in marked_line(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.entry_id == last.entry_id


@pytest.mark.parametrize("size", SIZES)
async def test_markup_in_a_row_shows_as_written(
    lived: Journal, library: Library, clock: FakeClock, size: Any
) -> None:
    reflect(lived, library, clock, clock.moment, "learning-diary", {"happened": MARKUP})
    reframe = {"barrier": MARKUP, "enabler": "A Board that works on one challenge."}
    reflect(lived, library, clock, clock.moment, "reframe-barrier", reframe)
    lived.add_commitment(MARKUP, due=clock.moment.date().replace(year=2010))
    app = make_app(lived, library)
    async with app.run_test(size=size) as pilot:
        for key, last in (("j", False), ("c", False), ("b", True)):
            table = await open_place(pilot, key)
            table.focus()  # in view on a small terminal
            await pilot.press("end" if last else "home")
            await settle(pilot)
            assert "[b]Ask" in marked_line(app)
            if size[0] >= 200:
                assert MARKUP in marked_line(app)
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running  # the [@click=app.quit] in the words did not run


def test_every_commitment_status_fits_its_column_whole() -> None:
    """A status is a word or two ("renegotiated (late)"): cut to "renegotiated…" it hides that
    the commitment is late."""
    from companion.core.model import CommitmentStatus
    from companion.screens.commitments import COLUMNS

    width = COLUMNS[1].width
    assert width is not None
    shown = [s.value for s in CommitmentStatus] + [f"{s.value} (late)" for s in CommitmentStatus]
    assert max(len(status) for status in [*shown, "disputed"]) <= width
