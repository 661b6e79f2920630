"""What a private answer hides beyond its own words, for everything that leaves the journal.

A commitment made in a private answer (or a private entry) is private too, and a private weekly
review leaves its note and any smaller step in the commitment's history: those words are private
as well. Exports and the coach brief both leave them out unless the leader includes private
answers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from companion.model import Answer, Commitment, Entry, StatusChange


def commitment_in(answer: Answer) -> str | None:
    """The id of the commitment an answer made or reviewed, if any."""
    value = answer.value
    if isinstance(value, dict) and value.get("commitment_id"):
        return str(value["commitment_id"])
    return None


@dataclass
class PrivateLinks:
    """Commitments that are private, and the private reviews written into histories."""

    commitments: set[str] = field(default_factory=set)
    reviews: set[tuple[str, str]] = field(default_factory=set)  # (commitment id, review moment)

    def hides_note(self, commitment: Commitment, change: StatusChange) -> bool:
        return (commitment.id, change.at.isoformat()) in self.reviews

    def shared(self, commitment: Commitment) -> Commitment:
        """The commitment with the words of private reviews taken out of its history."""
        hidden = [c for c in commitment.history if self.hides_note(commitment, c)]
        if not hidden:
            return commitment  # the same object: an export writes it as stored
        history: list[StatusChange] = []
        removed_steps: set[str] = set()
        for change in commitment.history:
            if self.hides_note(commitment, change):
                if change.step:
                    removed_steps.add(change.step)
                change = dataclasses.replace(change, note="", step=None)
            history.append(change)
        first_step = None if commitment.first_step in removed_steps else commitment.first_step
        return dataclasses.replace(commitment, history=history, first_step=first_step)


def private_links(entries: Iterable[Entry], commitments: Iterable[Commitment]) -> PrivateLinks:
    """Everything that private answers and private entries make private, across the journal."""
    links = PrivateLinks()
    private_entries: set[str] = set()
    for entry in entries:
        if entry.private:
            private_entries.add(entry.id)
        for answer in entry.answers:
            linked = commitment_in(answer)
            if linked is None or not (answer.private or entry.private):
                continue
            if answer.kind == "commitment":
                links.commitments.add(linked)
            else:
                links.reviews.add((linked, entry.completed.isoformat()))
    for commitment in commitments:
        if commitment.entry_id in private_entries:
            links.commitments.add(commitment.id)
    return links
