"""Share, by choice: the entries a leader chooses, as one contribution file for the trio or cohort.

One action every face calls: plan_share() says answer by answer what would leave (private
answers and entries never do: the export's privacy rule, without --include-private), the face
lets the leader leave any answer out, and write_share() writes the file, sealed with a
passphrase if one is given.

What goes (companion.export.gather.model describes the file): each entry's script, the day it
was written, its shared tags, and its shared answers with their questions; a choice with its
label; a commitment as its words. What never goes, named or anonymous: journal and commitment
ids, times of day, due dates, edits, stars, drafts, weekly reviews (they are about commitments,
not learning) and the coaching preparation's stored summary.

Anonymous (contributor None) also leaves out the name and coarsens each day to its month, so a
date cannot single a leader out; entries are in the order of that month and their content.

Sealed: the journal's own cipher (journal.sealing: Argon2id with the journal's default cost,
AES-256-GCM, the same self-describing header) with a label bound to the file, so a journal file
cannot be passed off as a contribution, nor a contribution as a journal file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core.dates import shown_date
from companion.core.errors import JournalWriteError, UsageError
from companion.core.model import Answer, Entry, StepKind
from companion.core.text import safe_line
from companion.export.gather.model import AnswerValue, Contribution, SharedAnswer, SharedEntry
from companion.export.selection import ExportOptions, Selection, select_from_journal
from companion.export.writing import WrittenExport, check_target
from companion.journal import files

if TYPE_CHECKING:
    from companion.core.scripts import Library
    from companion.journal import Journal

#: Bound to a sealed contribution as associated data: it opens as nothing else.
SEAL_LABEL = b"companion contribution"
#: What a contribution file is called when the leader gives no name.
DEFAULT_NAME = "contribution.json"
MAX_NAME = 100

#: Answers of these kinds never go: a stored summary, a weekly review of a commitment.
_NEVER = frozenset({StepKind.INFO, StepKind.COMMITMENT_REVIEW})

#: An answer's place in the leader's journal: (entry id, step id). Only the leader sees it.
AnswerKey = tuple[str, str]


@dataclass(frozen=True)
class Leaving:
    """One answer that will leave, shown to the leader before anything is written."""

    entry: Entry
    answer: Answer
    shared: SharedAnswer

    @property
    def key(self) -> AnswerKey:
        return (self.entry.id, self.answer.step_id)

    def line(self, width: int = 70) -> str:
        """'3 Nov 2026, Capture impact. What evidence…? “The board now…”' on one line."""
        words = " ".join(self.shared.text().split())
        if len(words) > width:
            words = words[: width - 1].rstrip() + "…"
        day = shown_date(self.entry.completed, "%-d %b %Y")
        return safe_line(f"{day}, {self.entry.script_title}. {self.answer.prompt} “{words}”")


@dataclass
class SharePlan:
    """What a share would write: the selection, and each answer that would leave."""

    selection: Selection
    contributor: str | None
    leaving: list[Leaving]

    def contribution(self, leave_out: Collection[AnswerKey] = ()) -> Contribution:
        """The contribution without the answers the leader left out (an entry left with no
        answer does not go)."""
        anonymous = self.contributor is None
        entries: list[SharedEntry] = []
        by_entry: dict[str, list[SharedAnswer]] = {}
        for item in self.leaving:
            if item.key not in leave_out:
                by_entry.setdefault(item.entry.id, []).append(item.shared)
        for entry in self.selection.entries:
            answers = by_entry.get(entry.id)
            if not answers:
                continue
            day = entry.completed.date()
            entries.append(
                SharedEntry(
                    script=entry.script_id,
                    script_title=entry.script_title,
                    when=f"{day:%Y-%m}" if anonymous else day.isoformat(),
                    tags=tuple(entry.tags),
                    answers=tuple(answers),
                )
            )
        if anonymous:
            entries.sort(key=lambda e: (e.when, e.id))
        return Contribution(self.contributor, tuple(entries))

    def held_back_text(self) -> str:
        return self.selection.held_back_text()

    def summary(self, leave_out: Collection[AnswerKey] = ()) -> str:
        going = [item for item in self.leaving if item.key not in leave_out]
        entries = len({item.entry.id for item in going})
        left = len(self.leaving) - len(going)
        text = (
            f"{_count(len(going), 'answer')} from {_count(entries, 'entry', 'entries')} will "
            f"leave this computer{' anonymously' if self.contributor is None else ''}."
        )
        if left:
            text += f" You left out {_count(left, 'answer')}."
        return f"{text} {self.held_back_text()}"


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else (plural or noun + 's')}"


def contributor_name(name: str | None, *, anonymous: bool) -> str | None:
    """The name that goes on the file (None: anonymous); UsageError if it cannot be used."""
    if anonymous:
        return None
    words = " ".join(safe_line(name or "").split())
    if not words:
        raise UsageError("Say whose contribution this is: give a name, or share anonymously.")
    if len(words) > MAX_NAME:
        raise UsageError(f"A name of up to {MAX_NAME} characters, please; yours is longer.")
    return words


def shared_value(answer: Answer) -> AnswerValue | None:
    """An answer's value as it leaves, or None when it says nothing (or never goes)."""
    if answer.kind in _NEVER:
        return None
    value = answer.value
    if isinstance(value, dict):  # a commitment: its words only (no id, no date)
        value = str(value.get("text") or "").strip()
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, list):
        items = [str(item) for item in value if str(item).strip()]
        return items or None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _label(answer: Answer, entry: Entry, library: Library | None) -> str | None:
    if answer.kind != StepKind.CHOICE or library is None or not isinstance(answer.value, str):
        return None
    script = library.scripts.get(entry.script_id)
    step = script.step(answer.step_id) if script is not None else None
    if step is None:
        return None
    return next((o.label for o in step.options if o.value == answer.value), None)


