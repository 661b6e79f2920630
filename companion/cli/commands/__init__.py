"""The command line's verbs, a room per group; each room adds its verbs to the parser."""

from __future__ import annotations

import argparse
from collections.abc import Callable

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
from companion.cli.parser import Verbs

Command = Callable[[argparse.Namespace], int]


#: Each room's verbs, in the order `companion --help` lists them.
PARSERS: list[Callable[[Verbs, argparse.ArgumentParser], None]] = [
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

COMMANDS: dict[str | None, Command] = {
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
