"""Gather: contribution files from the trio or cohort made into a report, previewed, then saved."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from companion.core.errors import CompanionError, Hint, UsageError
from companion.export import WrittenExport, check_target, write_export
from companion.export.gather import FORMS, report_document
from companion.importing.contributions import Report, gather_report
from companion.screens.base import APP_WORDS, CompanionScreen
from companion.widgets.footer import CompanionFooter
from companion.widgets.markdown_view import MarkdownView
from companion.widgets.text import literal, markdown
from companion.widgets.title_bar import TitleBar

WORDS = {
    **APP_WORDS,
    Hint.REPLACE: "tick “Replace if it exists” to replace it",
    Hint.GIVE_PASSPHRASE: "type it in the Passphrase box",
}
FORMATS = {"md": "Markdown (.md), to edit", "html": "HTML page (.html), to read, print or share"}


def typed_paths(text: str, folder: Path) -> list[Path]:
    """The files typed, separated by semicolons or new lines (relative to folder)."""
    parts = [p.strip().strip('"') for chunk in text.splitlines() for p in chunk.split(";")]
    paths = [Path(p).expanduser() for p in parts if p]
    return [p if p.is_absolute() else folder / p for p in paths]


class GatherScreen(CompanionScreen[None]):
    """Files, a form and a format; Make shows the report; Save writes it."""

    TITLE = "Gather"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+r", "make", "Make report", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or Path.home()
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="gather"):
            yield Static(
                "Make the trio's or cohort's report from the contribution files they shared.",
                classes="panel-title",
            )
            yield Label("Contribution files (separate them with ;)")
            yield Input(
                placeholder="ben.json; chloe.json", id="gather-files", select_on_focus=False
            )
            with Horizontal(classes="export-row"):
                yield Select(
                    [(form.label, name) for name, form in FORMS.items()],
                    value="learning",
                    allow_blank=False,
                    id="gather-form",
                )
                yield Select(
                    [(label, key) for key, label in FORMATS.items()],
                    value="md",
                    allow_blank=False,
                    id="gather-format",
                )
            yield Label("Passphrase (only for sealed files)")
            yield Input(password=True, placeholder="Passphrase", id="gather-passphrase")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Make report (Ctrl+R)", id="gather-make", variant="primary")
            yield Static("", id="gather-status", classes="problem")
            yield MarkdownView(id="gather-preview")  # one widget; a link opens nothing
            yield Label("Save to")
            yield Input(str(self.folder / "learning.md"), id="gather-path", select_on_focus=False)
            yield Checkbox("Replace if it exists", id="gather-force")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="gather-save", disabled=True)
                yield Button("Back (Esc)", id="gather-back")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.query_one("#gather-files", Input).focus()

    def _status(self, message: str) -> None:
        self.query_one("#gather-status", Static).update(literal(message))

    def _choice(self, selector: str, default: str) -> str:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else default

    @on(Select.Changed)
    def _form_changed(self) -> None:
        """A new form or format: the suggested file name follows, the preview is made again."""
        path = self.query_one("#gather-path", Input)
        suggested = {str(self.folder / f"{f}.{x}") for f in FORMS for x in FORMATS}
        if path.value in suggested:
            form, fmt = (
                self._choice("#gather-form", "learning"),
                self._choice("#gather-format", "md"),
            )
            path.value = str(self.folder / f"{form}.{fmt}")
        if self.report is not None:
            self.action_make()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "gather-make":
            self.action_make()
        elif event.button.id == "gather-save":
            self.action_save()
        elif event.button.id == "gather-back":
            self.app.pop_screen()

    @on(Input.Submitted, "#gather-files, #gather-passphrase")
    def _submitted(self) -> None:
        self.action_make()

    def action_make(self) -> None:
        paths = typed_paths(self.query_one("#gather-files", Input).value, self.folder)
        if not paths:
            self._status("Type the path of at least one contribution file.")
            return
        passphrase = self.query_one("#gather-passphrase", Input).value or None
        form = FORMS[self._choice("#gather-form", "learning")]
        self._status("Reading the contributions…")
        self._make(paths, form.name, passphrase)

    @work(thread=True, exclusive=True, group="gather")
    def _make(self, paths: list[Path], form: str, passphrase: str | None) -> None:
        try:  # read, checked and opened (Argon2id is slow on purpose) off the app's thread
            report = gather_report(paths, FORMS[form], "md", passphrase)
        except CompanionError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._show, report)

    def _failed(self, error: CompanionError) -> None:
        self.report = None
        self.query_one("#gather-save", Button).disabled = True
        self._status(error.worded(WORDS))

    def _show(self, report: Report) -> None:
        self.report = report
        self.query_one("#gather-preview", MarkdownView).update(markdown(report.text))
        self.query_one("#gather-save", Button).disabled = False
        self._status(report.gathered.summary())

    def action_save(self) -> None:
        report = self.report
        if report is None:
            self._status("Make the report first (Ctrl+R), then save it.")
            return
        fmt = self._choice("#gather-format", "md")
        force = self.query_one("#gather-force", Checkbox).value
        typed = self.query_one("#gather-path", Input).value.strip()
        try:
            if not typed:
                raise UsageError("Say where to save the report: a file name.")
            target = Path(typed).expanduser()
            target = target if target.is_absolute() else self.folder / target
            check_target(target, split=False, force=force, example=f"{report.form.name}.{fmt}")
        except UsageError as error:
            self._status(error.worded(WORDS))
            return
        text = report_document(report.gathered, report.form, fmt)

        def write() -> WrittenExport:
            return write_export(text, target, force=force)

        def done(written: WrittenExport) -> None:
            self.app.notify(f"Saved {report.form.noun} to {written.path}.", title="Gather")
            if self.is_attached:
                self._status(f"Saved {report.form.noun} to {written.path}.")

        def failed(error: CompanionError) -> None:
            if self.is_attached:
                self._status(error.worded(WORDS))
            else:
                self.companion.show_error(error)

        self.companion.write_in_background(write, done, on_error=failed)
