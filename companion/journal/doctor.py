"""Health checks of a journal folder, and restoring damaged files from their backups."""

from __future__ import annotations

import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from companion.core.errors import JournalBusy, JournalDamaged, JournalUnsafe
from companion.core.model import SCHEMA_VERSION
from companion.journal import checks, crypto, files, merging, platform
from companion.journal.folder import LOCK_FILE, META_FILE
from companion.journal.inventory import data_files, missing_files, validator_for
from companion.journal.store import FileStore, Validator


@dataclass(frozen=True)
class Finding:
    ok: bool
    topic: str
    detail: str


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
    description, findings = _description_findings(folder)
    if description is None or description.state == crypto.ENCRYPTED:
        findings.extend(_plain_findings(folder))
    findings.extend(_sealing_findings(folder, unlocked))
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


def _description_findings(folder: Path) -> tuple[crypto.Description | None, list[Finding]]:
    """encryption.json (None if damaged), and what it says: how the key is made, and any
    conversion left unfinished."""
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
    return description, findings


def _plain_findings(folder: Path) -> list[Finding]:
    """Plaintext files in an encrypted journal: Companion never writes them."""
    plain = [p for p in crypto.stored_files(folder) if not _sealed(p)]
    if not plain:
        return []
    return [
        Finding(
            False,
            "encryption",
            f"{len(plain)} file(s) are not encrypted although the journal is, and "
            "Companion did not write them: "
            + ", ".join(f"'{p}'" for p in plain[:3])
            + "; check them, then move them out of the journal folder",
        )
    ]


