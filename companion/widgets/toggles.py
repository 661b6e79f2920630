"""Toggles that say their state in a glyph, not by colour alone: ticked "[x]" or unticked "[ ]",
chosen "(•)" or not "( )", and "›" before the one with focus. Textual's own draw the same X or
● for both states, in two shades (unreadable in high contrast, and to anyone who cannot tell
the shades apart)."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

from companion.widgets.cursor_list import FOCUSED, UNFOCUSED, CursorList

TICKED, UNTICKED = "[x]", "[ ]"
CHOSEN, UNCHOSEN = "(•)", "( )"
__all__ = ["ChoiceButton", "CursorList", "TickBox", "TickList", "mark"]


def mark(on: bool, focused: bool, *, tick: bool) -> str:
    """The glyphs before a toggle's label: where focus is, then its state."""
    state = (TICKED if on else UNTICKED) if tick else (CHOSEN if on else UNCHOSEN)
    return (FOCUSED if focused else UNFOCUSED) + state


class TickBox(Checkbox):
    """A checkbox: "[x]" ticked, "[ ]" not."""

    @property
    def _button(self) -> Content:
        return Content(mark(self.value, self.has_focus, tick=True))


class ChoiceButton(RadioButton):
    """One choice of a RadioSet: "(•)" chosen, "( )" not; "›" where the set's cursor is."""

    @property
    def _button(self) -> Content:
        parent = self.parent
        cursor = self.has_class("-selected") and isinstance(parent, Widget) and parent.has_focus
        return Content(mark(self.value, cursor, tick=False))


class TickList(SelectionList[str]):
    """A list to tick several from: "[x]" or "[ ]" before each, "›" before the highlighted."""

    def _get_left_gutter_width(self) -> int:
        return len(mark(True, True, tick=True) + " ")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Textual's OptionList measures its height without the gutter, and would cut off the
        # last line of an option the gutter makes wrap.
        return super().get_content_height(
            container, viewport, width - self._get_left_gutter_width()
        )

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        drawn = "".join(segment.text for segment in segments[:3])
        button = ToggleButton.BUTTON_LEFT + ToggleButton.BUTTON_INNER + ToggleButton.BUTTON_RIGHT
        if len(segments) < 4 or drawn != button:
            return strip  # not a selection's first line
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return strip
        ticked = selection.value in self._selected
        cursor = self.highlighted == index and self.has_focus
        glyphs = mark(ticked, cursor, tick=True) + " "
        return Strip([Segment(glyphs, segments[3].style), *segments[4:]])
