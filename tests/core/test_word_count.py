"""The word count shown under a long answer, recounted a line at a time as it is typed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from companion.core.answers_check import LineWordCounter, count_words

TEXT = st.text(alphabet=st.sampled_from(list("ab -'’\n\t.é")), max_size=80)


@given(versions=st.lists(TEXT, min_size=1, max_size=6))
def test_counting_line_by_line_agrees_with_counting_the_whole_text(versions: list[str]) -> None:
    counter = LineWordCounter()
    for text in versions:  # the same box, edited again and again
        assert counter.count(text.split("\n")) == count_words(text)
