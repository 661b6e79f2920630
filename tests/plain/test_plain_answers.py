"""Plain mode as a leader types it, line by line: nothing typed is lost or stored wrongly.

Each test types what a person would (numbers, words, commands, Ctrl-C) into a real session on a
real journal, and checks what was said, what was asked and what was kept.
"""

from __future__ import annotations

from typing import Any

import pytest

from companion.core.model import Draft, Entry
from companion.core.scripts import Library
from companion.core.session import Session
from companion.journal import Journal
from companion.plain import LineAsker, run_reflect

Typed = str | type[BaseException]


class Typist:
    """A leader at the keyboard: types each line in turn (or presses Ctrl-C, Ctrl-D)."""

    def __init__(self, *typed: Typed) -> None:
        self.typed = list(typed)
        self.asked: list[str] = []
        self.said: list[str] = []

    def read(self, prompt: str) -> str:
        self.asked.append(prompt)
        if not self.typed:
            raise AssertionError(f"asked {prompt!r} with nothing left to type; said {self.said}")
        reply = self.typed.pop(0)
        if isinstance(reply, type):
            raise reply
        return reply

    @property
    def asker(self) -> LineAsker:
        return LineAsker(read=self.read, write=self.said.append)

    @property
    def text(self) -> str:
        return "\n".join(self.said)


def run(journal: Journal, library: Library, script_id: str | None, *typed: Typed) -> Typist:
    typist = Typist(*typed)
    typist.code = run_reflect(  # type: ignore[attr-defined]
        journal, library, script_id, asker=typist.asker
    )
    assert not typist.typed, f"not asked for {typist.typed}; said {typist.said}"
    return typist


def draft(journal: Journal) -> Draft:
    (found,) = journal.drafts()
    return found


def values(entry: Entry) -> dict[str, Any]:
    return {a.step_id: a.value for a in entry.answers}


def a_commitment(journal: Journal, library: Library) -> None:
    session = Session(library.get("coaching-debrief"), journal, autosave=False)
    session.answer("Listen more", step_id="takeaway")
    session.answer({"text": "Talk to my trio"}, step_id="commitment")
    session.finish()


# ------------------------------------------------------------------ the weekly review


def test_the_weekly_review_checks_the_decision_before_asking_for_the_note(
    journal: Journal, library: Library
) -> None:
    a_commitment(journal, library)
    typist = run(
        journal, library, "review-commitments", "5", "still on", "Sam's help", ":skip", "save"
    )
    assert typist.code == 0  # type: ignore[attr-defined]
    assert (
        "There is no choice 5. Type a number from 1 to 4, or words from one of the choices."
        in typist.said
    )
    notes = [n for n, p in enumerate(typist.asked) if p.startswith("What helped")]
    decisions = [n for n, p in enumerate(typist.asked) if p.startswith("Type a number")]
    assert len(notes) == 1 and notes[0] > decisions[-1] and len(decisions) == 2
    assert "still-on" not in typist.text  # the words offered, never the stored value
    (review,) = [e for e in journal.entries() if e.script_id == "review-commitments"]
    (decision,) = [v for k, v in values(review).items() if k.startswith("review/")]
    assert decision["decision"] == "still-on" and decision["note"] == "Sam's help"
    assert journal.commitments()[0].history[-1].note == "Sam's help"


def test_renegotiating_asks_for_a_date_or_step_before_the_note(
    journal: Journal, library: Library
) -> None:
    a_commitment(journal, library)
    typist = run(
        journal,
        library,
        "review-commitments",
        "renegotiate",
        "",
        "",
        "",
        "A smaller first step",
        "It was too big",
        ":skip",
        "save",
    )
    assert "To renegotiate, give a new date or a smaller step (or both)." in typist.said
    (review,) = [e for e in journal.entries() if e.script_id == "review-commitments"]
    (decision,) = [v for k, v in values(review).items() if k.startswith("review/")]
    assert decision["decision"] == "renegotiate"
    assert decision["step"] == "A smaller first step" and decision["note"] == "It was too big"


