"""What each key costs in a 3,000-word answer, headless: Companion's answer box beside a bare
Textual TextArea (benchmarks/bare_textarea.py), typed into the same way.

    .venv/bin/python benchmarks/keys_profile.py [--journal FOLDER] [--keys 50] [--profile OUT]

Pastes the benchmark's 3,000 words (benchmarks/screens.long_answer), presses Enter twice, then
types capitals one at a time about 30 ms apart, and prints per key: CPU (process time, the
pauses between keys included on both sides), frames drawn, layouts, widgets styled, lines
rendered per widget class. With --profile OUT, cProfile of the last turn's keys (pstats
files OUT and OUT.bare.prof).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import TextArea

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bare_textarea import BareTextArea  # noqa: E402
from screens import TYPED, long_answer  # noqa: E402

SIZE = (120, 36)
GAP = 0.03  # seconds between keys, as the pty benchmark


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Counts of frames, layouts, styles and lines rendered while inside, and the CPU time of
    drawing the frames."""
    counts: Counter[str] = Counter()
    patched: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, name: str, label: Callable[..., str]) -> None:
        original = getattr(owner, name)

        def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
            counts[label(self)] += 1
            return original(self, *args, **kwargs)

        patched.append((owner, name, original))
        setattr(owner, name, counted)

    drawing = Screen._compositor_refresh

    def timed(self: Screen[Any]) -> None:
        counts["frames"] += 1
        started = time.process_time()
        drawing(self)
        counts["frame CPU, µs"] += round((time.process_time() - started) * 1e6)

    patched.append((Screen, "_compositor_refresh", drawing))
    Screen._compositor_refresh = timed  # type: ignore[method-assign]
    wrap(Screen, "_refresh_layout", lambda s: "layouts")
    wrap(Stylesheet, "apply", lambda s: "styles applied")
    wrap(Widget, "render_lines", lambda s: f"render_lines {type(s).__name__}")
    wrap(Widget, "refresh", lambda s: f"refresh {type(s).__name__}#{s.id}")
    try:
        yield counts
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)


def typed(keys: int, spaced: bool) -> str:
    """The benchmark's capitals (one long word), or words of four letters (the count changes)."""
    if not spaced:
        return TYPED[:keys]
    return "".join(c + (" " if i % 4 == 3 else "") for i, c in enumerate(TYPED))[:keys]


async def type_keys(pilot: Pilot[Any], area: TextArea, text: str) -> None:
    for key in text:
        await pilot.press(key)
        await asyncio.sleep(GAP)
    await pilot.pause()
    assert area.text.endswith(text), "the keys did not reach the answer box"


async def measure(
    app: App[Any],
    open_box: Callable[[Pilot[Any]], Any],
    keys: int,
    profile: Path | None,
    spaced: bool,
) -> tuple[float, float, Counter[str]]:
    async with app.run_test(size=SIZE) as pilot:
        await open_box(pilot)
        area = app.screen.query_one(TextArea)
        app.post_message(events.Paste(long_answer(3000)))  # as a bracketed paste
        for _ in range(5):
            await pilot.pause(0.1)
        await pilot.press("enter", "enter")
        await pilot.pause(0.3)
        profiler = cProfile.Profile() if profile else None
        with counting() as counts:
            cpu, wall = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            await type_keys(pilot, area, typed(keys, spaced))
            if profiler:
                profiler.disable()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if profiler and profile:
            profiler.dump_stats(str(profile))
        return cpu / keys * 1000, wall / keys * 1000, counts


def companion_app(journal: Path) -> tuple[App[Any], Callable[[Pilot[Any]], Any]]:
    from companion.app import CompanionApp

    app = CompanionApp(journal, poll=False)

    async def open_box(pilot: Pilot[Any]) -> None:
        for _ in range(10):
            await pilot.pause(0.1)
        app.start_reflection("learning-diary")
        for _ in range(10):
            await pilot.pause(0.1)

    return app, open_box


def bare_app() -> tuple[App[Any], Callable[[Pilot[Any]], Any]]:
    app = BareTextArea()

    async def open_box(pilot: Pilot[Any]) -> None:
        await pilot.pause(0.2)
        app.query_one(TextArea).focus()
        await pilot.pause(0.1)

    return app, open_box


def show(name: str, cpu: float, wall: float, counts: Counter[str], keys: int) -> None:
    print(f"{name}: CPU {cpu:.2f} ms a key (wall {wall:.1f} ms, {GAP * 1000:.0f} ms pause incl.)")
    for label, count in sorted(counts.items()):
        print(f"    {label}: {count / keys:.2f} a key")


def main() -> None:
    parser = argparse.ArgumentParser()
    found = sorted((HERE.parent / ".bench" / "journals").glob("ten-years-*"))
    parser.add_argument("--journal", type=Path, default=found[-1] if found else None)
    parser.add_argument("--keys", type=int, default=50)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--turns", type=int, default=2)
    parser.add_argument("--spaced", action="store_true", help="type words, not one long word")
    args = parser.parse_args()
    if args.journal is None:
        parser.error("no ten-year journal: run benchmarks/bench.py once, or give --journal")
    for turn in range(args.turns):
        with tempfile.TemporaryDirectory() as scratch:
            journal = Path(scratch) / "journal"
            shutil.copytree(args.journal, journal)
            app, open_box = companion_app(journal)
            profile = args.profile if turn == args.turns - 1 else None
            result = asyncio.run(measure(app, open_box, args.keys, profile, args.spaced))
            show("companion", *result, args.keys)
        app, open_box = bare_app()
        bare_profile = profile.with_suffix(".bare.prof") if profile else None
        result = asyncio.run(measure(app, open_box, args.keys, bare_profile, args.spaced))
        show("bare TextArea", *result, args.keys)


if __name__ == "__main__":
    main()
