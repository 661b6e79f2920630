"""Reading a contribution: whatever a file holds, one sentence or a contribution, never a crash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.core.errors import ImportFileError
from companion.export.gather import Contribution, SharedAnswer, SharedEntry
from companion.export.share import sealed
from companion.importing.contributions import gather_files, read_contribution

VALID: dict[str, Any] = Contribution(
    "Ben",
    (
        SharedEntry(
            "capture-impact",
            "Capture impact",
            "2026-11-03",
            ("walking",),
            (SharedAnswer("principle", "A principle?", "text", "Residents decide."),),
        ),
    ),
).to_doc()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _read(tmp_path: Path, data: bytes) -> Contribution | None:
    path = tmp_path / "c.json"
    path.write_bytes(data)
    try:
        return read_contribution(path)
    except ImportFileError as error:
        message = str(error)
        assert "\n" not in message and message.endswith(".")
        assert str(path) in message
        return None


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(json_values)
def test_any_json_is_a_contribution_or_one_sentence(tmp_path: Path, value: Any) -> None:
    _read(tmp_path, json.dumps(value).encode())


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200))
def test_any_bytes_are_a_contribution_or_one_sentence(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, data)


def _paths(doc: Any) -> list[list[Any]]:
    """Every place in a document a value sits (dict keys and list positions)."""
    found: list[list[Any]] = [[]]
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += [[key, *rest] for rest in _paths(value)]
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            found += [[index, *rest] for rest in _paths(value)]
    return found


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data(), json_values)
def test_a_contribution_with_any_field_changed_is_read_or_one_sentence(
    tmp_path: Path, data: st.DataObject, value: Any
) -> None:
    doc = json.loads(json.dumps(VALID))
    where = data.draw(st.sampled_from([p for p in _paths(doc) if p]))
    place = doc
    for key in where[:-1]:
        place = place[key]
    place[where[-1]] = value
    _read(tmp_path, json.dumps(doc).encode())


def test_a_valid_contribution_reads_back_as_written(tmp_path: Path) -> None:
    read = _read(tmp_path, json.dumps(VALID).encode())
    assert read is not None and read.contributor == "Ben" and read.id == VALID["id"]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({**VALID, "companion_contribution": 2}, "was made by a newer Companion"),
        ({"companion": "export", "format": 1, "entries": []}, "is not a Companion contribution"),
        ({**VALID, "entries": [{"when": "yesterday"}]}, "is damaged"),
        ({**VALID, "companion_contribution": True}, "is damaged"),
        ([1, 2, 3], "is not a Companion contribution"),
    ],
)
def test_a_foreign_newer_or_broken_file_is_one_sentence(
    tmp_path: Path, data: Any, says: str
) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ImportFileError, match=says):
        read_contribution(path)


def test_a_sealed_file_with_the_wrong_passphrase_or_none_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "sealed.json"
    path.write_bytes(sealed(json.dumps(VALID), "a good long passphrase"))
    assert read_contribution(path, "a good long passphrase").contributor == "Ben"
    for passphrase, says in (
        (None, "is sealed with a passphrase"),
        ("wrong one!", "does not open"),
    ):
        with pytest.raises(ImportFileError, match=says) as error:
            read_contribution(path, passphrase)
        assert "\n" not in str(error.value)


def test_a_sealed_journal_file_is_not_taken_for_a_contribution(tmp_path: Path) -> None:
    from companion.journal.crypto import new_key

    key = new_key("a good long passphrase")
    path = tmp_path / "journal.json"
    path.write_bytes(key.seal_file(json.dumps(VALID).encode(), "journal.json", 1))
    with pytest.raises(ImportFileError, match="does not open"):
        read_contribution(path, "a good long passphrase")


def test_gathering_stops_at_the_first_bad_file_before_anything_is_made(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(VALID))
    with pytest.raises(ImportFileError, match="There is no file"):
        gather_files([good, tmp_path / "missing.json"])
    with pytest.raises(ImportFileError, match="is a folder"):
        gather_files([tmp_path])


def test_a_file_name_no_system_can_hold_is_no_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="There is no file"):
        gather_files([tmp_path / "\ud800.json"])
