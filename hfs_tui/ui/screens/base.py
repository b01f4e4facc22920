"""The frame every screen shares: a top bar with the voice indicator, and a footer."""

from __future__ import annotations

import textwrap

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from hfs_tui.ui.services import Narration, Navigation, ReadsAloud
from hfs_tui.ui.widgets.key_hints import KeyHints
from hfs_tui.ui.widgets.voice_indicator import VoiceIndicator


class HfsScreen(Screen):
    """Base screen: subclasses implement `compose_body` and list their action ids."""

    ACTION_IDS: tuple[str, ...] = ()
    """Actions this screen offers: shown first on its help screen."""
    GO_BACK: str = ""
    """The action that "go back" runs here, as Esc does (none: there is nowhere to go)."""

    def __init__(self, title: str = "", narration: Narration | None = None) -> None:
        super().__init__()
        self.bar_title = title
        self._narration = narration

    @property
    def reading(self) -> Narration | None:
        """The narration the status line follows: the screen's own, else its app's."""
        if self._narration is None and isinstance(self.app, ReadsAloud):
            self._narration = self.app.narration
        return self._narration

    def compose(self) -> ComposeResult:
        with Horizontal(id="top-bar"):
            yield Static(self.bar_title, id="bar-title")
            yield VoiceIndicator(id="voice-indicator")
        yield from self.compose_body()
        with Vertical(id="bottom-bar"):
            yield Static("", id="reading-status")
            yield KeyHints()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # Screens are also tested on their own, in small apps without voice.
        if hasattr(type(self.app), "voice_state"):
            self.watch(self.app, "voice_state", self._show_voice_state)
            self.watch(self.app, "voice_heard", self._show_voice_heard)
            if hasattr(type(self.app), "voice_reason"):
                self.watch(self.app, "voice_reason", self._show_voice_reason)
        reading = self.reading
        if reading is not None:
            reading.watch(self, on_state=self._refresh_key_hints)
            reading.watch(self, on_state=self._show_reading_status,
                          on_spoken=self._show_reading_status)
            self._show_reading_status()

    def on_screen_resume(self) -> None:
        self._refresh_key_hints()
        if self.reading is not None:
            self._show_reading_status()

    def action_section_digit(self, digit: int) -> None:
        """A digit key: opens that section, or with the digit before it, e.g. 12."""
        go = getattr(self, "action_go_to_section", None)
        navigation: Navigation | None = getattr(self, "navigation", None)
        if go is not None and navigation is not None:
            navigation.section_digit(int(digit), go)

    def _show_reading_status(self, *_: object) -> None:
        """Say in words whether the app is reading, paused or reading silently."""
        reading = self.reading
        status = self.query_one("#reading-status", Static)
        text = reading.status() if reading is not None else ""
        status.update(text)
        status.display = bool(text)
        self._place_notices(text)

    def on_resize(self, event: events.Resize | None = None) -> None:
        reading = self.reading
        self._place_notices(reading.status() if reading is not None else "")

    def _place_notices(self, status: str) -> None:
        """Notices sit just above the status line and key bar, so they never hide
        them (the status line wraps onto two lines on a narrow terminal)."""
        width = max(self.size.width - 2, 10)  # the status line's padding
        lines = len(textwrap.wrap(status, width)) if status else 0
        for rack in self.query("#textual-toastrack"):
            if rack.styles.margin.bottom != lines + 1:
                rack.styles.margin = (0, 0, lines + 1, 0)

    def _refresh_key_hints(self, *_: object) -> None:
        """What the keys do can change (Space pauses only while reading)."""
        for hints in self.query(KeyHints):
            hints.refresh_hints()

    def _show_voice_state(self, state: str) -> None:
        self.query_one(VoiceIndicator).state = state

    def _show_voice_heard(self, heard: str) -> None:
        self.query_one(VoiceIndicator).last_heard = heard

    def _show_voice_reason(self, reason: str) -> None:
        self.query_one(VoiceIndicator).reason = reason


class ReadingControls:
    """Read-aloud keys shared by the section page and focus mode.

    Pause and stop only apply while something is being read, so that Space and
    Escape keep their reading meanings (scroll, move on, go back) otherwise.
    """

    narration: Narration
    navigation: Navigation

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pause_resume", "stop_reading"):
            return self.narration.active
        return True

    def action_pause_resume(self) -> None:
        self.narration.toggle_pause()

    def action_stop_reading(self) -> None:
        self.narration.stop()

    def action_faster(self) -> None:
        self.narration.change_rate(+20)

    def action_slower(self) -> None:
        self.narration.change_rate(-20)

    def action_louder(self) -> None:
        self.narration.change_volume(+0.1)

    def action_quieter(self) -> None:
        self.narration.change_volume(-0.1)

    def action_contents(self) -> None:
        self.navigation.moved()
        self.navigation.show_contents()

    def action_glossary(self) -> None:
        self.navigation.open_glossary(getattr(self, "section", None))
