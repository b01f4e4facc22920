"""The frame every screen shares: a top bar with the voice indicator, and a footer."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from hfs_tui.ui.widgets.key_hints import KeyHints
from hfs_tui.ui.widgets.voice_indicator import VoiceIndicator

if TYPE_CHECKING:
    from hfs_tui.ui.app import HfsApp


class HfsScreen(Screen):
    """Base screen: subclasses implement `compose_body` and list their action ids."""

    ACTION_IDS: tuple[str, ...] = ()
    """Actions this screen offers: shown first on its help screen."""

    def __init__(self, title: str = "") -> None:
        super().__init__()
        self.bar_title = title

    @property
    def hfs(self) -> HfsApp:
        return cast("HfsApp", self.app)

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
            self.watch(self.app, "speech_state", self._refresh_key_hints, init=False)
            self.watch(self.app, "speech_state", self._show_reading_status)
            self.watch(self.app, "speaking", self._show_reading_status, init=False)

    def on_screen_resume(self) -> None:
        self._refresh_key_hints()
        if hasattr(type(self.app), "speech_state"):
            self._show_reading_status()

    def action_section_digit(self, digit: int) -> None:
        """A digit key: opens that section, or with the digit before it, e.g. 12."""
        go = getattr(self, "action_go_to_section", None)
        if go is not None:
            self.hfs.section_digit(int(digit), go)

    def _show_reading_status(self, *_: object) -> None:
        """Say in words whether the app is reading, paused or reading silently."""
        status = self.query_one("#reading-status", Static)
        text = self.hfs.narration.status()
        status.update(text)
        status.display = bool(text)

    def _refresh_key_hints(self, *_: object) -> None:
        """What the keys do can change (Space pauses only while reading)."""
        for hints in self.query(KeyHints):
            hints.refresh_hints()

    def _show_voice_state(self, state: str) -> None:
        self.query_one(VoiceIndicator).state = state

    def _show_voice_heard(self, heard: str) -> None:
        self.query_one(VoiceIndicator).last_heard = heard


class ReadingControls:
    """Read-aloud keys shared by the section page and focus mode.

    Pause and stop only apply while something is being read, so that Space and
    Escape keep their reading meanings (scroll, move on, go back) otherwise.
    """

    hfs: HfsApp

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pause_resume", "stop_reading"):
            return self.hfs.narration.active
        return True

    def action_pause_resume(self) -> None:
        self.hfs.narration.toggle_pause()

    def action_stop_reading(self) -> None:
        self.hfs.narration.stop()

    def action_faster(self) -> None:
        self.hfs.change_rate(+20)

    def action_slower(self) -> None:
        self.hfs.change_rate(-20)

    def action_louder(self) -> None:
        self.hfs.change_volume(+0.1)

    def action_quieter(self) -> None:
        self.hfs.change_volume(-0.1)

    def action_contents(self) -> None:
        self.hfs.moved()
        self.hfs.show_contents()

    def action_glossary(self) -> None:
        self.hfs.open_glossary(getattr(self, "section", None))
