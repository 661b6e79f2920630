"""Day One's JSON export, read in: escapes undone, each entry's own zone, tags, stars, photos."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.cli import run
from companion.core.errors import ImportFileError
from companion.importing import dayone, prepare_import
from companion.importing.dayone import unescape
from companion.journal import Journal

PHOTO_MD5 = "5a1b2c3d4e5f60718293a4b5c6d7e8f9"


def dayone_entry(uuid: str, created: str, zone: str, text: str, **more: Any) -> dict[str, Any]:
    """One entry as Day One's JSON export writes it (its published shape, fields and all)."""
    return {
        "uuid": uuid,
        "creationDate": created,
        "modifiedDate": created,
        "timeZone": zone,
        "text": text,
        "richText": json.dumps({"contents": [{"text": "ignored"}], "meta": {"version": 1}}),
        "starred": False,
        "isPinned": False,
        "isAllDay": False,
        "duration": 0,
        "editingTime": 42.5,
        "creationDevice": "Ada's iPhone",
        "creationDeviceType": "iPhone",
        "creationOSName": "iOS",
        "creationOSVersion": "17.3",
        **more,
    }


def dayone_export() -> dict[str, Any]:
    return {
        "metadata": {"version": "1.0"},
        "entries": [
            dayone_entry(
                "A1B2C3D4E5F60718293A4B5C6D7E8F90",
                "2024-03-01T09:15:00Z",
                "Europe/London",
                "# Board day\n\nWe agreed 3\\. things\\! The \\(new\\) chair \\- finally\\.\n"
                "Costs were 5 \\* 3 \\#budget and a back\\\\slash\\.",
                tags=["Board", "Budget Round"],
                starred=True,
            ),
            dayone_entry(
                "B1B2C3D4E5F60718293A4B5C6D7E8F91",
                "2024-07-01T22:30:00Z",  # 23:30 in London (summer time), still 1 July
                "Europe/London",
                "Walk with the team\n\n![](dayone-moment://0A1B2C3D4E5F4A5B8C9D0E1F2A3B4C5D)",
                tags=[],
                photos=[
                    {
                        "identifier": "0A1B2C3D4E5F4A5B8C9D0E1F2A3B4C5D",
                        "md5": PHOTO_MD5,
                        "type": "jpeg",
                        "width": 3024,
                        "height": 4032,
                        "orderInEntry": 0,
                        "fileSize": 2345678,
                        "favorite": False,
                        "isSketch": False,
                        "creationDevice": "Ada's iPhone",
                        "duration": 0,
                    },
                    {"identifier": "F" * 32, "md5": "0" * 32, "type": "png"},
                ],
                location={
                    "localityName": "London",
                    "country": "United Kingdom",
                    "latitude": 51.5,
                    "longitude": -0.12,
                    "placeName": "Regent's Park",
                    "region": {"radius": 75},
                },
                weather={"conditionsDescription": "Sunny", "temperatureCelsius": 21.0},
            ),
            dayone_entry(
                "C1B2C3D4E5F60718293A4B5C6D7E8F92",
                "2024-11-03T03:30:00Z",  # 23:30 the day before in New York
                "America/New_York",
                "Late call with the US team",
            ),
            dayone_entry("D1B2C3D4E5F60718293A4B5C6D7E8F93", "2024-11-04T10:00:00Z", "UTC", ""),
        ],
    }


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.fixture
def export_zip(tmp_path: Path) -> Path:
    return write_zip(
        tmp_path / "Export - Journal.zip",
        {
            "Journal.json": json.dumps(dayone_export(), indent=2).encode(),
            f"photos/{PHOTO_MD5}.jpeg": b"\xff\xd8\xff not really a photo",
        },
    )


def test_a_day_one_zip_becomes_learning_diary_entries(export_zip: Path, journal: Journal) -> None:
    prepared = prepare_import(export_zip, "dayone")
    assert prepared.skipped == 1  # the empty entry
    result = prepared.apply(journal)
    assert result.entries_added == 3
    board, walk, late = sorted(journal.entries(), key=lambda e: e.completed)
    text = board.answers[0].value
    assert text == (
        "# Board day\n\nWe agreed 3. things! The (new) chair - finally.\n"
        "Costs were 5 * 3 #budget and a back\\slash."
    )
    assert board.tags == ["board", "budget-round"] and board.starred
    assert board.completed.isoformat() == "2024-03-01T09:15:00+00:00"  # GMT in March
    assert walk.completed.isoformat() == "2024-07-01T23:30:00+01:00"  # BST: the DST zone
    assert late.completed.isoformat() == "2024-11-02T23:30:00-04:00"
    assert late.completed.date().isoformat() == "2024-11-02"  # the day it was in New York
    photo_lines = [line for line in walk.answers[0].value.splitlines() if "Photo" in line]
    assert photo_lines == [
        f"Photo: {PHOTO_MD5}.jpeg (not imported)",
        f"Photo: {'0' * 32}.png (not imported)",
    ]
    assert "dayone-moment" not in walk.answers[0].value
    assert not walk.starred
    assert not (journal.folder / "photos").exists()


