"""Figures over time: follow-through per month, reflection activity, the weekly review, on this day.

Everything here is computed from the journal's records and a given `today`, never the real
date, so the same journal always gives the same report for the same day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from companion.core.dates import shown_date
from companion.core.known_scripts import REVIEW_COMMITMENTS
from companion.core.model import Commitment, CommitmentStatus, Entry

REVIEW_SCRIPT = REVIEW_COMMITMENTS
REVIEW_EVERY_DAYS = 7
HEATMAP_WEEKS = 26
SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
HEAT_SHADES = "·░▒▓█"


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 entry', '3 entries'."""
    return f"{number} {noun if number == 1 else (plural or noun + 's')}"


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _status_reached(commitment: Commitment, status: CommitmentStatus) -> date | None:
    """The day a commitment first moved to status, if it did."""
    for change in commitment.history:
        if change.status == status:
            return change.at.date()
    return None


def _closed_on(commitment: Commitment) -> date | None:
    """The day a commitment was done or dropped, if it was."""
    for change in commitment.history:
        if change.status in (CommitmentStatus.DONE, CommitmentStatus.DROPPED):
            return change.at.date()
    return None


# ---------------------------------------------------------------------- follow-through


@dataclass
class MonthStats:
    """One month of commitments.

    made, done, dropped and renegotiated count what happened in the month; overdue counts
    commitments whose due date fell in the month (up to today) and that were not done or
    dropped by that date, judged by their current due date (a renegotiated commitment is judged
    by its new date). The follow-through rate is done ÷ (done + dropped + overdue): of the
    commitments that came to an end or fell due this month, the share that were done.
    """

    month: str
    made: int = 0
    done: int = 0
    dropped: int = 0
    renegotiated: int = 0
    overdue: int = 0
    entries: int = 0

    @property
    def follow_through(self) -> float | None:
        settled = self.done + self.dropped + self.overdue
        return self.done / settled if settled else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        rate = self.follow_through
        data["follow_through"] = None if rate is None else round(rate, 3)
        return data


@dataclass
class Stats:
    """Follow-through month by month, oldest first, and the totals now."""

    today: date
    months: list[MonthStats]
    open: int = 0
    overdue_now: int = 0
    entries: int = 0
    commitments: int = 0

    @property
    def totals(self) -> MonthStats:
        total = MonthStats(month="all")
        for month in self.months:
            for name in ("made", "done", "dropped", "renegotiated", "overdue", "entries"):
                setattr(total, name, getattr(total, name) + getattr(month, name))
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "entries": self.entries,
            "commitments": self.commitments,
            "open": self.open,
            "overdue_now": self.overdue_now,
            "totals": self.totals.as_dict(),
            "months": [m.as_dict() for m in self.months],
        }

    def lines(self) -> list[str]:
        """The figures as plain sentences and a table, one line each (screen-reader friendly)."""
        if not self.months:
            return ["No entries or commitments yet, so there is nothing to count."]
        total = self.totals
        lines = [
            f"{count(self.entries, 'entry', 'entries')} and "
            f"{count(self.commitments, 'commitment')}, "
            f"from {self.months[0].month} to {self.months[-1].month}.",
            f"Now: {self.open} open, {self.overdue_now} overdue.",
            f"Overall follow-through: {describe_rate(total.follow_through)} "
            f"({total.done} done, {total.dropped} dropped, {total.overdue} went overdue).",
            "",
            "Month     Entries  Made  Done  Dropped  Renegotiated  Overdue  Follow-through",
        ]
        for m in self.months:
            lines.append(
                f"{m.month}  {m.entries:>7}  {m.made:>4}  {m.done:>4}  {m.dropped:>7}  "
                f"{m.renegotiated:>12}  {m.overdue:>7}  {describe_rate(m.follow_through):>14}"
            )
        lines.append("")
        lines.append(
            "Follow-through is done ÷ (done + dropped + went overdue) in the month; "
            "renegotiating is not counted against you."
        )
        return lines


