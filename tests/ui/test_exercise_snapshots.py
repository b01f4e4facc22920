"""What the breathing pacer looks like, with the clock frozen so pictures never vary.

Update after an intended change with:
    pytest tests/ui/test_exercise_snapshots.py --snapshot-update
"""

from __future__ import annotations

from exercise_helpers import calm_breathing
from textual.app import App

from hfs_tui.settings import ExerciseSettings
from hfs_tui.ui.screens.exercise_player import ExercisePlayerScreen

SIZE = (80, 30)


class PacerApp(App):
    def __init__(self, clock, reduce_motion: bool = False) -> None:
        super().__init__()
        self.clock = clock
        self.reduce_motion = reduce_motion

    def on_mount(self) -> None:
        self.animation_level = "full"
        self.push_screen(ExercisePlayerScreen(
            calm_breathing(), 3, ExerciseSettings(), None, None, self.clock,
            reduce_motion=self.reduce_motion, settle_seconds=0))


def at(clock, seconds: float):
    """run_before: move the frozen clock into the session and draw one tick of it."""

    async def run_before(pilot) -> None:
        clock.now += seconds
        # Tick now, as the player's timer would: on a loaded machine the timer can
        # fire later than any fixed pause, and the snapshot would catch the old frame.
        pilot.app.screen._tick()
        await pilot.pause()

    return run_before


def test_pacer_half_way_through_the_in_breath(snap_compare, clock):
    clock.now = 100.0
    assert snap_compare(PacerApp(clock), terminal_size=SIZE, run_before=at(clock, 2.5))


def test_pacer_early_in_the_out_breath(snap_compare, clock):
    clock.now = 100.0
    assert snap_compare(PacerApp(clock), terminal_size=SIZE, run_before=at(clock, 6.2))


def test_pacer_with_reduced_motion_is_a_steady_countdown(snap_compare, clock):
    clock.now = 100.0
    assert snap_compare(PacerApp(clock, reduce_motion=True), terminal_size=SIZE,
                        run_before=at(clock, 2.5))
