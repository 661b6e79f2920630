"""A leader's, a script's or an import's words are shown in the app exactly as written.

Textual reads a plain string given to a widget as markup: `[/]` crashed the app before Home was
drawn, `[draft first]` vanished, and `[@click=app.quit]` quit the app when clicked. Every screen
is drawn here with generated words full of brackets, backslashes, right-to-left script,
combining marks and control characters, and each must show them as written (controls made
visible), without an error.
"""

from __future__ import annotations

import ast
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from textual.content import Content
from textual.widgets import Input, Select

from companion.app import CompanionApp
from companion.core.model import CommitmentStatus
from companion.core.scripts import Library, load_library
from companion.core.session import Session
from companion.journal import Journal
from companion.screens.commitments import CommitmentsScreen
from companion.screens.dialogs import NoteDialog, RenegotiateDialog
from companion.screens.entry import EntryScreen
from companion.screens.export import ExportDialog
from companion.screens.help import HelpScreen
from companion.screens.home import HomeScreen
from companion.screens.journal import JournalScreen
from companion.screens.reflect import ReflectScreen, ReviewScreen
from companion.widgets.row_table import RowTable
from companion.widgets.text import line, literal, markup_escaped, shown, shown_line
from tests.conftest import LONDON_WINTER, ROOT, FakeClock
from tests.helpers.app import find_on_screen, make_app, on_screen, settle, texts_on_screen

SIZE = (100, 40)
#: A Pilot example takes a few seconds: failures are reported as found, not shrunk (that
#: takes minutes); the example shows every generated value.
PILOT = settings(max_examples=5, phases=[Phase.explicit, Phase.generate])

#: Pieces of text that markup, Markdown or a terminal would read as something else.
PIECES = [
    "[",
    "]",
    "/",
    "=",
    "@",
    ":",
    "\\",
    "[@click=app.quit]",
    "[/]",
    "[b]x[/b]",
    "[draft first]",
    "$name",
    " ",
    "🙂",
    "שלום",
    "مرحبا",
    "e\u0301",
    "\x1b",
    "\x07",
    "\x9b",
    "\u202e",
]
#: Answers are Markdown where an entry is read (as in every export): there a backslash
#: before punctuation is Markdown's escape, so those views get words without one.
MARKDOWN_PIECES = [p for p in PIECES if p != "\\"]


def words(pieces: list[str] = PIECES) -> st.SearchStrategy[str]:
    """A short line a leader or a script might write (short enough not to be cut off)."""
    return st.lists(st.sampled_from(pieces), min_size=1, max_size=3).map(
        lambda parts: "Ask " + "".join(parts) + " now"
    )


def assert_shows(app: CompanionApp, *texts: str) -> None:
    """Each text is on screen as written (controls made visible), in one widget or another."""
    drawn = texts_on_screen(app)
    for text in texts:
        assert on_screen(app, shown_line(text), drawn), (shown_line(text), drawn)


def toml_text(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, but for DEL)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def user_script(folder: Path, title: str, question: str, hint: str, option: str) -> None:
    """A facilitator's script file, in the user scripts folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.toml").write_text(
        f"""\
id = "user-script"
title = {toml_text(title)}
version = 1
moment = "review"
summary = {toml_text(hint)}
intro = "Two questions."

[[steps]]
id = "first"
kind = "text"
prompt = {toml_text(question)}
hint = {toml_text(hint)}

[[steps]]
id = "pick"
kind = "choice"
prompt = "Pick one"
required = false
options = [
  {{ value = "mine", label = {toml_text(option)} }},
  {{ value = "other", label = "Something else" }},
]

[[steps]]
id = "many"
kind = "multi"
prompt = "Pick some"
required = false
options = [{{ value = "mine", label = {toml_text(option)} }}]

