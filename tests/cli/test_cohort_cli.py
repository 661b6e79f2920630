"""`companion share` and `companion gather`, run as a leader runs them (a real process)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from companion.core.scripts import Library
from tests.helpers.cohort import PRIVATE_MARKS, three_journals

pytestmark = pytest.mark.slow

Cli = Callable[..., Any]
PASSPHRASE = "three leaders walking"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory, library: Library) -> list[Path]:
    journals = three_journals(tmp_path_factory.mktemp("leaders"), library)
    return [journal.folder for journal in journals]


def _secret(tmp_path: Path, text: str) -> str:
    path = tmp_path / "passphrase.txt"
    path.write_text(text + "\n")
    path.chmod(0o600)
    return str(path)


def _one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_share_lists_every_answer_then_writes_and_gather_makes_each_report(
    folders: list[Path], tmp_path: Path, companion_cli: Cli
) -> None:
    ben, chloe, dana = folders
    named = companion_cli(
        "share", "--journal", str(ben), "--name", "Ben", "-o", str(tmp_path / "b.json")
    )
    assert named.returncode == 0, named.stderr
    assert "  1. 21 May 2026, Workshop close-out. Which session was it?" in named.stdout
    assert "will leave this computer. Held back: 4 private answers." in named.stderr
    anonymous = companion_cli(
        "share", "--journal", str(chloe), "--anonymous", "-o", str(tmp_path / "c.json")
    )
    assert anonymous.returncode == 0, anonymous.stderr
    sealed = companion_cli(
        "share",
        "--journal",
        str(dana),
        "--name",
        "Dana",
        "--seal-passphrase-file",
        _secret(tmp_path, PASSPHRASE),
        "-o",
        str(tmp_path / "d.json"),
    )
    assert sealed.returncode == 0, sealed.stderr
    assert "sealed with your passphrase" in sealed.stderr
    files = [str(tmp_path / name) for name in ("b.json", "c.json", "d.json")]
    for form in ("learning", "impact", "culture-book"):
        for fmt in ("md", "html"):
            out = tmp_path / f"{form}.{fmt}"
            made = companion_cli(
                "gather", *files, "--as", form, "-o", str(out), "--passphrase-file",
                str(tmp_path / "passphrase.txt"),
            )  # fmt: skip
            assert made.returncode == 0, made.stderr
            assert "Gathered 12 entries from 3 contributions." in made.stderr
            text = out.read_bytes()
            for mark in PRIVATE_MARKS:
                assert mark.encode() not in text
            assert b"Ben" in text and b"a participant" in text
    for name in files:
        for mark in PRIVATE_MARKS:
            assert mark.encode() not in Path(name).read_bytes()


def test_share_dry_run_writes_nothing_and_leave_out_leaves_answers_out(
    folders: list[Path], tmp_path: Path, companion_cli: Cli
) -> None:
    target = tmp_path / "ben.json"
    look = companion_cli(
        "share", "--journal", str(folders[0]), "--script", "capture-impact", "--name", "Ben",
        "--dry-run", "-o", str(target),
    )  # fmt: skip
    assert look.returncode == 0 and not target.exists()
    number = next(
        line.split(".")[0].strip()
        for line in look.stdout.splitlines()
        if "What principle would I offer" in line
    )
    done = companion_cli(
        "share", "--journal", str(folders[0]), "--script", "capture-impact", "--name", "Ben",
        "--leave-out", number, "-o", str(target),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "(left out)" in done.stdout and "You left out 1 answer." in done.stderr
    assert "Residents decide" not in target.read_text()
    assert json.loads(target.read_text())["entries"][0]["script"] == "capture-impact"


def test_share_refuses_to_overwrite_and_needs_a_name_or_anonymous(
    folders: list[Path], tmp_path: Path, companion_cli: Cli
) -> None:
    target = tmp_path / "there.json"
    target.write_text("keep me")
    again = companion_cli("share", "--journal", str(folders[0]), "--name", "Ben", "-o", str(target))
    assert again.returncode == 2
    assert "already exists" in _one_sentence(again.stderr) and target.read_text() == "keep me"
    nobody = companion_cli("share", "--journal", str(folders[0]), "-o", str(tmp_path / "n.json"))
    assert nobody.returncode == 2 and "--name NAME, or --anonymous" in nobody.stderr
    both = companion_cli("share", "--journal", str(folders[0]), "--name", "B", "--anonymous")
    assert both.returncode == 2 and "Traceback" not in both.stderr


def test_gather_of_a_broken_or_sealed_file_is_one_sentence_and_writes_nothing(
    folders: list[Path], tmp_path: Path, companion_cli: Cli
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"companion_contribution": 1, "entries": [')
    out = tmp_path / "report.md"
    result = companion_cli("gather", str(broken), "--as", "impact", "-o", str(out))
    assert result.returncode == 2 and not out.exists()
    assert "is not a contribution" in _one_sentence(result.stderr)
    sealed = tmp_path / "sealed.json"
    shared = companion_cli(
        "share", "--journal", str(folders[1]), "--anonymous", "--seal-passphrase-file",
        _secret(tmp_path, PASSPHRASE), "-o", str(sealed),
    )  # fmt: skip
    assert shared.returncode == 0, shared.stderr
    wrong = companion_cli(
        "gather", str(sealed), "--as", "learning", "-o", str(out),
        "--passphrase-file", _secret(tmp_path, "not the passphrase"),
    )  # fmt: skip
    assert wrong.returncode == 2 and not out.exists()
    assert "does not open with this passphrase" in _one_sentence(wrong.stderr)
    unknown = companion_cli("gather", str(sealed), "--as", "poster")
    assert "Choose one of: learning, impact, culture-book." in _one_sentence(unknown.stderr)


def test_share_choose_outside_a_terminal_says_how_to_choose_instead(
    folders: list[Path], tmp_path: Path, companion_cli: Cli
) -> None:
    target = tmp_path / "ben.json"
    result = companion_cli(
        "share", "--journal", str(folders[0]), "--name", "Ben", "--choose", "-o", str(target)
    )
    assert result.returncode == 2 and not target.exists()
    assert "--dry-run and leave some out with --leave-out N,N" in _one_sentence(result.stderr)
