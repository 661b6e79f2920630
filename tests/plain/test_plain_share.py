"""Plain mode's share: every answer read out in full, and any left out by typing n."""

from __future__ import annotations

from pathlib import Path

from companion.core.scripts import Library
from companion.export import ExportOptions
from companion.export.share import share_from_journal
from companion.plain import LineAsker
from companion.plain.share import choose_answers
from tests.helpers.cohort import PRIVATE_MARKS, three_journals


def test_each_answer_is_read_out_and_the_declined_ones_are_left_out(
    tmp_path: Path, library: Library
) -> None:
    dana = three_journals(tmp_path, library)[2]
    plan = share_from_journal(dana, ExportOptions(), "Dana", library)
    said: list[str] = []
    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        return "n" if "Silence in a meeting" in said[-1] else ""

    left = choose_answers(plan, LineAsker(read=read, write=said.append))
    assert len(asked) == len(plan.leaving)
    assert [item.answer.step_id for item in plan.leaving if item.key in left] == ["learning"]
    text = "\n".join(said)
    assert "Answer 1 of 10: Workshop close-out, 1 July 2026." in text
    assert "You left out 1 answer." in said[-1]
    assert not any(mark in text for mark in PRIVATE_MARKS)
    assert "[@click=app.quit]" in text and "\x1b" not in text  # read out, never obeyed
    contribution = plan.contribution(left)
    assert "Silence in a meeting" not in contribution.to_json()
