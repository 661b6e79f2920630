"""`companion calendar`: the programme's sessions, added, listed, removed, imported, exported."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from companion.cli import output
from companion.cli.parser import Verbs, add_verb, sub_verbs
from companion.core.calendar.model import KIND_CHOICES, Session
from companion.core.text import safe_line, write_out

_KINDS = ", ".join(KIND_CHOICES)
_ID_HELP = "the session's id (the first few characters are enough)"


def add_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    calendar = add_verb(verbs, common, "calendar", "the programme's sessions and reminders")
    calendar.add_argument("--json", action="store_true", help="print JSON")
    calendar.add_argument(
        "--days", type=int, default=14, metavar="N", help="how many days back and ahead (14)"
    )
    actions = sub_verbs(calendar)
    add = actions.add_parser("add", help="add a session, or a series", parents=[common])
    add.add_argument("title", help="what it is: Coaching call with Jo, Workshop 3")
    add.add_argument("--on", required=True, metavar="DATE", help="2026-12-04, next tuesday, 4 Dec")
    add.add_argument("--at", metavar="HH:MM", help="its start, local time (default: all day)")
    add.add_argument("--for", dest="minutes", type=int, default=60, metavar="MINUTES")
    add.add_argument("--as", dest="kind", metavar="KIND", help=f"one of {_KINDS}")
    add.add_argument("--every", type=int, metavar="N", help="repeat every N weeks")
    add.add_argument("--until", metavar="DATE", help="the series' last day (default: 6 months)")
    remove = actions.add_parser("remove", help="remove a session", parents=[common])
    remove.add_argument("id", help=_ID_HELP)
    change = actions.add_parser("kind", help="change a session's kind", parents=[common])
    change.add_argument("id", help=_ID_HELP)
    change.add_argument("kind", metavar="KIND", help=f"one of {_KINDS}")
    bring = actions.add_parser("import", help="read an .ics calendar file", parents=[common])
    bring.add_argument("file", help="the .ics file Outlook, Google or Apple Calendar exported")
    bring.add_argument("--as", dest="kind", metavar="KIND", help=f"one of {_KINDS}, for all")
    out = actions.add_parser("export", help="write sessions and reminders", parents=[common])
    out.add_argument("-o", "--output", required=True, metavar="FILE.ics", help="where to write")
    out.add_argument("--force", action="store_true", help="replace FILE if it exists")


def cmd_calendar(args: argparse.Namespace) -> int:
    action: Callable[[argparse.Namespace], int] = {
        "add": _add,
        "remove": _remove,
        "kind": _kind,
        "import": _import,
        "export": _export,
    }.get(args.action or "", _list)
    return action(args)


def session_json(session: Session, now: Any) -> dict[str, Any]:
    return {
        "id": session.id,
        "title": session.title,
        "kind": session.kind.value,
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "all_day": session.all_day,
        "source": session.source,
        "script": session.suggested(now),
    }


def _list(args: argparse.Namespace) -> int:
    from companion.core.calendar.model import describe_day, shown_time
    from companion.core.errors import UsageError

    if not 0 <= args.days <= 3660:
        raise UsageError("--days counts days back and ahead: give 0 to 3660.")
    journal = output.open_journal(args)
    now, span = journal.now(), timedelta(days=args.days)
    found = [s for s in journal.sessions() if now - span <= s.end and s.start <= now + span]
    if args.json:
        output.print_json([session_json(s, now) for s in found])
        return 0
    if not found:
        write_out(
            f"No sessions within {args.days} days. Add one with: companion calendar add "
            '"Coaching call with Jo" --on "next tuesday" --at 10:00, or import your calendar.'
        )
        return 0
    today = journal.today()
    for session in found:
        script = session.suggested(now)
        then = f"  (companion reflect {script})" if script else ""
        write_out(
            f"{session.id}  {describe_day(session.start, today):<14} {shown_time(session):<8} "
            f"{session.kind.label:<14} {safe_line(session.title)}{then}"
        )
    return 0


def _add(args: argparse.Namespace) -> int:
    from companion.core.calendar import model
    from companion.core.dates import parse_date
    from companion.core.errors import UsageError

    journal = output.open_journal(args)
    today = journal.today()
    first = parse_date(args.on, today)
    kind = model.parse_kind(args.kind) if args.kind else model.guess_kind(args.title)
    title = " ".join(args.title.split())
    if not title:
        raise UsageError('A session needs a title, such as "Workshop 3".')
    until = parse_date(args.until, today) if args.until else None
    if args.every is None and until is not None:
        raise UsageError("--until ends a series: say how often with --every N (weeks).")
    days = model.series_days(first, args.every, until) if args.every is not None else [first]
    clock = model.parse_clock(args.at) if args.at else None
    sessions = []
    for day in days:
        start, end, all_day = model.session_span(day, clock, args.minutes)
        sessions.append(model.Session(journal.new_id(), title, kind, start, end, all_day=all_day))
    journal.add_sessions(sessions)
    first_one = sessions[0]
    more = f" and {len(sessions) - 1} more" if len(sessions) > 1 else ""
    write_out(
        f"Added {kind.label} {safe_line(title)} {model.describe_day(first_one.start, today)}"
        f" ({model.shown_time(first_one)}){more}: {first_one.id}"
    )
    return 0


def _remove(args: argparse.Namespace) -> int:
    journal = output.open_journal(args)
    session = journal.session(args.id)
    journal.remove_session(session.id)
    write_out(f"Removed {safe_line(session.title)} ({session.start:%Y-%m-%d}).")
    return 0


def _kind(args: argparse.Namespace) -> int:
    from companion.core.calendar.model import parse_kind

    journal = output.open_journal(args)
    kind = parse_kind(args.kind)
    session = journal.session(args.id)
    journal.add_sessions([session.with_kind(kind)])
    write_out(f"{safe_line(session.title)} is now a {kind.label}.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from companion.core.calendar.model import parse_kind
    from companion.importing.ics import import_calendar, read_calendar

    kind = parse_kind(args.kind) if args.kind else None
    journal = output.open_journal(args)
    path = Path(args.file)
    found = read_calendar(path, journal.today(), kind=kind)
    result = import_calendar(journal, found, kind_given=kind is not None)
    write_out(result.summary(path))
    return 0


def _export(args: argparse.Namespace) -> int:
    from companion.core.settings import load_settings
    from companion.export.ics import write_calendar

    journal = output.open_journal(args)
    review_day = load_settings().settings.review_day
    written = write_calendar(
        journal.sessions(),
        Path(args.output),
        now=journal.now(),
        review_day=review_day,
        force=args.force,
    )
    output.note(
        f"Wrote {written.path}: your sessions, reminders to prepare and close out, and the "
        f"weekly review on {review_day.capitalize()}s. Import it into Outlook or Google Calendar."
    )
    return 0


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {"calendar": cmd_calendar}
