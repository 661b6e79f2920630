"""The app, `companion reflect` and `companion demo`: the verbs that stay open for the leader."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.cli import output
from companion.core.errors import UsageError
from companion.core.text import write_out

if TYPE_CHECKING:  # argparse loads with the parser, not to open the app
    import argparse

    from companion.cli.parser import Verbs

MENUS_HELP = "line-by-line mode with arrow-key menus (they redraw the screen; see --plain)"


def _menus(args: argparse.Namespace) -> bool:
    """--menus, or the menus setting; either way plain mode."""
    from companion.plain import wants_menus

    return wants_menus(bool(getattr(args, "menus", False)))


def add_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    from companion.cli.parser import add_verb

    reflect = add_verb(verbs, common, "reflect", "run a guided reflection")
    reflect.add_argument("script", nargs="?", help="the script's id (see `companion scripts list`)")
    reflect.add_argument(
        "--answers", metavar="FILE", help="take every answer from a TOML or JSON file"
    )
    reflect.add_argument(
        "--plain",
        action="store_true",
        help="ask line by line, not in the app: plain lines a screen reader reads in order",
    )
    reflect.add_argument("--menus", action="store_true", help=MENUS_HELP)
    reflect.add_argument(
        "--resume", action="store_true", help="continue the latest unfinished draft"
    )
    reflect.add_argument("--new", action="store_true", help="start afresh even if a draft exists")


def add_demo_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    from companion.cli.parser import add_verb

    demo = add_verb(verbs, common, "demo", "open a temporary copy of a fictional leader's journal")
    demo.add_argument("--plain", action="store_true", help="line-by-line mode, not the app")
    demo.add_argument("--menus", action="store_true", help=MENUS_HELP)


def _run_app(args: argparse.Namespace, **options: Any) -> int:
    """The app; it asks for an encrypted journal's passphrase itself unless a file gives it."""
    import gc

    # No cyclic collection while the app's code loads and Home's data is read (thousands of
    # objects, hardly any garbage): run_app freezes them all and turns the collector back on.
    gc.disable()
    from companion.app import run_app

    folder = output.journal_dir(args)
    keyring = output.keyring(args, folder) if getattr(args, "passphrase_file", None) else None
    return run_app(folder, keyring=keyring, **options)


def cmd_home(args: argparse.Namespace) -> int:
    if output.wants_plain(args.plain or getattr(args, "menus", False)):
        from companion.plain import run_home

        output.tell_settings_problem()
        return run_home(output.open_journal(args), output.library(), menus=_menus(args))
    return _run_app(args)


def cmd_reflect(args: argparse.Namespace) -> int:
    library = output.library()
    if args.answers or output.wants_plain(args.plain):
        output.tell_settings_problem()  # the app shows it itself
    if args.answers:
        return _reflect_from_file(args, library)
    if args.script:
        library.get(args.script)  # an unknown id is reported before any screen opens
    if output.wants_plain(args.plain or args.menus):
        from companion.plain import run_reflect

        return run_reflect(
            output.open_journal(args),
            library,
            args.script,
            resume=args.resume,
            fresh=args.new,
            menus=_menus(args),
        )
    return _run_app(args, script_id=args.script, resume=args.resume)


def _reflect_from_file(args: argparse.Namespace, library: Any) -> int:
    if not args.script:
        raise UsageError(
            "Say which script the answers are for: companion reflect ID --answers FILE."
        )
    from companion.core.answers import apply_answers, read_answers
    from companion.core.session import Session

    journal = output.open_journal(args)
    script = library.get(args.script)
    given = read_answers(Path(args.answers))
    session = Session(script, journal, autosave=False)
    apply_answers(session, given)
    result = session.finish()
    write_out(result.entry.id)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from companion.core.locations import demo_journal_dir

    source = demo_journal_dir()
    if not (source / "journal.json").exists():
        raise UsageError(f"The demo journal is missing from {source}; reinstall Companion.")
    scratch = Path(tempfile.mkdtemp(prefix="companion-demo-"))
    copy = scratch / "journal"
    try:
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("backups", ".lock", "*.tmp"))
        write_out(f"Opening a temporary copy of the demo journal: {copy}", file=sys.stderr)
        args.journal = str(copy)
        return cmd_home(args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


COMMANDS: dict[str | None, Callable[[Any], int]] = {
    None: cmd_home,
    "reflect": cmd_reflect,
    "demo": cmd_demo,
}
