"""Stored text never takes the terminal: every verb that prints it shows controls, never obeys them.

A terminal would obey an OSC 52 sequence (it sets the clipboard), an OSC 8 link, BEL, a lone CR
(it overwrites the line), C1 bytes (\\x9b is a one-byte CSI) and bidi controls (U+202E turns
the rest of a line round). To a file or a pipe, an export or a brief keeps its text exactly.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from companion import cli
from companion.cli import output
from companion.core.model import CommitmentStatus, Draft, Option, Script, Step
from companion.core.scripts import Library
from companion.core.session import Session
from companion.core.text import BIDI_CONTROLS, safe_json, safe_line, safe_text, write_out
from companion.journal import Journal
from tests.conftest import ROOT, FakeClock
from tests.helpers.pty import interruptible

OSC52 = "\x1b]52;c;aGFja2Vk\x07"
HOSTILE = (
    f"Call Sam {OSC52}now \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 "
    "\x1b[2Jclear bell\x07 over\rwrite c1\x85 csi\x9b31m \u202eevil\u202c end"
)
# A lone CR (not the CR of a pty's CRLF), ESC, BEL, C1, bidi controls.
OBEYED = re.compile(f"[\x1b\x07\x80-\x9f{BIDI_CONTROLS}]|\r(?!\n)")


def obeyed(text: str) -> list[str]:
    return OBEYED.findall(text)


class Tty(io.StringIO):
    """A standard stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run_on(tty: bool, journal: Path, *args: str) -> tuple[int, str, str]:
    """Run one command line in this process, with stdout and stderr a terminal or not."""
    out, err = (Tty(), Tty()) if tty else (io.StringIO(), io.StringIO())
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = cli.run(["--journal", str(journal), *args])
    finally:
        sys.stdout, sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def plant(journal: Journal, library: Library, clock: Any, text: str = HOSTILE) -> dict[str, str]:
    """An entry, commitment, history note, tag, barrier and draft, each holding text."""
    close_out = Session(library.get("workshop-close-out"), journal)
    close_out.answer("Introductory workshop", step_id="session")
    close_out.answer(text, step_id="resonated")
    close_out.answer({"text": text, "first_step": text}, step_id="commitment")
    entry = close_out.finish().entry
    journal.save_entry(dataclasses.replace(entry, tags=[text]))
    commitment = journal.commitments()[0]
    journal.set_commitment_status(commitment.id, CommitmentStatus.DONE, note=text)
    clock.advance(hours=1)
    reframe = Session(library.get("reframe-barrier"), journal)
    reframe.answer(text, step_id="barrier")
    reframe.answer(text, step_id="enabler")
    reframe.finish()
    now = journal.now()
    journal.save_draft(Draft("d1", "learning-diary", 1, text, now, now))
    clock.advance(hours=1)
    return {"entry": entry.id, "commitment": commitment.id}


@pytest.fixture
def hostile(
    journal: Journal, library: Library, clock: FakeClock
) -> Iterator[tuple[Path, dict[str, str]]]:
    yield journal.folder, plant(journal, library, clock)


def verbs(ids: dict[str, str], out: Path) -> list[list[str]]:
    return [
        ["show", ids["entry"]],
        ["show", ids["entry"], "--json"],
        ["list"],
        ["list", "--json"],
        ["commitments"],
        ["commitments", "--json"],
        ["commitments", "show", ids["commitment"]],
        ["commitments", "show", ids["commitment"], "--json"],
        ["drafts"],
        ["drafts", "--json"],
        ["stats"],
        ["barriers"],
        ["barriers", "--json"],
        ["brief"],
        ["brief", "--format", "html"],
        ["brief", "--include-private", "-o", "-"],
        ["export", "-"],
        ["export", "--format", "html", "-"],
        ["export", "-f", "json", "-"],
        ["export", "--split", "-o", str(out)],  # file names made from stored text
        ["show", HOSTILE],  # an error that quotes what was typed
        ["export", "--search", HOSTILE, "-"],
    ]


def test_every_verb_shows_stored_controls_on_a_terminal(
    hostile: tuple[Path, dict[str, str]],
) -> None:
    folder, ids = hostile
    for args in verbs(ids, folder.parent / "split-out"):
        code, out, err = run_on(True, folder, *args)
        assert code in (0, 2, 3, 4), (args, err)
        assert not obeyed(out) and not obeyed(err), (args, obeyed(out + err))
        if "--json" in args:  # still valid JSON, and the same data as in a pipe
            _, piped, _ = run_on(False, folder, *args)
            assert json.loads(out) == json.loads(piped)
            assert OSC52 in piped or "\\u001b]52" in piped


