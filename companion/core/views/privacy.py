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

A stored summary of the journal (an `info` answer: the coaching preparation's "Since your last
coaching preparation") is not the leader's answer but what the journal said then, and it can
name a barrier or experiment since marked private or deleted: only the leader's own view, or an
output that includes private answers, carries it.

A commitment made in a private answer (or a private entry) is private too. A private weekly
review is private as a whole: its change (decision, note, smaller step, new date) leaves no
trace in the commitment's history, and the commitment's status, due date and first step go out
as the last shared review (or the shared answer that made it) left them (PrivateLinks).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from companion.core.model import (
    Answer,
    Commitment,
    CommitmentStatus,
    Entry,
    StatusChange,
    StepKind,
)


def commitment_in(answer: Answer) -> str | None:
    """The id of the commitment an answer made or reviewed, if any."""
    value = answer.value
    if isinstance(value, dict) and value.get("commitment_id"):
        return str(value["commitment_id"])
    return None


def tag_of(text: str) -> str:
    """The tag an item of a tags answer sets (the same words, lower-cased, hyphen-joined)."""
    return "-".join(text.strip().lower().split())


#: Looked up once: an enum member read from its class costs several times a name's look-up, and
#: every answer of ten years is compared with it.
_INFO = StepKind.INFO


def _tags_set_by(answers: Iterable[Answer]) -> set[str]:
    return {
        tag_of(str(item)) for a in answers if isinstance(a.value, list) for item in a.value if item
    }


def shared_entry(entry: Entry, private_commitments: Collection[str] = ()) -> Entry | None:
    """What of an entry may leave the journal: None for a private entry, else the entry without
    private answers, answers about private commitments, tags only private answers set, and
    stored summaries (info answers).

    The same object comes back when there is nothing to leave out (an export writes it as
    stored).
    """
    if entry.private:
        return None
    if entry.earlier:  # versions kept from two devices leave only as the entry itself would
        kept = [v for e in entry.earlier if (v := shared_entry(e, private_commitments))]
        if kept != entry.earlier:
            entry = dataclasses.replace(entry, earlier=kept)
    shared: list[Answer] = []
    hidden: list[Answer] = []
    for answer in entry.answers:
        if answer.kind == _INFO:  # a stored summary, perhaps of words private or gone since
            continue
        private = answer.private or (
            isinstance(answer.value, dict) and commitment_in(answer) in private_commitments
        )  # only a small table (a commitment's answer) names a commitment
        (hidden if private else shared).append(answer)
    if not hidden:
        summaries = len(shared) < len(entry.answers)
        return dataclasses.replace(entry, answers=shared) if summaries else entry
    secret = _tags_set_by(hidden)  # the tags only hidden answers set (if they set any)
    secret = secret - _tags_set_by(shared) if secret else secret
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
    #: The due date and first step each commitment was made with, by the answer that made it.
    made: dict[str, tuple[date | None, str | None]] = field(default_factory=dict)

    def hides_note(self, commitment: Commitment, change: StatusChange) -> bool:
        """Whether this change came from a private review (the whole change is private)."""
        return (commitment.id, change.at.isoformat()) in self.reviews

    def shared(self, commitment: Commitment) -> Commitment:
        """The commitment as its shared history leaves it: a change a private review made is
        taken out, and the status, due date and first step roll back to the last shared value."""
        if not self.reviews or not any(self.hides_note(commitment, c) for c in commitment.history):
            return commitment  # the same object: an export writes it as stored
        due, step = self.made.get(commitment.id, (None, None))
        status = true_status = CommitmentStatus.OPEN
        history: list[StatusChange] = []
        due_is_shared = step_is_shared = True  # whether the stored value is a shared one
        for change in commitment.history:
            hidden = self.hides_note(commitment, change)
            before, true_status = true_status, change.status
            if change.due is not None:
                due_is_shared = not hidden
            if change.step:
                step_is_shared = not hidden
            if hidden:
                continue
            if change.status == before and change.due is None and not change.step:
                # "Still on" repeats the status it found, which a private review may have set.
                change = dataclasses.replace(change, status=status)
            status = change.status
            due = change.due if change.due is not None else due
            step = change.step or step
            history.append(change)
        return dataclasses.replace(
            commitment,
            history=history,
            status=status,
            due=commitment.due if due_is_shared else due,
            first_step=commitment.first_step if step_is_shared else step,
        )


def _made_with(answer: Answer) -> tuple[date | None, str | None]:
    """The due date and first step a commitment answer made its commitment with."""
    value = answer.value if isinstance(answer.value, dict) else {}
    try:
        due = date.fromisoformat(str(value["due"])) if value.get("due") else None
    except ValueError:  # a hand-edited file: the date is unknown, not a reason to fail
        due = None
    return due, str(value.get("first_step") or "").strip() or None


def private_links(entries: Iterable[Entry], commitments: Iterable[Commitment]) -> PrivateLinks:
    """Everything that private answers and private entries make private, across the journal."""
    links = PrivateLinks()
    private_entries: set[str] = set()
    for entry in entries:
        if entry.private:
            private_entries.add(entry.id)
        for answer in entry.answers:
            if not isinstance(answer.value, dict):
                continue  # only a small table (a commitment's answer) names a commitment
            linked = commitment_in(answer)
            if linked is not None and answer.kind == StepKind.COMMITMENT:
                links.made[linked] = _made_with(answer)
            if linked is None or not (answer.private or entry.private):
                continue
            if answer.kind == StepKind.COMMITMENT:
                links.commitments.add(linked)
            else:
                links.reviews.add((linked, entry.completed.isoformat()))
    for commitment in commitments:
        if commitment.entry_id in private_entries:
            links.commitments.add(commitment.id)
    return links
