"""A run's steps, in order: a script's steps as this run asks them, and in a weekly review one
step per open commitment.

A weekly review at ten years asks about a couple of hundred commitments. Their count is known
at once (every face shows "Question 1 of N"), but each commitment's step (its prompt and the
text describing it) is made only when a face reaches it: opening the review costs what the
first question costs, however many are open. What is made is exactly what making them all at
the start made: the same order, ids, prompts and texts, "today" taken when the run began.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, overload

from companion.core.calendar.rhythm import offered_step
from companion.core.known_scripts import SINCE_LAST_COACHING
from companion.core.model import Commitment, Script, Step, StepKind
from companion.core.review import describe_commitment, review_order
from companion.journal import Journal

__all__ = ["RunSteps", "RuntimeStep", "live_body", "run_steps"]


@dataclass(frozen=True)
class RuntimeStep:
    """A step as this run shows it: a script step, or one commitment in a weekly review."""

    id: str
    step: Step
    prompt: str
    body: str | None = None
    commitment: Commitment | None = None

    @property
    def kind(self) -> StepKind:
        return self.step.kind

    @property
    def required(self) -> bool:
        return self.step.required and self.step.answerable

    @property
    def answerable(self) -> bool:
        return self.step.answerable


def live_body(step: Step, journal: Journal) -> str | None:
    """The text of an info step filled in from the journal."""
    if step.live == SINCE_LAST_COACHING:
        from companion.core.views.insights import since_last_coaching

        return "\n".join(since_last_coaching(journal).lines())
    return None


def review_step(step: Step, commitment: Commitment, today: date) -> RuntimeStep:
    """One open commitment's step in a weekly review."""
    return RuntimeStep(
        id=f"{step.id}/{commitment.id}",
        step=step,
        prompt=f"{step.prompt} “{commitment.text}”",
        body=describe_commitment(commitment, today),
        commitment=commitment,
    )


#: A commitment's step not made yet: the script's review step and the commitment.
_Waiting = tuple[Step, Commitment]


class RunSteps(Sequence[RuntimeStep]):
    """The steps of a run. A list to every face; a commitment's step is made when first read.

    Ids, kinds and whether a step is required are known without making it (`id_at`,
    `step_at`, `position_of`), so moving, jumping and resuming a draft make nothing ahead.
    """

    __slots__ = ("_positions", "_slots", "_today")

    def __init__(self, slots: list[RuntimeStep | _Waiting], today: date) -> None:
        self._slots = slots
        self._today = today
        self._positions: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._slots)

    @overload
    def __getitem__(self, index: int) -> RuntimeStep: ...

    @overload
    def __getitem__(self, index: slice) -> list[RuntimeStep]: ...

    def __getitem__(self, index: int | slice) -> RuntimeStep | list[RuntimeStep]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._slots)))]
        slot = self._slots[index]
        if isinstance(slot, RuntimeStep):
            return slot
        made = review_step(slot[0], slot[1], self._today)
        self._slots[index] = made
        return made

    def __iter__(self) -> Iterator[RuntimeStep]:
        for index in range(len(self._slots)):
            yield self[index]

    def waiting(self) -> int:
        """How many commitments' steps are not made yet (none has been read)."""
        return sum(not isinstance(slot, RuntimeStep) for slot in self._slots)

    def id_at(self, index: int) -> str:
        slot = self._slots[index]
        return slot.id if isinstance(slot, RuntimeStep) else f"{slot[0].id}/{slot[1].id}"

    def step_at(self, index: int) -> Step:
        """The script's step behind the run's step at index (what it asks, whether required)."""
        slot = self._slots[index]
        return slot.step if isinstance(slot, RuntimeStep) else slot[0]

    def ids(self) -> list[str]:
        return [self.id_at(index) for index in range(len(self._slots))]

    def position_of(self, step_id: str) -> int | None:
        """Where the step with this id is (the first, as list.index finds), or None."""
        if self._positions is None:
            positions: dict[str, int] = {}
            for index in range(len(self._slots)):
                positions.setdefault(self.id_at(index), index)
            self._positions = positions
        return self._positions.get(step_id)

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        """As list.index, found by the step's id: the steps before it are not made."""
        position = self.position_of(value.id) if isinstance(value, RuntimeStep) else None
        end = len(self._slots) if stop is None else stop
        if position is None or not start <= position < end or self[position] != value:
            raise ValueError(f"{value!r} is not a step of this run")
        return position


def run_steps(script: Script, journal: Journal, *, reviewing: bool = True) -> RunSteps:
    """The steps of a run of script. A weekly review's step becomes one per open commitment,
    most overdue first (none when not reviewing: an edit does not review them again)."""
    today = journal.today()
    slots: list[RuntimeStep | _Waiting] = []
    for step in (offered_step(script, s, journal) for s in script.steps):
        if step.kind == StepKind.COMMITMENT_REVIEW:
            if not reviewing:
                continue
            waiting = review_order(journal.active_commitments(), today)
            if not waiting:
                info = Step(id=step.id, kind=StepKind.INFO, prompt="Nothing to review")
                slots.append(
                    RuntimeStep(
                        step.id,
                        info,
                        "Nothing to review",
                        body="You have no open commitments. Well done, or time for a new one.",
                    )
                )
            slots.extend((step, commitment) for commitment in waiting)
        elif step.kind == StepKind.INFO and step.live:
            slots.append(RuntimeStep(step.id, step, step.prompt, body=live_body(step, journal)))
        else:
            slots.append(RuntimeStep(step.id, step, step.prompt))
    return RunSteps(slots, today)
