"""Plain line mode: one question at a time, line by line, over the same session engine.

On every terminal it writes bare lines with no escape sequences at all (no cursor movement,
no redraw, no colour), which screen readers and braille displays read in order; choices are
numbered and taken as numbers or words. questionary's arrow-key menus are there for those who
choose them (`--menus`, or the `menus` setting).

askers: how a question is asked (bare lines or menus); choices: what a typed choice means;
runner: a session run line by line, with its review page; home: what plain mode says at start
(the app's Home, in lines).
"""

from __future__ import annotations

from companion.plain.askers import (
    COMMAND_NAMES,
    COMMANDS_HELP,
    END_OF_LONG,
    Asker,
    Command,
    LineAsker,
    QuestionaryAsker,
    as_command,
    make_asker,
    menus_possible,
    wants_menus,
)
from companion.plain.home import home_lines, run_home
from companion.plain.runner import Runner, run_reflect

__all__ = [
    "COMMANDS_HELP",
    "COMMAND_NAMES",
    "END_OF_LONG",
    "Asker",
    "Command",
    "LineAsker",
    "QuestionaryAsker",
    "Runner",
    "as_command",
    "home_lines",
    "make_asker",
    "menus_possible",
    "run_home",
    "run_reflect",
    "wants_menus",
]
