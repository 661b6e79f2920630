"""The app's own theme: high contrast, for low vision (Ctrl+P, "Change theme"; accessible mode).

Every text and focus style in it reaches WCAG AAA (7:1) against what is behind it
(tests/tui/test_contrast.py measures every character drawn): no grey is darker than
#b3b3b3 on black, muted and disabled text included, and whatever shows focus is bright.
"""

from __future__ import annotations

from textual.theme import Theme

#: The dimmest grey kept for muted, disabled and placeholder text: 10.4:1 on black.
MUTED = "#b3b3b3"

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
    variables={
        "text-muted": MUTED,
        "text-disabled": MUTED,
        "foreground-muted": MUTED,
        "foreground-disabled": MUTED,
        "border-blurred": "#000000",
        "border": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        "block-cursor-text-style": "bold",
        # Where a list's cursor rests while the list has no focus (the palette's commands):
        # bold and underlined, not a shade.
        "block-cursor-blurred-foreground": "#ffff00",
        "block-cursor-blurred-background": "#000000",
        "block-cursor-blurred-text-style": "bold underline",
        "block-hover-background": "#1a1a1a",
        "scrollbar": MUTED,
        "scrollbar-hover": "#ffffff",
        "scrollbar-active": "#ffff00",
        "scrollbar-background": "#000000",
        "scrollbar-background-hover": "#000000",
        "scrollbar-background-active": "#000000",
        "scrollbar-corner-color": "#000000",
        "link-color": "#00ffff",
        "link-color-hover": "#ffff00",
        "link-background": "#000000",
        "link-background-hover": "#000000",
        "footer-foreground": "#ffffff",
        "footer-background": "#000000",
        "footer-key-foreground": "#ffff00",
        "footer-key-background": "#000000",
        "footer-description-foreground": "#ffffff",
        "footer-description-background": "#000000",
        "footer-item-background": "#000000",
        "input-cursor-background": "#ffffff",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#00ffff",
        "input-selection-foreground": "#000000",
        "button-foreground": "#ffffff",
        "button-color-foreground": "#000000",
        "screen-selection-background": "#00ffff",
        "screen-selection-foreground": "#000000",
    },
)
