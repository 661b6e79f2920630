"""Exports: what leaves the machine, in which shape, and how it is written."""

from __future__ import annotations

import dataclasses
import json
import stat
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.cli import run
from companion.core import ids
from companion.core.errors import UsageError
from companion.core.model import Answer, Entry
from companion.export import (
    FORMATS,
    ExportOptions,
    export_html,
    export_json,
    export_markdown,
    render,
    select_from_journal,
    write_export,
)
from companion.export.markdown import yaml_string
from companion.journal import Journal
from tests.helpers.export import SECRET, secret_journal


@pytest.fixture
def secrets(journal: Journal, library, clock) -> Journal:  # type: ignore[no-untyped-def]
    return secret_journal(journal, library, clock)


def every_output(journal: Journal, include_private: bool) -> dict[str, str]:
    selection = select_from_journal(journal, ExportOptions(include_private=include_private))
    outputs = {
        "md": export_markdown(selection),
        "html": export_html(selection),
        "json": export_json(selection),
    }
    for name, text in export_markdown(selection, split=True).items():
        outputs[f"split/{name}"] = text
    return outputs


def front_matter(text: str) -> dict[str, object]:
    assert text.startswith("---\n")
    block = text[4 : text.index("\n---\n", 4)]
    found = yaml.safe_load(block)
    assert isinstance(found, dict)
    return found


# ---------------------------------------------------------------------- privacy


def test_nothing_private_leaves_in_any_format(secrets: Journal) -> None:
    selection = select_from_journal(secrets, ExportOptions())
    assert selection.private_entries == 1
    # noticed, the private commitment answer, the private review note, and the review answer
    # about the private commitment (its question names the commitment)
    assert selection.private_answers == 4
    assert selection.private_commitments == 1
    assert "Held back: 1 private entry, 4 private answers and 1 private commitment." in (
        selection.summary()
    )
    lines = selection.held_back_lines()
    assert any("(private entry)" in line for line in lines)
    assert any("Review my commitments" in line and "2 private answers" in line for line in lines)

    for name, text in every_output(secrets, include_private=False).items():
        assert SECRET not in text, name
    # the shared parts are there
    outputs = every_output(secrets, include_private=False)
    assert "The Board paper went through" in outputs["md"]
    assert "walking meeting" in outputs["html"]
    walking = next(c for c in json.loads(outputs["json"])["commitments"] if "walking" in c["text"])
    assert walking["history"] == []  # the private review is taken out whole


def test_include_private_takes_everything_and_marks_it(secrets: Journal) -> None:
    outputs = every_output(secrets, include_private=True)
    for name in ("md", "html", "json"):
        text = outputs[name]
        assert f"{SECRET} entry" in text, name
        assert f"{SECRET} review note about Sam" in text, name
        assert f"{SECRET} tell the chair" in text, name
    assert "(private)" in outputs["md"]
    selection = select_from_journal(secrets, ExportOptions(include_private=True))
    assert selection.held_back == [] and selection.private_commitments == 0
    assert "included, as asked" in selection.summary()


def test_filters_choose_entries_and_their_commitments(secrets: Journal) -> None:
    today = secrets.today()
    options = ExportOptions.from_text(today, script="coaching-debrief")
    selection = select_from_journal(secrets, options)
    assert {e.script_id for e in selection.entries} == {"coaching-debrief"}
    assert [c.text for c in selection.commitments] == [
        "Draft a one-page proposal for a walking meeting"
    ]
    assert selection.drafts == [] and selection.settings == {}

    by_tag = select_from_journal(secrets, ExportOptions(tag="resident"))
    assert [e.script_id for e in by_tag.entries] == ["workshop-close-out"]

    searched = select_from_journal(secrets, ExportOptions(search="board paper"))
    assert [e.script_id for e in searched.entries] == ["learning-diary"]

    first = min(e.completed.date() for e in secrets.entries())
    dated = select_from_journal(secrets, ExportOptions(until=first))
    assert len(dated.entries) == 1
    # a commitment added on its own goes with a date range, not with a script filter
    loose = "Read the insight report before the trio call"
    everything = select_from_journal(secrets, ExportOptions(since=first))
    assert loose in [c.text for c in everything.commitments]
    assert loose not in [c.text for c in selection.commitments]