def test_controls_are_shown_readably(
    hostile: tuple[Path, dict[str, str]],
) -> None:
    folder, ids = hostile
    _, out, _ = run_on(True, folder, "show", ids["entry"])
    assert "^[]52;c;aGFja2Vk^G" in out and "<U+202E>evil<U+202C>" in out
    assert "over^Mwrite" in out and "c1\\x85" in out
    _, out, _ = run_on(True, folder, "show", ids["entry"], "--json")
    assert "\\u202eevil\\u202c" in out and "\\u0085" in out


@pytest.mark.parametrize(
    "args",
    [
        ["export", "-"],
        ["export", "--format", "html", "-"],
        ["export", "-f", "json", "-"],
        ["brief"],
    ],
)
def test_a_pipe_gets_exactly_what_a_file_gets(
    hostile: tuple[Path, dict[str, str]],
    args: list[str],
    tmp_path: Path,
) -> None:
    folder, _ = hostile
    target = tmp_path / "out.txt"
    to_file = [*args[:-1], "-o", str(target)] if args[-1] == "-" else [*args, "-o", str(target)]
    if args[0] == "export" and "-f" not in args and "--format" not in args:
        to_file = [*to_file, "--format", "md"]
    assert run_on(False, folder, *to_file)[0] == 0
    code, piped, _ = run_on(False, folder, *args)
    assert code == 0
    written = target.read_bytes()
    assert piped.encode("utf-8") == written
    if "json" not in args:  # JSON escapes controls itself; the others keep them as written
        assert OSC52.encode() in written and "\u202e".encode() in written


def test_a_script_file_cannot_take_the_terminal(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    step = Step(
        "pick",
        "choice",
        f"Pick one {HOSTILE}",
        options=(Option(f"v{OSC52}", f"Label {HOSTILE}"),),
    )
    script = Script(
        "evil", f"Title {HOSTILE}", 1, "coaching", "s", f"Intro {HOSTILE}", (step,), path=HOSTILE
    )
    library = Library(scripts={"evil": script})
    monkeypatch.setattr(output, "library", lambda warn=True: library)
    for args in (
        ["scripts", "show", "evil"],
        ["scripts", "list"],
        ["scripts", "show", "evil", "--json"],
    ):
        code, out, err = run_on(True, journal.folder, *args)
        assert code == 0 and not obeyed(out + err), (args, obeyed(out + err))


def test_doctor_shows_a_planted_file_name_without_obeying_it(journal: Journal) -> None:
    journal.add_commitment("Something")
    planted = journal.folder / "commitments" / f"c{OSC52}\u202e.json"
    planted.write_text("not json", encoding="utf-8")
    planted.chmod(0o644)
    code, out, err = run_on(True, journal.folder, "doctor")
    assert code == 1 and "^[]52;c;" in out
    assert not obeyed(out + err), obeyed(out + err)


control_text = st.text(
    alphabet=st.sampled_from(
        [
            "a",
            " ",
            "\n",
            "\r",
            "\t",
            "\x1b",
            "]",
            "[",
            ";",
            "\x07",
            "\x85",
            "\x9b",
            "\x9c",
            "\x00",
            "\x7f",
            "\u202e",
            "\u2066",
            "\u200f",
            "\u061c",
            "é",
            "\\",
            "8",
            "5",
            "2",
            "m",
        ]
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=15)
@given(text=control_text)
def test_any_stored_text_is_shown_not_obeyed(library: Library, tmp_path: Path, text: str) -> None:
    clock = FakeClock(datetime(2026, 11, 20, 16, 30, tzinfo=UTC))
    with tempfile.TemporaryDirectory(dir=tmp_path) as scratch:
        journal = Journal.open(Path(scratch) / "j", clock=clock, lock_timeout=2.0)
        ids = plant(journal, library, clock, text=f"x{text}x")
        for args in (
            ["show", ids["entry"]],
            ["list"],
            ["commitments"],
            ["commitments", "show", ids["commitment"]],
            ["export", "-"],
            ["brief"],
            ["show", ids["entry"], "--json"],
        ):
            code, out, err = run_on(True, journal.folder, *args)
            assert code == 0 and not obeyed(out + err), (args, obeyed(out + err))


@example("\u202eevil\u2066 \u200f\u061c \x1b]52;c;eA==\x07 \r \x85")
@given(st.text(max_size=40))
def test_safe_text_leaves_nothing_a_terminal_obeys(text: str) -> None:
    assert not obeyed(safe_text(text))
    assert not obeyed(safe_line(text)) and "\n" not in safe_line(text)
    assert safe_text(safe_text(text)) == safe_text(text)


@given(
    st.recursive(
        st.text() | st.integers(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=8,
    )
)
def test_json_for_a_terminal_reads_back_as_the_same_data(data: Any) -> None:
    shown = safe_json(json.dumps(data, ensure_ascii=False, indent=2))
    assert json.loads(shown) == data
    assert not OBEYED.search(shown.replace("\r", ""))


def test_write_out_keeps_a_document_exact_in_a_pipe_and_shows_it_on_a_terminal() -> None:
    pipe, tty = io.StringIO(), Tty()
    write_out(HOSTILE, file=pipe, end="", kind="document")
    write_out(HOSTILE, file=tty, end="", kind="document")
    assert pipe.getvalue() == HOSTILE
    assert tty.getvalue() == safe_text(HOSTILE) and not obeyed(tty.getvalue())
    plain = io.StringIO()
    write_out(HOSTILE, file=plain)  # a message or listing is shown safely wherever it goes
    assert not obeyed(plain.getvalue())


# ---------------------------------------------------------------------- the seam is the only way


@pytest.mark.parametrize(
    "module",
    [
        *sorted(
            str(path.relative_to(ROOT / "companion")).replace("\\", "/")
            for path in (ROOT / "companion" / "cli").rglob("*.py")
        ),
        "plain/__init__.py",
    ],
)
def test_the_command_and_plain_mode_print_only_through_the_seam(module: str) -> None:
    source = (ROOT / "companion" / module).read_text(encoding="utf-8")
    tree = ast.parse(source)
    bare = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "print")
            or (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "write"
                and ast.unparse(node.func.value) in ("sys.stdout", "sys.stderr")
            )
        )
    ]
    assert not bare, f"companion/{module} prints without terminal.write_out at lines {bare}"


