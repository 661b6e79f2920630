"""Find, load and check reflection scripts (built-in and a facilitator's own)."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from companion.core import limits, locations
from companion.core.errors import ScriptError
from companion.core.model import MOMENTS, STEP_KINDS, Option, Script, Step

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
LIVE_SOURCES = ("since-last-coaching",)
#: The most points a scale step may offer (0 to 10).
MAX_SCALE_POINTS = 11
#: The most steps a script, and options a step, may have: each is a screen or a line to read.
MAX_STEPS = 100
MAX_OPTIONS = 50
_STEP_HEADER = re.compile(r"^\s*\[\[\s*steps\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[")

#: What the TOML reader's terse complaints mean, in words a facilitator can act on.
_TOML_REASONS = {
    "Illegal character '\\n'": (
        "a text in quotes is not closed before the end of its line "
        '(for text over several lines, use three quotes: """ ... """)'
    ),
    "Unterminated string": 'three quotes (""") are opened but never closed',
    "Cannot overwrite a value": "the same field is given twice",
    "Unclosed array": "a list opened with [ is never closed with ]",
    "Invalid value": (
        "a value is not written as expected: put text in quotes, and write numbers, "
        "true and false without quotes"
    ),
    "Expected '=' after a key in a key/value pair": (
        "a line is missing the = between a field and its value"
    ),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a script file, located as precisely as we can."""

    path: str
    message: str
    line: int | None = None
    step: str | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f", line {self.line}"
        if self.step is not None:
            where += f", step '{self.step}'"
        return f"{where}: {self.message}"


class ScriptFileError(ScriptError):
    """A script file with one or more problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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
        version = data.get("version")
        if version is None:
            if not _misspelt(data, "version", TOP_KEYS):
                self.problem("'version' is missing. Add version = 1.", None)
        elif not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem(
                "'version' must be a whole number from 1 up, without quotes, such as version = 1.",
                self.top_line("version"),
            )
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
        raw_steps = data.get("steps")
        steps: list[Step] = []
        if raw_steps is None:
            if not _misspelt(data, "steps", TOP_KEYS):
                self.problem("the script has no steps. Add at least one [[steps]] table.")
        elif not isinstance(raw_steps, list) or not all(isinstance(s, dict) for s in raw_steps):
            self.problem("'steps' must be written as [[steps]] tables.", self.top_line("steps"))
        else:
            if not raw_steps:
                self.problem("the script has no steps. Add at least one [[steps]] table.")
            if len(raw_steps) > MAX_STEPS:
                self.problem(
                    f"a script has at most {MAX_STEPS} steps; this one has {len(raw_steps)}."
                )
                raw_steps = []
            seen: dict[str, int | None] = {}
            for index, raw in enumerate(raw_steps):
                line = self.step_lines[index] if index < len(self.step_lines) else None
                step = self.check_step(raw, index, line, seen)
                if step is not None:
                    steps.append(step)
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
        if step_id is None:
            if not _misspelt(raw, "id", STEP_KEYS):
                self.problem("the step has no 'id'. Add id = \"a-short-name\".", line, label)
        elif not isinstance(step_id, str) or not ID_PATTERN.match(step_id):
            self.problem(
                "the step id must be lowercase words joined by hyphens, like 'what-i-learned'.",
                at("id"),
                label,
            )
        elif step_id in seen:
            where = f" (first used on line {seen[step_id]})" if seen[step_id] else ""
            self.problem(
                f"the step id '{step_id}' is used twice{where}. Give each step its own id.",
                at("id"),
                label,
            )
        else:
            seen[step_id] = at("id")
        kind = raw.get("kind")
        if kind is None:
            if not _misspelt(raw, "kind", STEP_KEYS):
                self.problem(
                    f"the step has no 'kind'. Use one of: {', '.join(STEP_KINDS)}.", line, label
                )
        elif kind not in STEP_KINDS:
            self.problem(
                f"unknown kind '{kind}'.{_did_you_mean(str(kind), STEP_KINDS)} "
                f"The kinds are: {', '.join(STEP_KINDS)}.",
                at("kind"),
                label,
            )
        prompt = self.text_field(raw, "prompt", True, label, at("prompt"))
        hint = self.text_field(raw, "hint", False, label, at("hint"))
        example = self.text_field(raw, "example", False, label, at("example"))
        required = self.bool_field(raw, "required", kind != "info", label, at("required"))
        private = self.bool_field(raw, "private", False, label, at("private"))
        allow_other = self.bool_field(raw, "allow_other", False, label, at("allow_other"))
        sets_tags = self.bool_field(raw, "sets_tags", False, label, at("sets_tags"))
        target = self.int_field(raw, "target_words", label, at("target_words"))
        low = self.int_field(raw, "min", label, at("min"))
        high = self.int_field(raw, "max", label, at("max"))
        min_label = self.text_field(raw, "min_label", False, label, at("min_label"))
        max_label = self.text_field(raw, "max_label", False, label, at("max_label"))
        live = raw.get("live")
        options = self.check_options(raw, kind, label, at("options") if "options" in raw else line)

        if target is not None:
            if kind != "long":
                self.problem(
                    f"'target_words' only applies to 'long' steps, and this step is '{kind}'. "
                    "Remove it, or change the kind to 'long'.",
                    at("target_words"),
                    label,
                )
            elif target < 1:
                self.problem("'target_words' must be a number above 0.", at("target_words"), label)
        if allow_other and kind not in ("choice", "multi"):
            self.problem(
                "'allow_other' only applies to 'choice' and 'multi' steps.",
                at("allow_other"),
                label,
            )
        if sets_tags and kind not in ("multi", "list"):
            self.problem(
                "'sets_tags' only applies to 'multi' and 'list' steps.", at("sets_tags"), label
            )
        if kind == "scale":
            if low is None or high is None:
                self.problem(
                    "a 'scale' step needs 'min' and 'max', such as min = 1 and max = 5.",
                    line,
                    label,
                )
            elif low >= high:
                self.problem(
                    f"'min' ({low}) must be smaller than 'max' ({high}).", at("min"), label
                )
            elif high - low + 1 > MAX_SCALE_POINTS:
                # Every point is a button to press or read out: more is not a scale but a form.
                self.problem(
                    f"a scale has at most {MAX_SCALE_POINTS} points (such as min = 0 and "
                    f"max = 10), and this one has {high - low + 1}.",
                    at("max"),
                    label,
                )
        elif low is not None or high is not None:
            self.problem(
                "'min' and 'max' only apply to 'scale' steps.",
                at("min") if low is not None else at("max"),
                label,
            )
        if live is not None:
            if kind != "info":
                self.problem(
                    f"'live' only applies to 'info' steps, and this step is '{kind}'.",
                    at("live"),
                    label,
                )
            elif live not in LIVE_SOURCES:
                self.problem(
                    f"unknown live source '{live}'. Use one of: {', '.join(LIVE_SOURCES)}.",
                    at("live"),
                    label,
                )
        if kind == "info" and raw.get("required") is True:
            self.problem(
                "an 'info' step asks nothing, so it cannot be required.", at("required"), label
            )
        if len(self.problems) > before:
            return None
        assert isinstance(step_id, str) and isinstance(kind, str) and prompt is not None
        return Step(
            id=step_id,
            kind=kind,
            prompt=reflow(prompt),
            hint=reflow(hint) if hint else None,
            example=reflow(example) if example else None,
            required=required if kind != "info" else False,
            private=private,
            target_words=target,
            options=options,
            allow_other=allow_other,
            min=low,
            max=high,
            min_label=min_label,
            max_label=max_label,
            sets_tags=sets_tags,
            live=live if isinstance(live, str) else None,
        )

    def check_options(
        self, raw: dict[str, Any], kind: Any, label: str, line: int | None
    ) -> tuple[Option, ...]:
        value = raw.get("options")
        if kind in ("choice", "multi") and not value:
            self.problem(
                f"a '{kind}' step needs options, such as "
                'options = [{ value = "yes", label = "Yes" }, { value = "no", label = "No" }].',
                line,
                label,
            )
            return ()
        if value is None:
            return ()
        if kind not in ("choice", "multi"):
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


