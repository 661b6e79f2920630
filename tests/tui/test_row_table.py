"""The table the Journal, Commitments and Barriers list their rows in: it draws only the rows in
view, says which row is highlighted by "›" and style, and shows a leader's words as written."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from companion.widgets.row_table import GAP, MARK_WIDTH, Column, RowTable, column_widths
from companion.widgets.text import fitted, shown_line

COLUMNS = (Column("Date", 16), Column("Kind", 22, min_width=12, optional=True), Column("Title"))
#: Words a leader might write that a careless widget would read as markup, or a terminal obey.
TRICKY = st.sampled_from(
    [
        "[bold]x[/]",
        "[/]",
        "[@click=app.quit]Quit[/]",
        "[link=https://example.org]here[/link]",
        "\x1b[31mred\x1b[0m",
        "\x07\x08\r\n\t",
        "\u202eevil\u202c",
        "日本語のテキスト",
        "e\u0301",
        "👩‍👩‍👧",
        ":smile:",
        "\\[escaped]",
    ]
)
WORDS = st.lists(st.one_of(TRICKY, st.text(max_size=12)), max_size=6).map(" ".join)


def row_text(table: RowTable[Any], y: int) -> str:
    return "".join(segment.text for segment in table.render_line(y))


class TableApp(App[None]):
    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows
        self.seen: list[Any] = []

    def compose(self) -> ComposeResult:
        yield RowTable(COLUMNS, lambda row: row, key=lambda row: row[0], id="table")

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.set_rows(self.rows)
        table.focus()

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.seen.append(("highlighted", event.cursor_row, event.row_key))

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        self.seen.append(("selected", event.cursor_row, event.row_key))


def many(count: int) -> list[tuple[str, str, str]]:
    return [(f"key-{n:04}", f"kind {n % 7}", f"Title number {n}") for n in range(count)]


# ---------------------------------------------------------------- columns and cells


@given(width=st.integers(0, 300))
def test_the_columns_fill_the_room_or_keep_their_narrowest(width: int) -> None:
    widths = column_widths(COLUMNS, width)
    shown = [w for w in widths if w]
    drawn = MARK_WIDTH + sum(shown) + GAP * (len(shown) - 1)
    least = MARK_WIDTH + 16 + GAP + 10
    assert drawn == max(width, least)  # the room used exactly, or the table scrolls sideways
    assert widths[0] == 16  # a date is never cut
    assert widths[1] in (0, *range(12, 23))  # readable, or left out
    assert widths[2] >= 10


@given(text=WORDS, width=st.integers(0, 40))
def test_a_cell_is_exactly_its_width_and_shows_the_words_as_written(text: str, width: int) -> None:
    cell = fitted(text, width)
    assert cell_len(cell) == width
    words = shown_line(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in cell)  # no terminal control
    if cell_len(words) <= width:
        assert cell.rstrip(" ") == words.rstrip(" ")
    elif width:
        assert cell.endswith("…")


# ---------------------------------------------------------------- in an app


async def test_only_the_rows_in_view_are_made_and_the_keys_reach_the_last_of_2000() -> None:
    made: list[int] = []
    rows = many(2000)

    def cells(row: tuple[str, str, str]) -> tuple[str, str, str]:
        made.append(1)
        return row

    class Counting(TableApp):
        def compose(self) -> ComposeResult:
            yield RowTable(COLUMNS, cells, key=lambda row: row[0], id="table")

    app = Counting(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        assert 0 < len(made) <= 24  # a screenful, not 2,000
        assert app.seen[-1] == ("highlighted", 0, "key-0000")
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("pagedown")
        assert table.cursor_row == 2 + 23  # a page: the rows in view below the heading
        await pilot.press("pageup", "up")
        assert table.cursor_row == 1
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 1999
        assert app.seen[-1] == ("highlighted", 1999, "key-1999")
        assert row_text(table, 23).startswith("› key-1999")  # the last row, at the bottom
        await pilot.press("down")
        assert table.cursor_row == 1999
        await pilot.press("enter")
        await pilot.pause()
        assert app.seen[-1] == ("selected", 1999, "key-1999")
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        assert row_text(table, 1).startswith("› key-0000")
        assert len(made) < 200


async def test_a_click_highlights_a_row_and_a_second_click_opens_it() -> None:
    app = TableApp(many(50))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        await pilot.click(RowTable, offset=(10, 0))  # the heading: nothing
        assert table.cursor_row == 0
        await pilot.click(RowTable, offset=(10, 4))
        await pilot.pause()
        assert table.cursor_row == 3
        assert ("selected", 3, "key-0003") not in app.seen
        await pilot.click(RowTable, offset=(10, 4))
        await pilot.pause()
        assert app.seen[-1] == ("selected", 3, "key-0003")


async def test_new_rows_replace_the_old_and_the_cursor_stays_on_its_row_if_asked() -> None:
    app = TableApp(many(100))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        await pilot.press("end")
        table.set_rows(many(100)[::2], highlight="key-0050")
        await pilot.pause()
        assert table.row_count == 50
        assert table.cursor_key == "key-0050"
        assert app.seen[-1] == ("highlighted", 25, "key-0050")
        assert any(row_text(table, y).startswith("› key-0050") for y in range(1, 12))
        table.set_rows(many(3), highlight="key-0099")  # gone: the first row
        await pilot.pause()
        assert (table.cursor_row, table.cursor_key) == (0, "key-0000")
        assert row_text(table, 1).startswith("› key-0000")
        assert row_text(table, 4).strip() == ""
        table.set_rows([])
        await pilot.pause()
        assert app.seen[-1] == ("highlighted", 0, None)
        await pilot.press("down", "enter")
        assert table.cursor_key is None


async def test_the_highlighted_row_is_marked_and_the_terminal_cursor_rests_on_it() -> None:
    """Not by colour alone: "›" before it, and bold in the cursor's style while focused; a
    screen reader following the terminal's cursor finds it."""
    app = TableApp(many(10))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        await pilot.press("down")
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        marked = [y for y, strip in enumerate(strips) if strip.text.startswith("›")]
        assert marked == [2]
        assert app.cursor_position.y == 2
        [segment, *_] = list(strips[2])
        others = [next(iter(strips[y])).style for y in (1, 3, 4)]
        assert segment.style not in others  # drawn apart from its neighbours and the heading
        table.blur()
        await pilot.pause()
        assert app.screen._compositor.render_strips()[2].text.startswith("›")  # still marked


@settings(max_examples=15)
@given(title=WORDS, kind=WORDS)
async def test_words_in_a_row_are_drawn_as_written_never_as_markup(title: str, kind: str) -> None:
    app = TableApp([("2026-11-30 09:00", kind, title)])
    async with app.run_test(size=(120, 6)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        line = row_text(table, 1)
        widths = column_widths(COLUMNS, table.scrollable_content_region.width)
        cells = zip(table.get_row_at(0), widths, strict=True)
        expected = "  ".join(fitted(t, w) for t, w in cells if w)
        assert line.startswith("› " + expected.rstrip())
        assert table.get_row_at(0) == ["2026-11-30 09:00", shown_line(kind), shown_line(title)]
        assert app.is_running  # no [@click=app.quit] ran
