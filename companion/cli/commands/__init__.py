"""The command line's verbs, a room per group; each room adds its verbs to the parser."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # argparse loads with the parser, not to open the app
    import argparse

    from companion.cli.parser import Verbs

Command = Callable[["argparse.Namespace"], int]


#: Each room's verbs, in the order `companion --help` lists them; and every verb's command.
#: Both are made when first asked for: opening the app (no verb) loads only its own room.
PARSERS: list[Callable[[Verbs, argparse.ArgumentParser], None]]
COMMANDS: dict[str | None, Command]


def __getattr__(name: str) -> object:
    if name not in ("PARSERS", "COMMANDS"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _load_rooms()
    return globals()[name]


def _load_rooms() -> None:
    from companion.cli.commands import (
        backup,
        calendar,
        cohort,
        commitments,
        entries,
        journal,
        reflect,
        reports,
        scripts,
        settings,
        transfer,
    )

    global PARSERS, COMMANDS
    PARSERS = [
        reflect.add_parser,
        entries.add_parser,
        commitments.add_parser,
        reports.add_parser,
        calendar.add_parser,
        scripts.add_parser,
        reflect.add_demo_parser,
        transfer.add_parser,
        backup.add_parser,
        cohort.add_parser,
        journal.add_parser,
        settings.add_parser,
    ]

    COMMANDS = {
        **reflect.COMMANDS,
        **entries.COMMANDS,
        **commitments.COMMANDS,
        **reports.COMMANDS,
        **calendar.COMMANDS,
        **scripts.COMMANDS,
        **transfer.COMMANDS,
        **backup.COMMANDS,
        **cohort.COMMANDS,
        **journal.COMMANDS,
        **settings.COMMANDS,
    }