def parse_script(text: str, path: Path) -> Script:
    """Check a script's text; raise ScriptFileError listing every problem found."""
    try:
        data = limits.loads_toml(text)
    except tomllib.TOMLDecodeError as error:
        raise ScriptFileError([_toml_problem(str(error), path)]) from None
    except limits.LimitExceeded as error:
        raise ScriptFileError(
            [Problem(str(path), f"the file {error}, more than a script can hold.")]
        ) from None
    checker = _Checker(path, text)
    try:
        script = checker.check(data)
    except Exception as error:  # a shape no check foresaw: still one broken file, listed
        raise ScriptFileError(
            [
                *checker.problems,
                Problem(str(path), f"a field has a value Companion cannot use ({error})."),
            ]
        ) from None
    if script is None:
        raise ScriptFileError(checker.problems)
    return script


def explain_toml_error(message: str) -> tuple[int | None, str, str]:
    """(line, where, plain reason) for a tomllib error message, in a facilitator's words."""
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    line = int(match.group(1)) if match else None
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message).strip()
    plain = _TOML_REASONS.get(reason, reason)
    where = f"column {match.group(2)}" if match else ""
    if line is None and "end of document" in message:
        where = "noticed at the end of the file"
    return line, where, plain


def _toml_problem(message: str, path: Path) -> Problem:
    """A TOML syntax error in words a facilitator can act on, with its line."""
    line, where, plain = explain_toml_error(message)
    where = f" ({where})" if where else ""
    return Problem(
        str(path), f"the file is not valid TOML{where}: {plain}. Check quotes and brackets.", line
    )


