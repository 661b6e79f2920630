"""Health checks of a journal folder, and restoring damaged files from their backups."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from companion.core.errors import JournalBusy, JournalDamaged, JournalUnsafe
from companion.core.model import SCHEMA_VERSION
from companion.journal import checks, crypto, files
from companion.journal.folder import (
    COMMITMENTS,
    DRAFTS,
    DRAFTS_FILE,
    ENTRIES,
    LOCK_FILE,
    META_FILE,
)
from companion.journal.store import (
    BACKUP_FOLDER,
    FileStore,
    Validator,
    meta_shape,
    tinydb_shape,
)


@dataclass(frozen=True)
class Finding:
    ok: bool
    topic: str
    detail: str


def _validator_for(folder: Path, path: Path) -> Validator:
    relative = path.relative_to(folder)
    if relative == Path(META_FILE):
        return meta_shape
    if relative == Path(DRAFTS_FILE):
        return tinydb_shape(DRAFTS)
    table = relative.parts[0]
    shape = tinydb_shape(table)

    def month_shape(data: object) -> str | None:
        # A month holding another month's records was renamed or copied over (an encrypted
        # one does not even open under the wrong name): restore puts back its own backup.
        wrong = None if shape(data) else checks.misplaced_records(path, table, data)
        if wrong:
            return (
                f"it holds {len(wrong)} record(s) of another month (it may have been renamed "
                "or copied over)"
            )
        return shape(data)

    return month_shape if len(relative.parts) == 2 else shape


def data_files(folder: Path) -> list[Path]:
    """The journal's data files; not links out of the folder or special files (reported
    as unsafe, never read)."""
    found = [p for p in (folder / META_FILE, folder / DRAFTS_FILE) if p.exists()]
    for kind in (ENTRIES, COMMITMENTS):
        if (folder / kind).is_dir():
            found.extend(sorted((folder / kind).glob("*.json")))
    return [p for p in found if files.unsafe_problem(folder, p) is None]


def missing_files(folder: Path) -> dict[Path, list[Path]]:
    """Journal files that are gone while their backups or an interrupted save's temp file
    still hold them: each with those copies, the freshest first (temp files, then backups)."""
    backups = folder / BACKUP_FOLDER
    found: dict[Path, list[Path]] = {}
    for temp in sorted(files.orphan_temp_files(folder), key=lambda p: -p.stat().st_mtime):
        if backups not in temp.parents:
            found.setdefault(files.temp_target(temp), []).append(temp)
    if backups.is_dir():
        for generation in sorted(backups.rglob("*.json.[0-9]")):
            relative = generation.relative_to(backups)
            if relative.parts[0].startswith("before-format"):
                continue  # a whole copy taken before a format change, not a rotating backup
            target = folder / relative.parent / generation.name.rsplit(".", 1)[0]
            if not target.exists():
                found.setdefault(target, [])
    store = FileStore(folder)
    for target in found:
        found[target] += files.backups_of(store.backup_dir_for(target), target.name)
    return found


def _missing_findings(folder: Path) -> list[Finding]:
    return [
        Finding(
            False,
            "missing file",
            f"{target} is missing, but {copies[0]} still holds it; run "
            "`companion doctor --restore` to put it back",
        )
        for target, copies in missing_files(folder).items()
    ]


def _format_finding(folder: Path, schema: int | None) -> Finding:
    if schema is None:
        return Finding(not (folder / META_FILE).exists(), "format", "no journal.json yet")
    if schema > SCHEMA_VERSION:
        return Finding(
            False,
            "format",
            f"version {schema} is newer than this Companion ({SCHEMA_VERSION}); "
            "install a newer Companion to write to it",
        )
    return Finding(True, "format", f"version {schema}")


def _encryption_findings(folder: Path, unlocked: bool, not_unlocked: str | None) -> list[Finding]:
    """Whether the journal is encrypted, how, and anything about it that needs attention."""
    if not crypto.is_encrypted(folder):
        return [Finding(True, "encryption", "off (`companion encrypt` sets a passphrase)")]
    findings: list[Finding] = []
    description: crypto.Description | None = None
    try:
        description = crypto.read_description(folder)
    except JournalDamaged as error:
        findings.append(
            Finding(
                False,
                "encryption",
                f"{error.problem} in {error.path}; the files' own headers still open the "
                "journal. Run `companion doctor --restore` to write it afresh",
            )
        )
    if description is not None:
        spec = description.current.spec
        findings.append(
            Finding(True, "encryption", f"on: AES-256-GCM, key from {spec.params.describe()}")
        )
        if description.state != crypto.ENCRYPTED:
            findings.append(
                Finding(
                    False,
                    "encryption",
                    f"an interrupted conversion ({description.state}); it is finished the "
                    "next time the journal is opened with its passphrase (e.g. `companion list`)",
                )
            )
    if description is None or description.state == crypto.ENCRYPTED:
        plain = [p for p in crypto.stored_files(folder) if not _sealed(p)]
        if plain:
            findings.append(
                Finding(
                    False,
                    "encryption",
                    f"{len(plain)} file(s) are not encrypted although the journal is, and "
                    "Companion did not write them: "
                    + ", ".join(f"'{p}'" for p in plain[:3])
                    + "; check them, then move them out of the journal folder",
                )
            )
    if unlocked and not (folder / "versions.json").exists() and not _older_format(folder):
        findings.append(
            Finding(
                False,
                "encryption",
                "versions.json is missing, so Companion cannot tell an older copy of a file "
                "from the newest; run `companion doctor --restore` to record the files as "
                "they are now",
            )
        )
    older = _older_format(folder)
    if older:
        findings.append(
            Finding(
                True,
                "encryption",
                f"{older} file(s) in the older format, without their name and version sealed "
                "in; each is written in the new format the next time it is saved",
            )
        )
    if not unlocked:
        findings.append(
            Finding(
                False,
                "integrity",
                "not checked: "
                + (not_unlocked or "the journal is encrypted and no passphrase was given.")
                + " Run `companion doctor` in a terminal, or with --passphrase-file PATH, "
                "to check the files",
            )
        )
    return findings


def _older_format(folder: Path) -> int:
    """How many journal files (not backups) are sealed without their name and version."""
    count = 0
    for path in data_files(folder):
        raw = files.read_bytes(path) or b""
        if crypto.is_encrypted_bytes(raw) and crypto.read_binding(raw) is None:
            count += 1
    return count


def _sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return crypto.is_encrypted_bytes(handle.read(len(crypto.MAGIC)))
    except OSError:
        return True  # unreadable files are reported elsewhere


def check(
    folder: Path, store: FileStore | None = None, *, not_unlocked: str | None = None
) -> list[Finding]:
    """Everything doctor looks at; ok=False findings say what to do.

    An encrypted journal's contents are checked only with a store whose codec holds its keys
    (``FileStore(folder, crypto.unlock(folder, passphrase))``); without one, doctor reports
    what it can see without the passphrase.
    """
    store = store or FileStore(folder)
    findings: list[Finding] = []
    if not folder.exists():
        return [Finding(True, "journal", f"{folder} does not exist yet; it is made on first save.")]
    if not folder.is_dir():
        return [
            Finding(
                False,
                "journal",
                f"{folder} is a file, but a journal is a folder; give "
                "--journal the folder that holds journal.json, or a new folder's name",
            )
        ]
    mode = stat.S_IMODE(files.real_path(folder).stat().st_mode)
    findings.append(
        Finding(
            mode == files.DIR_MODE,
            "folder permissions",
            f"{oct(mode)[2:]} (should be 700)"
            + ("" if mode == files.DIR_MODE else f"; fix with: chmod 700 '{folder}'"),
        )
    )
    unlocked = isinstance(store.codec, crypto.Keyring)
    encrypted = crypto.is_encrypted(folder)
    findings.extend(_encryption_findings(folder, unlocked or not encrypted, not_unlocked))
    damaged: list[JournalDamaged] = []
    unsafe = checks.unsafe_paths(folder)
    findings.extend(_unsafe_findings(folder, unsafe))
    schema: int | None = None
    paths = [p for p in data_files(folder) if p not in {u for u, _ in unsafe}]
    for path in paths:
        if encrypted and not unlocked:
            continue
        try:
            data = store.load(path, _validator_for(folder, path))
        except JournalDamaged as error:
            damaged.append(error)
            continue
        except JournalUnsafe:
            continue  # versions.json is a link out or not a file: reported above
        if path.name == META_FILE and path.parent == folder and isinstance(data, dict):
            schema = int(data["schema"])
    findings.append(_modes_finding(checks.loose_modes(folder)))
    findings.extend(_missing_findings(folder))
    if damaged:
        for problem in damaged:
            findings.append(Finding(False, "damaged file", str(problem)))
    elif not encrypted or unlocked:
        findings.append(Finding(True, "integrity", f"{len(paths)} file(s) read without a problem"))
    if not encrypted or unlocked:  # locked, the version is inside journal.json with the rest
        findings.append(_format_finding(folder, schema))
    findings.append(_lock_finding(folder, unsafe))
    backups = (
        sorted((folder / "backups").rglob("*.json.*"))
        if (folder / "backups").is_dir() and not (folder / "backups").is_symlink()
        else []
    )
    if backups:
        newest = max(backups, key=lambda p: p.stat().st_mtime)
        when = datetime.fromtimestamp(newest.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        findings.append(Finding(True, "backups", f"{len(backups)} kept; newest {when}"))
    else:
        findings.append(Finding(True, "backups", "none yet (made on the second save of a file)"))
    leftovers = files.stale_temp_files(folder)
    if leftovers:
        findings.append(
            Finding(
                True,
                "temp files",
                f"{len(leftovers)} left by an interrupted save; removed on next start",
            )
        )
    return findings


def _accept_older(folder: Path, store: FileStore, done: list[str]) -> list[str]:
    """Take each sound encrypted file older than the one saved last (just restored from a
    backup, or put back by the leader) as the newest from now on."""
    keyring = store.codec
    if not isinstance(keyring, crypto.Keyring):
        return []
    lines = []
    for path in data_files(folder):
        raw = files.read_bytes(path)
        if raw is None or keyring.check_current(raw, path) is None:
            continue
        try:
            store.parse(path, raw, _validator_for(folder, path))
        except JournalDamaged:
            continue
        if keyring.accept(path) and not any(line.startswith(f"{path}:") for line in done):
            lines.append(
                f"{path}: an older copy than the one Companion saved last; it is kept as the "
                "newest from now on."
            )
    return lines


def _lock_finding(folder: Path, unsafe: list[tuple[Path, str]]) -> Finding:
    if any(path.name == LOCK_FILE for path, _ in unsafe):  # taking it would write through
        return Finding(False, "lock", "not taken: it is not a file Companion made (see above)")
    lock = FileLock(str(folder / LOCK_FILE), timeout=1, mode=0o600, thread_local=False)
    try:
        with lock:
            return Finding(True, "lock", "free")
    except Timeout:
        return Finding(
            False,
            "lock",
            "held by another Companion for over a second; if none is running, "
            f"delete {folder / LOCK_FILE}",
        )
    except OSError as error:
        return Finding(False, "lock", f"cannot be taken ({error.strerror})")


def _record_missing_versions(folder: Path, store: FileStore) -> list[str]:
    from companion.journal.encryption import record_versions

    keyring = store.codec
    if not isinstance(keyring, crypto.Keyring) or keyring.index.path.exists():
        return []
    record_versions(folder, keyring)
    return [f"{keyring.index.path}: written afresh from the journal's files as they are now."]


def _unsafe_findings(folder: Path, unsafe: list[tuple[Path, str]]) -> list[Finding]:
    return [
        Finding(
            False,
            "unsafe file",
            f"{path.relative_to(folder).as_posix()} {problem}; {checks.unsafe_advice(problem)}",
        )
        for path, problem in unsafe
    ]


def _modes_finding(loose: list[Path]) -> Finding:
    if not loose:
        return Finding(True, "file permissions", "every file is 600 and every folder 700")
    return Finding(
        False,
        "file permissions",
        f"{len(loose)} file(s) or folder(s) others may read ("
        + ", ".join(f"'{p}'" for p in loose[:3])
        + "); run `companion doctor --restore` to make them private",
    )


def restore(folder: Path, store: FileStore | None = None, lock_timeout: float = 5.0) -> list[str]:
    """Put back the newest sound backup of every damaged file; keep the damaged one aside.

    Runs under the journal lock, so no other Companion saves while files are swapped.
    """
    if not folder.is_dir():
        return []
    files.check_safe(folder, folder / LOCK_FILE, writing=True)
    lock = FileLock(str(folder / LOCK_FILE), timeout=lock_timeout, mode=0o600, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise JournalBusy(
            f"The journal at {folder} is busy: another Companion is saving to it. "
            "Close other Companion windows, then run `companion doctor --restore` again."
        ) from None
    try:
        store = store or FileStore(folder)
        done = _restore(folder, store)
        done.extend(_accept_older(folder, store, done))
        done.extend(_record_missing_versions(folder, store))
        done.extend(checks.repair_modes(folder))
        return done
    finally:
        lock.release()


def _restore(folder: Path, store: FileStore) -> list[str]:
    done: list[str] = []
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    if isinstance(store.codec, crypto.Keyring):
        done.extend(_rewrite_description(folder, store.codec, stamp))
    done.extend(_restore_missing(folder, store))
    for path in data_files(folder):
        validate = _validator_for(folder, path)
        try:
            store.load(path, validate)
            continue
        except JournalDamaged:
            pass
        backup_dir = store.backup_dir_for(path)
        chosen = None
        for candidate in files.backups_of(backup_dir, path.name):
            try:
                raw = candidate.read_bytes()
                store.parse(path, raw, validate)
            except (OSError, JournalDamaged):
                continue
            chosen = candidate
            break
        if chosen is None:
            done.append(f"{path}: no sound backup found; left as it is.")
            continue
        target = files.real_path(path)
        aside = target.with_name(f"{target.name}.damaged-{stamp}")
        # The damaged bytes get a second name first, then the restored file replaces the
        # first atomically: a crash at any moment leaves the file under its own name.
        files.keep_aside(target, aside)
        files.atomic_write(target, chosen.read_bytes())
        when = datetime.fromtimestamp(chosen.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        done.append(
            f"{path}: restored from {chosen} (saved {when}); the damaged file is now {aside}."
        )
    return done


def _restore_missing(folder: Path, store: FileStore) -> list[str]:
    """Put back files that are gone from the freshest sound copy: a temp file left by a
    restore or a save cut short, else the newest sound backup."""
    done: list[str] = []
    for target, copies in missing_files(folder).items():
        validate = _validator_for(folder, target)
        chosen = None
        for candidate in copies:
            try:
                raw = candidate.read_bytes()
                store.parse(target, raw, validate)
            except (OSError, JournalDamaged):
                continue
            chosen = candidate
            break
        if chosen is None:
            done.append(f"{target}: missing, and no sound copy of it was found.")
            continue
        files.ensure_private_dir(target.parent)
        files.atomic_write(target, raw)
        for temp in copies:
            if temp.name.endswith(files.TEMP_SUFFIX):
                files.discard(temp)  # its text is in place now
        done.append(f"{target}: was missing; put back from {chosen}.")
    return done


def _rewrite_description(folder: Path, keyring: crypto.Keyring, stamp: str) -> list[str]:
    """Write a damaged encryption.json afresh from the unlocked key (the damaged one kept)."""
    try:
        crypto.read_description(folder)
        return []
    except JournalDamaged:
        pass
    path = crypto.description_path(folder)
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    files.keep_aside(path, aside)  # never a moment without it: the journal would look plain
    key = keyring.write_key
    crypto.write_description(folder, crypto.Description(crypto.lock_for(key), crypto.ENCRYPTED))
    return [f"{path}: written afresh from the journal's key; the damaged file is now {aside}."]
