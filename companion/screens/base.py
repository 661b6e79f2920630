"""What every screen that shows journal data shares: load off the app's thread, reload on change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from textual import on, work
from textual.screen import Screen

from companion.core.errors import CompanionError
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

    #: Loads asked for, and the newest whose data is on screen (or whose error was shown).
    _requested = 0
    _shown = 0
    _resumed = False

    def on_screen_resume(self) -> None:
        # A screen's first showing follows its on_mount, which has loaded (or is loading) it.
        if self._resumed and self._shown == self._requested:
            self.load()
        self._resumed = True

    @on(JournalChanged)
    def _journal_changed(self) -> None:
        self.load()

    def load(self, *, ready: T | None = None) -> None:
        """Read the screen's data in a worker, then show it (only the newest load is shown).

        ready is data already read (ahead of time, off this thread): it is shown at once.
        """
        self._requested += 1
        if ready is None:
            self._fetch_in_thread(self._requested)
            return
        self._show(self._requested, ready, None)

    @work(thread=True, exclusive=True, group="load")
    def _fetch_in_thread(self, generation: int) -> None:
        try:
            data = self.fetch()
        except CompanionError as error:
            self.app.call_from_thread(self._show, generation, None, error)
            return
        self.app.call_from_thread(self._show, generation, data, None)

    def _show(self, generation: int, data: T | None, error: CompanionError | None) -> None:
        if generation < self._requested:
            return  # a newer load is under way: its data is fresher
        self._shown = generation
        if error is not None:
            self.companion.show_error(error)
        else:
            self.present(data)  # type: ignore[arg-type]
