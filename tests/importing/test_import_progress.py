"""A large import tells its progress; stopped part-way, importing again adds only the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from companion.core.scripts import Library
from companion.export import ExportOptions, export_json, select_from_journal
from companion.importing import prepare_import
from companion.journal import Journal
from tests.helpers.app import fill_journal


def test_an_import_stopped_part_way_adds_the_rest_when_run_again(
    journal: Journal, library: Library, clock: Any, tmp_path: Path
) -> None:
    fill_journal(journal, library, clock)
    source = tmp_path / "export.json"
    options = ExportOptions(include_private=True)
    source.write_text(export_json(select_from_journal(journal, options)), encoding="utf-8")
    prepared = prepare_import(source, "companion")
    target = Journal.open(tmp_path / "new", clock=clock)

    def ctrl_c(done: int, total: int, label: str) -> None:
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        prepared.apply(target, ctrl_c)
    assert len(target.entries()) < len(journal.entries())
    told: list[tuple[int, int, str]] = []
    prepared.apply(target, lambda *step: told.append(step))
    assert told[-1][0] == told[-1][1] > 0 and told[-1][2] == "Importing"
    assert [e.id for e in target.entries()] == [e.id for e in journal.entries()]
    assert [c.id for c in target.commitments()] == [c.id for c in journal.commitments()]
