"""The Journal and Commitments cost about as much to open at ten years as at one week: nothing
they do before their data shows grows with every entry or every change a commitment has had."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Input, Static

from companion.core.model import Commitment, CommitmentStatus, Entry, StatusChange
from companion.core.scripts import Library
from companion.journal import Journal
from companion.screens.base import JournalView
from companion.screens.journal import JournalScreen
from companion.screens.warm import warm_up
from companion.widgets.plain_view import PlainView, wrapped
from companion.widgets.row_table import RowTable
from companion.widgets.text import literal, shown
from tests.helpers.app import fill_journal, make_app, settle
from tests.tui.test_markup_safety import PIECES


def journal_status(app: Any) -> str:
    return str(app.screen.query_one("#journal-status", Static).render())


async def test_the_journal_opens_without_writing_out_every_entry(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual names a worker by the repr of its arguments: the search index's worker, given
    every entry, wrote out all 2,000 of them (~40 ms of each visit at ten years)."""
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


# ---------------------------------------------------------------------- Commitments

#: Words and marks a leader might write in a commitment's notes (see test_markup_safety).
TEXT = st.lists(
    st.sampled_from([*PIECES, "\n", "\t", "word", "a longer-than-a-narrow-panel-sentence", "  "]),
    max_size=12,
).map("".join)


@settings(max_examples=40)
@given(text=TEXT, width=st.integers(min_value=0, max_value=90))
def test_a_history_is_wrapped_as_the_panel_wrapped_it_before(text: str, width: int) -> None:
    """The history panel takes a line that fits as it is and wraps only a longer one: the lines
    are exactly those Textual's Static drew from the same text."""
    ours = [line.plain for line in wrapped(shown(text), width)]
    static = [line.plain for line in literal(text).wrap(max(width, 1))]
    assert ours == static


def long_lived(journal: Journal, clock: Any, changes: int) -> Commitment:
    """A commitment talked over in every weekly review for years: `changes` notes, markup in
    each, the last one saying LAST."""
    start = clock.moment - timedelta(weeks=changes + 1)
    made = journal.add_commitment("Have the honest [b]conversation[/b]", due=start.date())
    made.history = [
        StatusChange(start + timedelta(weeks=week), CommitmentStatus.OPEN, note=f"[red]week {week}")
        for week in range(changes - 1)
    ] + [StatusChange(clock.moment - timedelta(days=1), CommitmentStatus.OPEN, note="[i]LAST")]
    journal.save_commitment(made)
    return made


def history_lines(app: Any) -> list[str]:
    panel = app.screen.query_one("#commitment-detail", VerticalScroll)
    return [strip.text for strip in app.screen._compositor.render_strips()][
        panel.region.y : panel.region.bottom
    ]