# ------------------------------------------------------------------ numbers and words


def test_an_out_of_range_number_is_refused_with_the_range_and_never_stored(
    journal: Journal, library: Library
) -> None:
    kinds = len(library.get("reframe-barrier").steps[1].options)
    typist = run(journal, library, "reframe-barrier", "Budget rules", "9", "red tape", ":quit")
    assert (
        f"There is no choice 9. Type a number from 1 to {kinds}, or your own words." in typist.said
    )
    assert draft(journal).answers["barrier-kind"].value == "red-tape"


def test_the_script_picker_takes_words_from_a_title(journal: Journal, library: Library) -> None:
    typist = run(journal, library, None, "review", "weather", "close out", ":quit")
    assert any("'review' fits more than one" in line for line in typist.said)
    assert any("Review my commitments" in line for line in typist.said)
    assert any("'weather' is not one of the choices" in line for line in typist.said)
    assert "Question 1 of 7: Which session was it?" in typist.said
    assert typist.code == 130  # type: ignore[attr-defined]


def test_a_scale_takes_the_words_at_its_ends_and_refuses_a_number_out_of_range(
    journal: Journal, library: Library
) -> None:
    typist = run(
        journal, library, "workshop-close-out", "Intro day", ":skip", ":skip", ":skip",
        "Ring Sam", "", "", "9", "confident", ":quit",
    )  # fmt: skip
    assert "Choose a whole number from 1 to 5." in typist.said
    assert draft(journal).answers["feeling"].value == 5


# ------------------------------------------------------------------ :private at any point


def test_private_before_answering_marks_the_coming_answer(
    journal: Journal, library: Library
) -> None:
    typist = run(journal, library, "workshop-close-out", ":private", "Intro day", ":quit")
    assert "The answer you give here will be kept private." in typist.said
    assert draft(journal).answers["session"].private is True
    assert draft(journal).answers["session"].value == "Intro day"


def test_private_on_the_review_page_marks_the_last_answer(
    journal: Journal, library: Library
) -> None:
    typist = run(
        journal, library, "coaching-debrief", "Listen more", ".", ":skip", "Ring Sam", "", "", "",
        ":private", "save",
    )  # fmt: skip
    assert any(line.startswith("Answer 3 (") and "is now private" in line for line in typist.said)
    (entry,) = journal.entries()
    assert [a.step_id for a in entry.answers if a.private] == ["commitment"]


# ------------------------------------------------------------------ commands inside answers

UP_TO_ALLIES = ("Budget rules", "", ".", ".", ".", "Trust the team", ".", "")


def test_hint_and_quit_work_inside_a_list(journal: Journal, library: Library) -> None:
    typist = run(journal, library, "reframe-barrier", *UP_TO_ALLIES, "Sam", ":hint", "Jo", ":quit")
    assert any("One person or group per item." in line for line in typist.said)
    assert typist.code == 130  # type: ignore[attr-defined]
    assert draft(journal).answers["allies"].value == ["Sam", "Jo"]


def test_back_inside_a_list_keeps_the_items_and_goes_back(
    journal: Journal, library: Library
) -> None:
    typist = run(journal, library, "reframe-barrier", *UP_TO_ALLIES, "Sam", ":back", ":quit")
    assert typist.asked[-1] == "What will you do? "
    assert draft(journal).answers["allies"].value == ["Sam"]


def test_skip_inside_a_list_leaves_it_out(journal: Journal, library: Library) -> None:
    run(journal, library, "reframe-barrier", *UP_TO_ALLIES, "Sam", ":skip", ":quit")
    assert "allies" not in draft(journal).answers


