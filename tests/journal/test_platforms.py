"""The journal's saves, reads, backups and checks as Windows and macOS would run them.

The suite runs natively on Linux. Here the one place storage chooses per platform
(companion/journal/platform.py) is put in another platform's shoes: Windows (Python 3.11 or 3.12
without os.fchmod, and 3.13 with it), where modes mean nothing and another program may hold a
file; macOS, where only F_FULLFSYNC reaches the disk. The files are real, on this disk.
"""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from companion.cli import run
from companion.core.errors import JournalWriteError
from companion.journal import Journal, doctor, files, platform
from tests.conftest import FakeClock
from tests.helpers.storage import (
    at,
    data_snapshot,
    make_commitment,
    make_draft,
    make_entry,
    temp_files,
)

NOVEMBER = at(2026, 11, 15)
SHARD = Path("commitments") / "2026-11.json"
#: Where macOS keeps F_FULLFSYNC (fcntl.h); Linux's fcntl module does not have it.
F_FULLFSYNC = 51
SIMULATED = ["linux", "windows-3.11", "windows-3.13", "macos"]


@dataclasses.dataclass
class Simulation:
    """What the simulated platform was asked to do, for the test to look at."""

    name: str
    pauses: list[float] = dataclasses.field(default_factory=list)
    full_fsyncs: list[int] = dataclasses.field(default_factory=list)
    fchmods: list[int] = dataclasses.field(default_factory=list)


def _simulate(name: str, monkeypatch: pytest.MonkeyPatch) -> Simulation:
    seen = Simulation(name)
    real_fcntl, real_fchmod = fcntl.fcntl, os.fchmod

    def fchmod(fd: int, mode: int) -> None:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if name == "windows-3.11" and caller.startswith("companion."):
            # Python before 3.13 has no os.fchmod on Windows. (filelock's Unix code, which
            # runs here, calls it too; on Windows filelock has its own code without it.)
            raise AttributeError("module 'os' has no attribute 'fchmod'")
        if caller.startswith("companion."):
            seen.fchmods.append(fd)
        real_fchmod(fd, mode)

    monkeypatch.setattr(os, "fchmod", fchmod)
    if name == "macos":

        def mac_fcntl(fd: Any, command: int, *args: Any) -> Any:
            if command == F_FULLFSYNC:
                seen.full_fsyncs.append(fd)
                os.fsync(fd)  # what this disk can do; the call is what is checked
                return 0
            return real_fcntl(fd, command, *args)

        monkeypatch.setattr(fcntl, "F_FULLFSYNC", F_FULLFSYNC, raising=False)
        monkeypatch.setattr(fcntl, "fcntl", mac_fcntl)
    system = {"linux": "linux", "macos": "darwin"}.get(name, "win32")
    chosen = dataclasses.replace(platform.detect(system), sleep=seen.pauses.append)
    if name == "windows-3.11":
        chosen = dataclasses.replace(chosen, fchmod=None)
    monkeypatch.setattr(platform, "_chosen", chosen)  # put back after the test, whatever happens
    return seen


