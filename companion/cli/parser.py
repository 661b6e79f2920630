"""The top of the command line: its options common to every verb; each room adds its verbs."""

from __future__ import annotations

import argparse
from typing import Any

from companion import __version__
from companion.core.errors import UsageError

DESCRIPTION = """\
Companion: a private coaching companion for leaders who change systems.
Run it with no command to open the full-screen app."""

EPILOG = """\
examples:
  companion                                  open the app
  companion reflect workshop-close-out       answer the workshop close-out
  companion reflect coaching-prep --plain    answer line by line (screen-reader friendly)
  companion list                             your entries, newest first
  companion commitments                      what you said you would do
  companion export --format html -o week.html   a page to print or share
  companion import --from jrnl jrnl.json     bring in a jrnl diary
  companion doctor                           check the journal is healthy
  companion encrypt                          protect the journal with a passphrase
  companion demo                             explore a fictional leader's journal

Your journal stays on this computer. `companion doctor` shows where it is."""

#: What `add_subparsers` hands back; argparse keeps the type private.
Verbs = Any


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise UsageError(f"{message}. Run `{self.prog} --help` to see what it takes.")


def add_verb(
    verbs: Verbs, common: argparse.ArgumentParser, name: str, help_text: str
) -> argparse.ArgumentParser:
    """One verb, taking the common options too."""
    parser: argparse.ArgumentParser = verbs.add_parser(
        name, help=help_text, description=help_text, parents=[common]
    )
    return parser


def sub_verbs(parser: argparse.ArgumentParser) -> Verbs:
    """The actions under a verb (`companion commitments add`)."""
    return parser.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)


def common_options(kind: type[Parser] | None = None) -> argparse.ArgumentParser:
    common = (kind or Parser)(add_help=False)
    common.add_argument(
        "--journal",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the journal folder to use (default: $COMPANION_JOURNAL, then your data folder)",
    )
    common.add_argument(
        "--passphrase-file",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="an encrypted journal's passphrase: the first line of PATH (for scripts; "
        "otherwise Companion asks)",
    )
    return common


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with verb, only that verb's parser is built (every other verb's
    options are left out: a command line naming verb parses the same, in a fraction of the
    time)."""
    from companion.cli.commands import verb_room

    found = verb_room(verb)  # a verb's own room alone, when it is known
    if found is None:
        from companion.cli.commands import PARSERS
    common = common_options()
    parser = _top_parser(Parser, common)
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", parser_class=Parser)
    for add_parser in PARSERS if found is None else [found[0]]:
        add_parser(verbs if verb is None else _OneVerb(verbs, verb), common)
    return parser


class _NotJustOptions(Exception):
    pass


class _OptionsOnly(Parser):
    def error(self, message: str) -> Any:
        raise _NotJustOptions(message)


def home_arguments(argv: list[str]) -> argparse.Namespace | None:
    """`companion` with options and no verb (the app), read without building every verb's
    parser (a sixth of the time before Home's first frame goes to the full one); None for
    anything else (a verb, help, a mistake), which the full parser reads as it always has."""
    if any(arg.startswith(("-h", "--h")) for arg in argv):
        return None  # help lists the verbs
    try:
        args = _top_parser(_OptionsOnly, common_options(_OptionsOnly)).parse_args(argv)
    except _NotJustOptions:
        return None
    args.verb = None
    return args


def _top_parser(kind: type[Parser], common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = kind(
        prog="companion",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="use the line-by-line mode, not the app: plain lines a screen reader reads in order",
    )
    parser.add_argument(
        "--menus", action="store_true", help="the line-by-line mode with arrow-key menus"
    )
    return parser


def parse(argv: list[str]) -> argparse.Namespace:
    """The command line parsed: with only the verb it seems to name built first, and the whole
    parser if that is not what it names (or it does not parse: the error is the whole
    parser's)."""
    from companion.cli.commands import VERB_ROOMS

    named = next((word for word in argv if word in VERB_ROOMS), None)
    asks_help = named is not None and any(
        word.startswith(("-h", "--h")) for word in argv[: argv.index(named)]
    )  # `companion --help export` lists every verb
    if named is not None and not asks_help:
        try:
            args = build_parser(named).parse_args(argv)
        except UsageError:
            pass
        else:
            if args.verb == named:
                return args
    return build_parser().parse_args(argv)


class _OneVerb:
    """The verbs, as each room adds them, when only one of them is built."""

    def __init__(self, verbs: Verbs, verb: str) -> None:
        self._verbs = verbs
        self._verb = verb

    def add_parser(self, name: str, **options: Any) -> Any:
        if name == self._verb:
            return self._verbs.add_parser(name, **options)
        return _NOT_BUILT


class _NotBuilt:
    """A verb's parser left out: whatever a room asks of it (an argument, a group, actions
    under it) is another of itself."""

    def __getattr__(self, name: str) -> Any:
        return self._anything

    def _anything(self, *args: Any, **options: Any) -> _NotBuilt:
        return self


_NOT_BUILT = _NotBuilt()
