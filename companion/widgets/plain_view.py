"""Plain text shown exactly as written, as one widget that draws only the lines in view: the
history of a commitment under the Commitments table.

A commitment talked over in every weekly review for five years has about 250 changes. Shown in
a Static, Textual wrapped all of them again each time it measured the panel and each time it
drew it: about 25 ms of the CPU of opening Commitments at ten years. This one wraps the text
once per width (a line that fits is taken as it is; only a longer one is wrapped, as Static
wraps it) and draws only the lines in view. Put it in a VerticalScroll, as the Static was.

The text is data: it is made safe (companion.widgets.text.shown) and never read as markup; given
as Content (companion.widgets.text.literal, as a Static is), only its words are kept.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

from companion.widgets.text import shown


def _safe(text: Content | str) -> str:
    return shown(text.plain if isinstance(text, Content) else text)


class Drawn(NamedTuple):
    """One drawn line: its words, and where they start in the text (line `y`, character `x`),
    which is what a selection counts in, so that a copy comes out as written, not as wrapped."""

    content: Content
    y: int
    x: int


def drawn_lines(text: str, width: int) -> list[Drawn]:
    """The lines of `text` at `width` cells, as Static draws them (Content.wrap)."""
    width = max(width, 1)
    lines: list[Drawn] = []
    for y, piece in enumerate(text.split("\n")):
        if "\t" not in piece and cell_len(piece) <= width:
            lines.append(Drawn(Content(piece), y, 0))
        else:
            lines.extend(
                Drawn(line.content, y, line.x)
                for line in Content(piece)._wrap_and_format(width, "left", "fold")
            )
    return lines


def wrapped(text: str, width: int) -> list[Content]:
    """The lines of `text` at `width` cells, as Static draws them."""
    return [line.content for line in drawn_lines(text, width)]


class PlainView(Widget):
    """Text shown exactly as written, wrapped to the widget's width, drawn a line at a time."""

    DEFAULT_CSS = """
    PlainView {
        height: auto;
    }
    """

    def __init__(
        self, text: Content | str = "", *, id: str | None = None, classes: str | None = None
    ):
        super().__init__(id=id, classes=classes)
        self._text = _safe(text)
        self._width = -1
        self._lines: list[Drawn] = []
        self._strips: dict[int, Strip] = {}

    @property
    def text(self) -> str:
        """The text shown (controls made visible)."""
        return self._text

    def update(self, text: Content | str) -> None:
        """Show other text, as Static.update is given it (companion.widgets.text.literal): its
        words only, never a style. The same text again changes nothing."""
        text = _safe(text)
        if text == self._text:
            return
        self._text = text
        self._width = -1
        self._strips.clear()
        self.refresh(layout=True)

    def _at(self, width: int) -> list[Drawn]:
        """The text's lines at a width, remembered for the last width asked."""
        if width != self._width:
            self._lines = drawn_lines(self._text, width)
            self._width = width
            self._strips.clear()
        return self._lines

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._at(width))

    def render(self) -> Content:
        """The whole text as written (what a selection copies, counted in its lines, not the
        drawn ones); drawn line by line by render_line."""
        return Content(self._text)

    def notify_style_update(self) -> None:
        self._strips.clear()  # the theme or a style changed
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """Only the lines in view are drawn (a long history has hundreds)."""
        width = self.size.width
        drawn = self._at(width)
        base = self.visual_style
        if y >= len(drawn):
            return Strip.blank(width, base.rich_style)
        words, at_y, at_x = drawn[y]
        selection = self.text_selection
        span = selection.get_span(at_y) if selection is not None else None
        if span is not None:  # the selected part of this piece of its line, if any
            start, end = span
            end = at_x + len(words.plain) if end == -1 else end
            start, end = max(start - at_x, 0), min(end - at_x, len(words.plain))
            span = (start, end) if start < end else None
        if span is None and y in self._strips:
            return self._strips[y]
        line = words.expand_tabs(8)
        if span is not None:
            chosen = VisualStyle.from_styles(self.screen.get_component_styles("screen--selection"))
            line = line.stylize(chosen, *span)
        segments = [
            Segment(text, (base + style).rich_style) for text, style in line.render(base, end="")
        ]
        strip = (
            Strip(segments, line.cell_length)
            .crop_extend(0, width, base.rich_style)
            .apply_offsets(at_x, at_y)
        )
        if span is None:
            self._strips[y] = strip
        return strip
