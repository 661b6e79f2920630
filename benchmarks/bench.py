"""Companion's benchmarks: each line a ratio against the floor or a peer, measured in one run.

    make bench                                          # builds what it needs, prints the table
    .venv/bin/python benchmarks/bench.py [--repeats N] [--quick]
    .venv/bin/python benchmarks/bench.py --record BENCHMARKS.md   # also rewrite the table there

Every line is measured in this run, against its floor measured in the same run (interleaved,
so a busy machine slows both sides alike), as the median of repeated runs. The ten-year sample
journal (2,000 entries, 3,000 commitments; see tools/sample.py) is built once and cached in
.bench/. There are no timed assertions anywhere: the marks say whether a goal was met.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import screens  # noqa: E402
import workspace  # noqa: E402
from terminal import run_until  # noqa: E402

from companion.core.model import CommitmentStatus  # noqa: E402
from companion.core.scripts import Library, load_library  # noqa: E402
from companion.core.session import Session  # noqa: E402
from companion.core.views.search import Filters, SearchIndex  # noqa: E402
from companion.journal import Journal  # noqa: E402
from tools import sample  # noqa: E402

PYTHON = sys.executable
#: Shown on Home only once its data is on screen ("Commitments due (N overdue)").
HOME_READY = "overdue)"
BARE_READY = "Bare Textual app ready"
#: Shown on Home over an empty journal once Home has looked at it.
EMPTY_READY = "journal is empty"
#: What a leader might type into the Journal screen's search box, one key at a time.
QUERIES = (
    "board",
    "residents panel",
    "eastfield",
    "safe walking routes",
    "priya",
    "trust",
    "culture book",
    "the money for",
    "zebra crossing",
)


@dataclass
class Line:
    """One line of the table: a ratio (or a time) against its goal, with what it was made of."""

    name: str
    value: float | None
    goal: float | None
    unit: str = "×"
    detail: str = ""

    @property
    def mark(self) -> str:
        if self.value is None:
            return "pending"
        if self.goal is None:
            return ""
        return "met" if self.value <= self.goal else "MISSED"

    def result(self) -> str:
        if self.value is None:
            return "—"
        return (
            f"{self.value:.2f}{self.unit}" if self.unit == "×" else f"{self.value:.1f} {self.unit}"
        )

    def goal_text(self) -> str:
        if self.goal is None:
            return "—"
        return f"≤ {self.goal:g}{self.unit}" if self.unit == "×" else f"≤ {self.goal:g} {self.unit}"


@dataclass
class Bench:
    """What every line may use: the cached journals, a scratch folder, the repeat count."""

    repeats: int
    scratch: Path
    jrnl: Path | None
    ten_years: Path = field(init=False)
    one_week: Path = field(init=False)
    library: Library = field(init=False)
    _app_runs: dict[str, list[Any]] | None = None

    def __post_init__(self) -> None:
        self.ten_years = workspace.sample_journal(sample.TEN_YEARS)
        self.one_week = workspace.sample_journal(sample.ONE_WEEK)
        self.library = load_library(include_user=False)

    def copy(self, folder: Path, name: str) -> Path:
        return workspace.fresh_copy(folder, self.scratch, name)

    def app_runs(self) -> dict[str, list[Any]]:
        """Start the bare app, Companion on an empty journal and on ten years, in turns."""
        if self._app_runs is None:
            ten_years = self.copy(self.ten_years, "start-up")
            empty = self.scratch / "empty"
            Journal.open(empty)
            home = self.scratch / "home"
            home.mkdir(exist_ok=True)
            env = {
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("COMPANION_", "NO_COLOR", "TEXTUAL", "PYTHONDONTWRITE"))
            }
            env.update(TERM="xterm-256color", HOME=str(home), XDG_CONFIG_HOME=str(home / ".c"))
            companion = [PYTHON, "-m", "companion", "--journal"]
            cases = {
                "bare": ([PYTHON, str(HERE / "bare_app.py")], BARE_READY),
                "empty": ([*companion, str(empty)], EMPTY_READY),
                "ten years": ([*companion, str(ten_years)], HOME_READY),
            }
            for argv, ready in cases.values():  # warm up: byte-code and file caches
                run_until(argv, ready, env)
            runs: dict[str, list[Any]] = {name: [] for name in cases}
            for _ in range(max(5, self.repeats // 3)):
                for name, (argv, ready) in cases.items():
                    runs[name].append(run_until(argv, ready, env))
            self._app_runs = runs
        return self._app_runs


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(action: Callable[..., object], *args: Any) -> float:
    """Milliseconds action takes, starting from a collected heap (neither side of a line pays
    for the garbage the other left)."""
    gc.collect()
    start = time.perf_counter()
    action(*args)
    return (time.perf_counter() - start) * 1000


# ---------------------------------------------------------------------- the lines


def startup(bench: Bench) -> list[Line]:
    runs = bench.app_runs()
    ms = {name: median([r.ready_ms for r in found]) for name, found in runs.items()}
    count = len(runs["bare"])
    return [
        Line(
            "start-up to Home ready, ten years ÷ bare Textual app",
            ms["ten years"] / ms["bare"],
            1.25,
            detail=f"{ms['ten years']:.0f} ms ÷ {ms['bare']:.0f} ms ({count} runs each, in a pty)",
        ),
        Line(
            "  of which: empty journal ÷ bare Textual app",
            ms["empty"] / ms["bare"],
            None,
            detail=f"{ms['empty']:.0f} ms: Companion's own screen and code, no journal",
        ),
        Line(
            "  of which: ten years ÷ empty journal",
            ms["ten years"] / ms["empty"],
            None,
            detail="what ten years of journal add",
        ),
    ]


def saves(bench: Bench) -> list[Line]:
    """Autosave, finish and commitment change at ten years against one week."""
    clock = sample.SampleClock(sample.AS_OF)
    journals = {
        "week": Journal.open(bench.copy(bench.one_week, "saves-week"), clock=clock),
        "years": Journal.open(bench.copy(bench.ten_years, "saves-years"), clock=clock),
    }
    script = bench.library.get("workshop-close-out")
    drafting = {name: Session(script, j, autosave=False) for name, j in journals.items()}
    for session in drafting.values():
        session.answer("Ambition-setting day")
    targets = {name: j.commitments()[-1].id for name, j in journals.items()}

    def finish(journal: Journal) -> None:
        run = Session(script, journal, autosave=False)
        run.answer("Storytelling day")
        run.answer("The Board is where power sits, and it listens to stories.", step_id="learned")
        run.answer(
            {"text": "Ask the chair about the Board agenda", "due": "2026-12-04"},
            step_id="commitment",
        )
        run.finish()

    actions: dict[str, Callable[[str], object]] = {
        "autosave a draft": lambda name: drafting[name].save_draft(),
        "finish an entry": lambda name: finish(journals[name]),
        "change a commitment": lambda name: journals[name].set_commitment_status(
            targets[name], CommitmentStatus.RENEGOTIATED, note="smaller step"
        ),
    }
    lines = []
    for label, action in actions.items():
        times: dict[str, list[float]] = {"week": [], "years": []}
        for name in times:  # once each, unmeasured: first touches of files and code
            action(name)
        for _ in range(bench.repeats):
            for name in times:
                times[name].append(timed(action, name))
        week, years = median(times["week"]), median(times["years"])
        lines.append(
            Line(
                f"{label}, ten years ÷ one week",
                years / week,
                1.5,
                detail=f"{years:.2f} ms ÷ {week:.2f} ms",
            )
        )
    return lines


def bare_atomic_write(path: Path, data: bytes) -> None:
    """The floor under any durable save: temp file, fsync, rename, fsync the folder."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".bare.", suffix=".tmp")
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def autosave_against_a_bare_write(bench: Bench) -> list[Line]:
    folder = bench.copy(bench.ten_years, "autosave")
    journal = Journal.open(folder, clock=sample.SampleClock(sample.AS_OF))
    session = Session(bench.library.get("learning-diary"), journal, autosave=False)
    session.answer("The Board paper went through without one question about residents.")
    session.save_draft()
    drafts = folder / "drafts.json"
    floor = folder / "bare-write.json"
    ours_ms: list[float] = []
    bare_ms: list[float] = []
    for _ in range(bench.repeats):
        ours_ms.append(timed(session.save_draft))
        data = drafts.read_bytes()
        bare_ms.append(timed(bare_atomic_write, floor, data))
    ours, bare = median(ours_ms), median(bare_ms)
    return [
        Line(
            "one autosave ÷ one bare atomic fsync'd write of the same bytes",
            ours / bare,
            3,
            detail=f"{ours:.2f} ms ÷ {bare:.2f} ms ({drafts.stat().st_size:,} bytes)",
        )
    ]


