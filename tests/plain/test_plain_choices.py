"""What a typed choice means in plain mode, and the arrow-key menus for those who choose them.

Any line typed at a choice gives a choice that was shown, the leader's own words where the
question takes them, or a clear re-ask naming the numbers and words offered: never an
out-of-range number stored as an answer, never an internal value in what is said.
"""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.core.model import Option
from companion.core.settings import set_setting
from companion.plain import Command, LineAsker, QuestionaryAsker, make_asker, wants_menus
from companion.plain import askers as askers_module
from companion.plain.askers import read_line
from companion.plain.choices import (
    MENU_EXTRAS,
    Reask,
    checkbox_choices,
    parse_choice,
    parse_many,
    parse_yes_no,
    select_choices,
    ticked_command,
)

KINDS = [
    Option("governance", "Governance that holds power relationships in place"),
    Option("business-as-usual", "Business as usual crowding out time for innovation"),
    Option("red-tape", "Red tape"),
    Option("silos", "Silos between organisations and sectors"),
]

typed_lines = st.one_of(
    st.text(max_size=30),
    st.integers(-3, 12).map(str),
    st.integers(0, 10**12).map(str),
    st.sampled_from([o.label for o in KINDS] + [o.value for o in KINDS]).map(
        lambda s: f"  {s.upper()} "
    ),
    st.sampled_from(["red", "tape", "silos", "business", "gov", "in", "time", ""]),
)


def options_of(count: int) -> list[Option]:
    return KINDS[:count]


@given(text=typed_lines, count=st.integers(1, len(KINDS)), allow_other=st.booleans())
def test_any_typed_line_is_a_shown_choice_own_words_or_a_clear_reask(
    text: str, count: int, allow_other: bool
) -> None:
    options = options_of(count)
    result = parse_choice(text, options, allow_other)
    if isinstance(result, Reask):
        offered = f"a number from 1 to {count}" if count > 1 else "Type 1,"
        assert offered in result.message or "Type its number" in result.message
        assert not any(o.value in result.message for o in options if o.value != o.label.lower())
        return
    typed = " ".join(text.split())
    if result not in {o.value for o in options}:
        assert allow_other and result == typed
        assert not typed.isdecimal()  # a number is a choice or refused, never kept as words
    if typed.isdecimal():
        assert result == options[int(typed) - 1].value


@given(number=st.integers(-5, 50), allow_other=st.booleans())
def test_a_number_picks_its_choice_or_is_refused_with_the_range(
    number: int, allow_other: bool
) -> None:
    result = parse_choice(str(number), KINDS, allow_other)
    if 1 <= number <= len(KINDS):
        assert result == KINDS[number - 1].value
    elif number >= 0:
        assert isinstance(result, Reask)
        assert f"There is no choice {number}. Type a number from 1 to 4" in result.message


def test_words_pick_the_choice_they_name() -> None:
    assert parse_choice("red tape", KINDS, False) == "red-tape"
    assert parse_choice("Red Tape", KINDS, True) == "red-tape"
    assert parse_choice("business usual", KINDS, False) == "business-as-usual"
    assert parse_choice("fear of blame", KINDS, True) == "fear of blame"
    several = parse_choice("in", KINDS, False)  # innovation, in place
    assert isinstance(several, Reask) and "fits more than one" in several.message
    assert "1. Governance" in several.message and "Type its number" in several.message
    nothing = parse_choice("weather", KINDS, False)
    assert nothing == Reask(
        "'weather' is not one of the choices. "
        "Type a number from 1 to 4, or words from one of the choices."
    )


@given(
    text=st.one_of(
        st.text(max_size=30), st.lists(st.integers(-2, 9)).map(lambda ns: ", ".join(map(str, ns)))
    ),
    allow_other=st.booleans(),
)
def test_several_choices_typed_are_all_shown_ones_or_asked_again(
    text: str, allow_other: bool
) -> None:
    result = parse_many(text, KINDS, allow_other)
    if isinstance(result, Reask):
        assert "Separate several with commas." in result.message
        return
    values = {o.value for o in KINDS}
    for picked in result:
        assert picked in values or (allow_other and not picked.isdecimal())
    assert len(result) == len(set(result))


