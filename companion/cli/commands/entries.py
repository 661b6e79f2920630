"""`companion list`, `show` and `drafts`: reading the journal's entries."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from companion.cli import output
from companion.cli.parser import Verbs, add_verb
from companion.core.errors import UsageError
from companion.core.text import write_out


def add_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    listing = add_verb(verbs, common, "list", "list entries, newest first")
    listing.add_argument("--script", metavar="ID", help="only entries from this script")
    listing.add_argument("-n", "--limit", type=int, metavar="N", help="at most N entries")
    listing.add_argument("--json", action="store_true", help="print JSON")

    show = add_verb(verbs, common, "show", "print one entry")
    show.add_argument("entry", help="the entry's id, or the first few characters of it")
    show.add_argument("--json", action="store_true", help="print JSON")

    drafts = add_verb(verbs, common, "drafts", "list unfinished reflections")
    drafts.add_argument("--json", action="store_true", help="print JSON")


def cmd_list(args: argparse.Namespace) -> int:
    from companion.core.text import safe_line
    from companion.journal.converters import entry_to_doc

    if args.limit is not None and args.limit < 1:
        raise UsageError(f"-n must be 1 or more (it was {args.limit}): how many entries to list.")
    entries = output.open_journal(args).entries()
    if args.script:
        known_script(args.script, entries)
        entries = [e for e in entries if e.script_id == args.script]
    if args.limit is not None:
        entries = entries[: args.limit]
    if args.json:
        output.print_json([entry_to_doc(e) for e in entries])
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


def known_script(script_id: str, entries: Sequence[Any]) -> None:
    """UsageError naming the ids that exist, unless script_id is a script or has entries."""
    library = output.library(warn=False)
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

    journal = output.open_journal(args)
    entry = journal.entry(args.entry)
    if args.json:
        output.print_json(entry_to_doc(entry))
    else:
        write_out(entry_text(entry, journal))
    return 0


def cmd_drafts(args: argparse.Namespace) -> int:
    from companion.journal.converters import draft_to_doc

    drafts = output.open_journal(args).drafts()
    if args.json:
        output.print_json([draft_to_doc(d) for d in drafts])
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


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "list": cmd_list,
    "show": cmd_show,
    "drafts": cmd_drafts,
}
