"""The `companion` command: parse arguments, then hand over to the core or to a face.

Heavy modules (Textual, questionary) are imported only by the verb that needs them, so
`companion list` and `companion --version` start quickly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion import __version__
from companion.errors import CompanionError, UsageError

if TYPE_CHECKING:
    from companion.journal import Journal
    from companion.scripts import Library

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
  companion demo                             explore a fictional leader's journal

Your journal stays on this computer. `companion doctor` shows where it is."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise UsageError(f"{message}. Run `{self.prog} --help` to see what it takes.")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--journal",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the journal folder to use (default: $COMPANION_JOURNAL, then your data folder)",
    )
    parser = _Parser(
        prog="companion",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    parser.add_argument(
        "--plain", action="store_true", help="use the line-by-line mode, not the app"
    )
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", parser_class=_Parser)

    def verb(name: str, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = verbs.add_parser(
            name, help=help_text, description=help_text, parents=[common]
        )
        return parser

    reflect = verb("reflect", "run a guided reflection")
    reflect.add_argument("script", nargs="?", help="the script's id (see `companion scripts list`)")
    reflect.add_argument(
        "--answers", metavar="FILE", help="take every answer from a TOML or JSON file"
    )
    reflect.add_argument("--plain", action="store_true", help="ask line by line, not in the app")
    reflect.add_argument(
        "--resume", action="store_true", help="continue the latest unfinished draft"
    )
    reflect.add_argument("--new", action="store_true", help="start afresh even if a draft exists")

    listing = verb("list", "list entries, newest first")
    listing.add_argument("--script", metavar="ID", help="only entries from this script")
    listing.add_argument("-n", "--limit", type=int, metavar="N", help="at most N entries")
    listing.add_argument("--json", action="store_true", help="print JSON")

    show = verb("show", "print one entry")
    show.add_argument("entry", help="the entry's id, or the first few characters of it")
    show.add_argument("--json", action="store_true", help="print JSON")

    drafts = verb("drafts", "list unfinished reflections")
    drafts.add_argument("--json", action="store_true", help="print JSON")

    commitments = verb("commitments", "list or add commitments")
    commitments.add_argument("--json", action="store_true", help="print JSON")
    commitments.add_argument(
        "--status",
        choices=["open", "done", "dropped", "renegotiated", "active", "all"],
        default="all",
        help="which commitments to list (default: all)",
    )
    commitment_verbs = commitments.add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser
    )
    add = commitment_verbs.add_parser("add", help="add a commitment", parents=[common])
    add.add_argument("text", help="what you will do")
    add.add_argument(
        "--due", metavar="DATE", help="when by: 2026-12-04, tomorrow, next friday, in 2 weeks"
    )
    add.add_argument("--step", metavar="TEXT", help="the first step")

    scripts = verb("scripts", "list, show or check reflection scripts")
    script_verbs = scripts.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    script_list = script_verbs.add_parser("list", help="every script you can run")
    script_list.add_argument("--json", action="store_true", help="print JSON")
    script_show = script_verbs.add_parser("show", help="a script's steps and file")
    script_show.add_argument("script", help="the script's id")
    script_show.add_argument("--json", action="store_true", help="print JSON")
    script_check = script_verbs.add_parser("validate", help="check script files")
    script_check.add_argument("files", nargs="+", metavar="FILE", help="TOML script files")

    demo = verb("demo", "open a temporary copy of a fictional leader's journal")
    demo.add_argument("--plain", action="store_true", help="line-by-line mode, not the app")

    export = verb("export", "take entries out of Companion as Markdown, HTML or JSON")
    export.add_argument(
        "--format",
        "-f",
        metavar="FORMAT",
        help="md (Markdown), html (a page to read or print) or json (lossless, to import again); "
        "default: from the -o file's extension, else md",
    )
    export.add_argument("--since", metavar="DATE", help="only entries written on or after DATE")
    export.add_argument("--until", metavar="DATE", help="only entries written on or before DATE")
    export.add_argument("--script", metavar="ID", help="only entries from this script")
    export.add_argument("--tag", metavar="TAG", help="only entries with this tag")
    export.add_argument("--search", metavar="TEXT", help="only entries containing every word")
    export.add_argument(
        "--include-private",
        action="store_true",
        help="include private entries and answers (they are left out unless you say so)",
    )
    export.add_argument(
        "--split", action="store_true", help="Markdown: one file per entry, into a folder"
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="replace the file (or write into the folder) if it exists",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to write (- for standard output; default: companion-journal.EXT here)",
    )

    export.add_argument(
        "target", nargs="?", metavar="-", help="- writes to standard output (same as -o -)"
    )

    importing = verb("import", "add entries from a Companion JSON export or a jrnl export")
    importing.add_argument("file", metavar="FILE", help="the file to import")
    importing.add_argument(
        "--from",
        dest="source",
        metavar="SOURCE",
        default="companion",
        help="companion (a `companion export --format json` file, the default) or jrnl "
        "(a `jrnl --export json` file)",
    )

    doctor = verb("doctor", "check the journal's health and show where things are")
    doctor.add_argument("--restore", action="store_true", help="restore damaged files from backups")
    return parser


def _journal_dir(args: argparse.Namespace) -> Path:
    from companion.locations import journal_dir

    return journal_dir(getattr(args, "journal", None))


def open_journal(args: argparse.Namespace) -> Journal:
    from companion.journal import Journal

    return Journal.open(_journal_dir(args))


def _library(*, warn: bool = True) -> Library:
    from companion.scripts import load_library

    library = load_library()
    if warn:
        for problem in library.broken:
            _warn(f"skipped a broken script: {problem}")
    return library


def _warn(message: str) -> None:
    from companion.terminal import safe_text

    print(f"companion: {safe_text(message)}", file=sys.stderr)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def wants_plain(explicit: bool) -> bool:
    """Plain mode when asked, or when the terminal cannot host the app."""
    if explicit or os.environ.get("TERM") == "dumb":
        return True
    return not (sys.stdin.isatty() and sys.stdout.isatty())


# ---------------------------------------------------------------------- verbs


def cmd_home(args: argparse.Namespace) -> int:
    if wants_plain(args.plain):
        from companion.plain import run_home

        return run_home(open_journal(args), _library())
    from companion.app import run_app

    return run_app(_journal_dir(args))


def cmd_reflect(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    library = _library()
    if args.answers:
        if not args.script:
            raise UsageError(
                "Say which script the answers are for: companion reflect ID --answers FILE."
            )
        from companion.answers import apply_answers, read_answers
        from companion.session import Session

        script = library.get(args.script)
        given = read_answers(Path(args.answers))
        session = Session(script, journal, autosave=False)
        apply_answers(session, given)
        result = session.finish()
        print(result.entry.id)
        return 0
    if args.script:
        library.get(args.script)  # an unknown id is reported before any screen opens
    if wants_plain(args.plain):
        from companion.plain import run_reflect

        return run_reflect(journal, library, args.script, resume=args.resume, fresh=args.new)
    from companion.app import run_app

    return run_app(_journal_dir(args), script_id=args.script, resume=args.resume)


def cmd_list(args: argparse.Namespace) -> int:
    from companion.journal.converters import entry_to_doc
    from companion.terminal import safe_line

    entries = open_journal(args).entries()
    if args.script:
        entries = [e for e in entries if e.script_id == args.script]
    if args.limit is not None:
        entries = entries[: max(args.limit, 0)]
    if args.json:
        _print_json([entry_to_doc(e) for e in entries])
        return 0
    if not entries:
        print("No entries yet. Start one with: companion reflect workshop-close-out")
        return 0
    for entry in entries:
        private = "  (private)" if entry.private else ""
        star = "  ★" if entry.starred else ""
        print(
            f"{entry.id}  {entry.completed:%Y-%m-%d %H:%M}  {safe_line(entry.script_title)}: "
            f"{safe_line(entry.title)}{star}{private}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from companion.journal.converters import entry_to_doc
    from companion.render import entry_text

    journal = open_journal(args)
    entry = journal.entry(args.entry)
    if args.json:
        _print_json(entry_to_doc(entry))
    else:
        print(entry_text(entry, journal))
    return 0


def cmd_drafts(args: argparse.Namespace) -> int:
    from companion.journal.converters import draft_to_doc

    drafts = open_journal(args).drafts()
    if args.json:
        _print_json([draft_to_doc(d) for d in drafts])
        return 0
    if not drafts:
        print("No unfinished reflections.")
        return 0
    for draft in drafts:
        print(
            f"{draft.id}  {draft.updated:%Y-%m-%d %H:%M}  {draft.script_title}: "
            f"{len(draft.answers)} answer(s). "
            f"Continue with: companion reflect {draft.script_id} --resume"
        )
    return 0


def cmd_commitments(args: argparse.Namespace) -> int:
    from companion.dates import parse_date
    from companion.journal.converters import commitment_to_doc
    from companion.terminal import safe_line

    journal = open_journal(args)
    if args.action == "add":
        due = parse_date(args.due, journal.today()) if args.due else None
        commitment = journal.add_commitment(args.text, due=due, first_step=args.step)
        print(commitment.id)
        return 0
    found = journal.commitments()
    if args.status == "active":
        found = [c for c in found if c.status.is_active]
    elif args.status != "all":
        found = [c for c in found if c.status.value == args.status]
    if args.json:
        _print_json([commitment_to_doc(c) for c in found])
        return 0
    if not found:
        print('No commitments yet. Add one with: companion commitments add "what you will do"')
        return 0
    today = journal.today()
    for commitment in found:
        when = f"due {commitment.due:%Y-%m-%d}" if commitment.due else "no due date"
        late = " (overdue)" if commitment.is_overdue(today) else ""
        print(
            f"{commitment.id}  {commitment.status.value:<12} {when}{late}  "
            f"{safe_line(commitment.text)}"
        )
    return 0


def cmd_scripts(args: argparse.Namespace) -> int:
    from companion.model import MOMENTS
    from companion.terminal import safe_line, safe_text

    if args.action == "validate":
        from companion.scripts import ScriptFileError, load_script

        failed = 0
        for name in args.files:
            try:
                script = load_script(Path(name))
            except ScriptFileError as error:
                failed += 1
                for found in error.problems:
                    print(safe_text(str(found)), file=sys.stderr)
                continue
            print(
                f"{name}: fine ({script.id}, version {script.version}, {len(script.steps)} steps)"
            )
        return 1 if failed else 0
    library = _library(warn=False)  # listed below as "Not loaded"
    if args.action == "show":
        script = library.get(args.script)
        if args.json:
            _print_json(_script_doc(script))
            return 0
        print(f"{safe_line(script.title)} ({script.id}, version {script.version})")
        print(f"For: {MOMENTS.get(script.moment, script.moment)}")
        print(f"File: {script.path}")
        print()
        print(safe_text(script.intro))
        print()
        for number, step in enumerate(script.steps, start=1):
            needed = "" if step.required or step.kind == "info" else ", optional"
            private = ", private" if step.private else ""
            print(f"{number}. [{step.id}] ({step.kind}{needed}{private}) {safe_line(step.prompt)}")
            for option in step.options:
                print(f"     - {option.value}: {safe_line(option.label)}")
        return 0
    # `companion scripts` and `companion scripts list`
    scripts = library.ordered()
    if getattr(args, "json", False):
        _print_json(
            {
                "scripts": [
                    {k: v for k, v in _script_doc(s).items() if k != "steps"} for s in scripts
                ],
                "broken": [str(b) for b in library.broken],
            }
        )
        return 0
    moment = None
    for script in scripts:
        if script.moment != moment:
            moment = script.moment
            print(f"\n{MOMENTS.get(moment, moment)}")
        origin = "" if script.builtin else "  (your script)"
        print(f"  {script.id:<22} {safe_line(script.title)}{origin}")
    for problem in library.broken:
        print(f"\nNot loaded: {safe_text(str(problem))}")
    return 0


def _script_doc(script: Any) -> dict[str, Any]:
    return {
        "id": script.id,
        "title": script.title,
        "version": script.version,
        "moment": script.moment,
        "summary": script.summary,
        "path": script.path,
        "builtin": script.builtin,
        "steps": [
            {
                "id": step.id,
                "kind": step.kind,
                "prompt": step.prompt,
                "required": step.required,
                "private": step.private,
                "hint": step.hint,
                "example": step.example,
                "target_words": step.target_words,
                "options": [{"value": o.value, "label": o.label} for o in step.options],
                "allow_other": step.allow_other,
                "min": step.min,
                "max": step.max,
            }
            for step in script.steps
        ],
    }


def cmd_demo(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from companion.locations import demo_journal_dir

    source = demo_journal_dir()
    if not (source / "journal.json").exists():
        raise UsageError(f"The demo journal is missing from {source}; reinstall Companion.")
    scratch = Path(tempfile.mkdtemp(prefix="companion-demo-"))
    copy = scratch / "journal"
    try:
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("backups", ".lock", "*.tmp"))
        print(f"Opening a temporary copy of the demo journal: {copy}", file=sys.stderr)
        args.journal = str(copy)
        return cmd_home(args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _warn_before_export(journal: Journal) -> None:
    """Say, before anything is written, what the leader should know about this export."""
    from companion.export import plaintext_warning

    warning = plaintext_warning(journal)
    if warning:
        _warn(warning)


def cmd_export(args: argparse.Namespace) -> int:
    from companion.export import (
        ExportOptions,
        check_target,
        default_output,
        export_format,
        render,
        select_from_journal,
        write_export,
    )

    if args.target is not None:
        if args.output is not None:
            raise UsageError("Say where to write once: either -o PATH or -, not both.")
        args.output = args.target
    to_stdout = args.output == "-"
    output = Path(args.output).expanduser() if args.output and not to_stdout else None
    if args.format:
        fmt = export_format(args.format)
    elif output is not None and output.suffix.lower() in (".md", ".html", ".json"):
        fmt = export_format(output.suffix)
    else:
        fmt = export_format("md")
    if args.split and not fmt.splits:
        raise UsageError(
            f"--split writes one Markdown file per entry, so it goes with --format md, "
            f"not {fmt.name}."
        )
    if args.split and to_stdout:
        raise UsageError("--split writes a folder of files; give the folder's name with -o.")
    journal = open_journal(args)
    options = ExportOptions.from_text(
        journal.today(),
        since=args.since,
        until=args.until,
        script=args.script,
        tag=args.tag,
        search=args.search,
        include_private=args.include_private,
    )
    known = _library(warn=False).scripts
    if (
        options.script
        and options.script not in known
        and not any(e.script_id == options.script for e in journal.entries())
    ):
        raise UsageError(
            f"There is no script {options.script!r}. `companion scripts list` shows the ids."
        )
    if not to_stdout:
        output = output or default_output(fmt, Path.cwd(), split=args.split)
        check_target(output, split=args.split, force=args.force)
    selection = select_from_journal(journal, options)
    if selection.empty:
        if selection.held_back:
            raise UsageError(
                "Every matching entry is private, so nothing was exported. "
                "Add --include-private to export them."
            )
        chosen = options.describe()
        raise UsageError(
            ("No entries match " + chosen if chosen else "The journal has no entries yet")
            + ", so nothing was exported."
        )
    _warn_before_export(journal)
    content = render(selection, fmt, split=args.split)
    if to_stdout:
        assert isinstance(content, str)
        sys.stdout.write(content)
        sys.stdout.flush()
        where = "standard output"
    else:
        assert output is not None
        written = write_export(content, output, force=args.force)
        where = str(written.path)
        if written.files > 1:
            where += f" ({written.files} files)"
    report = f"Exported {selection.going()} to {where}. {selection.held_back_text()}"
    if selection.held_back or selection.private_commitments or selection.private_draft_answers:
        report += " Add --include-private to include them."
    _warn(report)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from companion.importing import prepare_import

    path = Path(args.file).expanduser()
    prepared = prepare_import(path, args.source)  # checked in full before the journal is opened
    result = prepared.apply(open_journal(args))
    print(result.summary(path))
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from companion import locations
    from companion.journal.doctor import check, restore

    folder = _journal_dir(args)
    print(f"Journal:        {folder}")
    print(f"Your scripts:   {locations.user_scripts_dir()}")
    print(f"Built-in scripts: {locations.builtin_scripts_dir()}")
    if args.restore:
        actions = restore(folder)
        for line in actions or ["Nothing is damaged, so nothing was restored."]:
            print(line)
    findings = check(folder)
    print()
    for finding in findings:
        mark = "ok     " if finding.ok else "PROBLEM"
        print(f"{mark} {finding.topic}: {finding.detail}")
    library = _library(warn=False)
    for problem in library.broken:
        print(f"PROBLEM script: {problem}")
    healthy = all(f.ok for f in findings) and not library.broken
    print("\nAll is well." if healthy else "\nSomething needs attention: see PROBLEM above.")
    return 0 if healthy else 1


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_home,
    "reflect": cmd_reflect,
    "list": cmd_list,
    "show": cmd_show,
    "drafts": cmd_drafts,
    "commitments": cmd_commitments,
    "scripts": cmd_scripts,
    "doctor": cmd_doctor,
    "demo": cmd_demo,
    "export": cmd_export,
    "import": cmd_import,
}


def run(argv: Sequence[str]) -> int:
    """Run one command line; every failure becomes one clear sentence and an exit code."""
    try:
        args = build_parser().parse_args(list(argv))
        return COMMANDS[args.verb](args)
    except CompanionError as error:
        _warn(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        print("\nStopped. Anything you had answered is kept as a draft.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug: say so plainly, never show a traceback
        if os.environ.get("COMPANION_DEBUG"):
            raise
        _warn(
            f"something went wrong inside Companion ({type(error).__name__}: {error}). "
            "Your journal has not been changed by it. Run again with COMPANION_DEBUG=1 "
            "to see the details, and please report them."
        )
        return 70
