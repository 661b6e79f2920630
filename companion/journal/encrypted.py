"""Whether a journal is encrypted, told without loading the encryption itself.

Opening a plaintext journal asks this and nothing more of encryption, so crypto.py and
sealing.py (the keys, the sealed file format) load only for a journal that needs them.
"""

from __future__ import annotations

from pathlib import Path

from companion.journal import files

#: The first bytes of every sealed file (see sealing.py).
MAGIC = b"COMPENC\x00"
#: The description of an encrypted journal's key (see crypto.py).
ENCRYPTION_FILE = "encryption.json"
META_FILE = "journal.json"


def is_encrypted_bytes(data: bytes) -> bool:
    return data.startswith(MAGIC)


def description_path(folder: Path) -> Path:
    return folder / ENCRYPTION_FILE


def is_encrypted(folder: Path) -> bool:
    """Whether the journal in folder needs a passphrase (cheap: no key is derived)."""
    if description_path(folder).exists():
        return True
    raw = files.read_bytes(folder / META_FILE) if folder.is_dir() else None
    return raw is not None and is_encrypted_bytes(raw)
