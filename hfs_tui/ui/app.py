"""The Textual app: screens, global actions, and the glue to speech, voice and diary."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import Screen

from hfs_tui import actions, state
from hfs_tui import settings as settings_model
from hfs_tui.content.models import Exercise, Library, Section
from hfs_tui.ui.bindings import bindings_for
from hfs_tui.ui.narration import Narration, SpeechUpdate, Spoken
from hfs_tui.ui.save_notices import SaveDone, SaveNotices
from hfs_tui.ui.screens.contents import ContentsScreen
from hfs_tui.ui.themes import SENTENCE_BACKGROUND, SENTENCE_FOREGROUND, THEMES
from hfs_tui.ui.voice_glue import VoiceGlue, VoiceUpdate

if TYPE_CHECKING:
    from hfs_tui.diary.models import Entry

SECOND_DIGIT_SECONDS = 1.0
"""How soon a second digit must follow the first to make one number (1, 2 -> 12)."""
HIDDEN_SYSTEM_COMMANDS = ("Keys", "Screenshot", "Maximize", "Minimize")
"""Textual's developer panels and tools: they do not follow this app's keys."""

GLOBAL_ACTIONS = (
    "help", "settings", "glossary", "exercises", "diary", "log_spasm", "toggle_voice",
    "push_to_talk", "show_problems", "quit",
)


class HfsApp(App[int]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "hfs-tui"
    BINDINGS = bindings_for(GLOBAL_ACTIONS)
    ENABLE_COMMAND_PALETTE = True

    speaking: reactive[Spoken | None] = reactive(None, always_update=True)
    speech_state: reactive[str] = reactive("idle")
    voice_state: reactive[str] = reactive("off")
    voice_heard: reactive[str] = reactive("")

    def __init__(self, content_dir: Path | None = None, voice: bool = False,
                 focus: bool = False, settings_path: Path | None = None,
                 audio_source_factory: object = None) -> None:
        super().__init__()
        loaded = settings_model.load(settings_path)
        self.settings = loaded.settings
        self.settings_path = loaded.path
        self.settings_problems = loaded.problems
        self._settings_backed_up = False
        self.problems_seen = False
        self._new_library: bool | None = None
        self._first_digit: tuple[int, float] | None = None
        self.content_from_settings = content_dir is None and bool(
            self.settings.reader.content_dir)
        self.content_dir = content_dir or (
            Path(self.settings.reader.content_dir).expanduser()
            if self.settings.reader.content_dir else None
        )
        self.library, self.content_problems = load_content(self.content_dir)
        self.start_in_focus = focus or self.settings.reader.start_in_focus_mode
        self.narration = Narration(self)
        self.save_notices = SaveNotices(self)
        self.voice = VoiceGlue(self, audio_source_factory)
        self.start_voice = voice or self.settings.voice.enabled
        self.last_voice_rating: tuple[Entry, float] | None = None
        """The rating last saved by voice and when, for "add a note" (diary_glue)."""
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.settings.reader.theme
        if self.settings.reader.reduce_motion:
            self.animation_level = "none"
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {SENTENCE_FOREGROUND: "black", SENTENCE_BACKGROUND: "yellow"}

    # Start and stop -------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The first screen, at the bottom of the stack: the contents.

        Being Textual's default screen (rather than pushed on top of an empty one)
        spares start-up a second screen. If the content folder has problems, the
        screen that lists them takes its place.
        """
        if self.library is None:
            from hfs_tui.ui.screens.problems import ContentProblemsScreen

            folder = str(self.content_dir or "built-in")
            return ContentProblemsScreen(folder, self.content_problems,
                                         from_settings=self.content_from_settings)
        return ContentsScreen(self.library)

    def on_mount(self) -> None:
        if self.library is None:
            return
        if self.start_in_focus:
            self.continue_reading(focus=True)
        if self.start_voice and self.settings.voice.mode == "hands-free":
            self.voice.start()

    async def on_unmount(self) -> None:
        self.voice.stop()
        self.narration.close()
        # Pending saves (the last page turn, a setting) reach the disk before we exit.
        await asyncio.to_thread(state.flush, 5.0)

    def on_speech_update(self, message: SpeechUpdate) -> None:
        self.narration.handle(message.event)

    def on_voice_update(self, message: VoiceUpdate) -> None:
        self.voice.handle(message.event)

    def on_save_done(self, message: SaveDone) -> None:
        self.save_notices.handle(message)

    def startup_notices(self) -> list[str]:
        """One line about ignored settings (the list is one key away), or nothing."""
        count = len(self.settings_problems)
        if not count or self.problems_seen:
            return []
        what = "1 setting was" if count == 1 else f"{count} settings were"
        key = actions.get("show_problems").key_display
        return [f"{what} ignored: press {key} to see why."]

    def action_show_problems(self) -> None:
        from hfs_tui.ui.screens.problems import SettingsProblemsScreen

        if isinstance(self.screen, SettingsProblemsScreen):
            return
        if not self.settings_problems:
            self.notify("Your settings file has no problems.", timeout=4)
            return
        self.problems_seen = True
        self.push_screen(SettingsProblemsScreen(self.settings_path, self.settings_problems))

    # Moving around ----------------------------------------------------------------

    @property
    def ordered_sections(self) -> list[Section]:
        return sorted(self.library.sections, key=lambda s: s.order) if self.library else []

    def open_section_number(self, number: int, sentence: int | None = None,
                            focus: bool | None = None, read: bool = False,
                            moved: bool = False) -> None:
        from hfs_tui.ui.screens.focus import FocusScreen
        from hfs_tui.ui.screens.section import SectionScreen

        sections = self.ordered_sections
        if not 1 <= number <= len(sections):
            self.bell()
            self.notify(f"There is no section {number}. Sections go from 1 to "
                        f"{len(sections)}.", timeout=5)
            return
        if moved:
            self.moved()
        section = sections[number - 1]
        if focus is None:
            focus = isinstance(self.screen, FocusScreen)
        screen_class = FocusScreen if focus else SectionScreen
        if type(self.screen) is screen_class:
            self.screen.show_section(section, number, sentence or 0)
        else:
            self._show_reader(screen_class(section, number, len(sections), sentence or 0))
        if read:
            self.narration.read_section(section, sentence or 0)
        else:
            # load the voice while the user reads the first lines
            self.narration.prepare(section, sentence or 0)

    def section_digit(self, digit: int, go: Callable[[int], None]) -> None:
        """Open a section by a typed digit; a second digit soon after makes 10 to 99.

        The first digit acts at once (no waiting on every key press): "1" opens
        section 1, and a "2" within SECOND_DIGIT_SECONDS then opens section 12.
        """
        now = time.monotonic()
        first, self._first_digit = self._first_digit, None
        total = len(self.ordered_sections)
        if first is not None and now - first[1] <= SECOND_DIGIT_SECONDS:
            number = first[0] * 10 + digit
            if number <= total:
                go(number)
                return
        if digit == 0:
            self.bell()
            self.notify(f"There is no section 0. Sections go from 1 to {total}: for "
                        "10 and up, type both digits quickly.", timeout=5)
            return
        if digit * 10 <= total:
            self._first_digit = (digit, now)
        go(digit)

    def open_section_id(self, section_id: str) -> None:
        ids = [s.id for s in self.ordered_sections]
        if section_id in ids:
            self.open_section_number(ids.index(section_id) + 1, moved=True)

    def _show_reader(self, screen: Screen) -> None:
        """Show a section: replace whatever is above the contents, never pile up.

        Switching (rather than popping back to the contents and pushing) spares the
        contents screen a resume and a repaint on every page turn.
        """
        while len(self.screen_stack) > 2:  # the contents, then one reader screen
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_contents(self) -> None:
        while len(self.screen_stack) > 1:  # the contents is the bottom screen
            self.pop_screen()
        if isinstance(self.screen, ContentsScreen):
            self.screen.refresh_continue()

    def open_focus(self, section: Section, number: int, sentence: int) -> None:
        self.open_section_number(number, sentence=sentence, focus=True)

    def continue_reading(self, focus: bool = False) -> None:
        saved = self.saved_position()
        if saved is None:
            self.open_section_number(1, focus=focus)
            return
        number, section = saved
        position = state.load_position()
        self.open_section_number(number, sentence=position.sentence if position else 0,
                                 focus=focus)

    def saved_position(self) -> tuple[int, Section] | None:
        position = state.load_position()
        if position is None:
            return None
        for number, section in enumerate(self.ordered_sections, 1):
            if section.id == position.section_id:
                return number, section
        return None

    def remember_position(self, section_id: str, sentence: int) -> None:
        """Remember the reading position; the one writer saves the latest off this thread."""
        state.save_position(state.Position(section_id, sentence),
                            on_done=self.save_notices.reporter())

    def moved(self) -> None:
        """A navigation key stops reading, unless "keep reading while I move" is on."""
        if not self.settings.speech.keep_reading_while_moving:
            self.narration.stop()

    def reading_finished(self, section: Section | None, part: str) -> None:
        if section is None or part != "body" or not self.settings.speech.read_all:
            return
        ids = [s.id for s in self.ordered_sections]
        number = ids.index(section.id) + 2
        if number <= len(ids):
            self.open_section_number(number, read=True)

    # Reading aloud settings ----------------------------------------------------------

    def change_rate(self, step: int) -> None:
        rate = self.narration.reader.change_rate(step)
        self._remember_speech(rate=rate)
        self.notify(f"Reading speed {rate} words a minute", timeout=3)

    def change_volume(self, step: float) -> None:
        volume = self.narration.reader.change_volume(step)
        self._remember_speech(volume=round(volume, 2))
        self.notify(f"Volume {round(volume * 100)}%", timeout=3)

    def _remember_speech(self, **changes: object) -> None:
        from dataclasses import replace

        self.apply_settings(replace(self.settings,
                                    speech=replace(self.settings.speech, **changes)))

    def apply_settings(self, new: settings_model.Settings,
                       on_saved: Callable[[str], None] | None = None) -> str:
        """Use new settings now and save them in the background; returns a message.

        The save's outcome ("Saved." or why not) goes to `on_saved` once it is known.
        """
        old = self.settings
        self.settings = new
        if new.reader.theme != old.reader.theme:
            self.theme = new.reader.theme
        self.animation_level = "none" if new.reader.reduce_motion else "full"
        if new.speech != old.speech and self.narration._reader is not None:
            reader = self.narration.reader
            reader.set_rate(new.speech.rate)
            reader.set_volume(new.speech.volume)
            if new.speech.voice != old.speech.voice:
                reader.set_voice(new.speech.voice)
        if new.speech.player != old.speech.player and self.narration._reader is not None:
            self.narration.restart_reader()  # the player is found when a reader starts
        if new.exercises.cue_rate != old.exercises.cue_rate:
            self.narration.forget_cue_voice()
        if new.reader.text_width != old.reader.text_width:
            for screen in self.screen_stack:
                if hasattr(screen, "use_text_width"):
                    screen.use_text_width(new.reader.text_width)
        if new.speech.engine != old.speech.engine:
            self.narration.set_engine(new.speech.engine)
        message = "Saved."
        backup = bool(self.settings_problems and not self._settings_backed_up)
        if backup:
            self._settings_backed_up = True
            message = (f"Saved. Your old settings file had problems, so a copy was kept at "
                       f"{settings_model.backup_path(self.settings_path)}")
        settings_model.save_in_background(new, self.settings_path,
                                          self.save_notices.reporter(on_saved, message),
                                          keep_backup=backup)
        return "Saving…"

    def use_library(self, library: Library, folder: Path | None) -> None:
        """Show another leaflet at once (its folder was changed in Settings).

        Any open section belongs to the old leaflet, so the reader goes back to the
        new contents when Settings closes.
        """

        self.narration.stop()
        self.library, self.content_problems = library, []
        self.content_dir = folder
        self.content_from_settings = folder is not None
        self.narration.forget_pronunciations()
        bottom = self.screen_stack[0]
        if isinstance(bottom, ContentsScreen):
            bottom.show_library(library)
        self._new_library = not isinstance(bottom, ContentsScreen)

    def settings_closed(self) -> None:
        """After Settings: leave screens that show a leaflet no longer in use."""
        if getattr(self, "_new_library", None) is None:
            return
        replace_bottom = self._new_library
        self._new_library = None
        if replace_bottom:  # the problems screen: the contents takes its place
            self.switch_screen(ContentsScreen(self.library))
        else:
            self.show_contents()

    # Global actions -----------------------------------------------------------------

    def action_help(self, spoken: bool = False) -> None:
        from hfs_tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        here = getattr(self.screen, "ACTION_IDS", ())
        name = getattr(self.screen, "bar_title", "") or type(self.screen).__name__
        self.push_screen(HelpScreen(tuple(here), name, self.library,
                                    self.voice_state != "off"))
        if spoken:
            self.narration.say(self.voice.what_can_i_say())

    def action_settings(self) -> None:
        from hfs_tui.ui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_glossary(self, section: Section | None = None) -> None:
        self.open_glossary(section or getattr(self.screen, "section", None))

    def open_glossary(self, section: Section | None) -> None:
        from hfs_tui.ui.screens.glossary import GlossaryScreen

        if self.library is not None and not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen(self.library, section))

    def all_exercises(self) -> tuple[Exercise, ...]:
        """The content's exercises plus the user's own breathing pattern."""
        from hfs_tui.exercise.custom import custom_exercise, validate_pattern

        exercises = self.library.exercises if self.library else ()
        pattern = self.settings.exercises.custom_pattern
        if validate_pattern(pattern):
            return exercises
        return (*exercises, custom_exercise(pattern))

    def action_exercises(self) -> None:
        from hfs_tui.ui.screens.exercises import ExercisesScreen

        if self.library is not None and not isinstance(self.screen, ExercisesScreen):
            self.moved()
            self.push_screen(ExercisesScreen(
                self.library.exercises, self.settings.exercises, speak=self.narration.cue,
                on_finish=self._record_session,
                reduce_motion=self.settings.reader.reduce_motion,
            ))

    def start_exercise(self, exercise_id: str, minutes: int | None = None) -> None:
        from hfs_tui.ui.screens.exercise_player import ExercisePlayerScreen

        exercise = next((e for e in self.all_exercises() if e.id == exercise_id), None)
        if exercise is None:
            self.notify(f"There is no exercise called {exercise_id}.", timeout=5)
            return
        self.narration.stop()
        self.push_screen(ExercisePlayerScreen(
            exercise, minutes or exercise.default_length, self.settings.exercises,
            speak=self.narration.cue, on_finish=self._record_session,
            reduce_motion=self.settings.reader.reduce_motion,
        ))

    def _record_session(self, record: object) -> None:
        from hfs_tui.ui.diary_glue import record_session

        self.run_worker(partial(record_session, self, record), thread=True, group="diary",
                        exit_on_error=False)

    def action_diary(self) -> None:
        from hfs_tui.ui.screens.diary import DiaryScreen

        if not isinstance(self.screen, DiaryScreen):
            self.moved()
            self.push_screen(DiaryScreen(speak=self.narration.say))

    def action_log_spasm(self, severity: int | None = None) -> None:
        from hfs_tui.ui.diary_glue import log_spasm

        log_spasm(self, severity)

    def action_add_note(self) -> None:
        from hfs_tui.ui.diary_glue import add_note

        add_note(self)

    def action_toggle_voice(self) -> None:
        self.voice.toggle()

    def action_push_to_talk(self) -> None:
        self.voice.push_to_talk()

    def action_sleep(self) -> None:
        self.voice.sleep()

    def action_wake(self) -> None:
        self.voice.wake()

    def action_help_quit(self) -> None:
        """Ctrl+C: ask, the same as q (Textual would only say to press Ctrl+Q)."""
        self.action_quit()

    def action_quit(self) -> None:
        if not self.settings.voice.confirm_risky:
            self.exit(0)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(0)

        from hfs_tui.ui.screens.confirm import ConfirmScreen

        if not isinstance(self.screen, ConfirmScreen):
            self.push_screen(ConfirmScreen("Quit hfs-tui?"), answered)

    # Command palette: every registry action, generated -------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in HIDDEN_SYSTEM_COMMANDS:
                yield command
        for action in actions.ACTIONS:
            if action.id in ("go_to_section", "open_section", "start_exercise",
                             "confirm_yes", "confirm_no", "focus_next", "focus_previous"):
                continue
            if self._target_for(action.id, screen) is None:
                continue
            keys = f" ({action.key_display})" if action.keys else ""
            yield SystemCommand(action.help, f"{action.group}{keys}",
                                partial(self.run_registry_action, action.id))
        for number, section in enumerate(self.ordered_sections, 1):
            yield SystemCommand(f"Open section {number}: {section.title}", section.summary,
                                partial(self.open_section_number, number))

    def _target_for(self, action_id: str, screen: Screen | None = None) -> object | None:
        screen = screen or self.screen
        for target in (screen, self):
            if hasattr(target, f"action_{action_id}"):
                return target
        return None

    def run_registry_action(self, action_id: str) -> bool:
        """Run a registry action on the current screen, else on the app."""
        target = self._target_for(action_id)
        if target is None:
            return False
        self.call_later(self.run_action, action_id, target)
        return True


def load_content(folder: Path | None) -> tuple[Library | None, list[str]]:
    """The leaflet in `folder` (None: the built-in one), or None and its problems."""
    from hfs_tui.content.cache import load_quickly
    from hfs_tui.paths import builtin_content_dir

    return load_quickly(folder or builtin_content_dir())
