"""Every custom message the app's screens and widgets exchange, in one place."""

from __future__ import annotations

from textual.message import Message


class JournalChanged(Message):
    """The journal on disk changed (here or in another Companion); screens reload."""


class AnswerChanged(Message):
    """The leader typed or picked something in the current answer (for autosave)."""
