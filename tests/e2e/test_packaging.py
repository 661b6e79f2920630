"""The package as a user gets it: a wheel that carries its scripts, and verbs that start fast."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _python(code: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["list"], ["commitments"], ["scripts", "list"], ["doctor"]],
)
def test_short_verbs_never_load_the_app(tmp_path: Path, argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from companion.cli import run\n"
        "try:\n"
        f"    run({['--journal', str(tmp_path / 'journal'), *argv]!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('HEAVY', sorted(m for m in ('textual', 'questionary', 'prompt_toolkit', 'rich',"
        " 'markdown_it') if m in sys.modules))\n"
    )
    output = _python(code, ROOT)
    assert "HEAVY []" in output


def test_reading_a_journal_loads_nothing_it_does_not_use(tmp_path: Path) -> None:
    """Opening, listing and a JSON export need neither the writing machinery nor markdown-it."""
    from companion.journal import Journal

    folder = tmp_path / "journal"
    Journal.open(folder).add_commitment("Ask the chair about the Board agenda")
    code = (
        "import sys\n"
        "from companion.cli import run\n"
        f"for argv in (['list'], ['commitments'], ['export', '--format', 'json', '-o', '-']):\n"
        f"    run(['--journal', {str(folder)!r}, *argv])\n"
        "print('LOADED', sorted(m for m in ('tinydb', 'filelock', 'markdown_it', 'secrets')"
        " if m in sys.modules))\n"
    )
    output = _python(code, ROOT)
    assert "Ask the chair" in output  # the export did run
    assert "LOADED []" in output


def test_core_modules_never_import_textual() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import companion.core, companion.journal, companion.export, companion.importing\n"
        "import companion.plain, tools.sample\n"
        "engine = (companion.core, companion.journal, companion.export, companion.importing)\n"
        "for package in engine:\n"
        "    for found in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(found.name)\n"
        "print('textual' in sys.modules)\n"
    )
    assert _python(code, ROOT).strip() == "False"


@pytest.mark.slow
def test_a_non_editable_wheel_finds_its_built_in_scripts(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = list(wheels.glob("companion-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    prompts = [n for n in names if n.startswith("companion/prompts/") and n.endswith(".toml")]
    assert len(prompts) == 12
    assert "companion/prompts/README.md" in names
    assert "companion/demo_journal/journal.json" in names

    target = tmp_path / "installed"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shown = _python(
        "from companion.cli import run; run(['scripts', 'show', 'workshop-close-out', '--json'])",
        elsewhere,
        env={"PYTHONPATH": str(target)},
    )
    script = json.loads(shown)
    assert Path(script["path"]).is_relative_to(target)
    listed = _python(
        "from companion.cli import run; run(['scripts', 'list', '--json'])",
        elsewhere,
        env={"PYTHONPATH": str(target)},
    )
    data = json.loads(listed)
    assert len(data["scripts"]) == 12 and data["broken"] == []


@pytest.mark.slow
def test_demo_opens_a_temporary_copy_and_leaves_the_repository_untouched() -> None:
    demo = ROOT / "journals" / "demo"
    before = {p: p.read_bytes() for p in demo.rglob("*") if p.is_file()}
    result = subprocess.run(
        [sys.executable, "-m", "companion", "demo", "--plain"],
        input=":quit\n",
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Opening a temporary copy of the demo journal" in result.stderr
    assert "44 entries" in result.stdout and "overdue" in result.stdout
    assert "\x1b" not in result.stdout
    copy = result.stderr.split("demo journal: ", 1)[1].split()[0]
    assert not Path(copy).exists()  # the temporary copy is gone afterwards
    after = {p: p.read_bytes() for p in demo.rglob("*") if p.is_file()}
    assert after == before
