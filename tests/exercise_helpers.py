"""A small exercise for the exercise tests (the clock they move is the `clock` fixture)."""

from __future__ import annotations

from hfs_tui.content.models import Exercise, ExerciseStep


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
