"""The things a leader's journal holds, as plain dataclasses (never storage documents)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

#: Version of the on-disk journal format. Bump it with a migration in journal/migrations.py.
SCHEMA_VERSION = 1
#: The journal setting (in journal.json) that records when the last weekly review was finished.
LAST_REVIEW_KEY = "last_review"

#: What an answer can hold: text, a number, a list of texts, or a small table (commitments).
AnswerValue = str | int | list[str] | dict[str, Any] | None

Clock = Callable[[], datetime]


def local_now() -> datetime:
    """The current moment in the local time zone, with its UTC offset."""
    return datetime.now().astimezone()


class CommitmentStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
    RENEGOTIATED = "renegotiated"

    @property
    def is_active(self) -> bool:
        """Still something the leader means to do."""
        return self in (CommitmentStatus.OPEN, CommitmentStatus.RENEGOTIATED)


class StepKind(StrEnum):
    """What a step asks for. A StrEnum: it equals, stores and prints as its plain word."""

    TEXT = "text"
    LONG = "long"
    CHOICE = "choice"
    MULTI = "multi"
    SCALE = "scale"
    LIST = "list"
    COMMITMENT = "commitment"
    DATE = "date"
    INFO = "info"
    COMMITMENT_REVIEW = "commitment-review"


#: Every step kind's word, in the order messages list them.
STEP_KINDS = tuple(kind.value for kind in StepKind)


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer, with the exact prompt it was given against."""

    step_id: str
    prompt: str
    kind: str
    value: AnswerValue
    private: bool = False


@dataclass(frozen=True, slots=True)
class Edit:
    """A record that an entry was changed after it was finished."""

    at: datetime
    note: str = ""


@dataclass(slots=True)
class Entry:
    """A finished reflection."""

    id: str
    script_id: str
    script_version: int
    script_title: str
    started: datetime
    completed: datetime
    answers: list[Answer] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    private: bool = False
    commitment_ids: list[str] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    starred: bool = False
    #: Other versions of this entry, kept when two devices changed it at once (newest first).
    earlier: list[Entry] = field(default_factory=list)

    def answer(self, step_id: str) -> Answer | None:
        """The answer to a step, if one was given."""
        for answer in self.answers:
            if answer.step_id == step_id:
                return answer
        return None

    @property
    def title(self) -> str:
        """A one-line label: the first short text answer, else the script title."""
        for answer in self.answers:
            if answer.kind == StepKind.INFO:
                continue
            if isinstance(answer.value, str) and answer.value.strip() and not answer.private:
                first_line = answer.value.strip().splitlines()[0]
                return first_line if len(first_line) <= 60 else first_line[:57] + "..."
        return self.script_title


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One step in a commitment's life: when, to what, and why."""

    at: datetime
    status: CommitmentStatus
    note: str = ""
    due: date | None = None
    step: str | None = None


@dataclass(slots=True)
class Commitment:
    """Something the leader said they would do."""

    id: str
    text: str
    created: datetime
    due: date | None = None
    first_step: str | None = None
    status: CommitmentStatus = CommitmentStatus.OPEN
    history: list[StatusChange] = field(default_factory=list)
    entry_id: str | None = None
    script_id: str | None = None
    #: The last change made on each of two devices that disagree (done on one, dropped on the
    #: other), kept until the leader chooses; the latest change stands meanwhile.
    disputed: list[StatusChange] = field(default_factory=list)

    def is_overdue(self, today: date) -> bool:
        """Active and past its due date."""
        return self.status.is_active and self.due is not None and self.due < today

    def change_status(
        self,
        status: CommitmentStatus,
        at: datetime,
        note: str = "",
        due: date | None = None,
        step: str | None = None,
    ) -> None:
        """Move to a new status, recording the change in the history."""
        self.status = status
        if due is not None:
            self.due = due
        if step:
            self.first_step = step
        self.history.append(StatusChange(at=at, status=status, note=note, due=due, step=step))
        self.disputed = []  # the leader has chosen


@dataclass
class Draft:
    """An unfinished reflection, saved after every answer so nothing is lost."""

    id: str
    script_id: str
    script_version: int
    script_title: str
    started: datetime
    updated: datetime
    position: int = 0
    answers: dict[str, Answer] = field(default_factory=dict)


# ---------------------------------------------------------------------- scripts

#: When a script is for, in the order Home shows them, with the words a leader sees.
MOMENTS = {
    "after-workshop": "After a workshop",
    "coaching": "Coaching",
    "barriers-and-experiments": "Barriers and experiments",
    "review": "Review",
}


class ReviewDecision(StrEnum):
    """What the weekly review decides for a commitment (stored as its plain word)."""

    DONE = "done"
    STILL_ON = "still-on"
    RENEGOTIATE = "renegotiate"
    LET_GO = "let-go"


#: Choices in the weekly review, and the words shown for them.
REVIEW_DECISIONS: dict[str, str] = {
    ReviewDecision.DONE: "Done",
    ReviewDecision.STILL_ON: "Still on",
    ReviewDecision.RENEGOTIATE: "Renegotiate (new date or smaller step)",
    ReviewDecision.LET_GO: "Let go",
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Step:
    """One question of a script, as its file describes it."""

    id: str
    kind: StepKind
    prompt: str
    hint: str | None = None
    example: str | None = None
    required: bool = True
    private: bool = False
    target_words: int | None = None
    options: tuple[Option, ...] = ()
    allow_other: bool = False
    min: int | None = None
    max: int | None = None
    min_label: str | None = None
    max_label: str | None = None
    sets_tags: bool = False
    live: str | None = None

    @property
    def answerable(self) -> bool:
        return self.kind != StepKind.INFO


@dataclass(frozen=True)
class Script:
    """A guided reflection: an intro, then one question at a time."""

    id: str
    title: str
    version: int
    moment: str
    summary: str
    intro: str
    steps: tuple[Step, ...]
    path: str = ""
    builtin: bool = True

    def step(self, step_id: str) -> Step | None:
        for step in self.steps:
            if step.id == step_id:
                return step
        return None
