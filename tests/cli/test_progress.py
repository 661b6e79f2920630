"""Long work on the command line shows its progress, and Ctrl+C stops it with nothing written."""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from pathlib import Path

import pytest

from companion.cli.progress import SHOW_AFTER, TerminalProgress
from companion.core.scripts import Library
from tests.helpers.pty import interruptible
from tools import sample

ROOT = Path(__file__).resolve().parent.parent.parent


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def run(progress: TerminalProgress, clock: Clock, seconds: float, steps: int = 1000) -> None:
    for done in range(steps + 1):
        clock.now += seconds / steps
        progress(done, steps, "Exporting entries")
    progress.finish()


def test_quick_work_shows_nothing() -> None:
    stream, clock = Tty(), Clock()
    run(TerminalProgress(stream, env={"TERM": "xterm"}, clock=clock), clock, SHOW_AFTER / 2)
    assert stream.getvalue() == ""


def test_a_capable_terminal_gets_a_bar_redrawn_at_most_ten_times_a_second_then_wiped() -> None:
    stream, clock = Tty(), Clock()
    run(TerminalProgress(stream, env={"TERM": "xterm"}, clock=clock), clock, 3.0)
    shown = stream.getvalue()
    draws = shown.count("\r") - 1  # the last \r wipes the bar
    assert 1 <= draws <= 10 * 3 + 1
    assert "Exporting entries [" in shown and "%" in shown
    assert shown.endswith("\r\x1b[K")


@pytest.mark.parametrize(
    ("stream", "env"),
    [
        (Tty(), {"TERM": "xterm", "NO_COLOR": "1"}),
        (Tty(), {"TERM": "dumb"}),
        (io.StringIO(), {"TERM": "xterm"}),  # a pipe or a file
    ],
)
def test_without_a_capable_terminal_a_plain_line_now_and_then_never_a_redraw(
    stream: io.StringIO, env: dict[str, str]
) -> None:
    clock = Clock()
    run(TerminalProgress(stream, env=env, clock=clock), clock, 20.0)
    shown = stream.getvalue()
    assert "\r" not in shown and "\x1b" not in shown
    lines = shown.splitlines()
    assert 1 <= len(lines) <= 5
    assert all(line.startswith("Exporting entries: ") and " of 1,000" in line for line in lines)


@pytest.mark.slow
def test_ctrl_c_during_a_long_html_export_stops_it_with_no_file(
    tmp_path: Path, library: Library
) -> None:
    """In a real terminal: the bar shows, Ctrl+C, and the export stops; no file, journal whole."""
    pexpect = pytest.importorskip("pexpect")
    folder = tmp_path / "journal"
    # Forty years of entries: long enough that Ctrl+C lands well before the end, however
    # busy the machine is.
    forty = dataclasses.replace(sample.TEN_YEARS, days=4 * 3652, entries=8000, commitments=2000)
    sample.generate(folder, forty)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    target = tmp_path / "journal.html"
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COMPANION_PASSPHRASE")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8")
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "companion",
            "--journal",
            str(folder),
            "export",
            "--format",
            "html",
            "-o",
            str(target),
        ],
        env=env,
        preexec_fn=interruptible,
        cwd=str(ROOT),
        timeout=60,
        dimensions=(24, 100),
    )
    child.expect(r"\] +[0-4]?\d%")  # the bar, well before the end
    child.sendintr()
    child.expect("Stopped: nothing was exported")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not target.exists()
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before
