"""Glue between read-aloud (hfs_tui.speech) and the screens.

The speech layer calls back from its own thread; events hop onto the UI thread
(`call_later` is thread-safe and never waits) before anything touches widgets.
Screens learn what is being spoken by `watch`ing the narration, so the highlight
follows the voice in normal and focus mode alike, in any Textual app.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from hfs_tui.content.models import Section

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

    from hfs_tui.settings import Settings
    from hfs_tui.speech import ReadAloud, SpeechEvent, VoiceInfo
    from hfs_tui.ui.services import SettingsAccess

OnSpoken = Callable[["Spoken | None"], None]
OnState = Callable[[str], None]


GETTING_READY = "Getting the voice ready…"
PROBLEM_NOTICE_SECONDS = 6
"""Long enough to read twice; the status line keeps saying why reading is silent."""

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


class Narration:
    """Owns the app's one ReadAloud, says where the voice is, and is all screens touch.

    `settings` gives the speech and cue settings in use (and saves speed and volume
    changes); `pronunciations` the current leaflet's. `on_state` and `on_finished`
    let the app follow along (its `speech_state`, reading on into the next section).
    """

    def __init__(self, app: App[Any], settings: SettingsAccess,
                 pronunciations: Callable[[], Mapping[str, str]] = dict,
                 on_state: OnState | None = None,
                 on_finished: Callable[[Section | None, str], None] | None = None) -> None:
        self.app = app
        self.settings = settings
        self.pronunciations = pronunciations
        self.on_state = on_state
        self.on_finished = on_finished
        self._reader: ReadAloud | None = None
        self._cue_voice: ReadAloud | None = None
        self._targets: list[Spoken] = []
        self._speaking: Spoken | None = None
        self._last_state = "idle"
        self._starting = False  # asked to read; no sentence started yet (voice loading)
        self._watchers: WeakKeyDictionary[DOMNode, list[tuple[OnSpoken | None,
                                                              OnState | None]]]
        self._watchers = WeakKeyDictionary()
        self.section: Section | None = None
        self.part = "body"
        self.read_to_end: tuple[str, str] | None = None
        """(section id, part) of the last reading that ran to its end: reading it again
        starts from the top, as a screen reader's does."""

    def _ensure_reader(self) -> ReadAloud:
        if self._reader is None:
            from hfs_tui.speech import ReadAloud

            reader: ReadAloud | None = None

            def from_this_reader(event: SpeechEvent) -> None:
                # A replaced reader's last events must not move the new reading.
                if reader is not None and reader is self._reader:
                    self._from_speech_thread(event)

            reader = ReadAloud(
                self.settings.settings.speech,
                self._pronunciations(),
                on_event=from_this_reader,
            )
            self._reader = reader
        return self._reader

    @property
    def state(self) -> str:
        return self._reader.state if self._reader is not None else "idle"

    @property
    def active(self) -> bool:
        return self.state in ("reading", "paused")

    @property
    def announcing(self) -> bool:
        """A one-off announcement is being said ("what can I say", a confirmation):
        the reader's `state` stays "idle" for those."""
        return self._reader is not None and self._reader.speaking and not self.active

    def stop_announcement(self) -> None:
        """Cut a one-off announcement short (`stop` leaves those alone: a confirmation
        is still said after the screen that asked for it has moved on)."""
        if self.announcing and self._reader is not None:
            self._reader.stop()

    # Who follows the voice ---------------------------------------------------------

    @property
    def speaking(self) -> Spoken | None:
        """What the voice is on now (None: nothing)."""
        return self._speaking

    @speaking.setter
    def speaking(self, spoken: Spoken | None) -> None:
        # Told every time, even when unchanged: a screen re-shows the highlight.
        self._speaking = spoken
        for on_spoken, _ in self._callbacks():
            if on_spoken is not None:
                on_spoken(spoken)

    def watch(self, node: DOMNode, on_spoken: OnSpoken | None = None,
              on_state: OnState | None = None) -> None:
        """Call back (on the UI thread) while `node` runs: what is spoken, the state."""
        self._watchers.setdefault(node, []).append((on_spoken, on_state))

    def _callbacks(self) -> list[tuple[OnSpoken | None, OnState | None]]:
        found = []
        for node, callbacks in list(self._watchers.items()):
            # As Textual's own watchers: none for a node that is closing or has gone.
            if node.is_running and not getattr(node, "_closing", False):
                found += callbacks
            else:
                self._watchers.pop(node, None)
        return found

    def _show_status(self) -> None:
        """Screens re-show the status line (it changed without a state change)."""
        for _, on_state in self._callbacks():
            if on_state is not None:
                on_state(self.state)

    def _state_may_have_changed(self) -> None:
        state = self.state
        if state == self._last_state:
            return
        self._last_state = state
        if self.on_state is not None:
            self.on_state(state)
        for _, on_state in self._callbacks():
            if on_state is not None:
                on_state(state)

    # What the status line says -----------------------------------------------------

    def status(self) -> str:
        """The reading state in words, for the status line ("" when not reading)."""
        state = self.state
        if self._starting and self._targets and state != "paused":
            return GETTING_READY
        if state == "idle" or not self._targets:
            return ""
        spoken = self._speaking
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

    # Reading -------------------------------------------------------------------------

    def read_section(self, section: Section, start: int = 0, part: str = "body") -> None:
        from hfs_tui.speech import Utterance

        texts = section.sentences if part == "body" else section.key_points
        if not texts:
            return
        start = min(max(start, 0), len(texts) - 1)
        self.section = section
        self.part = part
        self.read_to_end = None
        self._targets = [Spoken(section.id, part, i) for i in range(len(texts))]
        self._ensure_reader().read([Utterance(t, text) for t, text in zip(
            self._targets, texts, strict=True)], start)
        # Say so at once: the natural voice can take seconds to load the first time.
        self._starting = True
        self._show_status()

    def toggle_pause(self) -> None:
        if self._reader is not None:
            self._reader.toggle_pause()

    def stop(self) -> None:
        if self._reader is not None and (self._reader.state != "idle" or self._starting):
            self._reader.stop()
        self._starting = False
        self.speaking = None  # screens re-show the status line (and its "Getting ready")

    def next_sentence(self) -> None:
        if self._reader is not None:
            self._reader.next_sentence()

    def previous_sentence(self) -> None:
        if self._reader is not None:
            self._reader.previous_sentence()

    def repeat(self) -> None:
        if self._reader is not None:
            self._reader.repeat()

    def prepare(self, section: Section | None = None, sentence: int = 0) -> None:
        """Start the reading voice loading on its own thread (a section was opened:
        reading is likely), and get the first sound of its sentence ready. Loading
        never happens at start-up."""
        reader = self._ensure_reader()
        if section is not None and 0 <= sentence < len(section.sentences):
            reader.prime(section.sentences[sentence])

    # Speed, volume and the other speech settings -------------------------------------

    def change_rate(self, step: int) -> None:
        """Faster or slower now, kept in the settings, and said in a notice."""
        rate = self._ensure_reader().change_rate(step)
        self._remember_speech(rate=rate)
        self.app.notify(f"Reading speed {rate} words a minute", timeout=3)

    def change_volume(self, step: float) -> None:
        volume = self._ensure_reader().change_volume(step)
        self._remember_speech(volume=round(volume, 2))
        self.app.notify(f"Volume {round(volume * 100)}%", timeout=3)

    def _remember_speech(self, **changes: Any) -> None:
        current = self.settings.settings
        self.settings.apply(replace(current, speech=replace(current.speech, **changes)))

    def use_settings(self, old: Settings, new: Settings) -> None:
        """New settings are in use: the voices that exist follow them."""
        if new.speech != old.speech and self._reader is not None:
            self._reader.set_rate(new.speech.rate)
            self._reader.set_volume(new.speech.volume)
            if new.speech.voice != old.speech.voice:
                self._reader.set_voice(new.speech.voice)
        if new.speech.player != old.speech.player and self._reader is not None:
            self.restart_reader()  # the player is found when a reader starts
        if new.exercises.cue_rate != old.exercises.cue_rate:
            self.forget_cue_voice()
        if new.speech.engine != old.speech.engine:
            self.set_engine(new.speech.engine)

    def voices(self) -> list[VoiceInfo]:
        """The engine's voices (slow: call it off the UI thread)."""
        voices: list[VoiceInfo] = self._ensure_reader().voices()
        return voices

    def set_engine(self, engine: str) -> None:
        """Read with "natural" or "system" from now on (the cue voice too)."""
        for reader in (self._reader, self._cue_voice):
            if reader is not None:
                reader.set_engine(engine)

    def sample(self, engine: str) -> None:
        """A settings sample in that engine, at the current speed and volume."""
        self._ensure_reader().say(SAMPLES.get(engine, SAMPLES["system"]), engine=engine)

    def say(self, text: str) -> None:
        """A one-off announcement (cues, confirmations, "what can I say")."""
        self._ensure_reader().say(text)

    def cue(self, text: str) -> None:
        """Exercise cues: a second voice at the slower, softer cue rate."""
        from hfs_tui.speech import ReadAloud

        self.stop()
        if self._cue_voice is None:
            current = self.settings.settings
            settings = replace(current.speech, rate=current.exercises.cue_rate)
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
        return dict(self.pronunciations())

    def close(self) -> None:
        for reader in (self._reader, self._cue_voice):
            if reader is not None:
                reader.close()

    # From the speech thread ----------------------------------------------------------

    def _from_speech_thread(self, event: SpeechEvent) -> None:
        # call_later posts a message: thread-safe and never waits. call_from_thread
        # would block the speech thread, and deadlock while the UI thread waits in close().
        self.app.call_later(self.handle, event)

    def handle(self, event: SpeechEvent) -> None:
        was_starting = self._starting
        if event.kind in ("started", "finished", "stopped", "paused", "resumed"):
            self._starting = False
        if event.kind == "started" and event.index is not None:
            if 0 <= event.index < len(self._targets):
                self.speaking = self._targets[event.index]
        elif event.kind == "finished":
            if self.section is not None:
                self.read_to_end = (self.section.id, self.part)
            self.speaking = None
            if self.on_finished is not None:
                self.on_finished(self.section, self.part)
        elif event.kind == "stopped":
            self.speaking = None
        elif event.kind == "problem":
            self.app.notify(event.message, title="Reading aloud", severity="warning",
                            timeout=PROBLEM_NOTICE_SECONDS)
        if ((was_starting and not self._starting) or event.kind == "problem") \
                and self.state == self._last_state:
            # "Getting the voice ready…" goes; "Reading silently: no sound output" comes.
            self._show_status()
        self._state_may_have_changed()
