"""Write the example coach brief: what the demo journal's leader shared before her last call.

Amira prepared for her last coaching call on 3 November 2026 (see journals/demo). This writes the
brief Companion gave her that evening, covering the period since her previous call, with her
private answers left out, as Markdown (and as the printable HTML page):

    .venv/bin/python journals/make_brief.py

The output is the same on every run: the moment is fixed and the journal is a fixed demo.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from companion.barriers import kind_labels  # noqa: E402
from companion.brief import COACHING_PREP, Brief, coach_brief  # noqa: E402
from companion.journal import Journal  # noqa: E402
from companion.scripts import load_library  # noqa: E402

DEMO = HERE / "demo"
OUT = HERE / "examples"


def demo_brief(demo: Path = DEMO) -> Brief:
    """The brief as of an hour after the demo's last coaching preparation."""
    journal = Journal(demo)  # read only: nothing is written, not even a lock
    entries = journal.entries()
    prep = max((e for e in entries if e.script_id == COACHING_PREP), key=lambda e: e.completed)
    moment = prep.completed + timedelta(hours=1)
    return coach_brief(
        entries,
        journal.commitments(),
        moment,
        kinds=kind_labels(load_library(include_user=False)),
    )


def write_examples(out: Path = OUT) -> list[Path]:
    brief = demo_brief()
    out.mkdir(exist_ok=True)
    written = [out / "coach-brief.md"]
    written[0].write_text(brief.markdown, encoding="utf-8")
    return written


if __name__ == "__main__":
    for path in write_examples():
        print(f"Wrote {path.relative_to(ROOT)}")
