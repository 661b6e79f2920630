"""What a passphrase costs when an encrypted journal is opened, measured in one run.

    .venv/bin/python benchmarks/unlock_cost.py [--repeats N]

For a one-week journal and a ten-year one (2,000 entries, 3,000 commitments), each encrypted
with the parameters a new passphrase gets, prints the median time to derive the key (Argon2id),
to open the journal and read every entry and commitment, and the same reading of the plain
journal, with the ratio of encrypted to plain. `unlock_ms` is the figure "unlock, ms".
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion import ids
from companion.journal import Journal, crypto
from companion.model import Answer, Commitment, Entry

NOW = datetime(2026, 11, 20, 16, 30, tzinfo=UTC)
PASSPHRASE = "walking meetings in the rain"
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
]


def fill(journal: Journal, entries: int, commitments: int, span_days: int) -> None:
    rng = random.Random(7)

    def text(words: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    for number in range(entries):
        at = NOW - timedelta(days=span_days * (1 - number / max(entries, 1)))
        answers = [Answer(f"s{k}", f"Question {k}?", "long", text(60)) for k in range(8)]
        journal.save_entry(
            Entry(ids.new_id(at=at), "learning-diary", 1, "Learning diary", at, at, answers)
        )
    for number in range(commitments):
        at = NOW - timedelta(days=span_days * (1 - number / max(commitments, 1)))
        journal.save_commitment(Commitment(ids.new_id(at=at), text(10), at))


def median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def read_all(journal: Journal) -> int:
    return len(journal.entries()) + len(journal.commitments())


def unlock_ms(folder: Path, passphrase: str, repeats: int = 5) -> dict[str, float]:
    """Median ms to derive the key, to open and read everything, and the two together."""
    derive = median_ms(lambda: crypto.unlock(folder, passphrase), repeats)
    keyring = crypto.unlock(folder, passphrase)
    read = median_ms(lambda: read_all(Journal.open(folder, keyring=keyring)), repeats)
    whole = median_ms(lambda: read_all(Journal.open(folder, passphrase=passphrase)), repeats)
    return {"derive the key": derive, "open and read all": read, "unlock, ms": whole}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"Key derivation: {crypto.DEFAULT_PARAMS.describe()}")
    print(f"{'journal':<12}{'derive':>10}{'open+read':>12}{'unlock':>10}{'plain read':>12}")
    with tempfile.TemporaryDirectory() as scratch:
        for name, entries, commitments, days in (
            ("one week", 5, 7, 7),
            ("ten years", 2000, 3000, 3650),
        ):
            print(
                f"Building {name} ({entries} entries, {commitments} commitments)...",
                file=sys.stderr,
            )
            plain_dir = Path(scratch) / f"{name}-plain"
            fill(Journal.open(plain_dir, clock=lambda: NOW), entries, commitments, days)
            sealed_dir = Path(scratch) / f"{name}-sealed"
            shutil.copytree(plain_dir, sealed_dir)
            Journal.open(sealed_dir).encrypt(PASSPHRASE)
            plain = median_ms(lambda d=plain_dir: read_all(Journal.open(d)), args.repeats)
            cost = unlock_ms(sealed_dir, PASSPHRASE, args.repeats)
            print(
                f"{name:<12}{cost['derive the key']:>8.0f}ms{cost['open and read all']:>10.0f}ms"
                f"{cost['unlock, ms']:>8.0f}ms{plain:>10.0f}ms"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