[[steps]]
id = "how-much"
kind = "scale"
prompt = "How much?"
required = false
min = 1
max = 3
min_label = {toml_text(option)}
""",
        encoding="utf-8",
    )


@contextmanager
def journal_with(user_dir: Path | None = None) -> Iterator[tuple[Journal, Library, FakeClock]]:
    """A fresh journal (one per generated example) and the library, with any user scripts."""
    with tempfile.TemporaryDirectory() as folder:
        clock = FakeClock(datetime(2026, 11, 20, 16, 30, tzinfo=LONDON_WINTER))
        journal = Journal.open(Path(folder) / "journal", clock=clock, lock_timeout=2.0)
        library = load_library(user_dir=user_dir) if user_dir else load_library(include_user=False)
        yield journal, library, clock


def close_out(journal: Journal, library: Library, answer: str, commitment: str, tag: str) -> None:
    session = Session(library.get("workshop-close-out"), journal)
    session.answer(answer, step_id="session")
    session.answer({"text": commitment, "due": "2026-11-22"}, step_id="commitment")
    session.answer([tag], step_id="tags")
    session.finish()


# ---------------------------------------------------------------- the reported crash


async def test_a_commitment_with_a_closing_tag_shows_on_home_as_written(
    journal: Journal, library: Library
) -> None:
    journal.add_commitment("Ask the board [/] who is missing", due=date(2026, 11, 22))
    journal.add_commitment("Send the paper [draft first]", due=date(2026, 11, 23))
    app = make_app(journal, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert on_screen(app, "Ask the board [/] who is missing")
        assert on_screen(app, "Send the paper [draft first]")


# ---------------------------------------------------------------- every screen, generated words


@PILOT
@given(title=words(), question=words(), answer=words(MARKDOWN_PIECES), commitment=words())
async def test_home_palette_journal_and_entry_show_words_as_written(
    title: str, question: str, answer: str, commitment: str
) -> None:
    with tempfile.TemporaryDirectory() as scripts:
        user_script(Path(scripts), title, question, question, "An option")  # question: summary
        with journal_with(Path(scripts)) as (journal, library, _):
            session = Session(library.get("user-script"), journal)
            session.answer(answer, step_id="first")
            session.finish()
            journal.add_commitment(commitment, due=date(2026, 11, 22))
            app = make_app(journal, library)
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                # Due, a script to start, a recent entry (by its first answer).
                assert_shows(app, commitment, "  " + title, answer)

                app.action_show_journal()
                await settle(pilot)
                assert isinstance(app.screen, JournalScreen)
                assert_shows(app, answer)  # the entry's title
                table = app.screen.query_one("#entries", RowTable)
                assert str(table.get_row_at(0)[1]) == shown_line(title)  # narrow column
                app.screen.query_one("#search", Input).value = answer
                await settle(pilot)
                assert table.row_count == 1
                assert_shows(app, answer)

                app.screen.query_one("#entries", RowTable).focus()
                await pilot.press("enter")
                await settle(pilot)
                assert isinstance(app.screen, EntryScreen)
                assert_shows(app, title, question, answer)  # the title bar and the heading too
                await pilot.press("escape")
                await settle(pilot)

                app.screen.query_one("#filter-script", Select).value = "user-script"
                await settle(pilot)
                assert_shows(app, title)  # the script filter
                app.action_export()
                await settle(pilot)
                app.screen.query_one("#export-script", Select).value = "user-script"
                await settle(pilot)
                assert_shows(app, title)  # the Export dialog's script filter
                await pilot.press("escape")
                await settle(pilot)

                await pilot.press("ctrl+p")  # the command palette reads markup only
                await settle(pilot)
                await pilot.press(*"reflectask")  # only "Reflect: Ask ..." has these in order
                await settle(pilot)
                assert_shows(app, "Reflect: " + title, question)  # its title and summary


@PILOT
@given(
    title=words(),
    question=words(),
    hint=words(),
    option=words(),
    typed=words(),
)
async def test_reflect_review_and_help_show_a_scripts_words_as_written(
    title: str, question: str, hint: str, option: str, typed: str
) -> None:
    with tempfile.TemporaryDirectory() as scripts:
        user_script(Path(scripts), title, question, hint, option)
        with journal_with(Path(scripts)) as (journal, library, _):
            app = make_app(journal, library)
            async with app.run_test(size=SIZE, notifications=True) as pilot:
                await settle(pilot)
                app.start_reflection("user-script")
                await settle(pilot)
                assert isinstance(app.screen, ReflectScreen)
                assert_shows(app, title, question)  # the title in the title bar
                await pilot.press("f2")
                await settle(pilot)
                assert_shows(app, hint)
                app.screen.query_one("#answer-text", Input).value = typed
                await pilot.press("ctrl+n")
                await settle(pilot)
                assert_shows(app, option)  # a choice
                for _ in range(2):
                    await pilot.press("ctrl+n")
                    await settle(pilot)
                    assert_shows(app, option)  # one of several, then the end of a scale

                await pilot.press("ctrl+n")
                await settle(pilot)
                assert isinstance(app.screen, ReviewScreen)
                assert_shows(app, question, typed)

                await pilot.press("f1")
                await settle(pilot)
                assert isinstance(app.screen, HelpScreen)
                assert_shows(app, title)
                await pilot.press("escape")
                await settle(pilot)

                await pilot.press("ctrl+s")  # finish: "Saved: <title>." is notified
                await settle(pilot)
                assert isinstance(app.screen, HomeScreen)
                assert_shows(app, f"Saved: {title}.")  # notified
                stored = journal.entries()[0].answer("first")
                assert stored is not None and str(stored.value).split() == typed.split()


@PILOT
@given(
    commitment=words(),
    step=words(),
    note=words(),
    barrier=words(),
    enabler=words(MARKDOWN_PIECES),
)
async def test_commitments_barriers_brief_and_export_show_words_as_written(
    commitment: str, step: str, note: str, barrier: str, enabler: str
) -> None:
    with journal_with() as (journal, library, _):
        close_out(journal, library, "Board day", commitment, "inequality")
        made = journal.commitments()[0]
        journal.set_commitment_status(made.id, CommitmentStatus.RENEGOTIATED, note=note, step=step)
        reframe = Session(library.get("reframe-barrier"), journal)
        reframe.answer(barrier, step_id="barrier")
        reframe.answer(enabler, step_id="enabler")
        reframe.answer(note, step_id="cost")  # private: the Export dialog names its entry
        reframe.finish()
        app = make_app(journal, library)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.action_show_commitments()
            await settle(pilot)
            assert isinstance(app.screen, CommitmentsScreen)
            # The table, and the detail below it with the step and the note in its history.
            assert_shows(app, commitment, "First step: " + step, note)
            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, RenegotiateDialog)
            assert_shows(app, "Renegotiate: " + commitment)
            await pilot.press("escape")
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, NoteDialog)
            assert_shows(app, "Mark as done: " + commitment)
            await pilot.press("escape")
            await settle(pilot)

            app.action_show_barriers()
            await settle(pilot)
            assert_shows(app, barrier, enabler)  # the barrier in the table and the detail

            app.action_show_brief()
            await settle(pilot)
            if "\\" not in commitment:  # the brief is Markdown: there a backslash escapes
                assert_shows(app, commitment)

            app.action_show_journal()
            await settle(pilot)
            app.action_export()
            await settle(pilot)
            assert isinstance(app.screen, ExportDialog)
            assert_shows(app, barrier)  # the entry whose private answer stays behind


@PILOT
@given(title=words(), name=st.sampled_from(["[@click=app.quit]", "[b]x", "[draft first]", "plain"]))
async def test_a_broken_script_is_notified_as_written(title: str, name: str) -> None:
    with tempfile.TemporaryDirectory() as scripts:
        user_script(Path(scripts), "Fine", "Fine", "Fine", "Fine")
        text = (Path(scripts) / "mine.toml").read_text(encoding="utf-8")
        broken = Path(scripts) / f"{name}.toml"  # a moment Companion does not know
        broken.write_text(text.replace('"review"', toml_text(title)), encoding="utf-8")
        with journal_with(Path(scripts)) as (journal, library, _):
            problem = str(library.broken[0])
            assert name in problem and len(problem.splitlines()) == 1
            app = make_app(journal, library)
            async with app.run_test(size=(160, 50), notifications=True) as pilot:
                await settle(pilot)
                assert isinstance(app.screen, HomeScreen)
                assert on_screen(app, "A script could not be loaded")
                assert on_screen(app, shown_line(problem))


async def test_the_weekly_review_shows_each_commitment_as_written(
    journal: Journal, library: Library
) -> None:
    text = "Ask [/] the [b]board[/b] \\ [@click=app.quit] \u202e"
    journal.add_commitment(text, due=date(2026, 11, 22))
    app = make_app(journal, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.start_reflection("review-commitments")
        await settle(pilot)
        assert_shows(app, text)


async def test_the_review_page_shows_which_answers_are_private(
    journal: Journal, library: Library
) -> None:
    # "[private]" was read as a style tag, so the marker never showed.
    app = make_app(journal, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReflectScreen)
        screen.session.answer("Nobody asked about residents", step_id="happened", private=True)
        screen.open_review()
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert on_screen(app, "[private]")


# ---------------------------------------------------------------- actions in words


async def test_clicking_words_that_name_an_action_runs_nothing(
    journal: Journal, library: Library, tmp_path: Path
) -> None:
    shot = tmp_path / "shots"
    shot.mkdir()
    journal.add_commitment("[@click=app.quit]Quit if you dare[/]", due=date(2026, 11, 22))
    journal.add_commitment(
        f"[@click=app.screenshot('x.svg','{shot}')]Take a picture[/]", due=date(2026, 11, 23)
    )
    app = make_app(journal, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_show_commitments()
        await settle(pilot)
        for words_shown in ("Quit if you dare", "Take a picture"):
            table = app.screen.query_one("#commitment-table", RowTable)
            table.focus()
            await pilot.press("down")  # the detail below shows the second commitment
            await settle(pilot)
            for _ in range(2):  # the table's cell and the detail's line
                x, y = find_on_screen(app, words_shown)
                await pilot.click(offset=(x + 2, y))
                await settle(pilot)
                assert app.is_running
        assert on_screen(app, "[@click=app.quit]Quit if you dare[/]")
    assert app.return_code is None or app.return_code == 0
    assert list(shot.iterdir()) == []


async def test_an_answer_naming_an_action_is_clicked_on_the_review_page(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReflectScreen)
        screen.session.answer("[@click=app.quit]Press here[/]", step_id="happened")
        screen.open_review()
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        x, y = find_on_screen(app, "Press here")
        await pilot.click(offset=(x + 1, y))
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, ReflectScreen)  # the click chose that answer to change
        assert app.screen.query_one("#answer-long").text == "[@click=app.quit]Press here[/]"  # type: ignore[attr-defined]


async def test_a_link_in_an_answer_opens_nothing(journal: Journal, library: Library) -> None:
    diary = Session(library.get("learning-diary"), journal)
    diary.answer("See [the board papers](https://example.org/board) first", step_id="happened")
    entry = diary.finish().entry
    app = make_app(journal, library)
    opened: list[str] = []
    app.open_url = lambda url, **_: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_entry(entry.id)
        await settle(pilot)
        x, y = find_on_screen(app, "the board papers")
        await pilot.click(offset=(x + 2, y))
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
    assert opened == []


# ---------------------------------------------------------------- the helper itself


@given(st.lists(st.sampled_from([*PIECES, "\n", "\t", "x"])).map("".join))
def test_the_helper_keeps_every_bracket_and_backslash(text: str) -> None:
    content = literal(text)
    assert content.plain == shown(text)
    assert content.spans == []  # no style (nor action) read from the words
    assert line(text).plain == shown_line(text)
    assert "\n" not in line(text).plain
    for control in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert control not in content.plain
    for mark in "[]\\/=@:":
        assert content.plain.count(mark) >= text.count(mark)
    # Where Textual reads only markup, the escaped words read back as themselves.
    assert Content.from_markup(markup_escaped(text)).plain == shown_line(text)


def test_right_to_left_marks_stay_and_overrides_show_as_codes() -> None:
    assert shown("שלום\u200f, hello") == "שלום\u200f, hello"  # a mark is ordinary writing
    assert shown("abc\u202edef\u2066x") == "abc<U+202E>def<U+2066>x"  # these reorder text


# ---------------------------------------------------------------- a guard for new code

#: Widgets and methods that read a plain string as markup.
MARKUP_READERS = {
    "Static",
    "Label",
    "Option",
    "Button",
    "RadioButton",
    "Checkbox",
    "Selection",
    "Tab",
    "add_row",
}
#: What may be given to them: the helper's functions, or text fixed in the code.
SAFE_CALLS = {"literal", "line", "markdown", "rhythm_text"}


def _fixed_or_safe(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id.isupper()  # a module constant: the app's own words
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return name in SAFE_CALLS
    if isinstance(node, ast.IfExp):
        return _fixed_or_safe(node.body) and _fixed_or_safe(node.orelse)
    # A starred argument list is built elsewhere (and checked where it is built).
    return isinstance(node, ast.Starred)


def _escaped(node: ast.expr) -> bool:
    """Fixed text, or words escaped for markup (in an f-string or not)."""
    if isinstance(node, ast.JoinedStr):
        return all(
            isinstance(part, ast.Constant) or _escaped(part.value)
            for part in node.values
            if isinstance(part, (ast.Constant, ast.FormattedValue))
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id == "markup_escaped"
    return isinstance(node, ast.Constant)


def _unsafe_texts(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        texts: list[ast.expr] = []
        if name in MARKUP_READERS:
            texts = list(node.args[:1] if name != "add_row" else node.args)
        elif name == "update" and isinstance(func, ast.Attribute):
            texts = list(node.args[:1])
        if name == "SystemCommand":  # the command palette reads its title and help as markup
            texts = [t for t in node.args[:2] if not _escaped(t)]
        for text in texts:
            if not _fixed_or_safe(text):
                yield f"{path.name}:{node.lineno}: {ast.unparse(node)[:80]}"


def test_every_text_given_to_a_widget_goes_through_the_helper() -> None:
    """Text built at run time (an f-string, a variable) reaches a widget only as Content."""
    files = [
        *sorted((ROOT / "companion" / "screens").glob("*.py")),
        *sorted((ROOT / "companion" / "widgets").glob("*.py")),
        ROOT / "companion" / "app.py",
    ]
    found = [problem for path in files for problem in _unsafe_texts(path)]
    assert found == []


def test_notifications_are_never_markup(journal: Journal, library: Library) -> None:
    app: Any = make_app(journal, library)
    sent: list[dict[str, Any]] = []
    app.post_message = lambda message: sent.append(vars(message.notification)) or True
    app.notify("Ask the board [/] who\x1b[2J", title="[b]Saved\u202e")
    assert sent[0]["message"] == "Ask the board [/] who^[[2J"
    assert sent[0]["title"] == "[b]Saved<U+202E>"
    assert sent[0]["markup"] is False