def test_the_bare_journal_json_gives_the_same_entries(
    tmp_path: Path, export_zip: Path, journal: Journal
) -> None:
    bare = tmp_path / "Journal.json"
    bare.write_text(json.dumps(dayone_export()), encoding="utf-8")
    from_zip = prepare_import(export_zip, "dayone").entries
    assert prepare_import(bare, "dayone").entries == from_zip


def test_importing_twice_adds_nothing(
    export_zip: Path, journal: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--journal", str(journal.folder), "import", "--from", "dayone", str(export_zip)]
    assert run(args) == 0
    assert "Imported 3 entries" in capsys.readouterr().out
    assert run(args) == 0
    again = capsys.readouterr().out
    assert "Imported 0 entries" in again and "3 records were already in the journal" in again
    assert len(Journal.open(journal.folder).entries()) == 3


def test_the_installed_command_imports_day_one(
    export_zip: Path,
    tmp_path: Path,
    companion_cli,  # type: ignore[no-untyped-def]
) -> None:
    result = companion_cli(
        "--journal", str(tmp_path / "j"), "import", "--from", "dayone", str(export_zip)
    )
    assert result.returncode == 0, result.stderr
    assert "Imported 3 entries" in result.stdout and "Skipped 1 empty entry" in result.stdout


def bad_day_one_files(folder: Path) -> dict[str, tuple[Path, str]]:
    good = json.dumps(dayone_export()).encode()
    whole = write_zip(folder / "whole.zip", {"Journal.json": good})
    cut = folder / "cut.zip"
    cut.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) // 2])
    wrong_entry = dayone_export()
    wrong_entry["entries"][1]["creationDate"] = "yesterday"
    return {
        "path trick": (
            write_zip(folder / "trick.zip", {"../../evil.json": good, "Journal.json": good}),
            "outside the archive",
        ),
        "absolute": (write_zip(folder / "abs.zip", {"/etc/Journal.json": good}), "outside"),
        "foreign zip": (
            write_zip(folder / "photos.zip", {"holiday.jpeg": b"x", "notes.json": b"[1, 2]"}),
            "holds no Day One journal",
        ),
        "cut short": (cut, "cannot be read"),
        "not json": (write_zip(folder / "nj.zip", {"Journal.json": b"\xff\xfe"}), "not JSON"),
        "wrong date": (
            write_zip(folder / "wd.zip", {"Journal.json": json.dumps(wrong_entry).encode()}),
            "entry 2",
        ),
        "companion": (_companion_export(folder), "is a Companion file"),
        "shape": (_text(folder / "shape.json", '{"entries": 3}'), 'no "metadata"'),
    }


def _companion_export(folder: Path) -> Path:
    return _text(folder / "export.json", '{"companion": "export", "format": 1, "entries": []}')


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_file_is_one_sentence_and_nothing_changes(tmp_path: Path, journal: Journal) -> None:
    for name, (path, said) in bad_day_one_files(tmp_path).items():
        with pytest.raises(ImportFileError) as raised:
            prepare_import(path, "dayone")
        message = str(raised.value)
        assert said in message, (name, message)
        assert "\n" not in message and str(path) in message, name
    assert journal.entries() == []


def test_a_zip_bomb_stops_at_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dayone, "JSON_LIMIT", 64 * 1024)
    # 10 MB of spaces deflate to a few kilobytes, and the header's size is not trusted.
    bomb = write_zip(tmp_path / "bomb.zip", {"Journal.json": b"{" + b" " * 10_000_000 + b"}"})
    assert bomb.stat().st_size < 100_000
    with pytest.raises(ImportFileError, match="unpacks to more than Companion reads"):
        prepare_import(bomb, "dayone")


_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


@given(st.text(max_size=80))
def test_day_ones_escapes_are_undone_exactly(text: str) -> None:
    assert unescape(_PUNCTUATION.sub(r"\\\1", text)) == text


@settings(max_examples=60)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_are_refused_in_one_sentence(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Journal.json", data)
    folder = tmp_path_factory.mktemp("bytes")
    for path, raw in ((folder / "raw.json", data), (folder / "in.zip", buffer.getvalue())):
        path.write_bytes(raw)
        try:
            prepared = prepare_import(path, "dayone")
        except ImportFileError as error:
            assert "\n" not in str(error)
            continue
        assert isinstance(prepared.entries, list)


def test_an_unknown_time_zone_keeps_the_moment_in_utc() -> None:
    moment = datetime.fromisoformat("2024-11-03T03:30:00+00:00")
    assert dayone._local(moment, "America/New_York").utcoffset() == -timedelta(hours=4)
    assert dayone._local(moment, "Not/A_Zone") == moment
