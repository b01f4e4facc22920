"""The few main keys, along the bottom: a light stand-in for Textual's Footer.

One line of text instead of a widget per key: Textual's Footer rebuilt itself on
every screen change, which cost about 90 ms of each screen's first paint here.

When the line is too narrow for every key, the least used go first (the app-wide
Exercises and Diary, then "all commands", then the screen's own keys from the
last), so Help and Quit always show, and so do Stop and Pause while reading.
Read aloud is the last of a screen's own keys to go: users whose eye closes in a
spasm rely on it most.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from hfs_tui.actions import BY_ID, KEY_NAMES

ALWAYS_SHOWN = ("stop_reading", "pause_resume", "help", "quit")
"""Never dropped, in this order of importance."""
KEPT_LONGEST = ("read_aloud", "focus_next")
"""A screen's own keys that go after all its others, in this order of importance
(focus mode's "Space Next" is how that screen is used at all)."""
APP_WIDE_LAST = ("exercises", "diary", "log_spasm", "settings")
"""App-wide keys any screen offers: the first to go when space is short."""
SEPARATOR = "  "
COMMANDS_KEY, COMMANDS_LABEL = "Ctrl+P", "Commands"


@dataclass(frozen=True)
class Hint:
    key: str
    label: str
    action: str
    app_wide: bool = True
    """False where the screen binds the action itself (the diary's own "l Log")."""

    @property
    def width(self) -> int:
        return len(self.key) + 1 + len(self.label)


def fit_hints(hints: list[Hint], width: int) -> list[Hint]:
    """The hints that fit in `width` cells, in their order, dropping the least used."""

    def rank(position: int) -> tuple[int, int]:
        action = hints[position].action
        if action in ALWAYS_SHOWN:
            return (0, ALWAYS_SHOWN.index(action))
        if action in APP_WIDE_LAST and hints[position].app_wide:
            return (3, APP_WIDE_LAST.index(action))
        if action == "command_palette":
            return (2, 0)
        if action in KEPT_LONGEST:
            return (1, KEPT_LONGEST.index(action) - len(KEPT_LONGEST))
        return (1, position)

    kept = list(range(len(hints)))
    by_least_used = sorted(kept, key=rank, reverse=True)

    def used() -> int:
        return sum(hints[i].width for i in kept) + len(SEPARATOR) * max(len(kept) - 1, 0)

    for position in by_least_used:
        if used() <= width:
            break
        if rank(position)[0] == 0:
            continue
        kept.remove(position)
    return [hints[i] for i in kept]


class KeyHints(Static):
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    def on_mount(self) -> None:
        # A dialog opening or closing over this screen changes which keys work.
        self.app.screen_change_signal.subscribe(self, self._screen_changed)
        self._watched: weakref.WeakSet[Screen] = weakref.WeakSet()
        self._watch_keys_of(self.screen)
        self.refresh_hints()

    def _screen_changed(self, _screen: Screen) -> None:
        self._watch_keys_of(self._keys_screen())
        self.refresh_hints()

    def _watch_keys_of(self, screen: Screen) -> None:
        # A dialog's keys change with its step ("Enter Next", then "Enter Save").
        if screen not in self._watched and screen.is_running:
            self._watched.add(screen)
            screen.bindings_updated_signal.subscribe(self, self._screen_changed)

    def on_resize(self) -> None:
        self.refresh_hints()

    def _keys_screen(self) -> Screen:
        """The screen whose keys work now: a dialog on top of this one, or this one.

        Behind a dialog the bar still shows (dimmed), and the screen's own keys ("q
        Quit") do nothing there, so it shows the dialog's ("Enter Next  Esc Cancel").
        """
        top = self.app.screen
        if isinstance(top, ModalScreen) and top is not self.screen:
            return top
        return self.screen

    def hints(self) -> list[Hint]:
        """Every hint this screen shows right now, before fitting them to the width."""
        result: list[Hint] = []
        seen: set[str] = set()
        paused = getattr(self.app, "speech_state", "") == "paused"
        screen = self._keys_screen()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            label = binding.description
            if binding.action == "pause_resume" and paused:
                label = "Carry on"
            step_label = getattr(screen, "key_hint_label", None)
            if step_label is not None:
                label = step_label(binding.action) or label
            result.append(Hint(self._key_shown(screen, key, binding), label,
                               binding.action, app_wide=active.node is not screen))
        if getattr(self.app, "ENABLE_COMMAND_PALETTE", False) and screen is self.screen:
            result.append(Hint(COMMANDS_KEY, COMMANDS_LABEL, "command_palette"))
        return result

    @staticmethod
    def _key_shown(screen: Screen, key: str, binding: Binding) -> str:
        """The key to press for `binding` now. Its usual name can belong to another
        action for the moment: while reading, Space pauses, so focus mode's "next"
        is Right ("Space Pause ... Space Next" named one key twice)."""
        # Textual splits "space,right" into one binding per key, each keeping the
        # display of the first, so the registry says which key that display names.
        action = BY_ID.get(binding.id or "")
        first = action.keys[0] if action is not None and action.keys else key
        owner = screen.active_bindings.get(first)
        if owner is not None and owner.binding.action != binding.action:
            return KEY_NAMES.get(key, key)
        return binding.key_display or KEY_NAMES.get(key, key)

    def refresh_hints(self) -> None:
        """Show the bindings marked for the footer that work right now."""
        variables = self.app.theme_variables
        key_style = f"bold {variables.get('footer-key-foreground', variables['accent'])}"
        width = (self.size.width or self.app.size.width - 2)
        text = Text(no_wrap=True, overflow="ellipsis")
        for hint in fit_hints(self.hints(), width):
            if text:
                text.append(SEPARATOR)
            text.append(hint.key, style=key_style)
            text.append(f" {hint.label}")
        self.update(text)
