"""`companion reflect ID --answers FILE`: every built-in completed from a file, and clear errors.

Each test runs the real command in a subprocess against a journal in a temporary folder,
then reads the result back with `companion show/list/commitments --json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from companion.core import ids
from companion.core.scripts import load_library
from companion.journal import Journal


@dataclass
class Case:
    """One built-in, its answers file, and what must be stored."""

    script: str
    fmt: str  # "toml" or "json"
    answers: str | dict[str, Any]  # TOML text, or a dict written as JSON
    values: dict[str, Any]  # step id -> stored value
    private: set[str] = field(default_factory=set)  # steps stored private
    commitments: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


THEMES = '["walking", "Inequality", "Our own theme"]'

CASES = [
    Case(
        "workshop-close-out",
        "toml",
        f'''
session = "Introductory workshop"
resonated = """
The story of now.
And the walk at lunch."""
learned = {{ value = "That I rush to solutions", private = true }}
feeling = 4
tags = {THEMES}

[commitment]
text = "Ask the chair about the agenda"
due = "in 2 weeks"
first_step = "Email her on Monday"
''',
        values={
            "session": "Introductory workshop",
            "resonated": "The story of now.\nAnd the walk at lunch.",
            "learned": "That I rush to solutions",
            "commitment": {
                "text": "Ask the chair about the agenda",
                "due": in_days(14),
                "first_step": "Email her on Monday",
            },
            "feeling": 4,
            "tags": ["walking", "inequality", "Our own theme"],
        },
        private={"learned", "feeling"},
        commitments=[("Ask the chair about the agenda", in_days(14), "Email her on Monday")],
        tags=["walking", "inequality", "our-own-theme"],
    ),
    Case(
        "my-leadership-story",
        "json",
        {
            "moment": "The day the funding panel said no.",
            "felt": "Angry, then tired.",
            "did": {"value": "I went quiet.", "private": True},
            "story-of-us": "The carers' group.",
            "story-of-now": {"value": "The winter is coming.", "private": False},
        },
        values={
            "moment": "The day the funding panel said no.",
            "felt": "Angry, then tired.",
            "did": "I went quiet.",
            "story-of-us": "The carers' group.",
            "story-of-now": "The winter is coming.",
        },
        private={"felt", "did"},
    ),
    Case(
        "coaching-prep",
        "toml",
        """
ambitions = "Joined-up support for young carers."
barriers = "Board time goes on reports."
trio-reflections = "Sam seems stretched."
want-from-call = { value = "A way to raise it with the chair", private = true }
prepared-and-safe = { value = "Knowing it is fine to be unsure", private = false }
""",
        values={
            "ambitions": "Joined-up support for young carers.",
            "barriers": "Board time goes on reports.",
            "trio-reflections": "Sam seems stretched.",
            "want-from-call": "A way to raise it with the chair",
            "prepared-and-safe": "Knowing it is fine to be unsure",
        },
        private={"trio-reflections", "want-from-call"},
    ),
    Case(
        "coaching-debrief",
        "json",
        {
            "takeaway": "Ask, don't tell.",
            "commitment": "Have an honest talk with my trio",
        },
        values={
            "takeaway": "Ask, don't tell.",
            "commitment": {
                "text": "Have an honest talk with my trio",
                "due": None,
                "first_step": None,
            },
        },
        commitments=[("Have an honest talk with my trio", None, None)],
    ),
    Case(
        "reframe-barrier",
        "toml",
        '''
barrier = "The Board only reads performance reports."
barrier-kind = "governance"
cost = "Hours every month."
enabler = "Half of each meeting on one system challenge."
experiment = { text = "Trial a new agenda", due = "2027-01-15" }
allies = ["The chair", "Priya in public health"]
indicators = """
- Members bring their own examples
- Residents are in the room
"""
''',
        values={
            "barrier": "The Board only reads performance reports.",
            "barrier-kind": "governance",
            "cost": "Hours every month.",
            "enabler": "Half of each meeting on one system challenge.",
            "experiment": {"text": "Trial a new agenda", "due": "2027-01-15", "first_step": None},
            "allies": ["The chair", "Priya in public health"],
            "indicators": ["Members bring their own examples", "Residents are in the room"],
        },
        private={"cost"},
        commitments=[("Trial a new agenda", "2027-01-15", None)],
    ),
    Case(
        "shared-purpose",
        "json",
        {
            "aspect": "Our carers' partnership",
            "what": "Recognise unpaid carers.",
            "why": "Their health suffers unseen.",
            "benefits": "Healthier carers, less acute care.",
            "felt": "Relief.",
        },
        values={
            "aspect": "Our carers' partnership",
            "what": "Recognise unpaid carers.",
            "why": "Their health suffers unseen.",
            "benefits": "Healthier carers, less acute care.",
            "felt": "Relief.",
        },
        private={"felt"},
    ),
    Case(
        "empathy-map",
        "toml",
        """
