"""An option list that shows where its cursor is with "›", not by colour alone.

Home's lists are these; it is kept apart from the other toggles (companion/widgets/toggles.py)
so that Home's first frame does not import Textual's tables and selection lists.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import OptionList

FOCUSED, UNFOCUSED = "›", " "


class CursorList(OptionList):
    """An option list with "›" before the highlighted option while the list has focus."""

    def _get_left_gutter_width(self) -> int:
        return len(FOCUSED + " ")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Textual's OptionList measures its height without the gutter, and would cut off the
        # last line of an option the gutter makes wrap.
        return super().get_content_height(
            container, viewport, width - self._get_left_gutter_width()
        )

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option_index, line_offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return strip
        segments = list(strip)
        cursor = self.has_focus and self.highlighted == option_index and line_offset == 0
        style = segments[0].style if segments else None
        return Strip([Segment((FOCUSED if cursor else UNFOCUSED) + " ", style), *segments])
