"""The footer every screen shows: its keys, with Help and Quit first.

Textual's footer lists the focused widget's keys, then the screen's, then the app's, and a
narrow terminal cuts off those on the right. Help and Quit are the keys a lost leader needs,
so they come first, at any width; where the keys need the room, the palette key (drawn over the
right end) steps aside for them (Ctrl+P still opens it, and Help lists it).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
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
        # The keys are composed with the screen, in its first frame (Textual's footer mounts
        # empty and composes them again once the bindings are ready: a second mount and layout).
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: tuple[object, ...] | None = None

    def _keys_shown(self) -> tuple[object, ...]:
        """What the keys would show now: a change in any of it composes the footer again."""
        return (
            self.show_command_palette,
            tuple(
                (
                    binding.key,
                    binding.key_display,
                    binding.description,
                    binding.action,
                    binding.group,
                    enabled,
                    tooltip,
                )
                for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
                if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
            ),
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._compose_if_changed)

    async def _compose_if_changed(self) -> None:
        if self.is_attached and self._keys_shown() != self._shown:
            await self.recompose()

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown()
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
