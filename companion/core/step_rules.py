"""A script step's fields, and the rules between a step's kind and its other fields.

script_checks.py reads each field and checks its type; the rules here say which fields a kind
may have, each reporting through the checker so every problem keeps its file, line and step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from companion.core.known_scripts import SINCE_LAST_COACHING
from companion.core.model import Option, Step, StepKind

LIVE_SOURCES = (SINCE_LAST_COACHING,)
#: The most points a scale step may offer (0 to 10).
MAX_SCALE_POINTS = 11


def reflow(text: str) -> str:
    """Join hard-wrapped lines into paragraphs; keep blank lines and list items."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    result = []
    for paragraph in paragraphs:
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        joined: list[str] = []
        for line in lines:
            if joined and not re.match(r"^([-*•]|\d+[.)])\s", line):
                joined[-1] += " " + line
            else:
                joined.append(line)
        result.append("\n".join(joined))
    return "\n\n".join(result)


#: The kinds a leader chooses among options in.
CHOOSING = (StepKind.CHOICE, StepKind.MULTI)


@dataclass(frozen=True)
class At:
    """Where a step's problems are reported: its label, its [[steps]] line, a field's line."""

    label: str
    line: int | None
    field_line: Callable[[str], int | None]

    def __call__(self, key: str) -> int | None:
        return self.field_line(key)


@dataclass(frozen=True)
class StepFields:
    """A step's fields, each read and checked for its type, before the rules between them."""

    raw: dict[str, Any]
    kind: Any
    at: At
    prompt: str | None
    hint: str | None
    example: str | None
    required: bool
    private: bool
    allow_other: bool
    sets_tags: bool
    target: int | None
    low: int | None
    high: int | None
    min_label: str | None
    max_label: str | None
    live: Any
    options: tuple[Option, ...]

    def step(self, step_id: Any) -> Step:
        """The checked step (only once every rule has passed)."""
        assert isinstance(step_id, str) and isinstance(self.kind, str) and self.prompt is not None
        kind = StepKind(self.kind)
        return Step(
            id=step_id,
            kind=kind,
            prompt=reflow(self.prompt),
            hint=reflow(self.hint) if self.hint else None,
            example=reflow(self.example) if self.example else None,
            required=self.required if kind != StepKind.INFO else False,
            private=self.private,
            target_words=self.target,
            options=self.options,
            allow_other=self.allow_other,
            min=self.low,
            max=self.high,
            min_label=self.min_label,
            max_label=self.max_label,
            sets_tags=self.sets_tags,
            live=self.live if isinstance(self.live, str) else None,
        )


# ---------------------------------------------------------------- the rules between fields
# Each rule checks one field against the step's kind; they run in this order, so a step's
# problems are always listed in the same order.

#: How a rule reports a problem: (message, line, step label).
Report = Callable[[str, int | None, str | None], None]
Rule = Callable[[Report, "StepFields"], None]


def _target_words_rule(problem: Report, f: StepFields) -> None:
    if f.target is None:
        return
    if f.kind != StepKind.LONG:
        problem(
            f"'target_words' only applies to 'long' steps, and this step is '{f.kind}'. "
            "Remove it, or change the kind to 'long'.",
            f.at("target_words"),
            f.at.label,
        )
    elif f.target < 1:
        problem("'target_words' must be a number above 0.", f.at("target_words"), f.at.label)


def _allow_other_rule(problem: Report, f: StepFields) -> None:
    if f.allow_other and f.kind not in CHOOSING:
        problem(
            "'allow_other' only applies to 'choice' and 'multi' steps.",
            f.at("allow_other"),
            f.at.label,
        )


def _sets_tags_rule(problem: Report, f: StepFields) -> None:
    if f.sets_tags and f.kind not in (StepKind.MULTI, StepKind.LIST):
        problem(
            "'sets_tags' only applies to 'multi' and 'list' steps.", f.at("sets_tags"), f.at.label
        )


def _scale_rule(problem: Report, f: StepFields) -> None:
    low, high, at = f.low, f.high, f.at
    if f.kind != StepKind.SCALE:
        if low is not None or high is not None:
            problem(
                "'min' and 'max' only apply to 'scale' steps.",
                at("min") if low is not None else at("max"),
                at.label,
            )
    elif low is None or high is None:
        problem(
            "a 'scale' step needs 'min' and 'max', such as min = 1 and max = 5.",
            at.line,
            at.label,
        )
    elif low >= high:
        problem(f"'min' ({low}) must be smaller than 'max' ({high}).", at("min"), at.label)
    elif high - low + 1 > MAX_SCALE_POINTS:
        # Every point is a button to press or read out: more is not a scale but a form.
        problem(
            f"a scale has at most {MAX_SCALE_POINTS} points (such as min = 0 and "
            f"max = 10), and this one has {high - low + 1}.",
            at("max"),
            at.label,
        )


def _live_rule(problem: Report, f: StepFields) -> None:
    if f.live is None:
        return
    if f.kind != StepKind.INFO:
        problem(
            f"'live' only applies to 'info' steps, and this step is '{f.kind}'.",
            f.at("live"),
            f.at.label,
        )
    elif f.live not in LIVE_SOURCES:
        problem(
            f"unknown live source '{f.live}'. Use one of: {', '.join(LIVE_SOURCES)}.",
            f.at("live"),
            f.at.label,
        )


def _info_rule(problem: Report, f: StepFields) -> None:
    if f.kind == StepKind.INFO and f.raw.get("required") is True:
        problem(
            "an 'info' step asks nothing, so it cannot be required.", f.at("required"), f.at.label
        )


STEP_RULES: tuple[Rule, ...] = (
    _target_words_rule,
    _allow_other_rule,
    _sets_tags_rule,
    _scale_rule,
    _live_rule,
    _info_rule,
)
