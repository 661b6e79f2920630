"""The app's own theme: high contrast, for low vision (Ctrl+P, "Change theme")."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="companion-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5555",
    dark=True,
)
