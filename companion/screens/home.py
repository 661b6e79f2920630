"""Home: start a reflection, continue a draft, what is due, what you wrote lately."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from companion.journal import Journal
from companion.model import MOMENTS, Commitment, Draft, Entry
from companion.screens.base import JournalView
from companion.terminal import safe_line

if TYPE_CHECKING:
    pass

WELCOME = (
    "Welcome. Your journal is empty and private to this computer.\n"
    "Pick a reflection on the left: after a workshop, the close-out takes five minutes."
)


@dataclass
class HomeData:
    drafts: list[Draft] = field(default_factory=list)
    due: list[Commitment] = field(default_factory=list)
    recent: list[Entry] = field(default_factory=list)
    empty: bool = True
    overdue: int = 0


def read_home(journal: Journal) -> HomeData:
    """What Home shows, and only that: the latest entries and the commitments still to do,
    never the whole journal (ten years of it would slow the first screen and fill memory).

    The app also calls this ahead of time, while the screen is built (see CompanionApp).
    """
    entries = journal.recent_entries(6)
    active = journal.active_commitments()
    drafts = journal.drafts()
    today = journal.today()
    due = sorted(
        (c for c in active if c.due is not None and (c.due - today).days <= 7),
        key=lambda c: (c.due, c.id),
    )
    return HomeData(
        drafts=drafts,
        due=due,
        recent=entries,
        empty=not entries and not active and not drafts and not journal.commitments(),
        overdue=sum(1 for c in active if c.is_overdue(today)),
    )


class HomeScreen(JournalView[HomeData]):
    TITLE = "Companion"
    BINDINGS = [
        Binding("j", "app.show_journal", "Journal"),
        Binding("c", "app.show_commitments", "Commitments"),
        Binding("f1,question_mark", "app.help", "Help", key_display="F1"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="home-start", classes="panel"):
                yield Label("Start a reflection", classes="panel-title")
                yield OptionList(*self._script_options(), id="scripts")
            with Vertical(id="home-side"):
                yield Static(WELCOME, id="welcome")
                yield Label("Continue a draft", id="drafts-title", classes="panel-title")
                yield OptionList(id="drafts")
                yield Label("Commitments due", id="due-title", classes="panel-title")
                yield OptionList(id="due")
                yield Label("Recent entries", id="recent-title", classes="panel-title")
                yield OptionList(id="recent")
        yield Footer(compact=True)

    def _script_options(self) -> list[Option | None]:
        options: list[Option | None] = []
        moment = None
        for script in self.companion.library.ordered():
            if script.moment != moment:
                moment = script.moment
                options.append(
                    Option(MOMENTS.get(moment, moment), disabled=True, id=f"moment-{moment}")
                )
            options.append(Option(f"  {safe_line(script.title)}", id=f"script:{script.id}"))
        return options

    def on_mount(self) -> None:
        self.query_one("#welcome").display = False
        self.query_one("#scripts", OptionList).focus()
        # Read ahead, the journal's data is cached: the first frame can show it, complete.
        # (Waiting a moment for that beats drawing Home twice; a slow disk gets the worker.)
        self.load(at_once=self.companion.read_ahead_finished(timeout=0.2))

    def fetch(self) -> HomeData:
        return read_home(self.companion.journal)

    def present(self, data: HomeData) -> None:
        today = self.companion.journal.today()
        self.query_one("#welcome").display = data.empty
        drafts = self.query_one("#drafts", OptionList)
        drafts.clear_options()
        for draft in data.drafts:
            drafts.add_option(
                Option(
                    f"{safe_line(draft.script_title)}, {draft.updated:%-d %b %H:%M} "
                    f"({len(draft.answers)} answered)",
                    id=f"draft:{draft.id}",
                )
            )
        for name in ("drafts", "drafts-title"):
            self.query_one(f"#{name}").display = bool(data.drafts)
        due = self.query_one("#due", OptionList)
        due.clear_options()
        for commitment in data.due:
            assert commitment.due is not None
            days = (commitment.due - today).days
            when = "today" if days == 0 else (f"{-days}d overdue" if days < 0 else f"in {days}d")
            due.add_option(
                Option(
                    f"{when:>12}  {safe_line(commitment.text)}", id=f"commitment:{commitment.id}"
                )
            )
        self.query_one("#due-title", Label).update(
            f"Commitments due ({data.overdue} overdue)" if data.overdue else "Commitments due"
        )
        for name in ("due", "due-title"):
            self.query_one(f"#{name}").display = bool(data.due)
        recent = self.query_one("#recent", OptionList)
        recent.clear_options()
        for entry in data.recent:
            recent.add_option(
                Option(
                    f"{entry.completed:%-d %b}  {safe_line(entry.script_title)}: "
                    f"{safe_line(entry.title)}",
                    id=f"entry:{entry.id}",
                )
            )
        for name in ("recent", "recent-title"):
            self.query_one(f"#{name}").display = bool(data.recent)
        for option_list in (drafts, due, recent):
            if option_list.option_count and option_list.highlighted is None:
                option_list.highlighted = 0

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, ident = (event.option.id or "").partition(":")
        if kind == "script":
            self.companion.start_reflection(ident)
        elif kind == "draft":
            self.companion.resume_draft(ident)
        elif kind == "entry":
            self.companion.open_entry(ident)
        elif kind == "commitment":
            self.companion.action_show_commitments()
