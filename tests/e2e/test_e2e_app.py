"""End to end: the installed `companion` command in a real terminal (tmux), driven by typing.

tmux renders the screen the way a person sees it, so the test reads the screen, not the stream
of escape sequences.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

COMMAND = Path(sys.executable).parent / "companion"


def _need(path: Path | None, what: str) -> Path:
    if path is None or not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is missing; `make test` installs it.")
        pytest.skip(f"{what} is not available here")
    return path


class Tmux:
    """One detached tmux session running a command in an 80x24 terminal."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        tmux = shutil.which("tmux")
        self.tmux = str(_need(Path(tmux) if tmux else None, "tmux"))
        self.name = f"companion-test-{uuid.uuid4().hex[:8]}"
        self.socket = f"companion-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{key}={value!r}" for key, value in env.items())
        shell_command = (
            f"env {exports} {' '.join(repr(part) for part in command)}; echo EXITED $?; sleep 30"
        )
        self._run("new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", shell_command)

    def _run(self, *args: str) -> str:
        result = subprocess.run(
            [self.tmux, "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared. The screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._run("send-keys", "-t", self.name, key)
            time.sleep(0.05)

    def type(self, text: str) -> None:
        self._run("send-keys", "-t", self.name, "-l", text)
        time.sleep(0.1)

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal_env() -> dict[str, str]:
    env = {"TERM": "xterm-256color", "HOME": os.environ["HOME"], "PATH": os.environ.get("PATH", "")}
    for key in (
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "LANG",
        "LC_ALL",
        "COMPANION_DATA_DIR",
        "COMPANION_CONFIG_DIR",
    ):
        if key in os.environ:
            env[key] = os.environ[key]
    env.setdefault("LANG", "C.UTF-8")
    return env


@pytest.fixture
def tmux_session(tmp_path: Path, terminal_env: dict[str, str]) -> Iterator[tuple[Tmux, Path]]:
    command = _need(COMMAND, "the installed companion command")
    journal = tmp_path / "journal"
    session = Tmux([str(command), "--journal", str(journal)], terminal_env)
    try:
        yield session, journal
    finally:
        session.close()


def test_workshop_close_out_typed_in_the_real_app(tmux_session: tuple[Tmux, Path]) -> None:
    term, journal = tmux_session
    term.wait_for("Start a reflection")
    term.wait_for("journal is empty")
    term.keys("Enter")  # Workshop close-out is highlighted first
    term.wait_for("Question 1 of 7")
    term.type("Trio launch day")
    term.keys("Enter")
    term.wait_for("Question 2 of 7")
    term.type("Working out loud with people from three sectors")
    term.wait_for("8 words")
    term.keys("C-n")
    term.wait_for("Question 3 of 7")
    term.keys("C-o")
    term.wait_for("Question 4 of 7")
    term.keys("C-o")
    term.wait_for("Question 5 of 7")
    term.type("Book a walking meeting with the trio")
    term.keys("Enter")
    term.type("2026-12-11")
    term.wait_for("Understood: Friday 11 December 2026")
    term.keys("Enter")
    term.type("Find three dates")
    term.keys("Enter")
    term.wait_for("Question 6 of 7")
    term.keys("C-o")
    term.wait_for("Question 7 of 7")
    term.keys("C-o")
    term.wait_for("Check your answers")
    term.keys("C-s")
    term.wait_for("Recent entries")
    term.wait_for("Trio launch day")  # the entry, on Home (it may wrap at 80 columns)
    term.keys("C-q")
    term.wait_for("EXITED 0")

    listed = subprocess.run(
        [str(COMMAND), "--journal", str(journal), "list", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    [entry] = json.loads(listed.stdout)
    answers = {a["step"]: a["value"] for a in entry["answers"]}
    assert answers["session"] == "Trio launch day"
    assert answers["resonated"] == "Working out loud with people from three sectors"
    assert answers["commitment"]["text"] == "Book a walking meeting with the trio"
    commitments = subprocess.run(
        [str(COMMAND), "--journal", str(journal), "commitments", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    [commitment] = json.loads(commitments.stdout)
    assert commitment["due"] == "2026-12-11"
    assert commitment["first_step"] == "Find three dates"
    assert commitment["entry"] == entry["id"]
