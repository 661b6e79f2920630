"""Each record's own text in a journal file, and whether that text can say more than its record.

A lossless export writes a record that goes unchanged as the text it is stored in. These tests
hold the two pieces that make that safe to what json.loads itself reads: the walk that finds each
record's text, and the count of keys that proves no key is written twice.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from companion.journal import spans

#: Text as leaders (and hand edits) write it: quotes, backslashes, colons after quotes, spaces
#: before colons, newlines, tabs, accents, emoji, and what looks like JSON.
TRICKY = st.lists(
    st.sampled_from([*'ab ":\\{}[],\n\t\r\u00e9\u201c\U0001f642\x7f', '": ', '\\"', " :"]),
    max_size=8,
).map("".join)
KEYS = st.one_of(st.sampled_from(["id", "value", "step", "private", "note"]), TRICKY)
LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), TRICKY)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=8,
)


@st.composite
def tables(draw: Any) -> dict[str, dict[str, Any]]:
    """A one-table journal file as the store writes it: record id -> record, each with its id."""
    ids = draw(st.lists(st.text(alphabet="0123456789abcdefghjk", min_size=1), unique=True))
    table = {}
    for record_id in ids:
        record = draw(st.dictionaries(KEYS, VALUES, max_size=4))
        record["id"] = record_id
        table[record_id] = record
    return {"entries": table}


def compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def pairs_counted(text: str) -> int:
    """Every key written in a JSON text, a repeated one as often as it is written."""
    count = 0

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal count
        count += len(pairs)
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook)
    return count


def keys_in(value: Any) -> int:
    """Every key of a parsed JSON value."""
    if isinstance(value, dict):
        return len(value) + sum(keys_in(v) for v in value.values())
    if isinstance(value, list):
        return sum(keys_in(v) for v in value)
    return 0


@given(tables())
def test_each_record_text_is_exactly_its_record(data: dict[str, dict[str, Any]]) -> None:
    text = compact(data)
    found = spans.record_spans(text, "entries")
    assert found is not None
    assert [(key, doc) for key, doc, _, _ in found] == list(data["entries"].items())
    for _, doc, start, end in found:
        assert json.loads(text[start:end]) == doc
        assert text[start:end] == compact(doc)  # what the store wrote for it, byte for byte


@given(tables(), st.sampled_from([(", ", ": "), (",", ": "), (" ,", ":")]), st.booleans())
def test_another_shape_is_left_to_the_whole_parse(
    data: dict[str, dict[str, Any]], separators: tuple[str, str], newline: bool
) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=separators) + ("\n" if newline else "")
    found = spans.record_spans(text, "entries")
    if found is not None:  # an empty table, or a shape the walk reads the same as json.loads
        assert [(key, doc) for key, doc, _, _ in found] == list(json.loads(text)["entries"].items())


@given(tables(), st.text(max_size=3))
def test_a_file_cut_short_or_with_more_after_it_is_left_to_the_whole_parse(
    data: dict[str, dict[str, Any]], extra: str
) -> None:
    text = compact(data)
    assert spans.record_spans(text[:-1], "entries") is None
    if extra:
        assert spans.record_spans(text + extra, "entries") is None


def test_a_record_id_written_twice_is_left_to_the_whole_parse() -> None:
    text = '{"entries":{"a":{"id":"a","value":"secret"},"a":{"id":"a","value":"shared"}}}'
    assert spans.record_spans(text, "entries") is None
    assert spans.record_spans('{"commitments":{}}', "entries") is None  # another table


@given(VALUES)
def test_the_count_of_keys_is_exact_or_not_given(value: Any) -> None:
    text = compact(value)
    counted = spans.keys_written(text.encode("utf-8"))
    assert counted is None or counted == pairs_counted(text)


@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=4), VALUES, st.sampled_from(["", " "]))
def test_a_key_written_twice_is_counted_twice(
    record: dict[str, Any], hidden: Any, space: str
) -> None:
    """The first of two same keys is what json.loads drops: the count must see it."""
    key = next(iter(record))
    text = "{" + compact(key) + space + ":" + compact(hidden) + "," + compact(record)[1:]
    counted = spans.keys_written(text.encode("utf-8"))
    assert counted is None or counted == pairs_counted(text) > keys_in(json.loads(text))


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (1 and 1.0 and True are not the same)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b) or (a != a and b != b)  # NaN is itself


#: What json writes and reads that orjson reads or writes otherwise: floats of every form, numbers
#: too long for 64 bits, NaN, lone surrogates, escapes.
ODD_LEAVES = st.one_of(
    LEAVES,
    st.floats(allow_nan=True),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(["\ud800", "\udfff x", "a/b", "\x00\x1f\x7f\u2028"]),
)
ODD_VALUES = st.recursive(
    ODD_LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=8,
)


@given(
    st.dictionaries(st.text(alphabet="0123456789abc", min_size=1), ODD_VALUES, max_size=4),
    st.sampled_from(["store", "ascii", "spaced", "key twice", "slash", "other table"]),
)
def test_the_quick_reading_is_what_the_json_module_reads_or_nothing(
    rows: dict[str, Any], style: str
) -> None:
    data: dict[str, Any] = {
        "entries": {key: {"id": key, "v": value} for key, value in rows.items()}
    }
    if style == "other table":
        data["drafts"] = {}
    text = json.dumps(data, ensure_ascii=style == "ascii", indent=1 if style == "spaced" else None)
    if style != "spaced":
        text = compact(data) if style != "ascii" else json.dumps(data, separators=(",", ":"))
    if style == "key twice":
        text = text.replace('"v":', '"v":"hidden","v":', 1)
    if style == "slash":
        text = text.replace("/", "\\/")
    try:
        plain = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate written raw is not UTF-8: no file holds it
        return
    quick = spans.compact_records(plain, "entries")
    if quick is None:
        return
    read, places = quick
    assert _same(read, json.loads(text))
    found = spans.record_spans(text, "entries")
    assert found is not None
    cut = [plain[start:end] for start, end in places]
    assert cut == [text[start:end].encode("utf-8") for _, _, start, end in found]


def test_the_store_s_own_form_is_read_quickly() -> None:
    data = {"entries": {"a": {"id": "a", "v": 'café 🙂 "q": \\ \n', "n": [1, 2.5, None]}}}
    assert spans.compact_records(compact(data).encode("utf-8"), "entries") is not None
    assert spans.compact_records(b'{"entries":{}}', "entries") == ({"entries": {}}, [])


def test_without_orjson_the_json_module_reads_it_all(monkeypatch: Any) -> None:
    """orjson is only quicker: where it cannot be loaded, every file is read as before."""
    monkeypatch.setitem(sys.modules, "orjson", None)  # `import orjson` now fails
    data = {"entries": {"a": {"id": "a", "v": "café"}}}
    assert spans.compact_records(compact(data).encode("utf-8"), "entries") is None
