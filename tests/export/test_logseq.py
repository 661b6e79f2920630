"""`companion export --for logseq`: journal pages as Logseq writes and reads them."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from companion.cli import run
from companion.core.errors import UsageError
from companion.core.model import CommitmentStatus
from companion.core.session import Session
from companion.export import ExportOptions, select_from_journal
from companion.export.actions import export_for_logseq
from companion.export.logseq import PAGE_MARK, logseq_pages
from companion.journal import Journal
from tests.helpers.export import SECRET, secret_journal

PAGE = re.compile(r"^journals/\d{4}_\d{2}_\d{2}\.md$")
PROPERTY = re.compile(r"^\s*([A-Za-z][\w-]*):: (.+)$")
TASK = re.compile(r"^\s*- (TODO|DONE|CANCELED) ")


@pytest.fixture
def secrets(journal: Journal, library, clock) -> Journal:  # type: ignore[no-untyped-def]
    secret_journal(journal, library, clock)
    loose = journal.add_commitment("Write the long report", due=date(2026, 12, 4))
    journal.set_commitment_status(loose.id, CommitmentStatus.DROPPED, note="not needed")
    diary = Session(library.get("learning-diary"), journal)
    diary.answer(
        "First line\nsecond line\n\nA new paragraph\nnote:: not a property", step_id="happened"
    )
    entry = diary.finish().entry
    journal.save_entry(dataclasses.replace(entry, tags=["Resident voice", "board"]))
    return journal


def pages(journal: Journal, include_private: bool = False) -> dict[str, str]:
    return logseq_pages(
        select_from_journal(journal, ExportOptions(include_private=include_private))
    )


def test_pages_are_logseq_journal_pages_with_key_value_properties(secrets: Journal) -> None:
    found = pages(secrets)
    assert found and all(PAGE.match(name) for name in found)
    days = sorted({e.completed.date() for e in secrets.entries() if not e.private})
    assert {f"journals/{d:%Y_%m_%d}.md" for d in days} <= set(found)
    for name, text in found.items():
        assert text.startswith(PAGE_MARK + "\n"), name
        for line in text.splitlines():
            assert not re.match(r"^\s*[\w-]+: \[", line), line  # no inline YAML list
            assert not line.lstrip().startswith("---"), line  # no YAML front matter
            prop = PROPERTY.match(line)
            if prop and prop.group(1) == "tags":
                assert re.fullmatch(r"\[\[[\w/-]+\]\](, \[\[[\w/-]+\]\])*", prop.group(2)), line
    # several entries on one day: each a top-level block with its own properties
    busiest = max(found.values(), key=lambda t: t.count("\n- ## "))
    entry_blocks = [line for line in busiest.splitlines() if line.startswith("- ## ")]
    assert len(entry_blocks) == busiest.count("  companion-id:: ") - _tasks_in(busiest)


def _tasks_in(text: str) -> int:
    return sum(1 for line in text.splitlines() if TASK.match(line))


def test_answers_are_blocks_and_multi_line_answers_stay_inside_theirs(secrets: Journal) -> None:
    text = "".join(pages(secrets).values())
    start = text.rindex("  - What happened?")
    chunk = text[start:].split("\n- ", 1)[0]
    assert chunk.splitlines()[:5] == [
        "  - What happened?",
        "    - First line",
        "      second line",
        "    - A new paragraph",
        "      note:\u200b: not a property",  # the leader's words, not a property
    ]
    assert "  tags:: [[Resident-voice]], [[board]]" in text


def test_commitments_are_tasks_with_deadlines(secrets: Journal) -> None:
    text = "".join(pages(secrets).values())
    tasks = [line.strip()[2:] for line in text.splitlines() if TASK.match(line)]
    assert "TODO Invite a resident to the next partnership meeting" in tasks
    assert "DONE Read the insight report before the trio call" in tasks
    assert "CANCELED Write the long report" in tasks
    after = text.split("CANCELED Write the long report\n", 1)[1].splitlines()[0]
    assert after.strip() == "DEADLINE: <2026-12-04 Fri>"
    assert "not needed" in text


def test_private_answers_follow_the_export_rule(secrets: Journal) -> None:
    assert SECRET not in "".join(pages(secrets).values())
    assert SECRET in "".join(pages(secrets, include_private=True).values())


def test_a_folder_that_is_not_a_graph_is_refused(secrets: Journal, tmp_path: Path) -> None:
    selection = select_from_journal(secrets, ExportOptions())
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="not a Logseq graph"):
        export_for_logseq(selection, ExportOptions(), other)
    graph = tmp_path / "graph"
    written = export_for_logseq(selection, ExportOptions(), graph)
    assert written.files == len(list((graph / "journals").iterdir()))
    again = export_for_logseq(selection, ExportOptions(), graph)  # its own pages: replaced
    assert again.files == written.files
    mine = next((graph / "journals").iterdir())
    mine.write_text("- what I wrote in Logseq\n")
    with pytest.raises(UsageError, match="not written by Companion"):
        export_for_logseq(selection, ExportOptions(), graph)
    assert mine.read_text() == "- what I wrote in Logseq\n"


def test_export_for_logseq_from_the_command(
    secrets: Journal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = tmp_path / "graph"
    args = ["--journal", str(secrets.folder), "export", "--for", "logseq", "-o", str(graph)]
    assert run(args) == 0
    assert "journal pages" in capsys.readouterr().err
    assert all(PAGE.match(p.relative_to(graph).as_posix()) for p in graph.rglob("*.md"))
    assert run(["--journal", str(secrets.folder), "export", "--for", "logseq", "-"]) == 2
    assert "give the folder with -o" in capsys.readouterr().err
