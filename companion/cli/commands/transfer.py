"""`companion export` and `companion import`: entries out of Companion and into it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from companion.cli import output
from companion.cli.parser import Verbs, add_verb
from companion.cli.progress import TerminalProgress, progress_shown
from companion.core.errors import UsageError
from companion.core.progress import Stopped
from companion.core.text import Kind, write_encoded, write_out

if TYPE_CHECKING:
    from companion.export import ExportFormat, ExportOptions
    from companion.journal import Journal


def add_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    export = add_verb(
        verbs, common, "export", "take entries out of Companion as Markdown, HTML or JSON"
    )
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
        "--for",
        dest="for_app",
        choices=("obsidian", "logseq"),
        help="obsidian: Markdown, a file per entry (--format md --split); logseq: a graph's "
        "journals/yyyy_MM_dd.md pages, into the folder given with -o",
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

    importing = add_verb(
        verbs, common, "import", "add entries from a Companion JSON export, jrnl or Day One"
    )
    importing.add_argument("file", metavar="FILE", help="the file to import")
    importing.add_argument(
        "--from",
        dest="source",
        metavar="SOURCE",
        default="companion",
        help="companion (a `companion export --format json` file, the default), jrnl "
        "(a `jrnl --export json` file) or dayone (Day One's JSON export zip, or its Journal.json)",
    )


def _for_app(args: argparse.Namespace) -> None:
    """--for obsidian is Markdown split; --for logseq is a folder of Markdown pages."""
    if args.for_app is None:
        return
    if args.format and args.format.strip().lower().lstrip(".") != "md":
        raise UsageError(f"--for {args.for_app} writes Markdown; leave --format out.")
    args.format = "md"
    if args.for_app == "obsidian":
        args.split = True
    elif args.split:
        raise UsageError("--for logseq already writes a page a day; leave --split out.")
    if args.for_app == "logseq" and (args.output in (None, "-") or args.target is not None):
        raise UsageError(
            "--for logseq writes a folder of pages; give the folder with -o, such as -o graph/."
        )


def _format_and_output(args: argparse.Namespace) -> tuple[ExportFormat, Path | None]:
    """The format and the file asked for (None: standard output); a clash is refused."""
    from companion.export import export_format

    _for_app(args)
    if args.target is not None:
        if args.output is not None:
            raise UsageError("Say where to write once: either -o PATH or -, not both.")
        args.output = args.target
    to_stdout = args.output == "-"
    output_path = Path(args.output).expanduser() if args.output and not to_stdout else None
    if args.format:
        fmt = export_format(args.format)
    elif output_path is not None and output_path.suffix.lower() in (".md", ".html", ".json"):
        fmt = export_format(output_path.suffix)
    else:
        fmt = export_format("md")
    if args.split and not fmt.splits:
        raise UsageError(
            f"--split writes one Markdown file per entry, so it goes with --format md, "
            f"not {fmt.name}."
        )
    if args.split and to_stdout:
        raise UsageError("--split writes a folder of files; give the folder's name with -o.")
    if to_stdout:
        return fmt, None
    from companion.export import default_output

    return fmt, output_path or default_output(fmt, Path.cwd(), split=args.split)


def _options(args: argparse.Namespace, journal: Journal) -> ExportOptions:
    from companion.export import ExportOptions

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
        and options.script not in output.library(warn=False).scripts
        and not any(e.script_id == options.script for e in journal.entries())
    ):
        raise UsageError(
            f"There is no script {options.script!r}. `companion scripts list` shows the ids."
        )
    return options


def _check_target(target: Path, args: argparse.Namespace, *, logseq: bool) -> None:
    """Refuse to write over something unasked, before the journal is read through."""
    if logseq:
        from companion.export.logseq import check_logseq_folder

        check_logseq_folder(target, {}, force=args.force)
        return
    from companion.export import check_target

    check_target(target, split=args.split, force=args.force)


def cmd_export(args: argparse.Namespace) -> int:
    from companion.export import render, select_from_journal
    from companion.export.actions import export_for_logseq, export_to, refuse_empty

    fmt, target = _format_and_output(args)
    journal = output.open_journal(args)
    options = _options(args, journal)
    logseq = args.for_app == "logseq"
    if target is not None:  # refused before the journal is read through
        _check_target(target, args, logseq=logseq)
    selection = select_from_journal(journal, options, stored=fmt.name == "json")
    refuse_empty(selection, options)
    output.warn_before_export(journal)
    kind: Kind = "json" if fmt.name == "json" else "document"  # on a terminal, still JSON
    progress = TerminalProgress()
    try:  # the text is made whole before a byte of it is written
        if logseq and target is not None:
            written = export_for_logseq(selection, options, target, force=args.force)
        elif target is None and fmt.name == "json":  # made and written as UTF-8 bytes
            from companion.export.lossless import export_json_bytes

            content: str | dict[str, str] | bytes = export_json_bytes(selection, progress=progress)
        elif target is None:
            content = render(selection, fmt, progress=progress)
        else:
            written = export_to(
                selection, options, fmt, target, split=args.split, force=args.force, kind=kind,
                progress=progress,
            )  # fmt: skip
    except KeyboardInterrupt:
        raise Stopped("Stopped: nothing was exported, and the journal is as it was.") from None
    finally:
        progress.finish()
    if target is None:
        if isinstance(content, bytes):
            write_encoded(content, kind=kind)
        else:
            assert isinstance(content, str)
            write_out(content, end="", kind=kind)
        sys.stdout.flush()
        where = "standard output"
    elif logseq:
        where = f"{written.path} ({written.files} journal page{'s' if written.files != 1 else ''})"
    else:
        where = str(written.path)
        if written.files > 1:
            where += f" ({written.files} files)"
    report = f"Exported {selection.going()} to {where}. {selection.held_back_text()}"
    if selection.held_back or selection.private_commitments or selection.private_draft_answers:
        report += " Add --include-private to include them."
    output.warn(report)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from companion.importing import prepare_import

    path = Path(args.file).expanduser()
    prepared = prepare_import(path, args.source)  # checked in full before the journal is opened
    journal = output.open_journal(args)
    stopped = (
        "Stopped part-way: what was imported so far is kept, each file whole. Import the same "
        "file again to add the rest; nothing is added twice."
    )
    with progress_shown(stopped) as progress:
        result = prepared.apply(journal, progress)
    write_out(result.summary(path))
    return 0


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "export": cmd_export,
    "import": cmd_import,
}
