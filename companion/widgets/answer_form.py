"""The widgets that take one answer, one kind of step each, behind one small interface."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Label, RadioSet, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from companion.core.answers_check import LineWordCounter, words_progress
from companion.core.dates import describe, parse_date
from companion.core.errors import UsageError
from companion.core.model import REVIEW_DECISIONS, AnswerValue
from companion.core.session import RuntimeStep, word_progress
from companion.messages import AnswerChanged
from companion.widgets.text import line, literal
from companion.widgets.toggles import ChoiceButton, TickList


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


class DateInput(Vertical):
    """An Input that shows, as you type, which date it understood."""

    DEFAULT_CSS = """
    DateInput { height: auto; }
    DateInput .understood { color: $text-muted; height: 1; }
    """

    def __init__(self, value: str, placeholder: str, today: Any, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._value = value
        self._placeholder = placeholder
        self._today = today

    def compose(self) -> ComposeResult:
        yield Input(
            self._value, placeholder=self._placeholder, classes="date-input", select_on_focus=False
        )
        yield Static("", classes="understood")

    def on_mount(self) -> None:
        self._show(self._value)

    @on(Input.Changed, ".date-input")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, text: str) -> None:
        label = self.query_one(".understood", Static)
        if not text.strip():
            label.update("")
            return
        try:
            day = parse_date(text, self._today)
        except UsageError:
            label.update(literal("Not a date yet: try 2026-12-04, next friday or in 2 weeks"))
            return
        label.update(literal(f"Understood: {describe(day, self._today)}"))

    @property
    def value(self) -> str:
        return self.query_one(Input).value


class AnswerArea(TextArea):
    """A TextArea that draws nothing once removed. A step's form is rebuilt when the journal
    changes; a frame already under way (a resize, say) may still ask the old box for its lines,
    and Textual's TextArea, its styles gone, would stop the app with a KeyError."""

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self.is_attached:
            return [Strip.blank(crop.width)] * crop.height
        return super().render_lines(crop)


class LongAnswerArea(AnswerArea):
    """A long answer's box that tells of each change as it happens, not a message later: the
    word count under it is then redrawn in the same frame as the key that changed it (a count
    redrawn a moment later costs a second frame, and the next key waits for it)."""

    def __init__(self, text: str, changed: Callable[[TextArea], None], **kwargs: Any) -> None:
        self._changed = changed
        super().__init__(text, **kwargs)

    def _on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        event.stop()  # nothing above listens (each key moves the cursor)

    def post_message(self, message: Message) -> bool:
        if isinstance(message, TextArea.Changed) and self.is_mounted:
            self._changed(self)
        return super().post_message(message)


