"""Identifiers that sort by creation time and can be shortened to a unique prefix."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime

# Crockford's base32: no I, L, O or U, so ids read aloud without confusion.
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_TIME_CHARS = 10
_RANDOM_CHARS = 6
#: Ids from after 2200 (the last year Companion takes) are not ones it made.
_LAST_MILLIS = int(datetime(2201, 1, 1, tzinfo=UTC).timestamp() * 1000)
_lock = threading.Lock()
_last: tuple[int, int] = (-1, 0)


def _encode(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, rest = divmod(number, 32)
        chars.append(_ALPHABET[rest])
    return "".join(reversed(chars))


def random_below(limit: int) -> int:
    """A random number from 0 to limit - 1 for an id (demo journals swap in a seeded one).

    From the system's secure source, as secrets.randbelow draws it (enough bits, a number out
    of range drawn again), without importing secrets: it loads hashlib and OpenSSL (about 2 ms),
    which the first reflection of a session paid before its first question showed.
    """
    if limit <= 0:
        raise ValueError("random_below needs a limit above 0")
    bits = limit.bit_length()
    size = (bits + 7) // 8
    while True:
        number = int.from_bytes(os.urandom(size), "big") >> (size * 8 - bits)
        if number < limit:
            return number


def new_id(at: datetime | None = None) -> str:
    """A 16-character id whose order is the order of creation (then of calls)."""
    global _last
    moment = at or datetime.now(UTC)
    millis = int(moment.timestamp() * 1000)
    with _lock:
        last_millis, last_random = _last
        same_moment = millis == last_millis
        rand = last_random + 1 if same_moment else random_below(32**_RANDOM_CHARS // 2)
        _last = (millis, rand)
    return _encode(millis, _TIME_CHARS) + _encode(rand, _RANDOM_CHARS)


def id_at(at: datetime, serial: int) -> str:
    """The id for a moment with a chosen random part (for journals rebuilt the same each time).

    serial is reduced to the random part's range; the caller keeps ids unique.
    """
    millis = int(at.timestamp() * 1000)
    return _encode(millis, _TIME_CHARS) + _encode(serial % 32**_RANDOM_CHARS, _RANDOM_CHARS)


def _millis(identifier: str) -> int:
    millis = 0
    for char in identifier[:_TIME_CHARS]:
        millis = millis * 32 + _ALPHABET.index(char)
    return millis


def id_time(identifier: str) -> datetime:
    """When an id was made (UTC); ValueError for an id from after 2200 (never one we made)."""
    millis = _millis(identifier)
    if millis >= _LAST_MILLIS:
        raise ValueError(f"the id {identifier!r} is not one Companion made")
    return datetime.fromtimestamp(millis / 1000, UTC)


def is_id(text: str) -> bool:
    """Whether text has the shape of a full id (with a time Companion could have made it)."""
    return (
        len(text) == _TIME_CHARS + _RANDOM_CHARS
        and all(c in _ALPHABET for c in text)
        and _millis(text) < _LAST_MILLIS
    )


def stable_id(at: datetime, key: str) -> str:
    """An id that is the same every time for the same moment and key (for imports).

    The time part sorts like any id; the rest comes from a hash of key, so importing the same
    record twice finds it again instead of adding it twice.
    """
    import hashlib

    millis = int(at.timestamp() * 1000)
    digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    return _encode(millis, _TIME_CHARS) + _encode(digest % 32**_RANDOM_CHARS, _RANDOM_CHARS)
