"""Instant at ten years: what runs per key and per screen stays small however much is written."""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Static, TextArea

from companion.core.answers_check import count_words
from companion.core.scripts import Library
from companion.journal import Journal, files
from companion.screens.export import ExportDialog
from companion.screens.warm import MODULES, warm_up
from companion.widgets.plain_view import PlainView
from companion.widgets.row_table import RowTable
from tests.helpers.app import fill_journal, freeze_cursors, make_app, settle

LONG_ANSWER = " ".join(["The residents panel met in the library about the routes."] * 300)


async def test_a_key_typed_after_a_long_paste_echoes_without_laying_out_the_screen(
    journal: Journal, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key in a 3,000-word answer redraws the box and its word count, and nothing else: the
    screen is not laid out again (that cost ~25 ms a key), and the count stays right."""
    layouts: list[Screen[Any]] = []
    original = Screen._refresh_layout

    def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        layouts.append(self)
        original(self, *args, **kwargs)

    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        area = app.screen.query_one("#answer-long", TextArea)
        area.insert(LONG_ANSWER + "\n\nAnd ")
        await settle(pilot)
        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        await pilot.press("s", "o", "space", "o", "n")
        await pilot.pause()
        assert layouts == []
        assert area.text.endswith("And so on")
        count = str(app.screen.query_one("#word-count", Static).render())
        assert count == f"{3000 + 3:,} words".replace(",", "")


async def test_each_key_in_a_long_answer_is_drawn_in_one_frame_with_its_word_count(
    journal: Journal, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The word count is redrawn in the frame that shows the key, never a frame later: a count
    a frame behind cost every word's first letter a second frame, and the next key typed waited
    for that frame (the echo's p95 in the benchmark, 18 ms against 8 ms for a bare TextArea)."""
    frames: list[tuple[str, str]] = []
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        area = app.screen.query_one("#answer-long", TextArea)
        count = app.screen.query_one("#word-count", Static)
        freeze_cursors(app)  # a blinking cursor would draw frames of its own
        area.insert(LONG_ANSWER + "\n\nAnd")
        await settle(pilot)
        original = Screen._compositor_refresh

        def drawn(self: Screen[Any]) -> None:
            frames.append((f"{count_words(area.text)} words", str(count.render())))
            original(self)

        monkeypatch.setattr(Screen, "_compositor_refresh", drawn)
        typed = " so we went on"
        for key in typed:
            await pilot.press("space" if key == " " else key)
            await pilot.pause(0.05)  # about a fast typist's pace: each key has its frame
        monkeypatch.setattr(Screen, "_compositor_refresh", original)
    assert area.text.endswith("And so we went on")
    assert frames, "the keys were drawn"
    assert len(frames) <= len(typed), "one frame a key"
    assert [shown for _, shown in frames] == [words for words, _ in frames], (
        "every frame shows the count of the text it shows"
    )
    assert frames[-1][1] == f"{3000 + 5} words"


def test_after_the_warm_up_a_screen_reads_no_file_of_an_unchanged_journal(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read ahead after Home's first frame, every entry and commitment is in the journal's cache:
    opening Commitments or the coach brief then costs a stat per file, not a parse."""
    fill_journal(journal, library, clock)
    entries = [e.id for e in journal.entries()]
    commitments = [c.id for c in journal.commitments()]
    assert entries and commitments
    reopened = Journal.open(journal.folder, clock=clock)
    warm_up(reopened)
    for module in MODULES:
        assert module in sys.modules

    def no_reading(path: Any) -> bytes:
        raise AssertionError(f"read {path} again")

    monkeypatch.setattr(files, "read_bytes", no_reading)
    assert [e.id for e in reopened.entries()] == entries
    assert [c.id for c in reopened.commitments()] == commitments


def test_the_journal_search_index_is_made_ahead_with_the_coach_brief(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After Home's read-ahead, opening the Journal finds every entry's words ready: nothing is
    lower-cased beside the drawing of its rows."""
    from companion.core.views import search
    from companion.screens.home import made_ahead
    from companion.screens.journal import search_index

    fill_journal(journal, library, clock)
    made_ahead(journal, library)

    def no_text(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("an entry's words were made again")

    monkeypatch.setattr(search, "entry_text", no_text)
    search_index(journal).prepare(journal.entries())


@pytest.mark.parametrize("size", [(60, 30), (100, 40), (200, 60)])
async def test_a_long_export_in_the_app_shows_a_progress_bar(
    journal: Journal,
    library: Library,
    clock: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    """An export lasting past half a second shows how far it has gone, then writes the file."""
    from companion.export.actions import export_to
    from companion.screens import export as export_screen

    fill_journal(journal, library, clock)
    halfway, go_on = threading.Event(), threading.Event()

    def slow_export(*args: Any, progress: Any = None, **kwargs: Any) -> Any:
        def told(done: int, total: int, label: str) -> None:
            if progress is not None:
                progress(done, total, label)
            if done == 1:
                halfway.set()
                go_on.wait(10)

        return export_to(*args, progress=told, **kwargs)

    monkeypatch.setattr(export_screen, "export_to", slow_export)
    monkeypatch.setattr(export_screen, "SHOW_PROGRESS_AFTER", 0.0)
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.action_export()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        bar = dialog.query_one("#export-progress", ProgressBar)
        assert not bar.display
        target = tmp_path / "journal.md"
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        assert halfway.wait(10)
        await pilot.pause(0.3)
        assert bar.display and bar.progress == 1 and (bar.total or 0) > 1
        go_on.set()
        await settle(pilot)
        await pilot.pause(0.1)
    assert target.read_text(encoding="utf-8").startswith("---")


def test_the_coach_brief_is_made_once_until_the_journal_changes(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.screens import brief as brief_screen

    fill_journal(journal, library, clock)
    made: list[bool] = []
    real = brief_screen.coach_brief

    def counted_brief(*args: Any, **kwargs: Any) -> Any:
        made.append(kwargs["include_private"])
        return real(*args, **kwargs)

    monkeypatch.setattr(brief_screen, "coach_brief", counted_brief)
    first = brief_screen.brief_of(journal, library, include_private=False)
    assert brief_screen.brief_of(journal, library, include_private=False) is first
    assert made == [False]
    brief_screen.brief_of(journal, library, include_private=True)
    assert made == [False, True]
    journal.set_meta("note", "changed")  # any change to the journal's files
    again = brief_screen.brief_of(journal, library, include_private=False)
    assert made == [False, True, False]
    assert again.markdown == first.markdown


def test_the_barrier_register_is_made_once_until_the_journal_changes(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.screens import barriers as barriers_screen

    fill_journal(journal, library, clock)
    made: list[int] = []
    real = barriers_screen.barrier_register

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(barriers_screen, "barrier_register", counted)
    first = barriers_screen.register_of(journal, library)
    assert barriers_screen.register_of(journal, library) is first
    assert len(made) == 1
    journal.set_meta("note", "changed")  # any change to the journal's files
    again = barriers_screen.register_of(journal, library)
    assert len(made) == 2
    assert again == first


async def test_the_journal_makes_only_the_rows_on_screen_and_a_search_replaces_them(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At ten years the Journal lists 2,000 entries: only the rows in view are made (Textual's
    DataTable measured all 6,000 cells before the first frame), End reaches the last, and a
    search typed then shows exactly what it finds."""
    from companion.screens import journal as journal_screen

    fill_journal(journal, library, clock)
    many = journal.entries() * 700
    made: list[object] = []
    original = journal_screen.entry_cells

    def counted(entry: Any) -> tuple[str, str, str]:
        made.append(entry)
        return original(entry)

    def fetch(screen: Any) -> list[Any]:
        return many

    monkeypatch.setattr(journal_screen, "entry_cells", counted)
    monkeypatch.setattr(journal_screen.JournalScreen, "fetch", fetch)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        table = app.screen.query_one("#entries", RowTable)
        assert table.row_count == len(many) == 2100
        assert "2100 entries. Enter opens one." in str(
            app.screen.query_one("#journal-status", Static).render()
        )
        assert 0 < len(made) <= 30  # the rows in view, not 2,100
        table.focus()
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor_row == len(many) - 1
        assert len(made) <= 60
        word = journal.entries()[-1].title.split()[0]
        app.screen.query_one("#search", Input).value = word
        await settle(pilot)
        found = app.screen.index.search(app.screen.entries, app.screen._filters())
        assert list(table.rows) == found
        assert table.cursor_row == 0
        assert len(made) <= 90


async def test_the_journal_lower_cases_each_entry_once_after_its_rows_show(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search index is kept between visits (at ten years, lower-casing 2,000 entries took
    ~30 ms of every visit) and made after the rows are drawn, not before."""
    from companion.core.views import search

    fill_journal(journal, library, clock)
    looked: list[str] = []
    original = search.entry_text

    def counted(entry: Any) -> str:
        looked.append(entry.id)
        return original(entry)

    monkeypatch.setattr(search, "entry_text", counted)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(2):
            await pilot.press("j")
            await settle(pilot)
            assert app.screen.query_one("#entries", RowTable).row_count == 3
            await pilot.press("escape")
            await settle(pilot)
        assert sorted(looked) == sorted(e.id for e in journal.entries())
        await pilot.press("j")
        await settle(pilot)
        app.screen.query_one("#search", Input).value = "board paper"
        await settle(pilot)
        assert app.screen.query_one("#entries", RowTable).row_count == 1
        assert len(looked) == 3


def test_a_view_asked_for_by_two_threads_at_once_is_made_once(journal: Journal) -> None:
    """The read-ahead and a screen opened meanwhile share one making of the coach brief."""
    from companion.screens.warm import derived

    made: list[int] = []
    started = threading.Event()

    def make() -> int:
        started.set()
        made.append(1)
        time.sleep(0.2)
        return len(made)

    other = threading.Thread(target=lambda: derived(journal, "view", make))
    other.start()
    assert started.wait(5)
    assert derived(journal, "view", make) == 1
    other.join()
    assert made == [1]


async def test_a_place_left_is_collected_once_home_is_back_not_as_the_next_one_opens(
    journal: Journal, library: Library, clock: Any
) -> None:
    """Closing a place leaves its widgets as garbage. Back on Home, it is collected while the
    leader reads Home: left to the collector's own timing, a full collection (20 to 40 ms at ten
    years) fell in the middle of opening the next place (the weekly review, in the benchmark)."""
    from companion.screens.home import HomeScreen

    fill_journal(journal, library, clock)
    full: list[bool] = []  # for each full collection: whether Home was showing

    def watched(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(isinstance(app.screen, HomeScreen))

    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        gc.callbacks.append(watched)
        try:
            await pilot.press("escape")
            await settle(pilot)
            await pilot.pause(0.3)  # a leader reads Home longer than that
        finally:
            gc.callbacks.remove(watched)
        assert isinstance(app.screen, HomeScreen)
        assert full and all(full)


async def test_commitments_after_the_read_ahead_show_their_rows_and_history_in_one_go(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read ahead, the commitments are in the screen's first frame: the rows are set once (not
    again as the tabs come up) and the highlighted commitment's history is laid out once (each
    time cost a layout of the whole screen: 10 to 35 ms at ten years), and both are right."""
    from companion.screens.commitments import CommitmentsScreen

    fill_journal(journal, library, clock)
    warm_up(journal)
    rows: list[int] = []
    histories: list[str] = []
    set_rows, update = RowTable.set_rows, PlainView.update

    def counted_rows(self: RowTable[Any], shown: Any, **kwargs: Any) -> None:
        rows.append(len(shown))
        set_rows(self, shown, **kwargs)

    def counted_update(self: PlainView, text: Any) -> None:
        if str(text) != self.text:  # laid out again only when it changes
            histories.append(str(text))
        update(self, text)

    monkeypatch.setattr(RowTable, "set_rows", counted_rows)
    monkeypatch.setattr(PlainView, "update", counted_update)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommitmentsScreen)
        table = screen.query_one("#commitment-table", RowTable)
        assert len(rows) == 1 and rows[0] > 0
        assert len(histories) == 1
        first = next(c for c in screen.commitments if c.id == table.cursor_key)
        assert first.text in histories[0]
        await pilot.press("down")
        await settle(pilot)
        assert len(histories) == 2  # the next one's history, once
