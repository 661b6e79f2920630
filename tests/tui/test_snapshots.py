"""SVG snapshots of the key screens at 80x24 and 120x36 (update with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from companion.journal import Journal
from tests.helpers.app import fill_journal, freeze_cursors, make_app, settle

SIZES = [(80, 24), (120, 36)]


@pytest.fixture
def lived_in(journal: Journal, library, clock) -> Journal:  # type: ignore[no-untyped-def]
    fill_journal(journal, library, clock)
    return journal


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, lived_in: Journal, library, size) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Any) -> None:
        await settle(pilot)
        freeze_cursors(pilot.app)

    assert snap_compare(make_app(lived_in, library), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_reflect_long_answer_with_word_count(
    snap_compare, lived_in: Journal, library, size
) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Any) -> None:
        await settle(pilot)
        app = pilot.app
        app.start_reflection("shared-purpose")
        await settle(pilot)
        session = app.screen.session
        session.answer("Unpaid carers", step_id="aspect")
        session.answer("Recognise carers and prevent harm to their health", step_id="what")
        session.answer("Because carers hold the system up", step_id="why")
        session.go_to("benefits")
        await app.screen.show_step()
        await settle(pilot)
        await pilot.press(*"Carers and the people they care for have healthier, happier lives")
        await settle(pilot)
        freeze_cursors(app)

    assert snap_compare(make_app(lived_in, library), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_journal(snap_compare, lived_in: Journal, library, size) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        freeze_cursors(pilot.app)

    assert snap_compare(make_app(lived_in, library), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_commitments(snap_compare, lived_in: Journal, library, size) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("c", "a")
        await settle(pilot)
        freeze_cursors(pilot.app)

    assert snap_compare(make_app(lived_in, library), terminal_size=size, run_before=ready)


@pytest.fixture
def coached(journal: Journal, library, clock) -> Journal:  # type: ignore[no-untyped-def]
    from tests.helpers.over_time import coaching_cycle, commitment_history

    commitment_history(journal, clock)
    coaching_cycle(journal, library, clock)
    return journal


def test_barrier_register(snap_compare, coached: Journal, library) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)

    assert snap_compare(make_app(coached, library), terminal_size=(120, 36), run_before=ready)


def test_coach_brief(snap_compare, coached: Journal, library) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

    assert snap_compare(make_app(coached, library), terminal_size=(100, 36), run_before=ready)


def test_home_with_a_season_of_reflection(snap_compare, coached: Journal, library) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Any) -> None:
        await settle(pilot)
        freeze_cursors(pilot.app)

    assert snap_compare(make_app(coached, library), terminal_size=(120, 48), run_before=ready)


def test_export_dialog(snap_compare, lived_in: Journal, library) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = pilot.app.screen
        screen.folder = Path("/home/leader")  # the same default path on every machine
        screen.query_one("#export-path").value = "/home/leader/companion-journal.md"
        await settle(pilot)
        freeze_cursors(pilot.app)

    assert snap_compare(make_app(lived_in, library), terminal_size=(100, 50), run_before=ready)