@pytest.fixture(params=SIMULATED)
def simulated(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Simulation:
    return _simulate(str(request.param), monkeypatch)


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> Simulation:
    return _simulate("windows-3.11", monkeypatch)


def _open(folder: Path) -> Journal:
    return Journal.open(folder, clock=FakeClock(NOVEMBER), lock_timeout=2.0)


# ---------------------------------------------------------------------- a whole cycle


def test_save_read_back_up_check_and_restore_work_on_every_platform(
    simulated: Simulation, tmp_path: Path
) -> None:
    folder = tmp_path / "journal"
    journal = _open(folder)
    for text in ("Ask the chair", "Ask the chair ★ before Friday", "Пригласить Айгуль ✓"):
        journal.save_commitment(make_commitment(NOVEMBER, text))
    journal.save_entry(make_entry(NOVEMBER, "We mapped who holds the budget ★"))
    journal.save_draft(make_draft(NOVEMBER, text="half an answer ✓"))

    again = _open(folder)  # another Companion reads what was saved
    assert {c.text for c in again.commitments()} == {
        "Ask the chair",
        "Ask the chair ★ before Friday",
        "Пригласить Айгуль ✓",
    }
    assert again.entries()[0].answers[0].value == "We mapped who holds the budget ★"
    assert again.drafts()[0].answers["happened"].value == "half an answer ✓"
    kept = files.backups_of(folder / "backups" / "commitments", "2026-11.json")
    assert len(kept) == 2, "each earlier version of the month is kept"

    findings = doctor.check(folder)
    assert [f for f in findings if not f.ok] == []
    (folder / SHARD).write_bytes(b"\x00" * 40)  # the disk damages the month
    done = doctor.restore(folder)
    assert len(done) == 1 and "2026-11.json.1" in done[0]
    assert len(_open(folder).commitments()) == 2, "the newest sound backup is back"
    assert [f for f in doctor.check(folder) if not f.ok] == []

    if simulated.name == "macos":
        assert simulated.full_fsyncs, "a save on macOS asks the drive itself to write"
    else:
        assert simulated.full_fsyncs == []
    if simulated.name.startswith("windows"):
        assert simulated.fchmods == [], "Windows has no modes to set"
    else:
        assert simulated.fchmods, "each saved file is made private whatever the umask"
    assert not temp_files(folder)


def test_on_macos_a_disk_that_cannot_full_fsync_still_saves(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _simulate("macos", monkeypatch)
    synced: list[int] = []
    real_fsync = os.fsync

    def refuse(fd: Any, command: int, *args: Any) -> Any:
        raise OSError(errno.ENOTSUP, "Operation not supported")

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(fcntl, "fcntl", refuse)
    monkeypatch.setattr(os, "fsync", fsync)
    journal = _open(tmp_path / "journal")
    journal.save_commitment(make_commitment(NOVEMBER, "kept on a network share"))
    assert synced, "fsync is the fallback"
    assert [c.text for c in _open(tmp_path / "journal").commitments()] == [
        "kept on a network share"
    ]


# ---------------------------------------------------------------------- Windows: modes and doctor


def test_on_windows_doctor_says_the_journal_is_in_the_profile_and_finds_no_problem(
    windows: Simulation, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = Path.home() / "AppData" / "Local" / "companion" / "journal"
    _open(folder).save_commitment(make_commitment(NOVEMBER, "Call Sam"))
    folder.chmod(0o755)  # what modes say on Windows means nothing; nor is it a problem
    (folder / SHARD).chmod(0o666)

    code = run(["doctor", "--journal", str(folder)])
    out, err = capsys.readouterr()

    assert code == 0, out + err
    assert "PROBLEM" not in out
    assert "in your user profile" in out and "not checked on Windows" in out
    assert "chmod" not in out + err


def test_on_windows_a_journal_outside_the_profile_is_said_to_be_so(
    windows: Simulation, tmp_path: Path
) -> None:
    folder = tmp_path / "shared-drive" / "journal"
    _open(folder).save_commitment(make_commitment(NOVEMBER, "Call Sam"))
    [finding] = [f for f in doctor.check(folder) if f.topic == "folder permissions"]
    assert finding.ok and "outside your user profile" in finding.detail


def test_on_linux_the_same_loose_folder_is_a_problem(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The contrast: on POSIX the mode checks are real."""
    _simulate("linux", monkeypatch)
    folder = tmp_path / "journal"
    _open(folder).save_commitment(make_commitment(NOVEMBER, "Call Sam"))
    folder.chmod(0o755)
    code = run(["doctor", "--journal", str(folder)])
    out, _ = capsys.readouterr()
    assert code == 1 and "PROBLEM folder permissions" in out


@pytest.mark.parametrize("name", ["windows-3.11", "linux"])
def test_a_passphrase_file_is_warned_about_only_where_modes_mean_something(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from companion.cli.output import read_passphrase_file

    _simulate(name, monkeypatch)
    secret = tmp_path / "passphrase.txt"
    secret.write_text("correct horse battery staple\n", encoding="utf-8")
    secret.chmod(0o644)
    assert read_passphrase_file(str(secret)) == "correct horse battery staple"
    warned = capsys.readouterr().err
    assert ("chmod 600" in warned) == (name == "linux")


# ---------------------------------------------------------------------- Windows: a file held


def _held(
    monkeypatch: pytest.MonkeyPatch, target: Path, times: int, winerror: int = 32
) -> list[str]:
    """os.replace onto target fails `times` times as Windows does while another program has
    the file open (then works); returns the tries made."""
    real_replace = os.replace
    tries: list[str] = []

    def replace(source: Any, destination: Any) -> None:
        if Path(destination) == target.resolve():
            tries.append(str(source))
            if len(tries) <= times:
                error = PermissionError(errno.EACCES, "The process cannot access the file")
                error.winerror = winerror  # type: ignore[attr-defined]
                raise error
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    return tries


@pytest.mark.parametrize("winerror", sorted({platform.ACCESS_DENIED, *platform.SHARING_VIOLATIONS}))
def test_a_file_held_for_a_moment_is_saved_after_a_short_wait(
    windows: Simulation, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, winerror: int
) -> None:
    journal = _open(tmp_path / "journal")
    journal.save_commitment(make_commitment(NOVEMBER, "first"))
    tries = _held(monkeypatch, journal.folder / SHARD, times=3, winerror=winerror)

    journal.save_commitment(make_commitment(NOVEMBER, "saved once OneDrive let go"))

    assert len(tries) == 4
    assert windows.pauses == list(platform.RETRY_PAUSES[:3])
    assert "saved once OneDrive let go" in {c.text for c in _open(journal.folder).commitments()}
    assert not temp_files(journal.folder)


def test_a_file_held_for_good_is_named_honestly_and_nothing_is_lost(
    windows: Simulation, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    journal = _open(tmp_path / "journal")
    draft = make_draft(NOVEMBER, text="what I noticed in the workshop")
    journal.save_draft(draft)
    journal.save_entry(make_entry(NOVEMBER, "an earlier entry"))
    before = data_snapshot(journal.folder)
    entries = journal.folder / "entries" / "2026-11.json"
    tries = _held(monkeypatch, entries, times=1000)
    finished = make_entry(NOVEMBER, "what I noticed in the workshop")

    with pytest.raises(JournalWriteError) as raised:
        journal.finish(finished, [], draft.id)

    message = str(raised.value)
    assert "another program is holding the file" in message
    assert "antivirus, OneDrive or a second Companion" in message
    assert "Close it" in message and "Nothing was lost" in message
    assert "owner" not in message and "permission" not in message
    assert len(tries) == len(platform.RETRY_PAUSES) + 1
    assert sum(windows.pauses) <= 2.0, "a leader waits two seconds at most"
    assert data_snapshot(journal.folder) == before
    assert not temp_files(journal.folder)
    reopened = _open(journal.folder)
    assert reopened.drafts()[0].answers["happened"].value == "what I noticed in the workshop"
    monkeypatch.undo()  # the program lets go: the same finish now works
    _simulate("windows-3.11", monkeypatch)
    journal.finish(finished, [], draft.id)
    assert len(_open(journal.folder).entries()) == 2


def test_a_read_only_file_is_not_said_to_be_held_by_another_program(
    windows: Simulation, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    journal = _open(tmp_path / "journal")
    journal.save_commitment(make_commitment(NOVEMBER, "first"))
    shard = (journal.folder / SHARD).resolve()
    _held(monkeypatch, shard, times=1000, winerror=platform.ACCESS_DENIED)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: Path(path) != shard and real_access(path, mode)
    )  # Windows' read-only attribute
    with pytest.raises(JournalWriteError) as raised:
        journal.save_commitment(make_commitment(NOVEMBER, "second"))
    assert "another program" not in str(raised.value)
    assert "permission" in str(raised.value) and "Nothing was lost" in str(raised.value)


def test_a_folder_windows_refuses_is_not_said_to_be_held_by_another_program(
    windows: Simulation, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    journal = _open(tmp_path / "journal")

    def refused(*args: Any, **kwargs: Any) -> Any:
        error = PermissionError(errno.EACCES, "Access is denied")
        error.winerror = platform.ACCESS_DENIED  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(files.tempfile, "mkstemp", refused)
    with pytest.raises(JournalWriteError) as raised:
        journal.save_commitment(make_commitment(NOVEMBER, "first"))
    assert "another program" not in str(raised.value) and "permission" in str(raised.value)
    assert windows.pauses == []


def test_the_command_line_says_so_in_one_sentence(
    windows: Simulation,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    folder = tmp_path / "journal"
    run(["--journal", str(folder), "commitments", "add", "Call Sam"])
    capsys.readouterr()
    month = next((folder / "commitments").glob("*.json"))
    _held(monkeypatch, month, times=1000)

    code = run(["--journal", str(folder), "commitments", "add", "Call Priya"])

    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 6 and len(lines) == 1, err
    assert "another program is holding the file" in lines[0] and "owner" not in lines[0]


def test_the_retries_wait_about_two_seconds_in_all() -> None:
    assert 1.0 <= sum(platform.RETRY_PAUSES) <= 2.0


def test_a_real_pause_between_tries_keeps_the_wait_short(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    chosen = dataclasses.replace(platform.detect("win32"), sleep=time.sleep)
    monkeypatch.setattr(platform, "_chosen", chosen)
    journal = _open(tmp_path / "journal")
    journal.save_commitment(make_commitment(NOVEMBER, "first"))
    _held(monkeypatch, journal.folder / SHARD, times=1000)
    started = time.monotonic()
    with pytest.raises(JournalWriteError):
        journal.save_commitment(make_commitment(NOVEMBER, "second"))
    assert time.monotonic() - started < 3.0


def test_on_linux_a_permission_refused_is_not_waited_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen = _simulate("linux", monkeypatch)
    journal = _open(tmp_path / "journal")
    journal.save_commitment(make_commitment(NOVEMBER, "first"))
    real_replace = os.replace

    def refuse(source: Any, destination: Any) -> None:
        if Path(destination).name == "2026-11.json":
            raise PermissionError(errno.EACCES, "Permission denied")
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(JournalWriteError, match="permission"):
        journal.save_commitment(make_commitment(NOVEMBER, "second"))
    assert seen.pauses == []


def test_an_export_folder_held_on_windows_is_named_honestly(
    windows: Simulation, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from companion.export.writing import write_export

    target = tmp_path / "export"
    real_rename = os.rename

    def held(source: Any, destination: Any) -> None:
        if Path(destination) == target:
            error = PermissionError(errno.EACCES, "Access is denied")
            error.winerror = 5  # type: ignore[attr-defined]
            raise error
        real_rename(source, destination)

    monkeypatch.setattr(os, "rename", held)
    with pytest.raises(JournalWriteError, match="another program is holding"):
        write_export({"a.md": "★"}, target)
    assert not target.exists() and list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------- the one place


def test_detect_names_each_platform() -> None:
    windows, mac, linux = (platform.detect(s) for s in ("win32", "darwin", "linux"))
    assert (windows.private_modes, windows.files_held, windows.full_fsync) == (False, True, False)
    assert (mac.private_modes, mac.files_held, mac.full_fsync) == (True, False, True)
    assert (linux.private_modes, linux.files_held, linux.full_fsync) == (True, False, False)


def test_no_module_calls_the_platform_specific_file_functions_itself() -> None:
    """os.replace, fsync, chmod and fchmod differ by platform: only platform.py calls them."""
    root = Path(__file__).resolve().parents[2] / "companion"
    names = ("os.replace(", "os.rename(", "os.fsync(", "os.chmod(", "os.fchmod(", ".chmod(")

    def calls(line: str) -> bool:
        return any(name in line for name in names)

    found = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "platform.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if calls(line) and "platform.current()" not in line
    ]
    assert found == []
