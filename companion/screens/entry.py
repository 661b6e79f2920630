"""One entry, rendered as Markdown; edit or delete it from here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from companion.core.views.render import entry_markdown
from companion.screens.base import JournalView
from companion.screens.dialogs import ConfirmDialog
from companion.widgets.footer import CompanionFooter
from companion.widgets.markdown_doc import parse
from companion.widgets.markdown_view import MarkdownView
from companion.widgets.text import markdown
from companion.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    pass


class EntryScreen(JournalView[tuple[str, str]]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("f1,question_mark", "app.help", "Help", key_display="F1"),
    ]

    def __init__(self, entry_id: str) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.title = "Entry"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="entry"):
            yield MarkdownView(id="entry-body")  # one widget; a link opens nothing
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.load()

    def fetch(self) -> tuple[str, str]:
        journal = self.companion.journal
        entry = journal.entry(self.entry_id)
        text = entry_markdown(entry, journal)
        parse(markdown(text))  # what the screen draws, made off its thread
        return text, entry.script_title

    def present(self, data: tuple[str, str]) -> None:
        text, title = data
        self.title = title
        self.query_one("#entry-body", MarkdownView).update(markdown(text))
        self.query_one("#entry").focus()

    def action_edit(self) -> None:
        self.companion.edit_entry(self.entry_id)

    @work
    async def action_delete(self) -> None:
        sure = await self.app.push_screen_wait(
            ConfirmDialog(
                "Delete this entry? Its commitments stay. The previous version of the file "
                "is kept in the journal's backups.",
                yes="Delete",
            )
        )
        if sure:
            self._delete()

    def _delete(self) -> None:
        def deleted(_: None) -> None:
            self.notify("Entry deleted.")
            if self.is_current:
                self.dismiss()

        self.companion.write_in_background(
            lambda: self.companion.journal.delete_entry(self.entry_id), deleted
        )