def search(bench: Bench) -> list[Line]:
    """Search as typed in the Journal screen: its index is prepared when it loads, then a key
    press is one SearchIndex.search over every entry (the screen's own code path)."""
    entries = Journal.open(bench.ten_years).entries()
    keystrokes: list[float] = []
    prepare: list[float] = []
    for _ in range(max(3, bench.repeats // 8)):
        index = SearchIndex()  # a fresh visit to the Journal screen
        prepare.append(timed(index.prepare, entries))  # in the screen's loading worker
        for query in QUERIES:
            for length in range(1, len(query) + 1):
                keystrokes.append(timed(index.search, entries, Filters(text=query[:length])))
    ranked = sorted(keystrokes)
    p95 = ranked[int(0.95 * (len(ranked) - 1))]
    return [
        Line(
            f"search {len(entries):,} entries as typed, p95 per key",
            p95,
            30,
            unit="ms",
            detail=(
                f"median {median(keystrokes):.1f} ms, slowest {ranked[-1]:.1f} ms over "
                f"{len(keystrokes)} keys; index prepared while the screen loads in "
                f"{median(prepare):.0f} ms"
            ),
        )
    ]


def export_html(bench: Bench) -> list[Line]:
    """Exporting ten years to HTML ÷ markdown-it-py rendering the same Markdown alone.

    Both in this process: ours reads the journal, chooses what may leave, writes the Markdown
    and renders it (markdown-it-py's js-default preset, links checked) into one page; the floor
    renders that same Markdown with the same preset and nothing else.
    """
    from markdown_it import MarkdownIt

    from companion.export import FORMATS, ExportOptions, render, select_from_journal

    folder = bench.copy(bench.ten_years, "export-html")

    def ours() -> str:
        selection = select_from_journal(Journal.open(folder), ExportOptions())
        page = render(selection, FORMATS["html"])
        assert isinstance(page, str)
        return page

    selection = select_from_journal(Journal.open(folder), ExportOptions())
    markdown = render(selection, FORMATS["md"])
    assert isinstance(markdown, str)
    renderer = MarkdownIt("js-default")
    ours_ms, floor_ms = [], []
    for _ in range(max(3, bench.repeats // 6)):  # in turns, so load slows both alike
        ours_ms.append(timed(ours))
        floor_ms.append(timed(lambda: renderer.render(markdown)))
    ratio = median(ours_ms) / median(floor_ms)
    return [
        Line(
            "export ten years to HTML ÷ markdown-it-py alone",
            ratio,
            1.3,
            detail=(
                f"{median(ours_ms):.0f} ms ÷ {median(floor_ms):.0f} ms "
                f"({len(markdown) / 1e6:.1f} MB Markdown, {len(ours()) / 1e6:.1f} MB page)"
            ),
        )
    ]


def export_json(bench: Bench) -> list[Line]:
    """Exporting ten years to JSON ÷ `jrnl --export json` on the same text.

    Both as a user runs them: a process from start to exit, the export to standard output,
    which goes to /dev/null.
    """
    import json
    import subprocess

    if bench.jrnl is None:
        return [Line("export ten years to JSON ÷ jrnl --export json", None, 0.8, detail="no jrnl")]
    env = workspace.jrnl_workspace(bench.ten_years, bench.jrnl)
    command = [str(bench.jrnl), "--export", "json"]
    check = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    exported = json.loads(check.stdout)
    folder = bench.copy(bench.ten_years, "export-json")
    ours_command = [PYTHON, "-m", "companion", "--journal", str(folder), "export"]
    ours_command += ["--format", "json", "-o", "-"]
    ours_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONDONTWRITE")}
    ours_check = subprocess.run(ours_command, env=ours_env, capture_output=True, text=True)
    ours_check.check_returncode()
    ours_entries = len(json.loads(ours_check.stdout)["entries"])

    def run(argv: list[str], environment: dict[str, str]) -> None:
        subprocess.run(argv, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    jrnl_times, ours_times = [], []
    for _ in range(max(3, bench.repeats // 4)):
        jrnl_times.append(timed(run, command, env))
        ours_times.append(timed(run, ours_command, ours_env))
    jrnl_ms, ours_ms = median(jrnl_times), median(ours_times)
    return [
        Line(
            "export ten years to JSON ÷ jrnl --export json",
            ours_ms / jrnl_ms,
            0.8,
            detail=(
                f"{ours_ms:.0f} ms ({ours_entries:,} entries and every commitment, private "
                f"answers held back) ÷ jrnl {workspace.jrnl_version(bench.jrnl)} {jrnl_ms:.0f} ms "
                f"({len(exported['entries']):,} entries)"
            ),
        )
    ]


def memory(bench: Bench) -> list[Line]:
    """Each process's own peak (VmHWM from /proc, read when its screen is ready)."""
    runs = bench.app_runs()
    mb = {name: median([r.peak_mb for r in found]) for name, found in runs.items()}
    sources = {r.memory_source for found in runs.values() for r in found}
    how = (
        "each process's own peak, VmHWM, read when the screen is ready"
        if sources == {"VmHWM"}
        else "ru_maxrss from wait4: no /proc here, and it may hold the benchmark's own size"
    )
    return [
        Line(
            "peak memory at Home, ten years ÷ bare Textual app (the process's own VmHWM)",
            mb["ten years"] / mb["bare"],
            1.3,
            detail=f"{mb['ten years']:.1f} MB ÷ {mb['bare']:.1f} MB ({how})",
        ),
        Line(
            "  of which: empty journal ÷ bare Textual app",
            mb["empty"] / mb["bare"],
            None,
            detail=f"{mb['empty']:.1f} MB",
        ),
    ]


def screens_from_home(bench: Bench) -> list[Line]:
    """Each screen opened from Home in a pty, ten years ÷ one week, and its time at ten years."""
    home = bench.scratch / "screens-home"
    home.mkdir(exist_ok=True)
    journals = {
        "week": bench.copy(bench.one_week, "screens-week"),
        "years": bench.copy(bench.ten_years, "screens-years"),
    }
    rounds = max(3, bench.repeats // 4)  # ten at full: the one-week side moves 20-40 ms a visit
    found = screens.screen_times(journals, screens.environment(home), rounds)
    lines = []
    for place, times in found.items():
        week, years = median(times["week"]), median(times["years"])
        lines.append(
            Line(
                f"{place} from Home, ten years ÷ one week",
                years / week,
                1.25,
                detail=f"{years:.0f} ms ÷ {week:.0f} ms ({len(times['years'])} visits each)",
            )
        )
        lines.append(
            Line(
                f"  {place} from Home at ten years",
                years,
                100,
                unit="ms",
                detail=f"slowest {max(times['years']):.0f} ms",
            )
        )
    return lines


def keystrokes(bench: Bench) -> list[Line]:
    """Keys typed after pasting 3,000 words into an answer at ten years: time to echo."""
    home = bench.scratch / "keys-home"
    home.mkdir(exist_ok=True)
    times: list[float] = []
    bare: list[float] = []
    env = screens.environment(home)
    for turn in range(max(2, bench.repeats // 13)):  # in turns with the floor
        journal = bench.copy(bench.ten_years, f"keys-{turn}")
        reflect = [PYTHON, "-m", "companion", "--journal", str(journal), "reflect"]
        times += screens.keystroke_echo([*reflect, "learning-diary"], env)
        bare += screens.keystroke_echo([PYTHON, str(HERE / "bare_textarea.py")], env)
    return [
        Line(
            "keystroke to echo in a 3,000-word answer at ten years, p95",
            screens.p95(times),
            16,
            unit="ms",
            detail=(
                f"median {median(times):.1f} ms, slowest {max(times):.1f} ms over "
                f"{len(times)} keys, in a pty"
            ),
        ),
        Line(
            "  of which: the same in a bare Textual TextArea, p95",
            screens.p95(bare),
            None,
            unit="ms",
            detail=f"median {median(bare):.1f} ms: what Textual itself costs per key",
        ),
    ]


def unlock(bench: Bench) -> list[Line]:
    """Unlocking an encrypted ten-year journal: derive the key, open, read every record."""
    from companion.journal import crypto

    passphrase = "walking meetings in the rain"
    folder = bench.copy(bench.ten_years, "unlock")
    Journal.open(folder).encrypt(passphrase)
    plain_folder = bench.copy(bench.ten_years, "unlock-plain")

    def read_all(journal: Journal) -> int:
        return len(journal.entries()) + len(journal.commitments())

    whole, derive, plain = [], [], []
    for _ in range(max(3, bench.repeats // 8)):
        whole.append(timed(lambda: read_all(Journal.open(folder, passphrase=passphrase))))
        derive.append(timed(crypto.unlock, folder, passphrase))
        plain.append(timed(lambda: read_all(Journal.open(plain_folder))))
    return [
        Line(
            "unlock an encrypted ten-year journal and read all of it",
            median(whole),
            None,
            unit="ms",
            detail=(
                f"deriving the key ({crypto.DEFAULT_PARAMS.describe()}) "
                f"{median(derive):.0f} ms; the same read unencrypted {median(plain):.0f} ms"
            ),
        )
    ]


LINES: list[Callable[[Bench], list[Line]]] = [
    startup,
    screens_from_home,
    keystrokes,
    saves,
    autosave_against_a_bare_write,
    search,
    export_html,
    export_json,
    memory,
    unlock,
]


# ---------------------------------------------------------------------- the table


def table(lines: list[Line]) -> list[str]:
    rows = [("measure", "result", "goal", "mark", "measured")]
    rows += [(ln.name, ln.result(), ln.goal_text(), ln.mark, ln.detail) for ln in lines]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    out = []
    for row in rows:
        cells = [
            row[0].ljust(widths[0]),
            row[1].rjust(widths[1]),
            row[2].ljust(widths[2]),
            row[3].ljust(widths[3]),
        ]
        out.append("  ".join([*cells, row[4]]).rstrip())
    return out


def markdown(lines: list[Line], facts: str, machine: dict[str, str], command: str) -> str:
    out = [
        f"Measured {machine['date']} with `{command}` on the ten-year sample journal: {facts}.",
        "",
        "| measure | result | goal | mark | measured |",
        "| --- | ---: | --- | --- | --- |",
    ]
    for ln in lines:
        name = f"↳ {ln.name.strip()}" if ln.name.startswith(" ") else ln.name
        out.append(f"| {name} | {ln.result()} | {ln.goal_text()} | {ln.mark} | {ln.detail} |")
    out += [
        "",
        f"Machine: {machine['cpu']}; {machine['memory']} RAM; {machine['os']}; "
        f"{machine['disk']} disk; Python {machine['python']}; Textual {machine['textual']}.",
    ]
    return "\n".join(out) + "\n"


BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def record(path: Path, block: str) -> None:
    """Replace the generated block in path (between the markers), leaving the prose alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip() + f"\n\n{BEGIN}\n{END}\n"
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    path.write_text(f"{before}{BEGIN}\n{block}{END}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40, help="runs per measurement")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a rough look)")
    parser.add_argument("--jrnl", type=Path, help="the jrnl command (from the bench venv)")
    parser.add_argument("--only", help="run only the lines whose function name contains this")
    parser.add_argument("--record", type=Path, help="rewrite the table in this Markdown file")
    args = parser.parse_args(argv)
    repeats = 10 if args.quick else args.repeats
    jrnl = args.jrnl if args.jrnl and args.jrnl.exists() else None
    started = time.perf_counter()
    workspace.BENCH_DIR.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="run-", dir=workspace.BENCH_DIR) as tmp:
        bench = Bench(repeats=repeats, scratch=Path(tmp), jrnl=jrnl)
        facts = workspace.journal_facts(bench.ten_years)
        print(f"Ten-year sample journal: {facts}")
        lines: list[Line] = []
        for measure in LINES:
            if args.only and args.only not in measure.__name__:
                continue
            print(f"  measuring {measure.__name__.replace('_', ' ')}...", flush=True)
            lines.extend(measure(bench))
    print()
    print("\n".join(table(lines)))
    missed = [ln.name.strip() for ln in lines if ln.mark == "MISSED"]
    if missed:
        print()
        print(f"Missed: {len(missed)} of {sum(1 for ln in lines if ln.goal is not None)} goals.")
        print("The profile behind each miss and what would meet it: BENCHMARKS.md,")
        print('"Where a goal is missed, and what would meet it".')
    machine = workspace.machine()
    print()
    print(f"{machine['cpu']}; {machine['memory']} RAM; {machine['os']}; Python {machine['python']}")
    print(f"{machine['date']}, {time.perf_counter() - started:.0f} s")
    if args.record:
        record(args.record, markdown(lines, facts, machine, "make bench"))
        print(f"Recorded in {args.record}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
