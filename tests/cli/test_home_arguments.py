"""`companion` with no verb is read without the full parser: always as the full parser reads it."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.cli.home_args import simple_home_arguments
from companion.cli.parser import build_parser, home_arguments
from companion.core.errors import UsageError

TOKENS = [
    "--journal",
    "--journ",
    "--passphrase-file",
    "--plain",
    "--menus",
    "--version",
    "--resume",
    "-h",
    "--he",
    "--",
    "-",
    "list",
    "reflect",
    "export",
    "folder",
    "-x",
    "--journal=here",
    "--plain=yes",
    "--nope",
    "lïst",
    "--journal=",
    "--passphrase-file=key.txt",
    "--journal=-x",
    "",
]


def _full(argv: list[str]) -> argparse.Namespace | str:
    try:
        return build_parser().parse_args(argv)
    except UsageError as error:
        return f"error: {error}"
    except SystemExit as leaving:  # --version, --help
        return f"exit {leaving.code}"


@given(st.lists(st.sampled_from(TOKENS), max_size=5))
def test_without_a_verb_the_app_gets_the_same_arguments(argv: list[str]) -> None:
    try:
        quick = home_arguments(argv)
    except SystemExit as leaving:  # --version: printed and left, as the full parser does
        assert _full(argv) == f"exit {leaving.code}"
        return
    if quick is not None:
        full = _full(argv)
        assert isinstance(full, argparse.Namespace)
        assert vars(quick) == vars(full)
        assert quick.verb is None


@given(st.lists(st.sampled_from(TOKENS), max_size=5))
def test_the_app_read_without_argparse_gets_the_same_arguments(argv: list[str]) -> None:
    """The plain forms read without argparse (none of its 0.3 MB to open the app) give what
    the full parser gives; anything else is left to it."""
    quick = simple_home_arguments(argv)
    if quick is not None:
        full = _full(argv)
        assert isinstance(full, argparse.Namespace)
        assert vars(quick) == vars(full)


@pytest.mark.parametrize(
    "argv", [[], ["--journal", "j"], ["--journal=j", "--plain"], ["--passphrase-file", "k"]]
)
def test_the_apps_usual_command_lines_need_no_argparse(argv: list[str]) -> None:
    assert simple_home_arguments(argv) is not None


@pytest.mark.parametrize(
    "argv",
    [["list"], ["--help"], ["-h"], ["--journal", "j", "reflect"], ["--nope"], ["--plain", "x"]],
)
def test_a_verb_help_or_a_mistake_goes_to_the_full_parser(argv: list[str]) -> None:
    assert home_arguments(argv) is None


def test_the_app_with_a_journal_and_nothing_else_is_read_quickly() -> None:
    args = home_arguments(["--journal", "my journal", "--plain"])
    assert args is not None
    assert (args.verb, args.journal, args.plain, args.menus) == (None, "my journal", True, False)


def test_opening_the_app_does_not_build_every_verbs_parser(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import companion.cli as cli
    from companion.cli import output
    from companion.cli.commands import reflect

    opened: list[argparse.Namespace] = []

    def no_full_parser() -> argparse.ArgumentParser:
        raise AssertionError("the full parser was built")

    def app(args: argparse.Namespace, **options: object) -> int:
        opened.append(args)
        return 0

    monkeypatch.setattr(cli, "build_parser", no_full_parser)
    monkeypatch.setattr(reflect, "_run_app", app)
    monkeypatch.setattr(output, "wants_plain", lambda explicit: explicit)
    assert cli.run(["--journal", str(tmp_path)]) == 0
    assert [a.journal for a in opened] == [str(tmp_path)]
