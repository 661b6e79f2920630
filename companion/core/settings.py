"""The leader's settings: a small TOML file in the config folder, read by every face.

A damaged or unreadable file never stops Companion: the defaults stand and the problem is
reported in one sentence. Each key is checked when it is set, with a message naming what it takes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from companion.core.errors import UsageError
from companion.core.locations import config_dir

SETTINGS_FILE = "settings.toml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DATE_ORDERS = ("day-month", "month-day", "iso")
LONGEST_TEXT = 120


@dataclass(frozen=True)
class Settings:
    """Every setting with its default; the file holds only what the leader changed."""

    theme: str = ""  # "" means the app's own default theme
    accessible: bool = False  # bare plain lines and the high-contrast theme together
    menus: bool = False  # questionary's arrow-key menus in plain mode
    name: str = ""  # the leader's name, for the coach brief
    programme: str = ""  # the programme's name
    review_day: str = "friday"  # the weekly review's day
    date_order: str = "day-month"  # how dates are shown and how 4/12 is read

    def as_toml_values(self) -> dict[str, object]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


#: What each key means, shown by `companion settings` and the app's palette.
DESCRIPTIONS: Mapping[str, str] = {
    "theme": "the app's colours (a theme name; empty for the default)",
    "accessible": "bare plain lines and the high-contrast theme together (yes or no)",
    "menus": "arrow-key menus in plain mode instead of typed numbers (yes or no)",
    "name": "your name, as the coach brief shows it",
    "programme": "your programme's name",
    "review_day": "the day of your weekly review (" + ", ".join(WEEKDAYS) + ")",
    "date_order": "how dates are shown and read (" + ", ".join(DATE_ORDERS) + ")",
}


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def _yes_no(key: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "y", "true", "on", "1"):
        return True
    if text in ("no", "n", "false", "off", "0"):
        return False
    raise UsageError(f"{key} takes yes or no, not {str(value)[:40]!r}.")


def _one_of(choices: tuple[str, ...]) -> Callable[[str, object], str]:
    def check(key: str, value: object) -> str:
        text = str(value).strip().lower()
        matches = [choice for choice in choices if choice.startswith(text)] if text else []
        if len(matches) == 1:
            return matches[0]
        raise UsageError(f"{key} takes one of {', '.join(choices)}, not {str(value)[:40]!r}.")

    return check


def _text(key: str, value: object) -> str:
    text = " ".join(str(value).split())
    if len(text) > LONGEST_TEXT:
        raise UsageError(f"{key} takes at most {LONGEST_TEXT} characters.")
    return text


CHECKS: Mapping[str, Callable[[str, object], object]] = {
    "theme": _text,
    "accessible": _yes_no,
    "menus": _yes_no,
    "name": _text,
    "programme": _text,
    "review_day": _one_of(WEEKDAYS),
    "date_order": _one_of(DATE_ORDERS),
}


def checked(settings: Settings, key: str, value: object) -> Settings:
    """settings with key set to value, or a UsageError naming what the key takes."""
    if key not in CHECKS:
        raise UsageError(
            f"There is no setting called {key[:40]!r}. The settings are: {', '.join(CHECKS)}."
        )
    changes: dict[str, Any] = {key: CHECKS[key](key, value)}
    return replace(settings, **changes)


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    problem: str = ""  # one sentence when the file could not be used as it is


def load_settings(path: Path | None = None) -> Loaded:
    """The leader's settings; a missing file gives the defaults, a damaged one says so."""
    where = path or settings_path()
    try:
        raw = where.read_bytes()
    except FileNotFoundError:
        return Loaded(Settings())
    except OSError as error:
        return Loaded(
            Settings(),
            f"Your settings at {where} could not be read ({error.strerror}); "
            "Companion is using its defaults.",
        )
    import tomllib  # only when there is a settings file to read

    try:
        values: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Loaded(
            Settings(),
            f"Your settings at {where} are damaged; Companion is using its "
            "defaults. `companion settings set KEY VALUE` writes a fresh file.",
        )
    settings, skipped = Settings(), []
    for key, value in values.items():
        try:
            settings = checked(settings, key, value)
        except UsageError:
            skipped.append(str(key)[:40])
    problem = ""
    if skipped:
        problem = (
            f"Your settings at {where} have values Companion cannot use "
            f"({', '.join(skipped)}); their defaults stand."
        )
    return Loaded(settings, problem)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write only what differs from the defaults, atomically: a crash leaves the old file."""
    import tomli_w

    from companion.journal import platform  # fsync and replace as this platform needs

    where = path or settings_path()
    defaults = Settings().as_toml_values()
    changed = {k: v for k, v in settings.as_toml_values().items() if defaults[k] != v}
    where.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=where.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(tomli_w.dumps(changed).encode("utf-8"))
            out.flush()
            platform.current().fsync(out.fileno())
        platform.current().replace(temporary, where)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return where


def set_setting(key: str, value: object, path: Path | None = None) -> Settings:
    """Change one setting and keep it; a damaged file is replaced by the defaults plus this."""
    new = checked(load_settings(path).settings, key, value)
    save_settings(new, path)
    return new
