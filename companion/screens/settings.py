"""The leader's settings in the app: applied at start, the theme remembered, the palette's
commands to change the others (accessible mode, review day, name, programme, date order)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.theme import Theme
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from companion.core.dates import use_date_order
from companion.core.errors import UsageError
from companion.core.settings import (
    DATE_ORDERS,
    DESCRIPTIONS,
    WEEKDAYS,
    Settings,
    load_settings,
    set_setting,
)
from companion.screens.base import CompanionDialog
from companion.widgets.cursor_list import CursorList
from companion.widgets.text import line, literal, markup_escaped
from companion.widgets.theme import HIGH_CONTRAST

if TYPE_CHECKING:
    from companion.app import CompanionApp

#: The theme Textual opens with when no setting names one.
DEFAULT_THEME = "textual-dark"


def start_settings(app: CompanionApp) -> None:
    """Put the leader's settings in force as the app starts; a damaged file is told, once."""
    app.register_theme(HIGH_CONTRAST)
    loaded = load_settings()
    use_date_order(loaded.settings.date_order)
    wanted = HIGH_CONTRAST.name if loaded.settings.accessible else loaded.settings.theme
    if wanted in app.available_themes:
        app.theme = wanted
    if loaded.problem:
        app.notify(loaded.problem, title="Settings", severity="warning", timeout=12)
    app.theme_changed_signal.subscribe(app, lambda theme: _theme_chosen(app, theme))


def _keep(app: CompanionApp, key: str, value: object) -> Settings | None:
    """Save one setting; a folder that refuses the file says so, and the app goes on."""
    try:
        return set_setting(key, value)
    except (UsageError, OSError) as error:
        why = str(error) if isinstance(error, UsageError) else error.strerror or str(error)
        app.notify(
            f"Companion could not keep that setting ({why}); it lasts until you quit.",
            title="Settings",
            severity="warning",
        )
        return None


def _theme_chosen(app: CompanionApp, theme: Theme) -> None:
    """A theme chosen in the palette is the one the app opens with next time."""
    settings = load_settings().settings
    if settings.accessible and theme.name == HIGH_CONTRAST.name:
        return  # accessible mode's own theme, not a choice to remember
    if theme.name != settings.theme:
        _keep(app, "theme", theme.name)


def _set_accessible(app: CompanionApp, on: bool) -> None:
    kept = _keep(app, "accessible", on)
    if on:
        app.theme = HIGH_CONTRAST.name
    else:
        theme = kept.theme if kept is not None else ""
        app.theme = theme if theme in app.available_themes else DEFAULT_THEME
    app.notify(
        "Accessible mode is on: the high-contrast theme, and plain mode's bare lines."
        if on
        else "Accessible mode is off.",
        title="Settings",
    )


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if value != "" else "not set"


class SettingDialog(CompanionDialog[str | None]):
    """One setting: a choice from a list, or words typed (Enter saves, Esc cancels)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, key: str, title: str, current: str, choices: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.key, self.title_text, self.current, self.choices = key, title, current, choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(line(self.title_text, "bold"), classes="dialog-question")
            yield Label(literal(DESCRIPTIONS[self.key]))
            if self.choices:
                options = [
                    Option(line(("(•) " if c == self.current else "( ) ") + c), id=c)
                    for c in self.choices
                ]
                yield CursorList(*options, id="setting-choice")
            else:
                yield Input(self.current, id="setting-text", select_on_focus=False)
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Save", id="save", variant="primary")
                    yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if self.choices:
            choice = self.query_one("#setting-choice", OptionList)
            if self.current in self.choices:
                choice.highlighted = self.choices.index(self.current)
            choice.focus()
        else:
            self.query_one("#setting-text", Input).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.dismiss(self.query_one("#setting-text", Input).value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        typed = self.query_one("#setting-text", Input).value
        self.dismiss(typed if event.button.id == "save" else None)


def _ask(app: CompanionApp, key: str, title: str, choices: tuple[str, ...] = ()) -> None:
    current = str(load_settings().settings.as_toml_values()[key])

    def chosen(value: str | None) -> None:
        if value is None:
            return
        kept = _keep(app, key, value)
        if kept is None:
            return
        if key == "date_order":
            use_date_order(kept.date_order)
        app.notify(f"{title}: {_shown(kept.as_toml_values()[key])}.", title="Settings")
        app.journal_changed()  # what the screen shows follows the new setting

    app.push_screen(SettingDialog(key, title, current, choices), chosen)


def settings_commands(app: CompanionApp) -> Iterable[SystemCommand]:
    """The palette's commands for the settings (the theme is Textual's own "Theme" command).

    The palette reads markup: every title and help goes through markup_escaped."""
    settings = load_settings().settings
    on = settings.accessible
    yield SystemCommand(
        markup_escaped(f"Settings: accessible mode ({'on' if on else 'off'})"),
        markup_escaped(
            "Turn it off" if on else "The high-contrast theme, and bare lines in plain mode"
        ),
        lambda: _set_accessible(app, not on),
    )
    asked: list[tuple[str, str, tuple[str, ...]]] = [
        ("review_day", "Weekly review day", WEEKDAYS),
        ("name", "Your name", ()),
        ("programme", "Your programme", ()),
        ("date_order", "Date order", DATE_ORDERS),
    ]
    for key, title, choices in asked:
        value = _shown(settings.as_toml_values()[key])
        yield SystemCommand(
            markup_escaped(f"Settings: {title.lower()} ({value})"),
            markup_escaped(DESCRIPTIONS[key][0].upper() + DESCRIPTIONS[key][1:]),
            _asker(app, key, title, choices),
        )


def _asker(app: CompanionApp, key: str, title: str, choices: tuple[str, ...]) -> Callable[[], None]:
    return lambda: _ask(app, key, title, choices)
