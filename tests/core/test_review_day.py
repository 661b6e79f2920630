"""The weekly review falls due on the leader's review day, and stays due until it is done."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from companion.core.model import LAST_REVIEW_KEY, Commitment
from companion.core.settings import WEEKDAYS, set_setting
from companion.core.views.home import read_home
from companion.core.views.reports import review_reminder
from companion.journal import Journal
from tests.conftest import LONDON_WINTER

FRIDAY = WEEKDAYS.index("friday")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=LONDON_WINTER)


OPEN = [Commitment(id="01abc", text="x", created=at(date(2026, 10, 1)))]


def test_due_on_the_review_day_not_the_day_before() -> None:
    done_friday = at(date(2026, 11, 13)).isoformat()
    thursday, friday, saturday = date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 21)
    assert not review_reminder(done_friday, OPEN, at(thursday), FRIDAY).due
    assert review_reminder(done_friday, OPEN, at(friday), FRIDAY).due
    assert review_reminder(done_friday, OPEN, at(saturday), FRIDAY).due  # until it is done
    early = at(date(2026, 11, 19)).isoformat()  # done a day early: this week's is done
    reminder = review_reminder(early, OPEN, at(friday), FRIDAY)
    assert not reminder.due and "Next one: Friday 27 November." in reminder.message


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=6),
)
def test_due_exactly_when_no_review_since_the_last_review_day(
    today: date, ago: int, review_day: int
) -> None:
    last = today - timedelta(days=ago)
    due = review_reminder(at(last).isoformat(), OPEN, at(today), review_day).due
    last_review_day = today - timedelta(days=(today.weekday() - review_day) % 7)
    assert due == (last <= last_review_day - timedelta(days=7))
    assert not review_reminder(at(last).isoformat(), [], at(today), review_day).due


def test_home_follows_the_setting(journal: Journal) -> None:
    journal.add_commitment("Call Sam")
    today = journal.today()
    journal.set_meta(LAST_REVIEW_KEY, at(today - timedelta(days=1)).isoformat())
    ahead = 1 if WEEKDAYS[(today.weekday() + 1) % 7] != "friday" else 2  # not the default
    chosen = WEEKDAYS[(today.weekday() + ahead) % 7]
    set_setting("review_day", chosen)
    data = read_home(journal)
    assert data.reminder is not None
    assert f"Next one: {chosen.title()}" in data.reminder.message
