"""Passphrase encryption at rest: round trips, wrong passphrases, tampering, conversions, crashes.

Keys are derived at the OWASP minimum (tens of milliseconds); each test derives only a few.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from companion.core.errors import JournalDamaged, JournalKeyChanged, JournalLocked, WrongPassphrase
from companion.core.model import CommitmentStatus
from companion.core.scripts import Library
from companion.core.session import Session
from companion.journal import Journal, crypto, doctor, encryption, files
from companion.journal.crypto import (
    HEADER_BYTES,
    MAGIC,
    NONCE_BYTES,
    OWASP_MINIMUM,
    KdfParams,
    KeySpec,
)
from companion.journal.store import FileStore
from tests.helpers.storage import ROOT, at, child_env, make_commitment, make_draft, make_entry

PASSPHRASE = "walking meetings in the rain"
NEW_PASSPHRASE = "a board that listens to residents"
WRONG_SENTENCE = "wrong passphrase or damaged file"
FAST = OWASP_MINIMUM


def every_file(folder: Path) -> dict[str, bytes]:
    """Every file under folder (backups, lock, temp files, descriptions), by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def disk_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def stored(folder: Path) -> list[Path]:
    return crypto.stored_files(folder)


def fill(journal: Journal, text: str = "We mapped who holds the budget") -> None:
    """A few records in two months, with backups (each file saved more than once)."""
    for month in (10, 11):
        first = make_commitment(at(2026, month, 3), f"{text} {month}")
        journal.save_commitment(first)
        journal.set_commitment_status(first.id, CommitmentStatus.DONE, note=text)
        journal.save_entry(make_entry(at(2026, month, 4), text))
        journal.save_entry(make_entry(at(2026, month, 5), text + " again"))
    journal.save_draft(make_draft(at(2026, 11, 6), text=text))
    journal.set_meta("last_review", "2026-11-06")


@pytest.fixture
def sealed(journal: Journal) -> Journal:
    """A lived-in journal, encrypted with PASSPHRASE."""
    fill(journal)
    journal.encrypt(PASSPHRASE, FAST)
    return journal


def test_params_below_the_owasp_minimum_are_refused() -> None:
    for weak in (KdfParams(19455, 2, 1), KdfParams(19456, 1, 1), KdfParams(65536, 3, 0)):
        with pytest.raises(ValueError):
            KeySpec.new(weak)
    assert crypto.DEFAULT_PARAMS.memory_kib >= 19456 and crypto.DEFAULT_PARAMS.iterations >= 2


def test_round_trip_every_file_is_sealed_and_reads_back(journal: Journal, clock: Any) -> None:
    fill(journal)
    before = (journal.entries(), journal.commitments(), journal.drafts(), journal.meta)
    report = journal.encrypt(PASSPHRASE, FAST)
    assert journal.encrypted
    assert report.converted == len(stored(journal.folder)) and report.backups > 0
    for path in stored(journal.folder):
        raw = path.read_bytes()
        assert raw.startswith(MAGIC), path
        spec = KeySpec.from_header(raw)
        assert spec is not None and spec.params == FAST
    assert (journal.folder / ".lock").read_bytes() == b""
    description = json.loads((journal.folder / "encryption.json").read_text())
    assert description["state"] == "encrypted" and description["key"]["memory_kib"] == 19456
    # The same journal object goes on reading and writing.
    assert (journal.entries(), journal.commitments(), journal.drafts()) == before[:3]
    journal.add_commitment("Written after encrypting")

    with pytest.raises(JournalLocked) as locked:
        Journal.open(journal.folder)
    assert "--passphrase-file" in str(locked.value)
    again = Journal.open(journal.folder, passphrase=PASSPHRASE, clock=clock)
    assert again.encrypted
    assert again.entries() == before[0]
    assert [c.text for c in again.commitments()][-1] == "Written after encrypting"
    assert again.drafts() == before[2]
    assert again.meta["last_review"] == "2026-11-06"
    for path in (journal.folder / "encryption.json", *stored(journal.folder)):
        assert oct(path.stat().st_mode & 0o777) == oct(files.FILE_MODE), path


