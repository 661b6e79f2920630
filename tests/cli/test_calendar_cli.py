"""`companion calendar` as a leader runs it: a real process, a real journal folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import icalendar

DATA = Path(__file__).parent.parent / "importing" / "data"


def test_add_list_import_export_and_remove(companion_cli: Any, tmp_path: Path) -> None:
    env = {
        "COMPANION_JOURNAL": str(tmp_path / "journal"),
        "COMPANION_CONFIG_DIR": str(tmp_path / "config"),
        "TZ": "Europe/London",
    }

    def run(*args: str) -> Any:
        return companion_cli("calendar", *args, env=env)

    added = run("add", "Coaching call with Jo", "--on", "tomorrow", "--at", "10:00")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Added coaching call Coaching call with Jo tomorrow (10:00)")
    series = run("add", "Workshop", "--on", "in 2 days", "--every", "2", "--until", "in 5 weeks")
    assert series.returncode == 0 and "and 2 more" in series.stdout

    listed = run("--json", "--days", "40")
    assert listed.returncode == 0
    sessions = json.loads(listed.stdout)
    call = sessions[0]
    assert call["kind"] == "coaching-call" and call["script"] == "coaching-prep"
    assert call["start"].endswith(("+00:00", "+01:00")) and "T10:00:00" in call["start"]
    assert [s["kind"] for s in sessions[1:]] == ["workshop"] * 3

    imported = run("import", str(DATA / "apple.ics"))
    assert imported.returncode == 0, imported.stderr
    again = run("import", str(DATA / "apple.ics"))
    assert "Nothing new" in again.stdout

    target = tmp_path / "programme.ics"
    wrote = run("export", "-o", str(target))
    assert wrote.returncode == 0, wrote.stderr
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Coaching call with Jo" in summaries and "Weekly review of my commitments" in summaries
    refused = run("export", "-o", str(target))
    assert refused.returncode == 2 and "--force" in refused.stderr

    removed = run("remove", call["id"][:10])
    assert removed.returncode == 0 and "Removed Coaching call with Jo" in removed.stdout
    assert call["id"] not in run("--json", "--days", "40").stdout


def test_a_broken_calendar_is_one_sentence_and_exit_two(companion_cli: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"\xff\xfe\x00garbage")
    env = {"COMPANION_JOURNAL": str(tmp_path / "journal")}
    result = companion_cli("calendar", "import", str(broken), env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "nothing was imported" in result.stderr
    assert not (tmp_path / "journal" / "sessions.json").exists()
