"""Every path Companion uses, in one place; nothing is decided at import time."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "companion"
JOURNAL_ENV = "COMPANION_JOURNAL"
CONFIG_ENV = "COMPANION_CONFIG_DIR"
DATA_ENV = "COMPANION_DATA_DIR"
CACHE_ENV = "COMPANION_CACHE_DIR"


def data_dir() -> Path:
    """The platform's user data folder for Companion (COMPANION_DATA_DIR overrides it)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The platform's user config folder (COMPANION_CONFIG_DIR overrides it)."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """The platform's user cache folder: what can be made again, never a leader's words
    (COMPANION_CACHE_DIR overrides it)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def user_scripts_dir() -> Path:
    """Where a facilitator's own scripts live."""
    return config_dir() / "scripts"


def default_journal_dir() -> Path:
    """The journal used when neither --journal nor COMPANION_JOURNAL says otherwise."""
    return data_dir() / "journal"


def journal_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The journal folder: --journal, then COMPANION_JOURNAL, then the default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(JOURNAL_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return default_journal_dir()


def builtin_scripts_dir() -> Path:
    """The built-in scripts: inside the installed package, or prompts/ in a source checkout."""
    packaged = Path(__file__).parent.parent / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "prompts"


def demo_journal_dir() -> Path:
    """The fictional demo journal: inside the installed package, or journals/demo in a checkout."""
    packaged = Path(__file__).parent.parent / "demo_journal"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "journals" / "demo"