whose = "A young carer"
see = "Waiting rooms."
think-and-feel = "Nobody asks about me."
receiving-end = "Tiring: we ask the same questions again and again."
""",
        values={
            "whose": "A young carer",
            "see": "Waiting rooms.",
            "think-and-feel": "Nobody asks about me.",
            "receiving-end": "Tiring: we ask the same questions again and again.",
        },
        private={"think-and-feel"},
    ),
    Case(
        "plan-experiment",
        "json",
        {
            "for": "Board time for system challenges",
            "try": "Open each Board meeting with one challenge.",
            "allies": ["The chair", "Sam"],
            "stakeholders": "Finance director\nCouncillors",
            "indicators": ["Members bring examples"],
            "first-step": {
                "text": "Agree a trial with the chair",
                "due": "2027-02-01",
                "first_step": "Send a one-page outline",
            },
        },
        values={
            "for": "Board time for system challenges",
            "try": "Open each Board meeting with one challenge.",
            "allies": ["The chair", "Sam"],
            "stakeholders": ["Finance director", "Councillors"],
            "indicators": ["Members bring examples"],
            "first-step": {
                "text": "Agree a trial with the chair",
                "due": "2027-02-01",
                "first_step": "Send a one-page outline",
            },
        },
        commitments=[("Agree a trial with the chair", "2027-02-01", "Send a one-page outline")],
    ),
    Case(
        "review-experiment",
        "toml",
        """
happened = "We ran two meetings in the new format."
learned = "People need the challenge sent in advance."
decision = "adapt"

[next]
text = "Send the challenge a week ahead"
due = "2027-03-01"
first_step = "Tell the clerk"
""",
        values={
            "happened": "We ran two meetings in the new format.",
            "learned": "People need the challenge sent in advance.",
            "decision": "adapt",
            "next": {
                "text": "Send the challenge a week ahead",
                "due": "2027-03-01",
                "first_step": "Tell the clerk",
            },
        },
        commitments=[("Send the challenge a week ahead", "2027-03-01", "Tell the clerk")],
    ),
    Case(
        "learning-diary",
        "json",
        {
            "happened": "A tense partnership meeting.",
            "noticed": "I went quiet when money came up.",
            "tags": ["resident-voice", "Walking"],
        },
        values={
            "happened": "A tense partnership meeting.",
            "noticed": "I went quiet when money came up.",
            "tags": ["resident-voice", "walking"],
        },
        private={"noticed"},
        tags=["resident-voice", "walking"],
    ),
    Case(
        "capture-impact",
        "toml",
        """
