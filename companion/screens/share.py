"""Share with the trio or cohort: every answer that would leave, each with a box to leave it out;
what is held back as private; a name or anonymous; a passphrase to seal it; where to save."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from companion.core.errors import CompanionError, Hint, UsageError
from companion.core.model import Commitment, Entry
from companion.core.views.search import SearchIndex
from companion.export import ExportOptions, WrittenExport, check_target, select
from companion.export.share import (
    DEFAULT_NAME,
    AnswerKey,
    SharePlan,
    contributor_name,
    plan_share,
    refuse_empty,
    write_share,
)
from companion.screens.base import APP_WORDS, WritingDialog
from companion.screens.export import ExportRequest
from companion.widgets.text import line, literal, shown_line

WORDS = {**APP_WORDS, Hint.REPLACE: "tick “Replace if it exists” to replace it"}


class ShareDialog(WritingDialog):
    """Which entries, whose words, which answers; then a contribution file, sealed if asked."""

    PROBLEM = "#share-problem"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "share", "Share", priority=True),
    ]

    def __init__(self, request: ExportRequest | None = None, folder: Path | None = None) -> None:
        super().__init__()
        self.request = request or ExportRequest()
        self.folder = folder or Path.home()
        self.data: tuple[list[Entry], list[Commitment]] | None = None
        self.index = SearchIndex()
        self.plan: SharePlan | None = None
        self.shown_keys: list[AnswerKey] = []

    def compose(self) -> ComposeResult:
        request = self.request
        with VerticalScroll(classes="dialog export-dialog", id="share-dialog"):
            yield Static("Share with your trio or cohort", classes="dialog-question panel-title")
            yield Label("Which entries (leave blank for all)")
            with Horizontal(classes="export-row"):
                yield Input(request.since, placeholder="From (date)", id="share-since")
                yield Input(request.until, placeholder="To (date)", id="share-until")
                yield Input(request.tag, placeholder="Tag", id="share-tag")
            yield Label("Your name, as the report will credit you")
            yield Input(placeholder="Your name", id="share-name", select_on_focus=False)
            yield Checkbox("Share anonymously (no name; months, not days)", id="share-anonymous")
            yield Static("", id="share-summary")
            yield Label("What leaves, answer by answer (untick any to leave it out)")
            yield Vertical(id="share-answers")
            yield Static("", id="share-held")
            yield Label("Passphrase to seal the file (optional; tell your trio another way)")
            yield Input(password=True, placeholder="Passphrase", id="share-passphrase")
            yield Label("Save to")
            yield Input(str(self.folder / DEFAULT_NAME), id="share-path", select_on_focus=False)
            yield Checkbox("Replace if it exists", id="share-force")
            yield Static("", id="share-problem", classes="problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Share (Ctrl+S)", id="share", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#share-name", Input).focus()
        self.load()

    @work(thread=True, exclusive=True, group="share-load")
    def load(self) -> None:
        journal = self.companion.journal
        try:
            data = (journal.entries(), journal.commitments())
        except CompanionError as error:
            self.app.call_from_thread(self._problem, error.worded(WORDS))
            return
        self.app.call_from_thread(self._loaded, data)

    def _loaded(self, data: tuple[list[Entry], list[Commitment]]) -> None:
        self.data = data
        self.refresh_plan()

    def options(self) -> ExportOptions:
        return ExportOptions.from_text(
            self.companion.journal.today(),
            since=self.query_one("#share-since", Input).value,
            until=self.query_one("#share-until", Input).value,
            tag=self.query_one("#share-tag", Input).value,
            script=self.request.script,
        )

    @on(Input.Changed, "#share-since, #share-until, #share-tag")
    @on(Checkbox.Changed, "#share-anonymous")
    def _filters_changed(self) -> None:
        self.refresh_plan()

    @on(Checkbox.Changed, ".share-answer")
    def _answer_ticked(self) -> None:
        self._summarise()

    def refresh_plan(self) -> None:
        """Choose the entries again, and list each answer that would leave."""
        self._problem("")
        if self.data is None:
            return
        try:
            options = self.options()
        except UsageError as error:
            self._problem(error.worded(WORDS))
            return
        anonymous = self.query_one("#share-anonymous", Checkbox).value
        self.query_one("#share-name", Input).disabled = anonymous
        entries, commitments = self.data
        selection = select(entries, commitments, options, index=self.index)
        self.plan = plan_share(selection, None if anonymous else "", self.companion.library)
        keys = [item.key for item in self.plan.leaving]
        if keys != self.shown_keys:
            self._list_answers()
        self._summarise()

    def _list_answers(self) -> None:
        assert self.plan is not None
        box = self.query_one("#share-answers", Vertical)
        box.remove_children()
        self.shown_keys = [item.key for item in self.plan.leaving]
        box.mount_all(
            Checkbox(line(item.line()), value=True, classes="share-answer", name=str(number))
            for number, item in enumerate(self.plan.leaving)
        )
        held = self.plan.selection.held_back_lines(limit=6)
        text = [self.plan.held_back_text(), *(f"  {shown_line(h)}" for h in held)]
        self.query_one("#share-held", Static).update(literal("\n".join(text)))

    def left_out(self) -> set[AnswerKey]:
        """The answers whose box the leader unticked."""
        left: set[AnswerKey] = set()
        for box in self.query(".share-answer").results(Checkbox):
            if not box.value and box.name is not None and int(box.name) < len(self.shown_keys):
                left.add(self.shown_keys[int(box.name)])
        return left

    def _summarise(self) -> None:
        if self.plan is not None:
            summary = self.plan.summary(self.left_out())
            chosen = self.plan.selection.options.describe()
            if chosen:
                summary = f"Chosen: {chosen}. {summary}"
            self.query_one("#share-summary", Static).update(literal(summary))

    # ------------------------------------------------------------ writing

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "share":
            self.action_share()
        elif event.button.id == "cancel":
            self.dismiss(None)

    def _target(self) -> Path:
        typed = self.query_one("#share-path", Input).value.strip()
        if not typed:
            raise UsageError("Say where to save the contribution: a file name.")
        path = Path(typed).expanduser()
        return path if path.is_absolute() else self.folder / path

    def _passphrase(self) -> str | None:
        from companion.journal.crypto import check_new_passphrase

        typed = self.query_one("#share-passphrase", Input).value
        if not typed:
            return None
        check_new_passphrase(typed)
        return typed

    def action_share(self) -> None:
        self.refresh_plan()
        plan = self.plan
        if plan is None:
            return
        force = self.query_one("#share-force", Checkbox).value
        anonymous = self.query_one("#share-anonymous", Checkbox).value
        try:
            name = contributor_name(self.query_one("#share-name", Input).value, anonymous=anonymous)
            plan.contributor = name
            contribution = plan.contribution(self.left_out())
            refuse_empty(plan, contribution)
            target = self._target()
            check_target(target, split=False, force=force, example=DEFAULT_NAME)
            passphrase = self._passphrase()
        except UsageError as error:
            self._problem(error.worded(WORDS))
            return
        self.query_one("#share", Button).disabled = True
        self._problem("Sealing and writing…" if passphrase else "Writing…")

        def write() -> WrittenExport:
            return write_share(contribution, target, passphrase=passphrase, force=force)

        def said(written: WrittenExport) -> str:
            sealed = ", sealed" if passphrase else ""
            return f"Shared {len(contribution.entries)} entries to {written.path}{sealed}."

        self.write_then_close(write, said, title="Share", button="share", words=WORDS)
