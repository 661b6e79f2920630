"""More of the one privacy rule: what a stored summary, a private weekly review, the coaching
summary's counts and a private debrief's date could give away, and now do not."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.cli import run
from companion.core.model import Answer, CommitmentStatus, Entry
from companion.core.scripts import Library
from companion.core.session import Session
from companion.core.views.brief import coach_brief
from companion.core.views.insights import since_last_coaching
from companion.core.views.privacy import private_links, shared_entry
from companion.export import ExportOptions, select
from companion.journal import Journal

FORMATS = ("md", "html", "json")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _export(journal: Journal, capsys: Any, *args: str) -> tuple[int, str]:
    code = run(["--journal", str(journal.folder), "export", *args, "-"])
    return code, capsys.readouterr().out


def _reflect(journal: Journal, library: Library, clock: Any, script: str, **answers: Any) -> Entry:
    session = Session(library.get(script), journal)
    for step_id, value in answers.items():
        session.answer(value, step_id=step_id.strip("_").replace("_", "-"))
    entry = session.finish().entry
    clock.advance(hours=1)
    return entry


@pytest.fixture
def summarised(journal: Journal, library: Library, clock: Any) -> dict[str, Entry]:
    """A barrier and an experiment, both shared, named in the next coaching preparation's
    summary; then the barrier is marked private and the experiment deleted."""
    barrier = _reflect(
        journal,
        library,
        clock,
        "reframe-barrier",
        barrier="Budget silo SECRETBARRIER blocks pooled funds",
        enabler="A pooled fund.",
    )
    experiment = _reflect(
        journal,
        library,
        clock,
        "plan-experiment",
        try_="Run a SECRETEXPERIMENT walkabout",
        first_step={"text": "Book the room"},
    )
    prep = _reflect(journal, library, clock, "coaching-prep", want_from_call="Time to think.")
    summary = prep.answer("since-last-time")
    assert summary is not None and "SECRETBARRIER" in str(summary.value)
    assert "SECRETEXPERIMENT" in str(summary.value)
    edit = Session.for_edit(library.get("reframe-barrier"), journal, barrier)
    edit.set_private(True, step_id="barrier")
    edit.save_edit()
    journal.delete_entry(experiment.id)
    return {"barrier": barrier, "prep": prep}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_summary_never_carries_words_marked_private_or_deleted_since(
    summarised: dict[str, Entry], journal: Journal, capsys: Any, fmt: str
) -> None:
    code, out = _export(journal, capsys, "--format", fmt)
    assert code == 0 and "Time to think." in out
    assert "SECRETBARRIER" not in out and "SECRETEXPERIMENT" not in out
    # Asked to include private answers, the summary goes as it was stored.
    code, out = _export(journal, capsys, "--format", fmt, "--include-private")
    assert code == 0 and "SECRETBARRIER" in out


def test_a_search_for_a_word_only_a_summary_holds_chooses_nothing(
    summarised: dict[str, Entry], journal: Journal, capsys: Any
) -> None:
    for word in ("secretbarrier", "secretexperiment"):
        code, out = _export(journal, capsys, "--search", word)
        assert code == 2 and out == ""
    # The held-back count says nothing about a summary: it is not an answer the leader wrote.
    selection = select(journal.entries(), journal.commitments(), ExportOptions())
    prep = summarised["prep"]
    assert not [h for h in selection.held_back if h.entry.id == prep.id]


@settings(max_examples=30)
@given(st.text(min_size=1, max_size=40), st.booleans())
def test_no_stored_summary_leaves_without_include_private(text: str, private: bool) -> None:
    entry = Entry(
        "e1",
        "coaching-prep",
        1,
        "Coaching preparation",
        START,
        START,
        answers=[
            Answer("since-last-time", "Since your last coaching preparation", "info", text),
            Answer("want-from-call", "What do you want?", "long", "Time to think.", private),
        ],
    )
    shared = shared_entry(entry)
    assert shared is not None
    assert [a.step_id for a in shared.answers] == ([] if private else ["want-from-call"])


# ------------------------------------------------------------------- a private weekly review


@pytest.fixture
def reviewed(journal: Journal, library: Library, clock: Any) -> Journal:
    """Two shared commitments, reviewed in private: one renegotiated, one let go."""
    for text in ("Invite a resident", "Write to the board"):
        _reflect(
            journal,
            library,
            clock,
            "workshop-close-out",
            session="Workshop",
            commitment={"text": text, "due": "2026-12-01", "first_step": "FIRSTSTEP"},
        )
    session = Session(library.get("review-commitments"), journal)
    for step in session.steps:
        if step.commitment is None:
            continue
        if step.commitment.text == "Invite a resident":
            decision = {
                "decision": "renegotiate",
                "due": "2031-07-07",
                "step": "REVSTEP",
                "note": "REVNOTE",
            }
        else:
            decision = {"decision": "let-go", "note": "LETGONOTE"}
        session.answer(decision, step_id=step.id, private=True)
    session.finish()
    clock.advance(hours=1)
    return journal


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_private_review_leaves_no_decision_or_date(
    reviewed: Journal, capsys: Any, fmt: str
) -> None:
    code, out = _export(reviewed, capsys, "--format", fmt)
    assert code == 0
    for secret in ("REVSTEP", "REVNOTE", "LETGONOTE", "2031", "enegotiated", "ropped", "let go"):
        assert secret not in out, secret
    assert "FIRSTSTEP" in out  # the shared first step is kept, not emptied
    code, out = _export(reviewed, capsys, "--format", fmt, "--include-private")
    assert "REVNOTE" in out and "2031" in out


def test_a_private_review_rolls_the_commitment_back_in_json(reviewed: Journal, capsys: Any) -> None:
    code, out = _export(reviewed, capsys, "--format", "json")
    assert code == 0
    commitments = json.loads(out)["commitments"]
    assert len(commitments) == 2
    for commitment in commitments:
        assert commitment["status"] == "open" and commitment["history"] == []
        assert commitment["due"] == "2026-12-01" and commitment["first_step"] == "FIRSTSTEP"


def test_a_private_review_stays_out_of_the_brief(reviewed: Journal) -> None:
    brief = coach_brief(reviewed.entries(), reviewed.commitments(), reviewed.now())
    assert "0 let go, 0 renegotiated; 2 open" in brief.markdown
    assert "now due" not in brief.markdown and "REVSTEP" not in brief.markdown
    assert "due 1 Dec" in brief.markdown
    described = [item.prompt for item in brief.left_out]
    assert described.count("your private review of a commitment") == 2
    full = coach_brief(
        reviewed.entries(), reviewed.commitments(), reviewed.now(), include_private=True
    )
    assert "1 let go, 1 renegotiated" in full.markdown and "now due 7 Jul" in full.markdown


def test_a_shared_review_after_a_private_one_keeps_the_shared_status(
    reviewed: Journal, library: Library, clock: Any
) -> None:
    session = Session(library.get("review-commitments"), reviewed)
    for step in session.steps:
        if step.commitment is not None:  # the renegotiated one is still active
            session.answer({"decision": "still-on", "note": "SHAREDNOTE"}, step_id=step.id)
    session.finish()
    entries, stored = reviewed.entries(), reviewed.commitments()
    links = private_links(entries, stored)
    (kept,) = [links.shared(c) for c in stored if c.text == "Invite a resident"]
    assert kept.status == CommitmentStatus.OPEN and kept.due == date(2026, 12, 1)
    assert [(c.status, c.note) for c in kept.history] == [(CommitmentStatus.OPEN, "SHAREDNOTE")]


# --------------------------------------------------------- counts and the brief's period


def test_the_coaching_summary_counts_only_what_is_shared(
    journal: Journal, library: Library, clock: Any
) -> None:
    session = Session(library.get("workshop-close-out"), journal)
    session.answer("Workshop", step_id="session")
    session.answer({"text": "A private promise"}, step_id="commitment", private=True)
    session.finish()
    clock.advance(hours=1)
    entry = _reflect(
        journal, library, clock, "workshop-close-out", session="W", commitment={"text": "x"}
    )
    journal.save_entry(replace(entry, private=True))
    lines = since_last_coaching(journal).lines()
    assert "1 entry written." in lines  # not 2: the private entry is not counted
    assert "0 commitments made, 0 done." in lines


def test_the_brief_period_does_not_give_away_a_private_call(
    journal: Journal, library: Library, clock: Any
) -> None:
    _reflect(
        journal, library, clock, "coaching-debrief", takeaway="Shared", commitment={"text": "a"}
    )
    first = journal.now()
    clock.advance(days=10)
    debrief = _reflect(
        journal, library, clock, "coaching-debrief", takeaway="Hush", commitment={"text": "b"}
    )
    journal.save_entry(replace(debrief, private=True))
    clock.advance(days=3)
    brief = coach_brief(journal.entries(), journal.commitments(), journal.now())
    assert f"{first - timedelta(hours=1):%d %B %Y}".lstrip("0") in brief.period
    assert f"{debrief.completed:%d %B}".lstrip("0") not in brief.period
    full = coach_brief(
        journal.entries(), journal.commitments(), journal.now(), include_private=True
    )
    assert f"{debrief.completed:%d %B}".lstrip("0") in full.period
