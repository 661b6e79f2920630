"""The reflection engine: one step at a time, answers checked and saved as a draft at once.

Faces (the app, plain mode, --answers) drive a Session; none of them touches the journal's files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from companion.core.answers_check import count_words, normalise, word_progress
from companion.core.calendar.rhythm import add_next_call
from companion.core.errors import AnswerError, JournalError
from companion.core.model import (
    LAST_REVIEW_KEY,
    Answer,
    AnswerValue,
    Commitment,
    Draft,
    Edit,
    Entry,
    Script,
    Step,
    StepKind,
)
from companion.core.review import apply_review, review_order
from companion.core.steps import RunSteps, RuntimeStep, live_body, run_steps
from companion.core.views.privacy import tag_of
from companion.journal import Journal

#: Names faces still import from here, now kept in answers_check.py, review.py and steps.py.
__all__ = [
    "LAST_REVIEW_KEY",
    "RuntimeStep",
    "count_words",
    "live_body",
    "normalise",
    "review_order",
    "word_progress",
]


@dataclass
class FinishResult:
    entry: Entry
    commitments: list[Commitment] = field(default_factory=list)
    reviewed: list[str] = field(default_factory=list)


class Session:
    """One run of a script against a journal."""

    def __init__(
        self,
        script: Script,
        journal: Journal,
        *,
        draft: Draft | None = None,
        autosave: bool = True,
    ) -> None:
        self.script = script
        self.journal = journal
        self.autosave = autosave
        now = journal.now()
        self.draft_id = draft.id if draft else journal.new_id()
        self.started = draft.started if draft else now
        self.answers: dict[str, Answer] = {}
        self.editing: Entry | None = None
        self.steps: RunSteps = self._expand()
        self.position = 0
        self.draft_saved = draft is not None
        self.save_error: JournalError | None = None
        if draft is not None:
            known = set(self.steps.ids())
            self.answers = {k: v for k, v in draft.answers.items() if k in known}
            self.position = min(draft.position, len(self.steps) - 1)

    @classmethod
    def for_edit(cls, script: Script, journal: Journal, entry: Entry) -> Session:
        """A session that changes a finished entry; it keeps its id and creation date."""
        session = cls(script, journal, autosave=False)
        session.editing = entry
        session.steps = session._expand()  # without today's open commitments: see _expand
        session.started = entry.started
        known = {s.id for s in session.steps}
        session.answers = {
            a.step_id: a for a in entry.answers if a.step_id in known and a.kind != StepKind.INFO
        }
        return session

    @property
    def kept(self) -> list[Answer]:
        """The edited entry's answers to steps this run does not ask (a question the script
        has since dropped, a weekly review's decisions): kept as they are, read-only."""
        if self.editing is None:
            return []
        known = {s.id for s in self.steps}
        return [a for a in self.editing.answers if a.step_id not in known]

    def edit_changed(self) -> bool:
        """True when an edit holds answers that differ from the entry as it was saved."""
        if self.editing is None:
            return False
        before = {a.step_id: (a.value, a.private) for a in self.editing.answers if a.kind != "info"}
        now = {step_id: (a.value, a.private) for step_id, a in self.answers.items()}
        return any(before.get(step_id) != value for step_id, value in now.items())

    def save_edit(self, note: str = "") -> Entry:
        """Save the changed answers into the entry being edited, recording the edit."""
        assert self.editing is not None
        missing = self.missing()
        if missing:
            raise AnswerError(_needs_answer(missing[0]))
        original = self.editing
        now = self.journal.now()
        answers: list[Answer] = []
        changes: list[tuple[str, Callable[[Commitment], None]]] = []
        tags: list[str] = []
        for runtime in self.steps:
            answer = self.answers.get(runtime.id)
            if answer is None:
                kept = original.answer(runtime.id)
                if kept is not None and kept.kind == StepKind.INFO:
                    answers.append(kept)
                continue
            if runtime.kind == StepKind.COMMITMENT and isinstance(answer.value, dict):
                before = original.answer(runtime.id)
                linked = (
                    before.value.get("commitment_id")
                    if before and isinstance(before.value, dict)
                    else None
                )
                value = dict(answer.value)
                if linked:
                    value["commitment_id"] = linked
                    changes.append((str(linked), _apply_edit(value)))
                answer = Answer(answer.step_id, answer.prompt, answer.kind, value, answer.private)
            if runtime.step.sets_tags and isinstance(answer.value, list):
                tags.extend(_tag(t) for t in answer.value)
            answers.append(answer)
        other_tags = [t for t in original.tags if not any(s.step.sets_tags for s in self.steps)]
        known = {s.id for s in self.steps}
        entry = Entry(
            id=original.id,
            script_id=original.script_id,
            script_version=original.script_version,
            script_title=original.script_title,
            started=original.started,
            completed=original.completed,
            answers=_in_entry_order(original.answers, answers, known),
            tags=list(dict.fromkeys(tags + other_tags)),
            private=original.private,
            commitment_ids=list(original.commitment_ids),
            edits=[*original.edits, Edit(at=now, note=note)],
            starred=original.starred,
        )
        with self.journal.locked():
            for commitment_id, change in changes:
                self.journal.update_commitment(commitment_id, change)
            self.journal.save_entry(entry)
        self.editing = entry
        return entry

    # ------------------------------------------------------------ the steps

    def _expand(self) -> RunSteps:
        # An edit does not review today's commitments again: the entry's decisions were
        # applied when it was saved, and are kept as they are (see kept).
        return run_steps(self.script, self.journal, reviewing=self.editing is None)

    @property
    def current(self) -> RuntimeStep:
        return self.steps[self.position]

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def progress(self) -> str:
        """'3 of 6'."""
        return f"{self.position + 1} of {self.total}"

    @property
    def at_last_step(self) -> bool:
        return self.position == self.total - 1

    def step_by_id(self, step_id: str) -> RuntimeStep:
        steps = self.steps
        position = steps.position_of(step_id)
        if position is not None:
            return steps[position]
        known = ", ".join(steps.id_at(i) for i in range(len(steps)) if steps.step_at(i).answerable)
        raise AnswerError(
            f"The script '{self.script.id}' has no step '{step_id}'. Its steps are: {known}."
        )

    def go_to(self, step_id: str) -> None:
        """Jump to a step (from the review page)."""
        self.position = self.steps.index(self.step_by_id(step_id))
        self._save_draft()

    # ------------------------------------------------------------ answering

    def answer(
        self, value: Any, *, private: bool | None = None, step_id: str | None = None
    ) -> Answer | None:
        """Check and keep an answer for the current (or named) step, then save the draft.

        An empty answer to an optional step clears it. A save failure keeps the answer in
        memory, sets save_error and is raised for the face to show.
        """
        runtime = self.step_by_id(step_id) if step_id else self.current
        if not runtime.answerable:
            return None
        normalised = normalise(runtime, value, self.journal.today())
        if normalised is None:
            if runtime.required:
                raise AnswerError(_needs_answer(runtime))
            self.answers.pop(runtime.id, None)
            self._save_draft()
            return None
        previous = self.answers.get(runtime.id)
        if private is None:
            private = previous.private if previous else runtime.step.private
        answer = Answer(
            step_id=runtime.id,
            prompt=runtime.prompt,
            kind=runtime.kind,
            value=normalised,
            private=private,
        )
        self.answers[runtime.id] = answer
        self._save_draft()
        return answer

    def set_private(self, private: bool, step_id: str | None = None) -> None:
        """Mark an answer private (kept out of exports) or not."""
        runtime = self.step_by_id(step_id) if step_id else self.current
        existing = self.answers.get(runtime.id)
        if existing is not None:
            self.answers[runtime.id] = Answer(
                existing.step_id, existing.prompt, existing.kind, existing.value, private
            )
            self._save_draft()

    def is_private(self, step_id: str | None = None) -> bool:
        runtime = self.step_by_id(step_id) if step_id else self.current
        existing = self.answers.get(runtime.id)
        return existing.private if existing else runtime.step.private

    def value(self, step_id: str | None = None) -> AnswerValue:
        runtime = self.step_by_id(step_id) if step_id else self.current
        existing = self.answers.get(runtime.id)
        return existing.value if existing else None

    def next(self) -> bool:
        """Move on; a required step must be answered first. False at the last step."""
        if self.current.required and self.current.id not in self.answers:
            raise AnswerError(_needs_answer(self.current))
        if self.at_last_step:
            return False
        self.position += 1
        self._save_draft()
        return True

    def back(self) -> bool:
        """Go back one step; False at the first."""
        if self.position == 0:
            return False
        self.position -= 1
        self._save_draft()
        return True

    def skip(self) -> bool:
        """Leave an optional step unanswered and move on."""
        if self.current.required:
            raise AnswerError(
                f"'{self.current.prompt}' cannot be skipped: this script needs an answer to it."
            )
        self.answers.pop(self.current.id, None)
        if self.at_last_step:
            self._save_draft()
            return False
        self.position += 1
        self._save_draft()
        return True

    def missing(self) -> list[RuntimeStep]:
        """Required steps still without an answer."""
        steps = self.steps
        return [
            steps[i]
            for i in range(len(steps))
            if _required(steps.step_at(i)) and steps.id_at(i) not in self.answers
        ]

    # ------------------------------------------------------------ saving

    def snapshot(self) -> Draft:
        """The draft as it stands (built here, so a face may save it from another thread)."""
        return self._draft()

    def save_draft(self, draft: Draft | None = None) -> None:
        """Save the draft now (faces with autosave off call this from a worker)."""
        try:
            self.journal.save_draft(draft or self._draft())
        except JournalError as error:
            self.save_error = error
            raise
        self.save_error = None
        self.draft_saved = True

    def _draft(self) -> Draft:
        return Draft(
            id=self.draft_id,
            script_id=self.script.id,
            script_version=self.script.version,
            script_title=self.script.title,
            started=self.started,
            updated=self.journal.now(),
            position=self.position,
            answers=dict(self.answers),
        )

    def _save_draft(self) -> None:
        if not self.autosave or self.editing is not None:
            return
        self.save_draft()

    def discard(self) -> None:
        """Throw the draft away."""
        if self.draft_saved:
            self.journal.delete_draft(self.draft_id)
            self.draft_saved = False

    def finish(self, extra_tags: list[str] | None = None) -> FinishResult:
        """Turn the answers into an Entry and its Commitments and save them with the reviews."""
        missing = self.missing()
        if missing:
            raise AnswerError(_needs_answer(missing[0]))
        now = self.journal.now()
        entry_id = self.journal.new_id()
        made = _Made(entry_id, now)
        for runtime in self.steps:
            self._finish_step(runtime, made)
        for tag in extra_tags or []:
            made.tags.append(_tag(tag))
        entry = Entry(
            id=entry_id,
            script_id=self.script.id,
            script_version=self.script.version,
            script_title=self.script.title,
            started=self.started,
            completed=now,
            answers=made.answers,
            tags=list(dict.fromkeys(t for t in made.tags if t)),
            commitment_ids=[c.id for c in made.commitments],
        )
        with self.journal.locked():
            for commitment_id, change in made.reviews:
                self.journal.update_commitment(commitment_id, change)
            draft_id = self.draft_id if self.draft_saved else None
            self.journal.finish(entry, made.commitments, draft_id)
            add_next_call(self.journal, self.script.id, made.answers)
            if any(s.kind == StepKind.COMMITMENT_REVIEW for s in self.script.steps):
                self.journal.set_meta(LAST_REVIEW_KEY, now.isoformat())
        self.draft_saved = False
        return FinishResult(entry, made.commitments, [cid for cid, _ in made.reviews])

    def _finish_step(self, runtime: RuntimeStep, made: _Made) -> None:
        """One step's answer as the entry keeps it: a new commitment, a review applied."""
        if not runtime.answerable:
            if runtime.body:
                made.answers.append(Answer(runtime.id, runtime.prompt, StepKind.INFO, runtime.body))
            return
        answer = self.answers.get(runtime.id)
        if answer is None:
            return
        if runtime.kind == StepKind.COMMITMENT and isinstance(answer.value, dict):
            value = dict(answer.value)
            commitment = self.journal.new_commitment(
                str(value["text"]),
                due=date.fromisoformat(value["due"]) if value.get("due") else None,
                first_step=value.get("first_step"),
                entry_id=made.entry_id,
                script_id=self.script.id,
            )
            made.commitments.append(commitment)
            value["commitment_id"] = commitment.id
            answer = Answer(answer.step_id, answer.prompt, answer.kind, value, answer.private)
        elif (
            runtime.kind == StepKind.COMMITMENT_REVIEW
            and runtime.commitment
            and isinstance(answer.value, dict)
        ):
            decision = dict(answer.value)
            decision["commitment_id"] = runtime.commitment.id
            made.reviews.append((runtime.commitment.id, apply_review(decision, made.now)))
            answer = Answer(answer.step_id, answer.prompt, answer.kind, decision, answer.private)
        if runtime.step.sets_tags and isinstance(answer.value, list):
            made.tags.extend(_tag(t) for t in answer.value)
        made.answers.append(answer)


