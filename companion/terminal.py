"""Make stored text safe to show in a terminal without changing what is stored."""

from __future__ import annotations

import re

# CSI/OSC/other escape sequences, then any remaining C0/C1 control character except newline and tab.
_ESCAPES = re.compile(
    r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return "^" + chr(code + 0x40)
    return f"\\x{code:02x}"


def safe_text(text: str) -> str:
    """Neutralise escape sequences and control characters; keep newlines and tabs."""
    without_escapes = _ESCAPES.sub(lambda m: "^[" + m.group(0)[1:].replace("\x1b", "^["), text)
    return _CONTROLS.sub(_visible, without_escapes.replace("\r\n", "\n"))


def safe_line(text: str) -> str:
    """Like safe_text, and on one line."""
    return safe_text(text).replace("\n", " ").replace("\t", " ")
