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
from companion.core.collector import paused_collector
from companion.core.errors import CompanionError, UsageError
from companion.core.text import Kind, safe_line, write_out

if TYPE_CHECKING:
    from companion.core.scripts import Library
    from companion.journal import Journal
    from companion.journal.crypto import Keyring

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
    common.add_argument(
        "--passphrase-file",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="an encrypted journal's passphrase: the first line of PATH (for scripts; "
        "otherwise Companion asks)",
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
        help="which commitments to list (default: all; active with --overdue or --due-before)",
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
    commitments.add_argument(
        "--overdue", action="store_true", help="only open commitments past their due date"
    )
    commitments.add_argument(
        "--due-before", metavar="DATE", help="only commitments due before this date"
    )
    done = commitment_verbs.add_parser("done", help="mark a commitment done", parents=[common])
    done.add_argument("id", help="the commitment's id (the first few characters are enough)")
    done.add_argument("--note", metavar="TEXT", default="", help="how it went")
    drop = commitment_verbs.add_parser(
        "drop", help="let a commitment go, on purpose", parents=[common]
    )
    drop.add_argument("id", help="the commitment's id (the first few characters are enough)")
    drop.add_argument("--note", metavar="TEXT", default="", help="why you let it go")
    renegotiate = commitment_verbs.add_parser(
        "renegotiate", help="give a commitment a new date or a smaller step", parents=[common]
    )
    renegotiate.add_argument("id", help="the commitment's id (the first few characters are enough)")
    renegotiate.add_argument("--due", metavar="DATE", required=True, help="the new date")
    renegotiate.add_argument("--step", metavar="TEXT", help="a smaller first step")
    renegotiate.add_argument("--note", metavar="TEXT", default="", help="what changed")
    history = commitment_verbs.add_parser(
        "show", help="one commitment and its history", parents=[common]
    )
    history.add_argument("id", help="the commitment's id (the first few characters are enough)")
    history.add_argument("--json", action="store_true", help="print JSON")

    stats = verb("stats", "follow-through month by month, as text")
    stats.add_argument("--months", type=int, metavar="N", help="only the last N months")
    stats.add_argument("--json", action="store_true", help="print JSON")

    brief = verb("brief", "a one-page brief to share with your coach")
    period = brief.add_mutually_exclusive_group()
    period.add_argument("--since", metavar="DATE", help="cover the period from this date")
    period.add_argument(
        "--since-last-call",
        action="store_true",
        help="cover the period since your last coaching debrief (the default)",
    )
    brief.add_argument(
        "--format",
        choices=["md", "html"],
        help="md or html (default: from the -o file's extension, else md)",
    )
    brief.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    brief.add_argument(
        "--include-private", action="store_true", help="include answers marked private"
    )
    brief.add_argument("--force", action="store_true", help="replace FILE if it exists")

    barriers = verb("barriers", "every barrier you have named, its enabler and experiments")
    barriers.add_argument("--json", action="store_true", help="print JSON")

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

    verb(
        "encrypt",
        "protect the journal with a passphrase (asked twice; --passphrase-file sets it)",
    )
    verb("decrypt", "store the journal unencrypted again")
    passwd = verb("passwd", "change the journal's passphrase")
    passwd.add_argument(
        "--new-passphrase-file",
        metavar="PATH",
        help="the new passphrase: the first line of PATH (otherwise Companion asks twice)",
    )
    return parser


def _journal_dir(args: argparse.Namespace) -> Path:
    from companion.core.locations import journal_dir

    return journal_dir(getattr(args, "journal", None))


PASSPHRASE_TRIES = 3


def _read_passphrase_file(name: str, option: str = "--passphrase-file") -> str:
    """The first line of a passphrase file (without its line ending)."""
    from companion.core import limits

    path = Path(name).expanduser()
    try:
        first = limits.read_first_line(path).decode("utf-8")
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise UsageError(
            f"There is no passphrase file {path}. Check the path given to {option}."
        ) from None
    except limits.LimitExceeded as error:
        raise UsageError(
            f"The passphrase file {path} {error}. Give {option} a file whose first line is the "
            "passphrase."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        why = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise UsageError(
            f"Could not read the passphrase file {path} ({why}). Check the path given to {option}."
        ) from None
    passphrase = first.rstrip("\r\n")
    if not passphrase:
        raise UsageError(
            f"The passphrase file {path} starts with an empty line: put the passphrase on its "
            "first line."
        )
    if mode & 0o077:
        _warn(
            f"the passphrase file {path} can be read by other users; "
            f"make it private with: chmod 600 '{path}'"
        )
    return passphrase


def _ask_secret(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(safe_line(prompt))  # the journal's path is shown
    except EOFError:
        raise UsageError("No passphrase was typed; nothing was changed.") from None


def _can_ask() -> bool:
    return sys.stdin.isatty()


def _keyring(args: argparse.Namespace, folder: Path) -> Keyring | None:
    """Unlock an encrypted journal: from --passphrase-file, or asked (no echo), three tries."""
    from companion.core.errors import JournalLocked, WrongPassphrase
    from companion.journal import crypto

    if not crypto.is_encrypted(folder):
        return None
    given = getattr(args, "passphrase_file", None)
    if given:
        return crypto.unlock(folder, _read_passphrase_file(given))
    if not _can_ask():
        raise JournalLocked(folder)
    for attempt in range(1, PASSPHRASE_TRIES + 1):
        passphrase = _ask_secret(f"Passphrase for the journal at {folder}: ")
        try:
            return crypto.unlock(folder, passphrase)
        except WrongPassphrase:
            if attempt == PASSPHRASE_TRIES:
                raise WrongPassphrase(folder, tries=PASSPHRASE_TRIES) from None
            left = PASSPHRASE_TRIES - attempt
            write_out(
                f"Wrong passphrase or damaged file; try again ({left} "
                f"{'try' if left == 1 else 'tries'} left).",
                file=sys.stderr,
            )
    return None  # not reached


def open_journal(args: argparse.Namespace) -> Journal:
    from companion.journal import Journal

    folder = _journal_dir(args)
    journal = Journal.open(folder, keyring=_keyring(args, folder))
    for note in journal.notes:
        _warn(note)
    return journal


def _library(*, warn: bool = True) -> Library:
    from companion.core.scripts import load_library

    library = load_library()
    if warn:
        for problem in library.broken:
            _warn(f"skipped a broken script: {problem}")
    return library


def _warn(message: str) -> None:
    from companion.core.text import safe_text

    write_out(f"companion: {safe_text(message)}", file=sys.stderr)


def _note(message: str) -> None:
    """A line about what a command did, on stderr so stdout stays the document itself."""
    from companion.core.text import safe_text

    write_out(safe_text(message), file=sys.stderr)


def _write_output(path: Path, text: str, *, force: bool) -> Path:
    """Write a file the leader asked for: atomically, private (0600), never over one by accident."""
    from companion.journal.files import is_stream, write_document

    if path.is_dir():
        raise UsageError(f"{path} is a folder. Give a file name, such as {path / 'brief.md'}.")
    if path.exists() and not force and not is_stream(path):
        raise UsageError(
            f"{path} already exists. Choose another name, or add --force to replace it."
        )
    if path.is_symlink() and not path.exists() and not force:  # a dangling link
        raise UsageError(
            f"{path} is a link to a file that does not exist. Choose another name, or add "
            "--force to write where the link points."
        )
    if not path.parent.is_dir():
        raise UsageError(f"The folder {path.parent} does not exist. Create it, or choose another.")
    write_document(path, text.encode("utf-8"))
    return path


def _brief_html(markdown: str) -> str:
    from companion.export.html_page import markdown_to_html_page

    return markdown_to_html_page(markdown, title="Coaching brief")


def _print_json(data: Any) -> None:
    write_out(json.dumps(data, ensure_ascii=False, indent=2), kind="json")


def wants_plain(explicit: bool) -> bool:
    """Plain mode when asked, or when the terminal cannot host the app."""
    if explicit or os.environ.get("TERM") == "dumb":
        return True
    return not (sys.stdin.isatty() and sys.stdout.isatty())


# ---------------------------------------------------------------------- verbs


def _run_app(args: argparse.Namespace, **options: Any) -> int:
    """The app; it asks for an encrypted journal's passphrase itself unless a file gives it."""
    from companion.app import run_app

    folder = _journal_dir(args)
    keyring = _keyring(args, folder) if getattr(args, "passphrase_file", None) else None
    return run_app(folder, keyring=keyring, **options)


def cmd_home(args: argparse.Namespace) -> int:
    if wants_plain(args.plain):
        from companion.plain import run_home

        return run_home(open_journal(args), _library())
    return _run_app(args)


def cmd_reflect(args: argparse.Namespace) -> int:
    library = _library()
    if args.answers:
        if not args.script:
            raise UsageError(
                "Say which script the answers are for: companion reflect ID --answers FILE."
            )
        from companion.core.answers import apply_answers, read_answers
        from companion.core.session import Session

        journal = open_journal(args)
        script = library.get(args.script)
        given = read_answers(Path(args.answers))
        session = Session(script, journal, autosave=False)
        apply_answers(session, given)
        result = session.finish()
        write_out(result.entry.id)
        return 0
    if args.script:
        library.get(args.script)  # an unknown id is reported before any screen opens
    if wants_plain(args.plain):
        from companion.plain import run_reflect

        return run_reflect(
            open_journal(args), library, args.script, resume=args.resume, fresh=args.new
        )
    return _run_app(args, script_id=args.script, resume=args.resume)


def cmd_list(args: argparse.Namespace) -> int:
    from companion.core.text import safe_line
    from companion.journal.converters import entry_to_doc

    if args.limit is not None and args.limit < 1:
        raise UsageError(f"-n must be 1 or more (it was {args.limit}): how many entries to list.")
    entries = open_journal(args).entries()
    if args.script:
        _known_script(args.script, entries)
        entries = [e for e in entries if e.script_id == args.script]
    if args.limit is not None:
        entries = entries[: args.limit]
    if args.json:
        _print_json([entry_to_doc(e) for e in entries])
        return 0
    if not entries:
        write_out("No entries yet. Start one with: companion reflect workshop-close-out")
        return 0
    for entry in entries:
        private = "  (private)" if entry.private else ""
        star = "  ★" if entry.starred else ""
        write_out(
            f"{entry.id}  {entry.completed:%Y-%m-%d %H:%M}  {safe_line(entry.script_title)}: "
            f"{safe_line(entry.title)}{star}{private}"
        )
    return 0


def _known_script(script_id: str, entries: Sequence[Any]) -> None:
    """UsageError naming the ids that exist, unless script_id is a script or has entries."""
    library = _library(warn=False)
    if script_id in library.scripts or any(e.script_id == script_id for e in entries):
        return
    from companion.core.text import safe_line

    known = ", ".join(sorted(library.scripts))
    raise UsageError(
        f"There is no script '{safe_line(script_id[:60])}'. The ids are: {known} "
        "(`companion scripts list` describes them)."
    )


def cmd_show(args: argparse.Namespace) -> int:
    from companion.core.views.render import entry_text
    from companion.journal.converters import entry_to_doc

    journal = open_journal(args)
    entry = journal.entry(args.entry)
    if args.json:
        _print_json(entry_to_doc(entry))
    else:
        write_out(entry_text(entry, journal))
    return 0


def cmd_drafts(args: argparse.Namespace) -> int:
    from companion.journal.converters import draft_to_doc

    drafts = open_journal(args).drafts()
    if args.json:
        _print_json([draft_to_doc(d) for d in drafts])
        return 0
    if not drafts:
        write_out("No unfinished reflections.")
        return 0
    for draft in drafts:
        write_out(
            f"{draft.id}  {draft.updated:%Y-%m-%d %H:%M}  {draft.script_title}: "
            f"{len(draft.answers)} answer(s). "
            f"Continue with: companion reflect {draft.script_id} --resume"
        )
    return 0


def cmd_commitments(args: argparse.Namespace) -> int:
    from companion.core.dates import parse_date
    from companion.core.model import CommitmentStatus
    from companion.core.text import safe_line
    from companion.journal.converters import commitment_to_doc

    journal = open_journal(args)
    if args.action == "add":
        due = parse_date(args.due, journal.today()) if args.due else None
        commitment = journal.add_commitment(args.text, due=due, first_step=args.step)
        write_out(commitment.id)
        return 0
    if args.action == "show":
        commitment = journal.commitment(args.id)
        if args.json:
            _print_json(commitment_to_doc(commitment))
        else:
            write_out(_commitment_history(commitment, journal))
        return 0
    if args.action in ("done", "drop", "renegotiate"):
        # The rule (a done or dropped commitment is closed) is the journal's, as in the app.
        commitment = journal.commitment(args.id)
        if args.action == "done":
            changed = journal.set_commitment_status(
                commitment.id, CommitmentStatus.DONE, note=args.note
            )
            write_out(f"Done: {safe_line(changed.text)}")
        elif args.action == "drop":
            changed = journal.set_commitment_status(
                commitment.id, CommitmentStatus.DROPPED, note=args.note
            )
            write_out(f"Let go: {safe_line(changed.text)}")
        else:
            due = parse_date(args.due, journal.today())
            changed = journal.set_commitment_status(
                commitment.id,
                CommitmentStatus.RENEGOTIATED,
                note=args.note,
                due=due,
                step=args.step,
            )
            write_out(f"Renegotiated: {safe_line(changed.text)}, now due {due:%A %-d %B %Y}")
        return 0
    found = journal.commitments()
    today = journal.today()
    filtered = bool(args.overdue or args.due_before)
    status = args.status or ("active" if filtered else "all")
    if status == "active":
        found = [c for c in found if c.status.is_active]
    elif status != "all":
        found = [c for c in found if c.status.value == status]
    if args.overdue:
        found = [c for c in found if c.is_overdue(today)]
    if args.due_before:
        before = parse_date(args.due_before, today)
        found = [c for c in found if c.due is not None and c.due < before]
    if args.json:
        _print_json([commitment_to_doc(c) for c in found])
        return 0
    if not found:
        if filtered or status != "all":
            write_out("No commitments match.")
        else:
            write_out(
                'No commitments yet. Add one with: companion commitments add "what you will do"'
            )
        return 0
    for commitment in found:
        when = f"due {commitment.due:%Y-%m-%d}" if commitment.due else "no due date"
        late = " (overdue)" if commitment.is_overdue(today) else ""
        write_out(
            f"{commitment.id}  {commitment.status.value:<12} {when}{late}  "
            f"{safe_line(commitment.text)}"
        )
    return 0


def _commitment_history(commitment: Any, journal: Journal) -> str:
    from companion.core.text import safe_line

    lines = [safe_line(commitment.text), f"Id: {commitment.id}", f"Status: {commitment.status}"]
    if commitment.due:
        late = " (overdue)" if commitment.is_overdue(journal.today()) else ""
        lines.append(f"Due: {commitment.due:%A %-d %B %Y}{late}")
    if commitment.first_step:
        lines.append(f"First step: {safe_line(commitment.first_step)}")
    lines.append(f"Made: {commitment.created:%-d %B %Y}")
    if commitment.entry_id:
        lines.append(f"From entry: {commitment.entry_id} (companion show {commitment.entry_id})")
    for change in commitment.history:
        said = f"{change.at:%-d %B %Y}: {change.status}"
        if change.due:
            said += f", new date {change.due:%-d %B %Y}"
        if change.step:
            said += f", smaller step: {safe_line(change.step)}"
        if change.note:
            said += f" ({safe_line(change.note)})"
        lines.append(said)
    return "\n".join(lines)


#: --months reaches back at most from 1900 (the first year a date may be in) to 2200.
MAX_MONTHS = 12 * 300


def cmd_stats(args: argparse.Namespace) -> int:
    from companion.core.views.reports import follow_through_stats

    if args.months is not None and not 1 <= args.months <= MAX_MONTHS:
        raise UsageError(
            f"--months must be 1 or more, up to {MAX_MONTHS} (it was {args.months}): "
            "how many months to look back over."
        )
    journal = open_journal(args)
    stats = follow_through_stats(
        journal.entries(), journal.commitments(), journal.today(), months=args.months
    )
    if args.json:
        _print_json(stats.as_dict())
    else:
        write_out("\n".join(stats.lines()))
    return 0


def _barrier_kinds(library: Library) -> dict[str, str]:
    from companion.core.views.barriers import kind_labels

    return kind_labels(library)


_BRIEF_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def _brief_format(given: str | None, output: str | None) -> str:
    """The brief's format: as given, else from -o's extension, else md; a mismatch is refused."""
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    implied = _BRIEF_SUFFIXES.get(suffix)
    if given and implied and given != implied:
        raise UsageError(
            f"--format {given} does not fit a file ending in {suffix}: give -o a name ending "
            f"in .{given}, or leave out --format."
        )
    return given or implied or "md"


def cmd_brief(args: argparse.Namespace) -> int:
    from companion.core.dates import parse_date
    from companion.core.views.brief import coach_brief

    args.format = _brief_format(args.format, args.output)
    journal = open_journal(args)
    since = parse_date(args.since, journal.today(), past=True) if args.since else None
    if since is not None and since > journal.today():
        raise UsageError(
            f"{since:%-d %B %Y} is still to come: give the day the brief should start from, "
            "such as 1 Oct or 3 weeks ago."
        )
    library = _library(warn=False)
    brief = coach_brief(
        journal.entries(),
        journal.commitments(),
        journal.now(),
        since=since,
        include_private=args.include_private,
        kinds=_barrier_kinds(library),
        library=library,
    )
    text = brief.markdown
    if args.format == "html":
        text = _brief_html(brief.markdown)
    for line in brief.left_out_lines():
        _note(line)
    _warn_before_export(journal)
    if args.output and args.output != "-":
        written = _write_output(Path(args.output), text, force=args.force)
        _note(f"Wrote the coach brief to {written}.")
    else:
        write_out(text, end="", kind="document")
    return 0


def cmd_barriers(args: argparse.Namespace) -> int:
    from companion.core.text import safe_text
    from companion.core.views.barriers import barrier_register

    journal = open_journal(args)
    register = barrier_register(
        journal.entries(), journal.commitments(), kinds=_barrier_kinds(_library(warn=False))
    )
    if args.json:
        _print_json(register.as_dict())
    else:
        write_out(safe_text("\n".join(register.lines())))
    return 0


def cmd_scripts(args: argparse.Namespace) -> int:
    from companion.core.model import MOMENTS
    from companion.core.text import safe_line, safe_text

    if args.action == "validate":
        from companion.core.scripts import ScriptFileError, load_script

        failed = 0
        for name in args.files:
            try:
                script = load_script(Path(name))
            except ScriptFileError as error:
                failed += 1
                for found in error.problems:
                    write_out(safe_text(str(found)), file=sys.stderr)
                continue
            write_out(
                f"{name}: fine ({script.id}, version {script.version}, {len(script.steps)} steps)"
            )
        return 1 if failed else 0
    library = _library(warn=False)  # listed below as "Not loaded"
    if args.action == "show":
        script = library.get(args.script)
        if args.json:
            _print_json(_script_doc(script))
            return 0
        write_out(f"{safe_line(script.title)} ({script.id}, version {script.version})")
        write_out(f"For: {MOMENTS.get(script.moment, script.moment)}")
        write_out(f"File: {script.path}")
        write_out()
        write_out(safe_text(script.intro))
        write_out()
        for number, step in enumerate(script.steps, start=1):
            needed = "" if step.required or step.kind == "info" else ", optional"
            private = ", private" if step.private else ""
            write_out(
                f"{number}. [{step.id}] ({step.kind}{needed}{private}) {safe_line(step.prompt)}"
            )
            for option in step.options:
                write_out(f"     - {option.value}: {safe_line(option.label)}")
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
            write_out(f"\n{MOMENTS.get(moment, moment)}")
        origin = "" if script.builtin else "  (your script)"
        write_out(f"  {script.id:<22} {safe_line(script.title)}{origin}")
    for problem in library.broken:
        write_out(f"\nNot loaded: {safe_text(str(problem))}")
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
    if (
        options.script
        and options.script not in _library(warn=False).scripts
        and not any(e.script_id == options.script for e in journal.entries())
    ):
        raise UsageError(
            f"There is no script {options.script!r}. `companion scripts list` shows the ids."
        )
    if not to_stdout:
        output = output or default_output(fmt, Path.cwd(), split=args.split)
        check_target(output, split=args.split, force=args.force)
    selection = select_from_journal(journal, options, stored=fmt.name == "json")
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
    kind: Kind = "json" if fmt.name == "json" else "document"  # on a terminal, still JSON
    if to_stdout:
        assert isinstance(content, str)
        write_out(content, end="", kind=kind)
        sys.stdout.flush()
        where = "standard output"
    else:
        assert output is not None
        written = write_export(content, output, force=args.force, kind=kind)
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
    write_out(result.summary(path))
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from companion.core import locations
    from companion.core.errors import JournalLocked, WrongPassphrase
    from companion.journal.doctor import check, restore
    from companion.journal.store import FileStore

    folder = _journal_dir(args)
    write_out(f"Journal:        {folder}")
    write_out(f"Your scripts:   {locations.user_scripts_dir()}")
    write_out(f"Built-in scripts: {locations.builtin_scripts_dir()}")
    store: FileStore | None = None
    not_unlocked: str | None = None
    try:
        keyring = _keyring(args, folder)
    except (JournalLocked, WrongPassphrase) as error:
        if args.restore:
            raise
        keyring = None
        not_unlocked = (
            "the journal is encrypted and no passphrase was given."
            if isinstance(error, JournalLocked)
            else "the passphrase did not unlock it (wrong passphrase or damaged file)."
        )
    if keyring is not None:
        store = FileStore(folder, keyring)
    if args.restore:
        try:
            actions = restore(folder, store)
        except OSError as error:  # a read-only disk or folder: nothing could be put back
            from companion.journal.files import write_error

            raise write_error(Path(error.filename or folder), error) from None
        for line in actions or ["Nothing is damaged, so nothing was restored."]:
            write_out(line)
    findings = check(folder, store, not_unlocked=not_unlocked)
    write_out()
    for finding in findings:
        mark = "ok     " if finding.ok else "PROBLEM"
        write_out(f"{mark} {finding.topic}: {finding.detail}")
    library = _library(warn=False)
    for problem in library.broken:
        write_out(f"PROBLEM script: {problem}")
    healthy = all(f.ok for f in findings) and not library.broken
    write_out("\nAll is well." if healthy else "\nSomething needs attention: see PROBLEM above.")
    return 0 if healthy else 1


def _new_passphrase(args: argparse.Namespace, option: str) -> str:
    """A new passphrase: from the file given with option, or typed twice without echo."""
    from companion.journal.crypto import check_new_passphrase

    given = getattr(args, option.lstrip("-").replace("-", "_"), None)
    if given:
        passphrase = _read_passphrase_file(given, option)
        check_new_passphrase(passphrase)
        return passphrase
    if not _can_ask():
        raise UsageError(
            f"Companion can only ask for a new passphrase in a terminal; give it in a file "
            f"with {option} PATH."
        )
    write_out(FORGET_WARNING, file=sys.stderr)
    for attempt in range(1, PASSPHRASE_TRIES + 1):
        passphrase = _ask_secret("New passphrase: ")
        try:
            check_new_passphrase(passphrase)
        except UsageError as error:
            if attempt == PASSPHRASE_TRIES:
                raise
            write_out(error, file=sys.stderr)
            continue
        if _ask_secret("The same passphrase again: ") == passphrase:
            return passphrase
        if attempt == PASSPHRASE_TRIES:
            break
        write_out("The two passphrases differ; type them again.", file=sys.stderr)
    raise UsageError("The passphrases typed did not match; nothing was changed.")


FORGET_WARNING = (
    "Keep the passphrase somewhere safe: nobody can recover the journal without it, "
    "and Companion keeps no copy of it."
)


def cmd_encrypt(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    if journal.encrypted:
        raise UsageError(
            f"The journal at {journal.folder} is already encrypted. "
            "To change its passphrase, run `companion passwd`."
        )
    passphrase = _new_passphrase(args, "--passphrase-file")
    report = journal.encrypt(passphrase)
    write_out(report.summary("Encrypted"))
    write_out(
        "Companion will ask for the passphrase whenever it opens this journal. "
        "Exports are not encrypted."
    )
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    if not journal.encrypted:
        raise UsageError(f"The journal at {journal.folder} is not encrypted; nothing to do.")
    report = journal.decrypt()
    write_out(report.summary("Decrypted"))
    write_out("The journal is no longer encrypted: anyone who can read its files can read it.")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    if not journal.encrypted:
        raise UsageError(
            f"The journal at {journal.folder} is not encrypted. "
            "To give it a passphrase, run `companion encrypt`."
        )
    passphrase = _new_passphrase(args, "--new-passphrase-file")
    report = journal.change_passphrase(passphrase)
    write_out(report.summary("Re-encrypted"))
    write_out("The journal now opens with the new passphrase only.")
    return 0


#: The verbs that stay open for the leader (the app, or plain mode); the others run and exit.
INTERACTIVE = {None, "reflect", "demo"}

COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_home,
    "reflect": cmd_reflect,
    "list": cmd_list,
    "show": cmd_show,
    "drafts": cmd_drafts,
    "commitments": cmd_commitments,
    "stats": cmd_stats,
    "brief": cmd_brief,
    "barriers": cmd_barriers,
    "scripts": cmd_scripts,
    "doctor": cmd_doctor,
    "demo": cmd_demo,
    "encrypt": cmd_encrypt,
    "decrypt": cmd_decrypt,
    "passwd": cmd_passwd,
    "export": cmd_export,
    "import": cmd_import,
}


#: Arguments that name files: an undecodable byte there is part of a real name, kept as it is.
_PATH_ARGUMENTS = frozenset(
    {
        "journal",
        "passphrase_file",
        "new_passphrase_file",
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


def run(argv: Sequence[str]) -> int:
    """Run one command line; every failure becomes one clear sentence and an exit code."""
    try:
        args = build_parser().parse_args(list(argv))
        _refuse_broken_text(args)
        if args.verb in INTERACTIVE:
            return COMMANDS[args.verb](args)
        # A one-off command reads records (no reference cycles among them) and exits: the
        # cyclic collector would only walk ten years of them again and again.
        with paused_collector():
            return COMMANDS[args.verb](args)
    except CompanionError as error:
        _warn(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        write_out("\nStopped. Anything you had answered is kept as a draft.", file=sys.stderr)
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
