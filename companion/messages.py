"""Every custom message the app's screens and widgets exchange, in one place."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class JournalChanged(Message):
    """The journal on disk changed (here or in another Companion); screens reload."""


class AnswerChanged(Message):
    """The leader typed or picked something in the current answer (for autosave)."""

    def __init__(self, form: Widget) -> None:
        super().__init__()
        self.form = form

    @property
    def control(self) -> Widget:
        return self.form
