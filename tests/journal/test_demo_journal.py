"""The fictional demo journal (journals/demo) and the script that builds it."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.core import ids
from companion.core.model import CommitmentStatus
from companion.core.scripts import Library
from companion.journal import Journal

ROOT = Path(__file__).resolve().parent.parent.parent
DEMO = ROOT / "journals" / "demo"
AS_OF = date(2026, 11, 20)


@pytest.fixture(scope="module")
def make_demo() -> ModuleType:
    path = ROOT / "tools" / "make_demo.py"
    spec = importlib.util.spec_from_file_location("make_demo", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def scratch() -> Iterator[Path]:
    """A folder inside the system temp directory (the only place the generator may write)."""
    with tempfile.TemporaryDirectory(prefix="companion-demo-test-") as folder:
        yield Path(folder)


def contents(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_the_generator_is_deterministic(make_demo: ModuleType, scratch: Path) -> None:
    first, second = scratch / "one" / "demo", scratch / "two" / "demo"
    make_demo.build_demo(first)
    make_demo.build_demo(second)
    built = contents(first)
    assert any(name.startswith("entries/") for name in built)
    assert any(name.startswith("commitments/") for name in built)
    assert built == contents(second)
    assert not (first / "backups").exists()
    assert not (first / ".lock").exists()


@pytest.mark.slow
def test_the_checked_in_demo_is_what_the_generator_builds(
    make_demo: ModuleType, scratch: Path
) -> None:
    fresh = scratch / "demo"
    make_demo.build_demo(fresh)
    assert contents(DEMO) == contents(fresh), (
        "journals/demo is out of date with tools/make_demo.py (or with the scripts and core "
        "it drives). Regenerate it: .venv/bin/python tools/make_demo.py"
    )


def test_the_generator_refuses_other_folders(make_demo: ModuleType, scratch: Path) -> None:
    elsewhere = ROOT / "journals" / "not-the-demo"
    with pytest.raises(SystemExit, match="Refusing"):
        make_demo.build_demo(elsewhere)
    assert not elsewhere.exists()
    with pytest.raises(SystemExit, match="Refusing"):
        make_demo.build_demo(Path(tempfile.gettempdir()))
    precious = scratch / "notes"
    precious.mkdir()
    (precious / "keep.txt").write_text("not a journal")
    with pytest.raises(SystemExit, match="not a journal"):
        make_demo.build_demo(precious)
    assert (precious / "keep.txt").read_text() == "not a journal"


def test_the_checked_in_demo_covers_a_programme_cycle(tmp_path: Path, library: Library) -> None:
    assert not (DEMO / "backups").exists() and not (DEMO / ".lock").exists()
    copy = tmp_path / "demo"
    shutil.copytree(DEMO, copy)  # opening takes the lock: never open the repository's files
    journal = Journal.open(copy)
    entries = journal.entries()
    commitments = journal.commitments()

    assert len(entries) >= 35
    assert {e.script_id for e in entries} == set(library.scripts)
    assert {c.status for c in commitments} == set(CommitmentStatus)
    assert 20 <= len(commitments) <= 30
    assert sum(c.is_overdue(AS_OF) for c in commitments) >= 2
    assert min(e.started for e in entries).date() >= date(2026, 5, 20)
    assert max(e.completed for e in entries).date() < AS_OF

    # Ids follow the (scripted) moment of writing, so the monthly files match the story.
    for entry in entries:
        assert ids.id_time(entry.id) == entry.completed
    assert sorted(p.name for p in (DEMO / "entries").glob("*.json")) == [
        f"2026-{month:02d}.json" for month in range(5, 12)
    ]

    # Every commitment came from an entry that lists it.
    by_id = {e.id: e for e in entries}
    for commitment in commitments:
        assert commitment.entry_id in by_id
        assert commitment.id in by_id[commitment.entry_id].commitment_ids

    # Private answers: by default, and chosen on steps that are not private by default.
    private = [(e, a) for e in entries for a in e.answers if a.private]
    assert len(private) >= 10
    chosen = [
        a
        for e, a in private
        if (step := library.get(e.script_id).step(a.step_id.split("/")[0])) and not step.private
    ]
    assert chosen
    assert sum(bool(e.tags) for e in entries) >= len(entries) // 2


def test_the_story_is_data_every_builder_step_can_check(
    make_demo: ModuleType, library: Library
) -> None:
    """tools/demo_story.toml holds the six months; each record names real scripts and steps."""
    story = make_demo.load_story()
    entries = [e for e in story if e["kind"] == "entry"]
    changes = [e for e in story if e["kind"] == "change"]
    assert (len(entries), len(changes)) == (44, 6)
    assert [e["when"] for e in story] == sorted(e["when"] for e in story)
    made: set[str] = set()
    for event in story:
        if event["kind"] == "entry":
            script = library.get(event["script"])
            assert all(script.step(step_id) for step_id in event.get("answers", {}))
            assert set(event.get("review", {})) <= made  # reviews name earlier commitments
            made |= {event["key"]} if "key" in event else set()
        else:
            assert event["key"] in made
    assert any(e.get("private") for e in entries) and any(e.get("shared") for e in entries)


FIELD = st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True)


@given(kind=st.sampled_from(["entry", "change"]), field=FIELD)
def test_a_mistyped_field_in_the_story_is_refused(
    make_demo: ModuleType, kind: str, field: str
) -> None:
    event = {"kind": kind, "when": datetime(2026, 6, 1, 9, 0), field: "x"}
    if field in make_demo.FIELDS[kind]:
        make_demo.check_event(event)  # a known field passes (the rest is checked when played)
    else:
        with pytest.raises(SystemExit, match="unknown fields"):
            make_demo.check_event(event)


def test_two_records_at_the_same_moment_are_refused(make_demo: ModuleType, tmp_path: Path) -> None:
    story = tmp_path / "story.toml"
    story.write_text(
        '[[entry]]\nwhen = 2026-06-01 09:00:00\nscript = "learning-diary"\n\n'
        '[[change]]\nwhen = 2026-06-01 09:00:00\nkey = "A"\nstatus = "done"\nnote = "n"\n',
        encoding="utf-8",
    )
    with pytest.raises(SystemExit, match="both"):
        make_demo.load_story(story)


def test_the_summary_dates_have_no_leading_zero_on_any_platform(
    make_demo: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = {
        "entries": 2,
        "by_script": {},
        "commitments": 0,
        "by_status": {},
        "overdue": 0,
        "private_answers": 0,
        "tagged_entries": 0,
        "first": datetime(2026, 6, 1, 9, 0),
        "last": datetime(2026, 11, 9, 9, 0),
    }
    make_demo.print_summary(Path("demo"), summary)
    assert "2 entries, 1 June to 9 November 2026:" in capsys.readouterr().out
    # %-d and %#d exist only on glibc or only on Windows: the generators use neither.
    for source in (ROOT / "tools").glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "%-" not in text and "%#" not in text, source.name


def test_a_change_to_a_commitment_no_entry_made_is_refused(
    make_demo: ModuleType, tmp_path: Path
) -> None:
    clock = make_demo.DemoClock(make_demo.london(make_demo.START))
    demo = make_demo.Demo(Journal.open(tmp_path / "journal", clock=clock), clock)
    change = {"kind": "change", "when": datetime(2026, 6, 1, 9, 0), "key": "nobody"}
    with pytest.raises(SystemExit, match=r"No entry .* key nobody"):
        make_demo.write_story(demo, [{**change, "status": "done", "note": "n"}])
