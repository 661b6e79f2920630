"""What a command loads before it runs: only its own verb's parser, and no face it does not use."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.cli.commands import COMMANDS, VERB_ROOMS, verb_room
from companion.cli.parser import build_parser, parse
from companion.core.errors import UsageError
from companion.journal import Journal
from tests.helpers.export import secret_journal

ROOT = Path(__file__).resolve().parent.parent.parent

#: Libraries a JSON export has no use for: the app, its widgets, Markdown, TinyDB (only writes
#: need it), the line mode's menus, calendars.
NOT_FOR_AN_EXPORT = ("textual", "rich", "markdown_it", "tinydb", "questionary", "icalendar")


def loaded_by(*argv: str) -> tuple[int, set[str], str]:
    """Run the command in a fresh interpreter; its exit code, the modules it loaded, its output."""
    probe = (
        "import sys\n"
        "from companion.cli import main\n"
        f"code = main({list(argv)!r})\n"
        "sys.stdout.flush()\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)) + '\\n')\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ},
        timeout=60,
    )
    modules = set(done.stderr.rpartition("MODULES ")[2].split())
    return done.returncode, modules, done.stdout


def test_a_json_export_loads_no_face_and_no_library_it_does_not_use(
    journal: Journal,
    library,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    secret_journal(journal, library, clock)
    code, modules, out = loaded_by(
        "--journal", str(journal.folder), "export", "--format", "json", "-o", "-"
    )
    assert code == 0 and '"companion": "export"' in out
    found = {name.partition(".")[0] for name in modules} & set(NOT_FOR_AN_EXPORT)
    assert not found, f"a JSON export loaded {sorted(found)}"
    assert "companion.export.markdown" not in modules and "companion.export.html" not in modules
    rooms = {name for name in modules if name.startswith("companion.cli.commands.")}
    assert rooms == {"companion.cli.commands.transfer"}, "only the export's own room is loaded"
    assert "companion.journal.crypto" not in modules, "a plaintext journal loads no encryption"
    assert "cryptography" not in {name.partition(".")[0] for name in modules}


def test_each_verb_s_own_room_gives_the_command_every_room_gives() -> None:
    """A verb named on the command line loads its room alone: the same command, and a parser
    that adds that verb."""
    assert set(VERB_ROOMS) == {verb for verb in COMMANDS if verb is not None}
    for verb in VERB_ROOMS:
        found = verb_room(verb)
        assert found is not None and found[1] is COMMANDS[verb]
        assert verb in build_parser(verb).format_help()


#: Words a command line may hold: every verb, options of the top and of verbs, and values.
WORDS = st.sampled_from(
    [
        *(verb for verb in COMMANDS if verb is not None),
        "--journal",
        "--journal=j",
        "--jour",
        "--passphrase-file",
        "--plain",
        "--menus",
        "--format",
        "json",
        "-o",
        "-",
        "--since",
        "2026-01-01",
        "--json",
        "list",
        "add",
        "--status",
        "open",
        "x",
        "-n",
        "3",
        "--",
    ]
)


@settings(max_examples=200)
@given(st.lists(WORDS, max_size=6))
def test_building_one_verb_parses_every_command_line_as_the_whole_parser(
    argv: list[str],
) -> None:
    def outcome(read: object) -> tuple[str, object]:
        try:
            args = read()  # type: ignore[operator]
        except UsageError as error:
            return "refused", str(error)
        assert isinstance(args, argparse.Namespace)
        return "parsed", vars(args)

    assert outcome(lambda: parse(list(argv))) == outcome(
        lambda: build_parser().parse_args(list(argv))
    )


@pytest.mark.parametrize("argv", [["--help", "export"], ["-h", "list"], ["--he", "export"]])
def test_help_before_a_verb_lists_every_verb(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        parse(argv)
    shown = capsys.readouterr().out
    assert all(verb in shown for verb in COMMANDS if verb is not None)


def test_a_verb_s_own_help_is_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse(["export", "--help"])
    alone = capsys.readouterr().out
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "--help"])
    assert alone == capsys.readouterr().out and "--include-private" in alone
