"""The command line and the app run the same actions: one sentence for an empty export, one
overwrite rule for every file written (an export, the coach brief), one set of commitment
filters; each face words only the hint (a flag, a checkbox) its own way."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Checkbox, Input, Static

from companion.cli import run
from companion.core.errors import COMMAND_LINE_WORDS, CompanionError, Hint, UsageError
from companion.core.model import Commitment, CommitmentStatus
from companion.core.views.commitments import filter_commitments, history_text
from companion.journal import Journal
from companion.screens.brief import BriefScreen, SaveBriefDialog
from companion.screens.export import WORDS, ExportDialog
from tests.helpers.app import make_app, settle
from tests.helpers.export import secret_journal


@pytest.fixture
def secrets(journal: Journal, library, clock) -> Journal:  # type: ignore[no-untyped-def]
    return secret_journal(journal, library, clock)


def cli_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert run(list(args)) == 2
    said = capsys.readouterr().err.strip().splitlines()[-1]  # after any notes: the error
    assert said.startswith("companion: ")
    return said.removeprefix("companion: ")


async def app_export_problem(journal: Journal, library, **fields: str) -> str:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        dialog = ExportDialog(folder=journal.folder.parent)
        app.push_screen(dialog)
        await settle(pilot)
        for name, value in fields.items():
            if name == "force":
                dialog.query_one("#export-force", Checkbox).value = True
            else:
                dialog.query_one(f"#export-{name}", Input).value = value
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        return str(dialog.query_one("#export-problem", Static).render())


async def app_brief_problem(journal: Journal, library, target: Path, replace: bool = False) -> str:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(BriefScreen())
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SaveBriefDialog)
        dialog.query_one("#save-path", Input).value = str(target)
        dialog.query_one("#save-force", Checkbox).value = replace
        await pilot.press("enter")
        await settle(pilot)
        if app.screen is not dialog:
            return ""
        return str(dialog.query_one("#problem", Static).render())


async def test_the_app_and_the_command_word_an_empty_export_the_same_way(
    secrets: Journal, library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.md"
    said = cli_error(
        capsys, "--journal", str(secrets.folder), "export", "--search", "zebra", "-o", str(target)
    )
    shown = await app_export_problem(secrets, library, search="zebra", path=str(target))
    assert said == shown
    assert said.startswith("No entries match") and said.endswith(", so nothing was exported.")
    assert not target.exists()


async def test_both_faces_refuse_an_existing_file_with_the_cores_sentence(
    secrets: Journal, library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "mine.md"
    target.write_text("my own notes")
    sentence = f"{target} already exists. Choose another name, or "
    cli_export = cli_error(capsys, "--journal", str(secrets.folder), "export", "-o", str(target))
    cli_brief = cli_error(capsys, "--journal", str(secrets.folder), "brief", "-o", str(target))
    app_export = await app_export_problem(secrets, library, path=str(target))
    app_brief = await app_brief_problem(secrets, library, target)
    assert cli_export == cli_brief == sentence + COMMAND_LINE_WORDS[Hint.REPLACE] + "."
    assert app_export == app_brief == sentence + WORDS[Hint.REPLACE] + "."
    assert target.read_text() == "my own notes"

    # Asked to, both replace it, through the one private writer.
    assert await app_brief_problem(secrets, library, target, replace=True) == ""
    assert target.read_text().startswith("# Coaching brief")
    assert run(["--journal", str(secrets.folder), "export", "--force", "-o", str(target)]) == 0
    assert not target.read_text().startswith("# Coaching brief")


def test_the_brief_is_written_where_asked_even_into_a_new_folder(
    secrets: Journal, tmp_path: Path
) -> None:
    target = tmp_path / "new" / "brief.html"
    assert run(["--journal", str(secrets.folder), "brief", "-o", str(target)]) == 0
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert oct(target.stat().st_mode & 0o777) == "0o600"


@given(
    before=st.text(max_size=30),
    hint=st.sampled_from(list(Hint)),
    then=st.sampled_from(["", ".", " (and more)."]),
    words=st.text("abc -`’“”", min_size=1, max_size=30),
)
def test_a_hint_is_worded_by_the_face_and_nothing_else_changes(
    before: str, hint: Hint, then: str, words: str
) -> None:
    error = UsageError(before, hint, then)
    worded = error.worded({hint: words})
    assert worded.startswith(before) and worded.endswith(then)
    assert worded[len(before) : len(worded) - len(then)].lower() == words.lower()
    assert str(error) == error.worded(COMMAND_LINE_WORDS)
    assert CompanionError(before).worded({hint: words}) == before


def test_no_hint_leaves_the_message_as_it_is() -> None:
    assert UsageError("Plain.").worded(WORDS) == "Plain." == str(UsageError("Plain."))


STATUSES = ["open", "done", "dropped", "renegotiated", "active", "all"]


@settings(max_examples=30)
@given(
    dues=st.lists(
        st.tuples(
            st.none() | st.dates(date(2026, 1, 1), date(2026, 12, 31)),
            st.sampled_from(list(CommitmentStatus)),
        ),
        max_size=8,
    ),
    status=st.sampled_from(STATUSES),
    overdue=st.booleans(),
)
def test_the_commitment_filters_pick_what_they_say(
    dues: list[tuple[date | None, CommitmentStatus]], status: str, overdue: bool
) -> None:
    today = date(2026, 6, 1)
    made = [
        Commitment(f"c{i}", f"Do {i}", datetime(2026, 1, 1, 9), due=due, status=state)
        for i, (due, state) in enumerate(dues)
    ]
    found = filter_commitments(made, today, status=status, overdue=overdue)
    for commitment in made:
        wanted = (
            status == "all"
            or (status == "active" and commitment.status.is_active)
            or commitment.status.value == status
        ) and (not overdue or commitment.is_overdue(today))
        assert (commitment in found) == wanted


def test_a_commitments_history_names_each_day_portably() -> None:
    commitment = Commitment("c1", "Call Ruth", datetime(2026, 3, 5, 9), due=date(2026, 3, 9))
    text = history_text(commitment, date(2026, 3, 10))
    assert "Due: Monday 9 March 2026 (overdue)" in text and "Made: 5 March 2026" in text
    assert "companion" not in text  # how to open the entry is the face's to say


def test_the_app_and_the_command_line_show_one_history_the_app_without_ids() -> None:
    commitment = Commitment(
        "c1abc", "Call Ruth", datetime(2026, 3, 5, 9), entry_id="e1xyz", script_id="coaching-prep"
    )
    for_cli = history_text(commitment, date(2026, 3, 10))
    for_app = history_text(commitment, date(2026, 3, 10), ids=False)
    assert "Id: c1abc" in for_cli and "e1xyz" in for_cli
    assert "c1abc" not in for_app and "e1xyz" not in for_app
    assert "Made: 5 March 2026, in coaching prep" in for_app
