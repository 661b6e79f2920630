"""Commitments as every face lists them: which ones a filter picks, and one's history as text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from companion.core.dates import shown_date
from companion.core.model import Commitment, CommitmentStatus
from companion.core.text import safe_line

#: The statuses a list may ask for: one status, "active" (open or renegotiated), or "all".
STATUS_CHOICES = ("open", "done", "dropped", "renegotiated", "active", "all")


def chosen_status(status: str | None, *, filtered: bool) -> str:
    """The status to list: as asked, else active when a date filter is given, else all."""
    return status or ("active" if filtered else "all")


def filter_commitments(
    commitments: Iterable[Commitment],
    today: date,
    *,
    status: str = "all",
    overdue: bool = False,
    due_before: date | None = None,
) -> list[Commitment]:
    """The commitments with status (or active, or all), overdue only, due before a day."""
    found = list(commitments)
    if status == "active":
        found = [c for c in found if c.status.is_active]
    elif status != "all":
        found = [c for c in found if c.status.value == status]
    if overdue:
        found = [c for c in found if c.is_overdue(today)]
    if due_before is not None:
        found = [c for c in found if c.due is not None and c.due < due_before]
    return found


#: How each status is said when two devices disagree about a commitment.
_DONE_ON = {
    CommitmentStatus.DONE: "marked done",
    CommitmentStatus.DROPPED: "dropped",
    CommitmentStatus.RENEGOTIATED: "renegotiated",
    CommitmentStatus.OPEN: "kept open",
}


def dispute_text(commitment: Commitment) -> str | None:
    """What two devices that disagree about a commitment did, and which stands; None if none.

    "Marked done on one device and dropped on the other; the later (dropped, 3 December 2026)
    stands until you choose."
    """
    if len(commitment.disputed) < 2:
        return None
    changes = sorted(commitment.disputed, key=lambda c: c.at)
    first, later = changes[0], changes[-1]
    said = f"{_DONE_ON[first.status].capitalize()} on one device and {_DONE_ON[later.status]}"
    return (
        f"{said} on the other; the later ({later.status.value}, {_day(later.at.date())}) "
        "stands until you choose."
    )


def _day(day: date, *, weekday: bool = False) -> str:
    said = shown_date(day, "%-d %B %Y")
    return f"{day:%A} {said}" if weekday else said


def history_text(
    commitment: Commitment,
    today: date,
    *,
    shown: Callable[[str], str] = safe_line,
    open_entry: Callable[[str], str] = lambda entry_id: "",
    ids: bool = True,
) -> str:
    """One commitment in full: its text, due date, first step, where it came from, changes.

    open_entry(id) is how a face says to open the entry it came from (or nothing); a face
    where nobody types ids (the app) leaves them out with ids=False."""
    lines = [shown(commitment.text)]
    if ids:
        lines.append(f"Id: {commitment.id}")
    lines.append(f"Status: {commitment.status}")
    dispute = dispute_text(commitment)
    if dispute:
        lines.append(f"Two devices disagree: {dispute} Mark it done, drop it or renegotiate it.")
    if commitment.due:
        late = " (overdue)" if commitment.is_overdue(today) else ""
        lines.append(f"Due: {_day(commitment.due, weekday=True)}{late}")
    if commitment.first_step:
        lines.append(f"First step: {shown(commitment.first_step)}")
    made = f"Made: {_day(commitment.created.date())}"
    if commitment.script_id:
        made += f", in {shown(commitment.script_id.replace('-', ' '))}"
    lines.append(made)
    if commitment.entry_id and ids:
        lines.append(f"From entry: {commitment.entry_id}{open_entry(commitment.entry_id)}")
    for change in commitment.history:
        said = f"{_day(change.at.date())}: {change.status}"
        if change.due:
            said += f", new date {_day(change.due)}"
        if change.step:
            said += f", smaller step: {shown(change.step)}"
        if change.note:
            said += f" ({shown(change.note)})"
        lines.append(said)
    return "\n".join(lines)
