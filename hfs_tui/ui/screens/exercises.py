"""The list of relaxation exercises: what each is for, how long, Enter to start.

Left and Right change the length of the highlighted exercise where it has a
choice (breathing exercises: 1, 3, 5 or 10 minutes); the length last started is
offered first next time. The person's own breathing
pattern from settings is always last in the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ListItem, ListView, Static

from hfs_tui.content.models import Exercise
from hfs_tui.exercise.custom import CUSTOM_ID, custom_exercise, validate_pattern
from hfs_tui.exercise.lengths import chosen_minutes
from hfs_tui.exercise.schedule import describe_length, lengths_for, plan
from hfs_tui.exercise.session import SessionRecord
from hfs_tui.settings import ExerciseSettings
from hfs_tui.ui.screens.base import HfsScreen
from hfs_tui.ui.screens.exercise_player import ExercisePlayerScreen

NOT_A_TREATMENT = "Exercises to help you relax. They are not a treatment."
"""One line at 60 columns: the list below must keep its room in a small window."""


class ExerciseItem(ListItem):
    """One exercise: its title, what it is for, and its length."""

    DEFAULT_CSS = """
    ExerciseItem {
        padding: 0 1;
        height: auto;
        margin-bottom: 1;
    }
    ExerciseItem .exercise-title { text-style: bold; color: $text; }
    ExerciseItem .exercise-purpose { color: $text; }
    ExerciseItem .exercise-length { color: $text; text-style: italic; }
    """

    def __init__(self, exercise: Exercise, number: int, settings: ExerciseSettings) -> None:
        super().__init__()
        self.exercise = exercise
        self.number = number
        self.settings = settings
        self.lengths = lengths_for(exercise)
        self.minutes = chosen_minutes(exercise)  # the length last started, else the usual

    def compose(self) -> ComposeResult:
        yield Static(f"{self.number}. {self.exercise.title}", classes="exercise-title")
        yield Static(self.exercise.purpose, classes="exercise-purpose")
        yield Static(self._length_text(), classes="exercise-length")

    def change_length(self, direction: int) -> bool:
        """Step to the next shorter (-1) or longer (+1) length; False if there is none."""
        if not self.lengths or self.minutes is None:
            return False
        index = self.lengths.index(self.minutes) + direction
        if not 0 <= index < len(self.lengths):
            return False
        self.minutes = self.lengths[index]
        self.query_one(".exercise-length", Static).update(self._length_text())
        return True

    def _length_text(self) -> str:
        if self.minutes is not None:
            choices = ", ".join(str(n) for n in self.lengths[:-1])
            more = f"{choices} or {self.lengths[-1]}" if choices else str(self.lengths[-1])
            unit = "minute" if self.minutes == 1 else "minutes"
            return f"Length: {self.minutes} {unit}  (Left or Right to choose {more})"
        seconds = plan(self.exercise, None, self.settings.include_face_steps,
                       self.settings.cues, cue_rate=self.settings.cue_rate).total_seconds
        return f"Length: {describe_length(seconds)}"


class ExercisesScreen(HfsScreen):
    GO_BACK = "close"
    ACTION_IDS = ("start_exercise",)
    BINDINGS = [
        # Priority, or the focused list would take Left and Right for scrolling.
        Binding("left", "shorter", "Shorter", key_display="Left", priority=True,
                tooltip="Make the highlighted exercise shorter"),
        Binding("right", "longer", "Longer", key_display="Right", priority=True,
                tooltip="Make the highlighted exercise longer"),
        Binding("escape", "close", "Back", key_display="Esc", tooltip="Leave the exercises"),
    ]

    DEFAULT_CSS = """
    /* The body is inset, not the screen: the top bar and the key bar span the width. */
    ExercisesScreen {
        layout: vertical;
    }
    ExercisesScreen > Static, ExercisesScreen > ListView {
        padding: 0 1;
    }
    ExercisesScreen #exercises-title {
        text-style: bold;
        color: $text;
        width: 100%;
    }
    ExercisesScreen #exercises-note {
        color: $text;
    }
    ExercisesScreen #exercises-hint {
        color: $text;
        width: 100%;
        margin-bottom: 1;
    }
    ExercisesScreen #exercises-problem {
        color: $error;
        width: 100%;
    }
    ExercisesScreen ListView { height: 1fr; }
    """

    def __init__(
        self,
        library_exercises: Sequence[Exercise],
        settings: ExerciseSettings,
        *,
        speak: Callable[[str], None] | None = None,
        on_finish: Callable[[SessionRecord], None] | None = None,
        clock: Callable[[], float] | None = None,
        reduce_motion: bool = False,
    ) -> None:
        super().__init__("Relaxation exercises")
        self.settings = settings
        self.speak = speak
        self.on_finish = on_finish
        self.clock = clock
        self.reduce_motion = reduce_motion
        self.pattern_problems = validate_pattern(settings.custom_pattern)
        exercises = sorted((e for e in library_exercises if e.id != CUSTOM_ID),
                           key=lambda e: e.order)
        if not self.pattern_problems:
            exercises.append(custom_exercise(settings.custom_pattern))
        self.exercises: tuple[Exercise, ...] = tuple(exercises)

    def compose_body(self) -> ComposeResult:
        yield Static("Relaxation exercises", id="exercises-title")
        # The leaflet's source says relaxing may help some people, and no more.
        yield Static(NOT_A_TREATMENT, id="exercises-note")
        yield Static("Up and Down to choose, Enter to start. Left or Right changes the "
                     "length.", id="exercises-hint")
        if self.pattern_problems:
            yield Static("Your own breathing pattern is not shown: "
                         + " ".join(self.pattern_problems), id="exercises-problem")
        yield ListView(*(ExerciseItem(exercise, number, self.settings)
                         for number, exercise in enumerate(self.exercises, start=1)),
                       id="exercise-list")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ListView).focus()

    @property
    def highlighted(self) -> ExerciseItem | None:
        item = self.query_one(ListView).highlighted_child
        return item if isinstance(item, ExerciseItem) else None

    def action_shorter(self) -> None:
        if self.highlighted is not None and not self.highlighted.change_length(-1):
            self.app.bell()

    def action_longer(self) -> None:
        if self.highlighted is not None and not self.highlighted.change_length(+1):
            self.app.bell()

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if isinstance(event.item, ExerciseItem):
            self.start(event.item.exercise, event.item.minutes)

    def action_start_exercise(self, exercise_id: str, minutes: int | None = None) -> None:
        """Voice "start calm breathing": start by id, at its chosen or default length."""
        for item in self.query(ExerciseItem):
            if item.exercise.id == exercise_id:
                self.start(item.exercise, minutes if minutes is not None else item.minutes)
                return
        self.notify(f"There is no exercise called '{exercise_id}'.", severity="warning")

    def start(self, exercise: Exercise, minutes: int | None) -> ExercisePlayerScreen | None:
        try:
            player = ExercisePlayerScreen(exercise, minutes, self.settings, self.speak,
                                          self.on_finish, self.clock,
                                          reduce_motion=self.reduce_motion)
        except ValueError as error:  # e.g. only face steps, and those are turned off
            self.notify(f"{exercise.title} cannot start: {error}", severity="error")
            return None
        self.app.push_screen(player)
        return player