def test_every_write_uses_a_fresh_nonce(sealed: Journal) -> None:
    draft = make_draft(at(2026, 11, 7))
    path = sealed.folder / "drafts.json"
    sealed.save_draft(draft)
    first = path.read_bytes()
    sealed.save_draft(draft)  # the same content again
    second = path.read_bytes()
    assert first[:HEADER_BYTES] == second[:HEADER_BYTES]
    nonce = slice(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES)
    assert first[nonce] != second[nonce]
    assert first[HEADER_BYTES:] != second[HEADER_BYTES:]


def test_a_wrong_passphrase_changes_nothing_on_disk(sealed: Journal) -> None:
    folder = sealed.folder
    before = disk_state(folder)
    for attempt in ("walking meetings in the rain ", "WALKING MEETINGS IN THE RAIN", "x" * 12):
        with pytest.raises(WrongPassphrase) as wrong:
            Journal.open(folder, passphrase=attempt)
        assert WRONG_SENTENCE in str(wrong.value)
        assert "Nothing was changed" in str(wrong.value)
        with pytest.raises(WrongPassphrase):
            crypto.unlock(folder, attempt)
    assert disk_state(folder) == before


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


TAMPER_AT = {
    "magic": 0,
    "format": 8,
    "memory": 12,
    "salt": HEADER_BYTES - 3,
    "nonce": HEADER_BYTES + 5,
    "ciphertext": HEADER_BYTES + NONCE_BYTES + 4,
    "tag": -2,
}


@pytest.mark.parametrize("where", sorted(TAMPER_AT))
def test_a_tampered_file_is_reported_the_same_way_and_left_alone(
    sealed: Journal, where: str
) -> None:
    folder = sealed.folder
    shard = folder / "entries" / "2026-11.json"
    offset = TAMPER_AT[where]
    _flip(shard, offset if offset >= 0 else shard.stat().st_size + offset)
    before = disk_state(folder)
    reopened = Journal.open(folder, passphrase=PASSPHRASE)  # journal.json is sound: it opens
    with pytest.raises(JournalDamaged) as damaged:
        reopened.entries()
    message = str(damaged.value)
    assert WRONG_SENTENCE in message
    assert str(shard) in message
    assert "companion doctor --restore" in message  # the newest backup is named
    assert "We mapped" not in message  # no plaintext, partial or whole
    with pytest.raises(JournalDamaged):
        reopened.save_entry(make_entry(at(2026, 11, 9)))  # never written over
    assert disk_state(folder) == before


@pytest.mark.parametrize("field", ["salt", "memory_kib", "check"])
def test_a_tampered_key_description_does_not_unlock_and_changes_nothing(
    sealed: Journal, field: str
) -> None:
    path = sealed.folder / "encryption.json"
    doc = json.loads(path.read_text())
    if field == "memory_kib":
        doc["key"][field] += 1024
    else:
        raw = bytearray(crypto.base64.b64decode(doc["key"][field]))
        raw[-1] ^= 0x01
        doc["key"][field] = crypto.base64.b64encode(bytes(raw)).decode()
    path.write_text(json.dumps(doc))
    before = disk_state(sealed.folder)
    with pytest.raises(WrongPassphrase) as wrong:
        Journal.open(sealed.folder, passphrase=PASSPHRASE)
    assert WRONG_SENTENCE in str(wrong.value)
    assert disk_state(sealed.folder) == before


def test_a_plaintext_file_dropped_into_an_encrypted_journal_is_refused(sealed: Journal) -> None:
    shard = sealed.folder / "commitments" / "2026-12.json"
    forged = make_commitment(at(2026, 12, 1), "A forged commitment")
    plain = FileStore(sealed.folder)
    plain.save(shard, {"commitments": {forged.id: {"id": forged.id}}}, backup=False)
    with pytest.raises(JournalDamaged) as damaged:
        Journal.open(sealed.folder, passphrase=PASSPHRASE).commitments()
    assert WRONG_SENTENCE in str(damaged.value)


