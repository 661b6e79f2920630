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


#: Each verb's room and the function there that adds its parser, so that a command line naming
#: a verb loads that room alone. A verb not listed here still works: every room is loaded for it.
VERB_ROOMS: dict[str, tuple[str, str]] = {
    "reflect": ("reflect", "add_parser"), "demo": ("reflect", "add_demo_parser"),
    "list": ("entries", "add_parser"), "show": ("entries", "add_parser"),
    "drafts": ("entries", "add_parser"), "commitments": ("commitments", "add_parser"),
    "stats": ("reports", "add_parser"), "brief": ("reports", "add_parser"),
    "barriers": ("reports", "add_parser"), "calendar": ("calendar", "add_parser"),
    "scripts": ("scripts", "add_parser"), "export": ("transfer", "add_parser"),
    "import": ("transfer", "add_parser"), "backup": ("backup", "add_parser"),
    "restore": ("backup", "add_parser"), "share": ("cohort", "add_parser"),
    "gather": ("cohort", "add_parser"), "doctor": ("journal", "add_parser"),
    "encrypt": ("journal", "add_parser"), "decrypt": ("journal", "add_parser"),
    "passwd": ("journal", "add_parser"), "settings": ("settings", "add_parser"),
}  # fmt: skip


def verb_room(
    verb: str | None,
) -> tuple[Callable[[Verbs, argparse.ArgumentParser], None], Command] | None:
    """What adds verb's parser, and its command, from its room loaded alone; None for a verb
    not in VERB_ROOMS (or none)."""
    found = VERB_ROOMS.get(verb) if verb is not None else None
    if found is None:
        return None
    from importlib import import_module

    room = import_module(f"{__name__}.{found[0]}")
    return getattr(room, found[1]), room.COMMANDS[verb]
