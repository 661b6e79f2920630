"""`companion commitments`: list them, add one, show one, mark it done, drop or renegotiate it."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from companion.cli import output
from companion.cli.parser import Verbs, add_verb, sub_verbs
from companion.core.text import safe_line, write_out
from companion.core.views.commitments import STATUS_CHOICES

_ID_HELP = "the commitment's id (the first few characters are enough)"


def add_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    commitments = add_verb(verbs, common, "commitments", "list or add commitments")
    commitments.add_argument("--json", action="store_true", help="print JSON")
    commitments.add_argument(
        "--status",
        choices=list(STATUS_CHOICES),
        help="which commitments to list (default: all; active with --overdue or --due-before)",
    )
    actions = sub_verbs(commitments)
    add = actions.add_parser("add", help="add a commitment", parents=[common])
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
    done = actions.add_parser("done", help="mark a commitment done", parents=[common])
    done.add_argument("id", help=_ID_HELP)
    done.add_argument("--note", metavar="TEXT", default="", help="how it went")
    drop = actions.add_parser("drop", help="let a commitment go, on purpose", parents=[common])
    drop.add_argument("id", help=_ID_HELP)
    drop.add_argument("--note", metavar="TEXT", default="", help="why you let it go")
    renegotiate = actions.add_parser(
        "renegotiate", help="give a commitment a new date or a smaller step", parents=[common]
    )
    renegotiate.add_argument("id", help=_ID_HELP)
    renegotiate.add_argument("--due", metavar="DATE", required=True, help="the new date")
    renegotiate.add_argument("--step", metavar="TEXT", help="a smaller first step")
    renegotiate.add_argument("--note", metavar="TEXT", default="", help="what changed")
    history = actions.add_parser("show", help="one commitment and its history", parents=[common])
    history.add_argument("id", help=_ID_HELP)
    history.add_argument("--json", action="store_true", help="print JSON")


def cmd_commitments(args: argparse.Namespace) -> int:
    if args.action == "add":
        return _add(args)
    if args.action == "show":
        return _show(args)
    if args.action in ("done", "drop", "renegotiate"):
        return _change(args)
    return _list(args)


def _add(args: argparse.Namespace) -> int:
    from companion.core.dates import parse_date

    journal = output.open_journal(args)
    due = parse_date(args.due, journal.today()) if args.due else None
    commitment = journal.add_commitment(args.text, due=due, first_step=args.step)
    write_out(commitment.id)
    return 0


def _show(args: argparse.Namespace) -> int:
    from companion.core.views.commitments import history_text
    from companion.journal.converters import commitment_to_doc

    journal = output.open_journal(args)
    commitment = journal.commitment(args.id)
    if args.json:
        output.print_json(commitment_to_doc(commitment))
    else:
        write_out(
            history_text(
                commitment, journal.today(), open_entry=lambda id_: f" (companion show {id_})"
            )
        )
    return 0


def _change(args: argparse.Namespace) -> int:
    """Done, drop or renegotiate: the rule (a done or dropped commitment is closed) is the
    journal's (change_commitment_status), as in the app."""
    from companion.core.dates import parse_date, shown_date
    from companion.core.model import CommitmentStatus

    journal = output.open_journal(args)
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
            commitment.id, CommitmentStatus.RENEGOTIATED, note=args.note, due=due, step=args.step
        )
        write_out(
            f"Renegotiated: {safe_line(changed.text)}, now due {shown_date(due, '%A %-d %B %Y')}"
        )
    return 0


def _list(args: argparse.Namespace) -> int:
    from companion.core.dates import parse_date
    from companion.core.views.commitments import chosen_status, filter_commitments
    from companion.journal.converters import commitment_to_doc

    journal = output.open_journal(args)
    today = journal.today()
    filtered = bool(args.overdue or args.due_before)
    status = chosen_status(args.status, filtered=filtered)
    before = parse_date(args.due_before, today) if args.due_before else None
    found = filter_commitments(
        journal.commitments(), today, status=status, overdue=args.overdue, due_before=before
    )
    if args.json:
        output.print_json([commitment_to_doc(c) for c in found])
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
        # Two devices disagree about it: `commitments show` says how, and how to choose.
        disputed = " (two devices disagree)" if commitment.disputed else ""
        write_out(
            f"{commitment.id}  {commitment.status.value:<12} {when}{late}{disputed}  "
            f"{safe_line(commitment.text)}"
        )
    return 0


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {"commitments": cmd_commitments}
