"""Durable file primitives: atomic replace, private permissions, rotating backups."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import shutil
import stat
import tempfile
from pathlib import Path

from companion.core.errors import Hint, JournalUnsafe, JournalWriteError
from companion.core.text import Kind, for_terminal
from companion.journal import platform

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"
BACKUP_GENERATIONS = 5


def real_path(path: Path) -> Path:
    """Follow symlinks so a write lands on the link's target and the link survives."""
    return Path(os.path.realpath(path))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


@functools.lru_cache(maxsize=4096)
def _steps(folder: Path, path: Path) -> tuple[str, ...]:
    """Each path from folder down to path (folder excluded), or () if path is not in folder.

    Worked out once per file (pathlib's joins cost more than the checks: over half of
    re-reading an unchanged ten-year journal); every check still looks at the disk afresh.
    """
    try:
        relative = path.relative_to(folder)
    except ValueError:
        return ()
    found, current = [], folder
    for part in relative.parts:
        current = current / part
        found.append(os.fspath(current))
    return tuple(found)


def unsafe_problem(folder: Path, path: Path, *, folder_expected: bool = False) -> str | None:
    """What makes path unfit to read or write as part of the journal in folder, or None.

    A link (at path or any folder between) that leads out of the journal folder could have
    been planted to make Companion write a leader's words elsewhere, or read a planted file;
    something that is not a regular file (or folder, with folder_expected) cannot be a
    journal file. The journal folder itself may be a link (the leader chose it).
    """
    steps = _steps(folder, path)
    if not steps:
        return None
    for step in steps:
        try:
            st = os.lstat(step)
        except FileNotFoundError:
            return None
        except OSError:
            return None  # unreadable: the read or write itself says so
        if stat.S_ISLNK(st.st_mode):
            if not _inside(real_path(Path(step)), real_path(folder)):  # only for a link
                return "is a link to a place outside the journal folder"
            try:
                st = os.stat(step)
            except OSError:
                return None
    if not (stat.S_ISREG(st.st_mode) or (folder_expected and stat.S_ISDIR(st.st_mode))):
        return f"is {_kind(st.st_mode)} where a journal file should be"
    return None


def unsafe_sentence(folder: Path, path: Path, problem: str) -> str:
    """One sentence for a refused read or write of path (see unsafe_problem)."""
    try:
        name = path.relative_to(folder).as_posix()
    except ValueError:
        name = str(path)
    # A save reads before it writes: one sentence fits both.
    verb = "read or write through it" if "link" in problem else "read or write it"
    return f"{name} in your journal {problem}; Companion will not {verb}."


def check_safe(folder: Path, path: Path, *, writing: bool, folder_expected: bool = False) -> None:
    """Raise JournalUnsafe if path in folder is a link out of it or not a file (whether
    reading or writing: the sentence is the same)."""
    problem = unsafe_problem(folder, path, folder_expected=folder_expected)
    if problem is not None:
        raise JournalUnsafe(unsafe_sentence(folder, path, problem) + " ", Hint.CHECK_JOURNAL, ".")


