"""Every path Companion uses follows its own variables, on every platform.

On Windows platformdirs asks Windows for the user's folders and ignores HOME and XDG_*; a test
that isolated itself through HOME alone would write into the real user's journal there. The
tests isolate through COMPANION_DATA_DIR, COMPANION_CONFIG_DIR and COMPANION_JOURNAL
(tests/conftest.py), which hold wherever platformdirs would point.
"""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs
import pytest

from companion.cli import run
from companion.core import locations
from companion.journal import Journal

#: Where platformdirs would put a real leader's folders, whatever HOME says.
REAL_USER = {
    "windows": (
        Path("C:/Users/leader/AppData/Local"),
        Path("C:/Users/leader/AppData/Local"),
    ),
    "macos": (
        Path("/Users/leader/Library/Application Support"),
        Path("/Users/leader/Library/Application Support"),
    ),
}


@pytest.fixture(params=sorted(REAL_USER))
def platform_folders(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Path:
    """platformdirs as on Windows or macOS: the real user's folders, HOME ignored."""
    system = str(request.param)
    data, config = REAL_USER[system]

    def user_data_path(appname: str | None = None, *args: object, **kwargs: object) -> Path:
        return data / str(appname)

    def user_config_path(appname: str | None = None, *args: object, **kwargs: object) -> Path:
        return config / str(appname)

    monkeypatch.setattr(platformdirs, "user_data_path", user_data_path)
    monkeypatch.setattr(platformdirs, "user_config_path", user_config_path)
    return data


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def test_no_path_resolves_outside_the_tests_folder_on_windows_or_macos(
    platform_folders: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path_factory.getbasetemp()
    paths = {
        "data": locations.data_dir(),
        "config": locations.config_dir(),
        "scripts": locations.user_scripts_dir(),
        "default journal": locations.default_journal_dir(),
        "journal": locations.journal_dir(),
    }
    assert {name: p for name, p in paths.items() if not _inside(p, root)} == {}

    # The command as a leader runs it, with no --journal: doctor says where things are.
    assert run(["commitments", "add", "Call Sam"]) == 0
    run(["doctor"])
    out = capsys.readouterr().out
    shown = [Path(m) for m in re.findall(r"^(?:Journal|Your scripts):\s+(.+)$", out, re.M)]
    assert len(shown) == 2 and all(_inside(p, root) for p in shown), out
    assert Journal.open(locations.journal_dir()).commitments()[0].text == "Call Sam"


def test_without_companions_variables_the_platforms_folders_would_be_used(
    platform_folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other side: what the variables keep the tests away from (so the test above bites)."""
    for name in (locations.DATA_ENV, locations.CONFIG_ENV, locations.JOURNAL_ENV):
        monkeypatch.delenv(name)
    assert locations.default_journal_dir() == platform_folders / "companion" / "journal"
    assert locations.journal_dir() == platform_folders / "companion" / "journal"


def test_each_variable_decides_its_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(locations.DATA_ENV, str(tmp_path / "data"))
    monkeypatch.setenv(locations.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.delenv(locations.JOURNAL_ENV)
    assert locations.default_journal_dir() == tmp_path / "data" / "journal"
    assert locations.journal_dir() == tmp_path / "data" / "journal"
    assert locations.user_scripts_dir() == tmp_path / "config" / "scripts"
    monkeypatch.setenv(locations.JOURNAL_ENV, str(tmp_path / "elsewhere"))
    assert locations.journal_dir() == tmp_path / "elsewhere"
    assert locations.journal_dir(tmp_path / "flag") == tmp_path / "flag"