def test_passwd_re_encrypts_everything_under_a_new_salt(sealed: Journal, clock: Any) -> None:
    folder = sealed.folder
    old_salt = json.loads((folder / "encryption.json").read_text())["key"]["salt"]
    entries = sealed.entries()
    stronger = KdfParams(FAST.memory_kib + 1024, FAST.iterations + 1, 1)
    report = sealed.change_passphrase(NEW_PASSPHRASE, stronger)
    assert report.converted == len(stored(folder)) and report.backups > 0
    assert not report.unreadable
    description = json.loads((folder / "encryption.json").read_text())
    assert description["state"] == "encrypted" and "next_key" not in description
    assert description["key"]["salt"] != old_salt
    new_spec = KeySpec.from_header((folder / "journal.json").read_bytes())
    assert new_spec is not None and new_spec.params == stronger  # raised, recorded per file
    for path in stored(folder):
        assert KeySpec.from_header(path.read_bytes()) == new_spec, path
    with pytest.raises(WrongPassphrase):
        Journal.open(folder, passphrase=PASSPHRASE)
    assert Journal.open(folder, passphrase=NEW_PASSPHRASE, clock=clock).entries() == entries


def test_decrypt_leaves_a_plain_journal_with_plain_backups(sealed: Journal) -> None:
    folder = sealed.folder
    commitments = sealed.commitments()
    report = sealed.decrypt()
    assert report.converted == len(stored(folder)) and not report.unreadable
    assert not sealed.encrypted
    assert not (folder / "encryption.json").exists()
    for path in stored(folder):
        assert path.read_bytes().startswith(b"{"), path
    plain = Journal.open(folder)
    assert not plain.encrypted and plain.commitments() == commitments
    # A backup of the plain journal restores as before.
    shard = folder / "commitments" / "2026-11.json"
    shard.write_bytes(b"{ cut short")
    assert doctor.restore(folder)
    restored = Journal.open(folder).commitments()  # the previous version, from its backup
    assert [c.id for c in restored] == [c.id for c in commitments]


def test_encrypt_converts_old_backups_migration_copies_and_damaged_copies(
    journal: Journal,
) -> None:
    folder = journal.folder
    fill(journal, "Zeta plaintext in backups")
    journal.copy_files_to(folder / "backups" / "before-format-1-20261101T000000")
    aside = folder / "entries" / "2026-10.json.damaged-20261101T000000"
    aside.write_bytes(b'{"entries": "Zeta plaintext, damaged')
    plain_files = [p for p in stored(folder) if b"Zeta plaintext" in p.read_bytes()]
    assert len(plain_files) >= 10  # live files, rotating backups, the copy, the damaged file
    report = journal.encrypt(PASSPHRASE, FAST)
    assert report.converted == len(stored(folder))
    for name, data in every_file(folder).items():
        assert b"Zeta plaintext" not in data, name
    for path in plain_files:
        assert path.read_bytes().startswith(MAGIC), path


def test_scrubbing_overwrites_a_last_name_but_never_a_shared_one(tmp_path: Path) -> None:
    original = tmp_path / "journal.json"
    original.write_bytes(b"secret words")
    second = tmp_path / ".journal.json.wipe.tmp"
    os.link(original, second)
    files.discard(second)  # the journal file still names these bytes: left intact
    assert original.read_bytes() == b"secret words" and not second.exists()
    os.link(original, second)
    handle = open(second, "rb")  # noqa: SIM115 - read the inode after its last name goes
    try:
        original.unlink()
        files.discard(second)
        assert handle.read() == b"\0" * len(b"secret words")
    finally:
        handle.close()


class Crash(BaseException):
    """Stands for the process dying: nothing after it runs."""


def _crash_after(monkeypatch: pytest.MonkeyPatch, writes: int) -> None:
    real = encryption._replace
    count = {"n": 0}

    def replace(path: Path, data: bytes, scrub_old: bool) -> None:
        if count["n"] == writes:
            raise Crash
        count["n"] += 1
        real(path, data, scrub_old)

    monkeypatch.setattr(encryption, "_replace", replace)


