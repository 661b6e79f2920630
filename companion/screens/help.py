"""F1 / ?: the keys of the screen you came from, and how Companion works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen

from companion.core.views.render import md_inline
from companion.screens.base import CompanionDialog
from companion.widgets.markdown_view import MarkdownView
from companion.widgets.text import markdown, shown_line

GENERAL = """\
## Everywhere

- **F1** or **?**: this help (Esc closes it)
- **Ctrl+P**: the command palette: every script and screen, and themes
- **Tab** / **Shift+Tab**: move between parts of the screen
- **Ctrl+Q**: quit (answers are already saved as you go)

Your journal stays on this computer. Nothing is sent anywhere.
"""


class HelpScreen(CompanionDialog[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("f1", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        # The screen's title may be a script's: written as itself, not as Markdown.
        lines = [f"# Keys: {md_inline(shown_line(self.for_screen.title or 'Companion'))}", ""]
        seen = set()
        for binding in self.for_screen.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if binding.key in seen:
                continue
            seen.add(binding.key)
            keys = binding.key_display or binding.key.replace("ctrl+", "Ctrl+").replace(",", " or ")
            lines.append(f"- **{keys}**: {binding.description}")
        lines += ["", GENERAL]
        with VerticalScroll(classes="dialog help"):
            yield MarkdownView(markdown("\n".join(lines)))