def create_private_dirs(folder: Path) -> list[Path]:
    """Create folder and any missing parents, each 0700 whatever the umask; existing folders
    are left as they are. Returns the folders created."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for level in reversed(missing):
        level.mkdir(mode=DIR_MODE, exist_ok=True)
        platform.current().chmod(level, DIR_MODE)
    return missing


def ensure_private_dir(folder: Path) -> None:
    """Create folder (and parents) if needed; make it 0700 whatever the umask."""
    try:
        missing = create_private_dirs(folder)
        target = real_path(folder)
        if missing == [] and not platform.current().is_private(target.stat().st_mode, DIR_MODE):
            platform.current().chmod(target, DIR_MODE)
    except OSError as error:
        raise write_error(folder, error) from error


def write_error(path: Path, error: OSError) -> JournalWriteError:
    """Turn an OSError into one sentence a leader can act on."""
    code = error.errno
    hint = None
    if platform.held_by_another(error):
        # Windows: antivirus, OneDrive or a second Companion had the file open; not the owner.
        why = (
            "another program is holding the file (often antivirus, OneDrive or a second "
            "Companion window). Close it, or wait a moment, then save again"
        )
    elif code == errno.ENOSPC or code == errno.EDQUOT:
        why = "the disk is full. Free some space, then save again"
    elif code in (errno.EROFS,):
        why, hint = "the disk is read-only", Hint.WRITABLE_JOURNAL
    elif code in (errno.EACCES, errno.EPERM):
        why = f"you do not have permission to write to {path.parent}. Check the folder's owner"
    elif code == errno.EIO:
        why = "the disk reported an input/output error. Check the disk, then save again"
    else:
        why = f"{error.strerror or error}. Check the disk, then save again"
    if hint is not None:
        return JournalWriteError(
            f"Could not save {path.name}: {why}. ",
            hint,
            ". Nothing was lost: the journal is as it was.",
        )
    return JournalWriteError(
        f"Could not save {path.name}: {why}. Nothing was lost: the journal is as it was."
    )


def fsync_dir(folder: Path) -> None:
    """Make a rename in folder durable (no-op where directories cannot be opened)."""
    platform.current().fsync_dir(folder)


def is_stream(path: Path) -> bool:
    """Whether path is a device, pipe or socket (/dev/null, /dev/stdout, a FIFO): something to
    write into, never a file to replace."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_document(path: Path, data: bytes, kind: Kind = "document") -> None:
    """Write something the leader asked for (an export, a brief): atomically and private, or,
    for a device or pipe, straight into it (replacing /dev/null with a file would break it).

    A terminal (-o /dev/stdout, /dev/tty) is given it as `-` would be: neutralised."""
    if is_stream(path):
        try:
            with open(path, "wb") as stream:
                if stream.isatty():
                    text = data.decode("utf-8", "surrogateescape")
                    data = for_terminal(text, kind).encode("utf-8")
                stream.write(data)
        except OSError as error:
            raise write_error(path, error) from error
        return
    atomic_write(path, data)


