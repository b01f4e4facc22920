"""Glue between voice commands (hfs_tui.voice) and the app.

The listener calls back from its own thread; `_handle` runs on the UI thread. A
recognised command becomes the same registry action a key press would run, so
voice and keyboard can never drift apart.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ScreenStackError
from textual.message import Message

from hfs_tui import actions
from hfs_tui.ui.narration import PROBLEM_NOTICE_SECONDS
from hfs_tui.ui.widgets.voice_indicator import short_reason, voice_running

if TYPE_CHECKING:
    from hfs_tui.ui.services import NoteAnswer, VoiceApp
    from hfs_tui.voice import VoiceCommand, VoiceControl, VoiceEvent

# While the app reads aloud only barge-in actions get through: the one rule is the
# registry's `while_reading` (the listener hears only their phrases then, through
# actions.barge_in_phrases; this is the UI's own guard).

ANSWERS: dict[str, NoteAnswer] = {"confirm_yes": "yes", "confirm_no": "no"}
"""The registry's answers, as the note dialog takes them when they came early."""

ASK_AGAIN_AFTER_SECONDS = 60.0
"""A near miss answered no (or not at all) is not asked about again for a minute:
someone talking to another person in the room is asked once, not at each word."""

NOTHING_TO_STOP = "Nothing is being read now."
NO_QUESTION = "There is no question to answer now."


class VoiceUpdate(Message):
    """A voice event, carried from the listener thread to the UI thread."""

    def __init__(self, event: VoiceEvent) -> None:
        super().__init__()
        self.event = event


