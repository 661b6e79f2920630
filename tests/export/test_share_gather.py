"""Sharing with the trio and gathering: three leaders' journals, shares named, anonymous and
sealed, gathered into the learning report, the impact report and the Culture Book.

Every private word of the three journals holds PRIVATE or SECRET, so a search of the bytes of
every file proves none of it left.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from companion.core.errors import ImportFileError, UsageError
from companion.core.scripts import Library
from companion.export import ExportOptions
from companion.export.gather import FORMS, Contribution, gather, report_document, report_form
from companion.export.share import SEAL_LABEL, share_from_journal, write_share
from companion.importing.contributions import gather_report, read_contribution
from companion.journal import Journal
from tests.export.test_html_safety import HOSTILE as HOSTILE_HTML
from tests.helpers.cohort import HOSTILE, LEADERS, PRIVATE_MARKS, three_journals

PASSPHRASE = "three leaders walking"


@pytest.fixture(scope="module")
def journals(tmp_path_factory: pytest.TempPathFactory, library: Library) -> list[Journal]:
    return three_journals(tmp_path_factory.mktemp("trio"), library)


@pytest.fixture(scope="module")
def shared(
    journals: list[Journal], library: Library, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Ben's share named, Chloe's anonymous, Dana's named and sealed."""
    folder = tmp_path_factory.mktemp("shared")
    files = {}
    for journal, member, anonymous, sealed in zip(
        journals, LEADERS, (False, True, False), (False, False, True), strict=True
    ):
        who = None if anonymous else member.name
        plan = share_from_journal(journal, ExportOptions(), who, library)
        target = folder / f"{member.name.split()[0].lower()}.json"
        write_share(plan.contribution(), target, passphrase=PASSPHRASE if sealed else None)
        files[member.name] = target
    return files


def _no_private_words(data: bytes, where: str) -> None:
    for mark in PRIVATE_MARKS:
        assert mark.encode() not in data, where
        assert mark.lower().encode() not in data.lower(), where


def test_a_named_share_credits_the_leader_and_carries_no_private_word(
    shared: dict[str, Path],
) -> None:
    ben = shared["Ben Okafor"]
    raw = ben.read_bytes()
    _no_private_words(raw, ben.name)
    doc = json.loads(raw)
    assert doc["companion_contribution"] == 1 and doc["contributor"] == "Ben Okafor"
    assert len(doc["entries"]) == 5
    # Days, never times of day or journal ids.
    assert {e["when"] for e in doc["entries"]} >= {"2026-05-21", "2026-11-02"}
    assert "T17:40" not in raw.decode() and "commitment_id" not in raw.decode()
    assert oct(ben.stat().st_mode & 0o777) == oct(0o600)


def test_an_anonymous_share_has_no_name_no_day_and_no_journal_id(
    shared: dict[str, Path], journals: list[Journal]
) -> None:
    raw = shared["Chloe Marsh"].read_text()
    doc = json.loads(raw)
    assert doc["contributor"] is None
    assert "Chloe" not in raw and 'Marsh"' not in raw
    assert all(len(e["when"]) == 7 for e in doc["entries"])  # the month only
    for entry in journals[1].entries():
        assert entry.id not in raw
    for commitment in journals[1].commitments():
        assert commitment.id not in raw


def test_a_sealed_share_is_unreadable_and_opens_only_with_its_passphrase(
    shared: dict[str, Path], tmp_path: Path
) -> None:
    sealed = shared["Dana Reyes"]
    raw = sealed.read_bytes()
    assert b"Dana" not in raw and b"Board papers" not in raw
    contribution = read_contribution(sealed, PASSPHRASE)
    assert contribution.contributor == "Dana Reyes"
    with pytest.raises(ImportFileError) as wrong:
        read_contribution(sealed, "not the passphrase")
    assert str(wrong.value).count(". ") <= 1 and "does not open with this passphrase" in str(
        wrong.value
    )
    with pytest.raises(ImportFileError, match="sealed with a passphrase"):
        read_contribution(sealed)
    assert SEAL_LABEL not in raw


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_report_from_the_three_holds_their_words_and_no_private_one(
    shared: dict[str, Path], form: str, fmt: str
) -> None:
    report = gather_report(list(shared.values()), report_form(form), fmt, PASSPHRASE)
    data = report.text.encode()
    _no_private_words(data, f"{form}.{fmt}")
    assert len(report.gathered.contributions) == 3
    assert "Ben Okafor" in report.text and "Dana Reyes" in report.text
    assert "a participant" in report.text and "Chloe" not in report.text
    if fmt == "html":
        assert (
            report.text.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in report.text
        )


def test_the_reports_put_each_answer_where_the_programme_expects_it(
    shared: dict[str, Path],
) -> None:
    paths = list(shared.values())
    learning = gather_report(paths, report_form("learning"), "md", PASSPHRASE).text
    assert "### resident-voice" in learning and "### Red tape" in learning
    assert "### Silos between organisations and sectors" in learning
    assert "Silence in a meeting is information, not agreement." in learning
    impact = gather_report(paths, report_form("impact"), "md", PASSPHRASE).text
    assert "**Early signs of impact on citizens**" in impact
    assert "two older tenants who had not" in impact
    assert "Information governance took two months." in impact  # Chloe's difficulties
    assert "— Ben Okafor (Review an experiment, 2 September 2026)" in impact
    book = gather_report(paths, report_form("culture book"), "md", PASSPHRASE).text
    assert "- Residents decide; we do the paperwork. — *Ben Okafor*" in book
    assert "Follow one person's journey end to end" in book
    assert "## Our vision" in book and "every referral for physical activity" in book


