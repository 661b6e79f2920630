"""A table of rows that costs per row in view, not per row held: the Journal, Commitments and
Barriers screens list up to thousands of rows in it.

Textual's DataTable measures every cell it is given before it draws (at ten years, 6,000 cells
for the Journal). This table decides its column widths from the columns alone: each column has
a fixed width, squeezed down to a minimum on a narrow terminal, and the last takes the rest and
cuts a long text short with "…". Rows are the screen's own objects, held as given; a row's cells
are asked for (and made safe, companion.widgets.text.fitted) only when the row is drawn.

The highlighted row starts with "›" and is drawn in the cursor's style: not shown by colour
alone. While the table has focus the terminal's cursor rests on that "›", where a screen reader
looks. Keys: up, down, page up, page down, home, end; Enter selects. A click highlights a row, a
click on the highlighted row (or a double click) selects it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from companion.widgets.cursor_list import FOCUSED, UNFOCUSED
from companion.widgets.text import fitted, shown_line

RowT = TypeVar("RowT")

#: Before each row: "›" on the highlighted one, then a space.
MARK_WIDTH = 2
#: Between two columns.
GAP = 2


@dataclass(frozen=True)
class Column:
    """A column: its heading, its width in cells (None: the rest of the table), the narrowest a
    narrow terminal may squeeze it to (None: as wide as it is), and whether it is left out when
    even that is too wide. The column without a width is never narrower than FLEXIBLE_LEAST."""

    label: str
    width: int | None = None
    min_width: int | None = None
    optional: bool = False

    @property
    def narrowest(self) -> int:
        if self.width is None:
            return FLEXIBLE_LEAST
        return self.width if self.min_width is None else self.min_width


#: The narrowest the column that takes the rest of the table may be.
FLEXIBLE_LEAST = 10


def column_widths(columns: Sequence[Column], room: int) -> list[int]:
    """Each column's width in `room` cells (0: left out): the fixed columns as wide as they ask,
    the flexible one the rest; when that is too little, the fixed columns squeeze (the rightmost
    first) down to their narrowest, an optional one is then left out, and past that the table
    is wider than the room (it scrolls sideways)."""
    widths = [c.width if c.width is not None else c.narrowest for c in columns]

    def short() -> int:
        shown = sum(1 for width in widths if width)
        return MARK_WIDTH + sum(widths) + GAP * (shown - 1) - room

    for index in reversed(range(len(columns))):
        column = columns[index]
        if short() <= 0:
            break
        if column.width is None:
            continue
        widths[index] -= min(short(), widths[index] - column.narrowest)
        if short() > 0 and column.optional:
            widths[index] = 0
    spare = -short()
    if spare > 0:
        for index, column in enumerate(columns):
            if column.width is None:
                widths[index] += spare
                break
    return widths


class RowTable(ScrollView, Generic[RowT], can_focus=True):
    """Rows of a screen's objects, drawn a line at a time, only those in view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-table--header",
        "row-table--cursor",
        "row-table--even-row",
        "row-table--odd-row",
    }

    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .row-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .row-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .row-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class RowHighlighted(Message):
        """The cursor moved to a row (or the rows were replaced): `row_key` is None when the
        table is empty."""

        def __init__(self, table: RowTable[Any], cursor_row: int, row_key: str | None) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key

        @property
        def control(self) -> RowTable[Any]:
            return self.table

    class RowSelected(Message):
        """Enter, or a click on the highlighted row."""

        def __init__(self, table: RowTable[Any], cursor_row: int, row_key: str) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key

        @property
        def control(self) -> RowTable[Any]:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[RowT], Sequence[str]],
        *,
        key: Callable[[RowT], str] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`cells` gives a row's words, one a column (drawn as written, never as markup);
        `key` its key for the messages (None: its position)."""
        super().__init__(name=name, id=id, classes=classes)
        self.columns = tuple(columns)
        self._cells = cells
        self._key = key
        self._rows: Sequence[RowT] = ()
        self._cursor = 0
        self._widths: tuple[int, list[int]] = (-1, [])
        self._lines: dict[tuple[int, int], str] = {}  # (row, room): the row's text, fitted

    # ------------------------------------------------------------------ the rows

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def rows(self) -> Sequence[RowT]:
        return self._rows

    @property
    def cursor_row(self) -> int:
        """The highlighted row's position (0 when the table is empty)."""
        return self._cursor

    @property
    def cursor_key(self) -> str | None:
        return self.row_key(self._cursor)

    def row_key(self, index: int) -> str | None:
        if not 0 <= index < len(self._rows):
            return None
        return self._key(self._rows[index]) if self._key else str(index)

    def row_index(self, key: str) -> int | None:
        """Where the row with this key is, if it is here."""
        for index in range(len(self._rows)):
            if self.row_key(index) == key:
                return index
        return None

    def get_row_at(self, index: int) -> list[str]:
        """A row's words as drawn, before they are fitted to their columns."""
        return [shown_line(text) for text in self._cells(self._rows[index])]

    def set_rows(self, rows: Sequence[RowT], *, highlight: str | None = None) -> None:
        """Show these rows instead (kept as given, not copied): the cursor goes to the row keyed
        `highlight` if there is one, else to the first; RowHighlighted says which."""
        self._rows = rows
        self._lines.clear()
        found = self.row_index(highlight) if highlight is not None else None
        self._cursor = found or 0
        self.virtual_size = Size(self._least_width(), len(rows) + 1)
        self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.RowHighlighted(self, self._cursor, self.cursor_key))

    # ------------------------------------------------------------------ the cursor

    def move_cursor(self, row: int) -> None:
        """Highlight the row at this position (kept within the rows)."""
        row = max(0, min(row, len(self._rows) - 1))
        if row == self._cursor or not self._rows:
            return
        old, self._cursor = self._cursor, row
        self.refresh_line(old + 1)
        self.refresh_line(row + 1)
        self._scroll_to_cursor()
        self.post_message(self.RowHighlighted(self, row, self.cursor_key))

    @property
    def _rows_in_view(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)  # less the heading

    def _scroll_to_cursor(self) -> None:
        in_view = self._rows_in_view
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + in_view:
            self.scroll_to(y=self._cursor - in_view + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self._cursor - self._rows_in_view)

    def action_page_down(self) -> None:
        self.move_cursor(self._cursor + self._rows_in_view)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowSelected(self, self._cursor, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return  # the heading
        row = round(self.scroll_y) + offset.y - 1
        if not 0 <= row < len(self._rows):
            return
        if row == self._cursor or event.chain > 1:
            self.move_cursor(row)
            self.action_select()
        else:
            self.move_cursor(row)

    def _on_resize(self, event: events.Resize) -> None:
        self._scroll_to_cursor()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    # ------------------------------------------------------------------ drawing

    def _least_width(self) -> int:
        widths = [width for width in column_widths(self.columns, 0) if width]
        return MARK_WIDTH + sum(widths) + GAP * (len(widths) - 1)

    def _column_widths(self, room: int) -> list[int]:
        if self._widths[0] != room:
            self._widths = (room, column_widths(self.columns, room))
        return self._widths[1]

    def _line_text(self, index: int, room: int) -> str:
        """Row `index` (-1: the heading) as one line of text, without its mark."""
        found = self._lines.get((index, room))
        if found is not None:
            return found
        widths = self._column_widths(room)
        texts = [c.label for c in self.columns] if index < 0 else self._cells(self._rows[index])
        gap = " " * GAP
        text = gap.join(fitted(t, w) for t, w in zip(texts, widths, strict=False) if w)
        if len(self._lines) > 400:
            self._lines.clear()
        self._lines[(index, room)] = text
        return text

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        room = max(self.scrollable_content_region.width, self._least_width())
        scroll_x = round(self.scroll_x)
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("row-table--header")
            text = " " * MARK_WIDTH + self._line_text(-1, room)
        else:
            index = round(self.scroll_y) + y - 1
            if not 0 <= index < len(self._rows):
                return Strip.blank(width, base)
            style = self._row_style(index, base)
            cursor = index == self._cursor
            mark = (FOCUSED if cursor else UNFOCUSED).ljust(MARK_WIDTH)
            text = mark + self._line_text(index, room)
            if cursor and self.has_focus:
                region = self.content_region
                self.app.cursor_position = Offset(region.x, region.y + y)
        strip = Strip([Segment(text, style)])
        if scroll_x:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, style)

    def _row_style(self, index: int, base: Style) -> Style:
        zebra = "row-table--odd-row" if index % 2 else "row-table--even-row"
        style = base + self.get_component_rich_style(zebra)
        if index == self._cursor:
            style += self.get_component_rich_style("row-table--cursor")
        return style