def plan_share(
    selection: Selection, contributor: str | None, library: Library | None = None
) -> SharePlan:
    """Each answer of the selection that may leave (the selection holds nothing private)."""
    if selection.options.include_private:
        raise UsageError("A contribution never carries private answers; nothing was written.")
    leaving: list[Leaving] = []
    for entry in selection.entries:
        for answer in entry.answers:
            value = shared_value(answer)
            if value is None or answer.private:
                continue
            shared = SharedAnswer(
                answer.step_id, answer.prompt, answer.kind, value, _label(answer, entry, library)
            )
            leaving.append(Leaving(entry, answer, shared))
    return SharePlan(selection, contributor, leaving)


def share_from_journal(
    journal: Journal,
    options: ExportOptions,
    contributor: str | None,
    library: Library | None = None,
) -> SharePlan:
    """plan_share over the journal's entries chosen by options (private always held back)."""
    options = dataclasses.replace(options, include_private=False)
    return plan_share(select_from_journal(journal, options), contributor, library)


def refuse_empty(plan: SharePlan, contribution: Contribution) -> None:
    if contribution.entries:
        return
    if plan.leaving:
        raise UsageError("Every answer was left out, so nothing was written.")
    chosen = plan.selection.options.describe()
    if plan.selection.held_back:
        raise UsageError(
            "Every matching answer is private, and private answers are never shared; "
            "nothing was written."
        )
    raise UsageError(
        ("No entries match " + chosen if chosen else "The journal has no entries to share yet")
        + ", so nothing was written."
    )


def sealed(text: str, passphrase: str) -> bytes:
    """The contribution sealed with a new key from passphrase (Argon2id, AES-256-GCM)."""
    from companion.journal.crypto import new_key

    return new_key(passphrase).seal(text.encode("utf-8"), SEAL_LABEL)


def write_share(
    contribution: Contribution,
    target: Path,
    *,
    passphrase: str | None = None,
    force: bool = False,
) -> WrittenExport:
    """Write the contribution to target: private (0600), atomic, never over a file unasked."""
    check_target(target, split=False, force=force, example=DEFAULT_NAME)
    text = contribution.to_json()
    data = sealed(text, passphrase) if passphrase is not None else text.encode("utf-8")
    try:
        files.create_private_dirs(target.parent)
        files.write_document(target, data, "json")
    except OSError as error:
        raise _write_error(target, error) from error
    except JournalWriteError as error:
        cause = error.__cause__
        raise _write_error(target, cause if isinstance(cause, OSError) else None) from error
    return WrittenExport(target, 1)


def _write_error(path: Path, error: OSError | None) -> JournalWriteError:
    why = (error.strerror if error is not None else None) or "the disk refused it"
    return JournalWriteError(
        f"Could not write the contribution to {path}: {why}. Check the folder and the free "
        "space; your journal is unchanged."
    )
