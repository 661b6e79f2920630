"""Journal: every entry, newest first, with search as you type and filters."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from companion.core.dates import parse_date
from companion.core.errors import CompanionError, UsageError
from companion.core.model import Entry
from companion.core.views.search import Filters, SearchIndex
from companion.journal import Journal
from companion.screens.base import JournalView
from companion.screens.export import ExportRequest
from companion.screens.warm import read_ahead
from companion.widgets.footer import CompanionFooter
from companion.widgets.row_table import Column, RowTable
from companion.widgets.text import line, literal
from companion.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    pass

COLUMNS = (Column("Date", 16), Column("Script", 22, min_width=12, optional=True), Column("Entry"))


def entry_cells(entry: Entry) -> tuple[str, str, str]:
    """An entry's row in the table (made only when the row is drawn)."""
    private = " [private]" if entry.private else ""
    star = " ★" if entry.starred else ""
    return f"{entry.completed:%Y-%m-%d %H:%M}", entry.script_title, entry.title + star + private


def entry_key(entry: Entry) -> str:
    return entry.id


#: One search index per journal, kept between visits: each entry's words are lower-cased once
#: (at ten years, 2,000 entries took ~30 ms of the thread that draws the screen, every visit).
_INDEXES: WeakKeyDictionary[Journal, SearchIndex] = WeakKeyDictionary()


def search_index(journal: Journal) -> SearchIndex:
    index = _INDEXES.get(journal)
    if index is None:
        index = _INDEXES[journal] = SearchIndex()
    return index


class JournalScreen(JournalView[list[Entry]]):
    TITLE = "Journal"
    BINDINGS = [
        Binding("escape", "app.show_home", "Home"),
        Binding("ctrl+f", "focus_search", "Search"),
        Binding("ctrl+l", "clear_filters", "Clear filters"),
        Binding("ctrl+o", "app.export", "Export"),
        Binding("ctrl+t", "share", "Share"),
        Binding("ctrl+g", "gather", "Gather"),
        Binding("f1", "app.help", "Help", key_display="F1"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="journal"):
            yield Input(
                placeholder="Search every answer (type to filter)",
                id="search",
                select_on_focus=False,
            )
            with Horizontal(id="filters"):
                scripts = [(line(s.title), s.id) for s in self.companion.library.ordered()]
                yield Select(scripts, prompt="Any script", id="filter-script", allow_blank=True)
                yield Input(placeholder="Tag", id="filter-tag", select_on_focus=False)
                yield Input(placeholder="From (date)", id="filter-since", select_on_focus=False)
                yield Input(placeholder="To (date)", id="filter-until", select_on_focus=False)
            yield Static("", id="journal-status")
            yield RowTable(COLUMNS, entry_cells, key=entry_key, id="entries")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.index = search_index(self.companion.journal)
        self.query_one("#search", Input).focus()
        if read_ahead(self.companion.journal):  # in the first frame: drawn once, not twice
            with contextlib.suppress(CompanionError):  # said by the load in the background
                self.load(ready=self.fetch())
                return
        self.load()

    def fetch(self) -> list[Entry]:
        return self.companion.journal.entries()

    def present(self, data: list[Entry]) -> None:
        self.entries = data
        self.apply_filters()
        # Once the rows are drawn: so that the first key typed finds every entry's words ready.
        self.call_after_refresh(self._prepare_index, data)

    # Named here: Textual otherwise names a worker by the repr of its arguments, and writing out
    # 2,000 entries took ~40 ms of the thread that draws the screen, at every visit.
    @work(thread=True, exclusive=True, group="search-index", description="search index")
    def _prepare_index(self, entries: list[Entry]) -> None:
        self.index.prepare(entries)

    def _filters(self) -> Filters | None:
        today = self.companion.journal.today()
        status = self.query_one("#journal-status", Static)
        dates: list[date | None] = []
        for name in ("since", "until"):
            text = self.query_one(f"#filter-{name}", Input).value
            if not text.strip():
                dates.append(None)
                continue
            try:
                dates.append(parse_date(text, today, past=True))
            except UsageError as error:
                status.update(literal(error))
                return None
        script = self.query_one("#filter-script", Select).value
        return Filters(
            text=self.query_one("#search", Input).value,
            script_id=script if isinstance(script, str) else None,
            tag=self.query_one("#filter-tag", Input).value or None,
            since=dates[0],
            until=dates[1],
        )

    def apply_filters(self) -> None:
        filters = self._filters()
        if filters is None:
            return
        found = self.index.search(self.entries, filters)
        self.query_one("#entries", RowTable).set_rows(found)
        total = len(self.entries)
        if not total:
            message = "No entries yet. Press Esc for Home and start a reflection."
        elif len(found) == total:
            message = f"{total} {'entry' if total == 1 else 'entries'}. Enter opens one."
        else:
            message = f"{len(found)} of {total} entries match. Enter opens one."
        self.query_one("#journal-status", Static).update(literal(message))

    @on(Input.Changed)
    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.apply_filters()

    @on(Input.Submitted)
    def _to_results(self) -> None:
        self.query_one("#entries", RowTable).focus()

    @on(RowTable.RowSelected)
    def _open(self, event: RowTable.RowSelected) -> None:
        self.companion.open_entry(event.row_key)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def export_request(self) -> ExportRequest:
        """The search and filters on screen, for the Export dialog to start from."""
        script = self.query_one("#filter-script", Select).value
        return ExportRequest(
            search=self.query_one("#search", Input).value,
            script=script if isinstance(script, str) else None,
            tag=self.query_one("#filter-tag", Input).value,
            since=self.query_one("#filter-since", Input).value,
            until=self.query_one("#filter-until", Input).value,
        )

    def action_share(self) -> None:
        """The Share dialog, starting from the filters on screen."""
        from companion.screens.share import ShareDialog

        self.app.push_screen(ShareDialog(self.export_request()))

    def action_gather(self) -> None:
        from companion.screens.gather import GatherScreen

        self.app.push_screen(GatherScreen())

    def action_clear_filters(self) -> None:
        for name in ("search", "filter-tag", "filter-since", "filter-until"):
            self.query_one(f"#{name}", Input).value = ""
        self.query_one("#filter-script", Select).clear()
        self.apply_filters()
