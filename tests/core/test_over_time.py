"""Commitments over time: every transition, follow-through by month, the review reminder,
activity, on this day, the barrier register and the coach brief, all on known dates."""

from __future__ import annotations

import json
import stat
from datetime import date, datetime
from pathlib import Path

import pytest

from companion import cli
from companion.cli import output
from companion.core.model import CommitmentStatus
from companion.core.scripts import Library
from companion.core.views.barriers import barrier_register, kind_labels
from companion.core.views.brief import coach_brief
from companion.core.views.reports import (
    activity_heatmap,
    follow_through_stats,
    on_this_day,
    review_reminder,
    sparkline,
)
from companion.journal import Journal
from tests.conftest import FakeClock
from tests.helpers.over_time import at, coaching_cycle, commitment_history, reflect


@pytest.fixture
def run_cli(journal: Journal, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run a command line in this process, on the test's journal and clock."""
    monkeypatch.setattr(output, "open_journal", lambda args: journal)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.run(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


# ---------------------------------------------------------------------- transitions


def test_every_transition_is_recorded_with_its_date_and_note(
    journal: Journal, clock: FakeClock
) -> None:
    made = commitment_history(journal, clock)
    done = made["A"]
    assert done.status == CommitmentStatus.DONE
    assert [(c.status, c.at, c.note) for c in done.history] == [
        (CommitmentStatus.DONE, at(9, 8), "Easier than feared")
    ]
    dropped = made["C"]
    assert dropped.status == CommitmentStatus.DROPPED
    assert dropped.history[-1].note == "Wrong moment"
    renegotiated = made["D"]
    assert renegotiated.status == CommitmentStatus.RENEGOTIATED
    assert renegotiated.due == date(2026, 11, 30)
    assert renegotiated.first_step == "Halve it instead"
    change = renegotiated.history[-1]
    assert (change.at, change.due, change.step) == (
        at(10, 18),
        date(2026, 11, 30),
        "Halve it instead",
    )
    assert made["E"].is_overdue(date(2026, 11, 20))
    assert not renegotiated.is_overdue(date(2026, 11, 20))


def test_a_commitment_made_in_a_reflection_links_back_to_its_entry(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    ids = coaching_cycle(journal, library, clock)
    entry = journal.entry(ids["reframe"])
    [commitment_id] = entry.commitment_ids
    commitment = journal.commitment(commitment_id)
    assert commitment.entry_id == entry.id
    assert commitment.script_id == "reframe-barrier"


def test_cli_done_drop_and_renegotiate_take_a_unique_prefix(
    journal: Journal, clock: FakeClock, run_cli
) -> None:  # type: ignore[no-untyped-def]
    made = commitment_history(journal, clock)
    clock.moment = at(11, 21)
    code, out, _ = run_cli("commitments", "done", made["E"].id[:12], "--note", "Sent at last")
    assert code == 0 and "Done: Send the note to the ICB" in out
    e = journal.commitment(made["E"].id)
    assert e.status == CommitmentStatus.DONE
    assert (e.history[-1].at, e.history[-1].note) == (at(11, 21), "Sent at last")

    code, out, _ = run_cli(
        "commitments",
        "renegotiate",
        made["D"].id,
        "--due",
        "2026-12-11",
        "--step",
        "Ask the chair first",
    )
    assert code == 0 and "now due Friday 11 December 2026" in out
    d = journal.commitment(made["D"].id)
    assert (d.status, d.due, d.first_step) == (
        CommitmentStatus.RENEGOTIATED,
        date(2026, 12, 11),
        "Ask the chair first",
    )
    assert len(d.history) == 2  # the earlier renegotiation is kept

    code, out, _ = run_cli("commitments", "drop", made["D"].id, "--note", "Not mine to do")
    assert code == 0 and journal.commitment(made["D"].id).status == CommitmentStatus.DROPPED


def test_cli_lifecycle_mistakes_are_one_sentence_and_change_nothing(
    journal: Journal, clock: FakeClock, run_cli
) -> None:  # type: ignore[no-untyped-def]
    made = commitment_history(journal, clock)
    before = {c.id: c.history for c in journal.commitments()}

    code, _, err = run_cli("commitments", "done", made["A"].id)
    assert code == 2 and "already done" in err
    code, _, err = run_cli("commitments", "done", "zzzz")
    assert code == 2 and "no commitment with the id 'zzzz'" in err
    code, _, err = run_cli("commitments", "done", "01")  # every id starts alike
    assert code == 2 and "matches 5 commitments" in err and "Type more of the id" in err
    code, _, err = run_cli("commitments", "renegotiate", made["E"].id, "--due", "someday")
    assert code == 2 and "could not read 'someday' as a date" in err
    code, _, err = run_cli("commitments", "renegotiate", made["E"].id)
    assert code == 2 and "--due" in err
    assert {c.id: c.history for c in journal.commitments()} == before


def test_cli_lists_by_status_overdue_and_due_before(
    journal: Journal, clock: FakeClock, run_cli
) -> None:  # type: ignore[no-untyped-def]
    made = commitment_history(journal, clock)
    _, out, _ = run_cli("commitments", "--overdue")
    assert [line.split()[0] for line in out.splitlines()] == [made["E"].id]
    _, out, _ = run_cli("commitments", "--due-before", "2026-12-01", "--json")
    assert {c["id"] for c in json.loads(out)} == {made["D"].id, made["E"].id}
    _, out, _ = run_cli("commitments", "--due-before", "2026-12-01", "--status", "all", "--json")
    assert len(json.loads(out)) == 5
    _, out, _ = run_cli("commitments", "--status", "dropped", "--json")
    assert [c["id"] for c in json.loads(out)] == [made["C"].id]
    _, out, _ = run_cli("commitments", "--overdue", "--status", "done")
    assert out.strip() == "No commitments match."
    _, out, _ = run_cli("commitments", "show", made["D"].id[:10])
    assert "renegotiated, new date 30 November 2026, smaller step: Halve it instead" in out
    assert "(Partners want it kept)" in out


# ---------------------------------------------------------------------- follow-through


def test_follow_through_month_by_month(journal: Journal, clock: FakeClock) -> None:
    commitment_history(journal, clock)
    stats = follow_through_stats([], journal.commitments(), date(2026, 11, 20))
    months = {m.month: m for m in stats.months}
    assert list(months) == ["2026-09", "2026-10", "2026-11"]
    sep, oct_, nov = months["2026-09"], months["2026-10"], months["2026-11"]
    # September: A done on time, B went overdue (due 20 Sep, done 2 Oct).
    assert (sep.made, sep.done, sep.dropped, sep.renegotiated, sep.overdue) == (2, 1, 0, 0, 1)
    assert sep.follow_through == 0.5
    # October: B done late, C dropped, D renegotiated (judged by its new date, 30 Nov).
    assert (oct_.made, oct_.done, oct_.dropped, oct_.renegotiated, oct_.overdue) == (2, 1, 1, 1, 0)
    assert oct_.follow_through == 0.5
    # November: E due 10 Nov and still open.
    assert (nov.made, nov.done, nov.overdue) == (1, 0, 1)
    assert nov.follow_through == 0.0
    assert (stats.open, stats.overdue_now) == (2, 1)
    assert stats.totals.follow_through == pytest.approx(2 / 5)
    assert [
        m.month
        for m in follow_through_stats(
            [], journal.commitments(), date(2026, 11, 20), months=2
        ).months
    ] == ["2026-10", "2026-11"]


def test_a_month_with_nothing_settled_has_no_rate_and_a_gap_in_the_sparkline(
    journal: Journal, clock: FakeClock
) -> None:
    clock.moment = at(7, 1)
    journal.add_commitment("Far off", due=date(2026, 12, 24))
    stats = follow_through_stats([], journal.commitments(), date(2026, 9, 15))
    assert [m.month for m in stats.months] == ["2026-07", "2026-08", "2026-09"]
    assert [m.follow_through for m in stats.months] == [None, None, None]
    assert sparkline([None, 0.0, 0.5, 1.0]) == " ▁▅█"


def test_stats_as_text_and_json(journal: Journal, clock: FakeClock, run_cli) -> None:  # type: ignore[no-untyped-def]
    commitment_history(journal, clock)
    code, out, _ = run_cli("stats")
    assert code == 0
    assert "Overall follow-through: 40% (2 done, 1 dropped, 2 went overdue)." in out
    assert "Now: 2 open, 1 overdue." in out
    row = next(line for line in out.splitlines() if line.startswith("2026-09"))
    assert row.split() == ["2026-09", "0", "2", "1", "0", "0", "1", "50%"]
    code, out, _ = run_cli("stats", "--json")
    data = json.loads(out)
    assert data["totals"]["follow_through"] == 0.4
    assert [m["month"] for m in data["months"]] == ["2026-09", "2026-10", "2026-11"]
    assert data["months"][2] == {
        "month": "2026-11",
        "made": 1,
        "done": 0,
        "dropped": 0,
        "renegotiated": 0,
        "overdue": 1,
        "entries": 0,
        "follow_through": 0.0,
    }


def test_stats_on_an_empty_journal_says_so(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("stats")
    assert code == 0 and "nothing to count" in out


# ---------------------------------------------------------------------- review, activity, memories


def test_the_weekly_review_reminder() -> None:
    from companion.core.model import Commitment

    now = at(11, 20)
    open_one = [Commitment(id="01abc", text="x", created=at(11, 1))]
    never = review_reminder(None, open_one, now)
    assert never.due and "You have not reviewed your commitments yet" in never.message
    six_days = review_reminder(at(11, 14).isoformat(), open_one, now)
    assert not six_days.due and "6 days ago" in six_days.message
    a_week = review_reminder(at(11, 13).isoformat(), open_one, now)
    assert a_week.due and a_week.message.startswith(
        "Time for your weekly review: 1 open commitment"
    )
    nothing_open = review_reminder(None, [], now)
    assert not nothing_open.due


def test_finishing_the_review_records_when_it_happened(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    made = commitment_history(journal, clock)
    from companion.core.session import LAST_REVIEW_KEY, Session

    session = Session(library.get("review-commitments"), journal, autosave=False)
    session.answer({"decision": "done", "note": "Sent"}, step_id=f"review/{made['E'].id}")
    session.answer({"decision": "still-on"}, step_id=f"review/{made['D'].id}")
    session.finish()
    assert journal.commitment(made["E"].id).status == CommitmentStatus.DONE
    assert journal.meta[LAST_REVIEW_KEY] == at(11, 20, 16).isoformat()
    reopened = Journal.open(journal.folder, clock=clock)
    assert not review_reminder(
        reopened.meta[LAST_REVIEW_KEY], journal.commitments(), at(11, 26)
    ).due
    assert review_reminder(reopened.meta[LAST_REVIEW_KEY], journal.commitments(), at(11, 27)).due


def test_activity_heatmap_counts_reflections_per_day_for_26_weeks(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    coaching_cycle(journal, library, clock)
    today = date(2026, 11, 20)  # a Friday
    heat = activity_heatmap(journal.entries(), today)
    assert heat.start == date(2026, 5, 25) and heat.start.weekday() == 0
    assert heat.total == 5 and heat.active_days == 5
    rows = heat.rows()
    assert len(rows) == 7 and all(len(r) == 26 for r in rows)
    # 18 November (Wednesday) is in the last column; Saturday of this week is still to come.
    assert rows[2][-1] == "░" and rows[5][-1] == " "
    # Sunday 25 October is in the week of Monday 19 October, with the call on the 20th.
    assert heat.summary() == "5 reflections in the last 26 weeks, on 5 days, in 4 of 26 weeks."
    assert activity_heatmap([], today).summary() == "No reflections in the last 26 weeks."


def test_on_this_day_finds_the_same_date_in_earlier_months_and_years(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    for when in (datetime(2025, 11, 20, 9, tzinfo=at(1, 1).tzinfo), at(10, 20), at(11, 19)):
        reflect(
            journal, library, clock, when, "learning-diary", {"happened": f"On {when:%d %b %Y}"}
        )
    found = on_this_day(journal.entries(), date(2026, 11, 20))
    assert [m.label for m in found] == ["1 month ago", "1 year ago"]
    assert found[0].entry.completed == at(10, 20)


# ---------------------------------------------------------------------- barrier register


def test_barrier_register_links_experiments_and_their_status(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    ids = coaching_cycle(journal, library, clock)
    register = barrier_register(
        journal.entries(), journal.commitments(), kinds=kind_labels(library)
    )
    reframed, named_in_prep = register.barriers
    assert reframed.text == "Our partnership Board spends its time on performance dashboards."
    assert reframed.kind == "Governance that holds power relationships in place"
    assert reframed.enabler == "A Board that works on one system challenge at a time."
    assert [e.text for e in reframed.experiments] == [
        "Open the next Board with one challenge",
        "Residents in the room for the first half hour of the Board.",
    ]
    assert [e.status for e in reframed.experiments] == ["open", "open"]
    assert reframed.experiments[1].entry_id == ids["plan"]
    assert named_in_prep.text == "Winter pressures swallow everything."
    assert named_in_prep.enabler == "A named owner for each experiment."
    assert register.unlinked == []
    commitment = reframed.experiments[0].commitment
    assert commitment is not None
    journal.set_commitment_status(commitment.id, CommitmentStatus.DONE)
    again = barrier_register(journal.entries(), journal.commitments())
    assert again.barriers[0].experiments[0].status == "done"


def test_barriers_command(journal: Journal, library: Library, clock: FakeClock, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("barriers")
    assert code == 0 and "No barriers named yet" in out
    coaching_cycle(journal, library, clock)
    code, out, _ = run_cli("barriers")
    assert "1. Our partnership Board spends its time on performance dashboards. (Governance" in out
    assert "Experiment: Open the next Board with one challenge [open, due 12 Nov]" in out
    code, out, _ = run_cli("barriers", "--json")
    data = json.loads(out)
    assert data["barriers"][0]["experiments"][1]["status"] == "open"


# ---------------------------------------------------------------------- coach brief


def test_the_brief_covers_the_period_since_the_last_call(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    commitment_history(journal, clock)
    coaching_cycle(journal, library, clock)
    brief = coach_brief(
        journal.entries(), journal.commitments(), clock(), kinds=kind_labels(library)
    )
    text = brief.markdown
    assert "covering the period since your last coaching call on 20 October 2026" in text
    for heading in (
        "## Focus for this call",
        "## Progress on commitments",
        "## Barriers and the enablers wanted",
        "## Experiments",
        "## What I want from this call",
    ):
        assert heading in text
    assert "Residents shape what the partnership funds." in text
    assert "Help deciding what to hand on before the programme ends." in text
    assert (
        "- **Barrier (Governance that holds power relationships in place):** Our partnership"
        in text
    )
    assert "*Enabler wanted:* A Board that works on one system challenge at a time." in text
    assert (
        "Residents in the room for the first half hour of the Board. (planned 1 Nov; open" in text
    )
    assert "Before the call: the old pot of funding ran out." not in text  # before the period
    # Progress: D renegotiated before the call is not in the period; E is open and overdue.
    assert "- Send the note to the ICB (overdue since 10 Nov)" in text
    assert "Pause the update meeting, now due" not in text


def test_private_answers_stay_out_of_the_brief_unless_asked(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    coaching_cycle(journal, library, clock)
    brief = coach_brief(journal.entries(), journal.commitments(), clock())
    assert "SECRET-TRIO-NOTE" not in brief.markdown
    assert "The chair protects the dashboard" not in brief.markdown
    described = [item.describe() for item in brief.left_out]
    assert (
        "Prepare for a coaching call, 18 Nov 2026: "
        "What are my reflections on the leaders in my trio?" in described
    )
    # Only what the brief would show is listed: the reframe's private "held by" never is.
    assert brief.left_out_lines()[0] == "1 private thing left out:"
    shared = coach_brief(journal.entries(), journal.commitments(), clock(), include_private=True)
    assert "SECRET-TRIO-NOTE" in shared.markdown
    assert shared.left_out_lines() == ["Private answers are included in this brief."]


def test_a_brief_since_a_date_and_with_no_call_yet(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    reflect(journal, library, clock, at(10, 12), "learning-diary", {"happened": "Early days."})
    brief = coach_brief(journal.entries(), [], clock())
    assert "since you started this journal" in brief.markdown
    assert "No coaching preparation in this period" in brief.markdown
    coaching_cycle(journal, library, clock)
    since = coach_brief(journal.entries(), journal.commitments(), clock(), since=date(2026, 10, 12))
    assert "covering the period since 12 October 2026" in since.markdown
    assert (
        "I can ask for a different kind of meeting" not in since.markdown
    )  # debriefs are not shown


def test_brief_command_writes_a_private_file_and_never_overwrites(
    journal: Journal, library: Library, clock: FakeClock, run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    coaching_cycle(journal, library, clock)
    code, out, err = run_cli("brief")
    assert code == 0 and out.startswith("# Coaching brief")
    assert "1 private thing left out:" in err and "SECRET" not in out
    target = tmp_path / "brief.md"
    code, out, err = run_cli("brief", "--since", "2026-10-01", "-o", str(target))
    assert code == 0 and out == "" and f"Wrote the coach brief to {target}." in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "since 1 October 2026" in target.read_text()
    code, _, err = run_cli("brief", "-o", str(target), "--include-private")
    assert code == 2 and "already exists" in err and "--force" in err
    assert "SECRET" not in target.read_text()
    code, _, _ = run_cli("brief", "-o", str(target), "--include-private", "--force")
    assert code == 0 and "SECRET-TRIO-NOTE" in target.read_text()
    code, _, err = run_cli("brief", "--since", "2026-12-01")
    assert code == 2 and "1 December 2026 is still to come" in err
    code, _, err = run_cli("brief", "--since", "someday")
    assert code == 2 and "could not read 'someday' as a date" in err
    code, _, err = run_cli("brief", "--since", "2026-10-01", "--since-last-call")
    assert code == 2 and "not allowed with argument" in err


def test_plain_home_says_when_the_review_is_due_and_what_happened_on_this_day(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    from companion.plain import LineAsker, run_home

    commitment_history(journal, clock)
    reflect(journal, library, clock, at(10, 20, 9), "learning-diary", {"happened": "Board day."})
    clock.moment = at(11, 20, 16)
    said: list[str] = []

    def leave(prompt: str) -> str:
        raise EOFError  # the leader closes the input: nothing more is asked

    run_home(journal, library, LineAsker(read=leave, write=said.append))
    assert said[0] == "1 entry. 2 open commitments, 1 overdue."
    assert said[1] == (
        "Time for your weekly review: 2 open commitments. "
        "You have not reviewed your commitments yet."
    )
    assert said[2] == "Choose 'Review my commitments' below to do it now."
    assert said[3] == "On this day, 1 month ago: Learning diary: Board day."


def test_a_private_review_note_and_a_private_commitment_stay_out_of_the_brief(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    from companion.core.session import Session

    coaching_cycle(journal, library, clock)
    clock.moment = at(11, 19)
    secret = journal.add_commitment("SECRET-COMMITMENT to raise Dev's drinking")
    secret_entry = reflect(
        journal,
        library,
        clock,
        at(11, 19, 11),
        "workshop-close-out",
        {
            "session": "Trio day",
            "resonated": "A hard day.",
            "commitment": {"text": "SECRET-COMMITMENT made in private"},
        },
        private=("commitment",),
    )
    assert journal.entry(secret_entry).commitment_ids
    session = Session(library.get("review-commitments"), journal, autosave=False)
    clock.moment = at(11, 20, 9)
    for step in session.steps:
        if step.commitment is None:
            continue
        if step.commitment.id == secret.id:
            value = {"decision": "renegotiate", "due": "2026-12-18", "note": "SECRET-REVIEW-NOTE"}
            session.answer(value, step_id=step.id, private=True)
        else:
            session.answer({"decision": "still-on"}, step_id=step.id)
    session.finish()
    clock.moment = at(11, 20, 16)
    brief = coach_brief(journal.entries(), journal.commitments(), clock())
    assert "SECRET-REVIEW-NOTE" not in brief.markdown
    assert "SECRET-COMMITMENT made in private" not in brief.markdown
    described = [item.describe() for item in brief.left_out]
    assert "Weekly review, 20 Nov 2026: your private review of a commitment" in described
    assert "Commitments, 19 Nov 2026: a commitment made in private" in described
    shared = coach_brief(journal.entries(), journal.commitments(), clock(), include_private=True)
    assert "SECRET-REVIEW-NOTE" in shared.markdown
    assert "SECRET-COMMITMENT made in private" in shared.markdown