class AnswerForm(Vertical):
    """The answer area for one step; `value()` gives what the engine expects."""

    DEFAULT_CSS = """
    AnswerForm { height: auto; }
    """

    def __init__(self, runtime: RuntimeStep, current: AnswerValue, today: Any) -> None:
        super().__init__(classes="answer-form")
        self.runtime = runtime
        self.current = current
        self.today = today
        self._word_counter = LineWordCounter()
        self._shown_count = ""
        self._count_label: Static | None = None  # a long answer's word count

    def compose(self) -> ComposeResult:
        build = _BUILDERS.get(self.runtime.step.kind)
        if build is not None:
            yield from build(self)

    # One builder per kind of step (see _BUILDERS below the class).

    def _compose_info(self) -> ComposeResult:
        yield Static(literal(self.runtime.body or ""), id="info-body", classes="info-body")

    def _compose_text(self) -> ComposeResult:
        yield Input(
            _text(self.current), placeholder="Type your answer, then press Enter", id="answer-text"
        )

    def _compose_long(self) -> ComposeResult:
        current = self.current
        yield LongAnswerArea(
            _text(current),
            self._count_words,
            id="answer-long",
            soft_wrap=True,
            show_line_numbers=False,
        )
        self._shown_count = word_progress(_text(current), self.runtime.step.target_words)
        self._count_label = Static(literal(self._shown_count), id="word-count")
        yield self._count_label

    def _compose_list(self) -> ComposeResult:
        current = self.current
        items = "\n".join(current) if isinstance(current, list) else ""
        yield Label("One item per line.", classes="form-help")
        yield AnswerArea(items, id="answer-list", soft_wrap=True, show_line_numbers=False)

    def _compose_choice(self) -> ComposeResult:
        step = self.runtime.step
        chosen = _text(self.current)
        values = [o.value for o in step.options]
        with RadioSet(id="answer-choice"):
            for option in step.options:
                yield ChoiceButton(line(option.label), value=option.value == chosen)
        if step.allow_other:
            other = chosen if chosen and chosen not in values else ""
            yield Input(other, placeholder="Or in your own words", id="answer-other")

    def _compose_multi(self) -> ComposeResult:
        step = self.runtime.step
        current = self.current
        chosen_list = current if isinstance(current, list) else []
        values = [o.value for o in step.options]
        selections: list[Selection[str]] = [
            Selection(line(o.label), o.value, o.value in chosen_list) for o in step.options
        ]
        yield Label("Space ticks or unticks an item.", classes="form-help")
        yield TickList(*selections, id="answer-multi")
        if step.allow_other:
            others = ", ".join(v for v in chosen_list if v not in values)
            yield Input(
                others, placeholder="Anything else? Separate with commas", id="answer-other"
            )

    def _compose_scale(self) -> ComposeResult:
        step = self.runtime.step
        assert step.min is not None and step.max is not None
        with RadioSet(id="answer-scale"):
            for number in range(step.min, step.max + 1):
                label = str(number)
                if number == step.min and step.min_label:
                    label += f"  {step.min_label}"
                if number == step.max and step.max_label:
                    label += f"  {step.max_label}"
                yield ChoiceButton(line(label), value=self.current == number)

    def _compose_date(self) -> ComposeResult:
        yield DateInput(
            _text(self.current), "2026-12-04, next friday, in 2 weeks", self.today, id="answer-date"
        )

    def _compose_commitment(self) -> ComposeResult:
        value = self.current if isinstance(self.current, dict) else {}
        yield Label("What will you do?")
        yield Input(
            _text(value.get("text")), placeholder="One practical thing", id="commitment-text"
        )
        yield Label("By when? (optional)")
        yield DateInput(
            _text(value.get("due")),
            "2026-12-04, next friday, in 2 weeks",
            self.today,
            id="commitment-due",
        )
        yield Label("First step (optional)")
        yield Input(
            _text(value.get("first_step")),
            placeholder="The very first thing",
            id="commitment-step",
        )

    def _compose_review(self) -> ComposeResult:
        value = self.current if isinstance(self.current, dict) else {}
        if self.runtime.body:
            yield Static(literal(self.runtime.body), classes="info-body")
        with RadioSet(id="review-decision"):
            for key, label in REVIEW_DECISIONS.items():
                yield ChoiceButton(line(label), value=value.get("decision") == key)
        yield Label("If renegotiating: a new date and/or a smaller step")
        yield DateInput(_text(value.get("due")), "new date (optional)", self.today, id="review-due")
        yield Input(
            _text(value.get("step")), placeholder="smaller step (optional)", id="review-step"
        )
        yield Label("What helped, or what got in the way?")
        yield Input(_text(value.get("note")), placeholder="optional note", id="review-note")

    def on_mount(self) -> None:
        # A resumed answer is added to, never typed over: the cursor starts at its end and
        # Tab into a box does not select what is in it (the next key would replace it all).
        for box in self.query(Input):
            box.select_on_focus = False
            box.cursor_position = len(box.value)
        for area in self.query(TextArea):
            area.move_cursor(area.document.end)

    def focus_first(self) -> None:
        for widget in self.query("Input, TextArea, RadioSet, SelectionList").results(Widget):
            # At once, not later (as widget.focus does): keys typed meanwhile must find it.
            self.screen.set_focus(widget, scroll_visible=False)
            return

    def _count_words(self, area: TextArea) -> None:
        """Per key: only the changed line is recounted, and the count's one line is redrawn
        (only when it changed) without laying the screen out again (its size never changes)."""
        words = self._word_counter.count(area.document.lines)
        shown = words_progress(words, self.runtime.step.target_words)
        if shown != self._shown_count and self._count_label is not None:
            self._shown_count = shown
            self._count_label.update(literal(shown), layout=False)

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        event.stop()  # nothing above listens: a key's message goes no further than it must
        self.post_message(AnswerChanged(self))

    @on(Input.Changed)
    @on(RadioSet.Changed)
    @on(SelectionList.SelectedChanged)
    def _input_changed(self) -> None:
        self.post_message(AnswerChanged(self))

    def value(self) -> Any:
        """The raw answer for Session.answer (the engine checks and normalises it)."""
        step = self.runtime.step
        kind = step.kind
        if kind == "info":
            return None
        if kind == "text":
            return self.query_one("#answer-text", Input).value
        if kind == "long":
            return self.query_one("#answer-long", TextArea).text
        if kind == "list":
            return self.query_one("#answer-list", TextArea).text
        if kind == "choice":
            if step.allow_other:
                other = self.query_one("#answer-other", Input).value.strip()
                if other:
                    return other
            index = self.query_one("#answer-choice", RadioSet).pressed_index
            return step.options[index].value if index >= 0 else None
        if kind == "multi":
            picked = list(self.query_one("#answer-multi", SelectionList).selected)
            if step.allow_other:
                extra = self.query_one("#answer-other", Input).value
                picked += [p.strip() for p in extra.split(",") if p.strip()]
            return picked
        if kind == "scale":
            assert step.min is not None
            index = self.query_one("#answer-scale", RadioSet).pressed_index
            return step.min + index if index >= 0 else None
        if kind == "date":
            return self.query_one("#answer-date", DateInput).value
        if kind == "commitment":
            return {
                "text": self.query_one("#commitment-text", Input).value,
                "due": self.query_one("#commitment-due", DateInput).value or None,
                "first_step": self.query_one("#commitment-step", Input).value or None,
            }
        if kind == "commitment-review":
            index = self.query_one("#review-decision", RadioSet).pressed_index
            if index < 0:
                return None
            return {
                "decision": list(REVIEW_DECISIONS)[index],
                "due": self.query_one("#review-due", DateInput).value or None,
                "step": self.query_one("#review-step", Input).value or None,
                "note": self.query_one("#review-note", Input).value or None,
            }
        return None


#: How the answer area of each kind of step is built.
_BUILDERS: dict[str, Callable[[AnswerForm], ComposeResult]] = {
    "info": AnswerForm._compose_info,
    "text": AnswerForm._compose_text,
    "long": AnswerForm._compose_long,
    "list": AnswerForm._compose_list,
    "choice": AnswerForm._compose_choice,
    "multi": AnswerForm._compose_multi,
    "scale": AnswerForm._compose_scale,
    "date": AnswerForm._compose_date,
    "commitment": AnswerForm._compose_commitment,
    "commitment-review": AnswerForm._compose_review,
}
