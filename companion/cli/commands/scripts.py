"""`companion scripts`: list, show or check reflection scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from companion.cli import output
from companion.cli.parser import Verbs, add_verb, sub_verbs
from companion.core.text import safe_line, safe_text, write_out


def add_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    scripts = add_verb(verbs, common, "scripts", "list, show or check reflection scripts")
    actions = sub_verbs(scripts)
    script_list = actions.add_parser("list", help="every script you can run")
    script_list.add_argument("--json", action="store_true", help="print JSON")
    script_show = actions.add_parser("show", help="a script's steps and file")
    script_show.add_argument("script", help="the script's id")
    script_show.add_argument("--json", action="store_true", help="print JSON")
    script_check = actions.add_parser("validate", help="check script files")
    script_check.add_argument("files", nargs="+", metavar="FILE", help="TOML script files")


def cmd_scripts(args: argparse.Namespace) -> int:
    if args.action == "validate":
        return _validate(args.files)
    if args.action == "show":
        return _show(args)
    return _list(args)  # `companion scripts` and `companion scripts list`


def _validate(names: list[str]) -> int:
    from companion.core.scripts import ScriptFileError, load_script

    failed = 0
    for name in names:
        try:
            script = load_script(Path(name))
        except ScriptFileError as error:
            failed += 1
            for found in error.problems:
                write_out(safe_text(str(found)), file=sys.stderr)
            continue
        write_out(
            f"{name}: fine ({script.id}, version {script.version}, {len(script.steps)} steps)"
        )
    return 1 if failed else 0


def _show(args: argparse.Namespace) -> int:
    from companion.core.model import MOMENTS

    library = output.library(warn=False)
    script = library.get(args.script)
    if args.json:
        output.print_json(script_doc(script))
        return 0
    write_out(f"{safe_line(script.title)} ({script.id}, version {script.version})")
    write_out(f"For: {MOMENTS.get(script.moment, script.moment)}")
    write_out(f"File: {script.path}")
    write_out()
    write_out(safe_text(script.intro))
    write_out()
    for number, step in enumerate(script.steps, start=1):
        needed = "" if step.required or step.kind == "info" else ", optional"
        private = ", private" if step.private else ""
        write_out(f"{number}. [{step.id}] ({step.kind}{needed}{private}) {safe_line(step.prompt)}")
        for option in step.options:
            write_out(f"     - {option.value}: {safe_line(option.label)}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from companion.core.model import MOMENTS

    library = output.library(warn=False)  # listed below as "Not loaded"
    scripts = library.ordered()
    if getattr(args, "json", False):
        output.print_json(
            {
                "scripts": [
                    {k: v for k, v in script_doc(s).items() if k != "steps"} for s in scripts
                ],
                "broken": [str(b) for b in library.broken],
            }
        )
        return 0
    moment = None
    for script in scripts:
        if script.moment != moment:
            moment = script.moment
            write_out(f"\n{MOMENTS.get(moment, moment)}")
        origin = "" if script.builtin else "  (your script)"
        write_out(f"  {script.id:<22} {safe_line(script.title)}{origin}")
    for problem in library.broken:
        write_out(f"\nNot loaded: {safe_text(str(problem))}")
    return 0


def script_doc(script: Any) -> dict[str, Any]:
    return {
        "id": script.id,
        "title": script.title,
        "version": script.version,
        "moment": script.moment,
        "summary": script.summary,
        "path": script.path,
        "builtin": script.builtin,
        "steps": [
            {
                "id": step.id,
                "kind": step.kind,
                "prompt": step.prompt,
                "required": step.required,
                "private": step.private,
                "hint": step.hint,
                "example": step.example,
                "target_words": step.target_words,
                "options": [{"value": o.value, "label": o.label} for o in step.options],
                "allow_other": step.allow_other,
                "min": step.min,
                "max": step.max,
            }
            for step in script.steps
        ],
    }


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {"scripts": cmd_scripts}
