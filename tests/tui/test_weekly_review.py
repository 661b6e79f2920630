"""The weekly review with many commitments open: it opens on its first question with the full
count, moves and resumes as before, and after Home's read-ahead reads no commitments file."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from textual.widgets import Static

from companion.core.scripts import Library
from companion.core.session import Session
from companion.journal import Journal
from companion.screens.reflect import ReflectScreen, ReviewScreen
from companion.screens.warm import warm_up
from tests.helpers.app import make_app, settle

REVIEW = "review-commitments"
OPEN = 30


@pytest.fixture
def many_open(journal: Journal) -> Journal:
    for i in range(OPEN):
        journal.add_commitment(f"Commitment {i}", due=date(2026, 10, 1) + timedelta(days=i))
    return journal


def progress(screen: Any) -> str:
    return str(screen.query_one("#progress", Static).render())


def prompt(screen: Any) -> str:
    return str(screen.query_one("#prompt", Static).render())


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
async def test_the_review_opens_on_its_first_question_and_makes_the_next_as_reached(
    many_open: Journal, library: Library, size: tuple[int, int]
) -> None:
    app = make_app(many_open, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReflectScreen)
        assert progress(screen) == f"Question 1 of {OPEN + 1}"
        assert prompt(screen) == "How is this commitment going? “Commitment 0”"
        assert screen.session.steps.waiting() == OPEN - 1  # only the question showing is made
        await pilot.press("enter", "ctrl+n")  # Done
        await settle(pilot)
        assert progress(screen) == f"Question 2 of {OPEN + 1}"
        assert prompt(screen) == "How is this commitment going? “Commitment 1”"
        assert screen.session.steps.waiting() == OPEN - 2
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert prompt(screen) == "How is this commitment going? “Commitment 0”"
        assert screen.session.value()["decision"] == "done"  # type: ignore[index]
        screen.open_review()  # the review page lists every commitment, in order
        await settle(pilot)
        page = app.screen
        assert isinstance(page, ReviewScreen)
        listed = page.query_one("#review-answers").option_count  # type: ignore[attr-defined]
        assert listed == OPEN + 1
        assert page.session.steps.waiting() == 0


def test_after_the_read_ahead_the_review_reads_no_commitments_file(
    many_open: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home's read-ahead keeps the open commitments of each monthly file: the review then costs a
    stat per file, not a pass over every commitment ever made."""
    reopened = Journal.open(many_open.folder, clock=clock)
    warm_up(reopened)

    def no_reading(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a commitments file was gone through again")

    monkeypatch.setattr(reopened.store, "load_records", no_reading)
    session = Session(library.get(REVIEW), reopened, autosave=False)
    assert session.progress == f"1 of {OPEN + 1}"
    assert session.current.prompt == "How is this commitment going? “Commitment 0”"
