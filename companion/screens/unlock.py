"""Unlock: the passphrase of an encrypted journal, asked before anything of it is shown."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from companion.core.errors import CompanionError, WrongPassphrase
from companion.journal import Journal
from companion.screens.base import CompanionScreen
from companion.widgets.footer import CompanionFooter
from companion.widgets.text import literal
from companion.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    pass

TRIES = 3

EXPLAIN = (
    "This journal is encrypted. Type its passphrase to open it.\n"
    "Nobody can recover a forgotten passphrase, Companion included."
)


class UnlockScreen(CompanionScreen[Journal]):
    """A password field; the key is derived in a worker (Argon2id takes a moment)."""

    TITLE = "Companion"
    SUB_TITLE = "Unlock"
    BINDINGS = [
        Binding("escape", "app.quit", "Quit"),
        Binding("ctrl+q", "app.quit", "Quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tries = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="unlock", classes="panel"):
            yield Static(EXPLAIN, id="unlock-explain")
            yield Static(
                literal(f"Journal: {_shown(self.companion.journal_dir)}"), id="unlock-folder"
            )
            yield Input(
                password=True, placeholder="Passphrase", id="passphrase", select_on_focus=False
            )
            yield Static("", id="unlock-status")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def say(self, text: str) -> None:
        self.query_one("#unlock-status", Static).update(literal(text))

    @on(Input.Submitted, "#passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        passphrase = event.value
        if not passphrase:
            self.say("Type the passphrase, then press Enter.")
            return
        field = self.query_one("#passphrase", Input)
        field.disabled = True
        self.say("Unlocking…")
        self.unlock(passphrase)

    @work(thread=True, exclusive=True, group="unlock")
    def unlock(self, passphrase: str) -> None:
        app = self.companion
        try:
            journal = Journal.open(
                app.journal_dir, passphrase=passphrase, clock=app.clock, lock_timeout=15.0
            )
        except WrongPassphrase:
            self._hand_back(self.wrong)
            return
        except CompanionError as error:
            self._hand_back(app.fail, error)
            return
        self._hand_back(self.dismiss, journal)

    def _hand_back(self, callback: Callable[..., object], *args: object) -> None:
        # The leader may have quit while the key was being derived: then there is no one to tell.
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(callback, *args)

    def wrong(self) -> None:
        self.tries += 1
        if self.tries >= TRIES:
            self.companion.fail(WrongPassphrase(self.companion.journal_dir, tries=self.tries))
            return
        left = TRIES - self.tries
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.disabled = False
        field.focus()
        self.say(
            f"Wrong passphrase or damaged file. Try again ({left} {'try' if left == 1 else 'tries'}"
            " left); Esc quits."
        )


def _shown(folder: Path) -> str:
    """The folder as a leader would type it: ~ for the home folder."""
    try:
        return str(Path("~") / folder.expanduser().resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(folder)
