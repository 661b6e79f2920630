"""Check a reflection script's fields, naming each problem's file, line and step.

scripts.py reads the files and builds the library; this is what it asks of each one.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from companion.core.errors import Problem
from companion.core.errors import ScriptFileError as ScriptFileError  # its home before
from companion.core.model import MOMENTS, STEP_KINDS, Option, Script, Step, StepKind
from companion.core.step_rules import (
    CHOOSING,
    STEP_RULES,
    At,
    StepFields,
    reflow,
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TOP_KEYS = ("id", "title", "version", "moment", "summary", "intro", "steps")
STEP_KEYS = (
    "id",
    "kind",
    "prompt",
    "hint",
    "example",
    "required",
    "private",
    "target_words",
    "options",
    "allow_other",
    "min",
    "max",
    "min_label",
    "max_label",
    "sets_tags",
    "live",
)
#: The most steps a script, and options a step, may have: each is a screen or a line to read.
MAX_STEPS = 100
MAX_OPTIONS = 50
_STEP_HEADER = re.compile(r"^\s*\[\[\s*steps\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[")


def _did_you_mean(word: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def _misspelt(table: dict[str, Any], key: str, known: tuple[str, ...]) -> bool:
    """Whether an unknown field in table was already reported as a misspelling of key."""
    return any(
        difflib.get_close_matches(other, known, n=1, cutoff=0.6) == [key]
        for other in table
        if other not in known
    )


#: A line that sets a bare key: `key = ...` (how key_line finds where a field is written).
_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


class _Checker:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.problems: list[Problem] = []
        lines = text.splitlines()
        self._key_lines: dict[str, list[int]] | None = None
        self.step_lines = [i + 1 for i, line in enumerate(lines) if _STEP_HEADER.match(line)]
        self.lines = lines
        # Top-level fields come before the first [table] header.
        self.top_end = next(
            (i for i, line in enumerate(lines) if _TABLE_HEADER.match(line)), len(lines)
        )

    def problem(self, message: str, line: int | None = None, step: str | None = None) -> None:
        self.problems.append(Problem(str(self.path), message, line, step))

    def key_line(self, key: str, start: int = 0, end: int | None = None) -> int | None:
        """The 1-based line where `key = ...` is written between lines start and end (0-based)."""
        if self._key_lines is None:  # every key's lines, found in one pass over the file
            self._key_lines = {}
            for number, line in enumerate(self.lines):
                found = _KEY_LINE.match(line)
                if found:
                    self._key_lines.setdefault(found.group(1), []).append(number)
        stop = len(self.lines) if end is None else end
        for number in self._key_lines.get(key, ()):
            if start <= number < stop:
                return number + 1
        return None

    def top_line(self, key: str) -> int | None:
        """The line of a top-level field (never a step's field of the same name)."""
        return self.key_line(key, 0, self.top_end)

    def step_block(self, index: int) -> tuple[int, int] | None:
        """The 0-based line range of the index-th [[steps]] table, if it can be found."""
        if index >= len(self.step_lines):
            return None
        start = self.step_lines[index] - 1
        end = next(
            (i for i in range(start + 1, len(self.lines)) if _TABLE_HEADER.match(self.lines[i])),
            len(self.lines),
        )
        return start, end

    def text_field(
        self, table: dict[str, Any], key: str, required: bool, step: str | None, line: int | None
    ) -> str | None:
        value = table.get(key)
        if value is None:
            if required and not _misspelt(table, key, STEP_KEYS if step else TOP_KEYS):
                self.problem(f"'{key}' is missing. Add {key} = \"...\".", line, step)
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(f"'{key}' must be text in quotes.", line, step)
            return None
        return value

    def bool_field(
        self, table: dict[str, Any], key: str, default: bool, step: str, line: int | None
    ) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(f"'{key}' must be true or false (without quotes).", line, step)
            return default
        return value

    def int_field(self, table: dict[str, Any], key: str, step: str, line: int | None) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(f"'{key}' must be a whole number (without quotes).", line, step)
            return None
        return value

    def check(self, data: dict[str, Any]) -> Script | None:
        for key in data:
            if key not in TOP_KEYS:
                self.problem(
                    f"unknown field '{key}'.{_did_you_mean(key, TOP_KEYS)}", self.top_line(key)
                )
        script_id = self.text_field(data, "id", True, None, self.top_line("id"))
        if script_id is not None and not ID_PATTERN.match(script_id):
            self.problem(
                f"the id '{script_id}' must be lowercase words joined by hyphens, "
                "like 'workshop-close-out'.",
                self.top_line("id"),
            )
        title = self.text_field(data, "title", True, None, self.top_line("title"))
        summary = self.text_field(data, "summary", True, None, self.top_line("summary"))
        intro = self.text_field(data, "intro", True, None, self.top_line("intro"))
        version = self.check_version(data)
        moment = self.check_moment(data)
        steps = self.check_steps(data)
        if self.problems:
            return None
        assert script_id and title and summary and intro is not None and isinstance(version, int)
        return Script(
            id=script_id,
            title=title.strip(),
            version=version,
            moment=str(moment),
            summary=summary.strip(),
            intro=reflow(intro),
            steps=tuple(steps),
            path=str(self.path),
        )

    def check_version(self, data: dict[str, Any]) -> Any:
        version = data.get("version")
        if version is None:
            if not _misspelt(data, "version", TOP_KEYS):
                self.problem("'version' is missing. Add version = 1.", None)
        elif not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem(
                "'version' must be a whole number from 1 up, without quotes, such as version = 1.",
                self.top_line("version"),
            )
        return version

    def check_moment(self, data: dict[str, Any]) -> Any:
        moment = data.get("moment")
        if moment is None:
            if not _misspelt(data, "moment", TOP_KEYS):
                self.problem(f"'moment' is missing. Use one of: {', '.join(MOMENTS)}.")
        elif not isinstance(moment, str) or moment not in MOMENTS:
            self.problem(
                f"the moment '{moment}' is not one Companion knows."
                f"{_did_you_mean(str(moment), tuple(MOMENTS))} Use one of: {', '.join(MOMENTS)}.",
                self.top_line("moment"),
            )
        return moment

    def check_steps(self, data: dict[str, Any]) -> list[Step]:
        raw_steps = data.get("steps")
        steps: list[Step] = []
        if raw_steps is None:
            if not _misspelt(data, "steps", TOP_KEYS):
                self.problem("the script has no steps. Add at least one [[steps]] table.")
            return steps
        if not isinstance(raw_steps, list) or not all(isinstance(s, dict) for s in raw_steps):
            self.problem("'steps' must be written as [[steps]] tables.", self.top_line("steps"))
            return steps
        if not raw_steps:
            self.problem("the script has no steps. Add at least one [[steps]] table.")
        if len(raw_steps) > MAX_STEPS:
            self.problem(f"a script has at most {MAX_STEPS} steps; this one has {len(raw_steps)}.")
            raw_steps = []
        seen: dict[str, int | None] = {}
        for index, raw in enumerate(raw_steps):
            line = self.step_lines[index] if index < len(self.step_lines) else None
            step = self.check_step(raw, index, line, seen)
            if step is not None:
                steps.append(step)
        return steps

    def check_step(
        self, raw: dict[str, Any], index: int, line: int | None, seen: dict[str, int | None]
    ) -> Step | None:
        before = len(self.problems)
        block = self.step_block(index)

        def at(key: str) -> int | None:
            """The line of this step's field, else the step's [[steps]] line."""
            found = self.key_line(key, *block) if block else None
            return found or line

        step_id = raw.get("id")
        label = step_id if isinstance(step_id, str) else f"number {index + 1}"
        for key in raw:
            if key not in STEP_KEYS:
                self.problem(
                    f"unknown field '{key}'.{_did_you_mean(key, STEP_KEYS)}", at(key), label
                )
        self.check_step_id(raw, At(label, line, at), seen)
        kind = self.check_kind(raw, At(label, line, at))
        fields = self.step_fields(raw, kind, At(label, line, at))
        for rule in STEP_RULES:
            rule(self.problem, fields)
        if len(self.problems) > before:
            return None
        return fields.step(step_id)

    def check_step_id(self, raw: dict[str, Any], at: At, seen: dict[str, int | None]) -> None:
        step_id = raw.get("id")
        if step_id is None:
            if not _misspelt(raw, "id", STEP_KEYS):
                self.problem("the step has no 'id'. Add id = \"a-short-name\".", at.line, at.label)
        elif not isinstance(step_id, str) or not ID_PATTERN.match(step_id):
            self.problem(
                "the step id must be lowercase words joined by hyphens, like 'what-i-learned'.",
                at("id"),
                at.label,
            )
        elif step_id in seen:
            where = f" (first used on line {seen[step_id]})" if seen[step_id] else ""
            self.problem(
                f"the step id '{step_id}' is used twice{where}. Give each step its own id.",
                at("id"),
                at.label,
            )
        else:
            seen[step_id] = at("id")

    def check_kind(self, raw: dict[str, Any], at: At) -> Any:
        kind = raw.get("kind")
        if kind is None:
            if not _misspelt(raw, "kind", STEP_KEYS):
                self.problem(
                    f"the step has no 'kind'. Use one of: {', '.join(STEP_KINDS)}.",
                    at.line,
                    at.label,
                )
        elif kind not in STEP_KINDS:
            self.problem(
                f"unknown kind '{kind}'.{_did_you_mean(str(kind), STEP_KINDS)} "
                f"The kinds are: {', '.join(STEP_KINDS)}.",
                at("kind"),
                at.label,
            )
        return kind

    def step_fields(self, raw: dict[str, Any], kind: Any, at: At) -> StepFields:
        """Every field of a step read and checked for its type, in the file's field order."""
        label = at.label
        return StepFields(
            raw=raw,
            kind=kind,
            at=at,
            prompt=self.text_field(raw, "prompt", True, label, at("prompt")),
            hint=self.text_field(raw, "hint", False, label, at("hint")),
            example=self.text_field(raw, "example", False, label, at("example")),
            required=self.bool_field(raw, "required", kind != StepKind.INFO, label, at("required")),
            private=self.bool_field(raw, "private", False, label, at("private")),
            allow_other=self.bool_field(raw, "allow_other", False, label, at("allow_other")),
            sets_tags=self.bool_field(raw, "sets_tags", False, label, at("sets_tags")),
            target=self.int_field(raw, "target_words", label, at("target_words")),
            low=self.int_field(raw, "min", label, at("min")),
            high=self.int_field(raw, "max", label, at("max")),
            min_label=self.text_field(raw, "min_label", False, label, at("min_label")),
            max_label=self.text_field(raw, "max_label", False, label, at("max_label")),
            live=raw.get("live"),
            options=self.check_options(
                raw, kind, label, at("options") if "options" in raw else at.line
            ),
        )

    def check_options(
        self, raw: dict[str, Any], kind: Any, label: str, line: int | None
    ) -> tuple[Option, ...]:
        value = raw.get("options")
        if kind in CHOOSING and not value:
            self.problem(
                f"a '{kind}' step needs options, such as "
                'options = [{ value = "yes", label = "Yes" }, { value = "no", label = "No" }].',
                line,
                label,
            )
            return ()
        if value is None:
            return ()
        if kind not in CHOOSING:
            self.problem("'options' only apply to 'choice' and 'multi' steps.", line, label)
            return ()
        if not isinstance(value, list):
            self.problem("'options' must be a list in square brackets.", line, label)
            return ()
        if len(value) > MAX_OPTIONS:
            self.problem(
                f"a step has at most {MAX_OPTIONS} options; this one has {len(value)}.", line, label
            )
            return ()
        options = []
        values: set[str] = set()
        for number, item in enumerate(value, start=1):
            if isinstance(item, str):
                option = Option(value=item, label=item)
            elif isinstance(item, dict) and isinstance(item.get("value"), str):
                unknown = [k for k in item if k not in ("value", "label")]
                if unknown:
                    self.problem(
                        f"option {number} has an unknown field '{unknown[0]}'."
                        f"{_did_you_mean(unknown[0], ('value', 'label'))}",
                        line,
                        label,
                    )
                option = Option(value=item["value"], label=str(item.get("label") or item["value"]))
            else:
                self.problem(
                    f'option {number} must be text or {{ value = "...", label = "..." }}.',
                    line,
                    label,
                )
                continue
            if not option.value.strip():
                self.problem(f"option {number} has an empty value.", line, label)
            elif option.value in values:
                self.problem(f"the option value '{option.value}' is used twice.", line, label)
            values.add(option.value)
            options.append(option)
        return tuple(options)