def test_plain_mode_says_and_asks_through_safe_text() -> None:
    from companion.plain import LineAsker

    said: list[str] = []
    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        return "1"

    asker = LineAsker(read=read, write=said.append)
    asker.say(HOSTILE)
    asker.choose(HOSTILE, [Option("v", HOSTILE)], None, False)
    asker.line(HOSTILE, current=HOSTILE)
    assert said and asked
    assert not obeyed("".join(said) + "".join(asked))


# ---------------------------------------------------------------------- a real terminal


def in_pty(journal: Path, *args: str) -> bytes:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "companion", "--journal", str(journal), *args],
        env={**os.environ, "TERM": "xterm"},
        preexec_fn=interruptible,
        cwd=str(ROOT),
        timeout=20,
        dimensions=(24, 200),
    )
    output = child.read()
    child.close()
    assert child.exitstatus == 0, output
    return bytes(output)


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [["export", "-"], ["export", "--format", "html", "-"], ["brief", "--format", "html"]]
)
def test_a_document_on_a_real_terminal_is_shown_not_obeyed(
    hostile: tuple[Path, dict[str, str]], args: list[str]
) -> None:
    folder, _ = hostile
    output = in_pty(folder, *args).decode("utf-8")
    assert "^[]52;c;aGFja2Vk^G" in output
    assert not obeyed(output), obeyed(output)


