"""`companion settings`: every setting, its value and what it means; `set KEY VALUE` changes one."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from companion.cli import output
from companion.cli.parser import Verbs, add_verb, sub_verbs
from companion.core.errors import UsageError
from companion.core.text import safe_line, write_out


def add_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    settings = add_verb(
        verbs, common, "settings", "your settings: theme, accessible mode, name, review day"
    )
    settings.add_argument("--json", action="store_true", help="print JSON")
    actions = sub_verbs(settings)
    listing = actions.add_parser("list", help="every setting, its value and what it means")
    listing.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON"
    )
    change = actions.add_parser(
        "set", help="change one setting (companion settings set review_day monday)"
    )
    change.add_argument("key", help="the setting's name, as `companion settings` lists it")
    change.add_argument("value", help="its new value (an empty value gives back the default)")


def shown_value(value: object) -> str:
    """A value as the leader types it: yes or no, a word, or (none) for empty text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return safe_line(str(value)) if value != "" else "(none)"


def settings_doc() -> dict[str, Any]:
    from companion.core.settings import DESCRIPTIONS, Settings, settings_path

    loaded = output.settings()
    defaults = Settings().as_toml_values()
    return {
        "file": str(settings_path()),
        "problem": loaded.problem or None,
        "settings": {
            key: {
                "value": value,
                "default": value == defaults[key],
                "means": DESCRIPTIONS[key],
            }
            for key, value in loaded.settings.as_toml_values().items()
        },
    }


def _list(args: argparse.Namespace) -> int:
    doc = settings_doc()
    if getattr(args, "json", False):
        output.print_json(doc)
        return 0
    width = max(len(key) for key in doc["settings"])
    for key, about in doc["settings"].items():
        marked = " (default)" if about["default"] else ""
        write_out(f"{key:<{width}}  {shown_value(about['value'])}{marked}")
        write_out(f"{'':<{width}}  {about['means']}")
    write_out(f"\nKept in {safe_line(doc['file'])}.")
    write_out("Change one with: companion settings set KEY VALUE")
    return 0


def _theme_names() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    from companion.widgets.theme import HIGH_CONTRAST

    return [HIGH_CONTRAST.name, *BUILTIN_THEMES]


def _set(args: argparse.Namespace) -> int:
    from companion.core.settings import CHECKS, Settings, set_setting

    key = args.key.strip().lower().replace("-", "_")
    value: object = args.value
    if key in CHECKS and args.value.strip() == "":
        value = Settings().as_toml_values()[key]  # empty: back to the default
    elif key == "theme" and args.value.strip() not in _theme_names():
        raise UsageError(
            f"theme takes one of {', '.join(_theme_names())}, not {safe_line(args.value)[:40]!r}."
        )
    new = set_setting(key, value)
    write_out(f"{key} is now {shown_value(new.as_toml_values()[key])}.")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    if args.action == "set":
        return _set(args)
    return _list(args)  # `companion settings` and `companion settings list`


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {"settings": cmd_settings}