def test_several_choices_by_number_words_or_spaces() -> None:
    assert parse_many("1, 3", KINDS, False) == ["governance", "red-tape"]
    assert parse_many("3 1", KINDS, False) == ["red-tape", "governance"]
    assert parse_many("silos, my own", KINDS, True) == ["silos", "my own"]
    refused = parse_many("1, 9", KINDS, True)
    assert isinstance(refused, Reask) and "There is no choice 9" in refused.message


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("", True),
        ("y", True),
        ("Yes", True),
        ("yes please", True),
        ("OK", True),
        ("no", False),
        ("Nope", False),
        ("No thanks.", False),
        ("n", False),
        ("maybe", None),
        ("5", None),
    ],
)
def test_yes_or_no_in_words_and_anything_else_asked_again(typed: str, meant: bool | None) -> None:
    result = parse_yes_no(typed, True)
    if meant is None:
        assert isinstance(result, Reask) and "Type yes or no." in result.message
    else:
        assert result is meant


@given(first=typed_lines)
def test_the_line_asker_never_returns_an_out_of_range_number(first: str) -> None:
    typed = iter([first, "2"])
    said: list[str] = []
    asker = LineAsker(read=lambda prompt: next(typed), write=said.append)
    result = asker.choose("What kind of barrier is it?", KINDS, None, True)
    assert isinstance(result, str)
    if result.strip().isdecimal():
        pytest.fail(f"{first!r} was kept as {result!r}")
    assert result in {o.value for o in KINDS} or result == " ".join(first.split()) or result == ""


# ------------------------------------------------------------------ the arrow-key menus


def test_every_menu_offers_back_skip_and_quit() -> None:
    wanted = {"‹ Back": ":back", "Skip": ":skip", "Quit and keep a draft": ":quit"}
    select = dict(select_choices(KINDS, allow_other=True))
    assert wanted.items() <= select.items()
    assert select["Something else (type it)"] == ":other"
    ticks = {title: value for title, value, _ in checkbox_choices(KINDS, ["silos"])}
    assert wanted.items() <= ticks.items()
    assert [t for t, _, ticked in checkbox_choices(KINDS, ["silos"]) if ticked] == [
        "Silos between organisations and sectors"
    ]
    assert ticked_command(["silos", ":skip", ":quit"]) == ":quit"
    assert ticked_command(["silos"]) is None


class Asked:
    """A questionary question that answers with a given value."""

    def __init__(self, value: Any, seen: list[Any], choices: Any = None) -> None:
        self.value = value
        seen.append(choices)

    def unsafe_ask(self) -> Any:
        return self.value


def test_menus_turn_back_skip_and_quit_into_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    import questionary

    seen: list[Any] = []
    answers = iter([["silos", ":quit"], ":back", ":back", ":quit"])

    def question(*args: Any, choices: Any = None, **kwargs: Any) -> Asked:
        return Asked(next(answers), seen, choices)

    for kind in ("checkbox", "select", "text"):
        monkeypatch.setattr(questionary, kind, question)
    asker = QuestionaryAsker(write=lambda text: None)
    assert asker.choose_many("Which?", KINDS, [], True) == Command("quit")
    assert asker.choose("Which?", KINDS, None, False) == Command("back")
    assert asker.line("Which session was it?") == Command("back")
    with pytest.raises(KeyboardInterrupt):  # "Quit" on the draft question: stop, keep it
        asker.confirm("Continue it?")
    titles = [c.title for c in seen[0]]
    assert titles[-len(MENU_EXTRAS) :] == [title for title, _ in MENU_EXTRAS]
    assert [c.title for c in seen[3]] == ["Yes", "No", "Quit"]


def test_bare_lines_unless_menus_are_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(askers_module, "menus_possible", lambda: True)  # a full colour terminal
    assert type(make_asker()) is LineAsker
    assert type(make_asker(menus=False)) is LineAsker
    assert type(make_asker(menus=True)) is QuestionaryAsker
    monkeypatch.setattr(askers_module, "menus_possible", lambda: False)
    assert type(make_asker(menus=True)) is LineAsker


def test_the_menus_setting_chooses_menus_and_accessible_mode_keeps_lines() -> None:
    assert wants_menus(False) is False
    assert wants_menus(True) is True
    set_setting("menus", "yes")
    assert wants_menus(False) is True
    set_setting("accessible", "yes")
    assert wants_menus(False) is False
    assert wants_menus(True) is True  # --menus, typed on purpose, still wins


def test_a_prompt_is_written_to_standard_output_and_a_whole_line_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Intro day\r\n"))
    assert read_line("> ") == "Intro day"
    out, err = capsys.readouterr()
    assert (out, err) == ("> ", "")
    with pytest.raises(EOFError):
        read_line("> ")
