"""The coach brief: read it, see what private answers are left out, save it to share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from companion.core.calendar.rhythm import for_call
from companion.core.errors import UsageError
from companion.core.scripts import Library
from companion.core.settings import load_settings
from companion.core.views.barriers import kind_labels
from companion.core.views.brief import Brief, coach_brief
from companion.export.writing import check_target
from companion.journal import Journal
from companion.screens.base import JournalView
from companion.screens.dialogs import FormDialog
from companion.screens.export import WORDS
from companion.screens.warm import derived
from companion.widgets.footer import CompanionFooter
from companion.widgets.markdown_doc import parse
from companion.widgets.markdown_view import MarkdownView
from companion.widgets.text import literal, markdown
from companion.widgets.title_bar import TitleBar
from companion.widgets.toggles import TickBox


@dataclass(frozen=True)
class SaveChoice:
    path: Path
    html: bool
    replace: bool = False


class SaveBriefDialog(FormDialog[SaveChoice | None]):
    """Where to save the brief, as Markdown or as a page to print."""

    def __init__(self, suggested: Path, left_out: list[str]) -> None:
        super().__init__()
        self.suggested = suggested
        self.left_out = left_out

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Save the coach brief to share", classes="dialog-question")
            yield Static(literal("\n".join(self.left_out)), id="save-left-out")
            yield Label("File (ending .md for Markdown, .html for a page to print or email)")
            yield Input(str(self.suggested), id="save-path", select_on_focus=False)
            yield TickBox("Replace if it exists", id="save-force")
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save-path", Input).focus()

    def _save(self) -> None:
        text = self.query_one("#save-path", Input).value.strip()
        problem = self.query_one("#problem", Static)
        if not text:
            problem.update("Type where to save the brief, such as ~/coach-brief.md.")
            return
        path = Path(text).expanduser()
        if path.suffix.lower() not in (".md", ".html", ".htm"):
            problem.update(
                "End the file name with .md or .html, so Companion knows which to write."
            )
            return
        replace = self.query_one("#save-force", Checkbox).value
        try:  # the one overwrite rule, as for an export and `companion brief -o`
            check_target(path, split=False, force=replace, example="brief.md")
        except UsageError as error:
            problem.update(literal(error.worded(WORDS)))
            return
        self.dismiss(SaveChoice(path, html=path.suffix.lower() != ".md", replace=replace))


def brief_of(journal: Journal, library: Library, include_private: bool) -> Brief:
    """The coach brief as of now, remembered until the journal, the day, the call it is for or
    the leader's name and programme (their settings) change."""
    heading = {**for_call(journal), "programme": load_settings().settings.programme}

    def make() -> Brief:
        return coach_brief(
            journal.entries(),
            journal.commitments(),
            journal.now(),
            include_private=include_private,
            kinds=kind_labels(library),
            library=library,
            **heading,
        )

    key = ("brief", include_private, journal.today(), *sorted(heading.items()))
    brief = derived(journal, key, make)
    parse(markdown(brief.markdown))  # what the screen draws, made here too (off its thread)
    return brief


class BriefScreen(JournalView[Brief]):
    TITLE = "Coach brief"
    BINDINGS = [
        Binding("escape", "app.show_home", "Back"),
        Binding("s", "save", "Save to share"),
        Binding("i", "toggle_private", "Include private"),
        Binding("f1,question_mark", "app.help", "Help", key_display="F1"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.include_private = False
        self.brief: Brief | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="brief"):
            yield Static("", id="brief-left-out")
            with VerticalScroll(id="brief-scroll"):
                yield MarkdownView(id="brief-body")  # one widget; a link opens nothing
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.load()

    def fetch(self) -> Brief:
        return brief_of(self.companion.journal, self.companion.library, self.include_private)

    def present(self, data: Brief) -> None:
        self.brief = data
        notes = data.left_out_lines()
        if not data.include_private and data.left_out:
            notes.append("Press i to include them, s to save the brief as it is shown.")
        self.query_one("#brief-left-out", Static).update(literal("\n".join(notes)))
        self.query_one("#brief-body", MarkdownView).update(markdown(data.markdown))
        self.query_one("#brief-scroll").focus()

    def action_toggle_private(self) -> None:
        self.include_private = not self.include_private
        self.notify(
            "Private answers are now included."
            if self.include_private
            else "Private answers left out."
        )
        self.load()

    @work
    async def action_save(self) -> None:
        brief = self.brief
        if brief is None:
            return
        today = self.companion.journal.today()
        suggested = Path.home() / f"coach-brief-{today:%Y-%m-%d}.md"
        from companion.export import plaintext_warning

        notes = brief.left_out_lines()
        warning = plaintext_warning(self.companion.journal)
        if warning:
            notes.append(warning)
        choice = await self.app.push_screen_wait(SaveBriefDialog(suggested, notes))
        if choice is None:
            return

        def write() -> Path:
            from companion.export.actions import save_brief

            return save_brief(brief.markdown, choice.path, html=choice.html, force=choice.replace)

        def saved(path: Path) -> None:
            self.notify(f"Saved the coach brief to {path}.")

        self.companion.write_in_background(write, saved)