def test_the_same_contribution_gathered_twice_counts_once(shared: dict[str, Path]) -> None:
    ben = shared["Ben Okafor"]
    once = gather_report([ben], report_form("impact"), "md")
    twice = gather_report([ben, ben], report_form("impact"), "md")
    assert twice.gathered.repeated_files == 1
    assert once.text == twice.text
    assert "1 contribution given more than once" in twice.gathered.summary()


def test_the_same_entry_shared_named_and_anonymously_counts_once(
    journals: list[Journal], library: Library, tmp_path: Path
) -> None:
    ben = journals[0]
    named = share_from_journal(ben, ExportOptions(), "Ben Okafor", library).contribution()
    anonymous = share_from_journal(ben, ExportOptions(), None, library).contribution()
    assert named.id != anonymous.id
    gathered = gather([named, anonymous])
    assert len(gathered.entries) == 5 and gathered.repeated_entries == 5
    impact = report_document(gathered, FORMS["impact"], "md")
    assert impact.count("### ") == 1  # one barrier changed, counted once
    assert impact.count("two older tenants") == 1 and impact.count("Eleven ideas") == 1
    assert "— Ben Okafor" in impact and "— a participant" not in impact  # the first credit


def test_leaving_answers_out_leaves_them_out(journals: list[Journal], library: Library) -> None:
    plan = share_from_journal(journals[0], ExportOptions(script="capture-impact"), "Ben", library)
    principle = next(item for item in plan.leaving if item.answer.step_id == "principle")
    contribution = plan.contribution({principle.key})
    text = contribution.to_json()
    assert "Residents decide; we do the paperwork." not in text
    assert "You left out 1 answer." in plan.summary({principle.key})
    everything = {item.key for item in plan.leaving}
    with pytest.raises(UsageError, match="Every answer was left out"):
        from companion.export.share import refuse_empty

        refuse_empty(plan, plan.contribution(everything))


def test_a_share_shows_every_answer_that_leaves_before_writing(
    journals: list[Journal], library: Library
) -> None:
    plan = share_from_journal(journals[2], ExportOptions(), "Dana Reyes", library)
    lines = [item.line() for item in plan.leaving]
    assert any("Silence in a meeting" in line for line in lines)
    assert not any(SECRET_WORD in line for line in lines for SECRET_WORD in PRIVATE_MARKS)
    assert all("\x1b" not in line for line in lines)  # controls shown, never obeyed
    assert "Held back: 3 private answers" in plan.summary()


def test_a_hostile_answer_stays_text_in_markdown_and_html(shared: dict[str, Path]) -> None:
    book = gather_report(list(shared.values()), report_form("culture-book"), "md", PASSPHRASE)
    assert "\x1b" not in book.text and "\x07" not in book.text
    assert "\\[@click=app.quit\\]" in book.text  # escaped: Markdown shows it as written
    page = gather_report(list(shared.values()), report_form("culture-book"), "html", PASSPHRASE)
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(1)" in page.text
    assert HOSTILE[:8] not in page.text


@pytest.mark.parametrize("hostile", HOSTILE_HTML)
def test_no_hostile_text_becomes_markup_in_any_report(hostile: str) -> None:
    from companion.export.gather import SharedAnswer, SharedEntry

    answers = tuple(
        SharedAnswer(step, "Q", "long", hostile)
        for step in ("barrier-changed", "evidence", "advice", "principle", "learned")
    )
    entries = (
        SharedEntry("capture-impact", hostile, "2026-11-03", (hostile,), answers),
        SharedEntry("workshop-close-out", "W", "2026-11", (hostile,), answers),
    )
    gathered = gather([Contribution(hostile, entries)])
    for form in FORMS.values():
        page = report_document(gathered, form, "html")  # check_inert raises on live markup
        tags = _Tags()
        tags.feed(page)
        assert not {"script", "img", "iframe", "svg", "object", "embed", "form"} & tags.found


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add(tag)


def test_an_empty_choice_and_private_only_share_are_one_sentence(
    journals: list[Journal], library: Library
) -> None:
    from companion.export.share import refuse_empty

    plan = share_from_journal(journals[0], ExportOptions(script="shared-purpose"), "B", library)
    with pytest.raises(UsageError, match="No entries match script shared-purpose"):
        refuse_empty(plan, plan.contribution())


def test_a_share_never_overwrites_a_file_unasked(
    journals: list[Journal], library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "mine.json"
    target.write_text("keep me")
    contribution = share_from_journal(journals[0], ExportOptions(), "Ben", library).contribution()
    with pytest.raises(UsageError, match="already exists"):
        write_share(contribution, target)
    assert target.read_text() == "keep me"
    write_share(contribution, target, force=True)
    assert json.loads(target.read_text())["contributor"] == "Ben"


def test_sharing_the_same_entries_twice_gives_the_same_bytes(
    journals: list[Journal], library: Library
) -> None:
    first = share_from_journal(journals[1], ExportOptions(), None, library).contribution()
    again = share_from_journal(journals[1], ExportOptions(), None, library).contribution()
    assert first.to_json() == again.to_json()
    assert json.loads(first.to_json())["id"] == first.id
    assert Contribution(None, first.entries).id == first.id
