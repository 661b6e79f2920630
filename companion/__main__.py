"""`python -m companion` and the `companion` command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from companion.cli import main as command

    return command(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
