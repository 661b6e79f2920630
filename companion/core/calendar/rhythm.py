"""What the programme's rhythm asks of a leader now: read by Home, the scripts and the brief.

Home shows what is coming (the next week) and what is due now (prepare two days before a
call; close out or debrief in the three days after a session), each with the reflection it
opens, and drops a nudge once that reflection is written. "Which session was it?" offers the
sessions of the last week; a coaching debrief's "next call" date adds the call; the coach
brief names the call it is for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from companion.core import known_scripts as known
from companion.core.calendar.model import (
    DEBRIEF,
    Session,
    SessionKind,
    at_local,
    describe_day,
    to_local,
)
from companion.core.dates import shown_date
from companion.core.errors import JournalError
from companion.core.model import Answer, Entry, Option, Script, Step, StepKind

if TYPE_CHECKING:
    from companion.journal import Journal

#: How far ahead Home looks for sessions.
COMING = timedelta(days=7)
#: How long before a session its preparation is due now.
PREPARE = timedelta(days=2)
#: How long after a session its close-out stays due.
AFTERWARDS = timedelta(days=3)
#: How far back "Which session was it?" looks.
LAST_WEEK = timedelta(days=7)
#: The most sessions "Which session was it?" offers.
OFFERED = 8

#: How each reflection is named in a nudge: "Coaching call with Jo on Tuesday: prepare".
ACTIONS = {
    known.COACHING_PREP: "prepare",
    known.COACHING_DEBRIEF: "debrief",
    known.WORKSHOP_CLOSE_OUT: "close it out",
    known.PLAN_EXPERIMENT: "plan the experiment",
    known.REVIEW_EXPERIMENT: "review the experiment",
    known.CAPTURE_IMPACT: "capture your impact",
}


@dataclass(frozen=True)
class Nudge:
    """One line of "Coming up" on Home: a session, and the reflection it asks for (if any)."""

    session: Session
    text: str
    script_id: str | None
    due_now: bool


def _written(entries: Iterable[Entry], script_id: str, since: datetime) -> bool:
    return any(e.script_id == script_id and e.completed >= since for e in entries)


def _when(session: Session, today: date) -> str:
    day = describe_day(session.start, today)
    return day if session.all_day else f"{day} at {to_local(session.start):%H:%M}"


def nudges(sessions: Iterable[Session], entries: Iterable[Entry], now: datetime) -> list[Nudge]:
    """What is due now (first), then what is coming in the next week, soonest first."""
    sessions = list(sessions)
    if not sessions:  # no programme: no local zone to look up (zoneinfo is not loaded)
        return []
    entries = list(entries)
    today = to_local(now).date()
    due: list[Nudge] = []
    coming: list[Nudge] = []
    for session in sessions:
        script_id = session.suggested(now)
        if now - AFTERWARDS <= session.end <= now and session.end > session.start:
            if script_id and not _written(entries, script_id, session.end):
                text = f"{session.title} {describe_day(session.start, today)}"
                due.append(Nudge(session, f"{text}: {ACTIONS[script_id]}", script_id, True))
        elif session.start <= now < session.end:
            coming.append(Nudge(session, f"{session.title}: now", None, False))
        elif now < session.start <= now + COMING:
            if script_id and _written(entries, script_id, session.start - COMING):
                script_id = None  # prepared already
            text = f"{session.title} {_when(session, today)}"
            if script_id:
                soon = session.start - now <= PREPARE
                coming.append(Nudge(session, f"{text}: {ACTIONS[script_id]}", script_id, soon))
            else:
                coming.append(Nudge(session, text, None, False))
    due.sort(key=lambda n: n.session.end, reverse=True)
    coming.sort(key=lambda n: (not n.due_now, n.session.start))
    return due + coming


def read_nudges(journal: Journal, entries: Iterable[Entry]) -> list[Nudge]:
    """Home's nudges from the journal's sessions ([] when its sessions cannot be read: Home
    still opens, and `companion doctor` names the damaged file)."""
    try:
        sessions = journal.sessions()
    except JournalError:
        return []
    return nudges(sessions, entries, journal.now())


# ---------------------------------------------------------------------- in the scripts


def session_label(session: Session) -> str:
    """A session as "Which session was it?" offers it: "Workshop 3, Thu 18 Jun"."""
    return f"{session.title}, {shown_date(to_local(session.start), '%a %-d %b')}"


def offered_step(script: Script, step: Step, journal: Journal) -> Step:
    """The step as this run asks it: "Which session was it?" becomes a choice of the
    sessions of the last week (typing freely still allowed); any other step as it is."""
    wanted = script.id == known.WORKSHOP_CLOSE_OUT and step.id == known.RhythmStep.SESSION
    if not wanted or step.kind != StepKind.TEXT:
        return step
    now = journal.now()
    try:
        recent = [s for s in journal.sessions() if now - LAST_WEEK <= s.start <= now]
    except JournalError:
        return step
    labels = list(dict.fromkeys(session_label(s) for s in reversed(recent)))[:OFFERED]
    if not labels:
        return step
    options = tuple(Option(label, label) for label in labels)
    return replace(step, kind=StepKind.CHOICE, options=options, allow_other=True)


def next_call_session(journal: Journal, day: date) -> Session | None:
    """The coaching call a debrief's "next call" date makes (None if one is that day already):
    named, timed and as long as the last call, else all day."""
    sessions = journal.sessions()
    calls = [s for s in sessions if s.kind == SessionKind.COACHING_CALL]
    if any(to_local(s.start).date() == day for s in calls):
        return None
    last = calls[-1] if calls else None
    if last is None or last.all_day:
        start, end, all_day = at_local(day, time()), at_local(day + timedelta(days=1), time()), True
    else:
        start = at_local(day, to_local(last.start).time().replace(tzinfo=None))
        end, all_day = start + (last.end - last.start), False
    title = last.title if last is not None else "Coaching call"
    return Session(journal.new_id(), title, SessionKind.COACHING_CALL, start, end, DEBRIEF, all_day)


def add_next_call(journal: Journal, script_id: str, answers: Iterable[Answer]) -> None:
    """After a coaching debrief, add the next call its answer names. A failure here never
    undoes the finished entry (which keeps the date): the call can be added by hand."""
    if script_id != known.COACHING_DEBRIEF:
        return
    for answer in answers:
        if answer.step_id == known.RhythmStep.NEXT_CALL and isinstance(answer.value, str):
            try:
                session = next_call_session(journal, date.fromisoformat(answer.value))
                if session is not None:
                    journal.add_sessions([session])
            except (JournalError, ValueError):
                return


# ---------------------------------------------------------------------- the coach brief


def next_call(sessions: Iterable[Session], now: datetime) -> Session | None:
    """The coaching call a brief made now is for: the next one (or one under way)."""
    calls = [s for s in sessions if s.kind == SessionKind.COACHING_CALL and s.end > now]
    return min(calls, key=lambda s: s.start, default=None)


def describe_call(session: Session) -> str:
    """'Coaching call with Jo, Tuesday 12 May 2026 at 10:00'."""
    start = to_local(session.start)
    day = shown_date(start, "%A %-d %B %Y")
    return f"{session.title}, {day}" + ("" if session.all_day else f" at {start:%H:%M}")


def for_call(journal: Journal) -> dict[str, Any]:
    """What the coach brief names: the call it is for, and the leader (from the settings)."""
    from companion.core.settings import load_settings

    try:
        call = next_call(journal.sessions(), journal.now())
    except JournalError:
        call = None
    name = load_settings().settings.name.strip()
    return {"call": describe_call(call) if call is not None else None, "leader": name or None}
