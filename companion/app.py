"""The full-screen app: a face over the journal service and the session engine."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events, work
from textual._dispatch_key import dispatch_key
from textual.app import SystemCommand
from textual.binding import Binding
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.screen import Screen

from companion.core.errors import CompanionError, JournalLocked
from companion.core.model import Clock, local_now
from companion.core.scripts import Library, load_library
from companion.journal import Journal
from companion.messages import JournalChanged
from companion.screens.base import place as _place
from companion.screens.places import PlacesApp
from companion.widgets.keys import after_queue, up_to_screen
from companion.widgets.narrow import guard_zero_width
from companion.widgets.text import markup_escaped, shown, shown_line

if TYPE_CHECKING:
    from companion.core.session import Session
    from companion.core.views.home import HomeData
    from companion.journal.crypto import Keyring

POLL_SECONDS = 2.0
#: How long a key may take to be handled (with what it sets off) before the next key goes on.
KEY_SETTLE_SECONDS = 0.5
#: The app waits longer than a command for another Companion's save to finish.
LOCK_TIMEOUT = 15.0
#: Seconds after a terminal resize before the focused control is brought back into view.
RESIZE_SETTLE = 0.05
T = TypeVar("T")

guard_zero_width()  # a list squeezed to nothing at a narrow size must not stop the app


#: The places you browse from Home: one at a time is open, and each visit opens it afresh.
BROWSING = ("journal", "commitments", "barriers", "brief")


class CompanionApp(PlacesApp):
    """Companion's screens over one journal."""

    CSS_PATH = "companion.tcss"
    # Classes on every screen for its size (see companion.tcss): narrow or short terminals stack
    # side-by-side panels and drop spacing, so nothing is squeezed to nothing.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    TITLE = "Companion"
    # Each place is a Textual mode with its own stack: what opens from it (an entry, a
    # reflection, a dialog) goes over it. The app starts in Textual's default mode, where the
    # unlock screen shows, and moves to Home once the journal is open.
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "home": _place("companion.screens.home", "HomeScreen"),
        "journal": _place("companion.screens.journal", "JournalScreen"),
        "commitments": _place("companion.screens.commitments", "CommitmentsScreen"),
        "barriers": _place("companion.screens.barriers", "BarriersScreen"),
        "brief": _place("companion.screens.brief", "BriefScreen"),
    }
    BINDINGS = [
        # Shown on every screen, first in its footer (see CompanionFooter).
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        journal_dir: Path,
        *,
        script_id: str | None = None,
        resume: bool = False,
        clock: Clock = local_now,
        library: Library | None = None,
        journal: Journal | None = None,
        poll: bool = True,
        keyring: Keyring | None = None,
    ) -> None:
        super().__init__()
        self.journal_dir = journal_dir
        self.clock = clock
        #: Set when the app stops on an error the command line should report (and exit with).
        self.failure: CompanionError | None = None
        self.needs_unlock = False
        self._home_data: HomeData | None = None
        self._state: Any = None  # the journal files' state when last read (see poll)
        if journal is not None:
            self.journal = journal
        else:
            try:
                opened = Journal.open(
                    journal_dir, clock=clock, lock_timeout=LOCK_TIMEOUT, keyring=keyring
                )
            except JournalLocked:
                self.needs_unlock = True  # the unlock screen opens it
            else:
                from companion.core.views.home import read_home

                self.journal = opened
                # Read before Textual starts, Home's data is in its first frame. (Read in a
                # thread beside Textual's start-up, it was slower: both want the interpreter.)
                # A failure is left for Home's own load to report.
                self._state = opened.state()  # before the read: a change after it is seen
                with contextlib.suppress(CompanionError):
                    self._home_data = read_home(opened)
        self.library = library or load_library(cached=True)
        self._start_script = script_id
        self._start_resume = resume
        self._poll = poll
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="companion-writer")

    def on_mount(self) -> None:
        self._app_loop = asyncio.get_running_loop()
        from companion.screens.settings import start_settings

        start_settings(self)  # the theme, the date order; a damaged settings file is told
        if self.needs_unlock:
            from companion.screens.unlock import UnlockScreen

            self.push_screen(UnlockScreen(), callback=self._unlocked)
            return
        # Not at once: Textual holds every update until the app has mounted, so a screen pushed
        # here is laid out and drawn once for nothing, and its first frame shows only in part.
        self.call_later(self._start)

    def _unlocked(self, journal: Journal | None) -> None:
        if journal is None:
            return
        self.journal = journal
        self.needs_unlock = False
        self._start()

    def on_resize(self) -> None:
        # The control with focus may now be out of sight: once the screen is laid out anew
        # (Textual does it a moment after the terminal says so), scroll it back into view.
        self.set_timer(RESIZE_SETTLE, lambda: self.call_after_refresh(self._focus_in_view))

    def _focus_in_view(self) -> None:
        focused = self.focused
        if focused is not None and not self.screen.can_view_entire(focused):
            focused.scroll_visible(animate=False)

    def fail(self, error: CompanionError) -> None:
        """Stop the app; `companion` prints the error's sentence and exits with its code."""
        self.failure = error
        self.exit(return_code=error.exit_code)

    def _start(self) -> None:
        for note in self.journal.notes:  # e.g. an interrupted `companion encrypt` was finished
            self.notify(note, title="Companion", timeout=10)

        self.switch_place("home")  # drawn once mounted (see PlacesApp)
        for problem in self.library.broken:
            self.notify(
                str(problem), title="A script could not be loaded", severity="warning", timeout=10
            )
        wanted = self._start_script
        drafts = self.journal.drafts() if self._start_resume else []
        drafts = [d for d in drafts if wanted in (None, d.script_id)]
        if drafts:
            self.resume_draft(drafts[0].id)
        elif wanted:
            self.start_reflection(wanted)
        if self._poll:
            if self._state is None:  # not taken when Home's data was read
                self._state = self.journal.state()
            self.set_interval(POLL_SECONDS, self.check_for_changes)

    def take_home_data(self) -> HomeData | None:
        """Home's data as read when the app opened the journal (given out once), or None."""
        data, self._home_data = self._home_data, None
        return data

    # ------------------------------------------------------------ other processes

    @work(thread=True, exclusive=True, group="poll")
    def check_for_changes(self) -> None:
        state = self.journal.state()
        if state != self._state:
            # Not call_from_thread: it waits for the app, which may be closing.
            self._hand_back(self.journal_changed, state)

    def journal_changed(self, state: Any = None) -> None:
        """Tell the visible screen to reload; `state` is read off this thread by the caller.

        Safe at any moment: with no screen up (starting, quitting) there is nothing to reload,
        and a screen under a dialog reloads when the dialog closes (JournalView resumes).
        """
        if state is not None:
            self._state = state
        if self._exit or not self.screen_stack:
            return
        self.screen.post_message(JournalChanged())

    # ------------------------------------------------------------ keys, one at a time

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded or not self.screen_stack:
            await super().on_event(event)
            return
        target: MessagePump = self.focused or self.screen
        # Sent by the app, a key is marked stopped as it leaves the screen for the app; with
        # no sender, "stopped" means a widget took it (see _settle_key).
        event._sender = None
        await super().on_event(event)
        if event.is_forwarded:  # not taken by a priority key such as Ctrl+Q
            await self._settle_key(event, target)

    async def _settle_key(self, event: events.Key, target: MessagePump) -> None:
        """Handle a key, and what it sets off, before the next key goes anywhere.

        Textual hands every key to the focused widget at once and checks shortcuts only when
        the key comes back up; so a word typed just after Enter on Home reached Home's
        shortcuts ("c" opened Commitments) while the reflection was still opening. Here the
        app waits (briefly) for the key to travel up, checks its shortcuts itself, and waits
        for what they set off; the next key then goes to the screen and field now showing.
        """
        deadline = asyncio.get_running_loop().time() + KEY_SETTLE_SECONDS
        for node in up_to_screen(target):
            await after_queue(node, deadline)
            if event._stop_propagation:
                return  # a widget took it (typing)
        if self._exit or not self.screen_stack:
            return
        event._companion_settled = True  # type: ignore[attr-defined]
        if not await self._check_bindings(event.key):
            await dispatch_key(self, event)
        for node in up_to_screen(self.focused or self.screen):
            await after_queue(node, deadline)

    async def _on_key(self, event: events.Key) -> None:
        if getattr(event, "_companion_settled", False):
            event.prevent_default()  # handled when it was typed (see _settle_key)

    # ------------------------------------------------------------ writing

    def write_in_background(
        self,
        write: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        *,
        on_error_extra: str = "",
        on_error: Callable[[CompanionError], None] | None = None,
    ) -> None:
        """Queue a journal write on the app's one writer thread.

        Writes run one at a time in the order asked (a draft save never lands after the draft
        was discarded), typing never waits for them, and leaving a screen never cancels them.
        on_done runs on the app's thread, then the visible screen reloads.
        """

        def work_in_thread() -> None:
            try:
                result = write()
            except CompanionError as error:
                if self._exit and self.failure is None:
                    self.failure = error  # quitting: `companion` prints it once the app closes
                    return
                report = on_error or (lambda e: self.show_error(e, on_error_extra))
                self._hand_back(report, error)
                return
            except Exception as error:  # a bug: say so, keep the app (and the text) alive
                message = f"Companion could not save ({type(error).__name__}: {error})."
                self._hand_back(lambda: self.notify(message, severity="error"))
                return
            state = self.journal.state()  # so the poll does not reload for our own write
            if on_done is not None:
                self._hand_back(on_done, result)
            self._hand_back(self.journal_changed, state)

        self._writer.submit(work_in_thread)

    def _hand_back(self, callback: Callable[..., object], *args: Any) -> None:
        """Run callback on the app's thread without waiting for it.

        The writer never blocks on the app: on quit the app waits for the writer to finish
        its last saves, and the two must not wait for each other.
        """

        def run() -> None:
            if self._exit or not self.screen_stack:
                return  # quitting: nothing is left to show it on (the save itself is done)
            callback(*args)

        with contextlib.suppress(RuntimeError):  # the app has already closed its loop
            self._app_loop.call_soon_threadsafe(run)

    async def writes_done(self) -> None:
        """Wait until every queued write has finished."""
        await asyncio.wrap_future(self._writer.submit(lambda: None))

    def on_unmount(self) -> None:
        # Let queued saves finish before the process ends.
        self._writer.shutdown(wait=True)

    async def action_quit(self) -> None:
        """Quit, keeping every word: what is in an answer box is saved into its draft first."""
        self._quit_keeping_drafts()

    @work(exclusive=True, group="quit")
    async def _quit_keeping_drafts(self) -> None:
        # A reflection whose draft cannot be saved asks first: its words are nowhere else.
        for screen in reversed(self.screen_stack):
            keep = getattr(screen, "keep_before_quit", None)
            if keep is not None and not await keep():
                return
        self.exit()

    # ------------------------------------------------------------ errors

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Always plain text, never markup (`[/]` in a leader's words crashed it); `markup` is
        kept for Textual's signature, and ignored."""
        super().notify(
            shown(message),
            title=shown_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def show_error(self, error: CompanionError, extra: str = "") -> None:
        from companion.screens.base import APP_WORDS

        message = f"{error.worded(APP_WORDS)} {extra}".strip()
        self.notify(message, title="Companion", severity="error", timeout=12)

    # ------------------------------------------------------------ navigation

    def start_reflection(self, script_id: str) -> None:
        from companion.core.session import Session

        self._reflect(lambda: Session(self.library.get(script_id), self.journal, autosave=False))

    def resume_draft(self, draft_id: str) -> None:
        from companion.core.session import Session

        def session() -> Session:
            draft = self.journal.draft(draft_id)
            script = self.library.get(draft.script_id)
            return Session(script, self.journal, draft=draft, autosave=False)

        self._reflect(session)

    def edit_entry(self, entry_id: str) -> None:
        from companion.core.session import Session

        def session() -> Session:
            entry = self.journal.entry(entry_id)
            return Session.for_edit(self.library.get(entry.script_id), self.journal, entry)

        self._reflect(session)

    def _reflect(self, session: Callable[[], Session]) -> None:
        """Open a reflection over the current screen; a script or entry that is gone says so."""
        from companion.screens.reflect import ReflectScreen

        try:
            opened = session()
        except CompanionError as error:
            self.show_error(error)
            return
        self.push_screen(ReflectScreen(opened))

    def open_entry(self, entry_id: str) -> None:
        from companion.screens.entry import EntryScreen

        self.push_screen(EntryScreen(entry_id))

    def _go(self, mode: str) -> None:
        """Show a place: what is open over the current one closes, as Esc would close it (a
        reflection keeps its draft), and a browsing place left behind closes too."""
        if self.needs_unlock or self.still_opening(lambda: self._go(mode)):
            return  # nothing of the journal before its passphrase; one place made at a time
        left = self.current_mode
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if mode == left:
            return
        self.switch_place(mode)
        if left in BROWSING:  # one browsing screen at a time; the next visit opens it afresh
            self.remove_mode(left)
            self.add_mode(left, self.MODES[left])

    def action_show_home(self) -> None:
        self._go("home")

    def action_show_journal(self) -> None:
        self._go("journal")

    def action_show_commitments(self) -> None:
        self._go("commitments")

    def action_show_barriers(self) -> None:
        self._go("barriers")

    def action_show_brief(self) -> None:
        self._go("brief")

    def action_export(self) -> None:
        """Open the Export dialog, starting from what the screen shows (see ExportSource)."""
        from companion.screens.base import ExportSource
        from companion.screens.export import ExportDialog

        screen = self.screen
        self.push_screen(
            ExportDialog(screen.export_request() if isinstance(screen, ExportSource) else None)
        )

    def action_help(self) -> None:
        from companion.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if self.needs_unlock:  # nothing of the journal before its passphrase
            yield from super().get_system_commands(screen)
            return
        yield SystemCommand(
            "Home", "Start a reflection, drafts, what is due", self.action_show_home
        )
        yield SystemCommand("Journal", "Search and read your entries", self.action_show_journal)
        yield SystemCommand(
            "Commitments", "Mark done, drop or renegotiate", self.action_show_commitments
        )
        yield SystemCommand(
            "Barrier register",
            "Every barrier, its enabler and experiments",
            self.action_show_barriers,
        )
        yield SystemCommand(
            "Coach brief", "One page to share before a coaching call", self.action_show_brief
        )
        yield SystemCommand(
            "Export",
            "Take entries out as Markdown, an HTML page or JSON; private ones stay",
            self.action_export,
        )
        yield SystemCommand("Help", "The keys of this screen", self.action_help)
        for script in self.library.ordered():
            yield SystemCommand(  # the command palette reads markup only
                f"Reflect: {markup_escaped(script.title)}",
                markup_escaped(script.summary),
                lambda script_id=script.id: self.start_reflection(script_id),
            )
        from companion.screens.settings import settings_commands

        yield from settings_commands(self)
        yield from super().get_system_commands(screen)


def run_app(
    journal_dir: Path,
    *,
    script_id: str | None = None,
    resume: bool = False,
    keyring: Keyring | None = None,
) -> int:
    """Open the app; returns the exit code (raises the error that stopped it, if one did)."""
    app = CompanionApp(journal_dir, script_id=script_id, resume=resume, keyring=keyring)
    # Everything loaded by now lives as long as the app: keep the cyclic collector from walking
    # it again and again (a full collection in the middle of the first frame costs ~25 ms).
    gc.freeze()
    gc.enable()  # paused since `companion` started the app (see cli/commands/reflect.py)
    app.run()
    if app.failure is not None:
        raise app.failure
    return app.return_code or 0
