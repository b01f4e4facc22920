"""What screens and glue need from the rest of the app, as small Protocols.

Screens take these services (the reader screens as one `ReaderServices`) instead of
reaching into the app, so they depend on what they use and run in a bare Textual
`App` in tests. The app provides the real ones: `narration.Narration`,
`navigation.Navigator` and `user_settings.UserSettings`. Nothing here imports the app.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

    from hfs_tui.content.models import Exercise, Library, Section
    from hfs_tui.diary.models import Entry
    from hfs_tui.settings import Settings
    from hfs_tui.ui.narration import Spoken

ShowMessage = Callable[[str], None]
NoteAnswer = Literal["yes", "no"]
"""A spoken answer to the note dialog ("yes" saves the note, "no" drops it)."""


class Narration(Protocol):
    """Reading aloud, as the screens use it: one section at a time, sentence by sentence."""

    @property
    def active(self) -> bool: ...  # reading or paused

    @property
    def state(self) -> str: ...

    @property
    def section(self) -> Section | None: ...

    @property
    def speaking(self) -> Spoken | None: ...

    @property
    def read_to_end(self) -> tuple[str, str] | None: ...  # (section id, part) read to its end

    def status(self) -> str: ...
    def prepare(self, section: Section | None = None, sentence: int = 0) -> None: ...
    def read_section(self, section: Section, start: int = 0, part: str = "body") -> None: ...
    def toggle_pause(self) -> None: ...
    def stop(self) -> None: ...
    def next_sentence(self) -> None: ...
    def previous_sentence(self) -> None: ...
    def repeat(self) -> None: ...
    def change_rate(self, step: int) -> None: ...
    def change_volume(self, step: float) -> None: ...
    def say(self, text: str) -> None: ...
    def sample(self, engine: str) -> None: ...
    def voices(self) -> Sequence[Any]: ...

    def watch(self, node: DOMNode, on_spoken: Callable[[Spoken | None], None] | None = None,
              on_state: Callable[[str], None] | None = None) -> None: ...


class Navigation(Protocol):
    """Moving between the contents and the sections, and remembering the place."""

    def moved(self) -> None: ...
    def open_section_number(self, number: int, sentence: int | None = None,
                            focus: bool | None = None, read: bool = False,
                            moved: bool = False) -> None: ...
    def open_focus(self, section: Section, number: int, sentence: int) -> None: ...
    def show_contents(self) -> None: ...
    def continue_reading(self, focus: bool = False) -> None: ...
    def saved_position(self) -> tuple[int, Section] | None: ...
    def section_digit(self, digit: int, go: Callable[[int], None]) -> None: ...
    def open_glossary(self, section: Section | None) -> None: ...
    def remember_position(self, section_id: str, sentence: int) -> None: ...


class SettingsAccess(Protocol):
    """The settings in use, and changing them (used at once, saved in the background)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def path(self) -> Path: ...

    def apply(self, new: Settings, on_saved: ShowMessage | None = None) -> str: ...


@dataclass(frozen=True)
class ReaderServices:
    """What the contents, section and focus screens need: one object to pass around."""

    narration: Narration
    navigation: Navigation
    settings: SettingsAccess


@runtime_checkable
class ReadsAloud(Protocol):
    """An app with a narration: every screen's status line says what it is reading."""

    @property
    def narration(self) -> Narration: ...


class DiaryHost(Protocol):
    """What diary glue needs from the app it runs in."""

    voice_state: str

    @property
    def narration(self) -> Narration: ...

    @property
    def screen(self) -> Screen: ...

    def push_screen(self, screen: Screen, callback: Callable[[Any], None] | None = None,
                    ) -> Any: ...
    def call_from_thread(self, callback: Callable[..., Any], *args: Any,
                         **kwargs: Any) -> Any: ...
    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None) -> None: ...


class Dictation(Protocol):
    """The voice glue's part in a spoken diary note."""

    @property
    def on(self) -> bool: ...
    def dictate(self) -> None: ...
    def take_note(self) -> str | None: ...
    def take_answer(self) -> NoteAnswer | None: ...
    def cancel_dictation(self) -> None: ...


class NoteHost(DiaryHost, Protocol):
    """What the spoken-note glue needs: the diary host, its voice, the last voice rating."""

    last_voice_rating: tuple[Entry, float] | None

    @property
    def voice(self) -> Dictation: ...


class VoiceHost(Protocol):
    """What voice glue needs from the app to listen: its state, and what to listen for."""

    voice_state: str
    voice_heard: str
    voice_reason: str
    speech_state: str
    library: Library | None

    @property
    def settings(self) -> Settings: ...

    @property
    def narration(self) -> Narration: ...

    @property
    def screen(self) -> Screen: ...

    def all_exercises(self) -> tuple[Exercise, ...]: ...
    def post_message(self, message: Any) -> bool: ...
    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...
    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None) -> None: ...
    def watch(self, obj: Any, attribute_name: str, callback: Callable[..., Any],
              init: bool = True) -> None: ...
    def push_screen(self, screen: Any, callback: Callable[[Any], Any] | None = None,
                    ) -> Any: ...


class CommandTarget(Protocol):
    """Where voice glue sends a recognised command (the action dispatch)."""

    def run_registry_action(self, action_id: str, argument: str | int | None = None,
                            spoken: bool = False) -> bool: ...
    def target_for(self, action_id: str, screen: Screen | None = None) -> Any: ...
    def open_section_number(self, number: int, sentence: int | None = None,
                            focus: bool | None = None, read: bool = False,
                            moved: bool = False) -> None: ...
    def open_section_id(self, section_id: str) -> None: ...
    def start_exercise(self, exercise_id: str, minutes: int | None = None) -> None: ...
    def action_log_spasm(self, severity: int | None = None) -> None: ...
    def action_help(self, spoken: bool = False) -> None: ...


class VoiceApp(VoiceHost, CommandTarget, Protocol):
    """The app as voice glue sees it: both of the above."""
