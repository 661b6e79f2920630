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

from rich.cells import cell_len
from textual.content import Content

from companion.widgets.line_view import Drawn, LineView
from companion.widgets.text import shown


def _safe(text: Content | str) -> str:
    return shown(text.plain if isinstance(text, Content) else text)


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


class PlainView(LineView):
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

    @property
    def text(self) -> str:
        """The text shown (controls made visible)."""
        return self._text

    def update(self, text: Content | str) -> None:
        """Show other text, as Static.update is given it (companion.widgets.text.literal): its
        words only, never a style. The same text again changes nothing."""
        text = _safe(text)
        if text != self._text:
            self._text = text
            self.changed()

    def made(self, width: int) -> list[Drawn]:
        return drawn_lines(self._text, width)

    def render(self) -> Content:
        """The whole text as written (what a selection copies, counted in its lines, not the
        drawn ones); drawn line by line by render_line."""
        return Content(self._text)
