"""Helpers for driving the app in tests: a small lived-in journal and waiting for workers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from companion.app import CompanionApp
from companion.core.model import CommitmentStatus
from companion.core.scripts import Library
from companion.core.session import Session
from companion.journal import Journal


def fill_journal(journal: Journal, library: Library, clock: Any) -> None:
    """Three weeks of a leader's journal, written through the engine with a fake clock."""
    clock.advance(days=-21)
    close_out = Session(library.get("workshop-close-out"), journal)
    close_out.answer("Introductory workshop", step_id="session")
    close_out.answer("How much of our work is shaped by who holds the budget.", step_id="resonated")
    close_out.answer(
        {"text": "Invite a resident to the next partnership meeting", "due": "2026-11-10"},
        step_id="commitment",
    )
    close_out.answer(["inequality", "resident-voice"], step_id="tags")
    close_out.finish()
    clock.advance(days=7)
    diary = Session(library.get("learning-diary"), journal)
    diary.answer(
        "The Board paper went through without a single question about residents.",
        step_id="happened",
    )
    diary.answer(
        "I stayed quiet when I should have asked who was missing.", step_id="noticed", private=True
    )
    diary.finish()
    clock.advance(days=7)
    debrief = Session(library.get("coaching-debrief"), journal)
    debrief.answer("I can ask for a different kind of meeting.", step_id="takeaway")
    debrief.answer(
        {
            "text": "Draft a one-page proposal for a walking meeting",
            "due": "2026-11-27",
            "first_step": "Ask Sam",
        },
        step_id="commitment",
    )
    debrief.finish()
    third = journal.add_commitment("Read the insight report before the trio call")
    journal.set_commitment_status(third.id, CommitmentStatus.DONE, note="Useful for the trio")
    clock.advance(days=7)


def make_app(journal: Journal, library: Library) -> CompanionApp:
    return CompanionApp(journal.folder, journal=journal, library=library, poll=False)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every worker has finished and the screen has caught up."""
    for _ in range(3):
        await pilot.pause()
        # Only disk work: async workers may be waiting, on purpose, for a dialog's answer.
        busy = [w for w in pilot.app.workers if getattr(w, "_thread_worker", False)]
        if busy:  # an empty list would mean "every worker"
            await pilot.app.workers.wait_for_complete(busy)
        await pilot.app.writes_done()  # type: ignore[attr-defined]
    await pilot.pause()


def freeze_cursors(app: CompanionApp) -> None:
    """Stop cursors blinking so screenshots are the same every run."""
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False


def journal_folder(app: CompanionApp) -> Path:
    return app.journal.folder


#: Frame and scrollbar glyphs a widget draws around its text (never in the words tested).
_FRAME = set("▊▎▔▁│─┃━╭╮╰╯┌┐└┘▏▕▐▌█▄▀▼")


def _squash(text: str) -> str:
    return "".join(c for c in text if not c.isspace() and c not in _FRAME)


def texts_on_screen(app: CompanionApp) -> list[str]:
    """What each widget of the top screen draws now, row by row, as a leader would read it.

    Read from the screen's own drawing (so markup that was parsed, hidden or turned into an
    action would show), cut to each widget's area, so a neighbour's text never interleaves.
    """
    screen = app.screen
    strips = screen._compositor.render_strips()
    shown: list[str] = []
    for widget in screen.query("*"):
        region = widget.content_region.intersection(screen.region)
        if not widget.display or not region:
            continue
        rows = [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]
        shown.append("\n".join(rows))
    return shown


def on_screen(app: CompanionApp, text: str, drawn: list[str] | None = None) -> bool:
    """Whether one widget of the top screen shows text, wrapped or not, spaces aside.

    drawn is texts_on_screen(app), when it was just read.
    """
    wanted = _squash(text)
    drawn = texts_on_screen(app) if drawn is None else drawn
    return any(wanted in _squash(text) for text in drawn)


def find_on_screen(app: CompanionApp, text: str) -> tuple[int, int]:
    """Where text starts on the screen, (x, y) in cells, to click it."""
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        row = strip.text
        index = row.find(text)
        if index >= 0:
            return cell_len(row[:index]), y
    raise AssertionError(f"{text!r} is not on screen")
