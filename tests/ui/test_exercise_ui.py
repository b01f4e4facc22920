"""The exercise screens in a real Textual app driven by Pilot, with a fake clock."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from exercise_helpers import calm_breathing
from pilot_helpers import wait_until
from textual.app import App
from textual.screen import Screen
from textual.widgets import Digits, Static

from hfs_tui.content.models import Exercise, ExerciseStep
from hfs_tui.exercise.session import SessionRecord
from hfs_tui.settings import BreathingPattern, ExerciseSettings
from hfs_tui.ui.screens.exercise_player import ExercisePlayerScreen
from hfs_tui.ui.screens.exercises import ExerciseItem, ExercisesScreen
from hfs_tui.ui.widgets.pacer import BreathingPacer, PacerShape

TICK = 0.25  # comfortably more than the player's 0.1 s tick, even on a busy machine


def muscle_relaxation() -> Exercise:
    return Exercise(
        id="muscle-relaxation", title="Muscle relaxation", order=2,
        voice_names=("muscle relaxation",), purpose="Tense and let go.",
        position="Lie or sit somewhere comfortable.",
        steps=(
            ExerciseStep("Lift your shoulders towards your ears, then let them drop.", 12,
                         "Shoulders up, and let them drop"),
            ExerciseStep("Let your forehead go smooth and soft.", 10,
                         "Let your forehead soften", face=True),
            ExerciseStep("Press your feet into the floor, then relax them.", 12,
                         "Feet down, and relax"),
        ),
    )


class Base(Screen):
    """What the player returns to."""

    def compose(self):
        yield Static("home", id="home")


class ExerciseApp(App):
    def __init__(self, make_screen: Callable[[], Screen]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.animation_level = "full"
        self.push_screen(Base())
        self.push_screen(self.make_screen(), self.results.append)


class Harness:
    def __init__(self, clock, settings: ExerciseSettings | None = None) -> None:
        self.clock = clock
        self.clock.now = 500.0
        self.said: list[str] = []
        self.records: list[SessionRecord] = []
        self.settings = settings or ExerciseSettings()

    def player(self, exercise: Exercise, minutes: int | None = 1,
               settle_seconds: float | None = 0) -> ExerciseApp:
        return ExerciseApp(lambda: ExercisePlayerScreen(
            exercise, minutes, self.settings, self.said.append, self.records.append,
            self.clock, settle_seconds=settle_seconds))

    def list_app(self, exercises: list[Exercise]) -> ExerciseApp:
        return ExerciseApp(lambda: ExercisesScreen(
            exercises, self.settings, speak=self.said.append, on_finish=self.records.append,
            clock=self.clock))


@pytest.fixture
def harness(clock) -> Harness:
    """A player or exercise list on the test's clock, collecting what it says and saves.

    A test that needs other settings sets `harness.settings` before making the app.
    """
    return Harness(clock)


def text_of(screen: Screen, selector: str) -> str:
    widget = screen.query_one(selector)
    return str(widget.value if isinstance(widget, Digits) else widget.render())


async def test_player_speaks_each_cue_and_shows_the_pacer(harness):
    app = harness.player(calm_breathing())
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExercisePlayerScreen)
        assert harness.said == ["Breathe in"]
        assert text_of(screen, "#pacer-phase") == "Breathe in"
        assert text_of(screen, "#pacer-count") == "1"
        assert text_of(screen, "#player-progress") == "Breath 1 of 6 · 1 minute left"
        harness.clock.advance(2.0)
        await wait_until(pilot, lambda: len(harness.said) > 1)
        assert harness.said == ["Breathe in", "three"]  # after a stall, only the latest
        assert text_of(screen, "#pacer-count") == "3"
        assert text_of(screen, "#pacer-detail") == "3 of 5"
        assert screen.query_one(PacerShape).display
        harness.clock.advance(3.0)
        await wait_until(pilot, lambda: harness.said[-1] == "Breathe out")
        assert text_of(screen, "#pacer-phase") == "Breathe out"
        assert text_of(screen, "#player-instruction") == "Breathe out gently through your mouth."
        assert text_of(screen, "#player-progress") == "Breath 1 of 6 · 55 seconds left"


async def test_settle_step_shows_position_advice_first(harness):
    app = harness.player(calm_breathing(), settle_seconds=None)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        assert harness.said == ["Sit comfortably with your feet flat on the floor."]
        assert text_of(screen, "#step-heading") == "Getting ready"
        assert text_of(screen, "#step-text") == "Sit comfortably with your feet flat on the floor."
        assert text_of(screen, "#step-timer-words").startswith("Starting in ")
        assert screen.has_class("-stepwise")
        assert not screen.query_one(BreathingPacer).display
        harness.clock.advance(screen.plan.steps[0].seconds)
        await wait_until(pilot, lambda: harness.said[-1] == "Breathe in")
        assert screen.has_class("-breathing")


async def test_space_pauses_and_resumes_without_losing_the_place(harness):
    app = harness.player(calm_breathing())
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        harness.clock.advance(1.5)
        await wait_until(pilot, lambda: harness.said[-1] == "two")
        await pilot.press("space")
        assert screen.session.state == "paused"
        assert text_of(screen, "#player-status") == "Paused. Press space to carry on."
        said_before = list(harness.said)
        harness.clock.advance(30)
        await pilot.pause(TICK)
        assert harness.said == said_before
        assert text_of(screen, "#pacer-count") == "2"
        await pilot.press("space")
        assert screen.session.state == "running"
        assert text_of(screen, "#player-status") == ""
        harness.clock.advance(0.5)
        await wait_until(pilot, lambda: harness.said[-1] == "three")


async def test_stop_records_a_stopped_session_and_goes_back(harness):
    app = harness.player(calm_breathing(), minutes=3)
    async with app.run_test(size=(80, 30)) as pilot:
        harness.clock.advance(12)
        await pilot.pause(TICK)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Base)
        assert len(harness.records) == 1
        record = harness.records[0]
        assert (record.exercise_id, record.completed, record.planned_seconds) == (
            "calm-breathing", False, 180)
        assert record.actual_seconds == pytest.approx(12)
        assert app.results == [record]


async def test_escape_also_stops(harness):
    app = harness.player(calm_breathing())
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Base)
        assert [r.completed for r in harness.records] == [False]


async def test_skip_with_n_or_right_moves_to_the_next_step(harness):
    app = harness.player(calm_breathing())
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        await pilot.press("n")
        assert text_of(screen, "#pacer-phase") == "Breathe out"
        assert harness.said[-1] == "Breathe out"
        await pilot.press("right")
        assert text_of(screen, "#pacer-phase") == "Breathe in"
        assert text_of(screen, "#player-progress").startswith("Breath 2 of 6")


async def test_faster_and_slower_change_the_pace_from_now_on(harness):
    app = harness.player(calm_breathing())
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        await pilot.press("minus", "minus")
        assert screen.session.pace == pytest.approx(1.2)
        assert text_of(screen, "#player-status") == "Each count lasts 1.2 seconds"
        harness.clock.advance(1.1)
        await pilot.pause(TICK)
        assert harness.said == ["Breathe in"]
        harness.clock.advance(0.1)
        await wait_until(pilot, lambda: len(harness.said) > 1)
        assert harness.said == ["Breathe in", "two"]
        await pilot.press("plus", "plus", "equals_sign")
        assert screen.session.pace == pytest.approx(0.9)


async def test_voice_action_names_work_on_the_player(harness):
    app = harness.player(calm_breathing())
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        # The voice dispatcher calls action_<id>; "next" is next_section.
        await app.run_action("next_section", screen)
        assert text_of(screen, "#pacer-phase") == "Breathe out"
        await app.run_action("pause_resume", screen)
        assert screen.session.state == "paused"
        await app.run_action("pause_resume", screen)
        assert screen.session.state == "running"
        await app.run_action("slower", screen)
        await app.run_action("faster", screen)
        assert screen.session.pace == pytest.approx(1.0)
        await app.run_action("skip_step", screen)
        assert text_of(screen, "#pacer-phase") == "Breathe in"
        await app.run_action("stop_reading", screen)
        await pilot.pause()
        assert isinstance(app.screen, Base)


async def test_self_paced_waits_for_space(harness):
    harness.settings = ExerciseSettings(self_paced=True)
    app = harness.player(calm_breathing())
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        assert text_of(screen, "#player-status") == "Press space when you are ready"
        assert text_of(screen, "#player-progress") == "Breath 1 of 6"
        harness.clock.advance(20)
        # Once the breath is due, the next tick is the last: nothing ticks while it waits.
        await wait_until(pilot, lambda: screen._timer is None)
        assert text_of(screen, "#pacer-phase") == "Breathe in"
        assert screen.session.waiting
        await pilot.press("space")
        assert text_of(screen, "#pacer-phase") == "Breathe out"
        assert harness.said[-1] == "Breathe out"
        await pilot.press("right")
        assert text_of(screen, "#pacer-phase") == "Breathe in"


async def test_finishing_says_well_done_and_records_a_completed_session(harness):
    app = harness.player(calm_breathing(), minutes=1)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        harness.clock.advance(61)
        # The next tick finishes it; on a loaded machine it can come later than TICK
        # (seen once in a fresh-clone run), so wait for the session, not the clock.
        await wait_until(pilot, lambda: harness.records)
        assert harness.said[-1] == "Well done. That is the end of the exercise."
        assert text_of(screen, "#step-heading") == "Well done"
        assert text_of(screen, "#player-progress") == "Finished"
        assert [r.completed for r in harness.records] == [True]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Base)
        assert len(harness.records) == 1


async def test_step_by_step_exercise_shows_each_step_with_its_timer(harness):
    app = harness.player(muscle_relaxation(), minutes=None)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        assert screen.has_class("-stepwise")
        assert text_of(screen, "#step-heading") == "Step 1 of 2"  # face step left out
        assert text_of(screen, "#step-text").startswith("Lift your shoulders")
        assert text_of(screen, "#step-timer") == "12"
        harness.clock.advance(5)
        await wait_until(pilot, lambda: text_of(screen, "#step-timer") == "7")
        assert text_of(screen, "#step-timer-words") == "7 seconds left in this step"
        await pilot.press("n")
        assert text_of(screen, "#step-heading") == "Step 2 of 2"
        assert harness.said == ["Shoulders up, and let them drop", "Feet down, and relax"]


async def test_silent_cues_never_speak(harness):
    harness.settings = ExerciseSettings(cues="silent")
    app = harness.player(calm_breathing())
    async with app.run_test(size=(80, 30)) as pilot:
        harness.clock.advance(3)
        await wait_until(pilot, lambda: text_of(app.screen, "#pacer-count") == "4")
        harness.clock.advance(60)
        await pilot.pause(TICK)
        assert harness.said == []


async def test_reduce_motion_hides_the_shape(harness):
    app = ExerciseApp(lambda: ExercisePlayerScreen(
        calm_breathing(), 1, ExerciseSettings(), None, None, harness.clock,
        reduce_motion=True, settle_seconds=0))
    async with app.run_test(size=(80, 30)):
        screen = app.screen
        assert not screen.query_one(PacerShape).display
        assert text_of(screen, "#pacer-detail") == "1 of 5 · 5 seconds to go"


async def test_list_offers_lengths_and_starts_the_chosen_one(harness):
    app = harness.list_app([muscle_relaxation(), calm_breathing()])
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        items = list(screen.query(ExerciseItem))
        assert [i.exercise.id for i in items] == [
            "calm-breathing", "muscle-relaxation", "custom-breathing"]
        assert items[0].minutes == 5
        await pilot.press("left")
        assert items[0].minutes == 3
        assert "Length: 3 minutes" in str(items[0].query(Static)[2].render())
        await pilot.press("down", "right")
        assert screen.highlighted is items[1]
        assert items[1].minutes is None  # fixed length: nothing to change
        assert items[0].minutes == 3
        # 24 s of steps without the face step, plus 5 s to settle.
        assert str(items[1].query(Static)[2].render()) == "Length: 29 seconds"
        await pilot.press("up", "enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, ExercisePlayerScreen)
        assert player.plan.cycles == 18 and player.plan.minutes == 3
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen
        assert harness.records[0].exercise_id == "calm-breathing"


async def test_list_includes_the_custom_pattern_and_starts_it_by_voice(harness):
    pattern = BreathingPattern(breathe_in=4, hold_in=2, breathe_out=6, hold_out=0)
    harness.settings = ExerciseSettings(custom_pattern=pattern)
    app = harness.list_app([calm_breathing()])
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        await app.run_action("start_exercise('custom-breathing')", screen)
        await pilot.pause()
        player = app.screen
        assert isinstance(player, ExercisePlayerScreen)
        assert player.exercise.title == "Your own pattern"
        assert [s.phase for s in player.exercise.steps] == ["in", "hold", "out"]


async def test_list_explains_a_bad_custom_pattern_instead_of_offering_it(harness):
    harness.settings = ExerciseSettings(custom_pattern=BreathingPattern(breathe_in=1))
    app = harness.list_app([calm_breathing()])
    async with app.run_test(size=(80, 30)):
        screen = app.screen
        assert [i.exercise.id for i in screen.query(ExerciseItem)] == ["calm-breathing"]
        assert "Breathe in (breathe_in) should be 2 to 15 seconds" in text_of(
            screen, "#exercises-problem")


async def test_list_with_the_real_content(harness):
    from hfs_tui.content.loader import load_library

    library = load_library()
    app = harness.list_app(list(library.exercises))
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.screen
        ids = [item.exercise.id for item in screen.query(ExerciseItem)]
        assert ids == [e.id for e in sorted(library.exercises, key=lambda e: e.order)] + [
            "custom-breathing"]
        await app.run_action("start_exercise('calm-breathing')", screen)
        await pilot.pause()
        player = app.screen
        assert isinstance(player, ExercisePlayerScreen)
        assert player.plan.minutes == library.exercise("calm-breathing").default_length
        assert harness.said == [library.exercise("calm-breathing").position]
        await pilot.press("n")
        assert harness.said[-1] == "Breathe in"


async def test_a_screen_on_top_pauses_the_exercise(harness):
    app = harness.player(calm_breathing())
    async with app.run_test(size=(80, 30)) as pilot:
        player = app.screen
        await app.push_screen(Base())
        await pilot.pause()
        assert player.session.state == "paused"
        harness.clock.advance(20)
        await pilot.pause(TICK)
        assert harness.said == ["Breathe in"]
        app.pop_screen()
        await pilot.pause()
        assert text_of(player, "#player-status") == "Paused. Press space to carry on."
        await pilot.press("space")
        assert player.session.state == "running"
