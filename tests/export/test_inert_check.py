"""The quick check of a page's markup agrees with the full parser on every markup."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from companion.export.html_page import UnsafeMarkup, _Checker, check_inert

PIECES = st.sampled_from(
    [
        "<p>", "</p>", "text", "&amp;", "&lt;script&gt;", "<script>", "<SCRIPT>", "<img src=x>",
        '<a href="https://example.org">', '<a href="javascript:alert(1)">',
        '<a href="jav&#x61;script:alert(1)">', '<a href="#top" title="t">', "</a>",
        '<a onclick="x">', '<code class="language-py">', '<th style="text-align:left">',
        '<td style="color:red">', '<ol start="3">', "<hr>", "<br />", "<", ">", '"', "<!-- c -->",
        "<p a=b>", "< p>", "<div>", "<em>", "</em>",
    ]
)  # fmt: skip


def _full(markup: str) -> bool:
    try:
        checker = _Checker(convert_charrefs=True)
        checker.feed(markup)
        checker.close()
    except UnsafeMarkup:
        return False
    return True


def _quick(markup: str) -> bool:
    try:
        check_inert(markup)
    except UnsafeMarkup:
        return False
    return True


@given(st.lists(PIECES, max_size=12).map("".join))
def test_the_quick_check_refuses_what_the_full_parser_refuses(markup: str) -> None:
    assert _quick(markup) == _full(markup)
