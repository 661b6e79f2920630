"""Search as you type: every word must match, filters narrow, and key presses never wait."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from companion.core.model import Edit
from companion.core.views import search
from companion.core.views.search import Filters, SearchIndex
from tools import sample


def test_every_word_typed_must_appear_and_filters_narrow(ten_years: sample.Sample) -> None:
    entries = sorted(ten_years.entries, key=lambda e: e.completed, reverse=True)
    index = SearchIndex()
    found = index.search(entries, Filters(text="Residents PANEL"))
    assert found and len(found) < len(entries)
    assert all(
        "residents" in search.entry_text(e) and "panel" in search.entry_text(e) for e in found
    )
    diaries = index.search(entries, Filters(text="residents panel", script_id="learning-diary"))
    assert diaries and {e.script_id for e in diaries} == {"learning-diary"}
    recent = index.search(entries, Filters(text="residents", since=date(2026, 1, 1)))
    assert recent and all(e.completed.date() >= date(2026, 1, 1) for e in recent)
    assert index.search(entries, Filters(text="zebra crossing")) == []


def test_a_prepared_index_does_no_work_when_a_key_is_pressed(
    ten_years: sample.Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = ten_years.entries[:300]
    index = SearchIndex()
    index.prepare(entries)
    built: list[str] = []
    real = search.entry_text
    monkeypatch.setattr(search, "entry_text", lambda e: built.append(e.id) or real(e))
    assert index.search(entries, Filters(text="board"))
    assert built == [], "the text of every entry was ready before the first key"
    edit = Edit(at=datetime(2026, 11, 20, tzinfo=UTC), note="a typo")
    edited = replace(entries[0], edits=[*entries[0].edits, edit])
    index.search([edited, *entries[1:]], Filters(text="board"))
    assert built == [edited.id], "an edited entry is read again, and only it"