def test_dates_are_read_like_everywhere_else_and_checked() -> None:
    today = date(2026, 11, 20)
    options = ExportOptions.from_text(today, since="1 Oct", until="2026-11-19")
    assert options.since == date(2026, 10, 1) and options.until == date(2026, 11, 19)
    with pytest.raises(UsageError, match="Since: Companion could not read 'soon'"):
        ExportOptions.from_text(today, since="soon")
    with pytest.raises(UsageError, match="is after the end date"):
        ExportOptions.from_text(today, since="2026-11-19", until="2026-10-01")


# ---------------------------------------------------------------------- Markdown


def test_markdown_front_matter_reads_back_exactly(secrets: Journal) -> None:
    selection = select_from_journal(secrets, ExportOptions())
    files = export_markdown(selection, split=True)
    entries = {e.id: e for e in selection.entries}
    assert len(files) == len(entries) + 1 and "commitments.md" in files
    for name, text in files.items():
        if name == "commitments.md":
            continue
        meta = front_matter(text)
        entry = entries[str(meta["id"])]
        assert meta["date"] == entry.completed.date()
        assert meta["time"] == f"{entry.completed:%H:%M}"
        assert meta["script"] == entry.script_id
        assert meta["tags"] == entry.tags
        assert name.startswith(f"{entry.completed:%Y-%m-%d}-") and name.endswith(".md")
        assert name == name.lower() and all(c.isalnum() or c in "-." for c in name)
    single = export_markdown(selection)
    assert front_matter(single)["entries"] == len(entries)
    blocks = single.split("```yaml\n")[1:]
    assert [yaml.safe_load(b.split("```")[0])["id"] for b in blocks] == list(entries)


@pytest.mark.parametrize(
    "text",
    [
        'a "quote" and a \\ backslash',
        "colon: and # hash, [brackets] {braces} & *star | pipe > more",
        "yes",
        "- dash",
        "line one\nline two\ttab",
        "\x7f del \x85 nel \u2028 line separator \u2029 \ufeff bom \x01 ctl",
        "Café — “quoted” 歩く会議 🙂",
        "---",
        "",
    ],
)
def test_yaml_values_are_quoted_safely(text: str) -> None:
    assert yaml.safe_load(f"value: {yaml_string(text)}") == {"value": text}


def test_split_file_names_are_safe_and_unique(journal: Journal, library, clock) -> None:  # type: ignore[no-untyped-def]
    from companion.core.session import Session

    for _ in range(2):
        diary = Session(library.get("learning-diary"), journal)
        diary.answer("../../etc/passwd: Café <b>*CON*</b>", step_id="happened")
        diary.finish()
        clock.advance(minutes=5)
    files = export_markdown(select_from_journal(journal, ExportOptions()), split=True)
    assert sorted(files) == [
        "2026-11-20-etc-passwd-cafe-b-con-b-2.md",
        "2026-11-20-etc-passwd-cafe-b-con-b.md",
    ]


def test_commitments_are_listed_with_status_and_due_date(secrets: Journal) -> None:
    text = export_markdown(select_from_journal(secrets, ExportOptions()))
    commitments = text.split("# Commitments", 1)[1]
    invite = "- [ ] Invite a resident to the next partnership meeting 📅 2026-11-10 ^c-"
    assert invite in commitments
    assert "Due: Tuesday 10 November 2026" in commitments
    assert "- [x] Read the insight report before the trio call ✅ 2026-11-13 ^c-" in commitments
    assert "Status: done" in commitments
    assert "Useful for the trio" in commitments  # a shared note in the history


# ---------------------------------------------------------------------- JSON


def test_json_is_versioned_sorted_and_the_same_every_time(secrets: Journal) -> None:
    selection = select_from_journal(secrets, ExportOptions())
    text = export_json(selection)
    assert text == export_json(select_from_journal(secrets, ExportOptions()))
    data = json.loads(text)
    assert data["companion"] == "export" and data["format"] == 1
    assert sorted(data) == ["commitments", "companion", "drafts", "entries", "format", "settings"]
    completed = [e["completed"] for e in data["entries"]]
    assert completed == sorted(completed)
    assert data["settings"] == {"last_review": secrets.meta["last_review"]}
    assert text.endswith("}\n")