def describe_rate(rate: float | None) -> str:
    return "no data" if rate is None else f"{round(rate * 100)}%"


def follow_through_stats(
    entries: Iterable[Entry],
    commitments: Iterable[Commitment],
    today: date,
    months: int | None = None,
) -> Stats:
    """Per-month figures from the first month with a record up to today's month.

    months limits the report to the last N months (the totals then cover those months only).
    """
    entries = list(entries)
    commitments = list(commitments)
    table: dict[str, MonthStats] = {}
    written = [e.completed.date() for e in entries] + [c.created.date() for c in commitments]
    # With months, a day before the months shown is counted nowhere, as long as the months
    # shown are all filled in (from the first thing written): only then is it skipped.
    floor = _first_shown(today, months)
    if floor is not None and (not written or _month_start(min(written)) > floor):
        floor = None

    def month(day: date) -> MonthStats | None:
        if day > today or (floor is not None and day < floor):
            return None
        key = month_key(day)
        if key not in table:
            table[key] = MonthStats(month=key)
        return table[key]

    for entry in entries:
        found = month(entry.completed.date())
        if found:
            found.entries += 1
    stats = Stats(today=today, months=[], entries=len(entries), commitments=len(commitments))
    for commitment in commitments:
        made = month(commitment.created.date())
        if made:
            made.made += 1
        _count_changes(commitment, month)
        due = commitment.due
        if due is not None and due < today and (floor is None or due >= floor):
            closed = _closed_on(commitment)
            if closed is None or closed > due:
                late = month(due)
                if late:
                    late.overdue += 1
        if commitment.status.is_active:
            stats.open += 1
            if commitment.is_overdue(today):
                stats.overdue_now += 1
    if written:
        # Empty months are filled in from the first thing written, not from an odd due date (a
        # year-1 date from a hand-edited file would add thousands of empty rows).
        current = _month_start(min(written)) if floor is None else floor
        while current <= today:
            month(current)
            current = _next_month(current)
    ordered = [table[key] for key in sorted(table)]
    if months is not None:
        ordered = ordered[-months:] if months > 0 else []
    stats.months = ordered
    return stats


def _first_shown(today: date, months: int | None) -> date | None:
    """The first day of the earliest of the last `months` months up to today's (None: all)."""
    if months is None or months <= 0:
        return None
    first = _month_start(today)
    for _ in range(months - 1):
        first = _month_start(first - timedelta(days=1))
    return first


def _count_changes(commitment: Commitment, month: Callable[[date], MonthStats | None]) -> None:
    """Count each change of the commitment's status in the month it was made."""
    for change in commitment.history:
        at = month(change.at.date())
        if at is None:
            continue
        if change.status == CommitmentStatus.DONE:
            at.done += 1
        elif change.status == CommitmentStatus.DROPPED:
            at.dropped += 1
        elif change.status == CommitmentStatus.RENEGOTIATED:
            at.renegotiated += 1


def sparkline(values: list[float | None]) -> str:
    """A rate per month as block characters; a month with no data is a gap."""
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        else:
            index = min(len(SPARK_BLOCKS) - 1, int(value * (len(SPARK_BLOCKS) - 1) + 0.5))
            out.append(SPARK_BLOCKS[index])
    return "".join(out)


# ---------------------------------------------------------------------- activity


