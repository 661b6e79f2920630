"""The weekly review: the commitments it asks about, how each is shown, what a decision does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from companion.core.dates import shown_date
from companion.core.model import Commitment, CommitmentStatus, ReviewDecision
from companion.journal.service import change_commitment_status


def review_order(commitments: list[Commitment], today: date) -> list[Commitment]:
    """Active commitments, most overdue first, then by due date, then undated oldest first."""

    def key(c: Commitment) -> tuple[int, int, str]:
        if c.due is None:
            return (1, 0, c.id)
        return (0, c.due.toordinal(), c.id)

    return sorted((c for c in commitments if c.status.is_active), key=key)


def apply_review(decision: dict[str, Any], at: Any) -> Callable[[Commitment], None]:
    choice = decision["decision"]
    note = decision.get("note") or ""
    due = date.fromisoformat(decision["due"]) if decision.get("due") else None
    step = decision.get("step")

    def change(commitment: Commitment) -> None:
        if not commitment.status.is_active:
            return  # closed since the review began (say by another Companion): that stands
        if choice == ReviewDecision.DONE:
            change_commitment_status(commitment, CommitmentStatus.DONE, at, note=note)
        elif choice == ReviewDecision.LET_GO:
            change_commitment_status(commitment, CommitmentStatus.DROPPED, at, note=note)
        elif choice == ReviewDecision.RENEGOTIATE:
            change_commitment_status(
                commitment, CommitmentStatus.RENEGOTIATED, at, note=note, due=due, step=step
            )
        else:
            # Still on: no change of status, but the review and its note are part of the history.
            commitment.change_status(commitment.status, at, note=note or "Still on")

    return change


def describe_commitment(commitment: Commitment, today: date) -> str:
    parts = [commitment.text]
    if commitment.due is not None:
        if commitment.due < today:
            days = (today - commitment.due).days
            parts.append(
                f"Due {shown_date(commitment.due, '%-d %B %Y')}: "
                f"{days} day{'s' if days != 1 else ''} overdue."
            )
        else:
            parts.append(f"Due {shown_date(commitment.due, '%-d %B %Y')}.")
    if commitment.first_step:
        parts.append(f"First step: {commitment.first_step}")
    if commitment.status == CommitmentStatus.RENEGOTIATED:
        parts.append("Renegotiated before.")
    return "\n".join(parts)
