"""The script and step ids the reports read are named once, and the built-ins still have them.

A built-in whose step is renamed would quietly empty a section of the coach brief or the barrier
register; a facilitator's version of a script that lacks a step the brief reads is named in one
sentence, with what to do.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion.core import known_scripts
from companion.core.known_scripts import (
    BRIEF_SCRIPTS,
    COACHING_PREP,
    NEEDED,
    NEEDED_SCRIPTS,
    Needed,
    PrepStep,
    missing_steps,
)
from companion.core.model import STEP_KINDS, Answer, Entry, StepKind
from companion.core.scripts import BUILTIN_ORDER, Library, load_library
from companion.core.session import normalise
from companion.core.views.brief import coach_brief

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def builtins() -> Library:
    return load_library(include_user=False)


def test_the_built_ins_load_without_a_problem(builtins: Library) -> None:
    assert builtins.broken == []
    assert set(BUILTIN_ORDER) == set(builtins.scripts)


@pytest.mark.parametrize("needed", NEEDED, ids=lambda n: f"{n.script_id}/{n.step_id}")
def test_every_step_the_reports_read_is_in_its_built_in_with_its_kind(
    builtins: Library, needed: Needed
) -> None:
    script = builtins.get(needed.script_id)
    step = script.step(needed.step_id)
    assert step is not None, f"{needed.script_id} has no step '{needed.step_id}'"
    assert step.kind == needed.kind


def test_every_script_the_reports_find_by_id_is_built_in(builtins: Library) -> None:
    for script_id in (*NEEDED_SCRIPTS, *BRIEF_SCRIPTS):
        assert builtins.get(script_id).builtin


def test_the_coaching_preparation_opens_with_its_live_summary(builtins: Library) -> None:
    step = builtins.get(COACHING_PREP).step(PrepStep.SINCE_LAST_TIME)
    assert step is not None and step.live == known_scripts.SINCE_LAST_COACHING


def test_step_kinds_are_their_plain_words_in_files_and_data() -> None:
    assert tuple(k.value for k in StepKind) == STEP_KINDS
    assert STEP_KINDS[0] == "text" and StepKind.COMMITMENT_REVIEW == "commitment-review"
    assert f"{StepKind.INFO}" == "info" and str(StepKind.LONG) == "long"
    assert StepKind("multi") is StepKind.MULTI


def test_a_built_in_step_s_kind_is_the_enum(builtins: Library) -> None:
    for script in builtins.scripts.values():
        for step in script.steps:
            assert type(step.kind) is StepKind


# ------------------------------------------------------------------ a facilitator's own version


def _user_copy(user_dir: Path, script_id: str, old: str | None, new: str) -> Path:
    """A copy of a built-in in the user's folder, one step id renamed (or none)."""
    text = (ROOT / "prompts" / f"{script_id}.toml").read_text(encoding="utf-8")
    if old is not None:
        line = f'id = "{old}"'
        assert line in text
        text = text.replace(line, f'id = "{new}"', 1)
    user_dir.mkdir(parents=True, exist_ok=True)
    path = user_dir / f"my-{script_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


BRIEF_NEEDS = [n for n in NEEDED if n.script_id in BRIEF_SCRIPTS]


@pytest.mark.parametrize("needed", BRIEF_NEEDS, ids=lambda n: f"{n.script_id}/{n.step_id}")
def test_a_renamed_step_is_named_in_one_sentence_with_what_to_do(
    tmp_path: Path, needed: Needed
) -> None:
    path = _user_copy(tmp_path, needed.script_id, needed.step_id, "renamed-by-me")
    library = load_library(user_dir=tmp_path)
    problems = missing_steps(library)
    assert len(problems) == 1
    (problem,) = problems
    assert f"the step '{needed.step_id}' of the script '{needed.script_id}'" in problem
    assert str(path) in problem
    assert "rename it back, or remove your version to use the built-in one." in problem
    assert problem.count(".") >= 1 and "\n" not in problem


def test_an_unchanged_copy_or_a_new_script_is_no_problem(tmp_path: Path) -> None:
    _user_copy(tmp_path, COACHING_PREP, None, "")
    (tmp_path / "mine.toml").write_text(
        'id = "my-own"\ntitle = "Mine"\nversion = 1\nmoment = "review"\nsummary = "S."\n'
        'intro = "I."\n\n[[steps]]\nid = "only"\nkind = "text"\nprompt = "P?"\n',
        encoding="utf-8",
    )
    library = load_library(user_dir=tmp_path)
    assert COACHING_PREP in library.overridden and "my-own" in library.scripts
    assert missing_steps(library) == []


def _prep(script_library: Library, now: datetime) -> Entry:
    script = script_library.get(COACHING_PREP)
    answers = []
    for step in script.steps:
        if not step.answerable:
            continue
        answers.append(Answer(step.id, step.prompt, step.kind, f"My words for {step.id}."))
    return Entry(
        id="e1",
        script_id=COACHING_PREP,
        script_version=script.version,
        script_title=script.title,
        started=now - timedelta(hours=1),
        completed=now - timedelta(minutes=30),
        answers=answers,
    )


def test_the_brief_says_which_step_its_version_lacks_instead_of_an_empty_section(
    tmp_path: Path,
) -> None:
    path = _user_copy(tmp_path, COACHING_PREP, PrepStep.WANT_FROM_CALL, "hopes-for-call")
    library = load_library(user_dir=tmp_path)
    entry = _prep(library, NOW)
    brief = coach_brief([entry], [], NOW, library=library)
    first = brief.left_out_lines()[0]
    assert first == (
        "The coach brief uses the step 'want-from-call' of the script 'coaching-prep', and "
        f"your version of that script ({path}) has no such step; rename it back, or remove "
        "your version to use the built-in one."
    )
    # The built-in version: the brief says nothing of scripts, and shows what was wanted.
    builtin = load_library(include_user=False)
    plain = coach_brief([_prep(builtin, NOW)], [], NOW, library=builtin)
    assert not any("your version" in line for line in plain.left_out_lines())
    assert "My words for want-from-call." in plain.markdown


def test_an_answer_is_checked_by_its_kind_whatever_the_step_says_its_kind_is(
    builtins: Library,
) -> None:
    """A step made with the plain word (as a face or a test may) is checked as its kind."""
    from companion.core.model import Step
    from companion.core.session import RuntimeStep

    for word in ("text", "long"):
        step = Step(id="s", kind=word, prompt="P?")  # type: ignore[arg-type]
        assert normalise(RuntimeStep("s", step, "P?"), "  two   words ", NOW.date()) == (
            "two words" if word == "text" else "two   words"
        )


def test_every_step_the_cohort_reports_quote_is_named_and_checked() -> None:
    from companion.core.known_scripts import LEARNING_STEPS

    checked = {(n.script_id, n.step_id) for n in NEEDED}
    for script_id, steps in LEARNING_STEPS.items():
        for step_id in steps:
            assert (script_id, step_id) in checked, (script_id, step_id)