def _sealing_findings(folder: Path, unlocked: bool) -> list[Finding]:
    """Whether the files' versions are recorded, and how many are in the older format."""
    findings: list[Finding] = []
    older = _older_format(folder)
    if unlocked and not (folder / "versions.json").exists() and not older:
        findings.append(
            Finding(
                False,
                "encryption",
                "versions.json is missing, so Companion cannot tell an older copy of a file "
                "from the newest; run `companion doctor --restore` to record the files as "
                "they are now",
            )
        )
    if older:
        findings.append(
            Finding(
                True,
                "encryption",
                f"{older} file(s) in the older format, without their name and version sealed "
                "in; each is written in the new format the next time it is saved",
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
    findings = [_folder_mode_finding(folder)]
    unlocked = isinstance(store.codec, crypto.Keyring)
    encrypted = crypto.is_encrypted(folder)
    readable = unlocked or not encrypted
    findings.extend(_encryption_findings(folder, readable, not_unlocked))
    unsafe = checks.unsafe_paths(folder)
    findings.extend(_unsafe_findings(folder, unsafe))
    count, damaged, schema = _read_files(folder, store, unsafe, readable)
    if platform.current().private_modes:  # on Windows the profile keeps others out
        findings.append(_modes_finding(checks.loose_modes(folder)))
    findings.extend(_missing_findings(folder))
    findings.extend(Finding(False, "damaged file", str(problem)) for problem in damaged)
    if readable and not damaged:
        findings.append(Finding(True, "integrity", f"{count} file(s) read without a problem"))
    if readable:  # locked, the version is inside journal.json with the rest
        findings.append(_format_finding(folder, schema))
    findings.extend(
        Finding(ok, topic, detail)
        for ok, topic, detail in merging.doctor_lines(folder, store if readable else None)
    )
    findings.append(_lock_finding(folder, unsafe))
    findings.append(_backups_finding(folder))
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


def _folder_mode_finding(folder: Path) -> Finding:
    if not platform.current().private_modes:
        return _profile_finding(folder)
    mode = stat.S_IMODE(files.real_path(folder).stat().st_mode)
    return Finding(
        mode == files.DIR_MODE,
        "folder permissions",
        f"{oct(mode)[2:]} (should be 700)"
        + ("" if mode == files.DIR_MODE else f"; fix with: chmod 700 '{folder}'"),
    )


def _profile_finding(folder: Path) -> Finding:
    """Windows has no 700: what keeps others out is the user's profile (and its permissions)."""
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no profile could be found: say nothing untrue
        return Finding(True, "folder permissions", "file modes are not checked on Windows")
    if files.real_path(folder).is_relative_to(files.real_path(home)):
        return Finding(
            True,
            "folder permissions",
            f"in your user profile ({home}), which Windows keeps to your account; "
            "file modes are not checked on Windows",
        )
    return Finding(
        True,
        "folder permissions",
        f"outside your user profile ({home}): whoever may open this folder may read the "
        "journal; keep it inside your profile unless you chose this place",
    )


def _read_files(
    folder: Path, store: FileStore, unsafe: list[tuple[Path, str]], readable: bool
) -> tuple[int, list[JournalDamaged], int | None]:
    """Read every data file (unless the journal is locked): how many there are, the damaged
    ones, and the format version journal.json records (None if unread)."""
    damaged: list[JournalDamaged] = []
    schema: int | None = None
    paths = [p for p in data_files(folder) if p not in {u for u, _ in unsafe}]
    for path in paths if readable else []:
        try:
            data = store.load(path, validator_for(folder, path))
        except JournalDamaged as error:
            damaged.append(error)
            continue
        except JournalUnsafe:
            continue  # versions.json is a link out or not a file: reported above
        if path.name == META_FILE and path.parent == folder and isinstance(data, dict):
            schema = int(data["schema"])
    return len(paths), damaged, schema


def _backups_finding(folder: Path) -> Finding:
    backups = (
        sorted((folder / "backups").rglob("*.json.*"))
        if (folder / "backups").is_dir() and not (folder / "backups").is_symlink()
        else []
    )
    if not backups:
        return Finding(True, "backups", "none yet (made on the second save of a file)")
    newest = max(backups, key=lambda p: p.stat().st_mtime)
    when = datetime.fromtimestamp(newest.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return Finding(True, "backups", f"{len(backups)} kept; newest {when}")


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
            store.parse(path, raw, validator_for(folder, path))
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
        validate = validator_for(folder, path)
        try:
            store.load(path, validate)
            continue
        except JournalDamaged:
            pass
        sound = _first_sound(
            store, path, validate, files.backups_of(store.backup_dir_for(path), path.name)
        )
        if sound is None:
            done.append(f"{path}: no sound backup found; left as it is.")
            continue
        chosen, raw = sound
        target = files.real_path(path)
        aside = target.with_name(f"{target.name}.damaged-{stamp}")
        # The damaged bytes get a second name first, then the restored file replaces the
        # first atomically: a crash at any moment leaves the file under its own name.
        files.keep_aside(target, aside)
        files.atomic_write(target, raw)  # the bytes that were checked, not a second read
        when = datetime.fromtimestamp(chosen.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        done.append(
            f"{path}: restored from {chosen} (saved {when}); anything saved in that file after "
            f"{when} is not in the backup, and may still be read in the damaged file, kept at "
            f"{aside}."
        )
    return done


def _first_sound(
    store: FileStore, path: Path, validate: Validator, copies: Iterable[Path]
) -> tuple[Path, bytes] | None:
    """The first copy (freshest first) whose bytes read back as a sound `path`, with them."""
    for candidate in copies:
        try:
            raw = candidate.read_bytes()
            store.parse(path, raw, validate)
        except (OSError, JournalDamaged):
            continue
        return candidate, raw
    return None


def _restore_missing(folder: Path, store: FileStore) -> list[str]:
    """Put back files that are gone from the freshest sound copy: a temp file left by a
    restore or a save cut short, else the newest sound backup."""
    done: list[str] = []
    for target, copies in missing_files(folder).items():
        sound = _first_sound(store, target, validator_for(folder, target), copies)
        if sound is None:
            done.append(f"{target}: missing, and no sound copy of it was found.")
            continue
        chosen, raw = sound
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
