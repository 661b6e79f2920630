"""What doctor checks about the journal folder itself: links out of it, things that are not
files where journal files should be, loose permissions, and months holding another month's
records. Nothing here writes, except repair_modes (run by `companion doctor --restore`)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from companion.core import ids
from companion.journal import files, platform

BACKUPS = "backups"
#: The names Companion keeps at the top of a journal folder.
TOP_FILES = ("journal.json", "drafts.json", "encryption.json", "versions.json", ".lock")
SHARD_FOLDERS = ("entries", "commitments")
FOLDERS = (*SHARD_FOLDERS, BACKUPS)


def _below(folder: Path) -> Iterator[Path]:
    """Everything under folder, links not followed (a link is listed, never entered)."""
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(dirs) + sorted(names):
            yield Path(root) / name


def journal_paths(folder: Path) -> list[Path]:
    """Every path in the journal folder that Companion reads or writes, links included."""
    found = [folder / name for name in (*TOP_FILES, *FOLDERS)]
    for sub in FOLDERS:
        if (folder / sub).is_dir() and not (folder / sub).is_symlink():
            found.extend(_below(folder / sub))
    return [p for p in found if os.path.lexists(p)]


def _is_folder_place(folder: Path, path: Path) -> bool:
    relative = path.relative_to(folder).parts
    if relative[0] == BACKUPS:
        return True  # backups/ holds folders as well as files
    return len(relative) == 1 and relative[0] in FOLDERS


def unsafe_paths(folder: Path) -> list[tuple[Path, str]]:
    """Paths that lead out of the journal folder, or are not files where files belong."""
    found = []
    for path in journal_paths(folder):
        problem = files.unsafe_problem(folder, path, folder_expected=_is_folder_place(folder, path))
        if problem is not None:
            found.append((path, problem))
    return found


def unsafe_advice(problem: str) -> str:
    if "link" in problem:
        return (
            "Companion will not read or write through it; if you did not make this link, "
            "delete it (what it points to stays), then run `companion doctor --restore`"
        )
    return "move it out of the journal folder, then run `companion doctor --restore`"


def loose_modes(folder: Path) -> list[Path]:
    """Folders and files in the journal that others may read (where modes keep others out;
    [] on Windows, where the user's profile does)."""
    if not platform.current().private_modes:
        return []
    loose = []
    for path in journal_paths(folder):
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)) and st.st_mode & 0o077:
            loose.append(path)
    return loose


def repair_modes(folder: Path) -> list[str]:
    """Make loose files 0600 and folders 0700 (links and special files are left alone)."""
    done = []
    for path in loose_modes(folder):
        mode = files.DIR_MODE if path.is_dir() else files.FILE_MODE
        try:
            platform.current().chmod(path, mode, follow_symlinks=False)
        except OSError as error:
            done.append(
                f"{path}: could not be made private ({error.strerror}); "
                f"run: chmod {oct(mode)[2:]} '{path}'"
            )
            continue
        done.append(f"{path}: made private ({oct(mode)[2:]}).")
    return done


def misplaced_records(path: Path, table: str, data: Any) -> list[str]:
    """Ids of records in a month file (entries/2026-11.json) that belong to another month."""
    if not isinstance(data, dict) or not isinstance(data.get(table), dict):
        return []
    month = path.stem
    wrong = []
    for key in data[table]:
        try:
            belongs = ids.id_time(str(key)).strftime("%Y-%m")
        except (ValueError, OverflowError, OSError):
            continue  # an id Companion did not make: the file's own check reports it
        if belongs != month:
            wrong.append(str(key))
    return wrong
