"""Exercise sessions in the whole app, as a new user meets them: the diary on disk
(real SQLite) keeps the time really spent, `x` says what happened, the length picked
is offered next time, and the Finished screen offers only keys that work there.

The app runs for real; only the exercise clock is the test's `clock` fixture, moved
by hand, so "40 seconds" is exactly 40 seconds however busy the machine is.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from pilot_helpers import screen_text, wait_until

from hfs_tui import state
from hfs_tui.diary import Diary
from hfs_tui.exercise import lengths
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.exercise_player import ExercisePlayerScreen
from hfs_tui.ui.screens.exercises import ExerciseItem, ExercisesScreen

TICK = 0.25  # comfortably more than the player's 0.1 s tick
SETTLE = 14  # the real calm breathing's "getting ready" step, in seconds


@pytest.fixture
def clock(clock, monkeypatch: pytest.MonkeyPatch):
    """The test's clock (tests/conftest.py), made the exercise player's own."""
    clock.now = 500.0
    monkeypatch.setattr(ExercisePlayerScreen, "default_clock", clock)
    return clock


def sessions() -> list:
    with Diary.open() as diary:
        return [e for e in diary.recent(20) if e.kind == "session"]


def toasts(app: HfsApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def listening(app: HfsApp) -> list[str]:
    """What the exercise voice is asked to say (the sound itself goes nowhere in tests)."""
    said: list[str] = []
    app.narration.cue = said.append  # type: ignore[method-assign]
    return said


async def start_calm_breathing(pilot, minutes: int) -> ExercisePlayerScreen:
    """`e`, Left or Right to `minutes` on the first exercise, Enter."""
    app = pilot.app
    await pilot.press("e")
    assert isinstance(app.screen, ExercisesScreen)
    item = app.screen.query(ExerciseItem).first()
    assert item.exercise.id == "calm-breathing"
    while item.minutes != minutes:
        await pilot.press("left" if item.minutes > minutes else "right")
    await pilot.press("enter")
    player = app.screen
    assert isinstance(player, ExercisePlayerScreen)
    assert player.plan.minutes == minutes
    return player


async def test_skipping_to_the_end_logs_the_seconds_spent_not_0_min(clock):
    """The tester's steps: `e`, 1 minute, Enter, then `n` to the end."""
    app = HfsApp()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        said = listening(app)
        player = await start_calm_breathing(pilot, 1)
        clock.advance(40)
        await pilot.pause(TICK)
        while player.session.state != "finished":
            await pilot.press("n")
        await pilot.pause()
        assert str(player.query_one("#step-text").render()) == (
            "You finished Calm breathing in 40 seconds (the full length is about 1 minute).")
        assert said[-1] == "Well done. That is the end of the exercise."
        await wait_until(pilot, lambda: len(sessions()) == 1)
    [entry] = sessions()
    assert (entry.actual_seconds, entry.planned_seconds, entry.completed) == (40, 74, True)
    assert entry.describe() == "Relaxation: Calm breathing. Length: 40 s, finished"


async def test_a_full_session_is_logged_with_its_minutes_and_seconds(clock):
    app = HfsApp()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        said = listening(app)
        player = await start_calm_breathing(pilot, 1)
        clock.advance(SETTLE + 60)
        await wait_until(pilot, lambda: player.session.state == "finished")
        assert str(player.query_one("#step-text").render()) == (
            "You finished Calm breathing in 1 minute 14 seconds.")
        assert said[-1] == "Well done. That is the end of the exercise."
        # Voice alone: "stop" still goes back once it is over, and stops nothing twice.
        assert app.run_registry_action("stop_reading", spoken=True)
        await wait_until(pilot, lambda: isinstance(app.screen, ExercisesScreen))
        await wait_until(pilot, lambda: len(sessions()) == 1)
        assert not toasts(app)  # the Finished screen says it all; no "Stopped" notice
    assert sessions()[0].describe() == "Relaxation: Calm breathing. Length: 1 min 14 s, finished"


