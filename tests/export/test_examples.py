"""The example exports in journals/examples are what Companion makes of the demo journal today."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "journals" / "examples"
TRIO_FORMS = ("learning", "impact", "culture-book")


def load_generator():  # type: ignore[no-untyped-def]
    path = ROOT / "journals" / "make_examples.py"
    spec = importlib.util.spec_from_file_location("make_examples", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_examples"] = module
    spec.loader.exec_module(module)
    return module


def contents(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.slow
def test_the_checked_in_examples_are_a_fresh_build() -> None:
    with tempfile.TemporaryDirectory(prefix="companion-examples-test-") as scratch:
        fresh = Path(scratch) / "examples"
        load_generator().build_examples(fresh)
        assert contents(EXAMPLES) == contents(fresh), (
            "journals/examples is out of date with the demo journal or the exports. "
            "Regenerate it: .venv/bin/python journals/make_examples.py"
        )


def test_the_examples_cover_every_format_and_hold_nothing_private() -> None:
    names = {p.name for p in EXAMPLES.iterdir()}
    assert names == {
        "demo-journal.md",
        "demo-journal",
        "demo-journal.html",
        "demo-journal.json",
        "coach-brief.md",
        "coach-brief.html",
        "contributions",
        *(f"trio-{form}.{fmt}" for form in TRIO_FORMS for fmt in ("md", "html")),
    }
    split = sorted((EXAMPLES / "demo-journal").iterdir())
    assert len(split) == 45 and (EXAMPLES / "demo-journal" / "commitments.md") in split
    first = split[0].read_text()
    meta = yaml.safe_load(first.split("---\n")[1])
    assert meta["script"] == "workshop-close-out" and meta["tags"]
    # Answers Amira marked private in the demo stay out of every example.
    for name in (
        "demo-journal.md",
        "demo-journal.html",
        "demo-journal.json",
        "coach-brief.md",
        "coach-brief.html",
        "contributions/amira.json",
        *(f"trio-{form}.{fmt}" for form in TRIO_FORMS for fmt in ("md", "html")),
    ):
        text = (EXAMPLES / name).read_text()
        assert "an old pattern of mine with senior men" not in text, name
        assert "I have never once challenged him directly" not in text, name
        if not name.startswith(("trio-impact", "trio-culture-book")):
            assert "Neil" in text, name  # what she shared about him is there


def test_the_generator_refuses_other_folders() -> None:
    generator = load_generator()
    with pytest.raises(SystemExit, match="Refusing"):
        generator.build_examples(ROOT / "journals")
    with pytest.raises(SystemExit, match="Refusing"):
        generator.build_examples(Path(tempfile.gettempdir()))


def test_the_example_coach_brief_is_the_one_before_the_last_call() -> None:
    brief = (EXAMPLES / "coach-brief.md").read_text()
    assert "since your last coaching call on 7 October 2026" in brief
    assert "## What I want from this call" in brief
    assert "What would help me feel prepared and safe?" not in brief  # private: left out
    page = (EXAMPLES / "coach-brief.html").read_text()
    assert "Content-Security-Policy" in page and "<script" not in page


def test_the_trio_examples_credit_each_member_and_hold_nothing_private() -> None:
    from tools.trio import BEN, CHLOE, PRIVATE_WORD

    assert sorted(p.name for p in (EXAMPLES / "contributions").iterdir()) == [
        "amira.json",
        "anonymous.json",
        "ben-okafor.json",
    ]
    anonymous = (EXAMPLES / "contributions" / "anonymous.json").read_text()
    assert CHLOE.name not in anonymous and '"contributor": null' in anonymous
    for path in [*(EXAMPLES / "contributions").iterdir(), *EXAMPLES.glob("trio-*")]:
        assert PRIVATE_WORD not in path.read_text(), path.name
    impact = (EXAMPLES / "trio-impact.md").read_text()
    assert "— Amira (Capture impact" in impact and f"— {BEN.name} (Capture impact" in impact
    assert "— a participant (Capture impact, October 2026)" in impact
    book = (EXAMPLES / "trio-culture-book.md").read_text()
    assert "Residents decide; we do the paperwork." in book
    page = (EXAMPLES / "trio-learning.html").read_text()
    assert "Content-Security-Policy" in page and "<script" not in page
