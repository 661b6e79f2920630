"""Markdown to one self-contained, inert HTML page: for exports and anything else shared.

The page is safe to open whatever the Markdown says: raw HTML in the text is shown as text
(markdown-it-py's ``js-default`` preset), only http, https and mailto links become links,
images become links (a page never loads anything), a Content-Security-Policy meta tag forbids
scripts and every outside request, and the rendered markup is checked against an allow-list
before it is returned. The CSS is inline, with print styles: a thematic break (``---``) between
two parts of the Markdown becomes a page break on paper.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from companion.core.progress import Progress, counted

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: Link schemes a page may carry; every other scheme (javascript:, vbscript:, data:, file:…)
#: is left as plain text.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
# Characters browsers drop or ignore inside a URL, which could hide a scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")

CSS = """\
:root { color-scheme: light dark; --ink: #1d1d1f; --paper: #fffdf8; --muted: #5f5f66;
  --rule: #d9d4c7; --accent: #7a3e00; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #ecebe6; --paper: #1b1b1d; --muted: #a8a7a0; --rule: #3d3c38; --accent: #f0b070; }
}
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body { margin: 0 auto; max-width: 44rem; padding: 2.5rem 1.25rem 4rem;
  font: 1.06rem/1.6 Charter, "Bitstream Charter", Georgia, "Times New Roman", serif;
  overflow-wrap: anywhere; }
h1, h2, h3, h4 { font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
  line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: 1.6rem; border-bottom: 2px solid var(--rule); padding-bottom: 0.3rem; }
h2 { font-size: 1.12rem; color: var(--accent); }
h3 { font-size: 1rem; }
p, ul, ol, blockquote, pre, table { margin: 0 0 0.9em; }
blockquote { margin-left: 0; padding-left: 1rem; border-left: 3px solid var(--rule);
  color: var(--muted); }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: 0.9em; }
pre { padding: 0.75rem; border: 1px solid var(--rule); white-space: pre-wrap; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--rule); padding: 0.25rem 0.5rem; text-align: left; }
a { color: var(--accent); }
hr { border: 0; border-top: 1px solid var(--rule); margin: 2.5rem 0; }
em { color: var(--muted); }
@media print {
  html { background: #fff; color: #000; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  h1, h2, h3 { break-after: avoid; }
  p, li, blockquote, pre { break-inside: avoid-page; }
  hr { break-after: page; border: 0; margin: 0; }
  a { color: #000; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
}
@page { margin: 2cm; }
"""


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; "
        f"form-action 'none'; img-src 'none'; style-src 'sha256-{digest}'"
    )


CONTENT_SECURITY_POLICY = _csp()


def is_safe_link(url: str) -> bool:
    """Whether a (normalised) link may become a link: http, https, mailto, or no scheme."""
    bare = _URL_NOISE.sub("", html.unescape(url))
    match = _SCHEME.match(bare)
    if match is None:
        first_part = re.split(r"[/?#]", bare, maxsplit=1)[0]
        # Protocol-relative links reach out to a host; a colon before the first slash is a
        # scheme some reader might decode (java%0ascript:), so neither becomes a link.
        return not bare.startswith("//") and ":" not in first_part
    return match.group(1).lower() in SAFE_SCHEMES


def _renderer() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("js-default")  # raw HTML off: any tag in the text is shown as text
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    md.disable("image")  # ![alt](url) becomes a plain link: a page never loads anything
    return md


def markdown_to_html(markdown: str) -> str:
    """The body markup for some Markdown, checked to be inert (raises if it is not)."""
    body: str = _renderer().render(markdown)
    check_inert(body)
    return body


def markdown_to_html_page(markdown: str, title: str, *, lang: str = "en") -> str:
    """A complete, self-contained HTML page showing markdown, with title as its <title>."""
    return _page(markdown_to_html(markdown), title, lang)


def markdown_parts_to_html_page(
    parts: list[str], title: str, *, lang: str = "en", progress: Progress | None = None
) -> str:
    """The page of the parts' Markdown with a thematic break between parts (the same page as
    markdown_to_html_page of the parts joined by a break), telling progress part by part."""
    renderer = _renderer()
    bodies = [renderer.render(part) for part in counted(parts, progress, "Making the page")]
    body = "<hr>\n".join(bodies)
    check_inert(body)
    return _page(body, title, lang)


def _page(body: str, title: str, lang: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang, quote=True)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(' '.join(title.split()), quote=True)}</title>\n"
        f"<style>{CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        f"{body}"
        "</main>\n"
        "</body>\n"
        "</html>\n"
    )


# ---------------------------------------------------------------------- the final check

_ALLOWED_TAGS = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
        "code", "em", "strong", "s", "a", "hr", "br", "table", "thead", "tbody", "tr",
        "th", "td",
    }
)  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "code": {"class"},
    "th": {"style"},
    "td": {"style"},
}
_CELL_STYLE = re.compile(r"^text-align:(left|right|center)$")


class UnsafeMarkup(RuntimeError):
    """Rendered markup that is not on the allow-list (a bug: nothing is written)."""


class _Checker(HTMLParser):
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        _check_tag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _check_tag(tag: str, attrs: list[tuple[str, str | None]]) -> None:
    if tag not in _ALLOWED_TAGS:
        raise UnsafeMarkup(f"unexpected <{tag}> in rendered Markdown")
    allowed = _ALLOWED_ATTRIBUTES.get(tag, set())
    for name, value in attrs:
        if name not in allowed:
            raise UnsafeMarkup(f"unexpected attribute {name!r} on <{tag}>")
        if name == "href" and not is_safe_link(value or ""):
            raise UnsafeMarkup(f"unsafe link {value!r}")
        if name == "style" and not _CELL_STYLE.match(value or ""):
            raise UnsafeMarkup(f"unexpected style {value!r}")


#: The plain shape markdown-it-py writes every tag in: lower-case names, double-quoted values.
_PLAIN_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z]+="[^"<>]*")*) ?/?>')
_PLAIN_ATTRIBUTE = re.compile(r' ([a-z]+)="([^"<>]*)"')


def _check_plain(markup: str) -> bool:
    """Check markup tag by tag if each `<` in it starts a tag of the plain shape (raising
    UnsafeMarkup as the full check would); False if any does not (the full parser decides)."""
    matches = list(_PLAIN_TAG.finditer(markup))
    if len(matches) != markup.count("<"):  # a tag holds no other "<": each starts one match
        return False
    checked: set[str] = set()
    for match in matches:
        whole = match.group(0)
        if match.group(1) or whole in checked:  # an end tag carries nothing to check
            continue
        attributes: list[tuple[str, str | None]] = [
            (name, html.unescape(value)) for name, value in _PLAIN_ATTRIBUTE.findall(match[3])
        ]
        _check_tag(match.group(2), attributes)
        checked.add(whole)
    return True


def check_inert(markup: str) -> None:
    """Raise UnsafeMarkup unless markup holds only allowed tags, attributes and links.

    Markup in the plain shape markdown-it-py writes is checked tag by tag from a strict pattern,
    each distinct tag once (HTMLParser took a sixth of exporting ten years); anything else goes
    through the full parser.
    """
    if _check_plain(markup):
        return
    checker = _Checker(convert_charrefs=True)
    checker.feed(markup)
    checker.close()