@pytest.mark.parametrize("include_private", [False, True])
def test_json_from_stored_documents_is_the_same_export(
    secrets: Journal, include_private: bool
) -> None:
    """The command writes unchanged records as stored; that must change no byte and no privacy."""
    options = ExportOptions(include_private=include_private)
    converted = export_json(select_from_journal(secrets, options))
    selection = select_from_journal(secrets, options, stored=True)
    assert export_json(selection) == converted
    reused = [r for r in [*selection.entries, *selection.commitments] if r.id in selection.stored]
    as_read = [r for r in reused if selection.stored[r.id][0] is r]
    assert as_read, "some records go exactly as stored"
    assert (SECRET in converted) is include_private
    everything = len(selection.entries) + len(selection.commitments)
    if include_private:  # every record goes as stored (the converters' fields are all known)
        assert len(as_read) == everything
    else:  # the records that lost private words were converted afresh
        assert len(as_read) < everything


def test_a_stored_record_with_fields_this_version_does_not_know_is_converted(
    secrets: Journal,
) -> None:
    """A field from a newer Companion (or a hand edit) might be private: it never goes as is."""
    shards = sorted((secrets.folder / "entries").glob("*.json"))
    shards += sorted((secrets.folder / "commitments").glob("*.json"))
    for shard in shards:
        data = json.loads(shard.read_text())
        for table in data.values():
            for doc in table.values():
                doc["unknown_note"] = f"{SECRET} from a newer Companion"
                doc.pop("edits", None)  # and a field an older one did not write
        shard.write_text(json.dumps(data))
    journal = Journal.open(secrets.folder)
    selection = select_from_journal(journal, ExportOptions(include_private=True), stored=True)
    assert selection.stored == {}
    text = export_json(selection)
    assert "unknown_note" not in text
    assert text == export_json(select_from_journal(journal, ExportOptions(include_private=True)))


# ---------------------------------------------------------------------- writing


def test_files_are_private_and_never_overwritten_unasked(tmp_path: Path, secrets: Journal) -> None:
    selection = select_from_journal(secrets, ExportOptions())
    target = tmp_path / "new" / "journal.md"
    written = write_export(render(selection, FORMATS["md"]), target)
    assert written.files == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    target.write_text("my own notes")
    with pytest.raises(UsageError, match=r"already exists.*--force"):
        write_export("new text", target)
    assert target.read_text() == "my own notes"
    write_export("new text", target, force=True)
    assert target.read_text() == "new text"
    with pytest.raises(UsageError, match="is a folder"):
        write_export("text", tmp_path, force=True)
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    write_export("text", shared / "x.html")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # a folder we did not make is left alone


def test_a_split_export_appears_whole_and_keeps_other_files(
    tmp_path: Path, secrets: Journal
) -> None:
    files = export_markdown(select_from_journal(secrets, ExportOptions()), split=True)
    folder = tmp_path / "vault"
    write_export(files, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(files)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    (folder / "mine.md").write_text("not Companion's")
    with pytest.raises(UsageError, match="already has files in it"):
        write_export(files, folder)
    write_export(files, folder, force=True)
    assert (folder / "mine.md").read_text() == "not Companion's"


# ---------------------------------------------------------------------- the command


def export_cli(journal: Journal, *args: str) -> list[str]:
    return ["--journal", str(journal.folder), "export", *args]


def test_export_command_reports_what_left_and_what_was_held_back(
    tmp_path: Path, secrets: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.html"
    assert run(export_cli(secrets, "-o", str(target))) == 0  # format from the extension
    err = capsys.readouterr().err
    assert f"Exported 5 entries and 3 commitments to {target}." in err
    assert "Held back: 1 private entry, 4 private answers and 1 private commitment." in err
    assert "--include-private" in err
    assert target.read_text().startswith("<!DOCTYPE html>")

    assert run(export_cli(secrets, "--format", "json", "--tag", "board", "-")) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["entries"][0]["tags"] == ["board"]
    assert "to standard output" in err

    folder = tmp_path / "notes"
    assert run(export_cli(secrets, "--split", "--include-private", "-o", str(folder))) == 0
    assert len(list(folder.iterdir())) == 7
    assert "included, as asked" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "cannot export to 'pdf'. Choose one of: md, html, json"),
        (["--since", "someday"], "Since: Companion could not read 'someday' as a date"),
        (["--script", "no-such-script"], "There is no script 'no-such-script'"),
        (["--format", "html", "--split"], "--split writes one Markdown file per entry"),
        (["--split", "-o", "-"], "give the folder's name with -o"),
        (["--search", "nothing-matches-this"], "No entries match matching"),
    ],
)
def test_export_command_refuses_bad_requests_in_one_sentence(
    tmp_path: Path,
    secrets: Journal,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(export_cli(secrets, *args)) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("companion-journal")]


