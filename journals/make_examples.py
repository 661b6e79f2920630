"""Build the example exports of the demo journal in journals/examples/ with Companion's export,
and the example coach brief: the one Amira shared before her last coaching call (3 November 2026),
covering the period since her previous call.

Then the trio's: Amira's contribution (named), and those of two invented members of her trio
(tools/trio.py: Ben's named, Chloe's anonymous) in contributions/, and the three reports
gathered from them (trio-learning, trio-impact, trio-culture-book; Markdown and HTML).

The demo journal is copied to a temporary folder first (opening a journal takes its lock), so
journals/demo never changes. Private answers are held back, as in any export made without
--include-private. Run it from the repository root after the demo or the exports change:

    .venv/bin/python journals/make_examples.py              # rebuilds journals/examples/
    .venv/bin/python journals/make_examples.py /tmp/x/ex     # or a folder inside the temp directory

The output is the same on every run (tests/export/test_examples.py checks the checked-in copy).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from companion.core.scripts import load_library  # noqa: E402
from companion.core.views.barriers import kind_labels  # noqa: E402
from companion.core.views.brief import COACHING_PREP, Brief, coach_brief  # noqa: E402
from companion.export import (  # noqa: E402
    FORMATS,
    ExportOptions,
    render,
    select_from_journal,
    write_export,
)
from companion.export.gather import FORMS, Contribution, gather, report_document  # noqa: E402
from companion.export.html_page import markdown_to_html_page  # noqa: E402
from companion.export.share import share_from_journal  # noqa: E402
from companion.journal import Journal  # noqa: E402
from companion.journal.files import atomic_write  # noqa: E402
from tools.trio import BEN, CHLOE, write_journal  # noqa: E402

DEMO = HERE / "demo"
DEFAULT_FOLDER = HERE / "examples"
NAME = "demo-journal"


def check_folder(folder: Path) -> Path:
    """Refuse any folder but journals/examples or a scratch folder inside the temp directory."""
    folder = folder.expanduser().resolve()
    temp = Path(tempfile.gettempdir()).resolve()
    scratch = folder != temp and folder.is_relative_to(temp) and not folder.is_relative_to(ROOT)
    if folder != DEFAULT_FOLDER.resolve() and not scratch:
        raise SystemExit(
            f"Refusing to build the examples in {folder}: it is rebuilt from scratch, so it may "
            f"only be {DEFAULT_FOLDER} or a folder inside {temp}."
        )
    return folder


def build_examples(folder: Path = DEFAULT_FOLDER) -> list[str]:
    """Delete and rebuild the example exports in folder; return what was written."""
    folder = check_folder(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="companion-examples-") as scratch:
        copy = Path(scratch) / "demo"
        shutil.copytree(DEMO, copy, ignore=shutil.ignore_patterns("backups", ".lock", "*.tmp"))
        selection = select_from_journal(Journal.open(copy), ExportOptions())
        for name, split in (("md", False), ("md", True), ("html", False), ("json", False)):
            fmt = FORMATS[name]
            target = folder / (NAME if split else NAME + fmt.extension)
            result = write_export(render(selection, fmt, split=split), target)
            written.append(f"{target.name}/ ({result.files} files)" if split else target.name)
        brief = demo_brief(Journal.open(copy))
        contributions = trio_contributions(Journal.open(copy), Path(scratch))
    for name, text in (
        ("coach-brief.md", brief.markdown),
        ("coach-brief.html", markdown_to_html_page(brief.markdown, title="Coaching brief")),
    ):
        atomic_write(folder / name, text.encode("utf-8"))
        written.append(name)
    written += write_trio(folder, contributions)
    return written


#: The example contributions: file name, and who shared it (None: anonymously).
CONTRIBUTIONS = (
    ("amira.json", "Amira"),
    ("ben-okafor.json", "Ben Okafor"),
    ("anonymous.json", None),
)


def trio_contributions(demo: Journal, scratch: Path) -> list[Contribution]:
    """Amira's whole journal shared with her name, Ben's with his, Chloe's anonymously."""
    library = load_library(include_user=False)
    journals = [demo] + [write_journal(scratch / m.name, m, library) for m in (BEN, CHLOE)]
    return [
        share_from_journal(journal, ExportOptions(), who, library).contribution()
        for journal, (_, who) in zip(journals, CONTRIBUTIONS, strict=True)
    ]


def write_trio(folder: Path, contributions: list[Contribution]) -> list[str]:
    """The contribution files, and the three reports gathered from them (md and html)."""
    written = []
    (folder / "contributions").mkdir()
    for (name, _), contribution in zip(CONTRIBUTIONS, contributions, strict=True):
        atomic_write(folder / "contributions" / name, contribution.to_json().encode("utf-8"))
        written.append(f"contributions/{name}")
    gathered = gather(contributions)
    for form in FORMS.values():
        for fmt in ("md", "html"):
            name = f"trio-{form.name}.{fmt}"
            atomic_write(folder / name, report_document(gathered, form, fmt).encode("utf-8"))
            written.append(name)
    return written


def demo_brief(journal: Journal) -> Brief:
    """The coach brief as it was an hour after the demo's last coaching preparation."""
    entries = journal.entries()
    prep = max((e for e in entries if e.script_id == COACHING_PREP), key=lambda e: e.completed)
    return coach_brief(
        entries,
        journal.commitments(),
        prep.completed + timedelta(hours=1),
        kinds=kind_labels(load_library(include_user=False)),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the example exports of the demo.")
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    args = parser.parse_args(argv)
    for line in build_examples(args.folder):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
