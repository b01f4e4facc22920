"""Glue between read-aloud (hfs_tui.speech) and the screens.

The speech layer calls back from its own thread; everything here hops onto the
UI thread with `call_from_thread` before touching widgets. Screens learn what is
being spoken through `HfsApp.speaking` (a reactive), so the highlight follows the
voice in normal and focus mode alike.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual.message import Message

from hfs_tui.content.models import Section

if TYPE_CHECKING:
    from hfs_tui.speech import ReadAloud, SpeechEvent
    from hfs_tui.ui.app import HfsApp


SAMPLES = {
    "natural": "This is the natural voice. It reads the leaflet at the speed you choose.",
    "system": "This is the system voice. It reads the leaflet at the speed you choose.",
}


@dataclass(frozen=True)
class Spoken:
    """What the voice is on: a body sentence or a key point of a section."""

    section_id: str
    part: str  # "body" or "key_points"
    index: int


class SpeechUpdate(Message):
    """A speech event, carried from the speech thread to the UI thread."""

    def __init__(self, event: SpeechEvent) -> None:
        super().__init__()
        self.event = event


class Narration:
    """Owns the app's one ReadAloud and tells the app where the voice is."""

    def __init__(self, app: HfsApp) -> None:
        self.app = app
        self._reader: ReadAloud | None = None
        self._cue_voice: ReadAloud | None = None
        self._targets: list[Spoken] = []
        self.section: Section | None = None
        self.part = "body"

    @property
    def reader(self) -> ReadAloud:
        if self._reader is None:
            from hfs_tui.speech import ReadAloud

            self._reader = ReadAloud(
                self.app.settings.speech,
                self._pronunciations(),
                on_event=self._from_speech_thread,
            )
        return self._reader

    @property
    def state(self) -> str:
        return self._reader.state if self._reader is not None else "idle"

    @property
    def active(self) -> bool:
        return self.state in ("reading", "paused")

    def status(self) -> str:
        """The reading state in words, for the status line ("" when not reading)."""
        state = self.state
        if state == "idle" or not self._targets:
            return ""
        spoken = self.app.speaking
        current = self._reader.current_index if self._reader is not None else None
        index = spoken.index if spoken is not None else (current or 0)
        noun = "key point" if self.part == "key_points" else "sentence"
        where = f"{noun} {min(index, len(self._targets) - 1) + 1} of {len(self._targets)}"
        if state == "paused":
            return f"Paused, {where}. Space carries on, x stops."
        silent = self._silent_reason()
        if silent:
            return f"Reading silently: {silent}. {where[0].upper()}{where[1:]}. x stops."
        return f"Reading, {where}. Space pauses, x stops."

    def _silent_reason(self) -> str:
        from hfs_tui.speech.controller import NO_ENGINE
        from hfs_tui.speech.player import NO_SOUND_OUTPUT

        problem = self._reader.problem if self._reader is not None else None
        if problem == NO_SOUND_OUTPUT:
            return "no sound output"
        if problem == NO_ENGINE:
            return "no speech engine"
        return ""

    def read_section(self, section: Section, start: int = 0, part: str = "body") -> None:
        from hfs_tui.speech import Utterance

        texts = section.sentences if part == "body" else section.key_points
        if not texts:
            return
        start = min(max(start, 0), len(texts) - 1)
        self.section = section
        self.part = part
        self._targets = [Spoken(section.id, part, i) for i in range(len(texts))]
        self.reader.read([Utterance(t, text) for t, text in zip(self._targets, texts,
                                                                  strict=True)], start)

    def toggle_pause(self) -> None:
        if self._reader is not None:
            self._reader.toggle_pause()

    def stop(self) -> None:
        if self._reader is not None and self._reader.state != "idle":
            self._reader.stop()
        self.app.speaking = None

    def prepare(self, section: Section | None = None, sentence: int = 0) -> None:
        """Start the reading voice loading on its own thread (a section was opened:
        reading is likely), and get the first sound of its sentence ready. Loading
        never happens at start-up."""
        reader = self.reader
        if section is not None and 0 <= sentence < len(section.sentences):
            reader.prime(section.sentences[sentence])

    def set_engine(self, engine: str) -> None:
        """Read with "natural" or "system" from now on (the cue voice too)."""
        for reader in (self._reader, self._cue_voice):
            if reader is not None:
                reader.set_engine(engine)

    def sample(self, engine: str) -> None:
        """A settings sample in that engine, at the current speed and volume."""
        self.reader.say(SAMPLES.get(engine, SAMPLES["system"]), engine=engine)

    def say(self, text: str) -> None:
        """A one-off announcement (cues, confirmations, "what can I say")."""
        self.reader.say(text)

    def cue(self, text: str) -> None:
        """Exercise cues: a second voice at the slower, softer cue rate."""
        from hfs_tui.speech import ReadAloud

        self.stop()
        if self._cue_voice is None:
            settings = replace(self.app.settings.speech, rate=self.app.settings.exercises.cue_rate)
            self._cue_voice = ReadAloud(settings, self._pronunciations())
        self._cue_voice.say(text)

    def restart_reader(self) -> None:
        """Start a fresh reader (e.g. for a new sound player); the old one stops."""
        self.stop()
        old, self._reader = self._reader, None
        if old is not None:
            old.close()

    def forget_cue_voice(self) -> None:
        """The next cue uses the current cue settings."""
        old, self._cue_voice = self._cue_voice, None
        if old is not None:
            old.close()

    def forget_pronunciations(self) -> None:
        """A new leaflet has its own pronunciations: readers pick them up afresh."""
        self.restart_reader()
        self.forget_cue_voice()

    def _pronunciations(self) -> dict[str, str]:
        return dict(self.app.library.pronunciations) if self.app.library else {}

    def close(self) -> None:
        for reader in (self._reader, self._cue_voice):
            if reader is not None:
                reader.close()

    def _from_speech_thread(self, event: SpeechEvent) -> None:
        # post_message is thread-safe and never waits: call_from_thread would block
        # the speech thread, and deadlock while the UI thread waits in close().
        self.app.post_message(SpeechUpdate(event))

    def handle(self, event: SpeechEvent) -> None:
        if event.kind == "started" and event.index is not None:
            if 0 <= event.index < len(self._targets):
                self.app.speaking = self._targets[event.index]
        elif event.kind == "finished":
            self.app.speaking = None
            self.app.reading_finished(self.section, self.part)
        elif event.kind == "stopped":
            self.app.speaking = None
        elif event.kind == "problem":
            self.app.notify(event.message, title="Reading aloud", severity="warning",
                            timeout=12)
        self.app.speech_state = self.state
