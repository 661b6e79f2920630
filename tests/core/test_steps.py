"""A weekly review's steps are made as the leader reaches them: opening it costs one question,
however many commitments are open, and every step reached is the step making them all at the
start made (order, id, question, text), in the app, plain mode and a resumed draft alike."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.core import ids
from companion.core.model import Commitment, CommitmentStatus, Script, StepKind
from companion.core.review import describe_commitment, review_order
from companion.core.scripts import Library
from companion.core.session import Session
from companion.core.steps import RunSteps, RuntimeStep
from companion.journal import Journal
from tests.conftest import LONDON_WINTER, FakeClock

REVIEW = "review-commitments"
START = datetime(2026, 11, 20, 16, 30, tzinfo=LONDON_WINTER)
STATUSES = list(CommitmentStatus)


@dataclass(frozen=True)
class Made:
    """A commitment as a test makes it: months before today, due in days (or not), status."""

    months_ago: int
    due_in: int | None
    status: CommitmentStatus
    text: str
    first_step: str | None


made_commitments = st.lists(
    st.builds(
        Made,
        months_ago=st.integers(0, 30),
        due_in=st.none() | st.integers(-400, 400),
        status=st.sampled_from(STATUSES),
        text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1)
        .map(str.strip)
        .filter(bool),
        first_step=st.none() | st.just("Ask Sam"),
    ),
    max_size=300,
)


def journal_with(folder: Path, made: list[Made]) -> Journal:
    """A journal holding these commitments, each monthly file written once."""
    journal = Journal.open(folder, clock=FakeClock(START), lock_timeout=2.0)
    commitments = []
    for serial, spec in enumerate(made):
        created = START - timedelta(days=30 * spec.months_ago, minutes=serial)
        commitments.append(
            Commitment(
                id=ids.id_at(created, serial),
                text=spec.text,
                created=created,
                due=None if spec.due_in is None else START.date() + timedelta(days=spec.due_in),
                first_step=spec.first_step,
                status=spec.status,
            )
        )
    journal.add_missing(commitments=commitments)
    return journal


def made_at_start(script: Script, journal: Journal) -> list[tuple[str, str, str | None, Any]]:
    """The review's steps as they were made before, all at once when it opened (written out
    here as that code was): (id, question, text, commitment id)."""
    today = journal.today()
    steps: list[tuple[str, str, str | None, Any]] = []
    for step in script.steps:
        if step.kind != StepKind.COMMITMENT_REVIEW:
            steps.append((step.id, step.prompt, None, None))
            continue
        waiting = review_order(journal.commitments(), today)
        if not waiting:
            body = "You have no open commitments. Well done, or time for a new one."
            steps.append((step.id, "Nothing to review", body, None))
        for commitment in waiting:
            prompt = f"{step.prompt} “{commitment.text}”"
            body = describe_commitment(commitment, today)
            steps.append((f"{step.id}/{commitment.id}", prompt, body, commitment.id))
    return steps


def open_left(session: Session) -> int:
    """How many commitments' steps come after the current one."""
    later = range(session.position + 1, session.total)
    return sum(session.steps.step_at(i).kind == StepKind.COMMITMENT_REVIEW for i in later)


def shown(runtime: RuntimeStep) -> tuple[str, str, str | None, Any]:
    return (
        runtime.id,
        runtime.prompt,
        runtime.body,
        runtime.commitment.id if runtime.commitment else None,
    )


@settings(max_examples=25, deadline=None)
@given(made=made_commitments)
def test_steps_reached_one_by_one_are_the_steps_made_all_at_once(
    library: Library, made: list[Made]
) -> None:
    """Any number of commitments, open or not, overdue or not: walking the review reaches the
    same steps, in the same order, with the same words, as making them all at the start."""
    with tempfile.TemporaryDirectory() as scratch:
        journal = journal_with(Path(scratch) / "journal", made)
        script = library.get(REVIEW)
        expected = made_at_start(script, journal)
        session = Session(script, journal, autosave=False)
        assert session.total == len(expected)
        assert session.progress == f"1 of {len(expected)}"
        reached = []
        for position in range(session.total):
            session.position = position
            reached.append(shown(session.current))
            assert session.steps.waiting() >= open_left(session)  # none made ahead
        assert reached == expected
        assert [shown(s) for s in Session(script, journal, autosave=False).steps] == expected


def test_opening_a_long_review_makes_only_its_first_question(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """300 open commitments: the review opens with "1 of 301" and describes one commitment (it
    described all 300 before its first question showed)."""
    journal = journal_with(
        tmp_path / "journal",
        [Made(i % 24, i - 150, CommitmentStatus.OPEN, f"Commitment {i}", None) for i in range(300)],
    )
    described: list[str] = []
    original = describe_commitment

    def counted(commitment: Commitment, today: date) -> str:
        described.append(commitment.id)
        return original(commitment, today)

    monkeypatch.setattr("companion.core.steps.describe_commitment", counted)
    session = Session(library.get(REVIEW), journal, autosave=False)
    assert session.progress == "1 of 301"
    assert session.current.prompt == "How is this commitment going? “Commitment 0”"
    assert len(described) == 1
    last = session.steps.id_at(299)
    session.answer("still-on", step_id=last)  # a step far on, answered by id (--answers)
    session.go_to(last)
    assert session.current.commitment.text == "Commitment 299"  # type: ignore[union-attr]
    assert len(described) == 2
    assert len(session.missing()) == 299  # finishing names them all, in order
    assert session.missing()[0].prompt.endswith("“Commitment 0”")


@pytest.fixture
def twelve_open(journal: Journal) -> Journal:
    for i in range(12):
        journal.add_commitment(f"Commitment {i}", due=date(2026, 11, 1) + timedelta(days=i))
    return journal


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answered=st.integers(0, 12), back=st.integers(0, 3))
def test_a_draft_saved_mid_review_resumes_at_the_same_step(
    library: Library, twelve_open: Journal, answered: int, back: int
) -> None:
    """Saved after any number of answers (and a step or two back): resumed, the review shows
    the same question, the same count and the same answers, having made only that question."""
    journal = twelve_open
    script = library.get(REVIEW)
    session = Session(script, journal)
    session.save_draft()
    for _ in range(answered):
        session.answer({"decision": "still-on", "note": "On it"})
        session.next()
    for _ in range(back):
        session.back()
    draft = journal.draft(session.draft_id)
    resumed = Session(script, journal, draft=draft)
    assert resumed.position == session.position
    assert shown(resumed.current) == shown(session.current)
    assert resumed.progress == session.progress
    assert resumed.answers == session.answers
    made = 1 if resumed.current.commitment else 0
    assert resumed.steps.waiting() == 12 - made  # none made but the question shown
    assert [shown(s) for s in resumed.steps] == made_at_start(script, journal)


def test_a_step_is_found_by_its_id_and_a_step_of_another_run_is_not(
    library: Library, twelve_open: Journal
) -> None:
    script = library.get(REVIEW)
    steps = Session(script, twelve_open, autosave=False).steps
    assert isinstance(steps, RunSteps)
    tenth = steps[9]
    assert steps.index(tenth) == 9
    assert steps.waiting() == 11  # those before it were not made to find it
    assert steps[-1].id == "overall" and steps[10:12] == [steps[10], steps[11]]
    other = Session(script, twelve_open, autosave=False).steps
    assert other.index(tenth) == 9  # the same step, made again, is equal
    with pytest.raises(ValueError):
        steps.index(RuntimeStep("review/nothing", tenth.step, "Elsewhere?"))
    with pytest.raises(ValueError):
        steps.index(tenth, 0, 9)
