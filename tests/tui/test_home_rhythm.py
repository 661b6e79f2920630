"""Home follows the programme's rhythm: at fixed clocks before and after a coaching call and a
workshop, "Coming up" says what is due and opens the reflection it asks for, in the app and in
plain mode alike."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, OptionList, RadioButton

from companion.core.scripts import Library
from companion.journal import Journal
from companion.plain import LineAsker, run_home
from companion.screens.home import HomeScreen
from companion.screens.reflect import ReflectScreen
from tests.conftest import FakeClock
from tests.helpers.app import make_app, settle
from tests.helpers.calendar import add_session, london, use_london

SIZES = [(40, 12), (80, 24), (200, 60)]


@pytest.fixture(autouse=True)
def _programme(monkeypatch: pytest.MonkeyPatch, journal: Journal) -> None:
    use_london(monkeypatch)
    add_session(journal, "Workshop 3", london(2026, 5, 7, 9, 30), minutes=360)  # Thursday
    add_session(journal, "Coaching call with Jo", london(2026, 5, 12, 10, 0))  # Tuesday


def coming(app: Any) -> list[str]:
    widget = app.screen.query_one("#coming", OptionList)
    return [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]


@pytest.mark.parametrize("size", SIZES)
async def test_the_day_after_a_workshop_home_asks_to_close_it_out(
    journal: Journal, library: Library, clock: FakeClock, size: tuple[int, int]
) -> None:
    clock.moment = london(2026, 5, 8, 9, 0)  # Friday
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert coming(app) == [
            "Now: Workshop 3 yesterday: close it out",
            "Coaching call with Jo on Tuesday at 10:00: prepare",
        ]
        assert app.screen.query_one("#coming-title").display
        await pilot.press("n")  # one key away
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.session.script.id == "workshop-close-out"
        # "Which session was it?" offers the workshop (typing freely stays open).
        offered = [str(b.label) for b in app.screen.query(RadioButton)]
        assert offered == ["Workshop 3, Thu 7 May"]
        assert app.screen.query_one("#answer-other", Input)


async def test_two_days_before_the_call_home_asks_to_prepare_and_opens_it(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    clock.moment = london(2026, 5, 10, 18, 0)  # Sunday evening: the close-out has lapsed
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert coming(app) == ["Now: Coaching call with Jo on Tuesday at 10:00: prepare"]
        coming_list = app.screen.query_one("#coming", OptionList)
        coming_list.focus()
        coming_list.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.session.script.id == "coaching-prep"


async def test_after_the_call_home_asks_for_the_debrief(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    clock.moment = london(2026, 5, 12, 11, 15)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert coming(app) == ["Now: Coaching call with Jo today: debrief"]


async def test_with_nothing_coming_the_section_is_hidden(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    clock.moment = london(2026, 6, 30, 9, 0)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert coming(app) == []
        assert not app.screen.query_one("#coming-title").display


def test_plain_mode_says_the_same_and_starts_the_close_out(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    clock.moment = london(2026, 5, 8, 9, 0)
    said: list[str] = []
    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        if prompt.startswith("Start 'Workshop close-out' now?"):
            return "y"
        raise EOFError

    run_home(journal, library, LineAsker(read=read, write=said.append))
    assert "Due now: Workshop 3 yesterday: close it out" in said
    assert "Coming up: Coaching call with Jo on Tuesday at 10:00: prepare" in said
    assert any(line.startswith("Workshop close-out") for line in said), "the close-out began"
