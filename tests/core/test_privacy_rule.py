"""One privacy rule for every field: a private answer never leaves, and never chooses what leaves.

Tags, titles, file names, search and tag filters follow the same rule as the answers themselves
(companion/core/views/privacy.py). Every private word in the generated journals contains "hush",
every shared word "open", so a test can look for the one in everything that leaves.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.cli import run
from companion.core.model import Answer, Commitment, CommitmentStatus, Entry
from companion.core.scripts import Library
from companion.core.session import Session
from companion.core.views.brief import coach_brief
from companion.core.views.insights import since_last_coaching
from companion.core.views.privacy import tag_of, visible_entry
from companion.core.views.search import Filters, SearchIndex
from companion.export import ExportOptions, Selection, render, select
from companion.export.writing import FORMATS
from companion.journal import Journal

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KINDS = ("text", "long", "choice", "multi", "scale", "list", "commitment", "date", "info", "review")


@dataclass
class Built:
    entries: list[Entry] = field(default_factory=list)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    words: int = 0

    def word(self, private: bool) -> str:
        self.words += 1
        return f"{'hush' if private else 'open'}{self.words:03d}x"


def _answer(
    built: Built, kind: str, marked: bool, at: datetime, entry_id: str, n: int, whole: bool
) -> Answer:
    """One answer of a kind; commitments and reviews also write the commitment they make.

    marked: the answer is marked private; whole: its entry is (its words are private either way).
    """
    private = marked or whole
    prompt = f"Question {n}"
    if kind in ("multi", "list"):
        value: Any = [built.word(private), f"{built.word(private)} and more"]
    elif kind == "scale":
        value = 3
    elif kind == "commitment":
        cid = f"c{len(built.commitments):03d}"
        text, step = built.word(private), built.word(private)
        built.commitments[cid] = Commitment(
            cid, text, at, first_step=step, entry_id=entry_id, script_id="s"
        )
        value = {"text": text, "first_step": step, "commitment_id": cid}
    elif kind == "review" and built.commitments:
        commitment = list(built.commitments.values())[n % len(built.commitments)]
        note, step = built.word(private), built.word(private)
        commitment.change_status(CommitmentStatus.RENEGOTIATED, at, note=note, step=step)
        prompt = f"How is it going? “{commitment.text}”"
        value = {"decision": "renegotiate", "note": note, "step": step}
        value["commitment_id"] = commitment.id
        kind = "commitment-review"
    else:
        kind = "text" if kind == "review" else kind
        value = f"{built.word(private)} said {built.word(private)}"
    return Answer(f"step-{n}", prompt, kind, value, marked)


entry_plans = st.lists(
    st.tuples(
        st.booleans(),  # the whole entry private
        st.lists(st.tuples(st.sampled_from(KINDS), st.booleans()), min_size=1, max_size=7),
    ),
    min_size=1,
    max_size=4,
)


def build(plans: list[tuple[bool, list[tuple[str, bool]]]]) -> Built:
    built = Built()
    for number, (whole, answers) in enumerate(plans):
        at = START + timedelta(days=number)
        entry_id = f"e{number}"
        made = [
            _answer(built, kind, private, at, entry_id, n, whole)
            for n, (kind, private) in enumerate(answers)
        ]
        tags = [tag_of(str(i)) for a in made if isinstance(a.value, list) for i in a.value]
        built.entries.append(
            Entry(
                entry_id,
                "s",
                1,
                "Workshop close-out",
                at,
                at,
                answers=made,
                tags=[*tags, "team"],
                private=whole,
                commitment_ids=[
                    str(a.value["commitment_id"]) for a in made if a.kind == "commitment"
                ],
            )
        )
    return built


def every_output(selection: Selection) -> dict[str, str]:
    """Every format's text; a split export's file names are part of what leaves."""
    out = {name: str(render(selection, fmt)) for name, fmt in FORMATS.items()}
    split = render(selection, FORMATS["md"], split=True)
    assert isinstance(split, dict)
    out["split"] = "\n".join(f"{name}\n{text}" for name, text in split.items())
    return out


def private_words(built: Built) -> set[str]:
    found: set[str] = set()
    for entry in built.entries:
        for answer in entry.answers:
            value = answer.value
            texts = value if isinstance(value, list) else [value]
            if isinstance(value, dict):
                texts = [str(v) for v in value.values()]
            for text in texts:
                found.update(w for w in str(text).split() if w.startswith("hush"))
    return found


@settings(max_examples=40)
@given(entry_plans)
def test_no_private_text_leaves_in_any_format(
    plans: list[tuple[bool, list[tuple[str, bool]]]],
) -> None:
    built = build(plans)
    commitments = list(built.commitments.values())
    selection = select(built.entries, commitments, ExportOptions())
    for name, text in every_output(selection).items():
        assert "hush" not in text.casefold(), f"private text in the {name} export"
    for entry in selection.entries:
        assert "hush" not in entry.title and not any("hush" in t for t in entry.tags)
    everything = select(built.entries, commitments, ExportOptions(include_private=True))
    if private_words(built):  # the control: asked for, private words do go
        assert any("hush" in text for text in every_output(everything).values())


@settings(max_examples=40)
@given(entry_plans, st.data())
def test_a_word_or_tag_only_private_answers_hold_chooses_nothing(
    plans: list[tuple[bool, list[tuple[str, bool]]]], data: st.DataObject
) -> None:
    built = build(plans)
    words = sorted(private_words(built))
    if not words:
        return
    word = data.draw(st.sampled_from(words))
    commitments = list(built.commitments.values())
    for options in (ExportOptions(search=word), ExportOptions(tag="hush")):
        selection = select(built.entries, commitments, options)
        assert selection.empty and not selection.held_back
    # Asked to include private answers, the same word chooses the entries that hold it.
    found = select(built.entries, commitments, ExportOptions(search=word, include_private=True))
    assert found.entries
    # The leader's own Journal search sees their private words (it is their machine).
    assert SearchIndex().search(built.entries, Filters(text=word))


def test_the_same_index_serves_the_leader_and_an_export_without_mixing_them() -> None:
    built = build([(False, [("text", True), ("text", False)])])
    word = sorted(private_words(built))[0]
    index = SearchIndex()
    assert index.search(built.entries, Filters(text=word))
    assert not index.search(built.entries, Filters(text=word, include_private=False))
    assert index.search(built.entries, Filters(text=word))


def test_visible_entry_keeps_an_entry_with_nothing_private_as_it_is() -> None:
    built = build([(False, [("text", False), ("multi", False)])])
    entry = built.entries[0]
    assert visible_entry(entry, include_private=False) is entry


# ---------------------------------------------------------------------- through the command


@pytest.fixture
def tagged(journal: Journal, library: Library, clock: Any) -> Journal:
    """A workshop close-out whose tags answer, marked private, names a secret theme."""
    close_out = Session(library.get("workshop-close-out"), journal)
    close_out.answer("Introductory workshop", step_id="session")
    close_out.answer("What resonated, said openly.", step_id="resonated")
    close_out.answer({"text": "Invite a resident"}, step_id="commitment")
    close_out.answer(["inequality", "Restructure rumours"], step_id="tags", private=True)
    close_out.finish()
    clock.advance(days=1)
    return journal


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_private_tags_answer_leaves_no_tag(tagged: Journal, fmt: str, capsys: Any) -> None:
    assert run(["--journal", str(tagged.folder), "export", "--format", fmt, "-"]) == 0
    out = capsys.readouterr().out
    assert "restructure" not in out.casefold() and "inequality" not in out
    assert (
        run(["--journal", str(tagged.folder), "export", "-f", fmt, "--include-private", "-"]) == 0
    )
    assert "restructure-rumours" in capsys.readouterr().out


def test_a_split_export_front_matter_has_no_private_tag(tagged: Journal, tmp_path: Any) -> None:
    folder = tmp_path / "notes"
    assert run(["--journal", str(tagged.folder), "export", "--split", "-o", str(folder)]) == 0
    texts = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert "tags: []" in texts and "restructure" not in texts


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [("--search", "rumours", "search"), ("--tag", "restructure", "tag")],
)
def test_search_and_tag_do_not_match_private_answers(
    tagged: Journal, option: str, value: str, said: str, capsys: Any
) -> None:
    code = run(["--journal", str(tagged.folder), "export", option, value, "-"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "No entries match" in err and "private" not in err
    asked = ["--journal", str(tagged.folder), "export", option, value, "--include-private", "-"]
    assert run(asked) == 0
    assert "Restructure rumours" in capsys.readouterr().out


def test_a_private_barrier_kind_stays_out_of_the_brief(
    journal: Journal, library: Library, clock: Any
) -> None:
    reframe = Session(library.get("reframe-barrier"), journal)
    reframe.answer("Decisions are made before the meeting.", step_id="barrier")
    reframe.answer("governance", step_id="barrier-kind", private=True)
    reframe.answer("Decisions made in the room, with residents.", step_id="enabler")
    reframe.finish()
    clock.advance(hours=1)
    kinds = {"governance": "Governance that holds power relationships in place"}
    args = (journal.entries(), journal.commitments(), journal.now())
    shared = coach_brief(*args, kinds=kinds).markdown
    assert "Decisions are made before the meeting." in shared and "Governance" not in shared
    assert "Governance" in coach_brief(*args, kinds=kinds, include_private=True).markdown


def test_a_private_entry_never_reaches_the_next_coaching_summary(
    journal: Journal, library: Library, clock: Any, capsys: Any
) -> None:
    reframe = Session(library.get("reframe-barrier"), journal)
    reframe.answer("hush: the director blocks every change.", step_id="barrier")
    reframe.answer("Shared decisions.", step_id="enabler")
    entry = reframe.finish().entry
    journal.save_entry(replace(entry, private=True))
    clock.advance(hours=1)
    assert "hush" not in "\n".join(since_last_coaching(journal).lines())
    # The summary is stored in the preparation, which an export takes.
    prep = Session(library.get("coaching-prep"), journal)
    prep.answer("Time to think.", step_id="want-from-call")
    prep.finish()
    assert run(["--journal", str(journal.folder), "export", "-f", "json", "-"]) == 0
    assert "hush" not in capsys.readouterr().out


def test_history_notes_of_private_reviews_follow_the_rule() -> None:
    built = build([(False, [("commitment", False)]), (False, [("review", True)])])
    selection = select(built.entries, list(built.commitments.values()), ExportOptions())
    # The private review's change goes whole: no note, no smaller step, no new status.
    (shared,) = selection.commitments
    assert shared.history == [] and shared.status == CommitmentStatus.OPEN
    assert shared.first_step and shared.first_step.startswith("open")


@settings(max_examples=30)
@given(entry_plans)
def test_what_is_held_back_is_described_without_private_words(
    plans: list[tuple[bool, list[tuple[str, bool]]]],
) -> None:
    """The export's preview (the app's export screen) names held-back entries by date and
    script, never by a title drawn from their private words."""
    built = build(plans)
    selection = select(built.entries, list(built.commitments.values()), ExportOptions())
    assert "hush" not in "\n".join([selection.summary(), *selection.held_back_lines()])
