"""`companion settings`: every key listed with its meaning, each change checked and kept, and a
damaged settings file told once without stopping any command."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.cli import run
from companion.core.settings import DESCRIPTIONS, load_settings, set_setting, settings_path


def test_every_setting_is_listed_with_its_value_and_meaning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["settings"]) == 0
    out = capsys.readouterr().out
    for key, means in DESCRIPTIONS.items():
        assert key in out and means in out
    assert "friday (default)" in out


def test_a_setting_set_is_kept_and_listed_as_changed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["settings", "set", "review-day", "Mon"]) == 0
    assert "review_day is now monday." in capsys.readouterr().out
    assert run(["settings", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["settings"]["review_day"] == {
        "value": "monday",
        "default": False,
        "means": DESCRIPTIONS["review_day"],
    }
    assert doc["settings"]["name"]["default"] is True
    for argv in (["settings", "list", "--json"], ["settings", "--json", "list"]):
        assert run(argv) == 0
        assert json.loads(capsys.readouterr().out) == doc
    assert run(["settings", "set", "review_day", ""]) == 0  # empty: the default again
    assert load_settings().settings.review_day == "friday"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["settings", "set", "colour", "blue"], "no setting called 'colour'"),
        (["settings", "set", "date_order", "backwards"], "date_order takes one of day-month"),
        (["settings", "set", "theme", "sparkly"], "theme takes one of companion-high-contrast"),
        (["settings", "set", "accessible", "maybe"], "accessible takes yes or no"),
        (["settings", "set", "name"], "the following arguments are required: value"),
    ],
)
def test_a_wrong_key_or_value_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1
    assert not settings_path().exists()


@settings(max_examples=20)
@given(st.text(max_size=60))
def test_any_name_is_kept_or_refused_in_one_sentence(name: str) -> None:
    code = run(["settings", "set", "name", name])
    assert code in (0, 2)
    if code == 0:
        assert load_settings().settings.name == " ".join(name.split())


def _damaged() -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"review_day = [unclosed\xff")
    return path


def test_a_damaged_file_is_told_once_and_stops_no_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _damaged()
    for argv in (["settings"], ["list", "--journal", str(tmp_path / "j")], ["stats", "--json"]):
        assert run(argv) == 0
        err = capsys.readouterr().err
        assert err.count("are damaged") == 1, argv
    assert run(["settings", "set", "name", "Sam"]) == 0
    assert load_settings().problem == ""


def test_settings_round_trip_through_the_command(
    companion_cli: Callable[..., Any], tmp_path: Path
) -> None:
    env = {"HOME": os.environ["HOME"], "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"]}
    done = companion_cli("settings", "set", "date_order", "month-day", env=env)
    assert done.returncode == 0, done.stderr
    listed = companion_cli("settings", "--json", env=env)
    assert json.loads(listed.stdout)["settings"]["date_order"]["value"] == "month-day"
    wrong = companion_cli("settings", "set", "review_day", "someday", env=env)
    assert wrong.returncode == 2
    assert wrong.stderr.count("\n") == 1 and "Traceback" not in wrong.stderr
    _damaged()
    damaged = companion_cli("list", "--journal", str(tmp_path / "j"), env=env)
    assert damaged.returncode == 0
    assert damaged.stderr.count("are damaged") == 1


def test_the_brief_is_headed_with_the_leaders_name_and_programme(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = ["--journal", str(tmp_path / "journal")]
    assert run(["brief", *folder]) == 0
    assert capsys.readouterr().out.startswith("# Coaching brief\n\nPrepared")
    set_setting("name", "Sam Rivera")
    set_setting("programme", "Systems Leadership")
    assert run(["brief", *folder]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Coaching brief: Sam Rivera\n\nProgramme: Systems Leadership\n")
