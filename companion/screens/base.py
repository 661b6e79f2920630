"""What every screen that shows journal data shares: load off the app's thread, reload on change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from textual import on, work
from textual.screen import Screen

from companion.errors import CompanionError
from companion.messages import JournalChanged

if TYPE_CHECKING:
    from companion.app import CompanionApp

T = TypeVar("T")


class JournalView(Screen[None], Generic[T]):
    """A screen fed from the journal: `fetch` runs in a worker, `present` on the app's thread.

    Every subclass defines both methods.
    """

    fetch: Callable[[], T]  # read what the screen shows (called in a worker thread)
    present: Callable[[T], None]  # show what fetch read

    @property
    def companion(self) -> CompanionApp:
        return self.app  # type: ignore[return-value]

    def on_screen_resume(self) -> None:
        self.load()

    @on(JournalChanged)
    def _journal_changed(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        try:
            data = self.fetch()
        except CompanionError as error:
            self.app.call_from_thread(self.companion.show_error, error)
            return
        self.app.call_from_thread(self.present, data)
