"""The person's own breathing pattern, from settings, as an ordinary exercise."""

from __future__ import annotations

import math
from dataclasses import fields

from hfs_tui.content.models import Exercise, ExerciseStep
from hfs_tui.settings import RULES, BreathingPattern, Range

CUSTOM_ID = "custom-breathing"

# Plain names for each field, in the order the breath goes.
FIELD_LABELS = {
    "breathe_in": "Breathe in",
    "hold_in": "Hold after breathing in",
    "breathe_out": "Breathe out",
    "hold_out": "Hold after breathing out",
}


def pattern_limits(field_name: str) -> tuple[float, float]:
    rule = RULES[f"exercises.custom_pattern.{field_name}"]
    assert isinstance(rule, Range)
    return rule.low, rule.high


def validate_pattern(pattern: BreathingPattern) -> list[str]:
    """One clear message per bad field, naming it; empty when the pattern is fine."""
    problems = []
    for field in fields(BreathingPattern):
        value = getattr(pattern, field.name)
        label = f"{FIELD_LABELS[field.name]} ({field.name})"
        low, high = pattern_limits(field.name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{label} should be a number of seconds, not {value!r}.")
        elif not math.isfinite(value) or not low <= value <= high:
            problems.append(
                f"{label} should be {low:g} to {high:g} seconds, not {value:g}."
            )
    return problems


def describe_pattern(pattern: BreathingPattern) -> str:
    """'In 4, hold 2, out 6 seconds'."""
    parts = [f"in {pattern.breathe_in:g}"]
    if pattern.hold_in:
        parts.append(f"hold {pattern.hold_in:g}")
    parts.append(f"out {pattern.breathe_out:g}")
    if pattern.hold_out:
        parts.append(f"hold {pattern.hold_out:g}")
    return (", ".join(parts) + " seconds").capitalize()


def custom_exercise(pattern: BreathingPattern) -> Exercise:
    """'Your own pattern': the settings' breathing pattern, repeated to fill the length.

    Raises ValueError with the validation messages if the pattern is out of range.
    """
    problems = validate_pattern(pattern)
    if problems:
        raise ValueError(" ".join(problems))
    steps = [ExerciseStep("Breathe in gently through your nose.", pattern.breathe_in,
                          "Breathe in", "in")]
    if pattern.hold_in:
        steps.append(ExerciseStep("Hold your breath gently. No strain.", pattern.hold_in,
                                  "Hold", "hold"))
    steps.append(ExerciseStep("Breathe out slowly through your mouth.", pattern.breathe_out,
                              "Breathe out", "out"))
    if pattern.hold_out:
        steps.append(ExerciseStep("Rest before the next breath.", pattern.hold_out,
                                  "Hold", "hold"))
    return Exercise(
        id=CUSTOM_ID,
        title="Your own pattern",
        order=1000,
        voice_names=("my breathing",),
        purpose=f"Your own breathing pattern from settings: {describe_pattern(pattern)}.",
        position="Sit comfortably and let your shoulders drop. Rest your hands in your lap.",
        steps=tuple(steps),
        cycle=True,
        lengths=(1, 3, 5, 10),
        default_length=5,
    )
