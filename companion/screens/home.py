"""Home: start a reflection, continue a draft, what is due, what you wrote lately."""

from __future__ import annotations

import gc
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from companion.core.calendar.rhythm import Nudge
from companion.core.dates import shown_date
from companion.core.model import MOMENTS, Commitment, Entry
from companion.core.views.confidence import Confidence
from companion.core.views.home import HomeData, read_home
from companion.core.views.reports import (
    REVIEW_SCRIPT,
    Heatmap,
    ReviewReminder,
    Stats,
    describe_rate,
    sparkline,
)
from companion.screens.base import JournalView
from companion.screens.warm import WARM_UP_DELAY, warm_up
from companion.widgets.cursor_list import CursorList
from companion.widgets.footer import CompanionFooter
from companion.widgets.text import line
from companion.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from companion.core.scripts import Library
    from companion.journal import Journal

#: Seconds after Home is back before the garbage of the place just left is collected.
COLLECT_DELAY = 0.1
#: How many commitments due Home lists (the most pressing); the rest are a key away.
DUE_SHOWN = 20
WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")

WELCOME = (
    "Welcome. Your journal is empty and private to this computer.\n"
    "Pick a reflection on the left: after a workshop, the close-out takes five minutes."
)


#: How each heatmap cell is drawn: none, one, two, three, four or more reflections that day.
HEAT_STYLES = {
    " ": "",
    "·": "dim",
    "░": "green",
    "▒": "green",
    "▓": "bold green",
    "█": "bold green",
}


def rhythm_text(
    heatmap: Heatmap,
    stats: Stats,
    reminder: ReviewReminder | None = None,
    confidence: Confidence | None = None,
) -> Text:
    """The heatmap, its summary, the follow-through and confidence sparklines, the last review."""
    text = Text()
    for label, row in zip(WEEKDAY_LABELS, heatmap.rows(), strict=True):
        text.append(f"{label:<4}", style="dim")
        for cell in row:
            text.append("■" if cell not in " ·" else cell, style=HEAT_STYLES.get(cell, ""))
        text.append("\n")
    lines: list[str] = []
    lines.append(heatmap.summary())
    rates = [m.follow_through for m in stats.months]
    recent = next((r for r in reversed(rates) if r is not None), None)
    if any(r is not None for r in rates):
        lines.append(
            f"Follow-through by month: {sparkline(rates)}  "
            f"latest {describe_rate(recent)}, overall {describe_rate(stats.totals.follow_through)}"
        )
    else:
        lines.append("Follow-through by month: no commitments have come due yet.")
    if confidence is not None and confidence.main() is not None:
        lines.append(f"Confidence by month:     {confidence.sparkline()}  {confidence.summary()}")
    if reminder is not None and not reminder.due:
        lines.append(reminder.message)
    text.append("\n".join(lines))
    return text


def _when(commitment: Commitment, today: date) -> str:
    """How far off a due date is: "today", "in 3d", "2d overdue"."""
    assert commitment.due is not None
    days = (commitment.due - today).days
    return "today" if days == 0 else (f"{-days}d overdue" if days < 0 else f"in {days}d")


def _nudge_option(nudge: Nudge) -> Option:
    """A session on Home: it opens the reflection it asks for (if any)."""
    mark = "Now: " if nudge.due_now else ""
    return Option(
        line(f"{mark}{nudge.text}"), id=f"nudge:{nudge.session.id}:{nudge.script_id or ''}"
    )


def _entry_option(label: str, entry: Entry) -> Option:
    return Option(line(f"{label}  {entry.script_title}: {entry.title}"), id=f"entry:{entry.id}")


def made_ahead(journal: Journal, library: Library) -> None:
    """What the slowest places need at ten years, made after Home's first frame (see warm_up):
    the coach brief, the barrier register and the Journal's search index (made as the Journal
    opened, it ran beside the drawing of its rows)."""
    from companion.screens.barriers import register_of
    from companion.screens.brief import brief_of
    from companion.screens.journal import search_index

    brief_of(journal, library, include_private=False)
    register_of(journal, library)
    search_index(journal).prepare(journal.entries())


