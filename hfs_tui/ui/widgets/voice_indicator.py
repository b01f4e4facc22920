"""A small, always-visible voice status: off, listening, asleep or hearing."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

SYMBOLS = {
    "off": "Voice off (v)",
    "loading": "Loading voice model…",
    "listening": "● Listening",
    "asleep": "◌ Asleep: say wake up",
    "hearing": "◉ Hearing…",
    "note": "◉ Listening for your note…",
    "unavailable": "Voice unavailable",
}


class VoiceIndicator(Static):
    """Shows the app's voice state and the last phrase heard with what it did."""

    DEFAULT_CSS = """
    VoiceIndicator {
        width: auto;
        max-width: 60;
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    VoiceIndicator.-listening, VoiceIndicator.-hearing, VoiceIndicator.-note {
        color: $success;
        text-style: bold;
    }
    VoiceIndicator.-asleep { color: $warning; }
    """

    state: reactive[str] = reactive("off", layout=True)  # its width follows the text
    last_heard: reactive[str] = reactive("", layout=True)

    def render(self) -> str:
        text = SYMBOLS.get(self.state, self.state)
        if self.last_heard and self.state != "off":
            text += f"  ·  {self.last_heard}"
        return text

    def watch_state(self, old: str, new: str) -> None:
        self.remove_class(f"-{old}")
        self.add_class(f"-{new}")
