"""Output is UTF-8 whatever the console's code page: a redirected Windows console (cp1252) and
a bare C locale cannot write ★ or ✓, and must never turn them into exit 70."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.journal import Journal
from tests.helpers.storage import ROOT, at, make_entry

WORDS = "Пригласить Айгуль ★ ✓ 会议"
#: How a leader's machine may set its standard streams.
CONSOLES = {
    "Windows, redirected (cp1252)": {"PYTHONIOENCODING": "cp1252"},
    "C locale, UTF-8 mode off": {"PYTHONUTF8": "0", "LC_ALL": "C", "PYTHONIOENCODING": ""},
    "C locale, not coerced": {
        "PYTHONUTF8": "0",
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONIOENCODING": "",
    },
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "journal"
    journal = Journal.open(path)
    journal.save_entry(make_entry(at(2026, 11, 15), WORDS))
    journal.add_commitment(f"Follow up: {WORDS}")
    return path


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.slow
@pytest.mark.parametrize("console", list(CONSOLES))
@pytest.mark.parametrize(
    "verb", [["list"], ["commitments"], ["export", "-"], ["export", "--format", "json", "-"]]
)
def test_every_listing_and_export_is_written_in_utf8(
    console: str, verb: list[str], folder: Path
) -> None:
    result = _run(CONSOLES[console], *verb, "--journal", str(folder))

    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    shown = result.stdout.decode("utf-8")  # strict: the bytes are UTF-8
    if "json" in verb:
        assert "\\u2605" in shown or "★" in shown
    else:
        assert WORDS in shown
    result.stderr.decode("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("console", list(CONSOLES))
def test_a_message_about_a_non_latin_name_is_written_in_utf8(console: str, tmp_path: Path) -> None:
    missing = tmp_path / "заметки ★.json"
    result = _run(CONSOLES[console], "import", str(missing), "--journal", str(tmp_path / "j"))
    said = result.stderr.decode("utf-8")
    assert result.returncode not in (0, 70), said
    assert "went wrong inside Companion" not in said
    if console.startswith("Windows"):  # the C locale gives the name as bytes it cannot decode
        assert "заметки ★.json" in said


def test_main_turns_a_cp1252_standard_output_into_utf8(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.__main__ import main

    written = io.BytesIO()
    console = io.TextIOWrapper(written, encoding="cp1252", errors="strict")
    monkeypatch.setattr(sys, "stdout", console)

    assert main(["list", "--journal", str(folder)]) == 0

    sys.stdout.flush()
    assert WORDS in written.getvalue().decode("utf-8")
    assert sys.stdout.encoding == "utf-8"