def test_export_command_never_overwrites_without_force(
    tmp_path: Path, secrets: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "journal.md"
    target.write_text("keep me")
    assert run(export_cli(secrets, "-o", str(target))) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "keep me"
    assert run(export_cli(secrets, "-o", str(target), "--force")) == 0
    assert target.read_text().startswith("---\n")


@pytest.mark.parametrize("verb", [["export", "--format", "json"], ["brief"]])
def test_a_pipe_is_written_into_never_replaced(tmp_path: Path, secrets: Journal, verb) -> None:  # type: ignore[no-untyped-def]
    """-o /dev/stdout, /dev/null or a named pipe: the text goes into it and the pipe stays."""
    import os
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    assert run(["--journal", str(secrets.folder), *verb, "-o", str(pipe)]) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(pipe.stat().st_mode), "still a pipe, not a file put in its place"
    text = received[0].decode()
    assert text.startswith("{") if verb[0] == "export" else "#" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal", "pipe"], "no temp file left"


def test_the_installed_command_exports_to_stdout(companion_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    journal = tmp_path / "journal"
    added = companion_cli("--journal", str(journal), "commitments", "add", "Call Sam")
    assert added.returncode == 0
    result = companion_cli("--journal", str(journal), "export", "-f", "md", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert "- [ ] Call Sam ^c-" in result.stdout
    assert "Exported 0 entries and 1 commitment to standard output." in result.stderr


def test_starred_entries_read_and_write(journal: Journal, library) -> None:  # type: ignore[no-untyped-def]
    from companion.core.session import Session

    session = Session(library.get("learning-diary"), journal)
    session.answer("A good day", step_id="happened")
    entry: Entry = session.finish().entry
    raw = (journal.folder / "entries" / "2026-11.json").read_text()
    assert "starred" not in raw  # journals without stars are written as before
    journal.save_entry(dataclasses.replace(entry, starred=True))
    assert journal.entry(entry.id).starred
    files = export_markdown(select_from_journal(journal, ExportOptions()), split=True)
    assert front_matter(next(iter(files.values())))["starred"] is True


def test_a_draft_review_of_a_private_commitment_stays_out(
    secrets: Journal,
    library,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    from companion.core.session import Session

    review = Session(library.get("review-commitments"), secrets)
    for step in review.steps:
        if step.commitment is not None:
            review.answer({"decision": "still-on", "note": "going fine"}, step_id=step.id)
    assert secrets.drafts()
    text = export_json(select_from_journal(secrets, ExportOptions()))
    assert SECRET not in text
    assert "going fine" in text  # the reviews of shared commitments stay in the draft


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("verb", [["export", "--format", "json"], ["brief"]])
def test_a_device_that_refuses_the_text_gets_one_sentence(
    secrets: Journal, capsys: pytest.CaptureFixture[str], verb: list[str]
) -> None:
    assert run(["--journal", str(secrets.folder), *verb, "-o", "/dev/full"]) == 6  # write error
    err = capsys.readouterr().err
    assert "full" in err and "Traceback" not in err and "inside Companion" not in err


def test_a_file_name_no_file_can_have_is_one_sentence(
    journal: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--journal", str(journal.folder), "export", "\ud800"]) == 2
    assert "not valid text" in capsys.readouterr().err


# ---------------------------------------------------------------------- records as stored

#: Answers as leaders (and hand edits) write them: quotes, backslashes, a quote and a colon,
#: a space before a colon, what looks like JSON, accents and emoji.
TRICKY_TEXT = st.lists(
    st.sampled_from(['"', "\\", '":', " :", "{", "}", "é", "“", "🙂", "\n", "a", " ", "\t"]),
    max_size=8,
).map("".join)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.lists(st.tuples(TRICKY_TEXT, st.booleans()), max_size=3)),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_records_written_as_stored_are_the_export_and_hold_nothing_private(
    plans: list[tuple[bool, list[tuple[str, bool]]]], include_private: bool
) -> None:
    """Whatever the answers hold, writing records as stored changes no byte of the export, and
    a private answer or entry leaves only when asked for."""
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal.open(Path(folder) / "journal")
        for number, (private_entry, answers) in enumerate(plans):
            when = datetime(2026, 1 + number, 3, 9, 0, tzinfo=UTC)
            journal.save_entry(
                Entry(
                    id=ids.new_id(at=when),
                    script_id="learning-diary",
                    script_version=1,
                    script_title="Learning diary",
                    started=when,
                    completed=when,
                    answers=[
                        Answer(f"step-{n}", "What happened?", "long", f"{hush}{text}", private)
                        for n, (text, private) in enumerate(answers)
                        for hush in ["hush " if private or private_entry else ""]
                    ],
                    private=private_entry,
                )
            )
        options = ExportOptions(include_private=include_private)
        converted = export_json(select_from_journal(journal, options))
        stored = select_from_journal(journal, options, stored=True)
        assert export_json(stored) == converted
        json.loads(converted)
        secret = any((p and a) or any(private for _, private in a) for p, a in plans)
        assert ("hush" in converted) is (include_private and secret)


def test_a_key_written_twice_never_carries_hidden_words_out(secrets: Journal) -> None:
    """A hand-edited file can write a key twice: json.loads keeps the second, so the first is
    never judged by the privacy rule, and the stored text (which holds both) must not go."""
    before = export_json(select_from_journal(secrets, ExportOptions(), stored=True))
    hidden = "words hidden by a key written twice"
    for shard in sorted((secrets.folder / "entries").glob("*.json")):
        text = shard.read_text(encoding="utf-8")
        shard.write_text(text.replace('"value":', f'"value":"{hidden}","value":', 1))
    journal = Journal.open(secrets.folder)
    selection = select_from_journal(journal, ExportOptions(), stored=True)
    exported = export_json(selection)
    assert hidden not in exported
    assert exported == before  # the same records, converted and written afresh
    assert not any(r.id in selection.stored for r in selection.entries)


def test_an_encrypted_journal_exports_the_same_bytes(
    secrets: Journal, tmp_path: Path, companion_cli: Any
) -> None:
    plain = companion_cli("--journal", str(secrets.folder), "export", "--format", "json", "-")
    assert plain.returncode == 0, plain.stderr
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("a long enough passphrase for the test\n", encoding="utf-8")
    passphrase.chmod(0o600)
    base = ("--journal", str(secrets.folder), "--passphrase-file", str(passphrase))
    sealed = companion_cli(*base, "encrypt")
    assert sealed.returncode == 0, sealed.stderr
    exported = companion_cli(*base, "export", "--format", "json", "-")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == plain.stdout and SECRET not in exported.stdout


def test_a_lone_surrogate_escape_in_a_stored_file_is_exported_as_written(
    secrets: Journal, companion_cli: Any, tmp_path: Path
) -> None:
    """A hand edit can store \\ud800 (no character at all): it goes as that escape, still JSON,
    to standard output and to a file (which once stopped with "something went wrong")."""
    shard = sorted((secrets.folder / "entries").glob("*.json"))[0]
    text = shard.read_text(encoding="utf-8")
    shard.write_text(text.replace("Introductory workshop", "Introductory \\ud800 workshop"))
    for stored in (True, False):
        journal = Journal.open(secrets.folder)
        exported = export_json(select_from_journal(journal, ExportOptions(), stored=stored))
        assert "Introductory \\ud800 workshop" in exported
    out = companion_cli("--journal", str(secrets.folder), "export", "--format", "json", "-")
    assert out.returncode == 0, out.stderr
    assert "Introductory \\ud800 workshop" in out.stdout
    target = tmp_path / "out.json"
    to_file = companion_cli("--journal", str(secrets.folder), "export", "-o", str(target))
    assert to_file.returncode == 0, to_file.stderr
    assert target.read_text(encoding="utf-8") == out.stdout
    assert (
        "Introductory \ud800 workshop"
        in json.loads(out.stdout)["entries"][0]["answers"][0]["value"]
    )
