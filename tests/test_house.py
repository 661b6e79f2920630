"""The house rules of issue 15: small rooms, so each part of Companion can be read in one sitting.

No module of the package over 500 lines, no function over 80, and no more than a dozen entries
at the package's top level (a new concern gets a folder inside one of them).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "companion"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
MAX_TOP_LEVEL = 12


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def test_the_package_has_modules_to_check() -> None:
    # A guard that walks nothing passes for the wrong reason.
    assert {"app.py", "__main__.py"} <= {p.name for p in _modules()}
    assert len(_modules()) > 20


def test_no_module_is_over_500_lines() -> None:
    long = {
        _name(path): count
        for path in _modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"split these by concern (at most {MAX_MODULE_LINES} lines each)"


def test_no_function_is_over_80_lines() -> None:
    long: dict[str, int] = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long[f"{_name(path)}:{node.lineno} {node.name}"] = size
    assert long == {}, f"split these into steps (at most {MAX_FUNCTION_LINES} lines each)"


def test_the_package_top_level_holds_at_most_a_dozen_entries() -> None:
    entries = sorted(
        p.name for p in PACKAGE.iterdir() if p.name not in {"__init__.py", "__pycache__"}
    )
    assert len(entries) <= MAX_TOP_LEVEL, entries
