"""The Markdown export as Obsidian reads it: properties, tags, Tasks lines and links."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from companion.core.model import CommitmentStatus
from companion.core.session import Session
from companion.export import ExportOptions, export_markdown, select_from_journal
from companion.export.obsidian import tag
from companion.journal import Journal

LONG = (
    "We never once asked the residents what the budget should pay for, and the neighbourhood "
    "forum said so plainly"
)
DATE = r"\d{4}-\d{2}-\d{2}"
BLOCK = r"\^c-[a-z0-9-]+"
#: The Tasks plugin's line for each status (its emoji format), ending in a block id.
TASKS = {
    "open": re.compile(rf"^- \[ \] (?P<text>.+?)(?: 📅 (?P<due>{DATE}))? {BLOCK}$"),
    "done": re.compile(
        rf"^- \[x\] (?P<text>.+?)(?: 📅 (?P<due>{DATE}))? ✅ (?P<on>{DATE}) {BLOCK}$"
    ),
    "dropped": re.compile(
        rf"^- \[-\] (?P<text>.+?)(?: 📅 (?P<due>{DATE}))? ❌ (?P<on>{DATE}) {BLOCK}$"
    ),
}
OBSIDIAN_TAG = re.compile(r"^[\w/-]+$")


@pytest.fixture
def tasks(journal: Journal, library, clock) -> Journal:  # type: ignore[no-untyped-def]
    """An entry with a long first line and awkward tags, and a commitment of every status."""
    session = Session(library.get("coaching-debrief"), journal)
    session.answer(LONG, step_id="takeaway")
    session.answer({"text": "Ask the forum first", "due": "2026-12-04"}, step_id="commitment")
    entry = session.finish(extra_tags=["board"]).entry
    journal.save_entry(
        dataclasses.replace(entry, tags=["Resident voice", "2026", "a#b c", "board"])
    )
    made = journal.commitments()[0]
    done = journal.add_commitment("Book the room", due=date(2026, 12, 10))
    dropped = journal.add_commitment("Write the long report")
    moved = journal.add_commitment("Call Sam", due=date(2026, 11, 25))
    clock.advance(days=2)
    journal.set_commitment_status(done.id, CommitmentStatus.DONE)
    journal.set_commitment_status(dropped.id, CommitmentStatus.DROPPED, note="not needed")
    journal.set_commitment_status(
        moved.id, CommitmentStatus.RENEGOTIATED, due=date(2026, 12, 18), note="after the board"
    )
    assert made.entry_id == entry.id
    return journal


def front_matter(text: str) -> tuple[str, dict[str, Any]]:
    assert text.startswith("---\n")
    block = text[4 : text.index("\n---\n", 4)]
    found = yaml.safe_load(block)
    assert isinstance(found, dict)
    return block, found


def test_front_matter_follows_obsidians_property_rules(tasks: Journal) -> None:
    files = export_markdown(select_from_journal(tasks, ExportOptions()), split=True)
    entry_files = [name for name in files if name != "commitments.md"]
    assert len(entry_files) == 1
    block, meta = front_matter(files[entry_files[0]])
    keys = [line.split(":", 1)[0] for line in block.splitlines() if not line.startswith(" ")]
    assert len(keys) == len(set(keys)) and all(re.fullmatch(r"[a-z_]+", k) for k in keys)
    assert meta["title"] == LONG  # whole, not cut mid-word
    assert meta["tags"] == ["Resident-voice", "tag-2026", "a-b-c", "board"]
    for value in meta["tags"]:
        assert OBSIDIAN_TAG.match(value) and not value.isdigit() and " " not in value
    # lists are YAML block lists (Obsidian's own form), never inline
    assert not re.search(r"^\w+: \[.+\]$", block, re.MULTILINE)
    assert "tags:\n  - " in block


def test_commitments_are_tasks_plugin_lines(tasks: Journal) -> None:
    text = export_markdown(select_from_journal(tasks, ExportOptions()), split=True)[
        "commitments.md"
    ]
    lines = [line for line in text.splitlines() if line.startswith("- [")]
    found = {}
    for line in lines:
        status, match = next(
            ((status, m) for status, rx in TASKS.items() if (m := rx.match(line))), ("", None)
        )
        assert match is not None, line
        found[match["text"]] = (status, match.groupdict())
    assert found["Ask the forum first"] == (
        "open",
        {"text": "Ask the forum first", "due": "2026-12-04"},
    )
    assert found["Book the room"][0] == "done"
    assert found["Book the room"][1]["due"] == "2026-12-10"
    assert found["Book the room"][1]["on"] == "2026-11-22"
    assert found["Write the long report"][0] == "dropped"  # not shown as open
    assert found["Write the long report"][1]["on"] == "2026-11-22"
    assert found["Call Sam"] == ("open", {"text": "Call Sam", "due": "2026-12-18"})


def test_entries_and_commitments_link_both_ways(tasks: Journal) -> None:
    files = export_markdown(select_from_journal(tasks, ExportOptions()), split=True)
    entry_name = next(name for name in files if name != "commitments.md")
    commitments = files["commitments.md"]
    task = next(line for line in commitments.splitlines() if "Ask the forum first" in line)
    block = task.rsplit("^", 1)[1]
    # The entry links to the task's block; the task's details link back to the entry's file.
    assert f"[[commitments#^{block}|Ask the forum first]]" in files[entry_name]
    details = commitments.split(task, 1)[1].split("\n- [", 1)[0]
    assert f"[[{entry_name.removesuffix('.md')}]]" in details
    # every block id is unique, and every link names a block that exists
    blocks = re.findall(r"\^(c-[a-z0-9-]+)$", commitments, re.MULTILINE)
    assert len(blocks) == len(set(blocks)) == 4
    for linked in re.findall(r"\[\[commitments#\^([^|\]]+)", "".join(files.values())):
        assert linked in blocks


@given(st.text(max_size=40))
def test_any_tag_becomes_an_obsidian_tag_or_nothing(text: str) -> None:
    made = tag(text)
    if made:
        assert OBSIDIAN_TAG.match(made) and not made.replace("/", "").isdigit()
        assert " " not in made and not made.startswith(("-", "/"))
