"""The reflection engine: moving through steps, checking answers, drafts, finishing, reviews.

Also the date reader a leader types into, and the terminal-safety filter used when showing
stored text.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from companion.core.dates import parse_date
from companion.core.errors import AnswerError, UsageError
from companion.core.model import CommitmentStatus, Script
from companion.core.scripts import load_script, parse_script
from companion.core.session import LAST_REVIEW_KEY, Session, count_words, word_progress
from companion.core.text import safe_line, safe_text
from companion.journal import Journal

ROOT = Path(__file__).resolve().parent.parent.parent

# The FakeClock starts on Friday 20 November 2026 at 16:30.
FRIDAY = date(2026, 11, 20)

ALL_KINDS = """\
id = "all-kinds"
title = "Every kind of step"
version = 1
moment = "review"
summary = "One step of each kind."
intro = "For tests."

[[steps]]
id = "name"
kind = "text"
prompt = "Your name?"

[[steps]]
id = "story"
kind = "long"
prompt = "Tell the story."
required = false
target_words = 50

[[steps]]
id = "pick"
kind = "choice"
prompt = "Which way?"
required = false
options = [
  { value = "amplify", label = "Amplify it" },
  { value = "adapt", label = "Adapt it" },
]

[[steps]]
id = "pick-other"
kind = "choice"
prompt = "What kind?"
required = false
allow_other = true
options = [{ value = "red-tape", label = "Red tape" }]

[[steps]]
id = "themes"
kind = "multi"
prompt = "Which themes?"
required = false
options = [
  { value = "walking", label = "Walking" },
  { value = "inequality", label = "Inequality" },
]

[[steps]]
id = "themes-other"
kind = "multi"
prompt = "Which other themes?"
required = false
allow_other = true
sets_tags = true
options = [{ value = "walking", label = "Walking" }]

[[steps]]
id = "allies"
kind = "list"
prompt = "Who are my allies?"
required = false

[[steps]]
id = "energy"
kind = "scale"
prompt = "How much energy?"
required = false
private = true
min = 1
max = 5

[[steps]]
id = "when"
kind = "date"
prompt = "When?"
required = false

[[steps]]
id = "plan"
kind = "commitment"
prompt = "What will I do?"
required = false

