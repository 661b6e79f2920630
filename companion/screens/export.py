"""Export: choose what leaves the machine, see what is held back as private, then write it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from companion.core.errors import CompanionError, Hint, UsageError
from companion.core.model import Commitment, Draft, Entry
from companion.core.views.search import SearchIndex
from companion.export import (
    FORMATS,
    ExportOptions,
    Selection,
    WrittenExport,
    check_target,
    default_output,
    plaintext_warning,
    select,
)
from companion.export.actions import export_to, refuse_empty
from companion.screens.base import APP_WORDS, WritingDialog
from companion.widgets.text import line, literal, shown_line
from companion.widgets.toggles import TickBox

if TYPE_CHECKING:
    pass

#: What the leader picks from, and (format, split) behind each choice.
#: An export that lasts longer shows a progress bar; it is redrawn this often (seconds).
SHOW_PROGRESS_AFTER = 0.5
PROGRESS_EVERY = 0.1
CHOICES = {
    "md": ("Markdown, one file", "md", False),
    "md-split": ("Markdown, a folder with one file per entry (Obsidian, Logseq)", "md", True),
    "html": ("HTML page, to read, print or share", "html", False),
    "json": ("JSON, lossless, to import again", "json", False),
}
#: The app's words for what the leader can do next (the command line names its flags).
WORDS = {
    **APP_WORDS,
    Hint.REPLACE: "tick “Replace if it exists” to replace it",
    Hint.INCLUDE_PRIVATE: "tick “Include private entries and answers” to export them",
}


@dataclass(frozen=True)
class ExportRequest:
    """What the Journal screen is showing, to start the dialog from."""

    search: str = ""
    script: str | None = None
    tag: str = ""
    since: str = ""
    until: str = ""


@dataclass
class JournalData:
    entries: list[Entry]
    commitments: list[Commitment]
    drafts: list[Draft]
    settings: dict[str, Any]


class ExportDialog(WritingDialog):
    """Format, filters, private or not, where to; then a preview of what leaves, then write."""

    PROBLEM = "#export-problem"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "export", "Export", priority=True),
    ]

    def __init__(self, request: ExportRequest | None = None, folder: Path | None = None) -> None:
        super().__init__()
        self.request = request or ExportRequest()
        self.folder = folder or Path.home()
        self.data: JournalData | None = None
        self.index = SearchIndex()
        self.selection: Selection | None = None
        self.warning: str | None = None
        #: done, total as the export goes (set on the writer thread, shown by a timer here).
        self.progress: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        request = self.request
        scripts = [(line(s.title), s.id) for s in self.companion.library.ordered()]
        with VerticalScroll(classes="dialog export-dialog"):
            yield Static("Export entries", classes="dialog-question panel-title")
            yield Label("Format")
            yield Select(
                [(label, key) for key, (label, _, _) in CHOICES.items()],
                value="md",
                allow_blank=False,
                id="export-format",
            )
            yield Label("Which entries (leave blank for all)")
            with Horizontal(classes="export-row"):
                yield Input(
                    request.since,
                    placeholder="From (date)",
                    id="export-since",
                    select_on_focus=False,
                )
                yield Input(
                    request.until, placeholder="To (date)", id="export-until", select_on_focus=False
                )
            with Horizontal(classes="export-row"):
                yield Select(
                    scripts,
                    prompt="Any script",
                    value=request.script if request.script else Select.NULL,
                    id="export-script",
                )
                yield Input(request.tag, placeholder="Tag", id="export-tag", select_on_focus=False)
            yield Input(
                request.search,
                placeholder="Containing these words",
                id="export-search",
                select_on_focus=False,
            )
            yield TickBox("Include private entries and answers", id="export-private")
            yield Label("Save to")
            yield Input(str(self._default_path("md")), id="export-path", select_on_focus=False)
            yield TickBox("Replace if it exists", id="export-force")
            yield Static("", id="export-warning", classes="problem")
            yield Static("Reading the journal…", id="export-preview")
            yield Static("", id="export-problem", classes="problem")
            yield ProgressBar(id="export-progress", show_eta=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (Ctrl+S)", id="export", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-progress").display = False
        self.query_one("#export-format", Select).focus()
        self.load()

    @work(thread=True, exclusive=True, group="export-load")
    def load(self) -> None:
        journal = self.companion.journal
        try:
            data = JournalData(
                journal.entries(), journal.commitments(), journal.drafts(), dict(journal.meta)
            )
            warning = plaintext_warning(journal)
        except CompanionError as error:
            self.app.call_from_thread(self._problem, str(error))
            return
        self.app.call_from_thread(self._loaded, data, warning)

    def _loaded(self, data: JournalData, warning: str | None) -> None:
        self.data = data
        self.warning = warning
        # Where a warning about the export goes, before anything is written.
        self.query_one("#export-warning", Static).update(literal(warning or ""))
        self.query_one("#export-warning", Static).display = bool(warning)
        self.refresh_preview()

    # ------------------------------------------------------------ choices

    def _choice(self) -> tuple[str, bool]:
        value = self.query_one("#export-format", Select).value
        _, fmt, split = CHOICES[value if isinstance(value, str) else "md"]
        return fmt, split

    def _default_path(self, key: str) -> Path:
        _, fmt, split = CHOICES[key]
        return default_output(FORMATS[fmt], self.folder, split=split)

    def options(self) -> ExportOptions:
        """The filters as typed; UsageError says which one does not make sense."""
        script = self.query_one("#export-script", Select).value
        return ExportOptions.from_text(
            self.companion.journal.today(),
            since=self.query_one("#export-since", Input).value,
            until=self.query_one("#export-until", Input).value,
            script=script if isinstance(script, str) else None,
            tag=self.query_one("#export-tag", Input).value,
            search=self.query_one("#export-search", Input).value,
            include_private=self.query_one("#export-private", Checkbox).value,
        )

    def output_path(self) -> Path:
        typed = self.query_one("#export-path", Input).value.strip()
        if not typed:
            raise UsageError("Say where to save the export: a file name, or a folder's.")
        path = Path(typed).expanduser()
        return path if path.is_absolute() else self.folder / path

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#export-path", Input)
        defaults = {str(self._default_path(key)) for key in CHOICES}
        if path.value in defaults and isinstance(event.value, str):
            path.value = str(self._default_path(event.value))
        self.refresh_preview()

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed, "#export-script")
    def _changed(self) -> None:
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Say how many entries will leave, and which are held back as private."""
        preview = self.query_one("#export-preview", Static)
        self._problem("")
        if self.data is None:
            return
        try:
            options = self.options()
        except UsageError as error:
            self.selection = None
            preview.update("")
            self._problem(str(error))
            return
        self.selection = select(
            self.data.entries,
            self.data.commitments,
            options,
            drafts=self.data.drafts,
            settings=self.data.settings,
            index=self.index,
        )
        lines = [self.selection.summary()]
        held = self.selection.held_back_lines(limit=6)
        if held:
            lines += ["In these entries:", *(f"  {shown_line(text)}" for text in held)]
        preview.update(literal("\n".join(lines)))

    # ------------------------------------------------------------ writing

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()
        else:
            self.dismiss(None)

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        self.refresh_preview()
        selection = self.selection
        if selection is None:
            return
        fmt, split = self._choice()
        force = self.query_one("#export-force", Checkbox).value
        try:
            options = self.options()
            path = self.output_path()
            check_target(path, split=split, force=force)
            refuse_empty(selection, options)
        except UsageError as error:
            self._problem(error.worded(WORDS))
            return
        self.query_one("#export", Button).disabled = True
        self._problem("Writing…")

        def told(done: int, total: int, label: str) -> None:
            self.progress = (done, total)  # read by _show_progress on the app's thread

        def write() -> WrittenExport:
            return export_to(
                selection, options, FORMATS[fmt], path, split=split, force=force, progress=told
            )

        started = time.monotonic()
        self.set_interval(PROGRESS_EVERY, lambda: self._show_progress(started))

        def said(written: WrittenExport) -> str:
            files = f" ({written.files} files)" if written.files > 1 else ""
            return f"Exported {selection.going()} to {written.path}{files}."

        self.write_then_close(write, said, title="Export", button="export", words=WORDS)

    def _show_progress(self, started: float) -> None:
        """The bar, for an export that lasts past SHOW_PROGRESS_AFTER seconds."""
        found = self.progress
        if found is None or time.monotonic() - started < SHOW_PROGRESS_AFTER:
            return
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        bar.update(total=max(found[1], 1), progress=found[0])
