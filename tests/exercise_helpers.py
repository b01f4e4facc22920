"""Shared pieces for the exercise tests: a clock the test moves, and a small exercise."""

from __future__ import annotations

from hfs_tui.content.models import Exercise, ExerciseStep


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def calm_breathing(lengths: tuple[int, ...] = (1, 3, 5, 10)) -> Exercise:
    """In for 5, out for 5, repeated to fill the chosen length."""
    return Exercise(
        id="calm-breathing", title="Calm breathing", order=1,
        voice_names=("calm breathing",), purpose="Slow, even breathing.",
        position="Sit comfortably with your feet flat on the floor.",
        steps=(
            ExerciseStep("Breathe in gently through your nose.", 5, "Breathe in", "in"),
            ExerciseStep("Breathe out gently through your mouth.", 5, "Breathe out", "out"),
        ),
        cycle=True, lengths=lengths, default_length=5,
    )
