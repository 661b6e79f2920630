"""What every screen that shows journal data shares: load off the app's thread, reload on change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.screen import Screen

from companion.errors import CompanionError
from companion.messages import JournalChanged

if TYPE_CHECKING:
    from companion.app import CompanionApp


class JournalView(Screen[None]):
    """A screen fed from the journal: `fetch` runs in a worker, `present` on the app's thread."""

    @property
    def companion(self) -> CompanionApp:
        return self.app  # type: ignore[return-value]

    def fetch(self) -> Any:
        """Read what the screen shows (called in a worker thread)."""
        raise NotImplementedError

    def present(self, data: Any) -> None:
        """Show what fetch read."""
        raise NotImplementedError

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