class HomeScreen(JournalView[HomeData]):
    TITLE = "Companion"
    BINDINGS = [
        Binding("j", "app.show_journal", "Journal"),
        Binding("c", "app.show_commitments", "Commitments"),
        Binding("b", "app.show_barriers", "Barriers"),
        Binding("p", "app.show_brief", "Coach brief"),
        Binding("w", "weekly_review", "Weekly review"),
        Binding("n", "coming_up", "Coming up", show=False),  # the list itself says it
        Binding("f1,question_mark", "app.help", "Help", key_display="F1"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    _nudges: list[Nudge] = []
    _left = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="home"):
            with Vertical(id="home-start", classes="panel"):
                yield Label("Start a reflection", classes="panel-title")
                yield CursorList(*self._script_options(), id="scripts")
            with VerticalScroll(id="home-side"):
                yield Static(WELCOME, id="welcome")
                yield Label("Coming up", id="coming-title", classes="panel-title")
                yield OptionList(id="coming")
                yield Label("Weekly review", id="review-title", classes="panel-title")
                yield CursorList(id="review-reminder")
                yield Label("Continue a draft", id="drafts-title", classes="panel-title")
                yield CursorList(id="drafts")
                yield Label("Commitments due", id="due-title", classes="panel-title")
                yield CursorList(id="due")
                yield Label("Recent entries", id="recent-title", classes="panel-title")
                yield CursorList(id="recent")
                yield Label("On this day", id="memories-title", classes="panel-title")
                yield CursorList(id="memories")
                yield Label(
                    "Your rhythm: the last 26 weeks", id="rhythm-title", classes="panel-title"
                )
                yield Static(id="rhythm")
        yield CompanionFooter()

    def _script_options(self) -> list[Option | None]:
        options: list[Option | None] = []
        moment = None
        for script in self.companion.library.ordered():
            if script.moment != moment:
                moment = script.moment
                options.append(
                    Option(line(MOMENTS.get(moment, moment)), disabled=True, id=f"moment-{moment}")
                )
            options.append(Option(line(f"  {script.title}"), id=f"script:{script.id}"))
        return options

    def on_mount(self) -> None:
        self.query_one("#welcome").display = False
        self.query_one("#scripts", OptionList).focus()
        # Read as the app opened the journal, Home's data is in the first frame, complete.
        self.load(ready=self.companion.take_home_data())
        if not self.app.is_headless:  # in a terminal: read ahead once Home is drawn
            self.set_timer(WARM_UP_DELAY, lambda: self.call_after_refresh(self._warm_up))

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        # Back on Home from a place: its widgets are garbage now. Collect them while the leader
        # reads Home, rather than let a full collection (20 to 40 ms at ten years) fall in the
        # middle of opening the next place.
        if self._left:
            self._left = False
            self.set_timer(COLLECT_DELAY, self._collect)

    def _collect(self) -> None:
        if self.is_current:
            gc.collect()

    @work(thread=True, exclusive=True, group="warm-up")
    def _warm_up(self) -> None:
        journal, library = self.companion.journal, self.companion.library

        warm_up(journal, views=lambda: made_ahead(journal, library))

    def fetch(self) -> HomeData:
        return read_home(self.companion.journal)

    def _fill(self, name: str, title: str, options: list[Option]) -> None:
        """Put options in one of Home's lists; hide the list and its title when it is empty."""
        option_list = self.query_one(f"#{name}", OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        for part in (name, title):
            self.query_one(f"#{part}").display = bool(options)
        if options and option_list.highlighted is None:
            option_list.highlighted = 0

    def present(self, data: HomeData) -> None:
        today = self.companion.journal.today()
        self.query_one("#welcome").display = data.empty
        self._nudges = data.nudges
        self._fill("coming", "coming-title", [_nudge_option(n) for n in data.nudges])
        reminder = data.reminder
        self._fill(
            "review-reminder",
            "review-title",
            [Option(line(reminder.message), id=f"script:{REVIEW_SCRIPT}")]
            if reminder is not None and reminder.due
            else [],
        )
        self._fill(
            "drafts",
            "drafts-title",
            [
                Option(
                    line(
                        f"{draft.script_title}, {shown_date(draft.updated, '%-d %b %H:%M')} "
                        f"({len(draft.answers)} answered)"
                    ),
                    id=f"draft:{draft.id}",
                )
                for draft in data.drafts
            ],
        )
        due = [
            Option(line(f"{_when(c, today):>12}  {c.text}"), id=f"commitment:{c.id}")
            for c in data.due[:DUE_SHOWN]
        ]
        if len(data.due) > DUE_SHOWN:
            more = len(data.due) - DUE_SHOWN
            due.append(Option(line(f"{'':>12}  … and {more} more: see them all"), id="commitment:"))
        self._fill("due", "due-title", due)
        self.query_one("#due-title", Label).update(
            line(f"Commitments due ({data.overdue} overdue)" if data.overdue else "Commitments due")
        )
        self._fill(
            "recent",
            "recent-title",
            [
                _entry_option(f"{shown_date(entry.completed, '%-d %b')}", entry)
                for entry in data.recent
            ],
        )
        self._fill(
            "memories",
            "memories-title",
            [_entry_option(f"{m.label:>13}", m.entry) for m in data.memories],
        )
        show_rhythm = not data.empty and data.heatmap is not None and data.stats is not None
        if show_rhythm:
            assert data.heatmap is not None and data.stats is not None
            self.query_one("#rhythm", Static).update(
                rhythm_text(data.heatmap, data.stats, data.reminder, data.confidence)
            )
        for name in ("rhythm", "rhythm-title"):
            self.query_one(f"#{name}").display = show_rhythm

    def action_coming_up(self) -> None:
        """Open what the programme's rhythm asks for first (due now, else the next)."""
        script_id = next((n.script_id for n in self._nudges if n.script_id), None)
        if script_id is None:
            self.notify("Nothing in your calendar asks for a reflection this week.")
            return
        self.companion.start_reflection(script_id)

    def action_weekly_review(self) -> None:
        self.companion.start_reflection(REVIEW_SCRIPT)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, ident = (event.option.id or "").partition(":")
        if kind == "script":
            self.companion.start_reflection(ident)
        elif kind == "draft":
            self.companion.resume_draft(ident)
        elif kind == "entry":
            self.companion.open_entry(ident)
        elif kind == "nudge" and ident.partition(":")[2]:
            self.companion.start_reflection(ident.partition(":")[2])
        elif kind == "commitment":
            self.companion.action_show_commitments()
