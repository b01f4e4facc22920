"""A small, always-visible voice status: off, listening, asleep or hearing.

When voice went off by itself, it says why ("Voice off: no microphone (v)"), so the
reason stays on screen after the notice has gone.
"""

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
OFF_STATES = ("off", "unavailable")


def voice_running(state: str) -> bool:
    """Voice commands are on in this state (listening, asleep, loading...): the app
    then speaks what it shows, as a voice user may have their eyes closed."""
    return state not in OFF_STATES


_SHORT_REASONS = (
    ("no microphone called", "microphone not found"),
    ("no microphone", "no microphone"),
    ("microphone is busy", "microphone busy"),
    ("no permission", "no microphone permission"),
    ("sound server", "no sound server"),
    ("gives only silence", "microphone silent"),
)


def short_reason(message: str) -> str:
    """A few words for the indicator from a voice problem's full message."""
    lowered = message.lower()
    for found, short in _SHORT_REASONS:
        if found in lowered:
            return short
    return "see hfs-tui doctor"


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
    reason: reactive[str] = reactive("", layout=True)  # why voice went off by itself

    def render(self) -> str:
        if not voice_running(self.state) and self.reason:
            return f"Voice off: {self.reason} (v)"
        text = SYMBOLS.get(self.state, self.state)
        if self.last_heard and self.state != "off":
            text += f"  ·  {self.last_heard}"
        return text

    def watch_state(self, old: str, new: str) -> None:
        self.remove_class(f"-{old}")
        self.add_class(f"-{new}")
