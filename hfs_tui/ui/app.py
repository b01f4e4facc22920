"""The Textual app: screens, global actions, and the glue to speech, voice and diary."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.actions import ActionParseResult
from textual.actions import parse as parse_action
from textual.app import App, SystemCommand
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.screen import Screen

from hfs_tui import actions, state
from hfs_tui import settings as settings_model
from hfs_tui.content.models import Exercise, Library, Section
from hfs_tui.ui.bindings import bindings_for
from hfs_tui.ui.narration import Narration, Spoken
from hfs_tui.ui.navigation import Navigator, load_content
from hfs_tui.ui.save_notices import SaveNotices
from hfs_tui.ui.screens.contents import ContentsScreen
from hfs_tui.ui.themes import SENTENCE_BACKGROUND, SENTENCE_FOREGROUND, THEMES
from hfs_tui.ui.user_settings import UserSettings
from hfs_tui.ui.voice_glue import NOTHING_TO_STOP, VoiceGlue, VoiceUpdate

if TYPE_CHECKING:
    from hfs_tui.diary.models import Entry
    from hfs_tui.exercise.session import SessionRecord

HIDDEN_SYSTEM_COMMANDS = ("Keys", "Screenshot", "Maximize", "Minimize")
"""Textual's developer panels and tools: they do not follow this app's keys."""

APP_WIDE_KEYS = [a.id for a in actions.app_wide()]
APP_WIDE_KEYS.sort(key=lambda action_id: action_id != "help")  # Help leads the footer


class HfsApp(App[int]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "hfs-tui"
    BINDINGS = bindings_for(APP_WIDE_KEYS)
    ENABLE_COMMAND_PALETTE = True

    speech_state: reactive[str] = reactive("idle")  # the narration's, for voice glue
    voice_state: reactive[str] = reactive("off")
    voice_heard: reactive[str] = reactive("")
    voice_reason: reactive[str] = reactive("")  # why voice is off, shown by the indicator

    def __init__(self, content_dir: Path | None = None, voice: bool = False,
                 focus: bool = False, settings_path: Path | None = None,
                 audio_source_factory: Callable[[], Any] | None = None) -> None:
        super().__init__()
        self.save_notices = SaveNotices(self)
        self.user_settings = UserSettings(settings_model.load(settings_path),
                                          self.save_notices, on_change=self._settings_changed)
        self.problems_seen = False
        self._new_library: bool | None = None
        self.content_from_settings = content_dir is None and bool(
            self.settings.reader.content_dir)
        self.content_dir = content_dir or (
            Path(self.settings.reader.content_dir).expanduser()
            if self.settings.reader.content_dir else None
        )
        self.library, self.content_problems = load_content(self.content_dir)
        self.start_in_focus = focus or self.settings.reader.start_in_focus_mode
        self.narration = Narration(self, self.user_settings, self._pronunciations,
                                   on_state=partial(setattr, self, "speech_state"))
        self.navigator = Navigator(self, lambda: self.library, self.narration,
                                   self.user_settings, self.save_notices)
        self.narration.on_finished = self.navigator.reading_finished
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

    # The services screens use, and what the rest of the app reads of them --------

    @property
    def settings(self) -> settings_model.Settings:
        return self.user_settings.settings

    @property
    def settings_path(self) -> Path:
        return self.user_settings.path

    @property
    def settings_problems(self) -> list[str]:
        return self.user_settings.problems

    @property
    def speaking(self) -> Spoken | None:
        """What the voice is on (setting it shows that highlight, as in a snapshot)."""
        return self.narration.speaking

    @speaking.setter
    def speaking(self, spoken: Spoken | None) -> None:
        self.narration.speaking = spoken

    def _pronunciations(self) -> dict[str, str]:
        return dict(self.library.pronunciations) if self.library else {}

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
        return self._contents_screen()

    def _contents_screen(self) -> ContentsScreen:
        assert self.library is not None
        return ContentsScreen(self.library, self.navigator.services,
                              notices=self.startup_notices)

    def on_mount(self) -> None:
        if self.library is None:
            return
        if self.start_in_focus:
            self.navigator.continue_reading(focus=True)
        if self.start_voice and self.settings.voice.mode == "hands-free":
            self.voice.start()
        elif self.start_voice:
            self.voice.preload()  # push-to-talk: the first t then needs no model load

    async def on_unmount(self) -> None:
        self.voice.stop()
        self.narration.close()
        # Pending saves (the last page turn, a setting) reach the disk before we exit.
        await asyncio.to_thread(state.flush, 5.0)

    def on_voice_update(self, message: VoiceUpdate) -> None:
        self.voice.handle(message.event)

    def startup_notices(self) -> list[str]:
        """One line about ignored settings (the list is one key away), or nothing."""
        if not self.settings_problems or self.problems_seen:
            return []
        key = actions.get("show_problems").key_display
        return [settings_model.startup_notice(self.settings_problems,
                                              self.user_settings.unreadable, key,
                                              self.user_settings.mistake_line)]

    def action_show_problems(self) -> None:
        from hfs_tui.ui.screens.problems import SettingsProblemsScreen

        if isinstance(self.screen, SettingsProblemsScreen):
            return
        if not self.settings_problems:
            self.notify("Your settings file has no problems.", timeout=4)
            return
        self.problems_seen = True
        self.push_screen(SettingsProblemsScreen(self.settings_path, self.settings_problems,
                                                self.user_settings.unreadable,
                                                self.user_settings.mistake_line))

    # Moving around (the navigator does it; voice and the palette ask here) ---------

    @property
    def ordered_sections(self) -> list[Section]:
        return self.navigator.ordered_sections

    def open_section_number(self, number: int, sentence: int | None = None,
                            focus: bool | None = None, read: bool = False,
                            moved: bool = False) -> None:
        self.navigator.open_section_number(number, sentence, focus, read, moved)

    def action_go_to_section(self, number: int) -> None:
        """Voice "section three", from any screen."""
        self.open_section_number(int(number), moved=True)

    def action_open_section(self, section_id: str) -> None:
        """Voice "open symptoms"."""
        self.open_section_id(str(section_id))

    def open_section_id(self, section_id: str) -> None:
        self.navigator.open_section_id(section_id)

    def moved(self) -> None:
        self.navigator.moved()

    def open_glossary(self, section: Section | None) -> None:
        self.navigator.open_glossary(section)

    # Settings ------------------------------------------------------------------------

    def _settings_changed(self, old: settings_model.Settings,
                          new: settings_model.Settings) -> None:
        """What new settings change at once (the user settings then save them)."""
        if new.reader.theme != old.reader.theme:
            self.theme = new.reader.theme
        self.animation_level = "none" if new.reader.reduce_motion else "full"
        self.narration.use_settings(old, new)
        if new.reader.text_width != old.reader.text_width:
            for screen in self.screen_stack:
                if hasattr(screen, "use_text_width"):
                    screen.use_text_width(new.reader.text_width)

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
            self.switch_screen(self._contents_screen())
        else:
            self.navigator.show_contents()

    # Global actions -----------------------------------------------------------------

    def action_help(self, spoken: bool = False) -> None:
        from hfs_tui.ui.screens.help import HelpScreen, own_key_rows

        if isinstance(self.screen, HelpScreen):
            return
        active = self.active_bindings
        registry, own_rows, taken = own_key_rows(active.values(), self)
        here = dict.fromkeys([*getattr(self.screen, "ACTION_IDS", ()), *registry])
        # An action offered here by voice only (settings' "contents") has no key here;
        # some keys the screen holds back for now (the diary's u, until a delete).
        unbound = {key for action in here for key in actions.get(action).keys} - set(active)
        held = unbound & set(self.screen._bindings.key_to_bindings)
        name = getattr(self.screen, "bar_title", "") or type(self.screen).__name__
        said = self.voice.what_can_i_say() if spoken else ""  # of this screen, not help's
        self.push_screen(HelpScreen(tuple(here), name, self.library,
                                    self.voice_state != "off", own_rows, taken, unbound,
                                    held))
        if said:
            self.narration.say(said)

    def action_settings(self) -> None:
        from hfs_tui.ui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(
                self.user_settings, self.narration, calibrate=self.voice.calibrate,
                use_library=self.use_library, on_close=self.settings_closed))

    def action_glossary(self, section: Section | None = None) -> None:
        self.open_glossary(section or getattr(self.screen, "section", None))

    def all_exercises(self) -> tuple[Exercise, ...]:
        """The content's exercises plus the user's own breathing pattern."""
        from hfs_tui.exercise.custom import custom_exercise, validate_pattern

        exercises = self.library.exercises if self.library else ()
        pattern = self.settings.exercises.custom_pattern
        if validate_pattern(pattern):
            return exercises
        return (*exercises, custom_exercise(pattern))

    def action_contents(self) -> None:
        """"Contents" or "go home" said on a screen with no Esc to the contents of its
        own (the diary, help, the exercises): there too. A dialog waiting for an answer
        (yes or no, a rating, a date) is answered or cancelled first."""
        from textual.screen import ModalScreen

        from hfs_tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, ModalScreen) and not isinstance(self.screen, HelpScreen):
            return
        self.moved()
        self.navigator.show_contents()

    def action_previous_section(self) -> None:
        """"Go back" said where there is no previous section: out of the diary, help,
        the exercises, settings or the word list, as Esc goes (the screen's GO_BACK)."""
        back = getattr(self.screen, "GO_BACK", "")
        if back:
            self.call_later(self.screen.run_action, back)
        else:
            self.voice.not_here("There is nothing to go back to here.")

    def action_exercises(self) -> None:
        from hfs_tui.ui.screens.exercises import ExercisesScreen

        if self.library is not None and not isinstance(self.screen, ExercisesScreen):
            self.moved()
            self.push_screen(ExercisesScreen(
                self.library.exercises, self.settings.exercises, speak=self.narration.cue,
                on_finish=self._record_session,
                reduce_motion=self.settings.reader.reduce_motion,
            ))

    def action_start_exercise(self, exercise_id: str) -> None:
        """Voice "start calm breathing", from any screen, at its usual length."""
        self.start_exercise(str(exercise_id))

    def start_exercise(self, exercise_id: str, minutes: int | None = None) -> None:
        from hfs_tui.exercise.lengths import chosen_minutes
        from hfs_tui.ui.screens.exercise_player import ExercisePlayerScreen

        exercise = next((e for e in self.all_exercises() if e.id == exercise_id), None)
        if exercise is None:
            self.notify(f"There is no exercise called {exercise_id}.", timeout=5)
            return
        self.narration.stop()
        self.push_screen(ExercisePlayerScreen(
            exercise, minutes or chosen_minutes(exercise), self.settings.exercises,
            speak=self.narration.cue, on_finish=self._record_session,
            reduce_motion=self.settings.reader.reduce_motion,
        ))

    def _record_session(self, record: SessionRecord) -> None:
        from hfs_tui.ui.diary_glue import record_session

        # A stop is confirmed aloud like the cues are, so not when cues are silent.
        speak = self.narration.cue if self.settings.exercises.cues != "silent" else None
        self.run_worker(partial(record_session, self, record, speak), thread=True,
                        group="diary", exit_on_error=False)

    def action_diary(self) -> None:
        from hfs_tui.ui.screens.diary import DiaryScreen

        if not isinstance(self.screen, DiaryScreen):
            self.moved()
            self.push_screen(DiaryScreen(speak=self.narration.say))

    def action_log_spasm(self, severity: int | None = None) -> None:
        from hfs_tui.ui.diary_glue import log_spasm

        log_spasm(self, severity)

    def action_add_note(self, spoken: bool = False) -> None:
        """A note for the rating dialog's entry, the diary's highlighted entry, or the
        rating just given by voice. Said aloud, the listener is already hearing it."""
        from hfs_tui.ui.diary_glue import add_note

        on_screen = getattr(self.screen, "add_note", None)
        opened = (on_screen(by_voice=spoken) if on_screen is not None
                  else add_note(self, by_voice=spoken))
        if spoken and not opened:
            self.voice.cancel_dictation()

    def action_toggle_voice(self) -> None:
        self.voice.toggle()

    def action_push_to_talk(self) -> None:
        self.voice.push_to_talk()

    def action_sleep(self) -> None:
        self.voice.sleep()

    def action_wake(self) -> None:
        self.voice.wake()

    def action_pause(self) -> None:
        """Voice "pause": pause what is being read, never resume it."""
        if self.narration.active and self.narration.state != "paused":
            self.narration.toggle_pause()

    def action_resume(self) -> None:
        """Voice "resume": carry on a paused reading; on the contents, where you left off."""
        if self.narration.active:
            if self.narration.state == "paused":
                self.narration.toggle_pause()
        else:
            self.run_registry_action("continue_reading")

    def action_stop_reading(self) -> None:
        """"Stop" said where no reader is showing: an announcement stops."""
        if self.narration.active:
            self.narration.stop()
        elif self.narration.announcing:
            self.narration.stop_announcement()
        else:
            self.voice.not_here(NOTHING_TO_STOP)

    def action_help_quit(self) -> None:
        """Ctrl+C: ask, the same as q (Textual would only say to press Ctrl+Q)."""
        self.run_registry_action("quit")

    async def action_quit(self) -> None:
        """Reached only once answered yes (see `run_action`)."""
        self.exit(0)

    # Running actions: the registry says where, and risky ones ask first --------------

    def target_for(self, action_id: str, screen: Screen | None = None) -> DOMNode | None:
        """Where an action runs now: the first of its registry targets that is showing."""
        screen = screen or self.screen
        showing = {cls.__name__ for cls in type(screen).__mro__}
        for name in actions.get(action_id).target:
            if name == actions.APP:
                return self
            if name in showing:
                return screen
        return None

    def run_registry_action(self, action_id: str, argument: str | int | None = None,
                            spoken: bool = False) -> bool:
        """Run a registry action where it belongs (the palette and voice come here).

        Keys reach the same methods through bindings made from the same registry.
        Returns False when the action has no target on this screen.
        """
        action = actions.get(action_id)
        target = self.target_for(action_id)
        if target is None:
            return False
        if action.run:  # the screen's own method and arguments (the diary's)
            if not target.check_action(action.run.partition("(")[0], ()):
                # Held back just now (undo with nothing deleted): a key does nothing
                # there, but someone who said it, eyes closed, needs to hear why.
                explain = getattr(target, "explain_held_back", None)
                if explain is not None:
                    explain(action_id)
                return True
            self.call_later(self.run_action, action.run, target)
            return True
        if action.argument == "spoken":
            params: tuple[object, ...] = (spoken,)
        else:
            params = () if argument is None else (argument,)
        self.call_later(self.run_action, ("", action_id, params), target)
        return True

    async def run_action(self, action: str | ActionParseResult,
                         default_namespace: DOMNode | None = None,
                         namespaces: Mapping[str, DOMNode] | None = None) -> bool:
        """Every action passes here (a key, the palette, a voice command): a risky one
        (the registry's `risky`) asks for a yes first, and runs only on yes."""
        name = action[1] if isinstance(action, tuple) else parse_action(action)[1]
        entry = actions.BY_ID.get(name)
        if entry is None or not entry.risky or not self.settings.voice.confirm_risky:
            return await super().run_action(action, default_namespace, namespaces)
        from hfs_tui.ui.screens.confirm import ConfirmScreen

        if isinstance(self.screen, ConfirmScreen):
            return True  # already asking

        def answered(yes: bool | None) -> None:
            if yes:
                self.call_later(App.run_action, self, action, default_namespace, namespaces)

        self.push_screen(ConfirmScreen(entry.question), answered)
        if self.voice.running:
            # Said as well as shown: a voice user may have their eyes closed.
            self.narration.say(f"{entry.question} Say yes or no.")
        return True

    # Command palette: every registry action, generated -------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title in HIDDEN_SYSTEM_COMMANDS:
                continue
            # Textual's own "Quit" runs action_quit: send it through the registry too,
            # so it asks first like q does.
            name = getattr(command.callback, "__name__", "").removeprefix("action_")
            if name in actions.BY_ID and getattr(command.callback, "__self__", None) is self:
                command = command._replace(callback=partial(self.run_registry_action, name))
            yield command
        for action in actions.ACTIONS:
            target = self.target_for(action.id, screen) if action.in_palette else None
            if target is None:
                continue
            bound_here = action.keys_app_wide or target is not self
            keys = f" ({action.key_display})" if action.keys and bound_here else ""
            yield SystemCommand(action.help, f"{action.group}{keys}",
                                partial(self.run_registry_action, action.id))
        for number, section in enumerate(self.ordered_sections, 1):
            yield SystemCommand(f"Open section {number}: {section.title}", section.summary,
                                partial(self.open_section_number, number))
