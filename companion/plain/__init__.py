"""Plain line mode: one question at a time, line by line, over the same session engine.

With a capable terminal it uses questionary's prompts. Under NO_COLOR, TERM=dumb, or when
input or output is not a terminal, it uses bare lines with no escape sequences at all, which
screen readers and braille displays read in order.

askers: how a question is asked (bare lines or questionary); runner: a session run line by
line, with its review page; home: what plain mode says at start (the app's Home, in lines).
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
    no_escapes,
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
    "no_escapes",
    "run_home",
    "run_reflect",
]
