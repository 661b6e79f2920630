"""Imports: Companion's JSON export (lossless, idempotent) and jrnl's JSON export."""

from __future__ import annotations

import json
import shutil
import time
from datetime import datetime
from pathlib import Path

import pytest

from companion.cli import run
from companion.core import ids
from companion.core.errors import ImportFileError
from companion.core.session import Session
from companion.export import ExportOptions, export_json, select_from_journal
from companion.importing import import_companion_json, import_jrnl_json, prepare_import
from companion.journal import Journal
from tests.helpers.export import secret_journal

ROOT = Path(__file__).resolve().parent.parent.parent
JRNL_FIXTURE = ROOT / "tests" / "fixtures" / "jrnl" / "jrnl-4.6-export.json"


def json_export(journal: Journal, include_private: bool = False) -> str:
    return export_json(select_from_journal(journal, ExportOptions(include_private=include_private)))


def journal_files(journal: Journal) -> dict[str, bytes]:
    return {
        str(p.relative_to(journal.folder)): p.read_bytes()
        for p in sorted(journal.folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.mark.parametrize("include_private", [False, True])
def test_import_then_export_gives_the_same_bytes(
    tmp_path: Path, journal: Journal, library, clock, include_private: bool
) -> None:  # type: ignore[no-untyped-def]
    secret_journal(journal, library, clock)
    draft_session = Session(library.get("empathy-map"), journal)
    draft_session.answer("Carers at the Tuesday group", step_id="whose")  # an unfinished draft
    first = json_export(journal, include_private)
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")

    fresh = Journal.open(tmp_path / "fresh")
    result = import_companion_json(fresh, path)
    assert result.entries_added == len(json.loads(first)["entries"])
    assert result.drafts_added == 1
    second = json_export(fresh, include_private)
    assert second == first
    assert fresh.meta["last_review"] == journal.meta["last_review"]


def test_the_demo_journal_survives_a_round_trip(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    shutil.copytree(ROOT / "journals" / "demo", demo)
    source = Journal.open(demo)
    first = json_export(source, include_private=True)
    path = tmp_path / "demo.json"
    path.write_text(first, encoding="utf-8")
    copy = Journal.open(tmp_path / "copy")
    import_companion_json(copy, path)
    assert json_export(copy, include_private=True) == first
    assert [e.id for e in copy.entries()] == [e.id for e in source.entries()]
    assert copy.commitments() == source.commitments()


def test_importing_the_same_file_twice_adds_nothing(
    tmp_path: Path, journal: Journal, library, clock
) -> None:  # type: ignore[no-untyped-def]
    secret_journal(journal, library, clock)
    path = tmp_path / "export.json"
    path.write_text(json_export(journal), encoding="utf-8")
    target = Journal.open(tmp_path / "target")
    first = import_companion_json(target, path)
    assert first.added > 0 and first.already_present == 0
    before = journal_files(target)
    second = import_companion_json(target, path)
    assert second.added == 0 and second.already_present == first.added
    assert journal_files(target) == before  # not even rewritten
    # into the journal it came from: everything is already there, nothing changes
    assert import_companion_json(journal, path).added == 0


def test_an_import_never_changes_an_entry_the_journal_has(
    tmp_path: Path, journal: Journal, library, clock
) -> None:  # type: ignore[no-untyped-def]
    secret_journal(journal, library, clock)
    data = json.loads(json_export(journal))
    data["entries"][0]["tags"] = ["changed-in-the-file"]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    import_companion_json(journal, path)
    assert "changed-in-the-file" not in {t for e in journal.entries() for t in e.tags}


# ---------------------------------------------------------------------- jrnl


def test_jrnl_export_becomes_learning_diary_entries(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    result = import_jrnl_json(journal, JRNL_FIXTURE)
    assert result.entries_added == 6 and result.already_present == 0
    entries = {e.title: e for e in journal.entries()}
    assert {e.script_id for e in entries.values()} == {"learning-diary"}

    board = entries["Board meeting"]
    assert board.starred
    assert board.completed == datetime.fromisoformat("2026-03-05T17:45:00+00:00")
    happened = board.answer("happened")
    assert happened is not None and happened.prompt == "What happened?"
    assert happened.value == (
        "Board meeting\nThe Board paper went through without a single question about residents."
        "\n\nI stayed quiet when I should have asked who was missing. @board @resident-voice"
    )
    assert sorted(board.tags) == ["board", "resident-voice"]
    tags = board.answer("tags")
    assert tags is not None and sorted(tags.value) == ["board", "resident-voice"]  # type: ignore[arg-type]

    cafe = entries["Café conversation with Ngozi — “what would it take?”"]
    assert "歩く会議" in str(cafe.answer("happened").value)  # type: ignore[union-attr]
    assert not cafe.starred
    summer = entries["Summer time."]
    assert summer.completed.isoformat() == "2026-07-01T07:05:00+01:00"
    assert summer.tags == ["walking"]
    title_only = entries["A title only entry @inequality"]
    assert title_only.answer("happened").value == "A title only entry @inequality"  # type: ignore[union-attr]

    again = import_jrnl_json(journal, JRNL_FIXTURE)
    assert again.entries_added == 0 and again.entries_present == 6
    assert len(journal.entries()) == 6


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles", "Etc/GMT+12"])
def test_a_jrnl_entry_is_filed_no_earlier_than_it_was_written(
    journal: Journal, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    """West of UTC, 23:30 on the last day of a month is already the next month: the entry must
    not sit in a file Home takes to hold only what was finished before that month ended."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    import_jrnl_json(journal, JRNL_FIXTURE)
    for entry in journal.entries():
        assert ids.id_time(entry.id) >= entry.completed, zone
    assert journal.recent_entries(2) == journal.entries()[:2]


def test_jrnl_import_from_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journal = tmp_path / "journal"
    args = ["--journal", str(journal), "import", "--from", "jrnl", str(JRNL_FIXTURE)]
    assert run(args) == 0
    assert "Imported 6 entries" in capsys.readouterr().out
    assert run(args) == 0
    again = capsys.readouterr().out
    assert "Imported 0 entries" in again and "6 records were already in the journal" in again
    assert run(["--journal", str(journal), "list"]) == 0
    listed = capsys.readouterr().out
    assert listed.count("Learning diary") == 6
    assert "Board meeting  ★" in listed


# ---------------------------------------------------------------------- bad files


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    def write(name: str, content: str | bytes) -> Path:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    good_entry = {
        "id": "01kjzhmnb06w41tb",
        "script": "learning-diary",
        "script_version": 1,
        "script_title": "Learning diary",
        "started": "2026-03-05T17:45:00+00:00",
        "completed": "2026-03-05T17:45:00+00:00",
        "answers": [{"step": "happened", "prompt": "What happened?", "kind": "long", "value": "x"}],
        "tags": [],
        "private": False,
        "commitments": [],
        "edits": [],
    }

    def export(**changes: object) -> str:
        data: dict[str, object] = {
            "companion": "export",
            "format": 1,
            "entries": [good_entry],
            "commitments": [],
            "drafts": [],
            "settings": {},
        }
        data.update(changes)
        return json.dumps(data)

    naive = dict(good_entry, completed="2026-03-05T17:45:00")
    return {
        "missing": (folder / "nope.json", "There is no file"),
        "folder": (folder, "is a folder"),
        "binary": (write("photo.json", b"\xff\xd8\xff\xe0\x00\x10JFIF"), "is not a text file"),
        "empty": (write("empty.json", ""), "is empty"),
        "not json": (write("notes.json", "entries: many"), "is not valid JSON (line 1, column 1"),
        "cut short": (write("cut.json", export()[:-20]), "is not valid JSON"),
        "a list": (write("list.json", "[1, 2]"), "holds a JSON list"),
        "no marker": (write("other.json", '{"entries": []}'), 'no "companion": "export" marker'),
        "jrnl without --from": (JRNL_FIXTURE, "looks like a jrnl export"),
        "journal meta": (
            write("journal.json", '{"companion": "journal", "schema": 1}'),
            "is a journal's description file",
        ),
        "newer": (write("newer.json", export(format=2)), "written by a newer Companion"),
        "no format": (write("noformat.json", export(format="one")), "does not say which export"),
        "entries not a list": (write("e.json", export(entries={})), "'entries' should be a list"),
        "bad id": (
            write("id.json", export(entries=[dict(good_entry, id="../../etc")])),
            "entry 1: 'id' is not a Companion id",
        ),
        "naive time": (write("naive.json", export(entries=[naive])), "has no time zone"),
        "bad answer": (
            write("answer.json", export(entries=[dict(good_entry, answers=[{"step": "x"}])])),
            "entry 1: 'answers', item 1 has no 'prompt'",
        ),
        "unknown field": (
            write("unknown.json", export(entries=[dict(good_entry, mood="fine")])),
            "a field Companion does not know ('mood')",
        ),
        "duplicate": (
            write("dup.json", export(entries=[good_entry, good_entry])),
            "entry 2 has the same id as an earlier one",
        ),
        "bad status": (
            write(
                "status.json",
                export(
                    commitments=[
                        {
                            "id": "01kjzhmnb06w41tc",
                            "text": "Call Sam",
                            "created": "2026-03-05T17:45:00+00:00",
                            "due": None,
                            "first_step": None,
                            "status": "maybe",
                            "history": [],
                            "entry": None,
                            "script": None,
                        }
                    ]
                ),
            ),
            "'status' should be one of open, done, dropped, renegotiated",
        ),
        "bad setting": (
            write("settings.json", export(settings={"salt": "abc"})),
            "a field Companion does not know ('salt')",
        ),
        "lone surrogate": (
            write("surrogate.json", export(entries=[])[:-1] + ', "x": "\\ud800"}'),
            "not valid Unicode",
        ),
    }


def test_a_bad_file_changes_nothing_and_says_why(
    tmp_path: Path, journal: Journal, library, clock
) -> None:  # type: ignore[no-untyped-def]
    secret_journal(journal, library, clock)
    before = journal_files(journal)
    folder = tmp_path / "files"
    folder.mkdir()
    for name, (path, message) in bad_files(folder).items():
        with pytest.raises(ImportFileError) as caught:
            prepare_import(path)
        assert message in str(caught.value), name
        assert str(caught.value).count("\n") == 0, name
    assert journal_files(journal) == before


def test_bad_jrnl_files_are_refused(tmp_path: Path) -> None:
    cases = {
        '{"entries": [{"title": "x"}]}': "entry 1 has no 'date'",
        '{"entries": [{"title": "x", "date": "5 March"}]}': "is not a date ('5 March')",
        '{"entries": [{"title": "x", "date": "2026-03-05", "time": "25:99"}]}': "is not a time",
        '{"tags": {}}': "has no list of entries",
        '{"companion": "export", "format": 1}': "is a Companion export, not a jrnl one",
    }
    for number, (content, message) in enumerate(cases.items()):
        path = tmp_path / f"jrnl-{number}.json"
        path.write_text(content)
        with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
            prepare_import(path, "jrnl")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "nope.json"], "There is no file nope.json"),
        (["import", "--from", "evernote", "x.json"], "cannot import from 'evernote'"),
    ],
)
def test_the_import_command_refuses_in_one_sentence_before_opening_the_journal(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    journal = tmp_path / "journal"
    assert run(["--journal", str(journal), *args]) == 2
    assert message in capsys.readouterr().err
    assert not journal.exists()  # not even created


def test_an_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.json"
    path.write_text("{}")

    def refuse(self: Path, limit: int = 0) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    from companion.core import limits

    monkeypatch.setattr(limits, "read_regular", refuse)  # root reads every file, so pretend
    with pytest.raises(ImportFileError, match="permission denied"):
        prepare_import(path)


def test_importing_into_a_newer_journal_is_refused(
    tmp_path: Path, journal: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "export.json"
    path.write_text(json_export(journal))
    meta = journal.folder / "journal.json"
    meta.write_text(json.dumps({"companion": "journal", "schema": 99}))
    before = journal_files(journal)
    assert run(["--journal", str(journal.folder), "import", str(path)]) == 5
    assert "format version 99" in capsys.readouterr().err
    assert journal_files(journal) == before


@pytest.mark.parametrize("name", ["not json", "newer", "bad id", "a list", "binary"])
def test_the_import_command_refuses_bad_files_and_leaves_the_journal_as_it_was(
    tmp_path: Path,
    journal: Journal,
    library,  # type: ignore[no-untyped-def]
    clock,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    secret_journal(journal, library, clock)
    before = journal_files(journal)
    folder = tmp_path / "files"
    folder.mkdir()
    path, message = bad_files(folder)[name]
    assert run(["--journal", str(journal.folder), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1
    assert journal_files(journal) == before