@pytest.mark.parametrize("size", [(40, 12), (100, 30)])
async def test_a_long_history_is_made_once_and_drawn_as_written(
    journal: Journal,
    library: Library,
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    """A commitment with 250 changes: its history was made twice and wrapped whole three
    to six times as Commitments opened (~25 ms at ten years). Now it is made once per highlight and
    only a line too long for the panel is wrapped; it still shows every change, as written,
    and a change made on the screen shows at once."""
    from companion.core.views import commitments as views
    from companion.screens import commitments as screen_module

    fill_journal(journal, library, clock)
    made = long_lived(journal, clock, 250)
    warm_up(journal)
    histories: list[str] = []
    wrapped_whole: list[int] = []
    history_text, wrap = views.history_text, Content._wrap_and_format

    def counted_history(commitment: Commitment, *args: Any, **kwargs: Any) -> str:
        histories.append(commitment.id)
        return history_text(commitment, *args, **kwargs)

    def counted_wrap(content: Content, *args: Any, **kwargs: Any) -> Any:
        if "week 1)" in content.plain and "\n" in content.plain:
            wrapped_whole.append(len(content.plain))
        return wrap(content, *args, **kwargs)

    monkeypatch.setattr(screen_module, "history_text", counted_history)
    monkeypatch.setattr(Content, "_wrap_and_format", counted_wrap)
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#commitment-table", RowTable)
        assert table.cursor_key == made.id  # the most overdue comes first
        assert histories == [made.id]
        assert wrapped_whole == []
        panel = app.screen.query_one("#commitment-detail", VerticalScroll)
        drawn = " ".join(" ".join(history_lines(app)).split())
        assert "Have the honest" in drawn
        if size[0] >= 100:
            assert "Have the honest [b]conversation[/b]" in drawn
        assert app.screen.query_one(PlainView).text.endswith("open ([i]LAST)")
        panel.scroll_end(animate=False)
        await settle(pilot)
        if size[1] >= 30:  # (at 40x12 the panel's last lines are under the footer)
            assert any("open ([i]LAST)" in line for line in history_lines(app))
        await pilot.press("d")
        await settle(pilot)
        app.screen.query_one("#note", Input).value = "[u]Said it at last"
        await pilot.press("enter")
        await settle(pilot)
        status = str(app.screen.query_one("#commitments-status", Static).render())
        assert status.startswith("2 open, 1 overdue, 4 in all.")
        await pilot.press("a")  # every commitment: the one just done among them
        await settle(pilot)
        table.move_cursor(table.row_index(made.id) or 0)
        await settle(pilot)
        shown_history = app.screen.query_one("#commitment-history", PlainView).text
        assert shown_history.endswith("done ([u]Said it at last)")
        assert "Status: done" in shown_history


async def test_a_history_can_be_selected_and_copied_as_written(
    journal: Journal, library: Library, clock: Any
) -> None:
    """As with the Static it replaces, a leader can select part of a commitment's history (to
    copy it): the words come out as written and the selection is drawn."""
    fill_journal(journal, library, clock)
    long_lived(journal, clock, 3)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        view = app.screen.query_one("#commitment-history", PlainView)
        lines = view.text.split("\n")
        assert lines[0] == "Have the honest [b]conversation[/b]"
        before = view.render_line(1)
        app.screen.selections = {view: Selection.from_offsets(Offset(5, 0), Offset(6, 1))}
        await settle(pilot)
        assert app.screen.get_selected_text() == f"{lines[0][5:]}\n{lines[1][:6]}"
        assert view.render_line(1).text == before.text
        styles = [segment.style for segment in view.render_line(1)]
        assert styles != [segment.style for segment in before]  # drawn in the selection's style


async def test_a_wrapped_history_is_copied_as_written_not_as_wrapped(
    journal: Journal, library: Library, clock: Any
) -> None:
    """On a terminal narrow enough to wrap a note, a copy of the history gives the leader's
    sentences back whole: where the panel wrapped a line is not a line break in the copy, and
    what the mouse marks on a wrapped piece is counted in the sentence it belongs to."""
    made = journal.add_commitment(
        "Have the difficult conversation with my manager about the team's workload this month"
    )
    journal.update_commitment(
        made.id,
        lambda c: c.change_status(
            CommitmentStatus.RENEGOTIATED,
            clock.moment,
            note="Pushed back because the reorganisation announcement landed first",
        ),
    )
    app = make_app(journal, library)
    async with app.run_test(size=(50, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        view = app.screen.query_one("#commitment-history", PlainView)
        written = view.text.split("\n")
        assert view.size.height > len(written), "the panel wraps at this width"
        app.screen.selections = {view: Selection(None, None)}
        await settle(pilot)
        assert app.screen.get_selected_text() == view.text
        # The second drawn line is the first line's continuation: its cells point into line 0.
        offsets = [seg.style.meta.get("offset") for seg in view.render_line(1) if seg.style]
        assert offsets[0] is not None and offsets[0][1] == 0 and offsets[0][0] > 0
        start = offsets[0][0]
        app.screen.selections = {}
        await settle(pilot)
        plain = [[seg.style for seg in view.render_line(y)] for y in (0, 1)]
        app.screen.selections = {
            view: Selection.from_offsets(Offset(start, 0), Offset(start + 5, 0))
        }
        await settle(pilot)
        assert app.screen.get_selected_text() == written[0][start : start + 5]
        assert [seg.style for seg in view.render_line(0)] == plain[0], "not this piece"
        assert [seg.style for seg in view.render_line(1)] != plain[1], "drawn as selected"
