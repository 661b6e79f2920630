"""The engine's errors say what went wrong and carry a neutral hint; each face words the hint.

A message written in the engine that names a command or a flag reads wrongly in the app (there
are no flags there), so the engine never writes one: it names a Hint, and the command line and
the app each have words for every hint they can meet.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from companion.core.errors import COMMAND_LINE_WORDS, Hint, UsageError
from companion.screens.base import APP_WORDS

ENGINE = ("core", "journal", "export", "importing")
PACKAGE = Path(__file__).resolve().parents[2] / "companion"
#: A command (`companion list`) or a flag (--force), as a face would word a hint.
FACE_WORDS = re.compile(r"`companion\b|(?<![\w-])--[a-z][a-z-]+")
#: `companion doctor` and encrypt/passwd print reports that only the command line shows.
CLI_REPORTS = {"journal/doctor.py", "journal/checks.py", "journal/encryption.py"}


def raised_texts(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            for inner in ast.walk(node.exc):
                if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                    found.append((inner.lineno, inner.value))
    return found


def test_no_engine_error_names_a_command_or_a_flag() -> None:
    offenders = []
    for part in ENGINE:
        for path in sorted((PACKAGE / part).rglob("*.py")):
            name = path.relative_to(PACKAGE).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for line, text in raised_texts(tree):
                another_tools = "`jrnl --export json`" in text  # jrnl's own flag, not ours
                if FACE_WORDS.search(text) and name not in CLI_REPORTS and not another_tools:
                    offenders.append(f"{name}:{line}: {text!r}")
    assert offenders == []


def test_every_hint_has_command_line_words_and_the_app_names_no_flag() -> None:
    assert set(COMMAND_LINE_WORDS) == set(Hint)
    for hint, words in APP_WORDS.items():
        assert not re.search(r"(?<![\w-])--(force|include-private|passphrase-file)\b", words), hint


def test_one_error_worded_by_each_face() -> None:
    error = UsageError("There is no commitment with the id 'zz'. ", Hint.SHOW_COMMITMENT_IDS, ".")
    assert (
        str(error)
        == "There is no commitment with the id 'zz'. `companion commitments` shows the ids."
    )
    assert error.worded(APP_WORDS) == (
        "There is no commitment with the id 'zz'. Commitments (c) lists them."
    )
