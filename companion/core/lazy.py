"""Names a module offers but loads only when first asked for (PEP 562)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def loaded_when_used(module: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module's `__getattr__`: each name in `where` comes from the module named beside it,
    imported the first time the name is asked for."""

    def __getattr__(name: str) -> Any:
        source = where.get(name)
        if source is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        return getattr(importlib.import_module(source), name)

    return __getattr__
