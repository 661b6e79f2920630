"""Make stored text safe to show in a terminal without changing what is stored.

Everything Companion prints goes through write_out, the one seam between stored text and a
terminal. Text from a leader, a script file or an import could hold terminal controls (an OSC 52
sequence that sets the clipboard, an OSC 8 link, BEL, a lone CR that overwrites a line, C1
bytes) or bidi controls (U+202E turns the rest of a line round). On a terminal they are shown,
never obeyed:

- an escape sequence as ``^[`` and the rest of the sequence as text (``^[]52;c;...``);
- another C0 control as ``^X`` (BEL is ``^G``, a lone CR ``^M``), DEL and C1 as ``\\x85``;
- a bidi control as its code point in angle brackets, ``<U+202E>``: readable, and a screen
  reader says what it is;
- a byte that was not UTF-8 (a file name read with surrogateescape holds it as U+DC80-U+DCFF)
  as ``\\x9b``, the byte itself; any other lone surrogate as ``<U+D800>``.

Newlines and tabs are kept. A document written to a file or a pipe (an export or brief to
standard output when it is not a terminal, JSON) keeps its text exactly, so
``companion export - > file`` gives the same bytes as ``-o file``.
"""

from __future__ import annotations

import re
import sys
from typing import Literal, TextIO

# CSI/OSC/other escape sequences, then any remaining C0/C1 control character except newline and tab.
_ESCAPES = re.compile(
    r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: Bidi controls that reorder the text around them: embeddings, overrides and isolates. The marks
#: (LRM, RLM, ALM) only nudge one character and are part of ordinary right-to-left writing: kept.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
# What JSON leaves raw that a terminal would obey: DEL, C1, bidi controls (C0 is escaped already).
# Lone surrogates (an undecodable byte of a file name) cannot be written as UTF-8 at all.
_JSON_RAW = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"<U+{code:04X}>"
    return f"\\x{code:02x}"


def _bidi_visible(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group(0)):04X}>"


def safe_text(text: str) -> str:
    """Neutralise escape sequences, control characters and bidi controls; keep newlines, tabs."""
    without_escapes = _ESCAPES.sub(lambda m: "^[" + m.group(0)[1:].replace("\x1b", "^["), text)
    shown = _CONTROLS.sub(_visible, without_escapes.replace("\r\n", "\n"))
    return _BIDI.sub(_bidi_visible, shown)


def safe_line(text: str) -> str:
    """Like safe_text, and on one line."""
    return safe_text(text).replace("\n", " ").replace("\t", " ")


def safe_json(text: str) -> str:
    """JSON text with every character a terminal would obey written as a \\u escape: still
    valid JSON, read back as the same data (those characters only occur inside strings)."""
    return _JSON_RAW.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # closed, or not a real stream
        return False


Kind = Literal["text", "document", "json"]


def write_out(
    text: object = "", *, file: TextIO | None = None, end: str = "\n", kind: Kind = "text"
) -> None:
    """Write to standard output (or file): the one way Companion prints.

    kind "text" (messages, listings, an entry shown) is neutralised wherever it goes. A
    "document" (an export, a brief) or "json" is written exactly to a file or pipe, and
    neutralised only on a terminal (JSON with \\u escapes, so it stays valid JSON).
    """
    stream = file if file is not None else sys.stdout
    shown = str(text) + end
    if kind == "text" or is_terminal(stream):
        shown = for_terminal(shown, kind)
    elif kind == "json":
        try:  # encoding megabytes is quicker than searching them with a pattern
            _write_utf8(stream, shown.encode("utf-8"), shown)
            return
        except UnicodeEncodeError:  # a lone surrogate: the same data, and writable as UTF-8
            shown = _SURROGATES.sub(_json_escape, shown)
    stream.write(shown)


def write_encoded(data: bytes, *, file: TextIO | None = None, kind: Kind = "json") -> None:
    """Write a document already encoded as UTF-8 (an export) as write_out writes its text: its
    bytes straight to a file or pipe, neutralised only on a terminal."""
    stream = file if file is not None else sys.stdout
    if is_terminal(stream):
        write_out(data.decode("utf-8"), file=stream, end="", kind=kind)
        return
    _write_utf8(stream, data, None)


def _write_utf8(stream: TextIO, data: bytes, text: str | None) -> None:
    """Write text, already encoded as data, to a stream: its bytes straight to a UTF-8
    stream's buffer (not encoded a second time), else the text."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None or (getattr(stream, "encoding", None) or "").lower() not in _UTF8_NAMES:
        stream.write(data.decode("utf-8") if text is None else text)
        return
    stream.flush()  # what was written before goes first
    buffer.write(data)


_UTF8_NAMES = ("utf-8", "utf8")


def for_terminal(text: str, kind: Kind) -> str:
    """What a terminal is given of text of this kind (JSON stays valid JSON)."""
    return safe_json(text) if kind == "json" else safe_text(text)