@pytest.mark.slow
def test_export_through_cat_is_the_file_byte_for_byte(
    hostile: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, _ = hostile
    target = tmp_path / "journal.md"
    base = [sys.executable, "-m", "companion", "--journal", str(folder), "export"]
    subprocess.run([*base, "-o", str(target)], check=True, cwd=ROOT, capture_output=True)
    piped = subprocess.run(
        f"{shlex.join(base)} - | cat", shell=True, check=True, cwd=ROOT, capture_output=True
    )
    assert piped.stdout == target.read_bytes()
    assert OSC52.encode() in piped.stdout


# ------------------------------------------------- bytes that were not UTF-8, and other ways out

#: Text as Python reads a name or a typed line holding bytes that are not UTF-8 (surrogateescape).
UNDECODED = os.fsdecode(b"caf\xe9\x9b2J")
with_surrogates = st.text(st.characters() | st.characters(categories=["Cs"]), max_size=30)


@example(UNDECODED)
@given(with_surrogates)
def test_a_byte_that_was_not_utf8_is_shown_as_that_byte(text: str) -> None:
    for shown in (safe_text(text), safe_line(text)):
        shown.encode("utf-8")  # writable to any UTF-8 terminal, never a raw byte
        assert not obeyed(shown)
    if text == UNDECODED:
        assert safe_text(text) == "caf\\xe9\\x9b2J"


@example([UNDECODED, "\ud800"])
@given(st.recursive(with_surrogates, lambda inner: st.lists(inner, max_size=3), max_leaves=4))
def test_json_with_such_bytes_reads_back_as_the_same_data(data: Any) -> None:
    for kind, stream in (("terminal", Tty()), ("pipe", io.StringIO())):
        write_out(json.dumps(data, ensure_ascii=False), file=stream, kind="json")
        shown = stream.getvalue()
        shown.encode("utf-8")
        assert json.loads(shown) == data, kind


@pytest.fixture
def odd_script_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user script whose file name holds bytes that are not UTF-8 (one a one-byte CSI)."""
    config = tmp_path / "config"
    (config / "scripts").mkdir(parents=True)
    text = (ROOT / "prompts" / "coaching-debrief.toml").read_text(encoding="utf-8")
    text = text.replace('id = "coaching-debrief"', 'id = "my-own"', 1)
    path = config / "scripts" / f"{UNDECODED}.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("COMPANION_CONFIG_DIR", str(config))
    return path


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["scripts", "show", "my-own"], "caf\\xe9\\x9b2J"),
        (["scripts", "show", "my-own", "--json"], "caf\\udce9\\udc9b2J"),
        (["scripts", "list", "--json"], "caf\\udce9\\udc9b2J"),
    ],
)
def test_a_file_name_that_is_not_utf8_is_shown_not_obeyed(
    odd_script_name: Path, journal: Journal, args: list[str], shown: str
) -> None:
    code, out, err = run_on(True, journal.folder, *args)
    assert code == 0 and shown in out, out
    (out + err).encode("utf-8")
    assert not obeyed(out + err)


def test_scripts_list_json_with_such_a_name_is_valid_json_on_a_pipe(
    odd_script_name: Path, journal: Journal
) -> None:
    code, out, _ = run_on(False, journal.folder, "scripts", "list", "--json")
    out.encode("utf-8")
    paths = [s.get("path") for s in json.loads(out)["scripts"]]
    assert code == 0 and str(odd_script_name) in paths


def test_a_journal_path_that_is_not_utf8_is_shown_not_obeyed(tmp_path: Path) -> None:
    folder = tmp_path / os.fsdecode(b"x\x9b31m")
    _, out, err = run_on(True, folder, "doctor")
    assert "x\\x9b31m" in out + err
    (out + err).encode("utf-8")


def test_plain_mode_asks_again_for_a_line_it_cannot_read() -> None:
    from companion.plain import LineAsker

    said: list[str] = []
    typed = iter([f"{UNDECODED} day", "cafe day"])
    asker = LineAsker(read=lambda prompt: next(typed), write=said.append)
    assert asker.line("Which session was it?") == "cafe day"
    assert any("caf\\xe9\\x9b2J day" in line for line in said)
    assert not obeyed("".join(said))


def test_plain_mode_keeps_the_session_when_a_byte_is_not_utf8(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    typed = b"caf\xe9 day\nCafe day\n:quit\n"
    command = ["--journal", str(journal), "reflect", "workshop-close-out", "--plain"]
    result = subprocess.run(
        [sys.executable, "-m", "companion", *command],
        input=typed,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert "could not read part of that line: caf\\xe9 day" in out, out + err
    assert "went wrong" not in err and result.returncode == 130, out + err
    assert Journal.open(journal).drafts()[0].answers["session"].value == "Cafe day"


def test_the_passphrase_prompt_shows_the_journal_path_safely(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import getpass

    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or "x")
    output.ask_secret(f"Passphrase for the journal at /tmp/{OSC52}{UNDECODED}: ")
    assert asked and not obeyed(asked[0]) and "\\x9b2J" in asked[0]


def test_a_document_written_into_a_terminal_device_is_shown_not_obeyed() -> None:
    """`-o /dev/stdout` (or /dev/tty) on a terminal: the same as `-`."""
    from companion.journal.files import write_document

    if not hasattr(os, "openpty"):
        pytest.skip("no pseudo-terminals here")
    main, side = os.openpty()
    try:
        document = json.dumps({"text": HOSTILE}, ensure_ascii=False)
        write_document(Path(os.ttyname(side)), document.encode("utf-8"), "json")
        as_json = os.read(main, 65536).decode("utf-8")
        write_document(Path(os.ttyname(side)), HOSTILE.encode("utf-8"))
        as_text = os.read(main, 65536).decode("utf-8").replace("\r\n", "\n")
    finally:
        os.close(main)
        os.close(side)
    assert not obeyed(as_json + as_text), obeyed(as_json + as_text)
    assert json.loads(as_json) == {"text": HOSTILE}
    assert as_text == safe_text(HOSTILE)


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["export", "-o", "/dev/stdout"],
        ["export", "--format", "json", "-o", "/dev/stdout"],
        ["export", "--format", "html", "-o", "/dev/stderr"],
        ["brief", "-o", "/dev/stdout"],
    ],
)
def test_a_document_sent_to_the_terminal_by_name_is_shown_not_obeyed(
    hostile: tuple[Path, dict[str, str]], args: list[str]
) -> None:
    folder, _ = hostile
    output = in_pty(folder, *args, "--force").decode("utf-8")
    assert "^[]52;c;aGFja2Vk^G" in output or "\\u009b" in output
    assert not obeyed(output), obeyed(output)
