"""The review page of a reflection: every answer at a glance, pick one to change it, or finish."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from companion.core.session import Session
from companion.core.views.render import answer_plain
from companion.screens.base import CompanionScreen
from companion.widgets.footer import CompanionFooter
from companion.widgets.text import literal, shown_line
from companion.widgets.title_bar import TitleBar

__all__ = ["ReviewScreen"]


class ReviewScreen(CompanionScreen[str | None]):
    """Every answer at a glance: pick one to change it, or finish."""

    BINDINGS = [
        Binding("ctrl+s", "finish", "Finish and save"),
        Binding("escape", "dismiss(None)", "Back"),
        Binding("f1", "app.help", "Help", key_display="F1"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.title = f"{session.script.title}: review"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="review"):
            yield Static(
                "Check your answers. Choose one to change it, or finish.", id="review-help"
            )
            yield OptionList(*self._options(), id="review-answers")
            yield Button(
                "Save changes (Ctrl+S)" if self.session.editing else "Finish and save (Ctrl+S)",
                id="finish",
                variant="primary",
            )
        yield CompanionFooter()

    def _options(self) -> list[Option]:
        options = []
        for number, runtime in enumerate((s for s in self.session.steps if s.answerable), start=1):
            answer = self.session.answers.get(runtime.id)
            if answer is None:
                shown = "(needed)" if runtime.required else "(skipped)"
            else:
                shown = shown_line(answer_plain(answer))[:120]
            private = "  [private]" if answer and answer.private else ""
            prompt = f"{number}. {shown_line(runtime.prompt)}{private}\n   {shown}"
            options.append(Option(literal(prompt), id=runtime.id))
        for answer in self.session.kept:  # shown, never dropped: this script no longer asks
            if answer.kind == "info":
                continue
            private = "  [private]" if answer.private else ""
            shown = shown_line(answer_plain(answer))[:120]
            kept = (
                f"Kept as written (cannot be changed here): {shown_line(answer.prompt)}"
                f"{private}\n   {shown}"
            )
            options.append(Option(literal(kept), disabled=True))
        return options

    def on_mount(self) -> None:
        self.query_one("#review-answers", OptionList).focus()

    @on(OptionList.OptionSelected)
    def _edit(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Button.Pressed, "#finish")
    def action_finish(self) -> None:
        missing = self.session.missing()
        if missing:
            self.notify(f"'{missing[0].prompt}' still needs an answer.", severity="warning")
            self.dismiss(missing[0].id)
            return
        self.dismiss("finish")
