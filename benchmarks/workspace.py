"""The benchmark's working folder: sample journals cached between runs, jrnl's journal, the machine.

Everything lives in .bench/ at the top of the checkout (ignored by git). A sample journal is
built once per seed and generator version (and whenever the generator or the scripts change)
and reused; each run works on a fresh copy so a measurement never changes the cache.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from companion.core.model import SCHEMA_VERSION, Entry  # noqa: E402
from companion.core.views.render import answer_markdown  # noqa: E402
from companion.journal import Journal  # noqa: E402
from tools import sample  # noqa: E402

BENCH_DIR = ROOT / ".bench"


def cache_key(size: sample.Size, seed: int) -> str:
    """Seed and generator version, plus a digest of what the output depends on."""
    digest = hashlib.sha256()
    for path in [ROOT / "tools" / "sample.py", *sorted((ROOT / "prompts").glob("*.toml"))]:
        digest.update(path.read_bytes())
    name = size.name.replace(" ", "-")
    return (
        f"{name}-seed{seed}-v{sample.GENERATOR_VERSION}-format{SCHEMA_VERSION}-"
        f"{digest.hexdigest()[:10]}"
    )


def sample_journal(size: sample.Size, seed: int = sample.SEED) -> Path:
    """The cached sample journal of this size, built first if need be."""
    folder = BENCH_DIR / "journals" / cache_key(size, seed)
    if (folder / "journal.json").is_file():
        return folder
    print(f"Building the {size.name} sample journal (once; cached in {folder})...", flush=True)
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.parent.mkdir(parents=True, exist_ok=True)
    sample.generate(building, size, seed=seed)
    (building / ".lock").unlink(missing_ok=True)
    building.rename(folder)  # only a complete journal gets the cached name
    return folder


def fresh_copy(folder: Path, scratch: Path, name: str) -> Path:
    """A copy of a cached journal to measure on (the cache itself is never written to)."""
    target = scratch / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(folder, target)
    return target


def journal_facts(folder: Path) -> str:
    journal = Journal.open(folder)
    paths = journal.journal_files()
    size = sum(p.stat().st_size for p in paths) / 1e6
    return (
        f"{len(journal.entries()):,} entries, {len(journal.commitments()):,} commitments "
        f"({size:.1f} MB in {len(paths)} files)"
    )


# ---------------------------------------------------------------------- jrnl


def jrnl_text(entries: list[Entry]) -> str:
    """The same entries in jrnl's plain-text format: `[YYYY-MM-DD HH:MM] title` then the body."""
    chunks = []
    for entry in sorted(entries, key=lambda e: (e.completed, e.id)):
        body = []
        for answer in entry.answers:
            if answer.kind == "info":
                continue
            body.append(f"{answer.prompt}\n{answer_markdown(answer)}")
        tags = " ".join(f"@{tag}" for tag in entry.tags)
        text = "\n\n".join(body) + (f"\n\n{tags}" if tags else "")
        # jrnl reads a line starting with a bracketed date as a new entry; ours never do.
        chunks.append(f"[{entry.completed:%Y-%m-%d %H:%M}] {entry.script_title}.\n{text}\n\n")
    return "".join(chunks)


def jrnl_version(jrnl: Path) -> str:
    result = subprocess.run([str(jrnl), "--version"], capture_output=True, text=True, check=True)
    return result.stdout.split()[1]  # "jrnl v4.6"


def jrnl_workspace(journal_folder: Path, jrnl: Path) -> dict[str, str]:
    """A jrnl journal with the sample's text and a config in its own HOME; returns jrnl's env."""
    folder = BENCH_DIR / "jrnl" / journal_folder.name
    home = folder / "home"
    config = home / ".config"
    text_file = folder / "journal.txt"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(config),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "NO_COLOR": "1",
    }
    if text_file.is_file() and (config / "jrnl" / "jrnl.yaml").is_file():
        return env
    (config / "jrnl").mkdir(parents=True, exist_ok=True)
    text_file.write_text(jrnl_text(Journal.open(journal_folder).entries()), encoding="utf-8")
    (config / "jrnl" / "jrnl.yaml").write_text(
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {text_file}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        f"version: {jrnl_version(jrnl)}\n",
        encoding="utf-8",
    )
    return env


# ---------------------------------------------------------------------- the machine


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
                break
    except OSError:
        pass
    from importlib.metadata import version

    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "python": platform.python_version(),
        "textual": version("textual"),
        "os": platform.platform(),
        "disk": _filesystem(BENCH_DIR),
    }


def _filesystem(path: Path) -> str:
    try:
        result = subprocess.run(
            ["df", "--output=fstype", str(path)], capture_output=True, text=True, check=True
        )
        return result.stdout.split()[-1]
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
