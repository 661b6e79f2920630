"""A session of the programme: a title, a kind, a start and end in time, where it came from."""

from __future__ import annotations

import os
import re
import time as _time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from companion.core import known_scripts as known
from companion.core.errors import UsageError

#: Where a session came from: typed at the command line, a debrief's "next call", a calendar.
TYPED = "typed"
DEBRIEF = "debrief"
ICS_PREFIX = "ics:"

#: The most sessions one series may hold (a weekly series for four years).
MAX_SERIES = 210


class SessionKind(StrEnum):
    WORKSHOP = "workshop"
    COACHING_CALL = "coaching-call"
    TRIO_MEETING = "trio-meeting"
    CELEBRATION = "celebration"
    OTHER = "other"

    @property
    def label(self) -> str:
        """How the kind is said: "coaching call"."""
        return self.value.replace("-", " ")


KIND_CHOICES = tuple(kind.value for kind in SessionKind)

#: Words in a title that tell its kind, tried in order (a "trio coaching" call is coaching).
_KIND_WORDS: tuple[tuple[SessionKind, str], ...] = (
    (SessionKind.CELEBRATION, r"celebrat"),
    (SessionKind.COACHING_CALL, r"coach|1[-: ]?(?:to[-: ])?1|one[- ]to[- ]one"),
    (SessionKind.TRIO_MEETING, r"\btrio"),
    (
        SessionKind.WORKSHOP,
        r"workshop|ambition[- ]setting|storytelling day|introductory|masterclass",
    ),
)


def guess_kind(title: str) -> SessionKind:
    """The kind a title suggests ("Coaching call with Jo": a coaching call), else other."""
    said = title.lower()
    for kind, pattern in _KIND_WORDS:
        if re.search(pattern, said):
            return kind
    return SessionKind.OTHER


def parse_kind(text: str) -> SessionKind:
    """A kind as typed ("coaching call", "Workshop"); UsageError naming the choices."""
    said = "-".join(text.strip().lower().replace("_", " ").split())
    for kind in SessionKind:
        if said in (kind.value, kind.value.split("-")[0]):
            return kind
    raise UsageError(
        f"'{text.strip()[:40]}' is not a kind of session. Choose one of: {', '.join(KIND_CHOICES)}."
    )


#: The reflection a session of each kind suggests before it, and after it.
BEFORE: dict[SessionKind, str] = {
    SessionKind.COACHING_CALL: known.COACHING_PREP,
    SessionKind.TRIO_MEETING: known.PLAN_EXPERIMENT,
    SessionKind.CELEBRATION: known.CAPTURE_IMPACT,
}
AFTER: dict[SessionKind, str] = {
    SessionKind.COACHING_CALL: known.COACHING_DEBRIEF,
    SessionKind.WORKSHOP: known.WORKSHOP_CLOSE_OUT,
    SessionKind.TRIO_MEETING: known.REVIEW_EXPERIMENT,
    SessionKind.CELEBRATION: known.CAPTURE_IMPACT,
}


@dataclass(frozen=True)
class Session:
    """One session: start and end are aware datetimes (an all-day one runs midnight to midnight).

    source is "typed", "debrief" or "ics:<UID>"; key (imports only) names the calendar's
    occurrence, so importing the same file again finds it instead of adding it twice.
    """

    id: str
    title: str
    kind: SessionKind
    start: datetime
    end: datetime
    source: str = TYPED
    all_day: bool = False
    key: str | None = None

    def suggested(self, now: datetime) -> str | None:
        """The script this session suggests now: before it starts, or once it has ended."""
        if now < self.start:
            return BEFORE.get(self.kind)
        return AFTER.get(self.kind) if now >= self.end else None

    def with_kind(self, kind: SessionKind) -> Session:
        return replace(self, kind=kind)


# ---------------------------------------------------------------------- local time


def local_zone() -> tzinfo | None:
    """The machine's time zone with its summer-time rules, or None when only the platform
    knows them (then naive datetimes' astimezone() asks the platform, date by date)."""
    name = os.environ.get("TZ", "").lstrip(":")
    candidates = [name] if name else []
    try:
        link = os.readlink("/etc/localtime")
    except (OSError, AttributeError, NotImplementedError):
        link = ""
    if "zoneinfo/" in link:
        candidates.append(link.split("zoneinfo/", 1)[1])
    if os.name == "nt":  # Windows names its zones "GMT Standard Time"; icalendar maps them
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

        candidates.append(WINDOWS_TO_OLSON.get(_time.tzname[0], ""))
    if not any(candidates):
        return None
    # Loaded only when a zone is wanted: zoneinfo brings sysconfig (about 0.2 MB) with it.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    for candidate in filter(None, candidates):
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    return None


def at_local(day: date, clock: time) -> datetime:
    """day at clock, local wall time, with the offset that date has (summer time included)."""
    zone = local_zone()
    naive = datetime.combine(day, clock)
    return naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()


def to_local(moment: datetime) -> datetime:
    """moment as the machine's wall clock shows it on that date."""
    zone = local_zone()
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def parse_clock(text: str) -> time:
    """A time of day as typed: 10:00, 9.30, 14:15; UsageError otherwise."""
    match = re.fullmatch(r"\s*(\d{1,2})[:.h]?(\d{2})?\s*(am|pm)?\s*", text.lower())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if match.group(3) == "pm" and hour < 12:
            hour += 12
        if match.group(3) == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise UsageError(
        f"Companion could not read '{text.strip()[:20]}' as a time. Try 10:00 or 14:30."
    )


def series_days(first: date, every_weeks: int, until: date | None) -> list[date]:
    """The days of a series: first, then every N weeks until (default: six months on)."""
    if every_weeks < 1:
        raise UsageError(
            "A series repeats every 1 or more weeks (every 3, say): give a number of weeks."
        )
    last = until or first + timedelta(weeks=26)
    if last < first:
        raise UsageError("The series would end before its first session: give a later last day.")
    days: list[date] = []
    day = first
    while day <= last:
        if len(days) >= MAX_SERIES:
            raise UsageError(
                f"That series would hold more than {MAX_SERIES} sessions: give an earlier last day."
            )
        days.append(day)
        day += timedelta(weeks=every_weeks)
    return days


def session_span(day: date, clock: time | None, minutes: int) -> tuple[datetime, datetime, bool]:
    """A session's start, end and whether it is all day, from a day, a time and a length."""
    if clock is None:
        start = at_local(day, time())
        return start, at_local(day + timedelta(days=1), time()), True
    if not 1 <= minutes <= 24 * 60:
        raise UsageError("A session lasts 1 to 1440 minutes: give a length in that range.")
    start = at_local(day, clock)
    # Wall time: a 60-minute call that crosses a change of clocks still ends an hour later.
    end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)
    return start, end, False


def describe_day(moment: datetime, today: date) -> str:
    """When a session is, as a person says it: today, tomorrow, on Tuesday, yesterday, 4 Dec."""
    from companion.core.dates import shown_date

    day = to_local(moment).date()
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if 1 < delta < 7:
        return f"on {day:%A}"
    if -7 < delta < -1:
        return f"last {day:%A}"
    return f"on {shown_date(day, '%-d %b' if day.year == today.year else '%-d %b %Y')}"


def shown_time(session: Session) -> str:
    """'10:00' local (or 'all day')."""
    return "all day" if session.all_day else f"{to_local(session.start):%H:%M}"
