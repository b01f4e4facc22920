"""Play one exercise: the breathing pacer, or one step at a time with its own timer.

All timing comes from the ExerciseSession and its clock. The screen only asks it
"what is due now?" on a short timer: every 0.1 s at most, sooner when a cue is
due, and not at all while paused or waiting for a self-paced step. Stopping asks
nothing and loses nothing: the stopped session is recorded like a finished one
(a stop in the first second excepted), and the app then says what was saved.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Digits, Static

from hfs_tui import actions
from hfs_tui.content.models import Exercise
from hfs_tui.exercise import lengths
from hfs_tui.exercise.durations import spoken_duration
from hfs_tui.exercise.schedule import BREATH_PHASES, describe_length, plan
from hfs_tui.exercise.session import ExerciseSession, Position, SessionRecord
from hfs_tui.settings import ExerciseSettings
from hfs_tui.ui.screens.base import HfsScreen
from hfs_tui.ui.widgets.pacer import BreathingPacer

TICK_SECONDS = 0.1
_SOONEST_TICK = 0.005

PLAYER_ACTIONS = ("pause_resume", "stop_reading", "skip_step", "faster", "slower")
_WHILE_RUNNING = ("pause_resume", "skip_step", "faster", "slower", "pause", "resume",
                  "next_section")
"""What no longer works once the exercise is over: the footer stops offering it.
Stop still works (x, Esc, or "stop" said), as a way back, but is not offered."""


def _binding(action_id: str, description: str, extra_keys: tuple[str, ...] = (),
             show: bool = True) -> Binding:
    action = actions.get(action_id)
    keys = action.keys + tuple(k for k in extra_keys if k not in action.keys)
    return Binding(",".join(keys), action_id, description, show=show,
                   key_display=action.key_display.split(" or ")[0], id=action_id)


class ExercisePlayerScreen(HfsScreen):
    """Dismisses with the session's record (None if it never started)."""
    GO_BACK = "stop_reading"

    default_clock: ClassVar[Callable[[], float]] = time.monotonic
    """The clock when none is given: tests of the whole app put a FakeClock here."""

    ACTION_IDS = PLAYER_ACTIONS
    BINDINGS = [
        _binding("pause_resume", "Pause"),
        _binding("stop_reading", "Stop"),
        _binding("skip_step", "Skip", ("right",)),
        _binding("faster", "Faster"),
        _binding("slower", "Slower"),
        # Shown only when the exercise is over (see check_action).
        Binding("enter", "close_when_done", "Back", key_display="Enter"),
    ]

    DEFAULT_CSS = """
    /* The body is inset, not the screen: the top bar and the key bar span the width. */
    ExercisePlayerScreen {
        layout: vertical;
    }
    ExercisePlayerScreen > Static, ExercisePlayerScreen > BreathingPacer,
    ExercisePlayerScreen > #player-steps {
        padding: 0 2;
    }
    ExercisePlayerScreen #player-title {
        text-style: bold;
        color: $text;
        width: 100%;
    }
    ExercisePlayerScreen #player-progress {
        color: $text;
        width: 100%;
    }
    ExercisePlayerScreen #player-instruction {
        color: $text;
        width: 100%;
        margin-top: 1;
        text-align: center;
    }
    ExercisePlayerScreen #player-steps {
        height: 1fr;
        align: center middle;
    }
    ExercisePlayerScreen #step-heading {
        text-style: bold;
        color: $accent;
        width: 100%;
        text-align: center;
    }
    ExercisePlayerScreen #step-text {
        width: 100%;
        max-width: 64;
        color: $text;
        text-style: bold;
        text-align: center;
        margin: 1 0;
    }
    ExercisePlayerScreen #step-timer-row {
        height: auto;
        width: 100%;
        align-horizontal: center;
    }
    ExercisePlayerScreen #step-timer {
        width: auto;
        color: $primary;
    }
    ExercisePlayerScreen #step-timer-words {
        width: 100%;
        text-align: center;
        color: $text;
    }
    ExercisePlayerScreen #player-status {
        width: 100%;
        text-align: center;
        color: $text;
        text-style: bold;
        height: auto;
        min-height: 1;
    }
    ExercisePlayerScreen.-breathing #player-steps { display: none; }
    ExercisePlayerScreen.-stepwise BreathingPacer { display: none; }
    /* A short window: the big timer digits and the spacing go (the same time is in
       words below), so the step's words, its time and the status still show. */
    ExercisePlayerScreen.-short #step-timer-row { display: none; }
    ExercisePlayerScreen.-short #step-text, ExercisePlayerScreen.-short #player-instruction {
        margin: 0;
    }
    ExercisePlayerScreen.-short #player-steps { overflow-y: auto; }
    """
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    def __init__(
        self,
        exercise: Exercise,
        minutes: int | None,
        exercise_settings: ExerciseSettings,
        speak: Callable[[str], None] | None = None,
        on_finish: Callable[[SessionRecord], None] | None = None,
        clock: Callable[[], float] | None = None,
        *,
        reduce_motion: bool = False,
        settle_seconds: float | None = None,
    ) -> None:
        super().__init__(f"Relaxation: {exercise.title}")
        self.exercise = exercise
        self.settings = exercise_settings
        self.speak = speak
        self.reduce_motion_setting = reduce_motion
        self.plan = plan(exercise, minutes, exercise_settings.include_face_steps,
                         exercise_settings.cues, cue_rate=exercise_settings.cue_rate,
                         settle_seconds=settle_seconds)
        clock = clock or type(self).default_clock
        self.session = ExerciseSession(self.plan, clock=clock,
                                       self_paced=exercise_settings.self_paced,
                                       on_finish=on_finish)
        self.clock = clock
        self._timer: Timer | None = None
        self._shown: dict[str, str] = {}
        self._said_goodbye = False

    # --- layout ----------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static(self.exercise.title, id="player-title")
        yield Static("", id="player-progress")
        yield Static("", id="player-instruction")
        yield BreathingPacer(reduce_motion=self._reduce_motion(), id="pacer")
        with Vertical(id="player-steps"):
            yield Static("", id="step-heading")
            yield Static("", id="step-text")
            with Vertical(id="step-timer-row"):
                yield Digits("", id="step-timer")
            yield Static("", id="step-timer-words")
        yield Static("", id="player-status")

    def _reduce_motion(self) -> bool:
        return self.reduce_motion_setting or self.app.animation_level == "none"

    def on_mount(self) -> None:
        super().on_mount()
        self.session.start()
        # The length picked is the one offered next time (voice or list alike).
        lengths.remember(self.exercise, self.plan.minutes)
        self._tick()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        over = self.session.state in ("finished", "stopped")
        if action == "close_when_done":
            return over
        if action in _WHILE_RUNNING:
            return not over
        return True

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """What the footer and help show: once over, Stop is not offered (Enter is),
        though x, Esc and a spoken "stop" still go back, for voice-only users too."""
        shown = super().active_bindings
        if self.session.state not in ("finished", "stopped"):
            return shown
        return {key: active for key, active in shown.items()
                if active.binding.action != "stop_reading"}

    def on_screen_suspend(self) -> None:
        # Help or another screen on top: hold still (and quiet) until the person is back.
        if self.session.state == "running":
            self.action_pause()

    def on_unmount(self) -> None:
        # Leaving the screen any other way still records the session.
        self._cancel_timer()
        self.session.stop()

    # --- the tick ----------------------------------------------------------------

    def _tick(self) -> None:
        self._timer = None
        cues = self.session.tick()
        spoken = [cue.text_to_speak for cue in cues if cue.text_to_speak]
        if spoken:
            # After a stall only the latest cue is worth saying.
            self._say(spoken[-1])
        if self.session.state == "finished" and not self._said_goodbye:
            self._said_goodbye = True
            self._say("Well done. That is the end of the exercise.")
            # The footer now offers only what works here: Enter to go back.
            self.refresh_bindings()
            self._refresh_key_hints()
        self._show()
        self._schedule()

    def _schedule(self) -> None:
        self._cancel_timer()
        if self.session.state != "running":
            return
        due = self.session.next_due()
        if due is None and self.session.waiting:
            return  # nothing moves until the person presses space
        delay = TICK_SECONDS if due is None else min(TICK_SECONDS, due - self.clock())
        self._timer = self.set_timer(max(_SOONEST_TICK, delay), self._tick)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _say(self, text: str) -> None:
        if self.speak is not None and self.settings.cues != "silent":
            self.speak(text)

    # --- showing ------------------------------------------------------------------

    def _show(self) -> None:
        position = self.session.position()
        state = self.session.state
        breathing_now = (position.kind == "step" and position.phase in BREATH_PHASES
                         and state != "finished")
        self.set_class(breathing_now, "-breathing")
        self.set_class(not breathing_now, "-stepwise")
        self._set("#player-progress", self._progress_text(position))
        if breathing_now:
            self._set("#player-instruction", self.session.current_step.step.text)
            self.query_one(BreathingPacer).show(position)
        else:
            self._set("#player-instruction", "")
            self._show_step(position)
        self._set("#player-status", self._status_text(position))

    def _show_step(self, position: Position) -> None:
        left = max(0, math.ceil(position.step_seconds - position.seconds_into_step - 1e-6))
        if self.session.state == "finished":
            heading = "Well done"
            text = self._finished_text()
            timer, words = "", "Press Enter or Esc to go back."
        elif position.kind == "settle":
            heading = "Getting ready"
            text = self.exercise.position
            timer, words = str(left), f"Starting in {_seconds(left)}"
        else:
            heading = f"Step {position.step_number} of {position.step_count}"
            text = self.session.current_step.step.text
            timer, words = str(left), f"{_seconds(left)} left in this step"
        self._set("#step-heading", heading)
        self._set("#step-text", text)
        self._set("#step-timer", timer)
        self._set("#step-timer-words", words)

    def _finished_text(self) -> str:
        """The time really spent; the planned length too when that was different
        (steps skipped, or a slower or faster pace), so the screen and diary agree."""
        planned = self.plan.total_seconds
        record = self.session.record
        spent = record.actual_seconds if record is not None else planned
        text = f"You finished {self.exercise.title} in {spoken_duration(spent)}"
        if abs(spent - planned) > max(2.0, planned * 0.1):
            text += f" (the full length is {describe_length(planned)})"
        return text + "."

    def _progress_text(self, position: Position) -> str:
        if self.session.state == "finished":
            return "Finished"
        if position.kind == "settle":
            part = "Getting ready"
        elif position.cycles:
            part = f"Breath {position.cycle} of {position.cycles}"
        else:
            part = f"Step {position.step_number} of {position.step_count}"
        if self.session.self_paced:
            return part
        return f"{part} · {_time_left(position.time_left)}"

    def _status_text(self, position: Position) -> str:
        state = self.session.state
        if state == "paused":
            return "Paused. Press space to carry on."
        if state == "finished":
            return ""
        parts = []
        if self.session.self_paced:
            parts.append("Press space when you are ready")
        if abs(self.session.pace - 1.0) > 0.01:
            parts.append(f"Each count lasts {self.session.pace:.1f} seconds")
        return " · ".join(parts)

    def _set(self, selector: str, value: str) -> None:
        if self._shown.get(selector) == value:
            return
        self._shown[selector] = value
        widget = self.query_one(selector)
        if isinstance(widget, Digits | Static):
            widget.update(value)

    # --- actions (names match hfs_tui.actions ids, for keys and voice) --------------

    def action_pause_resume(self) -> None:
        """Space: pause or carry on; in self-paced mode, move on when ready."""
        if self.session.state == "paused":
            self.action_resume()
        elif self.session.self_paced and self.session.state == "running":
            self.action_skip_step()
        else:
            self.action_pause()

    def action_pause(self) -> None:
        self.session.pause()
        self._tick()

    def action_resume(self) -> None:
        self.session.resume()
        self._tick()

    def action_stop_reading(self) -> None:
        """Stop now: the session is recorded as stopped and the screen closes."""
        self._cancel_timer()
        record = self.session.stop()
        self.dismiss(record)

    def action_skip_step(self) -> None:
        self.session.skip_step()
        self._tick()

    def action_next_section(self) -> None:
        """Voice "next": same as skip."""
        self.action_skip_step()

    def action_faster(self) -> None:
        self.session.faster()
        self._tick()

    def action_slower(self) -> None:
        self.session.slower()
        self._tick()

    def action_close_when_done(self) -> None:
        if self.session.state in ("finished", "stopped"):
            self.dismiss(self.session.record)


def _seconds(seconds: int) -> str:
    return "1 second" if seconds == 1 else f"{seconds} seconds"


def _time_left(seconds: float) -> str:
    seconds = math.ceil(seconds - 1e-6)
    if seconds >= 120:
        return f"about {round(seconds / 60)} minutes left"
    if seconds >= 60:
        return f"1 minute {seconds - 60} seconds left" if seconds > 60 else "1 minute left"
    return f"{_seconds(seconds)} left"