barrier-changed = "Board agendas now start with a system challenge."
evidence = "Three meetings so far."
difficulties = { value = "The finance director resisted.", private = true }
principle = "Give the Board's time to system challenges."
tags = ["lived-experience", "Carbon footprint"]
""",
        values={
            "barrier-changed": "Board agendas now start with a system challenge.",
            "evidence": "Three meetings so far.",
            "difficulties": "The finance director resisted.",
            "principle": "Give the Board's time to system challenges.",
            "tags": ["lived-experience", "carbon-footprint"],
        },
        private={"difficulties"},
        tags=["lived-experience", "carbon-footprint"],
    ),
]


def run_json(companion_cli, *args: str) -> Any:  # type: ignore[no-untyped-def]
    result = companion_cli(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def write_answers(folder: Path, name: str, fmt: str, answers: str | dict[str, Any]) -> Path:
    path = folder / f"{name}.{fmt}"
    text = answers if isinstance(answers, str) else json.dumps(answers)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_builtin_except_the_review_has_a_case() -> None:
    builtins = set(load_library(include_user=False).scripts)
    assert {c.script for c in CASES} | {"review-commitments"} == builtins
    assert {c.fmt for c in CASES} == {"toml", "json"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.script}-{c.fmt}")
def test_a_builtin_completed_from_an_answers_file(
    case: Case, tmp_path: Path, companion_cli
) -> None:  # type: ignore[no-untyped-def]
    journal = str(tmp_path / "journal")
    answers = write_answers(tmp_path, case.script, case.fmt, case.answers)
    result = companion_cli("--journal", journal, "reflect", case.script, "--answers", str(answers))
    assert result.returncode == 0, result.stderr
    entry_id = result.stdout.strip()
    assert ids.is_id(entry_id), result.stdout
    assert result.stderr == ""

    entry = run_json(companion_cli, "--journal", journal, "show", entry_id, "--json")
    assert entry["script"] == case.script
    assert entry["script_version"] == 1
    answered = {a["step"]: a for a in entry["answers"] if a["kind"] != "info"}
    assert set(answered) == set(case.values)
    for step_id, value in case.values.items():
        stored = (
            dict(answered[step_id]["value"])
            if isinstance(value, dict)
            else answered[step_id]["value"]
        )
        if isinstance(stored, dict):
            stored.pop("commitment_id", None)
        assert stored == value, step_id
    assert {s for s, a in answered.items() if a.get("private")} == case.private
    assert entry["tags"] == case.tags

    if case.commitments:
        commitments = run_json(companion_cli, "--journal", journal, "commitments", "--json")
        assert [(c["text"], c["due"], c["first_step"]) for c in commitments] == case.commitments
        assert all(c["entry"] == entry_id and c["status"] == "open" for c in commitments)
        assert entry["commitments"] == [c["id"] for c in commitments]
    else:
        assert Journal.open(Path(journal)).commitments() == []
        assert entry["commitments"] == []
    assert Journal.open(Path(journal)).drafts() == []  # --answers never leaves a draft


def test_list_json_shows_the_answers(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    journal = str(tmp_path / "journal")
    case = CASES[0]
    answers = write_answers(tmp_path, case.script, case.fmt, case.answers)
    entry_id = companion_cli(
        "--journal", journal, "reflect", case.script, "--answers", str(answers)
    ).stdout.strip()
    listed = run_json(companion_cli, "--journal", journal, "list", "--json")
    assert [e["id"] for e in listed] == [entry_id]
    values = {a["step"]: a["value"] for a in listed[0]["answers"]}
    assert values["session"] == "Introductory workshop"
    assert values["feeling"] == 4
    assert values["tags"] == ["walking", "inequality", "Our own theme"]
    assert values["commitment"]["text"] == "Ask the chair about the agenda"


def unique_prefix(wanted: str, others: list[str]) -> str:
    for length in range(1, len(wanted) + 1):
        prefix = wanted[:length]
        if not any(o.startswith(prefix) for o in others if o != wanted):
            return prefix
    return wanted


def test_the_weekly_review_from_an_answers_file(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    journal = str(tmp_path / "journal")
    made = {}
    for text, due in [
        ("Call Sam", "2020-01-10"),
        ("Book the room", "tomorrow"),
        ("Read the report", None),
        ("Write it up", None),
    ]:
        extra = ["--due", due] if due else []
        added = companion_cli("--journal", journal, "commitments", "add", text, *extra)
        assert added.returncode == 0, added.stderr
        made[text] = added.stdout.strip()
    all_ids = list(made.values())
    prefix = {text: unique_prefix(cid, all_ids) for text, cid in made.items()}

    answers = tmp_path / "review.toml"
    answers.write_text(
        f"""
overall = "I overcommit in busy weeks."

[review]
{prefix["Call Sam"]} = {{ decision = "done", note = "Finally called" }}
{prefix["Read the report"]} = {{ decision = "let-go", note = "Superseded" }}
{made["Write it up"]} = "still-on"

