"""`companion backup` and `companion restore`, run as a leader runs them."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from companion.core.settings import settings_path
from companion.journal import Journal
from tests.helpers.export import SECRET, secret_journal


def test_backup_and_restore_from_the_command(
    tmp_path: Path,
    journal: Journal,
    library,
    clock,
    companion_cli,  # type: ignore[no-untyped-def]
) -> None:
    secret_journal(journal, library, clock)
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('name = "Ada"\n', encoding="utf-8")
    backup = tmp_path / "out" / "journal.backup"
    made = companion_cli("--journal", str(journal.folder), "backup", "-o", str(backup))
    assert made.returncode == 0, made.stderr
    assert "private answers included" in made.stderr and "not encrypted" in made.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert SECRET.encode() in backup.read_bytes()  # a plain backup, as asked

    again = companion_cli("--journal", str(journal.folder), "backup", "-o", str(backup))
    assert again.returncode not in (0, 70)
    assert "already exists" in again.stderr and "--force" in again.stderr

    fresh = tmp_path / "fresh"
    settings_path().write_text('name = "Someone else"\n', encoding="utf-8")
    restored = companion_cli("--journal", str(fresh), "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout and "--replace-settings" in restored.stdout
    assert settings_path().read_text(encoding="utf-8") == 'name = "Someone else"\n'
    listed = companion_cli(
        "--journal", str(fresh), "export", "--format", "json", "--include-private", "-"
    )
    original = companion_cli(
        "--journal", str(journal.folder), "export", "--format", "json", "--include-private", "-"
    )
    # The same records, fields and values (a backup keeps a small table's keys sorted, and an
    # export writes each record in the order its journal stores it).
    assert json.loads(listed.stdout) == json.loads(original.stdout) and SECRET in listed.stdout

    refused = companion_cli("--journal", str(fresh), "restore", str(backup))
    assert refused.returncode not in (0, 70) and "--merge" in refused.stderr
    merged = companion_cli(
        "--journal", str(fresh), "restore", "--merge", "--replace-settings", str(backup)
    )
    assert merged.returncode == 0, merged.stderr
    assert "kept as they are" in merged.stdout and "Settings restored" in merged.stdout
    assert settings_path().read_text(encoding="utf-8") == 'name = "Ada"\n'


def test_a_sealed_backup_from_the_command(
    tmp_path: Path,
    journal: Journal,
    library,
    clock,
    companion_cli,  # type: ignore[no-untyped-def]
) -> None:
    secret_journal(journal, library, clock)
    secret = tmp_path / "pass.txt"
    secret.write_text("a passphrase of my own\n", encoding="utf-8")
    secret.chmod(0o600)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all\n", encoding="utf-8")
    wrong.chmod(0o600)
    backup = tmp_path / "sealed.backup"
    made = companion_cli(
        "--journal",
        str(journal.folder),
        "backup",
        "--seal",
        "--passphrase-file",
        str(secret),
        "-o",
        str(backup),
    )
    assert made.returncode == 0, made.stderr
    assert SECRET.encode() not in backup.read_bytes()
    fresh = tmp_path / "fresh"
    bad = companion_cli(
        "--journal", str(fresh), "restore", "--backup-passphrase-file", str(wrong), str(backup)
    )
    assert bad.returncode not in (0, 70) and "does not open" in bad.stderr
    assert "Traceback" not in bad.stderr
    good = companion_cli(
        "--journal", str(fresh), "restore", "--backup-passphrase-file", str(secret), str(backup)
    )
    assert good.returncode == 0, good.stderr
    assert len(Journal.open(fresh).entries()) == len(journal.entries())
    foreign = companion_cli("--journal", str(fresh), "restore", str(secret))
    assert foreign.returncode not in (0, 70) and "not a Companion backup" in foreign.stderr


def test_an_encrypted_journals_backup_opens_with_its_passphrase(
    tmp_path: Path,
    journal: Journal,
    library,
    clock,
    companion_cli,  # type: ignore[no-untyped-def]
) -> None:
    secret_journal(journal, library, clock)
    secret = tmp_path / "pass.txt"
    secret.write_text("the journal passphrase\n", encoding="utf-8")
    secret.chmod(0o600)
    base = ("--journal", str(journal.folder), "--passphrase-file", str(secret))
    assert companion_cli(*base, "encrypt").returncode == 0
    backup = tmp_path / "sealed.backup"
    made = companion_cli(*base, "backup", "-o", str(backup))
    assert made.returncode == 0, made.stderr
    assert "sealed with your journal's key" in made.stderr
    assert SECRET.encode() not in backup.read_bytes()
    # Into the same journal: its own key opens the backup; everything is already there.
    merged = companion_cli(*base, "restore", "--merge", str(backup))
    assert merged.returncode == 0, merged.stderr
    assert "Added nothing new" in merged.stdout and "kept as they are" in merged.stdout
    # Into a new plain journal: the journal's passphrase, given for the backup.
    fresh = tmp_path / "fresh"
    restored = companion_cli(
        "--journal", str(fresh), "restore", "--backup-passphrase-file", str(secret), str(backup)
    )
    assert restored.returncode == 0, restored.stderr
    locked = companion_cli("--journal", str(fresh), "restore", str(backup))
    assert locked.returncode not in (0, 70) and "--backup-passphrase-file" in locked.stderr
