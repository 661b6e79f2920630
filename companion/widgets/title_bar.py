"""The top line of every screen: where you are (the screen's title) and what just happened there
(its sub-title, such as "Saved 14:02:11").

It shows what Textual's Header shows, minus the icon (the command palette is Ctrl+P, listed in
the footer), and draws it in the screen's first frame: the Header sets its text after mounting,
which cost Home a second layout at start-up.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from companion.widgets.text import shown_line


class TitleBar(Widget):
    """The screen's title and sub-title on one line, updated when either changes."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        content-align: center middle;
    }
    """

    def on_mount(self) -> None:
        for owner in (self.screen, self.app):
            self.watch(owner, "title", self._changed, init=False)
            self.watch(owner, "sub_title", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        # A script's title is the leader's text: Content, not markup; controls made visible.
        return app.format_title(shown_line(title), shown_line(sub_title))
