"""Upgrades of older journal formats. Each step takes the journal from version n to n + 1.

The journal is copied to backups/before-format-N-… before any step runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from companion.core.errors import JournalError

if TYPE_CHECKING:
    from companion.journal.service import Journal

Migration = Callable[["Journal"], None]

#: from-version -> the function that upgrades it by one version. Format 1 is the first.
MIGRATIONS: dict[int, Migration] = {}


def migrate(journal: Journal, found: int, wanted: int) -> None:
    """Apply each step from found up to wanted, in order (none unless every step exists)."""
    missing = [version for version in range(found, wanted) if version not in MIGRATIONS]
    if missing:
        raise JournalError(
            f"The journal at {journal.folder} uses format version {found}, which this "
            f"Companion cannot upgrade to version {wanted} (no step from version {missing[0]}). "
            "Nothing has been changed; a copy is in its backups folder."
        )
    for version in range(found, wanted):
        MIGRATIONS[version](journal)
