"""Long exports tell their progress, and a stop (Ctrl+C) leaves nothing half-written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core.scripts import Library
from companion.export import FORMATS, ExportOptions, render, select_from_journal
from companion.export.actions import export_to
from companion.export.html_page import markdown_parts_to_html_page, markdown_to_html_page
from companion.export.markdown import DOCUMENT_TITLE, PART_BREAK, document_markdown, document_parts
from companion.journal import Journal
from tests.helpers.app import fill_journal


@pytest.fixture
def filled(journal: Journal, library: Library, clock: Any) -> Journal:
    fill_journal(journal, library, clock)
    return journal


@pytest.mark.parametrize("name", ["md", "html", "json"])
def test_every_format_tells_its_progress_up_to_the_end(filled: Journal, name: str) -> None:
    told: list[tuple[int, int, str]] = []
    selection = select_from_journal(filled, ExportOptions(), stored=name == "json")
    render(selection, FORMATS[name], progress=lambda d, t, label: told.append((d, t, label)))
    assert told, "no progress told"
    assert all(0 <= done <= total for done, total, _ in told)
    done, total, _ = told[-1]
    assert done == total > 0
    assert all(label for _, _, label in told)


@pytest.mark.parametrize("name", ["md", "html", "json"])
def test_an_export_stopped_half_way_leaves_no_file_and_the_journal_as_it_was(
    filled: Journal, tmp_path: Path, name: str
) -> None:
    before = {p: p.read_bytes() for p in filled.folder.rglob("*") if p.is_file()}
    target = tmp_path / "out" / f"export.{name}"
    calls = 0

    def ctrl_c(done: int, total: int, label: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # half-way through
            raise KeyboardInterrupt

    selection = select_from_journal(filled, ExportOptions(), stored=name == "json")
    with pytest.raises(KeyboardInterrupt):
        export_to(selection, ExportOptions(), FORMATS[name], target, progress=ctrl_c)
    assert not target.exists()
    assert not target.parent.exists() or not any(target.parent.iterdir())
    after = {p: p.read_bytes() for p in filled.folder.rglob("*") if p.is_file()}
    assert after == before


ANSWER = st.sampled_from(
    [
        "A paragraph.",
        "See [ref] and [x][ref].",
        "Ends on a line\n---",
        "* a list\n* going on",
        "```\nfenced\n```",
        "> a quote\nlazy",
        "Heading\n===",
        "<b>raw</b> & < >",
        "1. one\n2. two",
        "",
    ]
)


@settings(max_examples=20, deadline=None)
@given(answers=st.lists(st.lists(ANSWER, min_size=1, max_size=3), min_size=1, max_size=4))
def test_the_page_made_part_by_part_is_the_page_of_the_whole_document(
    answers: list[list[str]],
) -> None:
    """Rendering each part alone (to tell progress) gives the page rendering the whole did."""
    parts = ["# Cover\n", *("\n\n".join(a) + "\n" for a in answers)]
    whole = markdown_to_html_page(PART_BREAK.join(parts), "T")
    assert markdown_parts_to_html_page(parts, "T") == whole


def test_the_html_export_is_the_page_of_the_markdown_document(filled: Journal) -> None:
    selection = select_from_journal(filled, ExportOptions())
    assert PART_BREAK.join(document_parts(selection, for_html=True)) == document_markdown(
        selection, for_html=True
    )
    whole = markdown_to_html_page(document_markdown(selection, for_html=True), DOCUMENT_TITLE)
    assert render(selection, FORMATS["html"]) == whole


def test_each_entry_of_the_page_stands_alone() -> None:
    """Made part by part, an answer's open code fence or link definition cannot reach into the
    entries after it (rendered whole, an open fence swallowed the rest of the page)."""
    parts = [
        "# Cover\n",
        "```\nan open fence\n",
        "[ref]: https://example.org\n",
        "# Next\n\n[ref]\n",
    ]
    page = markdown_parts_to_html_page(parts, "T")
    assert "<h1>Next</h1>" in page
    assert 'href="https://example.org"' not in page
