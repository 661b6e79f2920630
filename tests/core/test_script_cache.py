"""The cache of checked scripts: the app's library is the same with it as without it, whatever
state the cache is in, and a script's edit is never missed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.core import locations, script_cache, scripts
from companion.core.model import Option, Script, Step, StepKind
from companion.core.script_cache import CACHE_FILE, ScriptCache, _doc, _script_from
from companion.core.scripts import Library, load_library


def _same(one: Library, other: Library) -> None:
    assert list(one.scripts) == list(other.scripts)
    assert one.scripts == other.scripts
    assert [str(e) for e in one.broken] == [str(e) for e in other.broken]
    assert one.overridden == other.overridden


@pytest.fixture
def builtins(tmp_path: Path) -> Path:
    folder = tmp_path / "prompts"
    shutil.copytree(locations.builtin_scripts_dir(), folder)
    return folder


def _cache_file() -> Path:
    return locations.cache_dir() / CACHE_FILE


def _no_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, path: Path) -> Script:
        raise AssertionError(f"{path} was checked again")

    monkeypatch.setattr(scripts, "parse_script", refuse)


def test_the_second_start_takes_every_script_from_the_cache_as_checked(
    builtins: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = load_library(builtins, include_user=False)
    first = load_library(builtins, include_user=False, cached=True)
    assert _cache_file().is_file()
    _no_checks(monkeypatch)
    second = load_library(builtins, include_user=False, cached=True)
    _same(first, checked)
    _same(second, checked)


def test_an_edited_script_is_checked_again_even_at_the_same_size(builtins: Path) -> None:
    load_library(builtins, include_user=False, cached=True)
    path = builtins / "learning-diary.toml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace('title = "', 'title = "X', 1)[:-1] if text.endswith("\n") else text
    assert len(edited) == len(text) and edited != text
    path.write_text(edited, encoding="utf-8")
    again = load_library(builtins, include_user=False, cached=True)
    assert again.get("learning-diary").title.startswith("X")
    _same(again, load_library(builtins, include_user=False))


def test_a_script_broken_by_an_edit_is_listed_as_broken_not_taken_from_the_cache(
    builtins: Path,
) -> None:
    load_library(builtins, include_user=False, cached=True)
    (builtins / "learning-diary.toml").write_text('id = "learning-diary"\ntitle = ', "utf-8")
    again = load_library(builtins, include_user=False, cached=True)
    assert "learning-diary" not in again.scripts
    assert again.broken
    _same(again, load_library(builtins, include_user=False))


def test_a_users_own_script_is_cached_apart_from_the_builtin_it_replaces(
    builtins: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "mine"
    own.mkdir()
    text = (builtins / "learning-diary.toml").read_text("utf-8")
    (own / "learning-diary.toml").write_text(text.replace("title = ", 'title = "Mine" #', 1))
    checked = load_library(builtins, own)
    load_library(builtins, own, cached=True)
    _no_checks(monkeypatch)
    again = load_library(builtins, own, cached=True)
    _same(again, checked)
    assert again.get("learning-diary").title == "Mine" and not again.get("learning-diary").builtin


def test_a_new_companion_checks_the_scripts_again(
    builtins: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_library(builtins, include_user=False, cached=True)
    monkeypatch.setattr(script_cache, "code_fingerprint", lambda: ["another version"])
    calls: list[Path] = []
    parse = scripts.parse_script

    def counted(text: str, path: Path) -> Script:
        calls.append(path)
        return parse(text, path)

    monkeypatch.setattr(scripts, "parse_script", counted)
    load_library(builtins, include_user=False, cached=True)
    assert len(calls) == len(list(builtins.glob("*.toml")))


def _cut(raw: bytes, at: int) -> bytes:
    return raw[: at % (len(raw) + 1)]


def _flipped(raw: bytes, at: int) -> bytes:
    where = at % len(raw)
    return raw[:where] + bytes([raw[where] ^ 0x20]) + raw[where + 1 :]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    damage=st.sampled_from(["cut", "flip", "garbage", "empty", "folder"]),
    at=st.integers(min_value=0, max_value=10**6),
    garbage=st.binary(max_size=200),
)
def test_a_damaged_cache_is_ignored_and_the_library_is_as_checked(
    builtins: Path, damage: str, at: int, garbage: bytes
) -> None:
    checked = load_library(builtins, include_user=False)
    load_library(builtins, include_user=False, cached=True)
    path = _cache_file()
    raw = path.read_bytes()
    if damage == "folder":
        path.unlink()
        path.mkdir()
    else:
        damaged = {
            "cut": _cut(raw, at),
            "flip": _flipped(raw, at),
            "garbage": garbage,
            "empty": b"",
        }[damage]
        path.write_bytes(damaged)
    _same(load_library(builtins, include_user=False, cached=True), checked)
    if path.is_dir():
        path.rmdir()
    else:  # written afresh: the next start uses it again
        _same(load_library(builtins, include_user=False, cached=True), checked)


def _resealed(path: Path, change: object) -> None:
    """Rewrite the cache with its scripts changed by change, and a checksum that fits."""
    import zlib

    header, _, body = path.read_bytes().partition(b"\n")
    files = json.loads(body)
    change(files)  # type: ignore[operator]
    body = json.dumps(files).encode("utf-8")
    described = json.loads(header)
    described["seal"] = zlib.crc32(body)
    path.write_bytes(json.dumps(described).encode("ascii") + b"\n" + body)


@pytest.mark.parametrize(
    "field, value",
    [("version", "1"), ("title", None), ("steps", {}), ("builtin", 1), ("extra", "x")],
)
def test_a_cached_script_of_the_wrong_shape_is_checked_again(
    builtins: Path, field: str, value: object
) -> None:
    checked = load_library(builtins, include_user=False)
    load_library(builtins, include_user=False, cached=True)

    def spoil(files: dict[str, dict[str, dict[str, object]]]) -> None:
        for found in files.values():
            found["script"][field] = value

    _resealed(_cache_file(), spoil)
    _same(load_library(builtins, include_user=False, cached=True), checked)


def test_a_cache_folder_that_cannot_be_written_never_stops_the_library(
    builtins: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv(locations.CACHE_ENV, str(blocked / "companion"))
    _same(
        load_library(builtins, include_user=False, cached=True),
        load_library(builtins, include_user=False),
    )


_texts = st.text(max_size=20)
_maybe_texts = st.none() | _texts
_maybe_ints = st.none() | st.integers(-(10**6), 10**6)
_steps = st.builds(
    Step,
    id=_texts,
    kind=st.sampled_from(list(StepKind)),
    prompt=_texts,
    hint=_maybe_texts,
    example=_maybe_texts,
    required=st.booleans(),
    private=st.booleans(),
    target_words=_maybe_ints,
    options=st.lists(st.builds(Option, value=_texts, label=_texts), max_size=3).map(tuple),
    allow_other=st.booleans(),
    min=_maybe_ints,
    max=_maybe_ints,
    min_label=_maybe_texts,
    max_label=_maybe_texts,
    sets_tags=st.booleans(),
    live=_maybe_texts,
)


@given(
    st.builds(
        Script,
        id=_texts,
        title=_texts,
        version=st.integers(0, 10**6),
        moment=_texts,
        summary=_texts,
        intro=_texts,
        steps=st.lists(_steps, max_size=4).map(tuple),
        path=_texts,
        builtin=st.booleans(),
    )
)
def test_every_field_of_a_script_comes_back_from_the_cache_as_it_was(script: Script) -> None:
    assert _script_from(json.loads(json.dumps(_doc(script)))) == script


def test_the_cache_holds_the_scripts_text_and_nothing_of_a_journal(builtins: Path) -> None:
    load_library(builtins, include_user=False, cached=True)
    cache = ScriptCache()
    for path in builtins.glob("*.toml"):
        assert cache.get(path, True, path.read_text("utf-8")) is not None
    assert _cache_file().parent == locations.cache_dir()


def test_a_cache_changed_behind_its_checksum_is_not_used(builtins: Path) -> None:
    """A word changed in a cached script (a disk's damage, not a JSON error) is caught by the
    checksum: the script is checked again from its file."""
    checked = load_library(builtins, include_user=False)
    load_library(builtins, include_user=False, cached=True)
    path = _cache_file()
    raw = path.read_bytes()
    title = checked.get("learning-diary").title.encode("utf-8")
    assert raw.count(b'"title": "' + title + b'"') == 1
    path.write_bytes(raw.replace(b'"title": "' + title, b'"title": "' + title.swapcase()))
    _same(load_library(builtins, include_user=False, cached=True), checked)


def test_companion_files_that_cannot_be_listed_leave_the_cache_unused(
    builtins: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable() -> list[object]:
        raise PermissionError("core")

    monkeypatch.setattr(script_cache, "code_fingerprint", unreadable)
    _same(
        load_library(builtins, include_user=False, cached=True),
        load_library(builtins, include_user=False),
    )
    assert not _cache_file().exists()
