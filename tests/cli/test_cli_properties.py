"""Generated command lines, answers files, script files and import files, run in this process.

Whatever is typed or given, every run ends in exit 0 or in a sentence with a known exit code
(never 70, never a traceback), never hangs, and afterwards the journal still opens and
`companion doctor` finds it healthy.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.cli import build_parser, run
from companion.journal import Journal

#: Exit codes a user may meet (errors.py); 70 is a bug and 130 an interruption.
KNOWN_CODES = set(range(10))
#: Verbs that open the app, ask in a terminal or derive a key (seconds each) are left out.
SKIPPED_VERBS = {"demo", "encrypt", "passwd", "reflect"}
PER_RUN_SECONDS = 20
POSIX = hasattr(os, "mkfifo")


class Hung(BaseException):
    """Raised by the alarm: a BaseException, so no `except Exception` in the code swallows it."""


@contextmanager
def bounded(seconds: int = PER_RUN_SECONDS) -> Iterator[None]:
    """Fail instead of hanging (SIGALRM where there is one); the old handler is restored."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Hung(f"a command ran for more than {seconds} s")

    before = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def run_ok(capsys: pytest.CaptureFixture[str], argv: list[str]) -> int:
    """Run argv; its exit code is a known one and nothing looks like a crash."""
    with bounded():
        code = run(argv)
    out, err = capsys.readouterr()
    assert code in KNOWN_CODES, (argv, code, err)
    assert "Traceback" not in out + err, argv
    assert "went wrong inside Companion" not in err, (argv, err)
    if code not in (0, 1):
        assert err.strip(), argv  # an error always says what happened
    return code


def still_healthy(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    Journal.open(folder)
    code = run_ok(capsys, ["doctor", "--journal", str(folder)])
    out = capsys.readouterr().out
    assert code == 0, out


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A journal with a commitment, and odd files to point arguments at; run from tmp_path."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "journal"
    journal = Journal.open(folder)
    commitment = journal.add_commitment("Call Sam")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "garbage.bin").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "a-folder").mkdir()
    paths = ["missing.json", "empty.txt", "garbage.bin", "a-folder", "out.md", "out.html", "-"]
    if POSIX:
        os.mkfifo(tmp_path / "pipe.json")
        (tmp_path / "zero.json").symlink_to("/dev/zero")
        paths += ["pipe.json", "zero.json"]
    return {"folder": folder, "tmp": tmp_path, "paths": paths, "id": commitment.id}


# ---------------------------------------------------------------------- values


def _odd_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=30),
        st.text(st.characters(codec=None, categories=["Cs", "Cc", "Zl", "So"]), max_size=8),
        st.just(""),
        st.just("\ud800"),
        st.just("[b]markup[/b] \x1b[31m"),
    )


def _dates() -> st.SearchStrategy[str]:
    number = st.one_of(
        st.integers(0, 10), st.integers(0, 10**12), st.just(999999999), st.just(10**40)
    )
    unit = st.sampled_from(["day", "days", "weeks", "months", "fortnights", "years"])
    return st.one_of(
        st.builds(lambda n, u: f"in {n} {u}", number, unit),
        st.builds(lambda n, u: f"{n} {u} ago", number, unit),
        st.builds(
            lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
            st.integers(0, 9999),
            st.integers(0, 13),
            st.integers(0, 32),
        ),
        st.builds(lambda d, y: f"{d} Dec {y}", st.integers(0, 40), st.integers(0, 99999)),
        st.sampled_from(["tomorrow", "last month", "next friday", "end of month", "31/2"]),
    )


def _ids(known: str) -> st.SearchStrategy[str]:
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    return st.one_of(
        st.just(known),
        st.just(known[:4]),
        st.just("zzzzzzzzzzzzzzzz"),
        st.text(st.sampled_from(alphabet), min_size=1, max_size=20),
    )


def _numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(-5, 50).map(str), st.just("9" * 5000), st.just("-1"), st.just("0x10")
    )


def _value(world: dict[str, Any], action: argparse.Action) -> st.SearchStrategy[str]:
    """A value for one argument: its choices, a path, a date, an id, a number or odd text."""
    dest = action.dest
    odd = _odd_text()
    if action.choices and not isinstance(action, argparse._SubParsersAction):
        return st.one_of(st.sampled_from(sorted(action.choices)), odd)
    if dest in ("output", "file", "files", "answers", "target", "passphrase_file"):
        return st.one_of(st.sampled_from(world["paths"]), odd)
    if dest in ("due", "since", "until", "due_before"):
        return st.one_of(_dates(), odd)
    if dest in ("id", "entry"):
        return st.one_of(_ids(world["id"]), odd)
    if dest in ("limit", "months"):
        return _numbers()
    if dest in ("script",):
        return st.one_of(st.sampled_from(["learning-diary", "unknown", ""]), odd)
    return odd


def _parsers() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """Every command of the real parser (verbs and their actions), by the words that name it."""
    found: dict[tuple[str, ...], argparse.ArgumentParser] = {}

    def walk(words: tuple[str, ...], parser: argparse.ArgumentParser) -> None:
        found[words] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk((*words, name), sub)

    walk((), build_parser())
    return {words: p for words, p in found.items() if words and words[0] not in SKIPPED_VERBS}


