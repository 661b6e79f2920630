"""Reminders out: the sessions and the nudges around them as a calendar file (.ics).

A terminal app is not running all week, so the nudges live in the calendar the leader already
uses. Each session is an event (times in UTC, so no time-zone block is needed); a coaching call
carries an alarm two days before (prepare); after a call or a workshop a short follow-up event
with its own alarm says what to reflect on (Outlook keeps one alarm an event, so each nudge has
its own); the weekly review repeats on the chosen day at 09:00 local time, with the time zone's
full VTIMEZONE block. UIDs come from the sessions' ids, so importing a newer export into the
same calendar updates the events instead of doubling them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from companion.core import known_scripts as known
from companion.core.calendar.model import Session, SessionKind, at_local, local_zone
from companion.export.writing import WrittenExport, write_export

PRODID = "-//Companion//Programme rhythm//EN"
UID_DOMAIN = "companion.invalid"
#: When the prepare nudge comes before a coaching call (and a celebration's capture).
PREPARE_BEFORE = timedelta(days=2)
#: How long a follow-up ("close it out") event lasts in the calendar.
FOLLOW_UP = timedelta(minutes=15)
REVIEW_AT = time(9, 0)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: What the nudge before a session says, and the reflection it runs.
_BEFORE: dict[SessionKind, tuple[str, str]] = {
    SessionKind.COACHING_CALL: ("Prepare for your coaching call", known.COACHING_PREP),
    SessionKind.CELEBRATION: ("Capture your impact for the celebration", known.CAPTURE_IMPACT),
}
#: What the follow-up after a session says, and the reflection it runs.
_AFTER: dict[SessionKind, tuple[str, str]] = {
    SessionKind.COACHING_CALL: ("Debrief", known.COACHING_DEBRIEF),
    SessionKind.WORKSHOP: ("Close out", known.WORKSHOP_CLOSE_OUT),
    SessionKind.TRIO_MEETING: ("Review the experiment", known.REVIEW_EXPERIMENT),
}


def _run(script_id: str) -> str:
    return f"In Companion: companion reflect {script_id}"


def _alarm(description: str, trigger: timedelta, *, related_end: bool = False) -> Any:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", description)
    if related_end:
        alarm.add("TRIGGER", trigger, parameters={"RELATED": "END"})
    else:
        alarm.add("TRIGGER", trigger)
    return alarm


def _event(uid: str, title: str, stamp: datetime) -> Any:
    from icalendar import Event

    event = Event()
    event.add("UID", f"{uid}@{UID_DOMAIN}")
    event.add("DTSTAMP", stamp)
    event.add("SUMMARY", title)
    return event


def _times(event: Any, session: Session) -> None:
    if session.all_day:
        event.add("DTSTART", session.start.date())
        event.add("DTEND", max(session.end.date(), session.start.date() + timedelta(days=1)))
    else:
        event.add("DTSTART", session.start.astimezone(UTC))
        event.add("DTEND", session.end.astimezone(UTC))


def _session_events(session: Session, stamp: datetime, now: datetime) -> list[Any]:
    event = _event(session.id, session.title, stamp)
    _times(event, session)
    event.add("CATEGORIES", [session.kind.label.capitalize()])
    notes = [f"A {session.kind.label} in your programme."]
    events = [event]
    before = _BEFORE.get(session.kind)
    if before is not None:
        words, script_id = before
        notes.append(f"Two days before: {words.lower()}. {_run(script_id)}")
        if session.start - PREPARE_BEFORE > now:
            event.add_component(
                _alarm(f"{words}: {session.title}. {_run(script_id)}", -PREPARE_BEFORE)
            )
    after = _AFTER.get(session.kind)
    if after is not None:
        words, script_id = after
        notes.append(f"Afterwards: {words.lower()}. {_run(script_id)}")
        if session.end > now:
            follow = _event(f"{session.id}-after", f"{words}: {session.title}", stamp)
            start = session.end.astimezone(UTC)
            if session.all_day:  # the evening of an all-day workshop
                start = at_local(session.start.date(), time(17, 0)).astimezone(UTC)
            follow.add("DTSTART", start)
            follow.add("DTEND", start + FOLLOW_UP)
            follow.add("DESCRIPTION", _run(script_id))
            follow.add("TRANSP", "TRANSPARENT")
            follow.add_component(
                _alarm(f"{words}: {session.title}. {_run(script_id)}", timedelta())
            )
            events.append(follow)
    event.add("DESCRIPTION", "\n".join(notes))
    return events


def _review_event(review_day: str, today: date, stamp: datetime) -> Any:
    weekday = WEEKDAYS.index(review_day)
    first = today + timedelta(days=(weekday - today.weekday()) % 7)
    event = _event("weekly-review", "Weekly review of my commitments", stamp)
    zone = local_zone()
    if zone is not None:  # wall time with its zone: 09:00 in summer and in winter
        event.add("DTSTART", at_local(first, REVIEW_AT))
        event.add("DTEND", at_local(first, REVIEW_AT) + timedelta(minutes=30))
    else:  # the platform knows the zone's rules but not its name: all day, nudged at 09:00
        event.add("DTSTART", first)
        event.add("DTEND", first + timedelta(days=1))
    event.add("RRULE", {"FREQ": "WEEKLY", "BYDAY": review_day[:2].upper()})
    event.add("DESCRIPTION", _run(known.REVIEW_COMMITMENTS))
    event.add("TRANSP", "TRANSPARENT")
    trigger = timedelta() if zone is not None else timedelta(hours=REVIEW_AT.hour)
    event.add_component(
        _alarm(f"Weekly review of your commitments. {_run(known.REVIEW_COMMITMENTS)}", trigger)
    )
    return event


def calendar_text(
    sessions: Iterable[Session], *, now: datetime, review_day: str | None = None
) -> str:
    """The sessions and their reminders as an RFC 5545 calendar (CRLF lines, folded)."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", "Companion: programme rhythm")
    stamp = now.astimezone(UTC).replace(microsecond=0)
    for session in sessions:
        for event in _session_events(session, stamp, now):
            calendar.add_component(event)
    if review_day in WEEKDAYS:
        calendar.add_component(_review_event(review_day, now.date(), stamp))
        calendar.add_missing_timezones(first_date=now.date() - timedelta(days=1))
    text: str = calendar.to_ical().decode("utf-8")
    return text


def write_calendar(
    sessions: Iterable[Session],
    path: Path,
    *,
    now: datetime,
    review_day: str | None = None,
    force: bool = False,
) -> WrittenExport:
    """Write the calendar to path atomically; an existing file is replaced only with force."""
    text = calendar_text(sessions, now=now, review_day=review_day)
    return write_export(text, path, force=force, example="companion.ics")