[review.{prefix["Book the room"]}]
decision = "renegotiate"
due = "2027-01-20"
step = "Ask the office"
note = "Away"
""",
        encoding="utf-8",
    )
    result = companion_cli(
        "--journal", journal, "reflect", "review-commitments", "--answers", str(answers)
    )
    assert result.returncode == 0, result.stderr
    entry_id = result.stdout.strip()

    commitments = {
        c["text"]: c for c in run_json(companion_cli, "--journal", journal, "commitments", "--json")
    }
    assert commitments["Call Sam"]["status"] == "done"
    assert commitments["Call Sam"]["history"][-1]["note"] == "Finally called"
    assert commitments["Book the room"]["status"] == "renegotiated"
    assert commitments["Book the room"]["due"] == "2027-01-20"
    assert commitments["Book the room"]["first_step"] == "Ask the office"
    assert commitments["Read the report"]["status"] == "dropped"
    assert commitments["Read the report"]["history"][-1]["note"] == "Superseded"
    assert commitments["Write it up"]["status"] == "open"
    assert commitments["Write it up"]["history"][-1]["note"] == "Still on"

    entry = run_json(companion_cli, "--journal", journal, "show", entry_id, "--json")
    reviews = [a for a in entry["answers"] if a["kind"] == "commitment-review"]
    # Most overdue first: Call Sam (2020), then Book the room (tomorrow), then the undated ones
    # (oldest first: two commands started at one instant, as under faketime, may tie).
    reviewed = [a["value"]["commitment_id"] for a in reviews]
    assert reviewed[:2] == [made["Call Sam"], made["Book the room"]]
    assert sorted(reviewed[2:]) == sorted([made["Read the report"], made["Write it up"]])
    decided = {a["value"]["commitment_id"]: a["value"]["decision"] for a in reviews}
    assert decided == {
        made["Call Sam"]: "done",
        made["Book the room"]: "renegotiate",
        made["Read the report"]: "let-go",
        made["Write it up"]: "still-on",
    }
    assert entry["answers"][-1]["value"] == "I overcommit in busy weeks."
    meta = json.loads((Path(journal) / "journal.json").read_text(encoding="utf-8"))
    assert "last_review" in meta


def test_the_weekly_review_with_nothing_open_completes(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    journal = str(tmp_path / "journal")
    answers = write_answers(tmp_path, "review", "json", {"overall": "A quiet week."})
    result = companion_cli(
        "--journal", journal, "reflect", "review-commitments", "--answers", str(answers)
    )
    assert result.returncode == 0, result.stderr
    entry = run_json(companion_cli, "--journal", journal, "show", result.stdout.strip(), "--json")
    assert entry["answers"][-1]["value"] == "A quiet week."


# ---------------------------------------------------------------------- errors


CLOSE_OUT_STEPS = "session, resonated, learned, try, commitment, feeling, tags"


@pytest.mark.parametrize(
    ("script", "fmt", "answers", "message"),
    [
        pytest.param(
            "workshop-close-out",
            "toml",
            'session = "Day one"\n',
            "The answers file has no answer for the required step 'commitment' "
            "(What is one practical thing I'm going to do?). Add one.",
            id="missing-required-answer",
        ),
        pytest.param(
            "workshop-close-out",
            "json",
            {"resonated": "x"},
            "The answers file has no answers for these required steps: 'session' (Which session "
            "was it?); 'commitment' (What is one practical thing I'm going to do?). Add them.",
            id="two-missing-required-answers",
        ),
        pytest.param(
            "workshop-close-out",
            "toml",
            'session = "Day one"\nsesion = "typo"\ncommitment = "x"\n',
            "The script 'workshop-close-out' has no step 'sesion'. "
            f"Its steps are: {CLOSE_OUT_STEPS}.",
            id="unknown-step-id",
        ),
        pytest.param(
            "review-experiment",
            "json",
            {"happened": "x", "decision": "amplfy", "next": "y"},
            "Step 'decision': 'amplfy' is not one of the choices for 'Should we amplify it, adapt "
            "it or stop it?'. Choose 'amplify', 'adapt', 'stop'.",
            id="bad-choice-value",
        ),
        pytest.param(
            "workshop-close-out",
            "toml",
            'session = "x"\ncommitment = "y"\nfeeling = 9\n',
            "Step 'feeling': Choose a whole number from 1 to 5.",
            id="scale-out-of-range",
        ),
        pytest.param(
            "workshop-close-out",
            "json",
            {"session": "x", "commitment": {"text": "y", "due": "someday"}},
            "Step 'commitment': Companion could not read 'someday' as a date. "
            "Try 2026-12-04, 4 Dec, tomorrow, friday, next friday or in 2 weeks.",
            id="bad-due-date",
        ),
        pytest.param(
            "workshop-close-out",
            "json",
            {"session": {"value": "x", "secret": True}, "commitment": "y"},
            "The answer to 'session' has 'secret'; an answer given as a table takes only "
            "value and private.",
            id="unknown-key-in-answer-table",
        ),
        pytest.param(
            "review-commitments",
            "toml",
            'review = "done"\n',
            "'review' goes through each open commitment, so its answer is a table from each "
            "commitment's id (or its first characters) to a decision, such as "
            'review = { 01abc = { decision = "done", note = "..." } }.',
            id="review-not-a-table",
        ),
    ],
)
def test_a_bad_answers_file_is_one_clear_sentence_and_saves_nothing(
    tmp_path: Path,
    companion_cli,
    script: str,
    fmt: str,
    answers: Any,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    journal = str(tmp_path / "journal")
    if script == "review-commitments":
        Journal.open(Path(journal)).add_commitment("Call Sam")
    path = write_answers(tmp_path, "answers", fmt, answers)
    result = companion_cli("--journal", journal, "reflect", script, "--answers", str(path))
    assert_refused(result, message)
    assert_nothing_saved(companion_cli, journal)


def assert_refused(result: Any, message: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr == f"companion: {message}\n"


def assert_nothing_saved(companion_cli, journal: str) -> None:  # type: ignore[no-untyped-def]
    """No entry, no draft, and any commitment exactly as it was before."""
    opened = Journal.open(Path(journal))
    assert opened.entries() == []
    assert opened.drafts() == []
    assert all(
        c.status == "open" and c.history == [] and c.entry_id is None for c in opened.commitments()
    )
    assert "last_review" not in opened.meta


def test_an_unknown_commitment_in_the_review_is_named(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    journal = str(tmp_path / "journal")
    Journal.open(Path(journal)).add_commitment("Call Sam")
    path = write_answers(tmp_path, "answers", "toml", 'review = { zz = "done" }\n')
    result = companion_cli(
        "--journal", journal, "reflect", "review-commitments", "--answers", str(path)
    )
    assert_refused(
        result,
        "In 'review', 'zz' is not the id of an open commitment. "
        "`companion commitments` shows the ids.",
    )
    assert_nothing_saved(companion_cli, journal)


def test_an_unknown_script_id_suggests_the_right_one(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    journal = str(tmp_path / "journal")
    path = write_answers(tmp_path, "answers", "json", {"session": "x"})
    result = companion_cli(
        "--journal", journal, "reflect", "workshop-closeout", "--answers", str(path)
    )
    assert_refused(
        result,
        "There is no script called 'workshop-closeout'. Did you mean 'workshop-close-out'? "
        "`companion scripts list` shows the ones you can run.",
    )
    assert_nothing_saved(companion_cli, journal)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        pytest.param(
            "answers.toml",
            'session = "Day one\ncommitment = "x"\n',
            "is not valid TOML (line 1, column 19): a text in quotes is not closed before the end "
            'of its line (for text over several lines, use three quotes: """ ... """).',
            id="toml-unclosed-quote",
        ),
        pytest.param(
            "answers.toml",
            "session = Day one\n",
            "is not valid TOML (line 1, column 11): a value is not written as expected: put text "
            "in quotes, and write numbers, true and false without quotes.",
            id="toml-unquoted-text",
        ),
        pytest.param(
            "answers.json",
            '{"session": "x",}',
            "is not valid JSON (line 1, column 17: "
            "Expecting property name enclosed in double quotes).",
            id="json-trailing-comma",
        ),
        pytest.param(
            "answers.json", '["x"]', "should map step ids to answers.", id="json-not-a-table"
        ),
    ],
)
def test_a_malformed_answers_file_is_refused(
    tmp_path: Path, companion_cli, name: str, text: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    journal = str(tmp_path / "journal")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = companion_cli(
        "--journal", journal, "reflect", "workshop-close-out", "--answers", str(path)
    )
    assert_refused(result, f"The answers file {path} {message}")
    assert_nothing_saved(companion_cli, journal)


def test_a_missing_answers_file_is_refused(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    journal = str(tmp_path / "journal")
    path = tmp_path / "nowhere.toml"
    result = companion_cli(
        "--journal", journal, "reflect", "workshop-close-out", "--answers", str(path)
    )
    assert_refused(result, f"There is no answers file at {path}.")
    assert_nothing_saved(companion_cli, journal)


def test_answers_without_a_script_id_says_how(tmp_path: Path, companion_cli) -> None:  # type: ignore[no-untyped-def]
    path = write_answers(tmp_path, "answers", "json", {"session": "x"})
    result = companion_cli(
        "--journal", str(tmp_path / "journal"), "reflect", "--answers", str(path)
    )
    assert_refused(
        result, "Say which script the answers are for: companion reflect ID --answers FILE."
    )
