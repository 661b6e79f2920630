"""Where each record's own text lies in a journal file, so an export can write it as it is.

A monthly file is one JSON object, `{"entries":{"<id>":{...},"<id>":{...}}}`, written by the store
without spaces. record_spans() walks that outer shape itself and parses each record with the json
module's scanner (the same one json.loads uses), noting where the record's text begins and ends.
Anything else (spaces, a repeated id, trailing text, an error) gives None: the file is then parsed
whole as before, which says what is wrong. compact_records() is the quicker way for a file that
orjson writes back byte for byte (as it does the files the store writes, unless they hold a
number orjson writes otherwise); any other file is left to the walk.

A record's text can say more than the document parsed from it in one way only: a key written
twice (`{"value":"secret","value":"shared"}` parses as the second). keys_written() counts the keys
in a file's text where that can be told by counting; the store compares it with the keys of the
parsed documents and keeps the texts only when the two agree, so a text carries nothing its
document does not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from json.scanner import make_scanner
from typing import Any

#: The json module's own scanner (its C version where there is one): value, end = _scan(text, i).
#: (typeshed describes make_scanner as a class taking itself; it takes a decoder.)
_scan: Callable[[str, int], tuple[Any, int]] = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]

#: (record id, its document, where its text starts, where it ends) in the file's text.
Span = tuple[str, Any, int, int]

#: A quote, spaces, a colon: a key followed by spaces (or, inside a string, `\" :`).
_SPACED_COLON = re.compile(rb'" +:')


def record_spans(text: str, table: str) -> list[Span] | None:
    """Each record of a one-table file in the store's compact shape, in the order written; None
    when the text is not in that shape or not sound (parse it whole to know why)."""
    head = '{"' + table + '":{'
    if not text.startswith(head):
        return None
    position = len(head)
    found: list[Span] = []
    seen: set[str] = set()
    try:
        if text[position] == "}":
            position += 1
        else:
            while True:
                if text[position] != '"':
                    return None
                key, position = _scan(text, position)
                if text[position] != ":" or key in seen:
                    return None
                start = position + 1
                document, position = _scan(text, start)
                seen.add(key)
                found.append((key, document, start, position))
                after = text[position]
                position += 1
                if after == "}":
                    break
                if after != ",":
                    return None
    except (StopIteration, IndexError, ValueError, RecursionError):
        return None  # json.JSONDecodeError is a ValueError; so is a number too long to read
    if text[position:] != "}":
        return None
    return found


def compact_records(
    plain: bytes, table: str
) -> tuple[dict[str, Any], list[tuple[int, int]]] | None:
    """The data of a one-table file and where each record's bytes start and end in it, in the
    order written, when the file is exactly what writing that data compactly gives (the store's
    own form, compared byte for byte); else None (read it as record_spans does).

    orjson reads and writes it in about half the time of the json module. Whatever orjson
    would read differently from the json module (a number it reads as another, a key written
    twice, a lone surrogate escape, `\\/`, spaces) does not write back the same bytes, so it
    is left to the json module, as is everything when orjson is missing.
    """
    try:
        import orjson
    except ImportError:  # a dependency, but the json module can do it all
        return None
    try:
        data = orjson.loads(plain)
        if type(data) is not dict or len(data) != 1 or type(data.get(table)) is not dict:
            return None
        rows: dict[str, Any] = data[table]
        head = b"{" + orjson.dumps(table) + b":{"
        keys = [orjson.dumps(key) for key in rows]
        records = [orjson.dumps(row) for row in rows.values()]
        pairs = [key + b":" + record for key, record in zip(keys, records, strict=True)]
        if head + b",".join(pairs) + b"}}" != plain:
            return None
    except (ValueError, TypeError, RecursionError):  # orjson.JSONDecodeError is a ValueError
        return None
    found: list[tuple[int, int]] = []
    position = len(head)  # where the next record's id starts
    for key, record in zip(keys, records, strict=True):
        start = position + len(key) + 1  # after its id and the colon
        found.append((start, start + len(record)))
        position = start + len(record) + 1  # after the comma
    return data, found


def keys_written(plain: bytes) -> int | None:
    """How many keys (object member names) a JSON text holds, when counting can tell; else None.

    In a text with no tab, newline or carriage return (JSON allows them only between values)
    and no space between a key and its colon, every key ends in `":`, and inside a string a
    quote is always escaped, so `":` elsewhere is preceded by a backslash. When no `\\":` occurs
    at all, the count of `":` is the count of keys, exactly.
    """
    if b'\\":' in plain or b"\n" in plain or b"\r" in plain or b"\t" in plain:
        return None
    if b" :" in plain and _SPACED_COLON.search(plain):
        return None
    return plain.count(b'":')
