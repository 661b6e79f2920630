"""`companion share` and `companion gather`: from one leader's journal to the trio's reports."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from companion.cli import output
from companion.cli.parser import Verbs, add_verb
from companion.core.errors import UsageError
from companion.core.text import write_out

if TYPE_CHECKING:
    from companion.export.share import AnswerKey, SharePlan

_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def add_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    share = add_verb(
        verbs, common, "share", "write chosen entries as a contribution for your trio or cohort"
    )
    share.add_argument("--since", metavar="DATE", help="only entries written on or after DATE")
    share.add_argument("--until", metavar="DATE", help="only entries written on or before DATE")
    share.add_argument("--script", metavar="ID", help="only entries from this script")
    share.add_argument("--tag", metavar="TAG", help="only entries with this tag")
    who = share.add_mutually_exclusive_group()
    who.add_argument("--name", metavar="NAME", help="the name your words are credited to")
    who.add_argument(
        "--anonymous",
        action="store_true",
        help="no name, and each entry dated by its month only",
    )
    share.add_argument(
        "--seal-passphrase-file",
        metavar="PATH",
        help="seal the file with the passphrase on the first line of PATH (share the "
        "passphrase with your trio another way)",
    )
    share.add_argument(
        "--seal", action="store_true", help="seal the file with a passphrase typed twice"
    )
    share.add_argument(
        "--leave-out",
        metavar="N,N",
        help="leave out these answers, by their numbers in the list share prints",
    )
    share.add_argument(
        "--choose",
        action="store_true",
        help="read out each answer in full and ask whether it goes (line by line)",
    )
    share.add_argument(
        "--dry-run", action="store_true", help="list what would leave, and write nothing"
    )
    share.add_argument("--force", action="store_true", help="replace FILE if it exists")
    share.add_argument("-o", "--output", metavar="FILE", help="the contribution file to write")

    gather = add_verb(
        verbs,
        common,
        "gather",
        "make the learning report, impact report or Culture Book from contributions",
    )
    gather.add_argument("files", nargs="+", metavar="FILE", help="contribution files")
    gather.add_argument(
        "--as",
        dest="form",
        required=True,
        metavar="FORM",
        help="learning, impact or culture-book",
    )
    gather.add_argument(
        "--format",
        choices=["md", "html"],
        help="md or html (default: from the -o file's extension, else md)",
    )
    gather.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not the screen")
    gather.add_argument("--force", action="store_true", help="replace FILE if it exists")


# ---------------------------------------------------------------------- share


def _leave_out(text: str | None, plan: SharePlan) -> set[AnswerKey]:
    """The answers --leave-out names by number (as the list printed them)."""
    if not text:
        return set()
    keys: set[AnswerKey] = set()
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= len(plan.leaving):
            raise UsageError(
                f"--leave-out takes the numbers of answers in the list, 1 to "
                f"{len(plan.leaving)}; {part!r} is not one of them."
            )
        keys.add(plan.leaving[int(part) - 1].key)
    return keys


def _chosen(plan: SharePlan) -> set[AnswerKey]:
    """Plain mode's review: each answer read out in full, and asked about (a terminal only)."""
    if not output.can_ask():
        raise UsageError(
            "--choose asks about each answer in a terminal; here, list them with --dry-run "
            "and leave some out with --leave-out N,N."
        )
    from companion.plain.askers import make_asker
    from companion.plain.share import choose_answers

    return choose_answers(plan, make_asker())


def _seal_passphrase(args: argparse.Namespace) -> str | None:
    if not (args.seal or args.seal_passphrase_file):
        return None
    return output.new_passphrase(args, "--seal-passphrase-file")


def cmd_share(args: argparse.Namespace) -> int:
    from companion.export.selection import ExportOptions
    from companion.export.share import (
        contributor_name,
        refuse_empty,
        share_from_journal,
        write_share,
    )
    from companion.export.writing import check_target

    if not args.name and not args.anonymous:
        raise UsageError("Say whose words these are: --name NAME, or --anonymous.")
    contributor = contributor_name(args.name, anonymous=args.anonymous)
    target = Path(args.output).expanduser() if args.output else None
    if target is None and not args.dry_run:
        raise UsageError("Say where to write the contribution: -o FILE (or --dry-run to look).")
    if target is not None and not args.dry_run:
        check_target(target, split=False, force=args.force, example="contribution.json")
    journal = output.open_journal(args)
    options = ExportOptions.from_text(
        journal.today(), since=args.since, until=args.until, script=args.script, tag=args.tag
    )
    plan = share_from_journal(journal, options, contributor, output.library(warn=False))
    leave_out = _leave_out(args.leave_out, plan)
    refuse_empty(plan, plan.contribution(leave_out))
    if args.choose:
        leave_out |= _chosen(plan)
    else:
        lines = ["What leaves, answer by answer:"]
        for number, item in enumerate(plan.leaving, start=1):
            mark = "  (left out)" if item.key in leave_out else ""
            lines.append(f"{number:>3}. {item.line()}{mark}")
        write_out("\n".join(lines))
        output.note(plan.summary(leave_out))
    contribution = plan.contribution(leave_out)
    refuse_empty(plan, contribution)
    if args.dry_run or target is None:
        output.note("Nothing was written (--dry-run). Leave answers out with --leave-out N,N.")
        return 0
    written = write_share(contribution, target, passphrase=_seal_passphrase(args), force=args.force)
    sealed = ", sealed with your passphrase" if args.seal or args.seal_passphrase_file else ""
    output.note(f"Wrote the contribution to {written.path}{sealed}.")
    return 0


# ---------------------------------------------------------------------- gather


def _contributions_passphrase(args: argparse.Namespace, paths: list[Path]) -> str | None:
    """The passphrase for sealed contributions: from --passphrase-file, or asked once."""
    from companion.importing.contributions import is_sealed

    given = getattr(args, "passphrase_file", None)
    if given:
        return output.read_passphrase_file(given)
    if any(is_sealed(path) for path in paths) and output.can_ask():
        return output.ask_secret("Passphrase for the sealed contributions: ")
    return None


def cmd_gather(args: argparse.Namespace) -> int:
    from companion.export.gather import report_form
    from companion.export.writing import check_target, write_export
    from companion.importing.contributions import gather_report

    form = report_form(args.form)
    target = Path(args.output).expanduser() if args.output and args.output != "-" else None
    fmt = args.format or (_SUFFIXES.get(target.suffix.lower(), "md") if target else "md")
    if target is not None:
        check_target(target, split=False, force=args.force, example=f"{form.name}.{fmt}")
    paths = [Path(name).expanduser() for name in args.files]
    report = gather_report(paths, form, fmt, _contributions_passphrase(args, paths))
    if target is None:
        write_out(report.text, end="", kind="document")
        sys.stdout.flush()
        where = "standard output"
    else:
        where = str(write_export(report.text, target, force=args.force).path)
    output.note(f"{report.gathered.summary()} Wrote {form.noun} to {where}.")
    return 0


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "share": cmd_share,
    "gather": cmd_gather,
}
