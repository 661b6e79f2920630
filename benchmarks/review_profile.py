"""What opening the weekly review costs, headless: from `w` on Home until its first question
("How is this commitment going?") is drawn, on a copy of a sample journal.

    .venv/bin/python benchmarks/review_profile.py [--journal FOLDER] [--visits 10] [--profile OUT]

Prints per visit the CPU (process time), the collections of the cyclic collector, the run's
step count and how many of its commitments' steps were made; then the median of the visits
after the first (the first pays for importing the screen's code). With --profile OUT, cProfile
of those visits together (a pstats file). Compare ten years with one week:

    .venv/bin/python benchmarks/review_profile.py --journal .bench/journals/one-week-*
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from textual.widgets import Static  # noqa: E402

from companion.app import CompanionApp  # noqa: E402
from companion.screens.reflect import ReflectScreen  # noqa: E402

SIZE = (120, 36)
READY = "How is this commitment going?"


def first_question_shown(app: CompanionApp) -> bool:
    screen = app.screen
    if not isinstance(screen, ReflectScreen) or not screen.is_mounted:
        return False
    prompts = screen.query("#prompt")
    return bool(prompts) and READY in str(prompts.first(Static).render())


async def visits(journal: Path, count: int, profile: Path | None) -> list[dict[str, Any]]:
    app = CompanionApp(journal, poll=False)
    profiler = cProfile.Profile()
    found: list[dict[str, Any]] = []
    collections = [0]

    def counted(phase: str, info: dict[str, Any]) -> None:
        collections[0] += phase == "start"

    async with app.run_test(size=SIZE) as pilot:
        for _ in range(20):
            await pilot.pause(0.1)
        for visit in range(count):
            profiling = profile is not None and visit > 0
            collections[0] = 0
            gc.callbacks.append(counted)
            cpu = time.process_time()
            if profiling:
                profiler.enable()
            await pilot.press("w")
            while not first_question_shown(app):
                await asyncio.sleep(0)
            await pilot.pause()  # the frame that draws it
            if profiling:
                profiler.disable()
            cpu = time.process_time() - cpu
            gc.callbacks.remove(counted)
            screen = app.screen
            assert isinstance(screen, ReflectScreen)
            steps = screen.session.steps
            waiting = steps.waiting() if hasattr(steps, "waiting") else 0
            found.append(
                {
                    "cpu": cpu * 1000,
                    "collections": collections[0],
                    "steps": len(steps),
                    "waiting": waiting,
                }
            )
            await pilot.press("escape")
            for _ in range(5):
                await pilot.pause(0.1)
    if profile is not None:
        profiler.dump_stats(str(profile))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    found = sorted((HERE.parent / ".bench" / "journals").glob("ten-years-*"))
    parser.add_argument("--journal", type=Path, default=found[-1] if found else None)
    parser.add_argument("--visits", type=int, default=10)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()
    if args.journal is None:
        parser.error("no ten-year journal: run benchmarks/bench.py once, or give --journal")
    with tempfile.TemporaryDirectory() as scratch:
        journal = Path(scratch) / "journal"
        shutil.copytree(args.journal, journal)
        results = asyncio.run(visits(journal, max(2, args.visits), args.profile))
    for number, result in enumerate(results, start=1):
        print(
            f"visit {number}: CPU {result['cpu']:.1f} ms, {result['collections']} collections, "
            f"{result['steps']} steps ({result['waiting']} not made yet)"
        )
    later = [r["cpu"] for r in results[1:]]
    print(f"median CPU after the first visit: {statistics.median(later):.1f} ms")


if __name__ == "__main__":
    main()
