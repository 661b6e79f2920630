"""What Home shows, read from the journal: no Textual here (the screen draws it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from companion.core.calendar.rhythm import Nudge, read_nudges
from companion.core.model import LAST_REVIEW_KEY, Commitment, Draft, Entry
from companion.core.settings import WEEKDAYS, load_settings
from companion.core.views.confidence import Confidence, confidence_over_time
from companion.core.views.reports import (
    Heatmap,
    Memory,
    ReviewReminder,
    Stats,
    activity_heatmap,
    follow_through_stats,
    on_this_day,
    review_reminder,
)
from companion.journal import Journal

SPARK_MONTHS = 12

#: How many earlier entries from this day of the month Home lists.
MEMORIES = 5


@dataclass
class HomeData:
    drafts: list[Draft] = field(default_factory=list)
    due: list[Commitment] = field(default_factory=list)
    recent: list[Entry] = field(default_factory=list)
    empty: bool = True
    overdue: int = 0
    reminder: ReviewReminder | None = None
    heatmap: Heatmap | None = None
    stats: Stats | None = None
    memories: list[Memory] = field(default_factory=list)
    #: Commitments still to do (open or renegotiated), however old.
    open_commitments: int = 0
    #: The scale answers (confidence) by month, over the months the sparkline shows.
    confidence: Confidence | None = None
    #: Every finished entry, counted only when asked (the app does not show it; plain mode says it).
    entry_count: int | None = None
    #: The programme's rhythm: what is due now, then what is coming in the next week.
    nudges: list[Nudge] = field(default_factory=list)


def read_home(
    journal: Journal, *, count_entries: bool = False, review_day: str | None = None
) -> HomeData:
    """What Home shows, and only that, never the whole journal (ten years of it would slow the
    first screen and fill memory): the latest entries, the months the heatmap and the sparkline
    cover, the commitments still to do or touched in those months, and this day of the month.

    The app calls this as it opens the journal, before the screen is built (see CompanionApp);
    plain mode says the same Home in lines, and asks for count_entries (which reads them all).
    review_day is the weekly review's day (a weekday's name); by default, the leader's setting.
    """
    if review_day is None:
        review_day = load_settings().settings.review_day
    today = journal.today()
    now = journal.now()
    first_month = today.replace(day=1)
    for _ in range(SPARK_MONTHS - 1):
        first_month = (first_month - timedelta(days=1)).replace(day=1)
    since = datetime.combine(first_month, time(), tzinfo=now.tzinfo)  # covers the heatmap too
    lately = journal.entries_since(since)
    # Open commitments, and those made, due or changed in the months the sparkline shows.
    commitments = journal.commitments_active_or_touched(since)
    active = [c for c in commitments if c.status.is_active]

    def on_this_day_before_today(entry: Entry) -> bool:
        return entry.completed.day == today.day and entry.completed.date() < today

    # Every entry older than those of the last twelve months is older than all of them, so
    # only a quiet year needs to look further back (from the newest month, as far as needed).
    on_this_day_of_month = [e for e in lately if on_this_day_before_today(e)][:MEMORIES]
    if len(on_this_day_of_month) < MEMORIES:
        on_this_day_of_month = journal.latest_entries_where(
            f"day-{today.day}-before-{today}", on_this_day_before_today, MEMORIES
        )
    recent = lately[:6] if len(lately) >= 6 else journal.recent_entries(6)
    drafts = journal.drafts()
    due = sorted(
        (c for c in active if c.due is not None and (c.due - today).days <= 7),
        key=lambda c: (c.due, c.id),
    )
    stats = follow_through_stats(lately, commitments, today, months=SPARK_MONTHS)
    return HomeData(
        drafts=drafts,
        due=due,
        recent=recent,
        empty=not recent and not commitments and not drafts and not journal.commitments(),
        overdue=sum(1 for c in active if c.is_overdue(today)),
        reminder=review_reminder(
            journal.meta.get(LAST_REVIEW_KEY), active, now, WEEKDAYS.index(review_day)
        ),
        heatmap=activity_heatmap(lately, today),
        stats=stats,
        confidence=confidence_over_time(lately, today, [m.month for m in stats.months]),
        memories=on_this_day(on_this_day_of_month, today, limit=MEMORIES),
        open_commitments=len(active),
        entry_count=len(journal.entries()) if count_entries else None,
        nudges=read_nudges(journal, lately),
    )