def test_commands_work_part_way_through_a_long_answer(journal: Journal, library: Library) -> None:
    typist = run(
        journal, library, "coaching-debrief", "First thought", ":hint", ":private",
        "Second thought", ":quit",
    )  # fmt: skip
    assert any("An insight, a question you were asked" in line for line in typist.said)
    kept = draft(journal).answers["takeaway"]
    assert kept.value == "First thought\nSecond thought" and kept.private is True


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError], ids=["ctrl-c", "ctrl-d"])
def test_stopping_part_way_through_a_long_answer_keeps_the_lines_typed(
    journal: Journal, library: Library, stop: type[BaseException]
) -> None:
    typist = run(journal, library, "coaching-debrief", "First thought", "Second thought", stop)
    assert typist.code == 130  # type: ignore[attr-defined]
    assert "What you were typing for this question is kept in the draft too." in typist.said
    assert draft(journal).answers["takeaway"].value == "First thought\nSecond thought"


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError], ids=["ctrl-c", "ctrl-d"])
def test_stopping_part_way_through_a_list_keeps_the_items(
    journal: Journal, library: Library, stop: type[BaseException]
) -> None:
    run(journal, library, "reframe-barrier", *UP_TO_ALLIES, "Sam", "Jo", stop)
    assert draft(journal).answers["allies"].value == ["Sam", "Jo"]


def test_stopping_after_a_commitments_words_keeps_them(journal: Journal, library: Library) -> None:
    run(journal, library, "coaching-debrief", "Listen", ".", ":skip", "Ring Sam", KeyboardInterrupt)
    assert draft(journal).answers["commitment"].value["text"] == "Ring Sam"  # type: ignore[index]


# ------------------------------------------------------------------ the draft, the review page


def test_continue_it_takes_yes_and_no_in_words_and_asks_again_otherwise(
    journal: Journal, library: Library
) -> None:
    Session(library.get("workshop-close-out"), journal).answer("Day two")
    typist = run(journal, library, "workshop-close-out", "maybe", "yes please", ":quit")
    assert "'maybe' is neither yes nor no. Type yes or no." in typist.said
    assert "Current answer: Day two (press Enter to keep it)" in typist.said

    typist = run(journal, library, "workshop-close-out", "Nope", ":quit")
    assert not any(line.startswith("Current answer") for line in typist.said)


def test_changing_one_answer_on_the_review_page_returns_to_it(
    journal: Journal, library: Library
) -> None:
    typist = run(
        journal, library, "coaching-debrief", "Listen more", ".", ":skip", "Ring Sam", "", "", "",
        "1", "Listen much more", ".", "save",
    )  # fmt: skip
    assert typist.code == 0  # type: ignore[attr-defined]
    assert typist.asked.count("What will you do? ") == 1  # later questions were not replayed
    assert sum(p.startswith("Type 'save' to finish") for p in typist.asked) == 2
    (entry,) = journal.entries()
    assert values(entry)["takeaway"] == "Listen much more"


def test_a_command_on_the_review_page_is_answered_there(journal: Journal, library: Library) -> None:
    typist = run(
        journal, library, "coaching-debrief", "Listen more", ".", ":skip", "Ring Sam", "", "", "",
        ":hint", ":skip", "save",
    )  # fmt: skip
    assert typist.code == 0  # type: ignore[attr-defined]
    assert sum(p.startswith("Type 'save' to finish") for p in typist.asked) == 3
    assert typist.asked.count("What will you do? ") == 1


# ------------------------------------------------------------------ the command line


@pytest.mark.slow
def test_the_help_says_plain_is_for_screen_readers_and_offers_menus(companion_cli) -> None:  # type: ignore[no-untyped-def]
    result = companion_cli("reflect", "--help")
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert "plain lines a screen reader reads in order" in said
    assert "--menus" in said and "arrow-key menus" in said


@pytest.mark.slow
def test_menus_without_a_terminal_ask_line_by_line(tmp_path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    journal = tmp_path / "journal"
    typed = "Listen more\n.\n:skip\nRing Sam\n\n\n\nsave\n"
    result = companion_cli(
        "--journal", str(journal), "reflect", "coaching-debrief", "--menus", input=typed
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Arrow-key menus need a full terminal; Companion will ask line by line." in result.stdout
    assert "\x1b" not in result.stdout and "Saved. Entry " in result.stdout