[[steps]]
id = "note"
kind = "info"
prompt = "That is all."
"""


@pytest.fixture
def all_kinds() -> Script:
    return parse_script(ALL_KINDS, Path("all-kinds.toml"))


def close_out_answers(session: Session, commitment: Any = "Email the chair") -> None:
    session.answer("Introductory workshop", step_id="session")
    session.answer(commitment, step_id="commitment")


# ---------------------------------------------------------------------- moving through steps


def test_a_new_session_starts_at_the_first_step(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("workshop-close-out"), journal)
    assert session.position == 0
    assert session.current.id == "session"
    assert session.current.prompt == "Which session was it?"
    assert session.progress == "1 of 7"
    assert session.total == 7
    assert not session.at_last_step
    assert journal.drafts() == []  # nothing is saved until something is answered


def test_answer_next_back_and_skip_move_through_the_steps(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("workshop-close-out"), journal)
    assert session.back() is False  # already at the first question
    session.answer("Day one")
    assert session.next() is True
    assert session.current.id == "resonated"
    assert session.skip() is True  # optional
    assert session.current.id == "learned"
    assert session.back() is True
    assert session.current.id == "resonated"
    assert session.progress == "2 of 7"
    session.answer("The story of now")
    session.next()
    session.skip()
    session.skip()
    assert session.current.id == "commitment"
    session.answer("Call the chair")
    session.next()
    session.skip()
    assert session.at_last_step
    assert session.skip() is False  # the last step: nothing after it
    assert session.next() is False
    assert list(session.answers) == ["session", "resonated", "commitment"]


def test_skipping_drops_an_earlier_answer_to_that_step(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("workshop-close-out"), journal)
    session.answer("Day one")
    session.next()
    session.answer("Something that stayed with me")
    session.skip()
    assert "resonated" not in session.answers


def test_a_required_step_cannot_be_skipped_or_passed(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("workshop-close-out"), journal)
    with pytest.raises(AnswerError) as skipped:
        session.skip()
    assert str(skipped.value) == (
        "'Which session was it?' cannot be skipped: this script needs an answer to it."
    )
    with pytest.raises(AnswerError) as passed:
        session.next()
    assert str(passed.value) == "'Which session was it?' needs an answer before you go on."
    with pytest.raises(AnswerError, match="needs an answer"):
        session.answer("   ")
    assert session.position == 0


def test_missing_lists_required_steps_without_answers(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("workshop-close-out"), journal)
    assert [s.id for s in session.missing()] == ["session", "commitment"]
    session.answer("Day one", step_id="session")
    assert [s.id for s in session.missing()] == ["commitment"]
    session.answer("Call the chair", step_id="commitment")
    assert session.missing() == []


def test_finishing_with_a_required_answer_missing_names_it(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("workshop-close-out"), journal)
    session.answer("Day one")
    with pytest.raises(
        AnswerError, match="'What is one practical thing I'm going to do\\?' needs an answer"
    ):
        session.finish()
    assert journal.entries() == []


def test_answering_an_unknown_step_lists_the_real_ones(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("coaching-debrief"), journal)
    with pytest.raises(AnswerError) as caught:
        session.answer("x", step_id="take-away")
    assert str(caught.value) == (
        "The script 'coaching-debrief' has no step 'take-away'. "
        "Its steps are: takeaway, shift, commitment, next-call."
    )


def test_go_to_jumps_to_a_step(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("workshop-close-out"), journal)
    session.go_to("feeling")
    assert session.current.prompt == "How am I feeling about it?"
    assert session.progress == "6 of 7"


# ---------------------------------------------------------------------- word counts


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   ", 0),
        ("one", 1),
        ("Don't stop now", 3),
        ("A well-known, hard-won fact.", 4),
        ("  many    spaces\nand\tlines  ", 4),
        ("It’s 42 degrees!", 3),
        ("— dash — alone —", 2),
    ],
)
def test_count_words_counts_as_a_person_would(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize(
    ("text", "target", "shown"),
    [
        ("", None, "0 words"),
        ("one", None, "1 word"),
        ("one two", None, "2 words"),
        ("one", 100, "1 of about 100 words"),
        (" ".join(["word"] * 42), 100, "42 of about 100 words"),
        (" ".join(["word"] * 120), 100, "120 of about 100 words"),
    ],
)
def test_word_progress_against_a_target(text: str, target: int | None, shown: str) -> None:
    assert word_progress(text, target) == shown


# ---------------------------------------------------------------------- answers, kind by kind


def given(session: Session, step_id: str, value: Any) -> Any:
    session.answer(value, step_id=step_id)
    return session.value(step_id)


@pytest.mark.parametrize(
    ("step_id", "value", "stored"),
    [
        ("name", "  Ada \n  Lovelace  ", "Ada Lovelace"),
        ("name", 42, "42"),
        ("story", "  line one\n\nline two  ", "line one\n\nline two"),
        ("pick", "amplify", "amplify"),
        ("pick", "Adapt it", "adapt"),
        ("pick", "  aDAPT IT ", "adapt"),
        ("pick-other", "Red tape", "red-tape"),
        ("pick-other", "Our own kind of barrier", "Our own kind of barrier"),
        ("themes", ["walking", "Inequality", "walking"], ["walking", "inequality"]),
        ("themes", "Walking\ninequality\n", ["walking", "inequality"]),
        ("themes-other", ["walking", "Dogs and parks"], ["walking", "Dogs and parks"]),
        ("allies", "- Sam\n* Priya\n\n   • The chair  \n", ["Sam", "Priya", "The chair"]),
        ("allies", ["Sam", "  ", " Priya "], ["Sam", "Priya"]),
        ("energy", "3", 3),
        ("energy", 5, 5),
        ("energy", " 1 ", 1),
        ("when", "tomorrow", "2026-11-21"),
        ("when", "next friday", "2026-11-27"),
        ("when", "4 Dec", "2026-12-04"),
        ("when", "in 2 weeks", "2026-12-04"),
        ("when", "2027-01-15", "2027-01-15"),
        ("when", date(2027, 3, 1), "2027-03-01"),
        ("when", datetime(2027, 3, 1, 10, 0), "2027-03-01"),  # a TOML date-time
        (
            "plan",
            "  Call   the chair ",
            {"text": "Call the chair", "due": None, "first_step": None},
        ),
        (
            "plan",
            {"text": "Call the chair", "due": "next friday", "first_step": " Find her number "},
            {"text": "Call the chair", "due": "2026-11-27", "first_step": "Find her number"},
        ),
        (
            "plan",
            {"text": "Call the chair", "due": "in a month"},
            {"text": "Call the chair", "due": "2026-12-20", "first_step": None},
        ),
    ],
)
def test_answers_are_normalised_by_kind(
    all_kinds: Script, journal: Journal, step_id: str, value: Any, stored: Any
) -> None:
    session = Session(all_kinds, journal)
    assert given(session, step_id, value) == stored


@pytest.mark.parametrize(
    ("step_id", "value", "message"),
    [
        ("name", ["a", "list"], "This answer should be text."),
        ("name", True, "This answer should be text."),
        (
            "pick",
            "maybe",
            "'maybe' is not one of the choices for 'Which way?'. Choose 'amplify', 'adapt'.",
        ),
        ("themes", ["walking", "dogs"], "'dogs' is not one of the choices for 'Which themes?'."),
        ("themes", 7, "This answer should be a list of short texts."),
        ("allies", ["Sam", True], "Each item in this list should be text."),
        ("energy", "0", "Choose a whole number from 1 to 5."),
        ("energy", 6, "Choose a whole number from 1 to 5."),
        ("energy", "3.5", "Choose a whole number from 1 to 5."),
        ("energy", "lots", "Choose a whole number from 1 to 5."),
        ("energy", True, "Choose a whole number from 1 to 5."),
        ("when", "someday", "Companion could not read 'someday' as a date."),
        ("plan", {"due": "tomorrow"}, "Say what you will do: the commitment needs some words."),
        ("plan", {"text": "x", "when": "soon"}, "'when' is not one of them."),
        ("plan", ["x"], "A commitment is given as text, due date and first step."),
    ],
)
def test_answers_that_do_not_fit_are_refused_clearly(
    all_kinds: Script, journal: Journal, step_id: str, value: Any, message: str
) -> None:
    session = Session(all_kinds, journal)
    with pytest.raises(AnswerError) as caught:
        session.answer(value, step_id=step_id)
    assert message in str(caught.value)
    assert step_id not in session.answers


def test_an_empty_answer_to_an_optional_step_clears_it(all_kinds: Script, journal: Journal) -> None:
    session = Session(all_kinds, journal)
    session.answer("A story", step_id="story")
    assert session.answer("   ", step_id="story") is None
    assert "story" not in session.answers
    assert session.answer("", step_id="energy") is None
    assert session.answer([], step_id="allies") is None
    assert session.answer({"text": ""}, step_id="plan") is None


def test_an_info_step_takes_no_answer(all_kinds: Script, journal: Journal) -> None:
    session = Session(all_kinds, journal)
    assert session.answer("anything", step_id="note") is None
    assert "note" not in session.answers
    assert not session.step_by_id("note").required


def test_dates_are_read_relative_to_the_journals_clock(
    all_kinds: Script, journal: Journal, clock
) -> None:  # type: ignore[no-untyped-def]
    session = Session(all_kinds, journal)
    assert given(session, "when", "tomorrow") == "2026-11-21"
    clock.advance(days=3)  # Monday 23 November
    assert given(session, "when", "tomorrow") == "2026-11-24"
    assert given(session, "when", "friday") == "2026-11-27"
    assert (
        given(session, "plan", {"text": "Write it up", "due": "next friday"})["due"] == "2026-11-27"
    )


# ---------------------------------------------------------------------- private answers


def test_private_defaults_from_the_step_and_can_be_toggled(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("workshop-close-out"), journal)
    assert session.is_private("feeling") is True  # private = true in the script
    assert session.is_private("session") is False
    assert session.answer(4, step_id="feeling").private is True  # type: ignore[union-attr]
    assert session.answer("Day one", step_id="session").private is False  # type: ignore[union-attr]

    session.set_private(False, step_id="feeling")
    assert session.is_private("feeling") is False
    session.answer(5, step_id="feeling")  # changing the answer keeps the leader's choice
    assert session.answers["feeling"].private is False

    session.answer("Day two", step_id="session", private=True)
    assert session.answers["session"].private is True
    assert journal.drafts()[0].answers["session"].private is True


# ---------------------------------------------------------------------- drafts


def test_every_answer_is_saved_as_a_draft_at_once(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("workshop-close-out"), journal)
    session.answer("Day one")
    drafts = journal.drafts()
    assert len(drafts) == 1
    assert drafts[0].script_id == "workshop-close-out"
    assert drafts[0].answers["session"].value == "Day one"
    assert drafts[0].position == 0

    session.next()
    assert journal.drafts()[0].position == 1
    session.answer("The storytelling")
    assert journal.drafts()[0].answers["resonated"].value == "The storytelling"
    session.answer("The storytelling, and the walk")
    assert journal.drafts()[0].answers["resonated"].value == "The storytelling, and the walk"
    session.skip()
    draft = journal.drafts()[0]
    assert "resonated" not in draft.answers
    assert draft.position == 2
    assert len(journal.drafts()) == 1  # one draft per run, updated in place


def test_the_draft_is_on_disk_for_another_process(
    library, journal: Journal, journal_dir: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("coaching-debrief"), journal)
    session.answer("Ask better questions")
    reopened = Journal.open(journal_dir, clock=clock)
    assert reopened.drafts()[0].answers["takeaway"].value == "Ask better questions"


def test_resuming_a_draft_restores_answers_and_position(library, journal: Journal, clock) -> None:  # type: ignore[no-untyped-def]
    script = library.get("workshop-close-out")
    first = Session(script, journal)
    first.answer("Day one")
    first.next()
    first.answer("The walk")
    first.next()
    started = first.started

    clock.advance(hours=2)
    draft = journal.drafts()[0]
    resumed = Session(script, journal, draft=draft)
    assert resumed.position == 2
    assert resumed.current.id == "learned"
    assert resumed.value("session") == "Day one"
    assert resumed.value("resonated") == "The walk"
    assert resumed.started == started
    assert resumed.draft_id == first.draft_id

    resumed.answer("Patience")
    assert len(journal.drafts()) == 1
    resumed.answer("Email the chair", step_id="commitment")
    entry = resumed.finish().entry
    assert entry.started == started
    assert entry.completed == clock()
    assert journal.drafts() == []


def test_discarding_throws_the_draft_away(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("coaching-debrief"), journal)
    session.answer("Something")
    session.discard()
    assert journal.drafts() == []


# ---------------------------------------------------------------------- finishing


def test_finishing_makes_an_entry_with_the_exact_prompts_and_version(
    library, journal: Journal, clock
) -> None:  # type: ignore[no-untyped-def]
    script = library.get("workshop-close-out")
    session = Session(script, journal)
    session.answer("Day one", step_id="session")
    session.answer("Patience", step_id="learned")
    session.answer(
        {"text": "Email the chair", "due": "next friday", "first_step": "Find the address"},
        step_id="commitment",
    )
    session.answer(4, step_id="feeling")
    session.answer(["walking", "Dogs and parks", "Inequality"], step_id="tags")
    result = session.finish()
    entry = result.entry

    assert entry.script_id == "workshop-close-out"
    assert entry.script_version == 1
    assert entry.script_title == "Workshop close-out"
    assert entry.completed == clock()
    assert [(a.step_id, a.prompt) for a in entry.answers] == [
        ("session", "Which session was it?"),
        ("learned", "What have I learned?"),
        ("commitment", "What is one practical thing I'm going to do?"),
        ("feeling", "How am I feeling about it?"),
        ("tags", "Which themes does this touch on?"),
    ]
    assert entry.answer("feeling").private is True  # type: ignore[union-attr]
    assert entry.tags == ["walking", "dogs-and-parks", "inequality"]
    assert entry.title == "Day one"

    # The commitment and the entry point at each other.
    assert len(result.commitments) == 1
    commitment = journal.commitment(result.commitments[0].id)
    assert commitment.text == "Email the chair"
    assert commitment.due == date(2026, 11, 27)
    assert commitment.first_step == "Find the address"
    assert commitment.status == CommitmentStatus.OPEN
    assert commitment.entry_id == entry.id
    assert commitment.script_id == "workshop-close-out"
    assert entry.commitment_ids == [commitment.id]
    assert entry.answer("commitment").value["commitment_id"] == commitment.id  # type: ignore[index, union-attr]

    stored = journal.entry(entry.id)
    assert stored.answers == entry.answers
    assert stored.commitment_ids == [commitment.id]
    assert journal.drafts() == []


def test_each_commitment_step_makes_its_own_commitment(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("reframe-barrier"), journal)
    session.answer("The Board only reads reports", step_id="barrier")
    session.answer("Half of every meeting on one challenge", step_id="enabler")
    session.answer({"text": "Trial a new agenda", "due": "in 2 weeks"}, step_id="experiment")
    session.answer(["Sam", "Priya"], step_id="allies")
    result = session.finish()
    assert [c.text for c in result.commitments] == ["Trial a new agenda"]
    assert result.entry.tags == []  # allies do not set tags
    assert [c.entry_id for c in journal.commitments()] == [result.entry.id]


def test_an_optional_commitment_left_out_makes_no_commitment(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("reframe-barrier"), journal)
    session.answer("Red tape", step_id="barrier")
    session.answer("Fewer forms", step_id="enabler")
    result = session.finish()
    assert result.commitments == []
    assert result.entry.commitment_ids == []
    assert journal.commitments() == []


def test_tags_come_from_every_sets_tags_step_and_extra_tags(
    all_kinds: Script, journal: Journal
) -> None:
    session = Session(all_kinds, journal)
    session.answer("Ada", step_id="name")
    session.answer(["walking"], step_id="themes")  # this step does not set tags
    session.answer(["Walking", "Young  Carers"], step_id="themes-other")
    entry = session.finish(extra_tags=["Trio B", "walking"]).entry
    assert entry.tags == ["walking", "young-carers", "trio-b"]


def test_editing_the_script_later_leaves_old_entries_as_they_were(
    library,
    journal: Journal,
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    original = library.get("workshop-close-out")
    session = Session(original, journal)
    close_out_answers(session)
    old = session.finish().entry

    text = (ROOT / "prompts" / "workshop-close-out.toml").read_text(encoding="utf-8")
    changed_text = text.replace("version = 1", "version = 2").replace(
        'prompt = "Which session was it?"', 'prompt = "Which workshop day was it?"'
    )
    path = tmp_path / "workshop-close-out.toml"
    path.write_text(changed_text, encoding="utf-8")
    changed = load_script(path)
    assert changed.version == 2

    clock.advance(days=1)
    session = Session(changed, journal)
    close_out_answers(session)
    new = session.finish().entry

    kept = journal.entry(old.id)
    assert kept.script_version == 1
    assert kept.answer("session").prompt == "Which session was it?"  # type: ignore[union-attr]
    fresh = journal.entry(new.id)
    assert fresh.script_version == 2
    assert fresh.answer("session").prompt == "Which workshop day was it?"  # type: ignore[union-attr]


# ---------------------------------------------------------------------- the weekly review


@pytest.fixture
def open_commitments(journal: Journal) -> dict[str, str]:
    """Four active commitments and one already done, added out of due-date order."""
    made = {
        "later": journal.add_commitment("Write the blog post", due=date(2026, 12, 1)),
        "undated": journal.add_commitment("Read the report"),
        "slightly-late": journal.add_commitment("Book the room", due=date(2026, 11, 18)),
        "very-late": journal.add_commitment("Call Sam", due=date(2026, 11, 10)),
        "done": journal.add_commitment("Send the notes", due=date(2026, 11, 1)),
    }
    journal.set_commitment_status(made["done"].id, CommitmentStatus.DONE, note="Sent")
    return {name: c.id for name, c in made.items()}


def test_the_review_shows_open_commitments_most_overdue_first(
    library,
    journal: Journal,
    open_commitments: dict[str, str],  # type: ignore[no-untyped-def]
) -> None:
    session = Session(library.get("review-commitments"), journal)
    review = [s for s in session.steps if s.commitment is not None]
    assert [s.commitment.id for s in review] == [  # type: ignore[union-attr]
        open_commitments["very-late"],
        open_commitments["slightly-late"],
        open_commitments["later"],
        open_commitments["undated"],
    ]
    first = review[0]
    assert first.id == f"review/{open_commitments['very-late']}"
    assert first.prompt == "How is this commitment going? “Call Sam”"
    assert first.body == "Call Sam\nDue 10 November 2026: 10 days overdue."
    assert review[2].body == "Write the blog post\nDue 1 December 2026."
    assert session.total == 5  # four commitments, then "what do I notice?"


def test_each_review_decision_is_applied_with_its_note(
    library,
    journal: Journal,
    clock,
    open_commitments: dict[str, str],  # type: ignore[no-untyped-def]
) -> None:
    clock.advance(hours=1)
    session = Session(library.get("review-commitments"), journal)
    ids = open_commitments
    session.answer(
        {"decision": "done", "note": "Finally got through"}, step_id=f"review/{ids['very-late']}"
    )
    session.answer(
        {"decision": "still on", "note": "Room booked for next week"},
        step_id=f"review/{ids['slightly-late']}",
    )
    session.answer(
        {
            "decision": "renegotiate",
            "due": "2026-12-15",
            "step": "Draft the outline",
            "note": "Too busy",
        },
        step_id=f"review/{ids['later']}",
    )
    session.answer(
        {"decision": "drop", "note": "No longer relevant"}, step_id=f"review/{ids['undated']}"
    )
    session.answer("I overcommit in busy weeks", step_id="overall")
    result = session.finish()
    assert sorted(result.reviewed) == sorted(
        ids[n] for n in ("very-late", "slightly-late", "later", "undated")
    )

    done = journal.commitment(ids["very-late"])
    assert done.status == CommitmentStatus.DONE
    assert [(h.status, h.note, h.at) for h in done.history] == [
        (CommitmentStatus.DONE, "Finally got through", clock())
    ]
    still = journal.commitment(ids["slightly-late"])
    assert still.status == CommitmentStatus.OPEN
    assert [(h.status, h.note) for h in still.history] == [
        (CommitmentStatus.OPEN, "Room booked for next week")
    ]
    moved = journal.commitment(ids["later"])
    assert moved.status == CommitmentStatus.RENEGOTIATED
    assert moved.due == date(2026, 12, 15)
    assert moved.first_step == "Draft the outline"
    assert moved.history[-1].note == "Too busy"
    assert moved.history[-1].due == date(2026, 12, 15)
    dropped = journal.commitment(ids["undated"])
    assert dropped.status == CommitmentStatus.DROPPED
    assert dropped.history[-1].note == "No longer relevant"
    untouched = journal.commitment(ids["done"])
    assert len(untouched.history) == 1  # the earlier "done" only

    assert journal.meta[LAST_REVIEW_KEY] == clock().isoformat()
    stored = journal.entry(result.entry.id)
    decisions = [a.value["decision"] for a in stored.answers if a.kind == "commitment-review"]  # type: ignore[index]
    assert decisions == ["done", "still-on", "renegotiate", "let-go"]
    assert stored.answer(f"review/{ids['very-late']}").value["commitment_id"] == ids["very-late"]  # type: ignore[index, union-attr]


def test_still_on_without_a_note_is_recorded_as_still_on(
    library,
    journal: Journal,
    open_commitments: dict[str, str],  # type: ignore[no-untyped-def]
) -> None:
    session = Session(library.get("review-commitments"), journal)
    for runtime in session.steps:
        if runtime.commitment is not None:
            session.answer("still-on", step_id=runtime.id)
    session.finish()
    assert journal.commitment(open_commitments["very-late"]).history[-1].note == "Still on"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            {"decision": "renegotiate"},
            "To renegotiate, give a new date or a smaller step (or both).",
        ),
        (
            {"decision": "postpone"},
            "'postpone' is not a review decision. "
            "Choose one of: done, still-on, renegotiate, let-go.",
        ),
        ({"decision": "renegotiate", "due": "whenever"}, "could not read 'whenever' as a date"),
    ],
)
def test_review_answers_that_do_not_fit_are_refused(
    library,
    journal: Journal,
    open_commitments: dict[str, str],
    value: dict[str, str],
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    session = Session(library.get("review-commitments"), journal)
    with pytest.raises(AnswerError) as caught:
        session.answer(value, step_id=f"review/{open_commitments['very-late']}")
    assert message in str(caught.value)


def test_every_open_commitment_needs_a_decision(
    library,
    journal: Journal,
    open_commitments: dict[str, str],  # type: ignore[no-untyped-def]
) -> None:
    session = Session(library.get("review-commitments"), journal)
    assert len(session.missing()) == 4
    with pytest.raises(AnswerError, match="“Call Sam”' needs an answer"):
        session.finish()
    assert LAST_REVIEW_KEY not in journal.meta


def test_the_review_with_nothing_open_still_completes(
    library, journal: Journal, journal_dir: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get("review-commitments"), journal)
    assert [s.id for s in session.steps] == ["review", "overall"]
    assert session.current.prompt == "Nothing to review"
    assert session.current.body == "You have no open commitments. Well done, or time for a new one."
    assert not session.current.answerable
    assert session.missing() == []
    session.next()
    result = session.finish()
    assert result.reviewed == []
    assert journal.entry(result.entry.id).script_id == "review-commitments"
    assert Journal.open(journal_dir, clock=clock).meta[LAST_REVIEW_KEY] == clock().isoformat()


# ---------------------------------------------------------------------- coaching preparation


def finish(library, journal: Journal, script_id: str, answers: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    session = Session(library.get(script_id), journal)
    for step_id, value in answers.items():
        session.answer(value, step_id=step_id)
    session.finish()


def test_the_first_coaching_prep_says_it_is_the_first(library, journal: Journal) -> None:  # type: ignore[no-untyped-def]
    finish(library, journal, "learning-diary", {"happened": "A meeting"})
    session = Session(library.get("coaching-prep"), journal)
    assert session.current.id == "since-last-time"
    assert session.current.body == (
        "This is your first coaching preparation in this journal.\n"
        "1 entry written.\n"
        "0 commitments made, 0 done.\n"
        "0 commitments still open, 0 overdue."
    )


def test_coaching_prep_counts_what_happened_since_the_previous_one(
    library, journal: Journal, clock
) -> None:  # type: ignore[no-untyped-def]
    # Before the previous preparation: one entry with a commitment, due on Monday.
    finish(
        library,
        journal,
        "workshop-close-out",
        {
            "session": "Day one",
            "commitment": {"text": "Call Sam", "due": "2026-11-23"},
        },
    )
    clock.advance(days=1)  # Saturday 21 November: the previous coaching preparation
    finish(library, journal, "coaching-prep", {"want-from-call": "Clarity"})

    clock.advance(days=2)  # Monday 23 November
    finish(library, journal, "learning-diary", {"happened": "A hard meeting"})
    finish(
        library,
        journal,
        "reframe-barrier",
        {
            "barrier": "The Board only reads reports",
            "enabler": "Time for one challenge",
            "experiment": {"text": "Trial a new agenda", "due": "2026-11-25"},
        },
    )
    finish(
        library,
        journal,
        "plan-experiment",
        {
            "try": "Open the Board with one challenge",
            "first-step": "Email the chair",
        },
    )
    sam = next(c for c in journal.commitments() if c.text == "Call Sam")
    journal.set_commitment_status(sam.id, CommitmentStatus.DONE, note="Called")

    clock.advance(days=3)  # Thursday 26 November: the agenda trial is now overdue
    session = Session(library.get("coaching-prep"), journal)
    assert session.current.prompt == "Since your last coaching preparation"
    assert session.current.body == (
        "Since your last coaching preparation on Saturday 21 November 2026:\n"
        "3 entries written.\n"
        "2 commitments made, 1 done.\n"
        "2 commitments still open, 1 overdue.\n"
        "Barriers named: The Board only reads reports.\n"
        "Experiments planned: Open the Board with one challenge."
    )
    # The summary is kept with the entry, as it was on the day.
    session.answer("Focus", step_id="want-from-call")
    entry = session.finish().entry
    assert entry.answers[0].kind == "info"
    assert entry.answers[0].value.startswith("Since your last coaching preparation on Saturday")  # type: ignore[union-attr]


# ---------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-04", date(2026, 12, 4)),
        ("2026-1-5", date(2026, 1, 5)),
        ("today", FRIDAY),
        ("Today", FRIDAY),
        ("tomorrow", date(2026, 11, 21)),
        ("monday", date(2026, 11, 23)),
        ("Tue", date(2026, 11, 24)),
        ("friday", date(2026, 11, 27)),  # today is a Friday: the next one
        ("next friday", date(2026, 11, 27)),
        ("this wednesday", date(2026, 11, 25)),
        ("on thurs", date(2026, 11, 26)),
        ("next week", date(2026, 11, 23)),
        ("end of week", FRIDAY),
        ("end of the month", date(2026, 11, 30)),
        ("next month", date(2026, 12, 20)),
        ("in 2 weeks", date(2026, 12, 4)),
        ("in two days", date(2026, 11, 22)),
        ("in a fortnight", date(2026, 12, 4)),
        ("in a month", date(2026, 12, 20)),
        ("in 3 months", date(2027, 2, 20)),
        ("4 Dec", date(2026, 12, 4)),
        ("4th of December", date(2026, 12, 4)),
        ("Dec 4 2027", date(2027, 12, 4)),
        ("December 4th, 2027", date(2027, 12, 4)),
        ("1 Jan", date(2027, 1, 1)),  # already past this year: next year
        ("20 Nov", FRIDAY),
        ("04/12/2026", date(2026, 12, 4)),  # day first
        ("4.12.26", date(2026, 12, 4)),
        ("  4   sept  ", date(2027, 9, 4)),
    ],
)
def test_parse_date_reads_what_people_type(typed: str, expected: date) -> None:
    assert parse_date(typed, FRIDAY) == expected


def test_in_a_month_stays_inside_a_short_month() -> None:
    assert parse_date("in a month", date(2027, 1, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    "typed",
    ["someday", "31 Feb", "2026-13-01", "in many weeks", "in 2 years", "32/1", "next fryday"],
)
def test_parse_date_refuses_what_it_cannot_read(typed: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_date(typed, FRIDAY)
    assert str(caught.value) == (
        f"Companion could not read '{typed}' as a date. "
        "Try 2026-12-04, 4 Dec, tomorrow, friday, next friday or in 2 weeks."
    )


def test_parse_date_asks_for_a_date_when_given_nothing() -> None:
    with pytest.raises(UsageError) as caught:
        parse_date("   ", FRIDAY)
    assert (
        str(caught.value)
        == "Type a date, such as 2026-12-04, 4 Dec, tomorrow, friday, next friday or in 2 weeks."
    )


# ---------------------------------------------------------------------- terminal safety


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("plain words", "plain words"),
        ("clear\x1b[2Jscreen", "clear^[[2Jscreen"),
        ("red \x1b[31mtext\x1b[0m", "red ^[[31mtext^[[0m"),
        ("title\x1b]0;pwned\x07set", "title^[]0;pwned^Gset"),
        ("title\x1b]0;pwned\x1b\\set", "title^[]0;pwned^[\\set"),
        ("link \x1b]8;;http://x\x07here\x1b]8;;\x07", "link ^[]8;;http://x^Ghere^[]8;;^G"),
        ("c1 csi \x9b31m", "c1 csi ^[31m"),
        ("c1 \x85 and \x90", "c1 \\x85 and \\x90"),
        ("bell\x07", "bell^G"),
        ("back\x08space", "back^Hspace"),
        ("del\x7f", "del\\x7f"),
        ("carriage\roverwrite", "carriage^Moverwrite"),
        ("lone escape \x1b", "lone escape ^["),
        ("line one\nline two\n\ttabbed", "line one\nline two\n\ttabbed"),
        ("windows\r\nline", "windows\nline"),
        ("accents café — “quotes” ✓", "accents café — “quotes” ✓"),
    ],
)
def test_safe_text_neutralises_control_sequences_and_keeps_lines(stored: str, shown: str) -> None:
    assert safe_text(stored) == shown
    assert "\x1b" not in safe_text(stored)
    assert "\x9b" not in safe_text(stored)


def test_safe_line_puts_everything_on_one_line() -> None:
    assert safe_line("one\ntwo\tthree\x1b[2J") == "one two three^[[2J"


HOSTILE = "Day one\x1b[2J\x1b]0;pwned\x07 and a bell\x07"


def test_show_and_list_never_print_escape_bytes_but_the_journal_keeps_them(
    library,
    journal: Journal,
    journal_dir: Path,
    companion_cli,  # type: ignore[no-untyped-def]
) -> None:
    session = Session(library.get("workshop-close-out"), journal)
    session.answer(HOSTILE, step_id="session")
    session.answer("Line one\x1b[31m\nline two", step_id="learned")
    session.answer({"text": "Call \x1b]0;x\x07Sam"}, step_id="commitment")
    entry = session.finish().entry

    stored = [
        json.loads(p.read_text(encoding="utf-8")) for p in (journal_dir / "entries").glob("*.json")
    ]
    values = [
        a["value"] for shard in stored for doc in shard["entries"].values() for a in doc["answers"]
    ]
    assert (
        "Day one\x1b[2J\x1b]0;pwned\x07 and a bell\x07" in values
    )  # stored verbatim (text is one line)
    assert "Line one\x1b[31m\nline two" in values

    shown = companion_cli("--journal", str(journal_dir), "show", entry.id)
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout
    assert "Day one^[[2J^[]0;pwned^G and a bell^G" in shown.stdout
    assert "Line one^[[31m\nline two" in shown.stdout  # newlines are kept

    listed = companion_cli("--journal", str(journal_dir), "list")
    assert listed.returncode == 0, listed.stderr
    assert "\x1b" not in listed.stdout and "\x07" not in listed.stdout
    assert entry.id in listed.stdout
    assert "pwned" in listed.stdout

    commitments = companion_cli("--journal", str(journal_dir), "commitments")
    assert "\x1b" not in commitments.stdout
    assert "Call ^[]0;x^GSam" in commitments.stdout


def test_no_session_time_is_taken_from_the_wall_clock(library, journal: Journal, clock) -> None:  # type: ignore[no-untyped-def]
    clock.moment = datetime(2030, 1, 2, 9, 0, tzinfo=clock.moment.tzinfo)
    session = Session(library.get("coaching-debrief"), journal)
    session.answer("Insight")
    session.answer("Try it", step_id="commitment")
    result = session.finish()
    assert result.entry.started == result.entry.completed == clock()
    assert result.commitments[0].created == clock()