@dataclass
class _Made:
    """What finishing a run makes: the entry's answers and tags, commitments, reviews."""

    entry_id: str
    now: datetime
    answers: list[Answer] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    reviews: list[tuple[str, Callable[[Commitment], None]]] = field(default_factory=list)


def _in_entry_order(original: list[Answer], edited: list[Answer], known: set[str]) -> list[Answer]:
    """The edited answers, with every answer the edit could not change kept in its place."""
    pending = list(edited)
    result: list[Answer] = []
    for before in original:
        if before.step_id not in known:
            result.append(before)
            continue
        ids = [a.step_id for a in pending]
        if before.step_id in ids:
            cut = ids.index(before.step_id) + 1
            result.extend(pending[:cut])
            pending = pending[cut:]
    return result + pending


def _tag(text: str) -> str:
    return tag_of(text)  # one normalisation, so privacy knows which answer set which tag


def _apply_edit(value: dict[str, Any]) -> Callable[[Commitment], None]:
    def change(commitment: Commitment) -> None:
        commitment.text = str(value["text"])
        commitment.due = date.fromisoformat(value["due"]) if value.get("due") else None
        commitment.first_step = value.get("first_step")

    return change


def _required(step: Step) -> bool:
    return step.required and step.answerable  # as RuntimeStep.required, without making it


def _needs_answer(runtime: RuntimeStep) -> str:
    return f"'{runtime.prompt}' needs an answer before you go on."
