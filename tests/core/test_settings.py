"""Settings: each key checked, kept across runs, and a damaged file never stops Companion."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.core.errors import UsageError
from companion.core.settings import Settings, load_settings, set_setting, settings_path


def test_defaults_when_there_is_no_file() -> None:
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert loaded.problem == ""


def test_a_setting_set_is_read_back_and_only_changes_are_written() -> None:
    set_setting("review_day", "mon")
    set_setting("name", "  Sam   Rivera ")
    assert load_settings().settings == Settings(review_day="monday", name="Sam Rivera")
    text = settings_path().read_text(encoding="utf-8")
    assert "theme" not in text and "monday" in text


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("colour", "blue", "no setting called"),
        ("review_day", "someday", "one of monday"),
        ("accessible", "maybe", "yes or no"),
    ],
)
def test_a_wrong_key_or_value_is_one_sentence(key: str, value: str, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        set_setting(key, value)
    assert not settings_path().exists()


@given(st.binary(max_size=200))
def test_any_file_gives_settings_and_a_damaged_one_says_so(
    tmp_path_factory: pytest.TempPathFactory, junk: bytes
) -> None:
    path = tmp_path_factory.mktemp("settings") / "settings.toml"
    path.write_bytes(junk)
    loaded = load_settings(path)
    assert isinstance(loaded.settings, Settings)
    try:
        tomllib.loads(junk.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        assert "damaged" in loaded.problem


def test_a_damaged_file_says_so_and_setting_a_key_mends_it(tmp_path: Path) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("review_day = [unclosed", encoding="utf-8")
    assert "damaged" in load_settings().problem
    set_setting("review_day", "tuesday")
    loaded = load_settings()
    assert loaded.problem == "" and loaded.settings.review_day == "tuesday"


def test_unusable_values_are_named_and_the_rest_kept(tmp_path: Path) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('review_day = "blursday"\nname = "Jo"\n', encoding="utf-8")
    loaded = load_settings()
    assert loaded.settings.name == "Jo" and loaded.settings.review_day == "friday"
    assert "review_day" in loaded.problem
