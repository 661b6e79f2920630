"""The unlock screen: an encrypted journal asks for its passphrase before anything is shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from companion.app import CompanionApp
from companion.core.errors import WrongPassphrase
from companion.core.scripts import Library
from companion.journal import Journal
from companion.journal.crypto import OWASP_MINIMUM
from companion.screens.home import HomeScreen
from companion.screens.unlock import UnlockScreen
from tests.helpers.app import fill_journal, freeze_cursors, settle

PASSPHRASE = "walking meetings in the rain"


@pytest.fixture
def sealed(journal: Journal, library: Library, clock: Any) -> Journal:
    fill_journal(journal, library, clock)
    journal.encrypt(PASSPHRASE, OWASP_MINIMUM)
    return journal


def locked_app(folder: Path, library: Library, clock: Any) -> CompanionApp:
    return CompanionApp(folder, library=library, clock=clock, poll=False)


async def type_passphrase(pilot: Any, text: str) -> None:
    field = pilot.app.screen.query_one("#passphrase", Input)
    field.value = text
    await pilot.press("enter")
    await settle(pilot)


def status(app: CompanionApp) -> str:
    return str(app.screen.query_one("#unlock-status", Static).render())


async def test_the_right_passphrase_opens_home(
    sealed: Journal, library: Library, clock: Any
) -> None:
    app = locked_app(sealed.folder, library, clock)
    assert app.needs_unlock
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        field = app.screen.query_one("#passphrase", Input)
        assert field.password and field.has_focus
        await type_passphrase(pilot, PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)
        assert app.journal.encrypted
        recent = app.screen.query_one("#recent")
        assert recent.option_count == 3  # type: ignore[attr-defined]
        # Written through the unlocked key, like any other save.
        app.journal.add_commitment("Saved from the unlocked app")
    again = Journal.open(sealed.folder, passphrase=PASSPHRASE)
    assert "Saved from the unlocked app" in [c.text for c in again.commitments()]


async def test_three_wrong_passphrases_close_the_app_with_a_clear_message(
    sealed: Journal, library: Library, clock: Any
) -> None:
    before = {p: p.read_bytes() for p in sealed.folder.rglob("*") if p.is_file()}
    app = locked_app(sealed.folder, library, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_passphrase(pilot, "not it")
        assert "wrong passphrase or damaged file" in status(app).lower()
        assert "2 tries left" in status(app)
        field = app.screen.query_one("#passphrase", Input)
        assert field.value == "" and not field.disabled
        await type_passphrase(pilot, "")
        assert "Type the passphrase" in status(app)
        await type_passphrase(pilot, "still not it")
        assert "1 try left" in status(app)
        await type_passphrase(pilot, "nor this")
        await pilot.pause()
    assert isinstance(app.failure, WrongPassphrase)
    assert "wrong passphrase or damaged file (3 tries)" in str(app.failure)
    assert app.return_code == WrongPassphrase.exit_code
    assert {p: p.read_bytes() for p in sealed.folder.rglob("*") if p.is_file()} == before


async def test_nothing_of_the_journal_is_reachable_before_unlocking(
    sealed: Journal, library: Library, clock: Any
) -> None:
    app = locked_app(sealed.folder, library, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Journal" not in titles and "Commitments" not in titles
        await pilot.press("j", "c")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.failure is None


def test_unlock_screen_snapshot(snap_compare, library, clock) -> None:  # type: ignore[no-untyped-def]
    folder = Path.home() / "journal"  # shown as ~/journal, the same on every run
    Journal.open(folder, clock=clock).encrypt(PASSPHRASE, OWASP_MINIMUM)

    async def ready(pilot: Any) -> None:
        await settle(pilot)
        await type_passphrase(pilot, "not it")
        freeze_cursors(pilot.app)
        await pilot.pause()

    app = locked_app(folder, library, clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


async def test_a_keyring_from_a_passphrase_file_skips_the_unlock_screen(
    sealed: Journal, library: Library, clock: Any
) -> None:
    from companion.journal import crypto

    keyring = crypto.unlock(sealed.folder, PASSPHRASE)
    app = CompanionApp(sealed.folder, library=library, clock=clock, poll=False, keyring=keyring)
    assert not app.needs_unlock
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.journal.encrypted
