"""The footer every screen shows: its keys, with Help and Quit first.

Textual's footer lists the focused widget's keys, then the screen's, then the app's, and a
narrow terminal cuts off those on the right. Help and Quit are the keys a lost leader needs,
so they come first, at any width; where the keys need the room, the palette key (drawn over the
right end) steps aside for them (Ctrl+P still opens it, and Help lists it).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Narrower than this, the footer leaves out the command palette's key.
PALETTE_KEY_WIDTH = 40
#: Actions shown before all others, in this order (with or without their "app." namespace).
FIRST = ("help", "quit")


def _rank(widget: Widget) -> int:
    action = str(getattr(widget, "action", "")).rpartition(".")[2]
    return FIRST.index(action) if action in FIRST else len(FIRST)


class CompanionFooter(Footer):
    """A compact footer with F1 Help and Ctrl+Q Quit on its left."""

    DEFAULT_CSS = """
    CompanionFooter.-tiny FooterKey.-command-palette {
        display: none;
    }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)

    def compose(self) -> ComposeResult:
        keys = sorted(super().compose(), key=_rank)  # stable: the others keep Textual's order
        shown: set[int] = set()
        for key in keys:
            rank = _rank(key)
            if rank < len(FIRST) and rank in shown:
                # One Quit is enough (the unlock screen quits with Esc as well as Ctrl+Q).
                self.styles.grid_size_columns = max(1, self.styles.grid_size_columns - 1)
                continue
            shown.add(rank)
            yield key
        self.call_after_refresh(self._fit)  # the keys change with the screen and focus

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        # The palette key is drawn over the right end: it steps aside whenever the other keys
        # need that room (at 80 columns Home's keys do), so no key is cut or overdrawn.
        keys = [k for k in self.query(FooterKey) if not k.has_class("-command-palette")]
        needed = sum(len(k.key_display) + len(k.description) + 2 for k in keys) + 14
        self.set_class(self.size.width < max(PALETTE_KEY_WIDTH, needed), "-tiny")
