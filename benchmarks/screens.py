"""The app as a leader uses it, in a pseudo-terminal: each screen opened from Home, and keys typed
into a long answer.

Each screen is timed from the key press on Home to the moment its data is on the terminal (a
text the screen shows only once it has read and shown the journal), at one week and at ten
years, in turns (a fresh process for each journal in each round); then Esc back to Home.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from terminal import Terminal

from companion.core.views.home import read_home
from companion.core.views.render import entry_markdown
from companion.journal import Journal

#: Home shows its lists in its first frame; this one only once its data is in.
HOME_READY = "Recent entries"
#: Home's first panel title: on screen again whenever Home is back.
HOME_BACK = "Start a reflection"
ESC = b"\x1b"
TAB = b"\t"
ENTER = b"\r"
#: Pasting a long answer: Textual turns on bracketed paste.
PASTE_START, PASTE_END = b"\x1b[200~", b"\x1b[201~"


@dataclass(frozen=True)
class Place:
    name: str
    #: Keys pressed unmeasured before (to reach it), then the key that opens it (measured).
    before: bytes
    key: bytes
    #: Any of these on the terminal means the screen's data is shown.
    ready: tuple[str, ...]


def places(journal: Path) -> list[Place]:
    """The screens opened from Home, each with what shows it is ready on this journal."""
    opened = Journal.open(journal)
    home = read_home(opened)
    newest = home.recent[0]
    heading = entry_markdown(newest, opened).splitlines()[0]
    # From the scripts list, Tab visits the side panel and the lists Home shows before Recent
    # entries.
    tabs = 2 + sum(
        bool(shown)
        for shown in (home.reminder is not None and home.reminder.due, home.drafts, home.due)
    )
    return [
        Place("coach brief", b"", b"p", ("Progress on commitments",)),
        Place("journal", b"", b"j", ("Enter opens one.", "No entries yet")),
        Place("commitments", b"", b"c", ("overdue, ", "No commitments yet")),
        Place("barriers", b"", b"b", ("barriers named", "No barriers named yet")),
        Place("entry", TAB * tabs, ENTER, (heading.partition(": ")[2][:20],)),
        Place("weekly review", b"", b"w", ("How is this commitment going?",)),
    ]


def environment(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("COMPANION_", "NO_COLOR", "TEXTUAL", "PYTHONDONTWRITE"))
    }
    env.update(TERM="xterm-256color", HOME=str(home), XDG_CONFIG_HOME=str(home / ".c"))
    return env


def visit(terminal: Terminal, place: Place) -> float:
    """Open a place from Home; milliseconds until its data shows; then back to Home."""
    if place.before:
        for key in place.before:
            terminal.press(bytes([key]))
            time.sleep(0.05)
        terminal.drain(0.3)
    sent = terminal.press(place.key)
    took = terminal.wait_for(*place.ready, since=sent, timeout=30)
    terminal.drain(0.3)
    terminal.press(ESC)
    terminal.wait_for(HOME_BACK, timeout=30)
    terminal.drain(0.3)
    return took


def screen_times(
    journals: dict[str, Path], env: dict[str, str], rounds: int
) -> dict[str, dict[str, list[float]]]:
    """{place: {journal name: [ms, ...]}}, every journal's process in turns, `rounds` times."""
    python = sys.executable
    found: dict[str, dict[str, list[float]]] = {}
    plans = {name: places(folder) for name, folder in journals.items()}
    for _ in range(rounds + 1):  # the first round warms the caches and is not kept
        for name, folder in journals.items():
            terminal = Terminal([python, "-m", "companion", "--journal", str(folder)], env)
            try:
                terminal.wait_for(HOME_READY, timeout=60)
                terminal.drain(0.5)
                for place in plans[name]:
                    found.setdefault(place.name, {}).setdefault(name, []).append(
                        visit(terminal, place)
                    )
            finally:
                terminal.quit()
    return {
        place: {name: times[1:] for name, times in by_journal.items()}
        for place, by_journal in found.items()
    }


# ---------------------------------------------------------------------- typing


def long_answer(words: int) -> str:
    """About `words` words of ordinary prose in paragraphs, as a leader might paste them."""
    sentence = (
        "The residents panel met in the library and talked about the walking routes to school, "
        "and who gets to decide what the budget is for this year. "
    )
    per = len(sentence.split())
    paragraphs = []
    for _ in range(0, words, per * 5):
        paragraphs.append(sentence * 5)
    return "\n\n".join(p.strip() for p in paragraphs)


def _typed(length: int = 60) -> str:
    """Capitals to type one key at a time after the paste, no three in a row twice (the pasted
    prose has no capitals), as words of four letters: each space starts a new word, so the word
    count under the answer changes as a leader's does."""
    letters = "QWXZJKVP"
    out = "QWX"
    seen = {out}
    while len(out) < length:
        for letter in letters:
            if out[-2:] + letter not in seen:
                seen.add(out[-2:] + letter)
                out += letter
                break
        else:
            break
    return " ".join(out[i : i + 4] for i in range(0, len(out), 4))


TYPED = _typed()


def echo_of(typed: str, index: int) -> str:
    """What shows that key `index` has been drawn: the shortest run of at least three keys
    ending with it that occurs once in all that is typed."""
    for start in range(index - 2, -1, -1):
        shown = typed[max(0, start) : index + 1]
        if typed.count(shown) == 1:
            return shown
    return typed[: index + 1]


def keystroke_echo(argv: list[str], env: dict[str, str], words: int = 3000) -> list[float]:
    """Open a reflection (or the bare TextArea app), paste a long answer, then time each key
    until it shows on screen."""
    terminal = Terminal(argv, env)
    times: list[float] = []
    try:
        terminal.wait_for("What happened?", timeout=60)
        terminal.drain(0.5)
        data = PASTE_START + long_answer(words).encode() + PASTE_END
        terminal.press(b"")
        while data:
            written = os.write(terminal.fd, data[:4096])
            data = data[written:]
            terminal.drain(0.01, longest=0.05)
        terminal.drain(1.0, longest=10)
        terminal.press(b"\r\r")
        terminal.drain(0.5)
        for index, key in enumerate(TYPED):
            sent = terminal.press(key.encode())
            if key != " ":  # a space at a line's end may not be drawn: timed with the next key
                times.append(terminal.wait_for(echo_of(TYPED, index), since=sent, timeout=10))
            time.sleep(0.03)  # about a fast typist's pace
        terminal.drain(0.3)
    finally:
        terminal.press(b"\x11")  # Ctrl+Q: the draft is kept (a fresh copy each run)
        terminal.quit()
    return times


def p95(values: list[float]) -> float:
    ranked = sorted(values)
    return ranked[int(0.95 * (len(ranked) - 1))]


def median(values: list[float]) -> float:
    return statistics.median(values)
