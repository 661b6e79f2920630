"""Bring a calendar in: the .ics files Outlook, Google Calendar and Apple Calendar export.

icalendar reads the file (folded lines, CRLF, VTIMEZONE blocks, Windows zone names) and
recurring_ical_events expands repeating meetings over a window (a year back, two ahead),
with their exceptions (EXDATE), moved occurrences (RECURRENCE-ID) and cancellations. The whole
file is read and checked before anything is written: a broken one is one sentence, and the
journal is left as it was. Importing the same file again adds nothing; a changed meeting is
found again by its UID (and occurrence) and updated.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from companion.core.calendar.model import (
    ICS_PREFIX,
    Session,
    SessionKind,
    at_local,
    guess_kind,
)
from companion.core.errors import ImportFileError
from companion.importing.common import read_file_bytes
from companion.journal import Journal

#: How far back and ahead a calendar's meetings are brought in.
YEARS_BACK = 1
YEARS_AHEAD = 2
#: The most meetings one import brings in over that window.
MAX_SESSIONS = 3000
#: The largest calendar file read (a busy Outlook calendar exported whole is a few megabytes).
MAX_BYTES = 20 * 1024 * 1024
#: The longest title kept (a pasted agenda is cut).
MAX_TITLE = 200


@dataclass
class CalendarFile:
    """A calendar read and checked: its meetings in the window, ready to merge."""

    path: Path
    sessions: list[Session] = field(default_factory=list)
    #: Every UID the file names (cancelled ones too), so meetings gone from it are removed.
    uids: set[str] = field(default_factory=set)
    cancelled: int = 0
    window: tuple[datetime, datetime] = (datetime.min.replace(tzinfo=UTC),) * 2


@dataclass(frozen=True)
class CalendarResult:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    cancelled: int = 0

    def summary(self, path: Path) -> str:
        """One sentence for the leader."""
        if not (self.added or self.changed or self.removed):
            if not self.unchanged:
                return (
                    f"{path} holds no sessions from the last year or the next two; nothing changed."
                )
            return (
                f"Nothing new in {path}: its {_count(self.unchanged, 'session')} "
                "are already in your calendar."
            )
        parts = [f"added {_count(self.added, 'session')}"]
        if self.changed:
            parts.append(f"updated {self.changed}")
        if self.removed:
            parts.append(f"removed {self.removed} no longer in the file")
        sentence = f"From {path}: {', '.join(parts)}."
        if self.cancelled:
            sentence += f" Left out {_count(self.cancelled, 'cancelled meeting')}."
        return sentence


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# ---------------------------------------------------------------------- reading


def _refuse(path: Path, problem: str) -> ImportFileError:
    return ImportFileError(
        f"{path} {problem}. Export the calendar again as an .ics file; nothing was imported."
    )


def _read_text(path: Path) -> str:
    raw = read_file_bytes(path, "calendar (.ics)", MAX_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(path, "is not a calendar Companion can read (it is not UTF-8 text)") from None
    if not text.strip():
        raise _refuse(path, "is empty")
    if "\x00" in text or "BEGIN:VCALENDAR" not in text.upper():
        raise _refuse(path, "is not a calendar file (it has no BEGIN:VCALENDAR)")
    return text


def read_calendar(path: Path, today: date, *, kind: SessionKind | None = None) -> CalendarFile:
    """Every meeting of the .ics file at path from a year before today to two years after,
    checked; ImportFileError (one sentence) if the file cannot be read as a calendar."""
    import icalendar
    import recurring_ical_events

    text = _read_text(path)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception:  # icalendar raises many kinds of error on a damaged file
        raise _refuse(path, "is damaged: Companion could not read it as a calendar") from None
    if not isinstance(calendar, icalendar.Calendar):
        raise _refuse(path, "is not a calendar file (it has no VCALENDAR)")
    first = at_local(today.replace(day=1) - timedelta(days=366 * YEARS_BACK), time())
    last = at_local(today + timedelta(days=366 * YEARS_AHEAD), time())
    found = CalendarFile(path, window=(first, last))
    found.uids = {str(event.get("UID", "")) for event in calendar.walk("VEVENT")}
    try:
        if any(_too_often(event) for event in calendar.walk("VEVENT")):
            raise _refuse(path, "has a meeting that repeats more often than daily")
        occurrences = recurring_ical_events.of(calendar).between(first, last)
        for event in itertools.islice(occurrences, MAX_SESSIONS + 1):
            session = _session(event, kind)
            if session is None:
                found.cancelled += 1
            else:
                found.sessions.append(session)
    except ImportFileError:
        raise
    except Exception:  # a repeat rule or a date icalendar cannot follow
        raise _refuse(path, "has a meeting whose dates Companion could not read") from None
    if len(found.sessions) > MAX_SESSIONS:
        raise _refuse(
            path, f"holds more than {MAX_SESSIONS} meetings over three years, more than a programme"
        )
    return found


def _too_often(event: Any) -> bool:
    """A rule repeating by the hour, minute or second: no programme meets so often, and
    expanding it over three years would take minutes."""
    rules = event.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules]:
        if rule is not None:
            frequencies = rule.get("FREQ") or ["DAILY"]
            if str(frequencies[0]).upper() not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
                return True
            if any(len(rule.get(part) or ()) > 1 for part in ("BYHOUR", "BYMINUTE", "BYSECOND")):
                return True
    return False


def _moment(value: Any) -> tuple[datetime, bool]:
    """An aware datetime and whether it was a date (all day): floating times are local."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return at_local(value.date(), value.time()), False
        return value, False
    if isinstance(value, date):
        return at_local(value, time()), True
    raise ValueError("not a date")