class VoiceGlue:
    def __init__(self, app: VoiceApp, source_factory: Callable[[], Any] | None = None) -> None:
        self.app = app
        self.source_factory = source_factory
        self.control: VoiceControl | None = None
        self._announce_when_ready = False
        self._unclaimed_note: str | None = None
        """A note heard before its dialog was up (the rating was still saving)."""
        self._unclaimed_answer: NoteAnswer | None = None
        """A yes or no to that note, said before its dialog was up (a slow machine)."""
        self._pending: Callable[[VoiceControl], None] | None = None
        self._importing = False
        self._answers_of: str | None = None
        """The screen whose own phrases are heard too (the spasm picker's numbers, the
        diary's "last ninety days")."""
        self._question_of: str | None = None
        """The yes-or-no dialog showing, whose everyday answers ("yeah") are heard."""
        self._not_meant: dict[str, float] = {}
        """Near misses asked about and not meant, and when (see ASK_AGAIN_AFTER_SECONDS)."""

    @property
    def on(self) -> bool:
        return self.control is not None and self.app.voice_state != "off"

    @property
    def running(self) -> bool:
        """Voice commands are on (listening, asleep or loading): not off or unavailable."""
        return voice_running(self.app.voice_state)

    def _commands(self) -> list[VoiceCommand]:
        library = self.app.library
        commands = actions.voice_commands(library.sections if library else (),
                                          self.app.all_exercises())
        if self._answers_of is not None:
            commands += actions.screen_voice_commands(self._answers_of)
        if self._question_of is not None:
            commands += actions.question_voice_commands(self._question_of)
        return commands

    def hear_own_phrases(self, screen: str, on: bool) -> None:
        """Hear `screen`'s own phrases as commands too, or no longer. Only the screen
        that asked stops them: the diary going under the spasm picker must not stop
        the picker's numbers (their events come in either order)."""
        wanted = screen if on else (None if self._answers_of == screen else self._answers_of)
        if wanted == self._answers_of:
            return
        self._answers_of = wanted
        if self.control is not None:
            self.control.set_commands(self._commands())

    def _ensure(self) -> VoiceControl:
        if self.control is None:
            from hfs_tui.voice import VoiceControl

            self.control = VoiceControl(
                self.app.settings.voice, self._commands(), self._from_listener_thread,
                source_factory=self.source_factory,
            )
            self.app.watch(self.app, "speech_state", self._sync_speaking, init=False)
            self.sync_question()
        return self.control

    def _with_control(self, then: Callable[[VoiceControl], None], *,
                      show_loading: bool = True) -> None:
        """`then(control)`, at once if voice was used before; else once the voice package
        is imported on a thread of its own.

        Importing it (numpy, SpeechRecognition, the listener) takes 0.15-0.5 s, which
        on the UI thread would leave keys unanswered; meanwhile the indicator already
        says the model is loading. The latest request wins; stop() cancels it.
        """
        if self.control is not None:
            then(self.control)
            return
        self._pending = then
        if show_loading:
            self.app.voice_state = "loading"
        if not self._importing:
            self._importing = True
            threading.Thread(target=self._import_voice, name="hfs-voice-import",
                             daemon=True).start()

    def _import_voice(self) -> None:
        import hfs_tui.voice  # noqa: F401  (the slow part, off the UI thread)

        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.app.call_later(self._imported)

    def _imported(self) -> None:
        self._importing = False
        then, self._pending = self._pending, None
        if then is not None:
            then(self._ensure())

    def start(self) -> None:
        self._with_control(lambda control: control.start())

    def preload(self) -> None:
        """Load the model in the background now, so the first push-to-talk is quick
        (only when voice is on at start: nothing of voice loads while it is off)."""
        self._with_control(lambda control: control.preload(), show_loading=False)

    def stop(self) -> None:
        if self._pending is not None:
            self._pending = None  # asked for while still importing: never started
            self.app.voice_state = "off"
        if self.control is not None:
            self.control.stop()

    def calibrate(self) -> str:
        """Measure the room's noise again before the next phrase."""
        if self.control is None or not self.running:
            return "Turn voice commands on first (v); the room is measured as they start."
        self.control.calibrate()
        return "The room's noise will be measured again: please be quiet for a moment."

    def toggle(self) -> None:
        if self.app.settings.voice.mode == "push-to-talk":
            self.app.notify("Push-to-talk is chosen in settings: press t, then say one "
                            "command.", timeout=6)
            return
        if not self.running:
            # Said once the microphone is open ("ready"), not now: with no microphone
            # the user would read "on" and then "No microphone found".
            self._announce_when_ready = True
            self.start()
        else:
            self._announce_when_ready = False  # turned off before the microphone opened
            self.stop()
            self.app.voice_state = "off"
            self.app.voice_reason = ""  # turned off on purpose
            self.app.notify("Voice commands off.", timeout=4)

    def push_to_talk(self) -> None:
        self._with_control(lambda control: control.push_to_talk())

    def dictate(self) -> None:
        """Hear the next thing said as a diary note (a "note" event brings the words)."""
        self._ensure().dictate()

    def take_note(self) -> str | None:
        """The note heard before its dialog opened, if any (given out once)."""
        note, self._unclaimed_note = self._unclaimed_note, None
        return note

    def take_answer(self) -> NoteAnswer | None:
        """The yes or no said to that note before its dialog opened, if any (given out once)."""
        answer, self._unclaimed_answer = self._unclaimed_answer, None
        return answer

    def cancel_dictation(self) -> None:
        self._unclaimed_note = self._unclaimed_answer = None
        if self.control is not None:
            self.control.cancel_dictation()

    def sleep(self) -> None:
        if self.control is not None:
            self.control.sleep()

    def wake(self) -> None:
        if self.control is not None:
            self.control.wake()

    def _sync_speaking(self, speech_state: str) -> None:
        if self.control is not None:
            self.control.set_speaking(speech_state == "reading")

    def sync_question(self) -> None:
        """A question dialog showed or went: while one shows, its answers are heard over
        the app's reading of its question (VoiceControl.set_answers)."""
        from hfs_tui.ui.screens.question import QuestionDialog

        if self.control is not None:
            try:
                screen: object = self.app.screen
            except ScreenStackError:  # the app is closing
                screen = None
            question = type(screen).__name__ if isinstance(screen, QuestionDialog) else None
            if question != self._question_of:
                self._question_of = question
                self.control.set_commands(self._commands())
            self.control.set_answers(actions.question_answers(question) if question else ())

    def what_can_i_say(self) -> str:
        """The phrases that work right now, short enough to listen to."""
        screen = self.app.screen
        answers = getattr(screen, "SPOKEN_ANSWERS", "")
        if answers:
            return str(answers)  # a dialog that waits for its own answer
        here = [actions.get(a) for a in getattr(screen, "ACTION_IDS", ())]
        phrases = [a.all_phrases[0] for a in here if a.all_phrases]
        general = ["contents", "next section", "read aloud", "exercises", "diary", "help",
                   "go to sleep"]
        said = list(dict.fromkeys(phrases + general))
        return ("You can say: " + ", ".join(said) +
                ". Or open and a section name, like open symptoms.")

    # From the listener thread -----------------------------------------------------

    def _from_listener_thread(self, event: VoiceEvent) -> None:
        # Thread-safe and non-blocking, so stopping the listener (which joins its
        # thread from the UI thread) can never deadlock.
        self.app.post_message(VoiceUpdate(event))

    def handle(self, event: VoiceEvent) -> None:
        if event.kind == "state":
            self.app.voice_state = event.state
            if event.state == "note":
                # A new note: any older one, and its answer, are stale.
                self._unclaimed_note = self._unclaimed_answer = None
            if voice_running(event.state):
                self.app.voice_reason = ""
        elif event.kind == "ready" and self._announce_when_ready:
            self._announce_when_ready = False
            self.app.notify("Voice commands on. Say \"what can I say\" to hear the phrases.",
                            timeout=6)
        elif event.kind == "command" and event.command is not None:
            self.app.voice_heard = f'"{event.phrase}" → {self._describe(event.command)}'
            self.dispatch(event.command)
        elif event.kind == "note":
            # The words go to the note dialog only: never the indicator or the log.
            from hfs_tui.ui.screens.voice_note import NoteScreen

            if isinstance(self.app.screen, NoteScreen):
                self.app.screen.heard(event.note)
            else:
                self._unclaimed_note = event.note
        elif event.kind == "rejected":
            from hfs_tui.voice.decision import NO_SUCH_NUMBER
            from hfs_tui.voice.listener import describe_rejection

            self.app.voice_heard = describe_rejection(event)
            if (event.message == NO_SUCH_NUMBER and event.phrase and event.state == "listening"
                    and not self.app.narration.active):
                self.not_here(self._no_such_number(event.phrase))
            elif event.decision is not None and event.decision.worth_asking:
                self._ask_if_meant(event)
        elif event.kind == "problem":
            if event.state == "off":
                self._announce_when_ready = False
            self.app.voice_state = event.state or "unavailable"
            if not self.running:
                # Kept in the indicator, so the notice need not stay up for long.
                self.app.voice_reason = short_reason(event.message)
            self.app.notify(event.message, title="Voice commands", severity="warning",
                            timeout=PROBLEM_NOTICE_SECONDS)

    def _ask_if_meant(self, event: VoiceEvent) -> None:
        """A command heard only just: ask "Did you mean ...?" rather than stay silent.

        Only while listening with nothing read aloud and no dialog open, for a command
        that works on this screen and is worth asking about (actions.worth_asking_about).
        """
        from textual.screen import ModalScreen

        from hfs_tui.ui.screens.did_you_mean import DidYouMeanScreen

        app = self.app
        phrase = event.phrase or ""
        command = next((c for c in self._commands() if c.phrase == phrase), None)
        if (command is None or not app.settings.voice.ask_when_unsure
                or event.state != "listening" or app.narration.active
                or isinstance(app.screen, ModalScreen)):
            return
        if not actions.worth_asking_about(command) or app.target_for(command.action) is None:
            return
        now = time.monotonic()
        if now - self._not_meant.get(phrase, -ASK_AGAIN_AFTER_SECONDS) < ASK_AGAIN_AFTER_SECONDS:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                app.voice_heard = f'"{phrase}" → {self._describe(command)}'
                self.dispatch(command)
            elif yes is False:  # None: another command was said instead
                self._not_meant[phrase] = time.monotonic()

        question = DidYouMeanScreen(phrase)
        app.push_screen(question, answered)
        app.narration.say(question.spoken_question)

    def _no_such_number(self, phrase: str) -> str:
        """'section fourteen' in a leaflet of 13: say what there is, not just "no"."""
        if phrase.startswith("section"):
            count = len(self.app.library.sections) if self.app.library else 0
            return (f'There is no {phrase}: the leaflet has {count} sections. '
                    'Say "contents" to see them.')
        return 'Ratings go from 0 to 10: say "log spasm" and a number up to ten.'

    def _describe(self, command: VoiceCommand) -> str:
        if command.action == "go_to_section":
            return f"section {command.argument}"
        if command.action in ("log_spasm", "pick_severity") and command.argument is not None:
            return f"log spasm {command.argument}"
        return actions.get(command.action).label

    def dispatch(self, command: VoiceCommand) -> None:
        """Do what a recognised command asks, exactly as its key or palette entry would."""
        from hfs_tui.ui.screens.confirm import ConfirmScreen
        from hfs_tui.ui.screens.did_you_mean import DidYouMeanScreen
        from hfs_tui.ui.screens.voice_note import NoteScreen

        app = self.app
        action = actions.get(command.action)
        if isinstance(app.screen, DidYouMeanScreen) and action.id not in ANSWERS:
            # Another command said instead of yes or no: that is the answer.
            app.screen.withdraw()
        question = isinstance(app.screen, (ConfirmScreen, NoteScreen))
        if question and type(app.screen).__name__ not in action.target:
            # A question is open: only its answers act, and it says so.
            self.not_here(getattr(app.screen, "SPOKEN_ANSWERS", "Please say yes or no."))
            return
        if (app.narration.active and app.speech_state == "reading"
                and not actions.allowed_while_reading(command)):
            return
        if action.id in ANSWERS and not question and self._unclaimed_note is not None:
            # The note's dialog is still opening (its rating saving, the machine slow):
            # the answer waits for it, as the note does, instead of going nowhere.
            self._unclaimed_answer = ANSWERS[action.id]
            return
        if not app.run_registry_action(action.id, command.argument, spoken=True):
            self.not_here(NO_QUESTION if action.id in ANSWERS else
                          f'"{command.phrase.capitalize()}" does not work here. '
                          'Say "what can I say" to hear what does.')

    def not_here(self, message: str) -> None:
        """A spoken command that does nothing on this screen says so, shown and aloud:
        silence would leave someone with their eyes closed guessing."""
        self.app.notify(message, timeout=5)
        if self.running:
            self.app.narration.say(message)
