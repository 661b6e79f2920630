"""`companion stats`, `brief` and `barriers`: what the journal says over time."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from companion.cli import output
from companion.cli.parser import Verbs, add_verb
from companion.core.errors import UsageError
from companion.core.text import write_out

if TYPE_CHECKING:
    from companion.core.scripts import Library

#: --months reaches back at most from 1900 (the first year a date may be in) to 2200.
MAX_MONTHS = 12 * 300

_BRIEF_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def add_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    stats = add_verb(verbs, common, "stats", "follow-through month by month, as text")
    stats.add_argument("--months", type=int, metavar="N", help="only the last N months")
    stats.add_argument("--json", action="store_true", help="print JSON")

    brief = add_verb(verbs, common, "brief", "a one-page brief to share with your coach")
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

    barriers = add_verb(
        verbs, common, "barriers", "every barrier you have named, its enabler and experiments"
    )
    barriers.add_argument("--json", action="store_true", help="print JSON")


def cmd_stats(args: argparse.Namespace) -> int:
    from companion.core.text import safe_text
    from companion.core.views.confidence import confidence_over_time
    from companion.core.views.reports import follow_through_stats

    if args.months is not None and not 1 <= args.months <= MAX_MONTHS:
        raise UsageError(
            f"--months must be 1 or more, up to {MAX_MONTHS} (it was {args.months}): "
            "how many months to look back over."
        )
    journal = output.open_journal(args)
    entries = journal.entries()
    stats = follow_through_stats(
        entries, journal.commitments(), journal.today(), months=args.months
    )
    scales = confidence_over_time(entries, journal.today(), [m.month for m in stats.months])
    if args.json:
        # Beside the months' follow-through, the same months' scale answers: mean and count.
        output.print_json({**stats.as_dict(), "confidence": scales.as_dict()})
    else:
        lines = [*stats.lines(), "", "Confidence by month (the mean of your answers on a scale):"]
        write_out(safe_text("\n".join([*lines, *scales.lines()])))
    return 0


def _barrier_kinds(library: Library) -> dict[str, str]:
    from companion.core.views.barriers import kind_labels

    return kind_labels(library)


def _brief_format(given: str | None, target: str | None) -> str:
    """The brief's format: as given, else from -o's extension, else md; a mismatch is refused."""
    suffix = Path(target).suffix.lower() if target and target != "-" else ""
    implied = _BRIEF_SUFFIXES.get(suffix)
    if given and implied and given != implied:
        raise UsageError(
            f"--format {given} does not fit a file ending in {suffix}: give -o a name ending "
            f"in .{given}, or leave out --format."
        )
    return given or implied or "md"


def cmd_brief(args: argparse.Namespace) -> int:
    from companion.core.calendar.rhythm import for_call
    from companion.core.dates import parse_date, shown_date
    from companion.core.views.brief import coach_brief
    from companion.export.actions import brief_document, save_brief

    args.format = _brief_format(args.format, args.output)
    journal = output.open_journal(args)
    since = parse_date(args.since, journal.today(), past=True) if args.since else None
    if since is not None and since > journal.today():
        raise UsageError(
            f"{shown_date(since, '%-d %B %Y')} is still to come: give the day the brief should "
            "start from, such as 1 Oct or 3 weeks ago."
        )
    library = output.library(warn=False)
    brief = coach_brief(
        journal.entries(),
        journal.commitments(),
        journal.now(),
        since=since,
        include_private=args.include_private,
        kinds=_barrier_kinds(library),
        library=library,
        **for_call(journal),
        programme=output.settings().settings.programme,
    )
    for line in brief.left_out_lines():
        output.note(line)
    output.warn_before_export(journal)
    html = args.format == "html"
    if args.output and args.output != "-":
        written = save_brief(brief.markdown, Path(args.output), html=html, force=args.force)
        output.note(f"Wrote the coach brief to {written}.")
    else:
        write_out(brief_document(brief.markdown, html=html), end="", kind="document")
    return 0


def cmd_barriers(args: argparse.Namespace) -> int:
    from companion.core.text import safe_text
    from companion.core.views.barriers import barrier_register

    journal = output.open_journal(args)
    register = barrier_register(
        journal.entries(),
        journal.commitments(),
        kinds=_barrier_kinds(output.library(warn=False)),
    )
    if args.json:
        output.print_json(register.as_dict())
    else:
        write_out(safe_text("\n".join(register.lines())))
    return 0


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "stats": cmd_stats,
    "brief": cmd_brief,
    "barriers": cmd_barriers,
}
