"""The barrier register: every barrier named, the enabler wanted, and the experiments for it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from companion.core.dates import shown_date
from companion.core.known_scripts import PLAN_EXPERIMENT, REFRAME_BARRIER
from companion.core.scripts import Library
from companion.core.views.barriers import Barrier, Register, barrier_register, describe, kind_labels
from companion.core.views.render import md_inline
from companion.journal import Journal
from companion.screens.base import JournalView
from companion.screens.warm import derived
from companion.widgets.footer import CompanionFooter
from companion.widgets.markdown_view import MarkdownView
from companion.widgets.row_table import Column, RowTable
from companion.widgets.text import literal, markdown
from companion.widgets.title_bar import TitleBar

COLUMNS = (Column("Named", 10), Column("Experiments", 18, min_width=8), Column("Barrier"))


def barrier_cells(barrier: Barrier) -> tuple[str, str, str]:
    """A barrier's row in the table (made only when the row is drawn)."""
    statuses = [e.status for e in barrier.experiments]
    summary = ", ".join(f"{statuses.count(s)} {s}" for s in dict.fromkeys(statuses))
    return f"{barrier.named:%Y-%m-%d}", summary or "none yet", barrier.text


def register_of(journal: Journal, library: Library) -> Register:
    """The barrier register, remembered until any journal file changes (made ahead after Home's
    first frame, with the coach brief)."""

    def make() -> Register:
        return barrier_register(
            journal.entries(), journal.commitments(), kinds=kind_labels(library)
        )

    return derived(journal, ("barriers",), make)


def barrier_markdown(barrier: Barrier) -> str:
    """One barrier in full, for the detail panel (shown safe by the caller).

    One-line parts are set in bold, italics or a list: written as themselves, not as Markdown.
    """
    kind = f" *({md_inline(barrier.kind)})*" if barrier.kind else ""
    lines = [
        f"**{md_inline(barrier.text)}**{kind}",
        "",
        f"Named {shown_date(barrier.named, '%-d %B %Y')} in {md_inline(barrier.source)}. "
        "Enter opens that entry.",
        "",
        "**Enabler wanted**",
        "",
        barrier.enabler if barrier.enabler else "Not described yet.",
        "",
    ]
    if barrier.experiments:
        lines.append("**Experiments**")
        lines.append("")
        for experiment in barrier.experiments:
            when = f"{shown_date(experiment.planned, '%-d %b')}"
            lines.append(f"- {md_inline(experiment.text)} ({when}; {describe(experiment)})")
    else:
        lines.append("No experiment planned yet: *Plan a safe-to-fail experiment* is the script.")
    for change in barrier.changes:
        lines += ["", "**What changed**", "", change]
    return "\n".join(lines)


class BarriersScreen(JournalView[Register]):
    TITLE = "Barrier register"
    BINDINGS = [
        Binding("escape", "app.show_home", "Home"),
        Binding("n", "reframe", "Name a barrier"),
        Binding("e", "plan", "Plan an experiment"),
        Binding("f1,question_mark", "app.help", "Help", key_display="F1"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.register = Register()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="barriers"):
            yield Static("", id="barriers-status")
            yield RowTable(COLUMNS, barrier_cells, id="barrier-table")
            with VerticalScroll(id="barrier-detail-scroll"):
                yield MarkdownView(id="barrier-detail")  # one widget; a link opens nothing
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.query_one("#barrier-table", RowTable).focus()
        self.load()

    def fetch(self) -> Register:
        return register_of(self.companion.journal, self.companion.library)

    def present(self, data: Register) -> None:
        self.register = data
        self.query_one("#barrier-table", RowTable).set_rows(data.barriers)
        planned = sum(len(b.experiments) for b in data.barriers)
        if data.barriers:
            message = (
                f"{len(data.barriers)} barriers named, {planned} experiments planned for them"
                + (f", {len(data.unlinked)} for no named barrier." if data.unlinked else ".")
                + " n names a new one, e plans an experiment."
            )
        else:
            message = (
                "No barriers named yet. Press n to reframe your first barrier into an enabler."
            )
        self.query_one("#barriers-status", Static).update(literal(message))

    def _current(self) -> Barrier | None:
        table = self.query_one("#barrier-table", RowTable)
        if not self.register.barriers or table.cursor_row < 0:
            return None
        if table.cursor_row >= len(self.register.barriers):
            return None
        return self.register.barriers[table.cursor_row]

    @on(RowTable.RowHighlighted)
    def _show_detail(self) -> None:
        barrier = self._current()
        self.query_one("#barrier-detail", MarkdownView).update(
            markdown(barrier_markdown(barrier)) if barrier else ""
        )

    @on(RowTable.RowSelected)
    def _open(self) -> None:
        barrier = self._current()
        if barrier is not None:
            self.companion.open_entry(barrier.entry_id)

    def action_reframe(self) -> None:
        self.companion.start_reflection(REFRAME_BARRIER)

    def action_plan(self) -> None:
        self.companion.start_reflection(PLAN_EXPERIMENT)
