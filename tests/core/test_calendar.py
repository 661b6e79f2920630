"""The programme's rhythm in the engine: kinds, series across summer time, what Home nudges,
"Which session was it?", the debrief's next call, and the call the coach brief is for."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.core.calendar.model import (
    SessionKind,
    guess_kind,
    parse_clock,
    parse_kind,
    series_days,
    session_span,
    to_local,
)
from companion.core.calendar.rhythm import nudges, read_nudges
from companion.core.errors import UsageError
from companion.core.model import StepKind
from companion.core.scripts import Library
from companion.core.session import Session
from companion.core.settings import set_setting
from companion.core.views.brief import coach_brief
from companion.journal import Journal
from tests.conftest import FakeClock
from tests.helpers.calendar import add_session, london, use_london


@pytest.fixture(autouse=True)
def _london(monkeypatch: pytest.MonkeyPatch) -> None:
    use_london(monkeypatch)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Coaching call with Jo", SessionKind.COACHING_CALL),
        ("1:1 coaching", SessionKind.COACHING_CALL),
        ("Trio meeting: experiment planning", SessionKind.TRIO_MEETING),
        ("Workshop 3", SessionKind.WORKSHOP),
        ("Storytelling and ambition-setting day", SessionKind.WORKSHOP),
        ("Celebration event", SessionKind.CELEBRATION),
        ("Dentist", SessionKind.OTHER),
    ],
)
def test_kinds_are_guessed_from_titles(title: str, kind: SessionKind) -> None:
    assert guess_kind(title) == kind


def test_kinds_and_times_as_typed() -> None:
    assert parse_kind("Coaching call") == SessionKind.COACHING_CALL
    assert parse_kind("trio") == SessionKind.TRIO_MEETING
    assert parse_clock("9.30") == time(9, 30) and parse_clock("2pm") == time(14, 0)
    for wrong in ("lunch", "25:00"):
        with pytest.raises(UsageError):
            parse_clock(wrong) if ":" in wrong else parse_kind(wrong)


def test_a_series_across_the_clocks_changing_stays_at_ten_local() -> None:
    # Every three weeks from 10 March 2026: the clocks go forward on 29 March and back on
    # 25 October; a leader's 10:00 call stays at 10:00 on their wall clock all year.
    days = series_days(date(2026, 3, 10), 3, date(2026, 11, 30))
    spans = [session_span(day, time(10, 0), 60) for day in days]
    assert {to_local(start).time() for start, _, _ in spans} == {time(10, 0)}
    assert {to_local(end).time() for _, end, _ in spans} == {time(11, 0)}
    offsets = [start.utcoffset() for start, _, _ in spans]
    assert (
        offsets[0] == timedelta(0) and timedelta(hours=1) in offsets and offsets[-1] == timedelta(0)
    )


@given(st.integers(1, 8), st.integers(0, 400))
def test_a_series_has_every_nth_week_and_no_more(every: int, length: int) -> None:
    first = date(2026, 1, 5)
    days = series_days(first, every, first + timedelta(days=length))
    assert days[0] == first and all((b - a).days == 7 * every for a, b in itertools.pairwise(days))
    assert days[-1] <= first + timedelta(days=length) < days[-1] + timedelta(weeks=every)


def test_home_nudges_before_a_call_and_after_a_workshop(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    add_session(journal, "Coaching call with Jo", london(2026, 5, 12, 10, 0))  # a Tuesday
    add_session(journal, "Workshop 3", london(2026, 5, 7, 9, 30), minutes=360)  # a Thursday
    clock.moment = london(2026, 5, 4, 9, 0)  # Monday the week before
    [workshop] = read_nudges(journal, [])  # the call is over a week away
    assert workshop.text == "Workshop 3 on Thursday at 09:30" and workshop.script_id is None
    clock.moment = london(2026, 5, 8, 9, 0)  # Friday, the day after the workshop
    [workshop, call] = read_nudges(journal, [])
    assert (workshop.text, workshop.script_id) == (
        "Workshop 3 yesterday: close it out",
        "workshop-close-out",
    )
    assert workshop.due_now
    assert call.text == "Coaching call with Jo on Tuesday at 10:00: prepare" and not call.due_now
    clock.moment = london(2026, 5, 10, 10, 0)  # Sunday: two days before the call
    close_out = Session(library.get("workshop-close-out"), journal)
    close_out.answer("Workshop 3", step_id="session")
    close_out.answer({"text": "Invite a resident"}, step_id="commitment")
    entry = close_out.finish().entry
    [call] = read_nudges(journal, [entry])
    assert call.due_now and call.script_id == "coaching-prep", "the close-out was written"
    clock.moment = london(2026, 5, 12, 11, 30)  # after the call
    [call] = read_nudges(journal, [entry])
    assert call.text == "Coaching call with Jo today: debrief"


def test_which_session_was_it_offers_last_weeks_sessions(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    add_session(journal, "Workshop 2", london(2026, 4, 20, 9, 30))
    add_session(journal, "Workshop 3", london(2026, 5, 7, 9, 30))
    add_session(journal, "Coaching call with Jo", london(2026, 5, 12, 10, 0))  # still to come
    clock.moment = london(2026, 5, 8, 9, 0)
    session = Session(library.get("workshop-close-out"), journal)
    step = session.step_by_id("session")
    assert step.kind == StepKind.CHOICE
    assert [o.label for o in step.step.options] == ["Workshop 3, Thu 7 May"]
    assert session.answer("Workshop 3, Thu 7 May") is not None
    typed = session.answer("The storytelling day in Leeds")
    assert typed is not None and typed.value == "The storytelling day in Leeds"


def test_with_no_session_last_week_the_question_is_free_text(
    journal: Journal, library: Library
) -> None:
    session = Session(library.get("workshop-close-out"), journal)
    assert session.step_by_id("session").kind == StepKind.TEXT


def test_the_coaching_debrief_asks_for_the_next_call_and_adds_it(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    add_session(journal, "Coaching call with Jo", london(2026, 5, 12, 10, 0), minutes=45)
    clock.moment = london(2026, 5, 12, 11, 0)
    debrief = Session(library.get("coaching-debrief"), journal)
    debrief.answer("Ask who else needs to be in the room.", step_id="takeaway")
    debrief.answer({"text": "Talk to my trio"}, step_id="commitment")
    debrief.answer("in 3 weeks", step_id="next-call")
    debrief.finish()
    calls = [s for s in journal.sessions() if s.kind == SessionKind.COACHING_CALL]
    assert len(calls) == 2
    assert calls[1].title == "Coaching call with Jo" and calls[1].source == "debrief"
    assert to_local(calls[1].start) == london(2026, 6, 2, 10, 0)
    assert calls[1].end - calls[1].start == timedelta(minutes=45)


def test_the_coach_brief_names_the_next_call_and_the_leader(
    journal: Journal, clock: FakeClock
) -> None:
    from companion.core.calendar.rhythm import for_call

    add_session(journal, "Coaching call with Jo", london(2026, 5, 12, 10, 0))
    clock.moment = london(2026, 5, 8, 9, 0)
    set_setting("name", "Sam Leader")
    brief = coach_brief([], [], clock(), **for_call(journal))
    assert (
        "Sam Leader's brief for Coaching call with Jo, Tuesday 12 May 2026 at 10:00."
        in brief.markdown
    )
    bare = coach_brief([], [], clock())
    assert "brief for" not in bare.markdown


def test_no_sessions_no_nudges() -> None:
    assert nudges([], [], london(2026, 5, 8, 9, 0)) == []
