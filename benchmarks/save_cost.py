"""Save cost at ten years of journal against one week, measured in one run.

    .venv/bin/python benchmarks/save_cost.py [--repeats N]

Prints, for an autosaved draft, a finished entry and a commitment change, the median time at
one week (5 entries, 7 commitments) and at ten years (2,000 entries, 3,000 commitments), and
their ratio. The goal is a ratio near 1: a save must not grow with the journal.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion import ids
from companion.journal import Journal
from companion.model import Answer, CommitmentStatus, Entry
from companion.scripts import load_library
from companion.session import Session

NOW = datetime(2026, 11, 20, 16, 30, tzinfo=UTC)
WORDS = [
    "board",
    "partnership",
    "residents",
    "trust",
    "experiment",
    "barrier",
    "enabler",
    "purpose",
    "coaching",
    "trio",
    "council",
    "funding",
    "walking",
    "schools",
    "neighbourhood",
    "power",
    "listening",
    "data",
    "story",
    "governance",
]


def paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def fill(journal: Journal, entries: int, commitments: int, span_days: int, seed: int = 7) -> None:
    """Write a history of entries and commitments spread over span_days before NOW."""
    rng = random.Random(seed)
    for number in range(entries):
        at = NOW - timedelta(days=span_days * (1 - number / max(entries, 1)))
        answers = [
            Answer(f"step-{k}", f"Question {k}?", "long", paragraph(rng, rng.randint(20, 90)))
            for k in range(8)
        ]
        journal.save_entry(
            Entry(
                id=ids.new_id(at=at),
                script_id="learning-diary",
                script_version=1,
                script_title="Learning diary",
                started=at,
                completed=at,
                answers=answers,
                tags=["walking"],
            )
        )
    for number in range(commitments):
        at = NOW - timedelta(days=span_days * (1 - number / max(commitments, 1)))
        commitment = journal.new_commitment(
            paragraph(rng, 10), due=(at + timedelta(days=14)).date()
        )
        commitment.id = ids.new_id(at=at)
        commitment.created = at
        if number % 3 == 0:
            commitment.change_status(CommitmentStatus.DONE, at + timedelta(days=5), note="done")
        journal.save_commitment(commitment)


def median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(journal: Journal, repeats: int) -> dict[str, float]:
    library = load_library(include_user=False)
    script = library.get("workshop-close-out")
    session = Session(script, journal)
    session.answer("Ambition-setting day")
    draft_cost = median_ms(lambda: session.save_draft(), repeats)

    def finish_entry() -> None:
        run = Session(script, journal, autosave=False)
        run.answer("Storytelling day")
        run.answer(
            {"text": "Ask the chair about the Board agenda", "due": "2026-12-04"},
            step_id="commitment",
        )
        run.finish()

    finish_cost = median_ms(finish_entry, repeats)
    target = journal.commitments()[-1].id
    change_cost = median_ms(
        lambda: journal.set_commitment_status(
            target, CommitmentStatus.RENEGOTIATED, note="smaller step"
        ),
        repeats,
    )
    return {
        "autosave a draft": draft_cost,
        "finish an entry": finish_cost,
        "change a commitment": change_cost,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        week = Journal.open(Path(scratch) / "week", clock=lambda: NOW)
        fill(week, entries=5, commitments=7, span_days=7)
        years = Journal.open(Path(scratch) / "years", clock=lambda: NOW)
        print("Building a ten-year journal (2,000 entries, 3,000 commitments)...", file=sys.stderr)
        fill(years, entries=2000, commitments=3000, span_days=3650)
        size_mb = sum(p.stat().st_size for p in years.journal_files()) / 1e6
        file_count = len(years.journal_files())
        small = measure(week, args.repeats)
        large = measure(years, args.repeats)
    print(f"Ten-year journal: {size_mb:.1f} MB in {file_count} files")
    print(f"{'save':<22}{'one week':>12}{'ten years':>12}{'ratio':>8}")
    for name in small:
        ratio = large[name] / small[name]
        print(f"{name:<22}{small[name]:>10.2f}ms{large[name]:>10.2f}ms{ratio:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
