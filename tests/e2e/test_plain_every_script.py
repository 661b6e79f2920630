"""Every built-in script, answered in `companion reflect ID --plain` on an ordinary colour terminal.

A screen-reader user who follows the README types `--plain` on whatever terminal they have
(TERM=xterm-256color, NO_COLOR unset). What reaches the terminal must be lines only: no cursor
movement, no erasing, no carriage-return redraw, no hidden cursor, no alternate screen. Colour
would be allowed (SGR, ESC [ ... m) and nothing else. Each script's entry must be saved.

The scripts run side by side (one pseudo-terminal each), so the whole test stays well under a
minute on a busy machine.
"""

from __future__ import annotations

import io
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from companion.core.scripts import Library
from companion.core.session import Session
from companion.journal import Journal
from tests.helpers.pty import interruptible

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent.parent

#: Any escape sequence that is not SGR colour; a C1 CSI; a carriage return that is not a line end.
SGR = re.compile(rb"\x1b\[[0-9;]*m")
FORBIDDEN = re.compile(rb"\x1b|\xc2\x9b|\r(?!\n)")

#: What plain mode asks (the end of each prompt), and what the leader types in reply.
#: pexpect takes the pattern that matches earliest, so a long answer's "> " (after its
#: instruction) is told from a one-line answer's.
REPLIES: list[tuple[bytes, str]] = [
    (rb"full stop \(\.\)\.\r\n> ", "A short answer\n."),
    (rb"when you have finished\.\r\n- ", "One item\n"),
    (rb"Type a number, or [a-z ]+: ", "1"),
    (rb"separated by commas: ", "1"),
    (rb"Type a number from (\d+) to \d+[^\r\n]*: ", "3"),
    (rb"What will you do\? ", "Ring the chair"),
    (rb"\(for example [^\r\n]*in 2 weeks\) ", "in 2 weeks"),
    (rb"First step\? \(optional\) ", "Find her number"),
    (rb"what got in the way\? \(optional\) ", "Asking early helped"),
    (rb"Press Enter to go on\. ", ""),
    (rb"Type 'save' to finish[^\r\n]*: ", "save"),
    (rb"\r\n> ", "A line"),
]
#: What must never be seen: a question refused, a traceback, an internal value.
TROUBLE = [
    rb"needs an answer",
    rb"is not one of",
    rb"is not a review decision",
    rb"Traceback",
    rb"went wrong",
]
DONE = rb"Saved\. Entry "
MOST_REPLIES = 80  # more than any script asks: a loop would show as a failure, not a hang


def start(journal: Path, script_id: str) -> Any:
    """`companion reflect ID --plain` in a pseudo-terminal of its own (started from the main
    thread: forking while other threads run could leave a child stuck before it starts)."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "companion", "--journal", str(journal), "reflect", script_id, "--plain"],
        env=env,
        preexec_fn=interruptible,
        cwd=str(ROOT),
        timeout=30,
        dimensions=(24, 80),
    )
    child.logfile_read = io.BytesIO()
    return child


def answer_every_question(child: Any, script_id: str) -> bytes:
    """Answer each question the script asks; everything the terminal received."""
    seen = child.logfile_read
    patterns = [DONE, *TROUBLE, *(re.compile(p) for p, _ in REPLIES)]
    try:
        for _ in range(MOST_REPLIES):
            found = child.expect(patterns)
            if found == 0:
                break
            if found <= len(TROUBLE):
                raise AssertionError(f"{script_id}: {seen.getvalue()[-600:]!r}")
            for line in REPLIES[found - 1 - len(TROUBLE)][1].split("\n"):
                child.sendline(line)
        else:
            raise AssertionError(f"{script_id} never finished: {seen.getvalue()[-600:]!r}")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, (script_id, seen.getvalue()[-600:])
    return bytes(seen.getvalue())


def a_commitment_to_review(journal: Path, library: Library) -> None:
    session = Session(library.get("coaching-debrief"), Journal.open(journal), autosave=False)
    session.answer("Listen more", step_id="takeaway")
    session.answer({"text": "Talk to my trio", "due": "2020-01-10"}, step_id="commitment")
    session.finish()


def test_every_script_in_plain_mode_on_a_colour_terminal_is_lines_only(
    tmp_path: Path, library: Library
) -> None:
    scripts = [script.id for script in library.ordered()]
    assert len(scripts) >= 12
    journals = {script_id: tmp_path / script_id for script_id in scripts}
    # The weekly review asks about open commitments: give it one, so its questions are asked.
    a_commitment_to_review(journals["review-commitments"], library)

    children = {script_id: start(journals[script_id], script_id) for script_id in scripts}
    with ThreadPoolExecutor(max_workers=len(scripts)) as pool:
        received = dict(
            zip(
                scripts,
                pool.map(lambda s: answer_every_question(children[s], s), scripts),
                strict=True,
            )
        )

    for script_id, raw in received.items():
        bare = SGR.sub(b"", raw)
        bad = FORBIDDEN.search(bare)
        assert bad is None, (script_id, bare[max(0, bad.start() - 80) : bad.end() + 20])
        for symbol in ("○", "●", "»"):
            assert symbol.encode() not in raw, (script_id, symbol)
        entries = Journal.open(journals[script_id]).entries()
        finished = [e for e in entries if e.script_id == script_id]
        assert len(finished) == 1, script_id
        assert finished[0].id.encode() in raw  # the leader was told which entry was saved
        assert Journal.open(journals[script_id]).drafts() == []
    reviewed = Journal.open(journals["review-commitments"]).commitments()
    assert [c.status.value for c in reviewed] == ["done"]  # "1" was Done, and it was applied
