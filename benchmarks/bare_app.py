"""The floor for start-up and memory: a bare Textual app that shows one label.

    .venv/bin/python benchmarks/bare_app.py

Started exactly as Companion is (same interpreter, same terminal), it is what any Textual app
costs before it does anything of its own. Ctrl+Q quits.
"""

from textual.app import App, ComposeResult
from textual.widgets import Label

READY = "Bare Textual app ready"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label(READY)


if __name__ == "__main__":
    BareApp().run()
