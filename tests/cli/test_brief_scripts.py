"""`companion brief` names a step the facilitator's version of a script lacks, in one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.cli import run
from companion.core import locations

ROOT = Path(__file__).resolve().parents[2]


def test_the_brief_names_the_missing_step_and_still_writes_the_brief(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    scripts = locations.user_scripts_dir()
    scripts.mkdir(parents=True)
    text = (ROOT / "prompts" / "reframe-barrier.toml").read_text(encoding="utf-8")
    mine = scripts / "reframe.toml"
    mine.write_text(text.replace('id = "enabler"', 'id = "what-would-help"'), encoding="utf-8")
    code = run(["brief", "--journal", str(tmp_path / "journal")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("# Coaching brief")
    assert (
        "The coach brief uses the step 'enabler' of the script 'reframe-barrier', and your "
        f"version of that script ({mine}) has no such step; rename it back, or remove your "
        "version to use the built-in one."
    ) in err.splitlines()
    mine.unlink()
    assert run(["brief", "--journal", str(tmp_path / "journal")]) == 0
    assert "your version" not in capsys.readouterr().err