PARSERS = _parsers()


@st.composite
def command_lines(draw: st.DrawFn, world: dict[str, Any]) -> list[str]:
    words = draw(st.sampled_from(sorted(PARSERS)))
    parser = PARSERS[words]
    argv = list(words)
    for action in parser._actions:
        if action.dest in ("help", "journal", "version") or isinstance(
            action, argparse._SubParsersAction
        ):
            continue
        if not action.option_strings:  # a positional: usually given, sometimes left out
            if draw(st.integers(0, 9)) or action.nargs in ("+", None):
                argv.append(draw(_value(world, action)))
            continue
        if not draw(st.booleans()):
            continue
        argv.append(draw(st.sampled_from(action.option_strings)))
        if action.nargs != 0:
            argv.append(draw(_value(world, action)))
    if draw(st.integers(0, 9)) == 0:
        argv.append(draw(st.sampled_from(["--nonsense", "-n", "--", "extra"])))
    return [*argv, "--journal", str(world["folder"])]


@settings(max_examples=120)
@given(data=st.data())
def test_any_command_line_ends_in_a_sentence_and_a_healthy_journal(
    capsys: pytest.CaptureFixture[str], world: dict[str, Any], data: st.DataObject
) -> None:
    argv = data.draw(command_lines(world))
    run_ok(capsys, argv)
    still_healthy(capsys, world["folder"])


# ---------------------------------------------------------------------- files


