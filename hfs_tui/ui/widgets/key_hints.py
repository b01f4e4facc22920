"""The few main keys, along the bottom: a light stand-in for Textual's Footer.

One line of text instead of a widget per key: Textual's Footer rebuilt itself on
every screen change, which cost about 90 ms of each screen's first paint here.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from hfs_tui.actions import KEY_NAMES


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
        self.refresh_hints()

    def refresh_hints(self) -> None:
        """Show the bindings marked for the footer that work right now."""
        variables = self.app.theme_variables
        key_style = f"bold {variables.get('footer-key-foreground', variables['accent'])}"
        text = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = binding.key_display or KEY_NAMES.get(key, key)
            if text:
                text.append("   ")
            text.append(shown, style=key_style)
            text.append(f" {binding.description}")
        text.append("   ")
        text.append("Ctrl+P", style=key_style)
        text.append(" all commands")
        self.update(text)