def load_script(path: Path, builtin: bool = False) -> Script:
    """Read and check one script file."""
    try:
        raw = limits.read_regular(path, limits.SMALL_FILE)
    except FileNotFoundError:
        raise ScriptFileError(
            [Problem(str(path), "there is no such file. Check the file's name and folder.")]
        ) from None
    except limits.LimitExceeded as error:
        raise ScriptFileError([Problem(str(path), f"it {error}.")]) from None
    except OSError as error:
        raise ScriptFileError(
            [Problem(str(path), f"it cannot be read ({error.strerror}).")]
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ScriptFileError(
            [
                Problem(
                    str(path),
                    "it is not saved as UTF-8 text (the first character that is not UTF-8 is "
                    "on this line). Save it as UTF-8 in your editor.",
                    line,
                )
            ]
        ) from None
    script = parse_script(text, path)
    if builtin:
        script = Script(**{**script.__dict__, "builtin": True})
    else:
        script = Script(**{**script.__dict__, "builtin": False})
    return script


@dataclass
class Library:
    """Every script Companion can run: built-ins, overridden or extended by user scripts."""

    scripts: dict[str, Script] = field(default_factory=dict)
    broken: list[ScriptFileError] = field(default_factory=list)
    overridden: dict[str, Script] = field(default_factory=dict)

    def get(self, script_id: str) -> Script:
        """The script with this id, or a clear error naming the ones that exist."""
        found = self.scripts.get(script_id)
        if found is not None:
            return found
        close = difflib.get_close_matches(script_id, list(self.scripts), n=1, cutoff=0.5)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ScriptError(
            f"There is no script called '{script_id}'.{hint} "
            "`companion scripts list` shows the ones you can run."
        )

    def ordered(self) -> list[Script]:
        """Scripts grouped by moment, in the library's order within each."""
        order = {moment: index for index, moment in enumerate(MOMENTS)}
        builtin_order = {name: i for i, name in enumerate(BUILTIN_ORDER)}
        return sorted(
            self.scripts.values(),
            key=lambda s: (order.get(s.moment, 99), builtin_order.get(s.id, 99), s.title),
        )


BUILTIN_ORDER = (
    "workshop-close-out",
    "my-leadership-story",
    "coaching-prep",
    "coaching-debrief",
    "reframe-barrier",
    "shared-purpose",
    "empathy-map",
    "plan-experiment",
    "review-experiment",
    "review-commitments",
    "learning-diary",
    "capture-impact",
)


def load_library(
    builtin_dir: Path | None = None, user_dir: Path | None = None, *, include_user: bool = True
) -> Library:
    """Load built-in scripts, then user scripts (which add to or replace built-ins by id).

    A broken user script never stops the library loading: it is listed in ``broken``.
    """
    library = Library()
    builtin_dir = builtin_dir or locations.builtin_scripts_dir()
    for path in sorted(builtin_dir.glob("*.toml")):
        try:
            script = load_script(path, builtin=True)
        except ScriptFileError as error:
            library.broken.append(error)
            continue
        library.scripts[script.id] = script
    if include_user:
        user_dir = user_dir or locations.user_scripts_dir()
        if user_dir.is_dir():
            for path in sorted(user_dir.glob("*.toml")):
                try:
                    script = load_script(path)
                except ScriptFileError as error:
                    library.broken.append(error)
                    continue
                if script.id in library.scripts:
                    library.overridden[script.id] = library.scripts[script.id]
                library.scripts[script.id] = script
    return library
