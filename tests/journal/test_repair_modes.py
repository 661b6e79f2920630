"""doctor --restore makes loose files private on every platform, and says when it cannot."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from companion.journal import Journal, checks

needs_posix = pytest.mark.skipif(os.name != "posix", reason="modes are POSIX")


def _loose_month(journal: Journal) -> Path:
    journal.add_commitment("Invite a resident")
    [month] = sorted((journal.folder / "commitments").glob("*.json"))
    month.chmod(0o644)
    return month


@needs_posix
def test_a_platform_that_cannot_refuse_links_still_gets_its_files_made_private(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    month = _loose_month(journal)
    real_chmod = os.chmod

    def no_lchmod(path: Any, mode: int, *, follow_symlinks: bool = True) -> None:
        if not follow_symlinks:
            raise NotImplementedError("chmod: follow_symlinks unavailable on this platform")
        real_chmod(path, mode)

    monkeypatch.setattr(checks.os, "chmod", no_lchmod)
    done = checks.repair_modes(journal.folder)
    assert stat.S_IMODE(month.stat().st_mode) == 0o600
    assert any("made private" in line for line in done)


@needs_posix
def test_a_file_that_cannot_be_made_private_is_said_with_what_to_do(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    month = _loose_month(journal)

    def refuse(path: Any, mode: int, *, follow_symlinks: bool = True) -> None:
        raise OSError(errno.EPERM, "Operation not permitted", str(path))

    monkeypatch.setattr(checks.os, "chmod", refuse)
    done = checks.repair_modes(journal.folder)
    assert any(f"chmod 600 '{month}'" in line for line in done), done
