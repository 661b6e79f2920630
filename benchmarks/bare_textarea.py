"""The floor for typing into a long answer: a bare Textual app with one soft-wrapped TextArea.

    .venv/bin/python benchmarks/bare_textarea.py

Typed into the same way as Companion's answer box (see screens.keystroke_echo), it is what
Textual itself costs per key. Ctrl+Q quits.
"""

from textual.app import App, ComposeResult
from textual.widgets import Label, TextArea

READY = "What happened?"


class BareTextArea(App[None]):
    CSS = "TextArea { height: 10; }"

    def compose(self) -> ComposeResult:
        yield Label(READY)
        yield TextArea(soft_wrap=True, show_line_numbers=False)


if __name__ == "__main__":
    BareTextArea().run()