def atomic_write(path: Path, data: bytes, backup_dir: Path | None = None) -> None:
    """Replace path with data so that a crash leaves the old or the new file, never a mix.

    The temp file sits in the target's own folder (same filesystem), is fsynced, renamed over
    the target, and the folder is fsynced. If backup_dir is given, the previous version is kept
    there first (rotating, BACKUP_GENERATIONS deep).
    """
    target = real_path(path)
    folder = target.parent
    tmp_name: str | None = None
    system = platform.current()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=folder)
        try:
            system.make_private(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            system.fsync(fd)
        finally:
            os.close(fd)
        if backup_dir is not None and target.exists():
            rotate_backup(target, backup_dir, name=path.name)
        system.replace(tmp_name, target)
        tmp_name = None
        fsync_dir(folder)
    except OSError as error:
        raise write_error(target, error) from error
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def backup_path(backup_dir: Path, name: str, generation: int) -> Path:
    return backup_dir / f"{name}.{generation}"


def rotate_backup(current: Path, backup_dir: Path, name: str | None = None) -> None:
    """Shift name.1..name.N up by one and keep the current file as name.1.

    name is the journal's own name for the file (default: current's name); it differs when
    the journal file is a symlink, and backups must be found under the journal's name.

    The current file is hard-linked, not copied: it is about to be replaced by rename, so its
    old inode stays intact as the backup and the cost does not grow with the file.
    """
    ensure_private_dir(backup_dir)
    name = name or current.name
    oldest = backup_path(backup_dir, name, BACKUP_GENERATIONS)
    with contextlib.suppress(FileNotFoundError):
        oldest.unlink()
    for generation in range(BACKUP_GENERATIONS - 1, 0, -1):
        with contextlib.suppress(FileNotFoundError):
            platform.current().replace(
                backup_path(backup_dir, name, generation),
                backup_path(backup_dir, name, generation + 1),
            )
    newest = backup_path(backup_dir, name, 1)
    # A backup is as private as the journal (0600) whatever mode the file it keeps had. Only
    # a private file with no other name is hard-linked: changing the mode of a shared inode
    # would change it wherever else that file is named.
    st = os.stat(current)
    if platform.current().is_private(st.st_mode, FILE_MODE) and st.st_nlink == 1:
        try:
            os.link(current, newest)
            return
        except OSError:
            pass
    _private_copy(current, newest)


def _private_copy(source: Path, destination: Path) -> None:
    """Copy source to a new file destination that is 0600 from the start (times kept)."""
    system = platform.current()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | platform.BINARY
    fd = os.open(destination, flags, FILE_MODE)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as handle:
        system.make_private(out.fileno(), FILE_MODE)  # whatever the umask
        shutil.copyfileobj(handle, out)
        out.flush()
        system.fsync(out.fileno())
    st = os.stat(source)
    os.utime(destination, ns=(st.st_atime_ns, st.st_mtime_ns))


def backups_of(backup_dir: Path, name: str) -> list[Path]:
    """Existing backups of a file, newest first."""
    found = []
    for generation in range(1, BACKUP_GENERATIONS + 1):
        candidate = backup_path(backup_dir, name, generation)
        # Companion never makes a backup that is a link: one planted there is not restored.
        if _is_regular(candidate):
            found.append(candidate)
    return found


def leftover_temp_files(folder: Path) -> list[Path]:
    """Temp files a crash of Companion's left behind (safe to remove holding the lock)."""
    if not folder.is_dir():
        return []
    from companion.journal.sync import is_companion_temp

    found = []
    backups = folder / "backups"
    # Links are not followed: a planted link must not lead cleanup to delete files elsewhere.
    for root, _dirs, names in os.walk(folder, followlinks=False):
        place = Path(root)
        in_backups = place == backups or backups in place.parents
        for name in names:
            path = place / name
            # Only Companion's own: a sync tool's temp file is the tool's (it may be a file
            # arriving from the other device), never deleted as a leftover.
            if is_companion_temp(name, in_backups=in_backups) and _is_regular(path):
                found.append(path)
    return found


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def temp_target(temp: Path) -> Path:
    """The file a temp file was written for: '.NAME.random.tmp' is for NAME (see atomic_write)."""
    stem = temp.name[1 : -len(TEMP_SUFFIX)]
    return temp.with_name(stem.rsplit(".", 1)[0])


def orphan_temp_files(folder: Path, backups: str = "backups") -> list[Path]:
    """Temp files of a journal file that is missing although it existed (it has backups):
    they may hold the only copy of its text (a restore cut short), so a start must not
    delete them; doctor --restore puts them back. (A first save cut short is not kept:
    nothing was saved yet, and its words were never acknowledged as saved.)"""
    found = []
    for temp in leftover_temp_files(folder):
        target = temp_target(temp)
        with contextlib.suppress(OSError, ValueError):
            relative = target.relative_to(folder)
            kept = backups_of(folder / backups / relative.parent, target.name)
            if temp.stat().st_size and not target.exists() and kept:
                found.append(temp)
    return found


def stale_temp_files(folder: Path) -> list[Path]:
    """Temp files a crash left beside their whole file: safe to remove (under the lock)."""
    orphans = set(orphan_temp_files(folder))
    return [p for p in leftover_temp_files(folder) if p not in orphans]


def keep_aside(path: Path, aside: Path) -> None:
    """Give path a second name (or a copy) so that replacing it keeps the old bytes there.

    Unlike moving it aside, this never leaves a moment without the file under its own name.
    """
    try:
        os.link(path, aside)
    except FileExistsError:
        return  # kept aside already, by a run cut short this same second
    except OSError:
        shutil.copy2(path, aside)
        platform.current().chmod(aside, FILE_MODE)
        with open(aside, "rb") as handle:
            platform.current().fsync(handle.fileno())
    fsync_dir(aside.parent)


def discard(path: Path) -> None:
    """Remove a file; if this is its last name, overwrite its bytes with zeros first.

    Best effort against reading a removed file back from the disk (copy-on-write filesystems
    and SSDs may keep old blocks). A file with another name (a backup's hard link, the journal
    file itself) keeps its bytes: only this name goes.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISREG(st.st_mode) and st.st_nlink == 1 and st.st_size:
        with contextlib.suppress(OSError), open(path, "r+b", buffering=0) as handle:
            remaining = st.st_size
            zeros = bytes(min(remaining, 1 << 16))
            while remaining > 0:
                remaining -= handle.write(zeros[:remaining])
            platform.current().fsync(handle.fileno())
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist.

    A folder, pipe or device in a file's place is refused (JournalDamaged), never read: a pipe
    would block and /dev/zero would never end.
    """
    from companion.core import limits
    from companion.core.errors import JournalDamaged

    try:
        return limits.read_regular(path, limits.LARGE_FILE)
    except FileNotFoundError:
        return None
    except limits.LimitExceeded as error:
        raise JournalDamaged(path, f"it {error}", None) from None
