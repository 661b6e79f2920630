"""Reminders out: the sessions and their nudges as a calendar, read back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from companion.core.calendar.model import Session, SessionKind, at_local, session_span, to_local
from companion.core.errors import UsageError
from companion.export.ics import calendar_text, write_calendar
from companion.journal import Journal
from tests.conftest import FakeClock
from tests.helpers.calendar import add_session, london, use_london

CELEBRATION = SessionKind.CELEBRATION
NOW = london(2026, 3, 2, 9, 0)  # a Monday


@pytest.fixture(autouse=True)
def _london(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    use_london(monkeypatch)
    clock.moment = NOW


def rhythm(journal: Journal) -> None:
    add_session(journal, "Coaching call with Jo", london(2026, 3, 31, 10, 0))  # after clocks change
    add_session(journal, "Workshop 3", london(2026, 3, 20, 9, 30), minutes=360)
    start, end, _ = session_span(date(2026, 10, 21), None, 0)
    celebration = Session("celebration", "Celebration event", CELEBRATION, start, end, all_day=True)
    journal.add_sessions([celebration])


def events(text: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_export_reads_back_with_uids_stamps_and_reminders(journal: Journal) -> None:
    rhythm(journal)
    text = calendar_text(journal.sessions(), now=NOW, review_day="friday")
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0" and "Companion" in str(calendar["PRODID"])
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    found = events(text)
    uids = [str(e["UID"]) for e in found.values()]
    assert len(uids) == len(set(uids))
    for event in found.values():
        stamp = event.decoded("DTSTAMP")
        assert stamp.utcoffset() == timedelta(0)

    call = found["Coaching call with Jo"]
    assert call.decoded("DTSTART") == london(2026, 3, 31, 10, 0)  # 09:00 UTC, 10:00 in London
    [alarm] = call.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(days=2)
    assert "companion reflect coaching-prep" in str(alarm["DESCRIPTION"])
    debrief = found["Debrief: Coaching call with Jo"]
    assert debrief.decoded("DTSTART") == london(2026, 3, 31, 11, 0)
    assert "companion reflect coaching-debrief" in str(debrief.walk("VALARM")[0]["DESCRIPTION"])

    close_out = found["Close out: Workshop 3"]
    assert close_out.decoded("DTSTART") == london(2026, 3, 20, 15, 30)  # when the workshop ends
    assert "workshop-close-out" in str(close_out.walk("VALARM")[0]["DESCRIPTION"])

    celebration = found["Celebration event"]
    assert celebration.decoded("DTSTART") == date(2026, 10, 21)  # all day stays all day

    review = found["Weekly review of my commitments"]
    assert review["RRULE"]["FREQ"] == ["WEEKLY"] and review["RRULE"]["BYDAY"] == ["FR"]
    first = review.decoded("DTSTART")
    assert first == london(2026, 3, 6, 9, 0)
    assert review["DTSTART"].params["TZID"] == "Europe/London"
    assert "Europe/London" in [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert "review-commitments" in str(review.walk("VALARM")[0]["DESCRIPTION"])


def test_uids_are_stable_so_a_newer_export_updates_the_calendar(journal: Journal) -> None:
    rhythm(journal)
    first = events(calendar_text(journal.sessions(), now=NOW, review_day="monday"))
    later = events(calendar_text(journal.sessions(), now=NOW + timedelta(hours=1)))
    assert {str(e["UID"]) for e in later.values()} <= {str(e["UID"]) for e in first.values()}


def test_no_nudge_is_set_in_the_past(journal: Journal) -> None:
    add_session(journal, "Coaching call with Jo", london(2026, 3, 3, 10, 0))  # tomorrow
    found = events(calendar_text(journal.sessions(), now=NOW))
    assert not found["Coaching call with Jo"].walk("VALARM"), "two days before is gone"
    assert "Debrief: Coaching call with Jo" in found


def test_written_atomically_and_never_over_a_file_unasked(journal: Journal, tmp_path: Path) -> None:
    rhythm(journal)
    target = tmp_path / "programme.ics"
    target.write_text("my own calendar")
    with pytest.raises(UsageError):
        write_calendar(journal.sessions(), target, now=NOW)
    assert target.read_text() == "my own calendar"
    write_calendar(journal.sessions(), target, now=NOW, force=True)
    assert "Workshop 3" in events(target.read_text())


def test_an_all_day_session_in_utc_terms_is_its_local_day(journal: Journal) -> None:
    start = at_local(date(2026, 6, 18), datetime.min.time())
    assert to_local(start).date() == date(2026, 6, 18)
    assert start.astimezone(UTC).date() == date(2026, 6, 17)  # midnight BST is 23:00 UTC
