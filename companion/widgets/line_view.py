"""Text drawn as one widget, a line at a time: the base of MarkdownView and PlainView.

A subclass says how its text is cut into lines at a width (`made`); this wraps it once per
width, measures its height from those lines, draws only the lines in view (a ten-year coach
brief or a commitment's five-year history has hundreds), remembers each line drawn until the
width, the text or the theme changes, and draws a selection over the lines it covers. Put it in
a VerticalScroll, which scrolls it with the keyboard.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget


class Drawn(NamedTuple):
    """One drawn line: its words, and where they start in what a selection counts in (line
    `y`, character `x`): the text as written for PlainView, the drawn lines for MarkdownView."""

    content: Content
    y: int
    x: int


class LineView(Widget):
    """Text drawn a line at a time; a subclass gives its lines at a width (`made`)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._width = -1
        self._lines: list[Drawn] = []
        self._strips: dict[int, Strip] = {}

    def made(self, width: int) -> list[Drawn]:
        raise NotImplementedError

    def changed(self) -> None:
        """The text changed: cut it again at the next measure, and draw it again."""
        self._width = -1
        self.refresh(layout=True)

    def _at(self, width: int) -> list[Drawn]:
        """The lines at a width, remembered for the last width asked."""
        if width != self._width:
            self._lines = self.made(max(width, 1))
            self._width = width
            self._strips.clear()
        return self._lines

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._at(width))

    def notify_style_update(self) -> None:
        self._strips.clear()  # the theme or a style changed
        super().notify_style_update()

    def _style(self, style: str | VisualStyle) -> VisualStyle:
        """A span's style: a style, or the name of one of the widget's component classes."""
        if isinstance(style, VisualStyle):
            return style
        return self.get_visual_style(style.lstrip("."), partial=True)

    def _selected(self, line: Drawn) -> tuple[int, int] | None:
        """The part of this drawn line the selection covers, if any."""
        selection = self.text_selection
        span = selection.get_span(line.y) if selection is not None else None
        if span is None:
            return None
        start, end = span
        length = len(line.content.plain)
        end = line.x + length if end == -1 else end
        start, end = max(start - line.x, 0), min(end - line.x, length)
        return (start, end) if start < end else None

    def render_line(self, y: int) -> Strip:
        """Only the lines in view are drawn."""
        width = self.size.width
        drawn = self._at(width)
        base = self.visual_style
        if y >= len(drawn):
            return Strip.blank(width, base.rich_style)
        span = self._selected(drawn[y])
        if span is None and y in self._strips:
            return self._strips[y]
        line = drawn[y].content.expand_tabs(8)
        if span is not None:
            chosen = VisualStyle.from_styles(self.screen.get_component_styles("screen--selection"))
            line = line.stylize(chosen, *span)
        segments = [
            Segment(text, (base + style).rich_style)
            for text, style in line.render(base, end="", parse_style=self._style)
        ]
        strip = (
            Strip(segments, line.cell_length)
            .crop_extend(0, width, base.rich_style)
            .apply_offsets(drawn[y].x, drawn[y].y)
        )
        if span is None:
            self._strips[y] = strip
        return strip