def _toml_value(value: Any) -> str:
    """A value written as TOML (inline tables and arrays), for generated files."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if value == value and abs(value) != float("inf") else "nan"
    if isinstance(value, str):
        return json.dumps(value)  # TOML basic strings take JSON's escapes
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, Deep):
        return json.dumps(value.token)
    if isinstance(value, dict):
        items = (f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items() if v is not None)
        return "{ " + ", ".join(items) + " }"
    return '""'


def _toml(document: dict[str, Any]) -> str:
    return "".join(
        f"{json.dumps(k)} = {_toml_value(v)}\n" for k, v in document.items() if v is not None
    )


class Deep:
    """A value nested depth lists deep: written into the file's text, never built as objects
    (Hypothesis would recurse to show it)."""

    def __init__(self, depth: int) -> None:
        self.depth = depth

    def __repr__(self) -> str:
        return f"Deep({self.depth})"

    @property
    def token(self) -> str:
        return f"@@deep{self.depth}@@"


def _expand(text: str) -> str:
    return re.sub(
        r'"@@deep(\d+)@@"', lambda m: "[" * int(m.group(1)) + '"deep"' + "]" * int(m.group(1)), text
    )


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**17, max_value=10**30),
    st.floats(),
    _odd_text(),
    _dates(),
    st.sampled_from(
        [
            "9999-12-31",
            "0001-01-01",
            "zzzzzzzzzzzzzzzz",
            "00000000000000000",
            "9999-12-31T23:59:00+14:00",
            "0001-01-01T00:00:00-12:00",
            "23:59",
        ]
    ),
)
VALUES = st.one_of(
    st.recursive(
        SCALARS,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=12,
    ),
    st.sampled_from([5, 30, 40, 2000]).map(Deep),
)


def _serialise(document: Any, as_json: bool) -> str:
    if as_json or not isinstance(document, dict):
        return _expand(json.dumps(document, default=lambda deep: deep.token))
    return _expand(_toml(document))


ANSWERED_STEPS = ["happened", "noticed", "learning", "tags", "review", "overall", "commitment"]


#: What a commitment step or a weekly review's decision takes, with generated values.
COMMITMENT = st.fixed_dictionaries(
    {}, optional={"text": SCALARS, "due": SCALARS, "first_step": SCALARS, "extra": SCALARS}
)
DECISION = st.fixed_dictionaries(
    {"decision": st.sampled_from(["done", "let-go", "renegotiate", "still-on"]) | SCALARS},
    optional={"due": SCALARS, "note": SCALARS, "step": SCALARS},
)


@settings(max_examples=80)
@given(
    answers=st.dictionaries(
        st.sampled_from(ANSWERED_STEPS) | st.text(max_size=6), VALUES, max_size=5
    ),
    commitment=st.none() | COMMITMENT,
    decision=st.none() | DECISION,
    as_json=st.booleans(),
    script=st.sampled_from(
        ["learning-diary", "review-commitments", "coaching-debrief", "workshop-close-out"]
    ),
)
def test_any_answers_file_ends_in_a_sentence_and_a_healthy_journal(
    capsys: pytest.CaptureFixture[str],
    world: dict[str, Any],
    answers: dict[str, Any],
    commitment: dict[str, Any] | None,
    decision: dict[str, Any] | None,
    as_json: bool,
    script: str,
) -> None:
    if commitment is not None:
        answers["commitment"] = commitment
    if decision is not None:  # the open commitment's id, or its first characters
        answers["review"] = {world["id"][: 4 + len(answers) % 13]: decision}
    path = world["tmp"] / ("answers.json" if as_json else "answers.toml")
    path.write_text(_serialise(answers, as_json), encoding="utf-8", errors="surrogatepass")
    run_ok(capsys, ["reflect", script, "--answers", str(path), "--journal", str(world["folder"])])
    still_healthy(capsys, world["folder"])
    assert run_ok(capsys, ["stats", "--journal", str(world["folder"])]) == 0


SCRIPT_FIELDS = {
    "id": "generated",
    "title": "Generated",
    "version": 1,
    "moment": "review",
    "summary": "A generated script.",
    "intro": "Generated intro.",
}
STEP_FIELDS = {"id": "how", "kind": "scale", "prompt": "How was it?", "min": 1, "max": 5}


@settings(max_examples=60)
@given(
    top=st.dictionaries(
        st.sampled_from([*sorted(SCRIPT_FIELDS), "steps", "extra"]), VALUES, max_size=3
    ),
    step=st.dictionaries(
        st.sampled_from([*sorted(STEP_FIELDS), "options", "live", "target_words", "required"]),
        VALUES,
        max_size=3,
    ),
)
def test_any_script_file_is_listed_or_loaded_and_the_rest_works(
    capsys: pytest.CaptureFixture[str],
    world: dict[str, Any],
    top: dict[str, Any],
    step: dict[str, Any],
) -> None:
    from companion.core.locations import user_scripts_dir

    document = {**SCRIPT_FIELDS, "steps": [{**STEP_FIELDS, **step}], **top}
    folder = user_scripts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "generated.toml"
    path.write_text(_serialise(document, False), encoding="utf-8", errors="surrogatepass")
    try:
        journal = ["--journal", str(world["folder"])]
        run_ok(capsys, ["scripts", "validate", str(path)])
        assert run_ok(capsys, ["scripts", "list"]) == 0
        assert run_ok(capsys, ["scripts", "show", "learning-diary"]) == 0
        assert run_ok(capsys, ["list", *journal]) == 0
        assert run_ok(capsys, ["barriers", *journal]) == 0
        run_ok(capsys, ["doctor", *journal])
        answers = world["tmp"] / "a.toml"
        answers.write_text("how = 3\n", encoding="utf-8")
        run_ok(capsys, ["reflect", "generated", "--answers", str(answers), *journal])
    finally:
        path.unlink()
    still_healthy(capsys, world["folder"])


def _companion_export(
    entry: dict[str, Any], commitment: dict[str, Any], top: dict[str, Any]
) -> Any:
    base_entry = {
        "id": "01m8nag3rfbgwgbp",
        "script": "learning-diary",
        "script_version": 1,
        "script_title": "Learning diary",
        "started": "2026-11-20T10:00:00+00:00",
        "completed": "2026-11-20T10:05:00+00:00",
        "answers": [{"step": "happened", "prompt": "What happened?", "kind": "long", "value": "x"}],
        "tags": [],
        "private": False,
        "commitments": [],
        "edits": [],
    }
    base_commitment = {
        "id": "01m8nag3w4da5wcq",
        "text": "Call Sam",
        "created": "2026-11-20T10:00:00+00:00",
        "due": "2026-12-01",
        "first_step": None,
        "status": "open",
        "history": [],
        "entry": None,
        "script": None,
    }
    document = {
        "companion": "export",
        "format": 1,
        "entries": [{**base_entry, **entry}],
        "commitments": [{**base_commitment, **commitment}],
    }
    return {**document, **top}


JRNL_FIELDS = ["title", "body", "date", "time", "starred", "tags"]


@settings(max_examples=60)
@given(
    source=st.sampled_from(["companion", "jrnl"]),
    entry=st.dictionaries(
        st.sampled_from(["id", "started", "answers", "tags", "script_version", *JRNL_FIELDS]),
        VALUES,
        max_size=3,
    ),
    commitment=st.dictionaries(
        st.sampled_from(["id", "due", "created", "history", "status"]), VALUES, max_size=2
    ),
    top=st.dictionaries(
        st.sampled_from(["format", "entries", "settings", "companion"]), VALUES, max_size=1
    ),
)
def test_any_import_file_ends_in_a_sentence_and_a_healthy_journal(
    capsys: pytest.CaptureFixture[str],
    world: dict[str, Any],
    source: str,
    entry: dict[str, Any],
    commitment: dict[str, Any],
    top: dict[str, Any],
) -> None:
    if source == "jrnl":
        base = {"title": "A day", "body": "Text", "date": "2026-11-01", "time": "09:00", "tags": []}
        document: Any = {"tags": {}, "entries": [{**base, **entry}]}
    else:
        document = _companion_export(entry, commitment, top)
    path = world["tmp"] / "import.json"
    path.write_text(_serialise(document, True), encoding="utf-8")
    run_ok(capsys, ["import", "--from", source, str(path), "--journal", str(world["folder"])])
    still_healthy(capsys, world["folder"])
    for verb in (["list"], ["commitments"], ["stats"], ["brief"], ["barriers"]):
        assert run_ok(capsys, [*verb, "--journal", str(world["folder"])]) == 0
