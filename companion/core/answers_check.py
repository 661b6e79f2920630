"""Check an answer against its step and give its stored form, one checker per kind of step.

Every face (the app, plain mode, an answers file) sends a leader's answer through normalise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, Protocol

from companion.core.dates import parse_date
from companion.core.errors import AnswerError
from companion.core.model import REVIEW_DECISIONS, AnswerValue, ReviewDecision, Step, StepKind

_WORD = re.compile(r"\b[\w'’-]+\b")


def count_words(text: str) -> int:
    """Words as a person would count them (hyphenated and apostrophe words count once)."""
    return len(_WORD.findall(text))


class LineWordCounter:
    """Counts the words of a text given as its lines, recounting only the lines that changed
    since the last count (a key typed into a long answer changes one line; a word never spans
    two lines, so the sum of the lines' counts is the text's)."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def count(self, lines: Iterable[str]) -> int:
        known, counts = self._counts, {}
        total = 0
        for text in lines:
            words = known.get(text)
            if words is None:
                words = count_words(text)
            counts[text] = words
            total += words
        self._counts = counts  # only the lines there now: memory stays the text's size
        return total


def word_progress(text: str, target: int | None) -> str:
    """'42 words' or '42 of about 100 words'."""
    return words_progress(count_words(text), target)


def words_progress(words: int, target: int | None) -> str:
    """'42 words' or '42 of about 100 words', for a count already made."""
    unit = "word" if words == 1 else "words"
    if target:
        return f"{words} of about {target} words"
    return f"{words} {unit}"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise AnswerError("This answer should be text.")
    text = str(value).strip()
    return text or None


def _items(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [line.strip(" -*•\t") for line in value.splitlines() if line.strip(" -*•\t")]
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            if not isinstance(item, (str, int, float)) or isinstance(item, bool):
                raise AnswerError("Each item in this list should be text.")
            if str(item).strip():
                items.append(str(item).strip())
        return items
    raise AnswerError("This answer should be a list of short texts.")


def _option(step: Step, given: str) -> str:
    wanted = given.strip()
    for option in step.options:
        if wanted == option.value or wanted.lower() == option.label.lower():
            return option.value
    if step.allow_other:
        return wanted
    choices = ", ".join(f"'{o.value}'" for o in step.options)
    raise AnswerError(
        f"'{wanted}' is not one of the choices for '{step.prompt}'. Choose {choices}."
    )


def _date_text(value: Any, today: date) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):  # a TOML date with a time: the day is what counts
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    if text is None:
        return None
    try:
        return parse_date(text, today).isoformat()
    except Exception as error:  # UsageError from parse_date
        raise AnswerError(str(error)) from None


class HasStep(Protocol):
    """A step as a run shows it (session.RuntimeStep): what normalise needs of it."""

    @property
    def step(self) -> Step: ...


def normalise(runtime: HasStep, value: Any, today: date) -> AnswerValue:
    """Check an answer against its step and return its stored form (None means no answer)."""
    step = runtime.step
    check = _CHECKS.get(step.kind)
    return check(step, value, today) if check is not None else None


def _plain_text(step: Step, value: Any, today: date) -> AnswerValue:
    text = _text(value)
    if text is not None and step.kind == StepKind.TEXT:
        text = " ".join(text.split())
    return text


def _choice(step: Step, value: Any, today: date) -> AnswerValue:
    text = _text(value)
    return _option(step, text) if text is not None else None


def _multi(step: Step, value: Any, today: date) -> AnswerValue:
    chosen = [_option(step, item) for item in _items(value)]
    return list(dict.fromkeys(chosen)) or None


def _list(step: Step, value: Any, today: date) -> AnswerValue:
    return _items(value) or None


def _scale(step: Step, value: Any, today: date) -> AnswerValue:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    assert step.min is not None and step.max is not None
    if number is None or not step.min <= number <= step.max:
        raise AnswerError(f"Choose a whole number from {step.min} to {step.max}.")
    return number


def _date(step: Step, value: Any, today: date) -> AnswerValue:
    return _date_text(value, today)


def _commitment(step: Step, value: Any, today: date) -> AnswerValue:
    if isinstance(value, str) or value is None:
        value = {"text": value}
    if not isinstance(value, dict):
        raise AnswerError("A commitment is given as text, due date and first step.")
    unknown = [k for k in value if k not in ("text", "due", "first_step")]
    if unknown:
        raise AnswerError(
            f"A commitment has text, due and first_step; '{unknown[0]}' is not one of them."
        )
    text = _text(value.get("text"))
    if text is None:
        if _text(value.get("due")) or _text(value.get("first_step")):
            raise AnswerError("Say what you will do: the commitment needs some words.")
        return None
    return {
        "text": " ".join(text.split()),
        "due": _date_text(value.get("due"), today),
        "first_step": _text(value.get("first_step")),
    }


def _commitment_review(step: Step, value: Any, today: date) -> AnswerValue:
    if value is None:
        return None
    if isinstance(value, str):
        value = {"decision": value}
    if not isinstance(value, dict):
        raise AnswerError("A review answer is a decision and an optional note.")
    decision = _text(value.get("decision"))
    if decision is None:
        return None
    decision = decision.lower().replace(" ", "-")
    if decision in ("drop", "dropped", "let-it-go"):
        decision = ReviewDecision.LET_GO.value
    if decision not in REVIEW_DECISIONS:
        raise AnswerError(
            f"'{decision}' is not a review decision. Choose one of: {', '.join(REVIEW_DECISIONS)}."
        )
    due = _date_text(value.get("due"), today)
    smaller = _text(value.get("step"))
    if decision == ReviewDecision.RENEGOTIATE and not (due or smaller):
        raise AnswerError("To renegotiate, give a new date or a smaller step (or both).")
    return {
        "decision": decision,
        "note": _text(value.get("note")),
        "due": due,
        "step": smaller,
    }


#: The checker for each kind of step; an info step asks nothing, so has none.
_CHECKS: dict[str, Callable[[Step, Any, date], AnswerValue]] = {
    StepKind.TEXT: _plain_text,
    StepKind.LONG: _plain_text,
    StepKind.CHOICE: _choice,
    StepKind.MULTI: _multi,
    StepKind.LIST: _list,
    StepKind.SCALE: _scale,
    StepKind.DATE: _date,
    StepKind.COMMITMENT: _commitment,
    StepKind.COMMITMENT_REVIEW: _commitment_review,
}
