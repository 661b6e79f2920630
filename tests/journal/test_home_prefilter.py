"""Which stored commitments Home converts: the quick look at their stored text picks exactly
those the earlier rule picked, whatever a file holds (hand-edited, synced, damaged)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.core.errors import JournalDamaged
from companion.core.views.home import read_home
from companion.journal import Journal
from companion.journal.reading import may_be_active_or_touched

_dates = st.sampled_from(
    ["2025-11-28", "2025-11-29", "2025-11-30", "2026-01-01T09:00:00+00:00", "2025-11-29T23:59"]
) | st.text(alphabet="0123456789-T:+Z ", max_size=14)
_odd = (
    st.none()
    | st.integers()
    | st.lists(st.integers(), max_size=2)
    | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
)
_values = _dates | _odd
_changes = st.dictionaries(st.sampled_from(["at", "status", "due"]), _values, max_size=3) | _odd


def _earlier_rule(doc: dict[str, Any], earliest: str | None) -> bool:
    """The rule as it was written before (each date cut to its first ten characters)."""
    if doc.get("status", "open") not in ("done", "dropped"):
        return True
    if earliest is None:
        return False
    try:
        due = doc.get("due")
        return (
            doc["created"][:10] >= earliest
            or (due is not None and due[:10] >= earliest)
            or any(change["at"][:10] >= earliest for change in doc.get("history", ()))
        )
    except (KeyError, TypeError):
        return True


@given(
    doc=st.fixed_dictionaries(
        {},
        optional={
            "status": st.sampled_from(["open", "done", "dropped", "renegotiated", "Done"]) | _odd,
            "created": _values,
            "due": _values,
            "history": st.lists(_changes, max_size=3) | _values,
        },
    ),
    earliest=st.none() | st.sampled_from(["2025-11-29", "2000-01-01", "2100-12-31"]),
)
def test_the_quick_look_picks_what_the_earlier_rule_picked(
    doc: dict[str, Any], earliest: str | None
) -> None:
    try:
        earlier = _earlier_rule(doc, earliest)
    except TypeError:  # a status such as [] stopped the earlier rule itself
        earlier = True  # now converted, and so reported as damage (below)
    assert may_be_active_or_touched(doc, earliest) == earlier


@pytest.mark.parametrize("status", [[], {}, ["done"]])
def test_a_status_no_one_can_read_says_damaged_on_home_not_a_crash(
    journal: Journal, status: object
) -> None:
    """A hand-edited status of [] stopped Home's read with Python's TypeError (a traceback as
    Companion opened); it is the damaged file the full read reports, with its name."""
    made = journal.add_commitment("Ask the chair about the agenda")
    path = journal._shard_path("commitments", made.id)
    data = json.loads(path.read_text("utf-8"))
    data["commitments"][made.id]["status"] = status
    path.write_text(json.dumps(data), "utf-8")
    reopened = Journal.open(journal.folder, clock=journal.clock)
    with pytest.raises(JournalDamaged, match="cannot read"):
        read_home(reopened, review_day="friday")