def _session(event: Any, kind: SessionKind | None) -> Session | None:
    """One occurrence as a session; None if it is cancelled."""
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    start, all_day = _moment(event.decoded("DTSTART"))
    if "DTEND" in event:
        end, _ = _moment(event.decoded("DTEND"))
    elif "DURATION" in event:
        end = start + event.decoded("DURATION")
    else:
        end = start + timedelta(days=1) if all_day else start
    end = max(end, start)
    title = " ".join(str(event.get("SUMMARY", "")).split())[:MAX_TITLE] or "Untitled meeting"
    uid = str(event.get("UID", "")).strip()
    if not uid:  # no UID: the title and start stand in for it, so a re-import still matches
        uid = "no-uid-" + hashlib.sha256(f"{title}|{start.isoformat()}".encode()).hexdigest()[:16]
    recurrence = event.get("RECURRENCE-ID")
    occurrence, _ = _moment(recurrence.dt) if recurrence is not None else (start, all_day)
    return Session(
        id="",
        title=title,
        kind=kind or guess_kind(title),
        start=start,
        end=end,
        source=ICS_PREFIX + uid,
        all_day=all_day,
        key=f"{uid}#{occurrence.astimezone(UTC).isoformat()}",
    )


# ---------------------------------------------------------------------- merging


def import_calendar(journal: Journal, found: CalendarFile, *, kind_given: bool) -> CalendarResult:
    """Merge a checked calendar into the journal's sessions in one write.

    A meeting already there (same UID and occurrence) is updated, keeping its id and the kind
    the leader gave it (unless --as says otherwise); a meeting of this file no longer in it
    (cancelled, or moved out of the window) is removed; the rest are added.
    """
    counts = {"added": 0, "changed": 0, "removed": 0, "unchanged": 0}
    sources = {ICS_PREFIX + uid for uid in found.uids if uid}
    first, last = found.window

    def merge(current: dict[str, Session]) -> None:
        by_key: dict[str | None, Session] = {s.key: s for s in current.values() if s.key}
        wanted = {s.key for s in found.sessions}
        for session in found.sessions:
            known = by_key.get(session.key)
            if known is None:
                fresh = replace(session, id=journal.new_id())
                current[fresh.id] = fresh
                by_key[session.key] = fresh
                counts["added"] += 1
                continue
            updated = replace(session, id=known.id, kind=session.kind if kind_given else known.kind)
            counts["changed" if updated != known else "unchanged"] += 1
            current[known.id] = updated
        for session in list(current.values()):
            gone = session.key is not None and session.key not in wanted
            if gone and session.source in sources and first <= session.start < last:
                del current[session.id]
                counts["removed"] += 1

    journal.change_sessions(merge)
    return CalendarResult(cancelled=found.cancelled, **counts)
