"""What every screen shares: one typed way to the app; and, for a screen that shows journal data,
loading off the app's thread and reloading on change."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast, runtime_checkable

from textual import events, on, work
from textual._context import NoActiveAppError, active_app
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from companion.core.errors import CompanionError, Hint
from companion.messages import JournalChanged

#: The app's words for what the leader can do next (core errors carry a neutral hint; the
#: command line words it as flags and commands, the app as keys and screens).
APP_WORDS: dict[Hint, str] = {
    Hint.RESTORE: "quit, then run `companion doctor --restore` in a terminal to put it back",
    Hint.CHECK_JOURNAL: "quit, then run `companion doctor` in a terminal to see what to do",
    Hint.SHOW_ENTRY_IDS: "the Journal (j) lists every entry",
    Hint.SHOW_COMMITMENT_IDS: "Commitments (c) lists them",
    Hint.LIST_SCRIPTS: "Home lists the ones you can run",
    Hint.SHARE: "contributions are made with Share (Ctrl+T on the Journal)",
    Hint.WRITABLE_JOURNAL: (
        "quit, then open Companion on a journal on a writable disk (`companion --journal FOLDER`)"
    ),
}

if TYPE_CHECKING:
    from companion.app import CompanionApp
    from companion.export.writing import WrittenExport
    from companion.screens.export import ExportRequest

T = TypeVar("T")
ResultT = TypeVar("ResultT")


def place(module: str, name: str) -> Callable[[], Screen[Any]]:
    """A mode's screen, made when the mode is first shown (the module is imported only then)."""

    def make() -> Screen[Any]:
        screen_type: type[Screen[Any]] = getattr(importlib.import_module(module), name)
        return screen_type()

    return make


def companion_of(node: DOMNode) -> CompanionApp:
    """The app a screen or widget runs in, typed: the one place its type is said."""
    return cast("CompanionApp", node.app)


class CompanionScreen(Screen[ResultT]):
    """A full screen of Companion's: `companion` is the app, with the journal and what it offers.

    Styled once as it is first shown. Textual styles every widget as it mounts, then again for
    each resume (a new place gets two) and again when the size classes (-wide, -tall) arrive:
    four times over for Home before its first frame, and a new place also parsed all the CSS
    twice. A new screen has nothing styled with older CSS, so it starts with the size classes
    and counts as up to date with the app's CSS; its first resume keeps the styles it mounted
    with, unless the CSS changed since (a theme chosen meanwhile).
    """

    #: The app's CSS version when this screen was made (None: made outside a running app).
    _styled_with: int | None = None

    def __init__(
        self, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        try:
            app = active_app.get()
        except (LookupError, NoActiveAppError):
            return
        if not app.is_running:
            return
        self._styled_with = app._css_update_count
        self._css_update_count = app._css_update_count
        self.update_classes(size_classes(self, app.size.width, app.size.height), update=False)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Dispatched before Screen's own handler, which restyles everything if asked to.
        if self._styled_with is not None and self._styled_with == self.app._css_update_count:
            event.refresh_styles = False

    def _on_screen_suspend(self) -> None:
        self._styled_with = None  # resumed after this, it is restyled as Textual does

    @property
    def companion(self) -> CompanionApp:
        return companion_of(self)


def size_classes(screen: Screen[Any], width: int, height: int) -> dict[str, bool]:
    """The classes Textual gives a screen of this size (see App.HORIZONTAL_BREAKPOINTS)."""
    app = screen.app
    horizontal = screen.HORIZONTAL_BREAKPOINTS
    horizontal = (app.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal) or []
    vertical = screen.VERTICAL_BREAKPOINTS
    vertical = (app.VERTICAL_BREAKPOINTS if vertical is None else vertical) or []
    classes = {name: False for _, name in (*horizontal, *vertical)}
    for name in screen._get_breakpoint_classes(width, list(horizontal)):
        classes[name] = True
    for name in screen._get_breakpoint_classes(height, list(vertical)):
        classes[name] = True
    return classes


class CompanionDialog(ModalScreen[ResultT]):
    """A dialog of Companion's, over a screen: `companion` is the app, as on every screen."""

    @property
    def companion(self) -> CompanionApp:
        return companion_of(self)


class WritingDialog(CompanionDialog[Path | None]):
    """A dialog that writes a file in the background (Export, Share): on success it says so
    and closes with the path; on failure it says why in the dialog (or in the app, if the
    dialog is gone) and lets the leader try again."""

    #: The Static under the form where a problem is said.
    PROBLEM = "#problem"

    def _problem(self, message: str) -> None:
        from textual.widgets import Static

        from companion.widgets.text import literal

        self.query_one(self.PROBLEM, Static).update(literal(message))

    def write_then_close(
        self,
        write: Callable[[], WrittenExport],
        said: Callable[[WrittenExport], str],
        *,
        title: str,
        button: str,
        words: Mapping[Hint, str],
    ) -> None:
        def done(written: WrittenExport) -> None:
            self.app.notify(said(written), title=title, timeout=10)
            if self.is_attached:
                self.dismiss(written.path)

        def failed(error: CompanionError) -> None:
            if self.is_attached:
                self.query_one(f"#{button}").disabled = False
                self._problem(error.worded(words))
            else:
                self.companion.show_error(error)

        self.companion.write_in_background(write, done, on_error=failed)


@runtime_checkable
class ExportSource(Protocol):
    """A screen whose Export starts from what it shows (the Journal: its search and filters)."""

    def export_request(self) -> ExportRequest: ...


class JournalView(CompanionScreen[None], Generic[T]):
    """A screen fed from the journal: `fetch` runs in a worker, `present` on the app's thread.

    Every subclass defines both methods.
    """

    fetch: Callable[[], T]  # read what the screen shows (called in a worker thread)
    present: Callable[[T], None]  # show what fetch read

    #: Loads asked for, and the newest whose data is on screen (or whose error was shown).
    _requested = 0
    _shown = 0
    _suspended = False

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        # Reload only on coming back from under another screen (or from another place): its
        # first showing follows its on_mount, which has loaded (or is loading) it; and Textual
        # resumes a place's first screen twice as it opens.
        if self._suspended and self._shown == self._requested:
            self.load()
        self._suspended = False

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
        from companion.screens.warm import wait_for_read_ahead

        wait_for_read_ahead(self.companion.journal)  # rather than read the same files beside it
        try:
            data = self.fetch()
        except CompanionError as error:
            self.app.call_from_thread(self._show, generation, None, error)
            return
        self.app.call_from_thread(self._show, generation, data, None)

    def _show(self, generation: int, data: T | None, error: CompanionError | None) -> None:
        if generation < self._requested:
            return  # a newer load is under way: its data is fresher
        if not self.is_attached or self._closing or self._pruning:
            return  # the place was left while its data was read: nothing to show it on
        self._shown = generation
        if error is not None:
            self.companion.show_error(error)
        else:
            self.present(cast(T, data))  # no error: the data fetch read
