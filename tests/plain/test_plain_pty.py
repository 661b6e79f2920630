"""Plain mode as a person meets it: `companion reflect ID --plain` in a real pseudo-terminal.

With NO_COLOR or TERM=dumb the output must be bare lines (no escape byte at all), which screen
readers and braille displays read in order (tests/e2e/test_plain_every_script.py holds the same
on an ordinary colour terminal, for every script). With --menus, questionary's prompts are used
instead; a short flow through them must still finish.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from companion.core.dates import parse_date
from companion.journal import Journal
from tests.helpers.pty import interruptible

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent.parent
CPR_REQUEST = re.compile(re.escape(b"\x1b[6n"))


class Terminal:
    """One run of companion in a pseudo-terminal, with everything it printed kept."""

    def __init__(self, journal: Path, *args: str, env: dict[str, str | None]) -> None:
        full_env = dict(os.environ)
        for key, value in env.items():
            if value is None:
                full_env.pop(key, None)
            else:
                full_env[key] = value
        self.output = io.BytesIO()
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "companion", "--journal", str(journal), *args],
            env=full_env,
            preexec_fn=interruptible,
            cwd=str(ROOT),
            timeout=30,
            dimensions=(24, 80),
        )
        self.child.logfile_read = self.output

    def expect(self, text: str) -> None:
        """Wait for text, answering cursor-position requests as a real terminal would."""
        while True:
            found = self.child.expect([CPR_REQUEST, re.compile(re.escape(text.encode()))])
            if found == 0:
                self.child.send("\x1b[1;1R")
                continue
            return

    def answer(self, question: str, *lines: str) -> None:
        self.expect(question)
        for line in lines:
            self.child.sendline(line)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)

    @property
    def text(self) -> str:
        return self.output.getvalue().decode("utf-8", errors="replace")

    @property
    def raw(self) -> bytes:
        return self.output.getvalue()


def entries(companion_cli, journal: Path) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    result = companion_cli("--journal", str(journal), "list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def values(entry: dict) -> dict:  # type: ignore[type-arg]
    return {a["step"]: a["value"] for a in entry["answers"]}


BARE = {"NO_COLOR": "1", "TERM": "xterm-256color"}


def test_plain_lines_with_no_color_walk_through_a_whole_reflection(
    tmp_path: Path, companion_cli
) -> None:  # type: ignore[no-untyped-def]
    journal = tmp_path / "journal"
    term = Terminal(journal, "reflect", "workshop-close-out", "--plain", env=BARE)
    term.answer("Question 1 of 7: Which session was it?", "Introductory workshop")

    term.expect("Question 2 of 7 (optional): What has particularly resonated")
    term.answer("full stop (.)", ":hint")
    # The guidance is said in place: the answer is asked for again at once, not the question.
    term.expect("A phrase, an idea, a conversation or a moment that stayed with you.")
    term.answer("> ", "The story of now", "and the walk at lunch", ".")

    term.answer("Question 3 of 7 (optional): What have I learned?", ":skip")
    term.answer("Question 4 of 7 (optional): What am I going to do or try out?", ":back")
    term.answer("Question 3 of 7 (optional): What have I learned?", "Patience", ".")
    term.answer("Question 4 of 7", ":skip")

    term.expect("Question 5 of 7: What is one practical thing I'm going to do?")
    term.answer("What will you do?", "Email the chair")
    term.answer("By when?", "next friday")
    due = parse_date("next friday", date.today())
    term.expect(f"Understood: {due:%A} {due.day} {due:%B %Y}")
    term.answer("First step? (optional)", "Find her address")

    term.answer("Question 6 of 7 (optional, private): How am I feeling about it?", "4")
    term.expect("  5. Walking")
    term.answer("separated by commas:", "1, 5")

    term.expect("Your answers:")
    term.expect("4. What am I going to do or try out?: (not answered)")
    term.answer("Type 'save' to finish", "save")
    term.expect("Saved. Entry ")
    assert term.finish() == 0

    assert b"\x1b" not in term.raw
    found = entries(companion_cli, journal)
    assert len(found) == 1
    assert found[0]["id"] in term.text
    stored = values(found[0])
    assert stored == {
        "session": "Introductory workshop",
        "resonated": "The story of now\nand the walk at lunch",
        "learned": "Patience",
        "commitment": {
            "text": "Email the chair",
            "due": due.isoformat(),
            "first_step": "Find her address",
            "commitment_id": found[0]["commitments"][0],
        },
        "feeling": 4,
        "tags": ["inequality", "walking"],
    }
    assert [a["step"] for a in found[0]["answers"] if a.get("private")] == ["feeling"]
    commitments = Journal.open(journal).commitments()
    assert [(c.text, c.due, c.first_step) for c in commitments] == [
        ("Email the chair", due, "Find her address")
    ]
    assert Journal.open(journal).drafts() == []


def test_ctrl_c_keeps_a_draft_and_resume_finishes_it(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    journal = tmp_path / "journal"
    term = Terminal(journal, "reflect", "workshop-close-out", "--plain", env=BARE)
    term.answer("Which session was it?", "Storytelling day")
    term.answer("What has particularly resonated", "Hearing Sam's story", ".")
    term.expect("Question 3 of 7")
    term.expect("> ")
    term.child.sendintr()
    term.expect(
        "Stopped. Your answers are kept as a draft. Continue with: "
        "companion reflect workshop-close-out --resume"
    )
    assert term.finish() == 130
    assert b"\x1b" not in term.raw

    drafts = Journal.open(journal).drafts()
    assert len(drafts) == 1
    assert {k: a.value for k, a in drafts[0].answers.items()} == {
        "session": "Storytelling day",
        "resonated": "Hearing Sam's story",
    }
    assert entries(companion_cli, journal) == []

    again = Terminal(journal, "reflect", "workshop-close-out", "--plain", "--resume", env=BARE)
    again.answer("Question 3 of 7 (optional): What have I learned?", ":skip")
    again.answer("Question 4 of 7", ":skip")
    again.answer("What will you do?", "Thank Sam")
    again.answer("By when?", "")
    again.answer("First step? (optional)", "")
    again.answer("Question 6 of 7", "")
    again.answer("separated by commas:", "")
    again.expect("1. Which session was it?: Storytelling day")
    again.answer("Type 'save' to finish", "save")
    again.expect("Saved. Entry ")
    assert again.finish() == 0
    assert b"\x1b" not in again.raw
    assert "Question 1 of 7" not in again.text  # it carried on where it stopped

    found = entries(companion_cli, journal)
    assert len(found) == 1
    assert values(found[0])["session"] == "Storytelling day"
    assert values(found[0])["resonated"] == "Hearing Sam's story"
    assert values(found[0])["commitment"]["text"] == "Thank Sam"
    assert values(found[0])["commitment"]["due"] is None
    assert Journal.open(journal).drafts() == []


def test_a_dumb_terminal_gets_bare_lines_too(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    journal = tmp_path / "journal"
    term = Terminal(
        journal, "reflect", "coaching-debrief", "--plain", env={"TERM": "dumb", "NO_COLOR": None}
    )
    term.answer("Question 1 of 4: What did I take away from the call?", "Ask, don't tell", ".")
    term.answer("Question 2 of 4 (optional)", ":skip")
    term.answer("What will you do?", "Talk honestly with my trio")
    term.answer("By when?", "in 2 weeks")
    term.answer("First step? (optional)", "")
    term.answer("Question 4 of 4 (optional): When is my next coaching call?", ":skip")
    # Something other than 'save' at the end is met with what to type, not another question.
    term.answer("Type 'save' to finish", "yes please")
    term.expect("Type 'save', one of the question numbers (1, 2, 3, 4), or :quit.")
    term.answer("Type 'save' to finish", "save")
    term.expect("Saved. Entry ")
    assert term.finish() == 0

    assert b"\x1b" not in term.raw
    assert term.text.count("What will you do?") == 1
    found = entries(companion_cli, journal)
    assert values(found[0])["takeaway"] == "Ask, don't tell"
    assert (
        values(found[0])["commitment"]["due"] == parse_date("in 2 weeks", date.today()).isoformat()
    )


def test_a_required_question_left_empty_is_asked_again(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    journal = tmp_path / "journal"
    term = Terminal(journal, "reflect", "coaching-debrief", "--plain", env=BARE)
    term.answer("Question 1 of 4", ":skip")
    term.expect("'What did I take away from the call?' cannot be skipped")
    term.answer(
        "Question 1 of 4",
        "",
    )  # an empty first line: no answer
    term.expect("'What did I take away from the call?' needs an answer before you go on.")
    term.answer("Question 1 of 4", "Listen more", ".")
    term.answer("Question 2 of 4", ":quit")
    term.expect("Stopped. Your answers are kept as a draft.")
    assert term.finish() == 130
    assert b"\x1b" not in term.raw
    assert Journal.open(journal).drafts()[0].answers["takeaway"].value == "Listen more"


def test_the_arrow_key_menus_complete_a_short_reflection(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    journal = tmp_path / "journal"
    term = Terminal(
        journal,
        "reflect",
        "coaching-debrief",
        "--menus",
        env={"TERM": "xterm-256color", "NO_COLOR": None},
    )
    # Multi-line answers finish with Escape then Enter.
    term.expect("What did I take away from the call?")
    term.expect("Finish with")
    term.child.send("Ask, don't tell")
    term.child.send("\x1b")
    term.child.send("\r")
    term.expect("What shifted in how I see things?")
    term.expect("Finish with")
    term.child.send(":skip")
    term.child.send("\x1b")
    term.child.send("\r")
    term.expect("What will you do?")
    term.child.send("Talk to my trio\r")
    term.expect("By when?")
    term.child.send("in 2 weeks\r")
    term.expect("First step?")
    term.child.send("\r")
    term.expect("When is my next coaching call?")
    term.child.send("\r")
    term.expect("Type 'save' to finish")
    term.child.send("save\r")
    term.expect("Saved. Entry ")
    assert term.finish() == 0

    found = entries(companion_cli, journal)
    assert len(found) == 1
    stored = values(found[0])
    assert stored["takeaway"] == "Ask, don't tell"
    assert "shift" not in stored
    assert stored["commitment"]["text"] == "Talk to my trio"
    assert stored["commitment"]["due"] == parse_date("in 2 weeks", date.today()).isoformat()


def test_ctrl_c_part_way_through_a_long_answer_keeps_its_lines(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    term = Terminal(
        journal,
        "reflect",
        "coaching-debrief",
        "--plain",
        env={"TERM": "xterm-256color", "NO_COLOR": None},
    )
    # Each line is read before the next is typed (Ctrl-C throws away what was not yet read).
    term.answer("Question 1 of 4", "Ask, don't tell")
    term.answer("Ask, don't tell\r\n  ", "and listen")
    term.expect("and listen\r\n  ")
    term.child.sendintr()
    term.expect("What you were typing for this question is kept in the draft too.")
    assert term.finish() == 130
    assert b"\x1b" not in term.raw
    kept = Journal.open(journal).drafts()[0].answers["takeaway"].value
    assert kept == "Ask, don't tell\nand listen"


def test_share_choose_reads_each_answer_out_in_bare_lines(tmp_path: Path) -> None:
    from companion.core.scripts import load_library
    from tests.helpers.cohort import three_journals

    dana = three_journals(tmp_path / "leaders", load_library(include_user=False))[2].folder
    target = tmp_path / "dana.json"
    term = Terminal(
        dana, "share", "--name", "Dana", "--choose", "-o", str(target), env={"NO_COLOR": "1"}
    )
    for number in range(1, 11):
        term.expect(f"Answer {number} of 10:")
        term.expect("Share this answer? [Y/n]")
        term.child.sendline("n" if number == 1 else "")
    term.expect("Wrote the contribution to")
    term.child.expect(pexpect.EOF)
    assert b"\x1b" not in term.output.getvalue().replace(b"\x1b[6n", b"")
    text = target.read_text()
    assert "Storytelling day" not in text and "Silence in a meeting" in text
