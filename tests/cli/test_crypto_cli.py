"""Encryption as the `companion` command shows it: encrypt, passwd, decrypt, --passphrase-file."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from companion.core.errors import JournalLocked, UsageError, WrongPassphrase
from companion.journal import Journal, crypto
from companion.journal.crypto import MAGIC, OWASP_MINIMUM
from tests.helpers.pty import interruptible
from tests.helpers.storage import at, make_entry, stderr_sentence

pytestmark = pytest.mark.slow

Cli = Callable[..., Any]
PASSPHRASE = "walking meetings in the rain"
NEW_PASSPHRASE = "a board that listens to residents"


def secret(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text + "\n")
    path.chmod(0o600)
    return str(path)


def files_state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def sealed_dir(journal_dir: Path) -> Path:
    """A journal with one entry, encrypted in-process at the OWASP minimum (fast)."""
    journal = Journal.open(journal_dir)
    journal.save_entry(make_entry(at(2026, 11, 3), "The Board paper went through"))
    journal.encrypt(PASSPHRASE, OWASP_MINIMUM)
    return journal_dir


def test_encrypt_then_every_verb_needs_the_passphrase(
    journal_dir: Path, tmp_path: Path, companion_cli: Cli
) -> None:
    journal = Journal.open(journal_dir)
    journal.save_entry(make_entry(at(2026, 11, 3), "The Board paper went through"))
    good = secret(tmp_path, "pass", PASSPHRASE)
    base = ("--journal", str(journal_dir))

    done = companion_cli(*base, "encrypt", "--passphrase-file", good)
    assert done.returncode == 0, done.stderr
    assert "Encrypted" in done.stdout and "Exports are not encrypted" in done.stdout
    assert all(p.read_bytes().startswith(MAGIC) for p in crypto.stored_files(journal_dir))
    description = json.loads((journal_dir / "encryption.json").read_text())
    assert description["key"]["memory_kib"] >= 19456 and description["key"]["iterations"] >= 2

    listed = companion_cli(*base, "list", "--passphrase-file", good)
    assert listed.returncode == 0, listed.stderr
    assert "The Board paper went through" in listed.stdout or "Learning diary" in listed.stdout

    # No terminal to ask in, no file: one sentence saying how to give it.
    locked = companion_cli(*base, "list")
    assert locked.returncode == JournalLocked.exit_code
    assert "--passphrase-file" in stderr_sentence(locked.stderr)

    again = companion_cli(*base, "encrypt", "--passphrase-file", good)
    assert again.returncode == UsageError.exit_code
    assert "companion passwd" in stderr_sentence(again.stderr)


def test_a_wrong_passphrase_file_is_one_sentence_and_changes_nothing(
    sealed_dir: Path, tmp_path: Path, companion_cli: Cli
) -> None:
    before = files_state(sealed_dir)
    wrong = secret(tmp_path, "wrong", "walking meetings in the sun")
    for verb in (("list",), ("commitments", "add", "x"), ("decrypt",), ("passwd",)):
        result = companion_cli("--journal", str(sealed_dir), *verb, "--passphrase-file", wrong)
        assert result.returncode == WrongPassphrase.exit_code, verb
        assert "wrong passphrase or damaged file" in stderr_sentence(result.stderr)
        assert "The Board" not in result.stdout + result.stderr
    assert files_state(sealed_dir) == before


def test_passphrase_files_are_read_carefully(
    sealed_dir: Path, tmp_path: Path, companion_cli: Cli
) -> None:
    base = ("--journal", str(sealed_dir), "list", "--passphrase-file")
    missing = companion_cli(*base, str(tmp_path / "nowhere"))
    assert missing.returncode == UsageError.exit_code
    assert "There is no passphrase file" in stderr_sentence(missing.stderr)
    empty = companion_cli(*base, secret(tmp_path, "empty", ""))
    assert "empty line" in stderr_sentence(empty.stderr)
    # Only the first line counts; a file others can read is used, with a warning.
    loose = tmp_path / "loose"
    loose.write_text(PASSPHRASE + "\nsecond line\n")
    loose.chmod(0o644)
    used = companion_cli(*base, str(loose))
    assert used.returncode == 0, used.stderr
    assert "chmod 600" in used.stderr


def test_passwd_and_decrypt_from_files(
    sealed_dir: Path, tmp_path: Path, companion_cli: Cli
) -> None:
    old, new = secret(tmp_path, "old", PASSPHRASE), secret(tmp_path, "new", NEW_PASSPHRASE)
    base = ("--journal", str(sealed_dir))
    short = companion_cli(
        *base,
        "passwd",
        "--passphrase-file",
        old,
        "--new-passphrase-file",
        secret(tmp_path, "s", "short"),
    )
    assert short.returncode == UsageError.exit_code
    assert "at least 8 characters" in stderr_sentence(short.stderr)

    changed = companion_cli(*base, "passwd", "--passphrase-file", old, "--new-passphrase-file", new)
    assert changed.returncode == 0, changed.stderr
    assert "Re-encrypted" in changed.stdout
    refused = companion_cli(*base, "list", "--passphrase-file", old)
    assert refused.returncode == WrongPassphrase.exit_code

    plain = companion_cli(*base, "decrypt", "--passphrase-file", new)
    assert plain.returncode == 0, plain.stderr
    assert "no longer encrypted" in plain.stdout
    assert not crypto.is_encrypted(sealed_dir)
    listed = companion_cli(*base, "list")
    assert listed.returncode == 0 and "Learning diary" in listed.stdout
    twice = companion_cli(*base, "decrypt")
    assert twice.returncode == UsageError.exit_code
    assert "not encrypted" in stderr_sentence(twice.stderr)


def test_encrypt_without_a_terminal_or_a_file_says_how(
    journal_dir: Path, companion_cli: Cli
) -> None:
    Journal.open(journal_dir)
    result = companion_cli("--journal", str(journal_dir), "encrypt")
    assert result.returncode == UsageError.exit_code
    assert "--passphrase-file" in result.stderr.splitlines()[-1]
    assert not crypto.is_encrypted(journal_dir)


def test_doctor_on_an_encrypted_journal(
    sealed_dir: Path, tmp_path: Path, companion_cli: Cli
) -> None:
    base = ("--journal", str(sealed_dir), "doctor")
    blind = companion_cli(*base)
    assert blind.returncode == 1
    assert re.search(r"^ok\s+encryption: on: AES-256-GCM, key from Argon2id", blind.stdout, re.M)
    assert re.search(r"^PROBLEM integrity: .*not checked", blind.stdout, re.M)
    assert "Traceback" not in blind.stderr

    good = secret(tmp_path, "pass", PASSPHRASE)
    checked = companion_cli(*base, "--passphrase-file", good)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "All is well." in checked.stdout

    shard = sealed_dir / "entries" / "2026-11.json"
    data = bytearray(shard.read_bytes())
    data[-5] ^= 0x10
    shard.write_bytes(bytes(data))
    damaged = companion_cli(*base, "--passphrase-file", good)
    assert damaged.returncode == 1
    assert "wrong passphrase or damaged file" in damaged.stdout

    no_key = companion_cli(*base, "--restore")
    assert no_key.returncode == JournalLocked.exit_code


def test_the_passphrase_is_asked_without_echo_in_plain_mode(
    sealed_dir: Path, companion_cli: Cli
) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "companion", "--journal", str(sealed_dir), "reflect", "learning-diary", "--plain"],
        env={**os.environ, "NO_COLOR": "1"},
        preexec_fn=interruptible,
        timeout=15,
        encoding="utf-8",
    )
    log = io.StringIO()
    child.logfile_read = log
    child.expect("Passphrase for the journal")
    child.sendline("not the passphrase")
    child.expect("Wrong passphrase or damaged file; try again \\(2 tries left\\)")
    child.expect("Passphrase for the journal")
    child.sendline(PASSPHRASE)
    child.expect("What happened")
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    child.close()
    transcript = log.getvalue()
    assert "What happened" in transcript
    assert PASSPHRASE not in transcript
    assert "not the passphrase" not in transcript


def test_exports_and_the_brief_from_an_encrypted_journal_say_they_are_plain_text(
    sealed_dir: Path, tmp_path: Path, companion_cli: Cli
) -> None:
    good = secret(tmp_path, "pass", PASSPHRASE)
    base = ("--journal", str(sealed_dir), "--passphrase-file", good)
    exported = companion_cli(*base, "export", "--format", "json", "-o", str(tmp_path / "out.json"))
    assert exported.returncode == 0, exported.stderr
    assert "Your journal is encrypted, but what this writes is not" in exported.stderr
    assert json.loads((tmp_path / "out.json").read_text())["companion"] == "export"
    brief = companion_cli(*base, "brief", "-o", str(tmp_path / "brief.md"))
    assert brief.returncode == 0, brief.stderr
    assert "Your journal is encrypted, but what this writes is not" in brief.stderr
    plain_dir = tmp_path / "plain"
    Journal.open(plain_dir).save_entry(make_entry(at(2026, 11, 3), "Out in the open"))
    plain = companion_cli("--journal", str(plain_dir), "export", "-o", str(tmp_path / "plain.md"))
    assert plain.returncode == 0, plain.stderr
    assert "encrypted" not in plain.stderr