async def test_the_finished_screen_offers_only_keys_that_work_there(clock):
    app = HfsApp()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        said = listening(app)
        player = await start_calm_breathing(pilot, 1)
        footer = screen_text(app).splitlines()[-1]
        for hint in ("Space Pause", "x Stop", "n Skip", "+ Faster"):
            assert hint in footer  # while it runs
        assert "Enter Back" not in footer
        clock.advance(SETTLE + 60)
        await wait_until(pilot, lambda: player.session.state == "finished")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Enter Back" in footer
        for gone in ("Pause", "Stop", "Skip", "Faster", "Slower"):
            assert gone not in footer
        # The keys really are off: space, n and + change nothing.
        await pilot.press("space", "n", "plus")
        assert app.screen is player and player.session.state == "finished"
        assert player.session.pace == 1.0
        assert said[-1] == "Well done. That is the end of the exercise."
        await pilot.press("escape")  # "Press Enter or Esc to go back."
        assert isinstance(app.screen, ExercisesScreen)
        await wait_until(pilot, lambda: len(sessions()) == 1)
    assert [e.completed for e in sessions()] == [True]


async def test_x_says_what_was_saved_on_screen_and_aloud(clock):
    app = HfsApp()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        said = listening(app)
        await start_calm_breathing(pilot, 3)
        clock.advance(40)
        await pilot.pause(TICK)
        await pilot.press("x")
        assert isinstance(app.screen, ExercisesScreen)
        message = "Stopped. Calm breathing, 40 seconds, saved in your diary."
        await wait_until(pilot, lambda: message in toasts(app))
        assert said[-1] == message
    [entry] = sessions()
    assert (entry.actual_seconds, entry.completed) == (40, False)
    assert entry.describe() == "Relaxation: Calm breathing. Length: 40 s, stopped early"


async def test_a_stop_in_the_first_second_is_not_logged_and_x_says_so(clock):
    app = HfsApp()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        said = listening(app)
        await start_calm_breathing(pilot, 3)
        clock.advance(0.4)
        await pilot.press("x")
        message = ("Stopped. Calm breathing had only just started, so it is not in your "
                   "diary.")
        await wait_until(pilot, lambda: message in toasts(app))
        assert said[-1] == message
        # A second attempt that ran is logged; the slip before it is not.
        await pilot.press("enter")
        clock.advance(3)
        await pilot.pause(TICK)
        await pilot.press("x")
        await wait_until(pilot, lambda: len(sessions()) == 1)
    assert [e.describe() for e in sessions()] == [
        "Relaxation: Calm breathing. Length: 3 s, stopped early"]


async def test_with_silent_cues_x_is_shown_but_not_said(write_settings, clock):
    write_settings('[exercises]\ncues = "silent"\n')
    app = HfsApp()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        said = listening(app)
        await start_calm_breathing(pilot, 3)
        clock.advance(40)
        await pilot.pause(TICK)
        await pilot.press("x")
        message = "Stopped. Calm breathing, 40 seconds, saved in your diary."
        await wait_until(pilot, lambda: message in toasts(app))
        assert said == []


async def test_the_length_picked_is_offered_next_time_and_after_a_restart(clock):
    app = HfsApp()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        listening(app)
        await start_calm_breathing(pilot, 1)
        await pilot.press("x", "escape", "e")
        item = app.screen.query(ExerciseItem).first()
        assert item.minutes == 1
        assert str(item.query(".exercise-length").first().render()).startswith(
            "Length: 1 minute ")
        await pilot.press("enter")
        assert app.screen.plan.minutes == 1
        assert str(app.screen.query_one("#player-progress").render()) == (
            "Getting ready · 1 minute 14 seconds left")
        await pilot.press("x")
    await asyncio.to_thread(state.flush, 5.0)
    assert json.loads(lengths.lengths_file().read_text()) == {"calm-breathing": 1}

    # Voice "start calm breathing" from anywhere uses it too, in a fresh app.
    app = HfsApp()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        listening(app)
        app.start_exercise("calm-breathing")
        await pilot.pause()
        assert isinstance(app.screen, ExercisePlayerScreen)
        assert app.screen.plan.minutes == 1


@pytest.mark.parametrize("saved", ['{"calm-breathing": 7}', '{"calm-breathing": "one"}',
                                   '{"calm-breathing": true}', "[1, 3]", "not json{"])
async def test_a_bad_saved_length_falls_back_to_the_usual_one(clock, private_folders, saved):
    private_folders["data"].mkdir(parents=True, exist_ok=True)
    lengths.lengths_file().write_text(saved)
    app = HfsApp()
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        listening(app)
        await pilot.press("e")
        item = app.screen.query(ExerciseItem).first()
        assert item.minutes == 3  # the content's default_length for calm breathing
        await pilot.press("left", "enter")
        assert app.screen.plan.minutes == 1
        await pilot.press("x")
    await asyncio.to_thread(state.flush, 5.0)
    assert json.loads(lengths.lengths_file().read_text()) == {"calm-breathing": 1}
