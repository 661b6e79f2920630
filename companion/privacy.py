"""What is private, decided once for every field of an entry and everything that leaves.

The rule (one function decides it: visible_entry, with shared_entry under it):

- The leader's own view on their own machine (`companion show`, `list`, the app's entry view
  and the Journal screen's search and tag filter) sees everything, private answers included:
  it is their journal, on their computer.
- Anything that leaves the journal, and the filters that choose what leaves (every export
  format, the coach brief, `--search` and `--tag` of an export), sees only what is shared,
  unless the leader explicitly includes private answers (`--include-private`): then private
  answers go out, and are searched, for that output only.

What is shared of an entry (shared_entry): nothing of a private entry; of any other entry,
every answer not marked private and not about a private commitment, the tags those answers
did not set (a tag set only by a private answer is private text too), and a title drawn from
the shared answers. A search or tag filter over shared text cannot tell which entries mention
a private word.

A commitment made in a private answer (or a private entry) is private too, and a private weekly
review leaves its note and any smaller step in the commitment's history: those words are private
as well (PrivateLinks).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from companion.model import Answer, Commitment, Entry, StatusChange


def commitment_in(answer: Answer) -> str | None:
    """The id of the commitment an answer made or reviewed, if any."""
    value = answer.value
    if isinstance(value, dict) and value.get("commitment_id"):
        return str(value["commitment_id"])
    return None


def tag_of(text: str) -> str:
    """The tag an item of a tags answer sets (the same words, lower-cased, hyphen-joined)."""
    return "-".join(text.strip().lower().split())


def _tags_set_by(answers: Iterable[Answer]) -> set[str]:
    return {
        tag_of(str(item)) for a in answers if isinstance(a.value, list) for item in a.value if item
    }


def shared_entry(entry: Entry, private_commitments: Collection[str] = ()) -> Entry | None:
    """What of an entry may leave the journal: None for a private entry, else the entry without
    private answers, answers about private commitments, and tags only private answers set.

    The same object comes back when nothing is private (an export writes it as stored).
    """
    if entry.private:
        return None
    shared: list[Answer] = []
    hidden: list[Answer] = []
    for answer in entry.answers:
        private = answer.private or commitment_in(answer) in private_commitments
        (hidden if private else shared).append(answer)
    if not hidden:
        return entry
    secret = _tags_set_by(hidden) - _tags_set_by(shared)
    return dataclasses.replace(
        entry,
        answers=shared,
        tags=[t for t in entry.tags if t not in secret],
        commitment_ids=[c for c in entry.commitment_ids if c not in private_commitments],
    )


def visible_entry(
    entry: Entry, *, include_private: bool, private_commitments: Collection[str] = ()
) -> Entry | None:
    """What of an entry an output (and the search or filter choosing it) may see.

    include_private: the leader's own view, or an output they explicitly asked to include
    private answers in. Otherwise only what shared_entry keeps.
    """
    return entry if include_private else shared_entry(entry, private_commitments)


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
