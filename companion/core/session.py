"""The reflection engine: one step at a time, answers checked and saved as a draft at once.

Faces (the app, plain mode, --answers) drive a Session; none of them touches the journal's files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from companion.core.dates import parse_date
from companion.core.errors import AnswerError, JournalError
from companion.core.model import (
    LAST_REVIEW_KEY,
    REVIEW_DECISIONS,
    Answer,
    AnswerValue,
    Commitment,
    CommitmentStatus,
    Draft,
    Edit,
    Entry,
    Script,
    Step,
)
from companion.core.views.privacy import tag_of
from companion.journal import Journal
from companion.journal.service import change_commitment_status

_WORD = re.compile(r"\b[\w'’-]+\b")


def count_words(text: str) -> int:
    """Words as a person would count them (hyphenated and apostrophe words count once)."""
    return len(_WORD.findall(text))


def word_progress(text: str, target: int | None) -> str:
    """'42 words' or '42 of about 100 words'."""
    words = count_words(text)
    unit = "word" if words == 1 else "words"
    if target:
        return f"{words} of about {target} words"
    return f"{words} {unit}"


@dataclass(frozen=True)
class RuntimeStep:
    """A step as this run shows it: a script step, or one commitment in a weekly review."""

    id: str
    step: Step
    prompt: str
    body: str | None = None
    commitment: Commitment | None = None

    @property
    def kind(self) -> str:
        return self.step.kind

    @property
    def required(self) -> bool:
        return self.step.required and self.step.answerable

    @property
    def answerable(self) -> bool:
        return self.step.answerable


@dataclass
class FinishResult:
    entry: Entry
    commitments: list[Commitment] = field(default_factory=list)
    reviewed: list[str] = field(default_factory=list)


def live_body(step: Step, journal: Journal) -> str | None:
    """The text of an info step filled in from the journal."""
    if step.live == "since-last-coaching":
        from companion.core.views.insights import since_last_coaching

        return "\n".join(since_last_coaching(journal).lines())
    return None


def review_order(commitments: list[Commitment], today: date) -> list[Commitment]:
    """Active commitments, most overdue first, then by due date, then undated oldest first."""

    def key(c: Commitment) -> tuple[int, int, str]:
        if c.due is None:
            return (1, 0, c.id)
        return (0, c.due.toordinal(), c.id)

    return sorted((c for c in commitments if c.status.is_active), key=key)


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
        self.steps: list[RuntimeStep] = self._expand()
        self.position = 0
        self.draft_saved = draft is not None
        self.save_error: JournalError | None = None
        if draft is not None:
            known = {s.id for s in self.steps}
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
            a.step_id: a for a in entry.answers if a.step_id in known and a.kind != "info"
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
                if kept is not None and kept.kind == "info":
                    answers.append(kept)
                continue
            if runtime.kind == "commitment" and isinstance(answer.value, dict):
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

    def _expand(self) -> list[RuntimeStep]:
        steps: list[RuntimeStep] = []
        for step in self.script.steps:
            if step.kind == "commitment-review" and self.editing is not None:
                # An edit does not review today's commitments again: the entry's decisions
                # were applied when it was saved, and are kept as they are (see kept).
                continue
            if step.kind == "commitment-review":
                waiting = review_order(self.journal.commitments(), self.journal.today())
                if not waiting:
                    info = Step(id=step.id, kind="info", prompt="Nothing to review")
                    steps.append(
                        RuntimeStep(
                            step.id,
                            info,
                            "Nothing to review",
                            body="You have no open commitments. Well done, or time for a new one.",
                        )
                    )
                for commitment in waiting:
                    steps.append(
                        RuntimeStep(
                            id=f"{step.id}/{commitment.id}",
                            step=step,
                            prompt=f"{step.prompt} “{commitment.text}”",
                            body=_describe_commitment(commitment, self.journal.today()),
                            commitment=commitment,
                        )
                    )
            elif step.kind == "info" and step.live:
                steps.append(
                    RuntimeStep(step.id, step, step.prompt, body=live_body(step, self.journal))
                )
            else:
                steps.append(RuntimeStep(step.id, step, step.prompt))
        return steps

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
        for step in self.steps:
            if step.id == step_id:
                return step
        known = ", ".join(s.id for s in self.steps if s.answerable)
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
        return [s for s in self.steps if s.required and s.id not in self.answers]

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
        new_commitments: list[Commitment] = []
        answers: list[Answer] = []
        tags: list[str] = []
        reviews: list[tuple[str, Callable[[Commitment], None]]] = []
        for runtime in self.steps:
            if not runtime.answerable:
                if runtime.body:
                    answers.append(Answer(runtime.id, runtime.prompt, "info", runtime.body))
                continue
            answer = self.answers.get(runtime.id)
            if answer is None:
                continue
            if runtime.kind == "commitment" and isinstance(answer.value, dict):
                value = dict(answer.value)
                commitment = self.journal.new_commitment(
                    str(value["text"]),
                    due=date.fromisoformat(value["due"]) if value.get("due") else None,
                    first_step=value.get("first_step"),
                    entry_id=entry_id,
                    script_id=self.script.id,
                )
                new_commitments.append(commitment)
                value["commitment_id"] = commitment.id
                answer = Answer(answer.step_id, answer.prompt, answer.kind, value, answer.private)
            elif (
                runtime.kind == "commitment-review"
                and runtime.commitment
                and isinstance(answer.value, dict)
            ):
                decision = dict(answer.value)
                decision["commitment_id"] = runtime.commitment.id
                reviews.append((runtime.commitment.id, _apply_review(decision, now)))
                answer = Answer(
                    answer.step_id, answer.prompt, answer.kind, decision, answer.private
                )
            if runtime.step.sets_tags and isinstance(answer.value, list):
                tags.extend(_tag(t) for t in answer.value)
            answers.append(answer)
        for tag in extra_tags or []:
            tags.append(_tag(tag))
        entry = Entry(
            id=entry_id,
            script_id=self.script.id,
            script_version=self.script.version,
            script_title=self.script.title,
            started=self.started,
            completed=now,
            answers=answers,
            tags=list(dict.fromkeys(t for t in tags if t)),
            commitment_ids=[c.id for c in new_commitments],
        )
        with self.journal.locked():
            for commitment_id, change in reviews:
                self.journal.update_commitment(commitment_id, change)
            self.journal.finish(entry, new_commitments, self.draft_id if self.draft_saved else None)
            if any(s.kind == "commitment-review" for s in self.script.steps):
                self.journal.set_meta(LAST_REVIEW_KEY, now.isoformat())
        self.draft_saved = False
        return FinishResult(entry, new_commitments, [cid for cid, _ in reviews])


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


def _apply_review(decision: dict[str, Any], at: Any) -> Callable[[Commitment], None]:
    choice = decision["decision"]
    note = decision.get("note") or ""
    due = date.fromisoformat(decision["due"]) if decision.get("due") else None
    step = decision.get("step")

    def change(commitment: Commitment) -> None:
        if not commitment.status.is_active:
            return  # closed since the review began (say by another Companion): that stands
        if choice == "done":
            change_commitment_status(commitment, CommitmentStatus.DONE, at, note=note)
        elif choice == "let-go":
            change_commitment_status(commitment, CommitmentStatus.DROPPED, at, note=note)
        elif choice == "renegotiate":
            change_commitment_status(
                commitment, CommitmentStatus.RENEGOTIATED, at, note=note, due=due, step=step
            )
        else:
            # Still on: no change of status, but the review and its note are part of the history.
            commitment.change_status(commitment.status, at, note=note or "Still on")

    return change


def _apply_edit(value: dict[str, Any]) -> Callable[[Commitment], None]:
    def change(commitment: Commitment) -> None:
        commitment.text = str(value["text"])
        commitment.due = date.fromisoformat(value["due"]) if value.get("due") else None
        commitment.first_step = value.get("first_step")

    return change


def _describe_commitment(commitment: Commitment, today: date) -> str:
    parts = [commitment.text]
    if commitment.due is not None:
        if commitment.due < today:
            days = (today - commitment.due).days
            parts.append(
                f"Due {commitment.due:%-d %B %Y}: {days} day{'s' if days != 1 else ''} overdue."
            )
        else:
            parts.append(f"Due {commitment.due:%-d %B %Y}.")
    if commitment.first_step:
        parts.append(f"First step: {commitment.first_step}")
    if commitment.status == CommitmentStatus.RENEGOTIATED:
        parts.append("Renegotiated before.")
    return "\n".join(parts)


def _needs_answer(runtime: RuntimeStep) -> str:
    return f"'{runtime.prompt}' needs an answer before you go on."


# ---------------------------------------------------------------- checking answers


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise AnswerError("This answer should be text.")
    text = str(value).strip()
    return text or None


def _items(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [line.strip(" -*•\t") for line in value.splitlines() if line.strip(" -*•\t")]
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            if not isinstance(item, (str, int, float)) or isinstance(item, bool):
                raise AnswerError("Each item in this list should be text.")
            if str(item).strip():
                items.append(str(item).strip())
        return items
    raise AnswerError("This answer should be a list of short texts.")


def _option(step: Step, given: str) -> str:
    wanted = given.strip()
    for option in step.options:
        if wanted == option.value or wanted.lower() == option.label.lower():
            return option.value
    if step.allow_other:
        return wanted
    choices = ", ".join(f"'{o.value}'" for o in step.options)
    raise AnswerError(
        f"'{wanted}' is not one of the choices for '{step.prompt}'. Choose {choices}."
    )


def _date_text(value: Any, today: date) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):  # a TOML date with a time: the day is what counts
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    if text is None:
        return None
    try:
        return parse_date(text, today).isoformat()
    except Exception as error:  # UsageError from parse_date
        raise AnswerError(str(error)) from None


def normalise(runtime: RuntimeStep, value: Any, today: date) -> AnswerValue:
    """Check an answer against its step and return its stored form (None means no answer)."""
    step = runtime.step
    kind = step.kind
    if kind in ("text", "long"):
        text = _text(value)
        if text is not None and kind == "text":
            text = " ".join(text.split())
        return text
    if kind == "choice":
        text = _text(value)
        return _option(step, text) if text is not None else None
    if kind == "multi":
        chosen = [_option(step, item) for item in _items(value)]
        return list(dict.fromkeys(chosen)) or None
    if kind == "list":
        return _items(value) or None
    if kind == "scale":
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = int(str(value).strip()) if not isinstance(value, bool) else None
        except ValueError:
            number = None
        assert step.min is not None and step.max is not None
        if number is None or not step.min <= number <= step.max:
            raise AnswerError(f"Choose a whole number from {step.min} to {step.max}.")
        return number
    if kind == "date":
        return _date_text(value, today)
    if kind == "commitment":
        if isinstance(value, str) or value is None:
            value = {"text": value}
        if not isinstance(value, dict):
            raise AnswerError("A commitment is given as text, due date and first step.")
        unknown = [k for k in value if k not in ("text", "due", "first_step")]
        if unknown:
            raise AnswerError(
                f"A commitment has text, due and first_step; '{unknown[0]}' is not one of them."
            )
        text = _text(value.get("text"))
        if text is None:
            if _text(value.get("due")) or _text(value.get("first_step")):
                raise AnswerError("Say what you will do: the commitment needs some words.")
            return None
        return {
            "text": " ".join(text.split()),
            "due": _date_text(value.get("due"), today),
            "first_step": _text(value.get("first_step")),
        }
    if kind == "commitment-review":
        if value is None:
            return None
        if isinstance(value, str):
            value = {"decision": value}
        if not isinstance(value, dict):
            raise AnswerError("A review answer is a decision and an optional note.")
        decision = _text(value.get("decision"))
        if decision is None:
            return None
        decision = decision.lower().replace(" ", "-")
        if decision in ("drop", "dropped", "let-it-go"):
            decision = "let-go"
        if decision not in REVIEW_DECISIONS:
            raise AnswerError(
                f"'{decision}' is not a review decision. "
                f"Choose one of: {', '.join(REVIEW_DECISIONS)}."
            )
        due = _date_text(value.get("due"), today)
        smaller = _text(value.get("step"))
        if decision == "renegotiate" and not (due or smaller):
            raise AnswerError("To renegotiate, give a new date or a smaller step (or both).")
        return {
            "decision": decision,
            "note": _text(value.get("note")),
            "due": due,
            "step": smaller,
        }
    return None
