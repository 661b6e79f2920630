"""The `companion` command: parse arguments, then hand over to the core or to a face.

Heavy modules (Textual, questionary) are imported only by the verb that needs them, so
`companion list` and `companion --version` start quickly. The verbs live in commands/, a
module per group; the parser in parser.py; what they share (the journal, passphrases,
printing) in output.py.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from companion.cli import output
from companion.cli.home_args import simple_home_arguments
from companion.core.collector import paused_collector
from companion.core.errors import COMMAND_LINE_WORDS, CompanionError, UsageError
from companion.core.text import write_out

if TYPE_CHECKING:
    import argparse

    from companion.cli.parser import build_parser

__all__ = ["build_parser", "main", "run", "utf8_streams"]


def __getattr__(name: str) -> object:
    if name == "build_parser":  # argparse loads when asked for: opening the app needs none
        from companion.cli.parser import build_parser

        return build_parser
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The verbs that stay open for the leader (the app, or plain mode); the others run and exit.
INTERACTIVE = {None, "reflect", "demo"}

#: Arguments that name files: an undecodable byte there is part of a real name, kept as it is.
_PATH_ARGUMENTS = frozenset(
    {
        "journal",
        "passphrase_file",
        "new_passphrase_file",
        "backup_passphrase_file",
        "answers",
        "output",
        "target",
        "file",
        "files",
    }
)


def _refuse_broken_text(args: argparse.Namespace) -> None:
    """A lone surrogate (bytes that were not UTF-8) in text to be saved or searched for can be
    neither shown nor saved: refuse it. File names may hold such bytes; they are left alone."""
    for name, value in vars(args).items():
        if name in _PATH_ARGUMENTS:
            _refuse_unnameable(value)
            continue
        for argument in value if isinstance(value, list) else [value]:
            if not isinstance(argument, str):
                continue
            try:
                argument.encode("utf-8")
            except UnicodeEncodeError:
                raise UsageError(
                    "Part of the command line is not valid text (bytes that are not UTF-8, or a "
                    "lone surrogate); type it again as plain text."
                ) from None


def _refuse_unnameable(value: object) -> None:
    """A path no file can have (a lone surrogate that is not an undecodable byte) is refused."""
    for argument in value if isinstance(value, list) else [value]:
        if not isinstance(argument, str):
            continue
        try:
            os.fsencode(argument)
        except UnicodeEncodeError:
            raise UsageError(
                "A file or folder name on the command line is not valid text; type it again."
            ) from None


def _dispatch(args: argparse.Namespace) -> int:
    if args.verb is None:  # the app or plain mode: its own room, not every verb's
        from companion.cli.commands import reflect

        return reflect.COMMANDS[None](args)
    from companion.cli.commands import verb_room

    found = verb_room(args.verb)  # its own room alone, when the verb is known
    if found is None:
        from companion.cli.commands import COMMANDS
    command = COMMANDS[args.verb] if found is None else found[1]
    if args.verb in INTERACTIVE:
        return command(args)
    # A one-off command reads records (no reference cycles among them) and exits: the
    # cyclic collector would only walk ten years of them again and again.
    with paused_collector():
        return command(args)


def run(argv: Sequence[str]) -> int:
    """Run one command line; every failure becomes one clear sentence and an exit code."""
    try:
        args = simple_home_arguments(list(argv))  # the app's usual forms, without argparse
        if args is None:
            from companion.cli.parser import home_arguments, parse

            args = home_arguments(list(argv)) or parse(list(argv))
        _refuse_broken_text(args)
        output.use_settings(tell=args.verb not in INTERACTIVE)  # the app and plain mode tell
        return _dispatch(args)
    except CompanionError as error:
        output.warn(error.worded(COMMAND_LINE_WORDS))  # hints as flags and commands
        return error.exit_code
    except KeyboardInterrupt:
        write_out("\nStopped. Anything you had answered is kept as a draft.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug: say so plainly, never show a traceback
        if os.environ.get("COMPANION_DEBUG"):
            raise
        output.warn(
            f"something went wrong inside Companion ({type(error).__name__}: {error}). "
            "Your journal has not been changed by it. Run again with COMPANION_DEBUG=1 "
            "to see the details, and please report them."
        )
        return 70


def utf8_streams() -> None:
    """Standard output and error in UTF-8 whatever the console's code page: Windows writes a
    redirected stream in cp1252, which has no ★ or ✓. What a stream still cannot take is
    replaced, never raised."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue  # not a text stream Companion can change (None under pythonw)
        try:
            utf8 = codecs.lookup(stream.encoding).name == "utf-8"
        except (LookupError, TypeError):
            utf8 = False
        if utf8:
            continue
        errors = stream.errors if stream.errors not in (None, "strict") else "replace"
        with contextlib.suppress(OSError, ValueError):  # a closed or detached stream
            reconfigure(encoding="utf-8", errors=errors)


def main(argv: Sequence[str] | None = None) -> int:
    """`companion` as a console script."""
    utf8_streams()
    return run(sys.argv[1:] if argv is None else argv)
