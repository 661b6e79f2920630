"""Commitments: what you said you would do; mark done, drop or renegotiate."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static, Tab, Tabs

from companion.core.errors import CompanionError
from companion.core.model import Commitment, CommitmentStatus
from companion.core.views.commitments import filter_commitments, history_text
from companion.journal.service import check_commitment_change
from companion.screens.base import JournalView
from companion.screens.dialogs import NoteDialog, RenegotiateDialog
from companion.screens.warm import read_ahead
from companion.widgets.footer import CompanionFooter
from companion.widgets.plain_view import PlainView
from companion.widgets.row_table import Column, RowTable
from companion.widgets.text import line, literal, shown_line
from companion.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    pass

VIEWS = {"open": ("Open", "o"), "overdue": ("Overdue", "v"), "all": ("All", "a")}
#: Status is as wide as its longest, "renegotiated (late)".
COLUMNS = (Column("Due", 11), Column("Status", 20, min_width=8), Column("Commitment"))


def commitment_key(commitment: Commitment) -> str:
    return commitment.id


class CommitmentsScreen(JournalView[list[Commitment]]):
    TITLE = "Commitments"
    BINDINGS = [
        Binding("escape", "app.show_home", "Home"),
        Binding("d", "done", "Done"),
        Binding("x", "drop", "Drop"),
        Binding("r", "renegotiate", "Renegotiate"),
        Binding("o", "view('open')", "Open", show=False),
        Binding("v", "view('overdue')", "Overdue", show=False),
        Binding("a", "view('all')", "All", show=False),
        Binding("f1,question_mark", "app.help", "Help", key_display="F1"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.commitments: list[Commitment] = []
        self.view = "open"
        #: Whose history is shown: from which load, and the highlighted one's id on which day.
        self._history_from: list[Commitment] | None = None
        self._history_of: tuple[str | None, date] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="commitments"):
            yield Tabs(
                *(Tab(line(f"{label} ({key})"), id=view) for view, (label, key) in VIEWS.items()),
                id="views",
            )
            yield Static("", id="commitments-status")
            yield RowTable(COLUMNS, self._cells, key=commitment_key, id="commitment-table")
            with VerticalScroll(id="commitment-detail"):
                yield PlainView(id="commitment-history")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.query_one("#commitment-table", RowTable).focus()
        if read_ahead(self.companion.journal):  # in the first frame: drawn once, not twice
            with contextlib.suppress(CompanionError):  # said by the load in the background
                self.load(ready=self.fetch())
                return
        self.load()

    def fetch(self) -> list[Commitment]:
        return self.companion.journal.commitments()

    def present(self, data: list[Commitment]) -> None:
        self.commitments = data
        self.show()

    def _visible(self) -> list[Commitment]:
        today = self.companion.journal.today()
        # The same filters as `companion commitments --status active` and `--overdue`.
        chosen = filter_commitments(
            self.commitments,
            today,
            status="all" if self.view == "all" else "active",
            overdue=self.view == "overdue",
        )
        if self.view == "open":  # two devices disagree: the leader's choice is waiting
            chosen += [c for c in self.commitments if c.disputed and not c.status.is_active]
        return sorted(chosen, key=lambda c: (c.due is None, c.due or today, c.id))

    def _cells(self, commitment: Commitment) -> tuple[str, str, str]:
        """A commitment's row in the table (made only when the row is drawn)."""
        due = f"{commitment.due:%Y-%m-%d}" if commitment.due else "-"
        status = commitment.status.value
        if commitment.is_overdue(self.companion.journal.today()):
            status += " (late)"
        if commitment.disputed:  # the detail below says what each device did
            status = "disputed"
        return due, status, commitment.text

    def show(self) -> None:
        today = self.companion.journal.today()
        table = self.query_one("#commitment-table", RowTable)
        table.set_rows(self._visible(), highlight=table.cursor_key)
        self._show_history(table.cursor_key)
        active = [c for c in self.commitments if c.status.is_active]
        overdue = sum(1 for c in active if c.is_overdue(today))  # only an active one is late
        if not self.commitments:
            message = (
                "No commitments yet. They come from reflections, such as the workshop close-out."
            )
        else:
            message = (
                f"{len(active)} open, {overdue} overdue, {len(self.commitments)} in all. "
                "d done, x drop, r renegotiate."
            )
        self.query_one("#commitments-status", Static).update(literal(message))

    def _selected(self) -> Commitment | None:
        wanted = self.query_one("#commitment-table", RowTable).cursor_key
        for commitment in self.commitments:
            if commitment.id == wanted:
                return commitment
        self.notify("Choose a commitment first (arrow keys).")
        return None

    def _changeable(self, status: CommitmentStatus) -> Commitment | None:
        """The highlighted commitment, if the journal's rule lets it take status (else say why)."""
        commitment = self._selected()
        if commitment is None:
            return None
        try:
            check_commitment_change(commitment, status)
        except CompanionError as error:
            self.companion.show_error(error)
            return None
        return commitment

    @on(RowTable.RowHighlighted)
    def _describe(self, event: RowTable.RowHighlighted) -> None:
        self._show_history(event.row_key)

    def _show_history(self, wanted: str | None) -> None:
        """The highlighted commitment's history below the table (laid out again only when it
        changes: shown with the rows, it is in the screen's first frame)."""
        today = self.companion.journal.today()
        if self._history_from is self.commitments and self._history_of == (wanted, today):
            return  # said already (the rows were set, then the table said which is highlighted)
        self._history_from, self._history_of = self.commitments, (wanted, today)
        found = next((c for c in self.commitments if c.id == wanted), None)
        said = history_text(found, today, shown=shown_line, ids=False) if found is not None else ""
        self.query_one("#commitment-history", PlainView).update(literal(said))

    @on(Tabs.TabActivated)
    def _tab(self, event: Tabs.TabActivated) -> None:
        # Tabs activates its first tab as it mounts: the view shown already, not shown again.
        if event.tab.id and event.tab.id != self.view:
            self.view = event.tab.id
            self.show()

    def action_view(self, view: str) -> None:
        self.query_one("#views", Tabs).active = view

    @work
    async def action_done(self) -> None:
        await self._change(CommitmentStatus.DONE, "Mark as done")

    @work
    async def action_drop(self) -> None:
        await self._change(CommitmentStatus.DROPPED, "Let it go")

    async def _change(self, status: CommitmentStatus, title: str) -> None:
        commitment = self._changeable(status)
        if commitment is None:
            return
        note = await self.app.push_screen_wait(NoteDialog(f"{title}: {commitment.text}"))
        if note is None:
            return
        self._save(
            commitment.id,
            lambda journal: journal.set_commitment_status(commitment.id, status, note=note),
        )

    @work
    async def action_renegotiate(self) -> None:
        commitment = self._changeable(CommitmentStatus.RENEGOTIATED)
        if commitment is None:
            return
        change = await self.app.push_screen_wait(
            RenegotiateDialog(commitment.text, self.companion.journal.today())
        )
        if change is None:
            return
        self._save(
            commitment.id,
            lambda journal: journal.set_commitment_status(
                commitment.id,
                CommitmentStatus.RENEGOTIATED,
                note=change["note"],
                due=change["due"],
                step=change["step"],
            ),
        )

    def _save(self, commitment_id: str, change: Callable[[Any], Commitment]) -> None:
        def saved(updated: Commitment) -> None:
            self.notify(f"Saved: {updated.status.value}.")

        self.companion.write_in_background(lambda: change(self.companion.journal), saved)
