"""The layers working together in the running app: exercises and logging reach the
diary on disk, and the diary shows what was saved."""

from __future__ import annotations

from pilot_helpers import wait_until

from hfs_tui.diary import Diary
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.exercise_player import ExercisePlayerScreen
from hfs_tui.ui.screens.exercises import ExercisesScreen


def diary_entries() -> list:
    with Diary.open() as diary:
        return diary.recent(10)


async def test_a_stopped_exercise_is_noted_in_the_diary():
    app = HfsApp()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ExercisesScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, ExercisePlayerScreen)
        await pilot.pause(1.2)
        await pilot.press("x")
        assert isinstance(app.screen, ExercisesScreen)
        await wait_until(pilot, lambda: any(e.kind == "session" for e in diary_entries()))
    session = next(e for e in diary_entries() if e.kind == "session")
    assert session.exercise_id == "calm-breathing"
    assert session.completed is False
    assert session.actual_seconds is not None and session.actual_seconds <= 5


async def test_l_logs_a_spasm_from_anywhere():
    app = HfsApp()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("3", "l", "7", "enter", "enter")
        await wait_until(pilot, lambda: any(e.kind == "spasm" for e in diary_entries()))
    spasm = next(e for e in diary_entries() if e.kind == "spasm")
    assert spasm.severity == 7


async def test_exercise_by_voice_command_name_starts_the_player():
    app = HfsApp()
    async with app.run_test(size=(100, 34)) as pilot:
        from hfs_tui.actions import voice_commands

        commands = {c.phrase: c for c in voice_commands(app.library.sections,
                                                        app.all_exercises())}
        for phrase in ("start breathing", "start muscle relaxation", "start body scan",
                       "start my breathing"):
            app.voice.dispatch(commands[phrase])
            await pilot.pause()
            assert isinstance(app.screen, ExercisePlayerScreen), phrase
            assert app.screen.exercise.id == commands[phrase].argument
            await pilot.press("x")
