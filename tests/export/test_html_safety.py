"""The HTML export is inert: hostile answers and metadata never become live markup.

One test parses the page with html.parser; another opens it in headless Chromium and checks
that it renders and that no script runs (Debian's `chromium`, installed by `make test`).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from companion.core.session import Session
from companion.export import ExportOptions, export_html, select_from_journal
from companion.export.html_page import CONTENT_SECURITY_POLICY, markdown_to_html_page
from companion.journal import Journal

HOSTILE = [
    "<script>document.title='PWNED'</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=\"document.title='PWNED'\">",
    "<svg onload=\"document.body.setAttribute('data-pwned','1')\"></svg>",
    "<svg><script>document.title='PWNED'</script></svg>",
    '<div onclick="alert(1)" onmouseover=alert(1)>hover me</div>',
    "<iframe src=\"javascript:document.title='PWNED'\"></iframe>",
    "<style>body{background:url(https://evil.example/track.png)}</style>",
    "<object data=evil.swf></object><embed src=evil.swf><base href=https://evil.example/>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<form action=https://evil.example><input name=q></form>",
    "[click](javascript:document.title='PWNED')",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript&#x3A;alert(1))",
    "[click](java%0ascript:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "<JaVaScRiPt:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "![pixel](https://evil.example/track.png)",
    "![pixel](data:image/png;base64,iVBORw0KGgo=)",
    "[ref][x]\n\n[x]: javascript:alert(1)",
    "<a href='javascript:alert(1)'>raw link</a>",
    "<b>unclosed <i>markup <a href=",
    "```\nunclosed fence <script>alert(1)</script>",
    "<!-- comment --><![CDATA[ x ]]><?php echo 1 ?>",
    '"><script>alert(1)</script>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]

SAFE_SCHEMES = ("http:", "https:", "mailto:")
DANGEROUS_TAGS = {
    "script", "iframe", "frame", "object", "embed", "svg", "math", "img", "style", "link",
    "base", "form", "input", "button", "meta", "video", "audio", "source", "template",
}  # fmt: skip


class Inventory(HTMLParser):
    """Every element and attribute of a page, with the <head> told apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_head = False
        self.head: list[tuple[str, dict[str, str | None]]] = []
        self.body: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
        (self.head if self.in_head else self.body).append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def inventory(page: str) -> Inventory:
    found = Inventory()
    found.feed(page)
    found.close()
    return found


def hostile_journal(journal: Journal, library) -> Journal:  # type: ignore[no-untyped-def]
    """Each hostile string as an answer, and as script titles, prompts and tags."""
    for number, text in enumerate(HOSTILE):
        session = Session(library.get("learning-diary"), journal)
        session.answer(text, step_id="happened")
        session.answer(f"Between {text} and more", step_id="learning")
        session.answer([f"tag-{number}", text[:40]], step_id="tags")
        entry = session.finish().entry
        answers = [
            dataclasses.replace(a, prompt=f"{a.prompt} {text}") if a.step_id == "happened" else a
            for a in entry.answers
        ]
        journal.save_entry(
            dataclasses.replace(entry, script_title=f"Diary {text}", answers=answers)
        )
    journal.add_commitment(f"Commit {HOSTILE[0]} {HOSTILE[11]}", first_step=HOSTILE[2])
    return journal


def assert_inert(page: str) -> None:
    found = inventory(page)
    assert [tag for tag, _ in found.head] == [
        "head",
        "meta",
        "meta",
        "meta",
        "meta",
        "title",
        "style",
    ]
    for tag, attrs in found.body:
        assert tag not in DANGEROUS_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "srcset", "style", "action", "formaction", "background")
            if name == "href":
                assert value is not None
                bare = "".join(value.split()).lower()
                assert bare.startswith(SAFE_SCHEMES) or ":" not in bare.split("/")[0], value
    lowered = page.lower()
    assert "<script" not in lowered and "javascript:alert" not in "".join(
        v or "" for _, a in found.body for v in a.values()
    )


def test_hostile_answers_and_metadata_are_shown_as_text(journal: Journal, library) -> None:  # type: ignore[no-untyped-def]
    hostile_journal(journal, library)
    page = export_html(
        select_from_journal(journal, ExportOptions()), title="</title><script>alert(1)</script>"
    )
    assert_inert(page)
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in page or (
        "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in page
    )
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    # the only live links are ones a person could follow safely
    hrefs = [a.get("href") for tag, a in inventory(page).body if tag == "a"]
    assert "https://evil.example/track.png" in hrefs  # an image became a link, never a load
    assert all(str(h).startswith(("http:", "https:", "mailto:")) for h in hrefs)


def test_the_page_forbids_scripts_and_outside_requests() -> None:
    page = markdown_to_html_page("# Hello\n\nText.", "Hello")
    policy = CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in policy and "script-src 'none'" in policy
    assert "unsafe-inline" not in policy
    head = page.split("</head>")[0]
    assert f'<meta http-equiv="Content-Security-Policy" content="{policy}">' in head
    assert head.index("Content-Security-Policy") < head.index("<title>")
    assert "@media print" in page and "break-after: page" in page
    assert "url(" not in head and "@import" not in head and "://" not in head  # nothing fetched


# ---------------------------------------------------------------------- a real browser


def chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing: `make system-tools` installs it (apt-get).")
        pytest.skip("chromium is not installed (make system-tools installs it)")
    return found


def dump_dom(browser: str, page: Path, profile: Path) -> str:
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=2000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


TRAP = "<script>document.title='PWNED';document.body.setAttribute('data-pwned','1')</script>"


@pytest.mark.slow
def test_chromium_renders_the_export_and_runs_no_script(
    tmp_path: Path, journal: Journal, library
) -> None:  # type: ignore[no-untyped-def]
    browser = chromium()
    hostile_journal(journal, library)
    session = Session(library.get("learning-diary"), journal)
    session.answer(f"A page that renders. {TRAP}", step_id="happened")
    session.finish()
    page = tmp_path / "journal.html"
    page.write_text(export_html(select_from_journal(journal, ExportOptions())), encoding="utf-8")

    # The harness can see a script run: the same trap, live, in a page without the policy.
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><title>Safe</title><body>{TRAP}</body>")
    assert "PWNED" in inventory_title(dump_dom(browser, control, tmp_path / "p1"))

    dom = dump_dom(browser, page, tmp_path / "p2")
    assert "A page that renders." in dom
    assert "Companion journal" in dom and "Diary" in dom
    assert inventory_title(dom) == "Companion journal"
    assert all("data-pwned" not in attrs for _, attrs in inventory(dom).body)
    for tag, _ in inventory(dom).body:
        assert tag not in {"img", "iframe", "svg", "object", "embed"}


@pytest.mark.slow
def test_chromium_enforces_the_policy_even_on_markup_that_slipped_in(tmp_path: Path) -> None:
    browser = chromium()
    page = markdown_to_html_page("Policy check.", "Policy")
    page = page.replace("<main>", f"<main>{TRAP}", 1)  # as if rendering had let one through
    path = tmp_path / "policy.html"
    path.write_text(page, encoding="utf-8")
    dom = dump_dom(browser, path, tmp_path / "p")
    assert "Policy check." in dom
    assert inventory_title(dom) == "Policy"
    assert all("data-pwned" not in attrs for _, attrs in inventory(dom).body)


def inventory_title(dom: str) -> str:
    start = dom.find("<title>")
    return dom[start + 7 : dom.find("</title>", start)] if start >= 0 else ""
