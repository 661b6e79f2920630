"""Ids: the random part is drawn as secrets draws it, without loading what secrets loads."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.core import ids
from tests.conftest import ROOT


@given(limit=st.integers(1, 2**70))
def test_the_random_part_is_below_its_limit(limit: int) -> None:
    assert 0 <= ids.random_below(limit) < limit


def test_every_value_below_a_small_limit_comes_up() -> None:
    drawn = Counter(ids.random_below(3) for _ in range(300))
    assert set(drawn) == {0, 1, 2}


@pytest.mark.parametrize("limit", [0, -5])
def test_a_limit_of_nothing_is_refused(limit: int) -> None:
    with pytest.raises(ValueError):
        ids.random_below(limit)


def test_the_first_id_loads_neither_secrets_nor_hashlib() -> None:
    """The first reflection of a session makes an id before its first question shows; loading
    secrets (and with it hashlib and OpenSSL) there cost about 2 ms."""
    code = (
        "import sys\n"
        "from companion.core import ids\n"
        "assert ids.is_id(ids.new_id())\n"
        "print(sorted(m for m in ('secrets', 'hashlib', '_hashlib') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
