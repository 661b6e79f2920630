"""Find, load and check reflection scripts (built-in and a facilitator's own).

The checks of a script's fields live in script_checks.py and step_rules.py; their public
names are importable from here as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core import limits, locations
from companion.core.errors import Hint, Problem, ScriptError, ScriptFileError
from companion.core.known_scripts import (
    CAPTURE_IMPACT,
    COACHING_DEBRIEF,
    COACHING_PREP,
    EMPATHY_MAP,
    LEARNING_DIARY,
    MY_LEADERSHIP_STORY,
    PLAN_EXPERIMENT,
    REFRAME_BARRIER,
    REVIEW_COMMITMENTS,
    REVIEW_EXPERIMENT,
    SHARED_PURPOSE,
    WORKSHOP_CLOSE_OUT,
)
from companion.core.lazy import loaded_when_used
from companion.core.model import MOMENTS, Script

if TYPE_CHECKING:
    from companion.core.script_cache import ScriptCache
    from companion.core.script_checks import (
        ID_PATTERN,
        MAX_OPTIONS,
        MAX_STEPS,
        STEP_KEYS,
        TOP_KEYS,
    )
    from companion.core.step_rules import LIVE_SOURCES, MAX_SCALE_POINTS, reflow

#: The checks' names this module has always offered, loaded only when asked for: the app takes
#: its scripts from the cache of checked scripts and need not load the checks at all.
__getattr__ = loaded_when_used(
    __name__,
    {
        "ID_PATTERN": "companion.core.script_checks",
        "MAX_OPTIONS": "companion.core.script_checks",
        "MAX_STEPS": "companion.core.script_checks",
        "STEP_KEYS": "companion.core.script_checks",
        "TOP_KEYS": "companion.core.script_checks",
        "LIVE_SOURCES": "companion.core.step_rules",
        "MAX_SCALE_POINTS": "companion.core.step_rules",
        "reflow": "companion.core.step_rules",
    },
)

__all__ = [
    "BUILTIN_ORDER",
    "ID_PATTERN",
    "LIVE_SOURCES",
    "MAX_OPTIONS",
    "MAX_SCALE_POINTS",
    "MAX_STEPS",
    "STEP_KEYS",
    "TOP_KEYS",
    "Library",
    "Problem",
    "Script",
    "ScriptFileError",
    "explain_toml_error",
    "load_library",
    "load_script",
    "parse_script",
    "reflow",
]

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


def parse_script(text: str, path: Path) -> Script:
    """Check a script's text; raise ScriptFileError listing every problem found."""
    import tomllib

    from companion.core.script_checks import _Checker

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


def load_script(path: Path, builtin: bool = False, cache: ScriptCache | None = None) -> Script:
    """Read and check one script file (or, with a cache, take it from there if its text is the
    same as when it was checked)."""
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
    cached = cache.get(path, builtin, text) if cache is not None else None
    if cached is not None:
        return cached
    script = parse_script(text, path)
    if builtin:
        script = Script(**{**script.__dict__, "builtin": True})
    else:
        script = Script(**{**script.__dict__, "builtin": False})
    if cache is not None:
        cache.put(path, builtin, text, script)
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
        import difflib

        close = difflib.get_close_matches(script_id, list(self.scripts), n=1, cutoff=0.5)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ScriptError(
            f"There is no script called '{script_id}'.{hint} ", Hint.LIST_SCRIPTS, "."
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
    WORKSHOP_CLOSE_OUT,
    MY_LEADERSHIP_STORY,
    COACHING_PREP,
    COACHING_DEBRIEF,
    REFRAME_BARRIER,
    SHARED_PURPOSE,
    EMPATHY_MAP,
    PLAN_EXPERIMENT,
    REVIEW_EXPERIMENT,
    REVIEW_COMMITMENTS,
    LEARNING_DIARY,
    CAPTURE_IMPACT,
)


def load_library(
    builtin_dir: Path | None = None,
    user_dir: Path | None = None,
    *,
    include_user: bool = True,
    cached: bool = False,
) -> Library:
    """Load built-in scripts, then user scripts (which add to or replace built-ins by id).

    A broken user script never stops the library loading: it is listed in ``broken``. With
    cached, scripts checked at an earlier start are taken from the user's cache when their
    text is unchanged (see script_cache.py; the app asks for it).
    """
    cache = None
    if cached:
        from companion.core.script_cache import ScriptCache

        cache = ScriptCache()
    library = Library()
    builtin_dir = builtin_dir or locations.builtin_scripts_dir()
    for path in sorted(builtin_dir.glob("*.toml")):
        try:
            script = load_script(path, builtin=True, cache=cache)
        except ScriptFileError as error:
            library.broken.append(error)
            continue
        library.scripts[script.id] = script
    if include_user:
        user_dir = user_dir or locations.user_scripts_dir()
        if user_dir.is_dir():
            for path in sorted(user_dir.glob("*.toml")):
                try:
                    script = load_script(path, cache=cache)
                except ScriptFileError as error:
                    library.broken.append(error)
                    continue
                if script.id in library.scripts:
                    library.overridden[script.id] = library.scripts[script.id]
                library.scripts[script.id] = script
    if cache is not None:
        cache.save()
    return library
