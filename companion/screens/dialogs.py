"""Small modal questions: confirm, keep or discard a draft, a note, a renegotiation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from companion.core.dates import parse_date
from companion.core.errors import UsageError
from companion.screens.base import CompanionDialog
from companion.widgets.answer_form import DateInput
from companion.widgets.text import line, literal

T = TypeVar("T")


class ConfirmDialog(CompanionDialog[bool]):
    """Yes or no; Esc means no."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel")]

    def __init__(self, question: str, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(line(self.yes), id="yes", variant="error")
                yield Button(line(self.no), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class LeaveReflectionDialog(CompanionDialog[str]):
    """Keep the draft for later, discard it, or go back to answering."""

    BINDINGS = [
        Binding("escape", "dismiss('stay')", "Back to answering"),
        Binding("k", "dismiss('keep')", "Keep"),
        Binding("d", "dismiss('discard')", "Discard"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "Leave this reflection? Keep it as a draft to finish later, or discard it.",
                classes="dialog-question",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep draft (k)", id="keep", variant="primary")
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Back (Esc)", id="stay")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")


class UnfinishedDialog(CompanionDialog[str]):
    """Words that would not survive leaving: save them (when they can be), go back, or let go.

    Dismissed with "save", "stay" or "lose"; the leader chooses, nothing is dropped silently.
    """

    BINDINGS = [
        Binding("escape", "dismiss('stay')", "Back"),
        Binding("s", "save", "Save"),
        Binding("d", "dismiss('lose')", "Let them go"),
    ]

    def __init__(self, question: str, *, lose: str, save: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.lose = lose
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                if self.save is not None:
                    yield Button(literal(f"{self.save} (s)"), id="save", variant="primary")
                yield Button(literal("Back (Esc)"), id="stay")
                yield Button(literal(f"{self.lose} (d)"), id="lose", variant="error")

    def on_mount(self) -> None:
        self.query_one("#save" if self.save is not None else "#stay", Button).focus()

    def action_save(self) -> None:
        if self.save is not None:
            self.dismiss("save")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")


class DraftNotSavedDialog(CompanionDialog[str]):
    """A draft's save failed: try again, stay with the words, or (only if asked) let them go."""

    BINDINGS = [
        Binding("escape", "dismiss('stay')", "Back to answering"),
        Binding("r", "dismiss('retry')", "Try again"),
        Binding("d", "dismiss('discard')", "Discard"),
    ]

    def __init__(self, reason: str, *, quitting: bool = False) -> None:
        super().__init__()
        self.reason = reason
        self.quitting = quitting

    def compose(self) -> ComposeResult:
        lose = "Quit and lose them (d)" if self.quitting else "Discard them (d)"
        with Vertical(classes="dialog"):
            yield Static(
                literal(f"Your draft is not saved yet. {self.reason} Your words are still here."),
                classes="dialog-question",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Try again (r)", id="retry", variant="primary")
                yield Button("Back to my words (Esc)", id="stay")
                yield Button(literal(lose), id="discard", variant="error")

    def on_mount(self) -> None:
        self.query_one("#retry", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")


async def _typed_kept_before_quit(dialog: CompanionDialog[Any], fields: tuple[str, ...]) -> bool:
    """On quit, a dialog holding typed words asks before they go: nothing is saved until Save."""
    if not any(box.value.strip() for field in fields for box in dialog.query(field).results(Input)):
        return True
    question = (
        "What you typed here is not saved: the change is made only when you save it. "
        "Go back to it, or quit without it?"
    )
    choice = await dialog.app.push_screen_wait(UnfinishedDialog(question, lose="Quit without it"))
    return choice == "lose"


class NoteDialog(CompanionDialog[str | None]):
    """An optional note for a commitment change; Esc cancels the change."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.title_text), classes="dialog-question")
            yield Label("A note on what helped or got in the way (optional):")
            yield Input(id="note", select_on_focus=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    async def keep_before_quit(self) -> bool:
        return await _typed_kept_before_quit(self, ("#note",))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.dismiss(self.query_one("#note", Input).value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.query_one("#note", Input).value if event.button.id == "save" else None)


class FormDialog(CompanionDialog[T]):
    """A small form: Enter in a field or the Save button saves, Cancel or Esc closes.

    Every subclass defines _save: check the form, then dismiss with its value or say what to fix.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    _save: Callable[[], None]
    #: The fields whose typed words are asked about before the app quits (see keep_before_quit).
    words_fields: tuple[str, ...] = ()

    async def keep_before_quit(self) -> bool:
        return await _typed_kept_before_quit(self, self.words_fields)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._save()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(None)


class RenegotiateDialog(FormDialog[dict[str, Any] | None]):
    """A new date and/or a smaller step, with an optional note."""

    words_fields = ("#due Input", "#step", "#note")

    def __init__(self, commitment_text: str, today: date) -> None:
        super().__init__()
        self.commitment_text = commitment_text
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(line(f"Renegotiate: {self.commitment_text}"), classes="dialog-question")
            yield Label("New date (optional)")
            yield DateInput(
                "",
                "2026-12-04, next friday, in 2 weeks",
                self.today,
                id="due",
            )
            yield Label("A smaller step (optional)")
            yield Input(id="step", select_on_focus=False)
            yield Label("Note (optional)")
            yield Input(id="note", select_on_focus=False)
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#due Input", Input).focus()

    def _save(self) -> None:
        due_text = self.query_one("#due", DateInput).value
        step = self.query_one("#step", Input).value.strip()
        problem = self.query_one("#problem", Static)
        due = None
        if due_text.strip():
            try:
                due = parse_date(due_text, self.today)
            except UsageError as error:
                problem.update(literal(error))
                return
        if due is None and not step:
            problem.update("Give a new date or a smaller step (or both).")
            return
        self.dismiss(
            {"due": due, "step": step or None, "note": self.query_one("#note", Input).value}
        )
