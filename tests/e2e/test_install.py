"""Installed in one line, as a leader would (`pipx install .` or `uv tool install .`): both build
the wheel from pyproject.toml and put it in a virtual environment of its own, with a `companion`
command. This builds that wheel, installs it the same way (offline: the dependencies come from
this environment), and runs the installed command from another folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from companion import __version__
from companion.journal import Journal

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.slow


def _ok(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, timeout=50, cwd=cwd, env=env)
    assert result.returncode == 0, result.stderr
    return result


def test_the_built_wheel_installs_a_companion_command_that_works_from_any_folder(
    tmp_path: Path,
) -> None:
    wheels = tmp_path / "wheels"
    _ok([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)])
    [wheel] = list(wheels.glob("companion-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("companion/prompts/") and n.endswith(".toml") for n in names)
    assert "companion/demo_journal/journal.json" in names
    tops = {n.split("/", 1)[0] for n in names}
    assert tops == {"companion", wheel.name.split("-py3")[0] + ".dist-info"}, tops
    assert not any(n.startswith(("tools/", "tests/", "companion/tests/")) for n in names)

    # A fresh environment of its own, as pipx and uv make; its dependencies are this one's.
    venv = tmp_path / "companion-tool"
    _ok([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = _ok([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    (Path(site.stdout.strip()) / "dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    _ok([*pip, "--no-deps", "--no-index", str(wheel)])

    command = venv / ("Scripts/companion.exe" if os.name == "nt" else "bin/companion")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    journal = tmp_path / "my journal"
    Journal.open(journal).add_commitment("Ask the chair about the Board agenda ★")

    def companion(*args: str) -> str:
        return _ok([str(command), *args], cwd=elsewhere, env=env).stdout

    assert companion("--version").strip() == f"companion {__version__}"
    assert "Ask the chair about the Board agenda ★" in companion(
        "commitments", "--journal", str(journal)
    )
    assert "No entries yet" in companion("list", "--journal", str(journal))
    scripts = json.loads(companion("scripts", "list", "--json"))
    assert len(scripts["scripts"]) == 12 and scripts["broken"] == []
    assert all(Path(s["path"]).is_relative_to(venv) for s in scripts["scripts"])
    where = _ok(
        [str(python), "-c", "import companion; print(companion.__file__)"], cwd=elsewhere, env=env
    )
    assert Path(where.stdout.strip()).is_relative_to(venv), "the installed copy, not the checkout"