def test_an_interrupted_encrypt_is_finished_on_the_next_open(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(journal)
    entries = journal.entries()
    _crash_after(monkeypatch, 4)
    with pytest.raises(Crash):
        journal.encrypt(PASSPHRASE, FAST)
    monkeypatch.undo()
    folder = journal.folder
    assert json.loads((folder / "encryption.json").read_text())["state"] == "encrypting"
    sealed = [p for p in stored(folder) if p.read_bytes().startswith(MAGIC)]
    assert 0 < len(sealed) < len(stored(folder))  # half-way: some of each
    with pytest.raises(JournalLocked):
        Journal.open(folder)  # never opened as a plain journal again
    reopened = Journal.open(folder, passphrase=PASSPHRASE)
    assert any("encrypt" in note for note in reopened.notes)
    assert reopened.entries() == entries
    assert all(p.read_bytes().startswith(MAGIC) for p in stored(folder))
    assert json.loads((folder / "encryption.json").read_text())["state"] == "encrypted"


@pytest.mark.parametrize("typed", [PASSPHRASE, NEW_PASSPHRASE])
def test_an_interrupted_passwd_opens_with_either_passphrase_and_finishes(
    sealed: Journal, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    folder = sealed.folder
    entries = sealed.entries()
    _crash_after(monkeypatch, 5)
    with pytest.raises(Crash):
        sealed.change_passphrase(NEW_PASSPHRASE, FAST)
    monkeypatch.undo()
    assert json.loads((folder / "encryption.json").read_text())["state"] == "rekeying"
    headers = {p.read_bytes()[:HEADER_BYTES] for p in stored(folder)}
    assert len(headers) == 2  # files under the old key and under the new one
    reopened = Journal.open(folder, passphrase=typed)
    assert any("new passphrase" in note for note in reopened.notes)
    assert reopened.entries() == entries
    assert len({p.read_bytes()[:HEADER_BYTES] for p in stored(folder)}) == 1
    with pytest.raises(WrongPassphrase):
        crypto.unlock(folder, PASSPHRASE)
    assert crypto.unlock(folder, NEW_PASSPHRASE).state == "encrypted"


def test_an_interrupted_decrypt_is_finished_on_the_next_open(
    sealed: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = sealed.folder
    drafts = sealed.drafts()
    _crash_after(monkeypatch, 3)
    with pytest.raises(Crash):
        sealed.decrypt()
    monkeypatch.undo()
    with pytest.raises(JournalLocked):
        Journal.open(folder)
    reopened = Journal.open(folder, passphrase=PASSPHRASE)
    assert not reopened.encrypted and reopened.drafts() == drafts
    assert not (folder / "encryption.json").exists()
    assert Journal.open(folder).drafts() == drafts


def test_a_companion_opened_before_encrypting_never_writes_plaintext(
    journal: Journal, clock: Any
) -> None:
    fill(journal)
    other = Journal.open(journal.folder, clock=clock)  # another window, opened while plain
    assert other.entries()
    journal.encrypt(PASSPHRASE, FAST)
    with pytest.raises(JournalKeyChanged):
        other.add_commitment("Plain words written too late")
    with pytest.raises(JournalKeyChanged):
        other.entries()
    for name, data in every_file(journal.folder).items():
        assert b"Plain words" not in data, name


def test_a_lost_description_is_rebuilt_from_the_files_own_headers(sealed: Journal) -> None:
    folder = sealed.folder
    (folder / "encryption.json").unlink()
    assert crypto.is_encrypted(folder)
    with pytest.raises(JournalLocked):
        Journal.open(folder)
    with pytest.raises(WrongPassphrase):
        Journal.open(folder, passphrase=NEW_PASSPHRASE)
    keyring = crypto.unlock(folder, PASSPHRASE)  # from journal.json's own header
    reopened = Journal.open(folder, keyring=keyring)
    assert len(reopened.entries()) == 4
    assert json.loads((folder / "encryption.json").read_text())["state"] == "encrypted"
    # The rebuilt description fits the same key: it opens again without asking anew.
    assert len(Journal.open(folder, keyring=keyring).entries()) == 4
    assert crypto.unlock(folder, PASSPHRASE).description is not None


def test_doctor_checks_and_restores_an_encrypted_journal(sealed: Journal) -> None:
    folder = sealed.folder
    locked = doctor.check(folder)
    problems = {f.topic: f.detail for f in locked if not f.ok}
    assert "not checked" in problems["integrity"]
    assert any(f.topic == "encryption" and "Argon2id" in f.detail for f in locked if f.ok)

    keyring = crypto.unlock(folder, PASSPHRASE)
    store = FileStore(folder, keyring)
    assert [f for f in doctor.check(folder, store) if not f.ok] == []

    entries = sealed.entries()
    shard = folder / "entries" / "2026-11.json"
    _flip(shard, HEADER_BYTES + NONCE_BYTES + 1)
    findings = doctor.check(folder, FileStore(folder, keyring))
    [damaged] = [f for f in findings if f.topic == "damaged file"]
    assert WRONG_SENTENCE in damaged.detail
    done = doctor.restore(folder, FileStore(folder, keyring))
    assert len(done) == 1 and "restored from" in done[0]
    restored = shard.read_bytes()
    assert restored.startswith(MAGIC)
    assert Journal.open(folder, keyring=keyring).entries() != []
    assert {e.id for e in Journal.open(folder, keyring=keyring).entries()} <= {
        e.id for e in entries
    }


def test_doctor_rewrites_a_damaged_description(sealed: Journal) -> None:
    folder = sealed.folder
    (folder / "encryption.json").write_text("{ not json")
    keyring = crypto.unlock(folder, PASSPHRASE)  # the files' headers still open it
    findings = doctor.check(folder, FileStore(folder, keyring))
    assert any(f.topic == "encryption" and not f.ok for f in findings)
    done = doctor.restore(folder, FileStore(folder, keyring))
    assert any("written afresh" in line for line in done)
    assert crypto.read_description(folder) is not None
    assert list(folder.glob("encryption.json.damaged-*"))
    assert Journal.open(folder, passphrase=PASSPHRASE).entries()


def test_a_plain_journal_never_loads_the_cryptography_package(journal_dir: Path) -> None:
    code = (
        "import sys\n"
        "from companion.cli import run\n"
        f"run(['--journal', {str(journal_dir)!r}, 'commitments', 'add', 'x'])\n"
        f"run(['--journal', {str(journal_dir)!r}, 'list'])\n"
        "print('LOADED', 'cryptography' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=child_env()
    )
    assert "LOADED False" in done.stdout, done.stdout + done.stderr


# ---------------------------------------------------------------------- the sentinel

SENTINEL = "Qzx sentinel: the chair’s café plan ☂ 4471"

# A child Companion that saves the sentinel and dies inside the rename of an encrypted save,
# leaving its temp file behind (the passphrase comes on stdin, never in argv).
CRASHER = r"""
import os, sys
from pathlib import Path
from companion.journal import Journal

journal = Journal.open(Path(sys.argv[1]), passphrase=sys.stdin.readline().rstrip("\n"))
journal.add_commitment(sys.argv[2] + " (saved before the crash)")

def die(*args, **kwargs):
    os._exit(9)

os.replace = die
journal.add_commitment(sys.argv[2] + " (being saved at the crash)")
"""


def _forms(phrase: str) -> list[bytes]:
    """The phrase as it could appear in a file: raw in UTF-8/16/32, or escaped in JSON."""
    found = set()
    for text in (phrase, json.dumps(phrase)[1:-1], json.dumps(phrase, ensure_ascii=False)[1:-1]):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le"):
            found.add(text.encode(encoding))
    found.add(b"Qzx sentinel")  # and its plain ASCII start alone
    return sorted(found)


def test_the_sentinel_appears_in_no_file_under_an_encrypted_journal(
    journal: Journal, library: Library, clock: Any
) -> None:
    folder = journal.folder
    # Before encrypting: plaintext everywhere, backups included.
    diary = Session(library.get("learning-diary"), journal)
    diary.answer(SENTINEL, step_id="happened")
    diary.next()
    diary.answer(SENTINEL + " (noticed)", step_id="noticed", private=True)  # autosaved draft
    journal.add_commitment(SENTINEL + " (a plain commitment)")
    assert any(b"Qzx sentinel" in data for data in every_file(folder).values())

    journal.encrypt(PASSPHRASE, FAST)

    # While encrypted: drafts via autosave, finished entries, commitments, many saves.
    diary = Session(library.get("learning-diary"), journal, draft=journal.drafts()[0])
    diary.answer(SENTINEL + " (learning)", step_id="learning")
    diary.finish()
    close_out = Session(library.get("workshop-close-out"), journal)
    close_out.answer(SENTINEL, step_id="session")
    close_out.answer(SENTINEL + " (resonated)", step_id="resonated")
    close_out.answer(
        {"text": SENTINEL + " (commitment)", "due": "2026-12-01"}, step_id="commitment"
    )
    result = close_out.finish()
    [commitment] = result.commitments
    for note in ("first", "second", "third", "fourth", "fifth", "sixth"):
        step = f"{SENTINEL} {note}"
        journal.update_commitment(commitment.id, lambda c, s=step: setattr(c, "first_step", s))
        journal.set_meta("last_review", step)
    journal.set_commitment_status(commitment.id, CommitmentStatus.DONE, note=SENTINEL)
    assert len(files.backups_of(folder / "backups" / "commitments", "2026-11.json")) == 5

    crashed = subprocess.run(
        [sys.executable, "-c", CRASHER, str(folder), SENTINEL],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=child_env(),
        timeout=60,
    )
    assert crashed.returncode == 9, crashed.stderr
    leftovers = files.leftover_temp_files(folder)
    assert leftovers, "the crash should have left a temp file behind"

    everything = every_file(folder)
    assert ".lock" in everything and "encryption.json" in everything
    assert any(name.startswith("backups/") for name in everything)
    for name, data in everything.items():
        for form in _forms(SENTINEL):
            assert form not in data, f"{name} holds {form!r}"

    # And the words are really there, behind the passphrase.
    reopened = Journal.open(folder, passphrase=PASSPHRASE, clock=clock)
    assert not files.leftover_temp_files(folder)
    texts = [c.text for c in reopened.commitments()]
    assert SENTINEL + " (saved before the crash)" in texts
    assert SENTINEL + " (being saved at the crash)" not in texts
    answers = [a.value for e in reopened.entries() for a in e.answers]
    assert SENTINEL + " (noticed)" in answers and SENTINEL + " (learning)" in answers


def test_a_format_upgrade_of_an_encrypted_journal_keeps_every_copy_sealed(
    sealed: Journal, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.core import model as model_module
    from companion.journal import migrations
    from companion.journal import service as service_module

    monkeypatch.setattr(model_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(service_module, "SCHEMA_VERSION", 2)

    def shout(upgrading: Journal) -> None:
        for commitment in upgrading.commitments():
            upgrading.update_commitment(commitment.id, lambda c: setattr(c, "text", c.text.upper()))

    monkeypatch.setattr(migrations, "MIGRATIONS", {1: shout})
    upgraded = Journal.open(sealed.folder, passphrase=PASSPHRASE, clock=clock)
    assert upgraded.meta["schema"] == 2
    assert all(c.text.isupper() for c in upgraded.commitments())
    [copy] = (sealed.folder / "backups").glob("before-format-2-*")
    copies = [p for p in copy.rglob("*") if p.is_file()]
    assert copies and all(p.read_bytes().startswith(MAGIC) for p in copies)
    for name, data in every_file(sealed.folder).items():
        assert b"We mapped" not in data and b"WE MAPPED" not in data, name


def test_an_open_racing_an_encryption_says_locked_not_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain journal opens without the lock; another Companion encrypting it at that very
    moment must give "locked", never a false "damaged"."""
    folder = tmp_path / "journal"
    Journal.open(folder).add_commitment("Ask the chair about the agenda")
    from companion.journal import service

    real = crypto.is_encrypted
    looks: list[bool] = []

    def encrypted_right_after_the_second_look(path: Path) -> bool:
        found = real(path)
        looks.append(found)
        if len(looks) == 2:  # the lock-free open has just looked: now another Companion acts
            monkeypatch.setattr(service, "is_encrypted", real)
            Journal.open(folder).encrypt("correct horse battery", FAST)
        return found

    # The open asks encrypted.py's question by name (crypto.py loads only when it must).
    monkeypatch.setattr(service, "is_encrypted", encrypted_right_after_the_second_look)
    with pytest.raises(JournalLocked):
        Journal.open(folder)
    assert looks == [False, False]
    opened = Journal.open(folder, passphrase="correct horse battery")
    assert [c.text for c in opened.commitments()] == ["Ask the chair about the agenda"]