@dataclass
class Heatmap:
    """Reflections per day over the last weeks: columns are weeks (oldest first), rows Mon-Sun."""

    start: date  # a Monday
    today: date
    counts: dict[date, int] = field(default_factory=dict)
    weeks: int = HEATMAP_WEEKS

    def count(self, day: date) -> int:
        return self.counts.get(day, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def active_days(self) -> int:
        return sum(1 for n in self.counts.values() if n)

    @property
    def active_weeks(self) -> int:
        return len({(day - self.start).days // 7 for day, n in self.counts.items() if n})

    def rows(self) -> list[str]:
        """Seven lines (Monday first) of one character per week; days after today are blank."""
        lines = []
        for weekday in range(7):
            cells = []
            for week in range(self.weeks):
                day = self.start + timedelta(days=week * 7 + weekday)
                if day > self.today:
                    cells.append(" ")
                else:
                    cells.append(HEAT_SHADES[min(self.count(day), len(HEAT_SHADES) - 1)])
            lines.append("".join(cells))
        return lines

    def summary(self) -> str:
        if not self.total:
            return f"No reflections in the last {self.weeks} weeks."
        return (
            f"{self.total} reflection{'s' if self.total != 1 else ''} in the last "
            f"{self.weeks} weeks, on {self.active_days} day{'s' if self.active_days != 1 else ''}, "
            f"in {self.active_weeks} of {self.weeks} weeks."
        )


def activity_heatmap(entries: Iterable[Entry], today: date, weeks: int = HEATMAP_WEEKS) -> Heatmap:
    this_monday = today - timedelta(days=today.weekday())
    start = this_monday - timedelta(weeks=weeks - 1)
    counts: Counter[date] = Counter()
    for entry in entries:
        day = entry.completed.date()
        if start <= day <= today:
            counts[day] += 1
    return Heatmap(start=start, today=today, counts=dict(counts), weeks=weeks)


# ---------------------------------------------------------------------- weekly review


@dataclass(frozen=True)
class ReviewReminder:
    """Whether to remind the leader to review their commitments, and what to say."""

    due: bool
    last: datetime | None
    active: int
    message: str


def review_reminder(
    last_review: str | None,
    commitments: Iterable[Commitment],
    now: datetime,
    review_day: int | None = None,
) -> ReviewReminder:
    """Due when there is something to review and no review since the one before it.

    With review_day (0 Monday to 6 Sunday, the leader's setting) the review falls due on that
    day each week, and stays due until done, unless one was done since the previous such day;
    without it, a week after the last review.
    """
    last = None
    if last_review:
        try:
            last = datetime.fromisoformat(last_review)
        except ValueError:
            last = None
    active = sum(1 for c in commitments if c.status.is_active)
    today = now.date()
    if last is not None:
        days = (today - last.date()).days
        when = "today" if days == 0 else ("yesterday" if days == 1 else f"{days} days ago")
        said = f"Last weekly review: {when} ({shown_date(last, '%-d %B')})."
    else:
        days = None
        said = "You have not reviewed your commitments yet."
    if not active:
        return ReviewReminder(False, last, 0, said)
    if review_day is None:
        due = days is None or days >= REVIEW_EVERY_DAYS
    else:
        this_week = today - timedelta(days=(today.weekday() - review_day) % 7)
        due = last is None or (this_week - last.date()).days >= REVIEW_EVERY_DAYS
        if not due:
            coming = this_week + timedelta(days=REVIEW_EVERY_DAYS)
            said += f" Next one: {shown_date(coming, '%A %-d %B')}."
    if due:
        noun = "commitment" if active == 1 else "commitments"
        said = f"Time for your weekly review: {active} open {noun}. {said}"
    return ReviewReminder(due, last, active, said)


# ---------------------------------------------------------------------- on this day


@dataclass(frozen=True)
class Memory:
    entry: Entry
    label: str  # "1 year ago", "3 months ago"


def on_this_day(entries: Iterable[Entry], today: date, limit: int | None = None) -> list[Memory]:
    """Entries written on this day of the month in earlier months and years, most recent first."""
    found = []
    for entry in entries:
        day = entry.completed.date()
        if day.day != today.day or day >= today:
            continue
        months = (today.year - day.year) * 12 + today.month - day.month
        if months <= 0:
            continue
        if months % 12 == 0:
            years = months // 12
            label = f"{years} year{'s' if years != 1 else ''} ago"
        else:
            label = f"{months} month{'s' if months != 1 else ''} ago"
        found.append(Memory(entry, label))
    found.sort(key=lambda m: (m.entry.completed, m.entry.id), reverse=True)
    return found[:limit] if limit is not None else found
