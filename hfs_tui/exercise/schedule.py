"""Turn an exercise into a plan: every step with its start time, and every spoken cue.

A plan is pure data computed once, before the exercise starts. The session then
only compares the clock with these planned offsets, so nothing accumulates:
cue N is due at start + offset N, however long the exercise runs.

Speech is soft and unhurried: one short cue at the start of each breath, then a
count on each second ("Breathe in... two... three..."). Muscle-relaxation and
body-scan steps speak their cue once and then leave the person in peace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

from hfs_tui.actions import NUMBER_WORDS
from hfs_tui.content.models import BreathPhase, Exercise, ExerciseStep
from hfs_tui.settings import CueMode

CUE_MODES: tuple[CueMode, ...] = get_args(CueMode)
BREATH_PHASES: tuple[BreathPhase, ...] = ("in", "out", "hold")
DEFAULT_LENGTHS: tuple[int, ...] = (1, 3, 5, 10)

# Counting stops short of a step's end when less than this is left, so a count
# never lands just before the next phase's own cue.
_SHORTEST_COUNT = 0.5


# The single word spoken for a breath's first count in "counts" mode.
_PHASE_WORDS = {"in": "in", "out": "out", "hold": "hold", "rest": "rest"}

StepKind = Literal["settle", "step"]


@dataclass(frozen=True)
class PlannedStep:
    """One step at its place in time. `settle` is the short get-ready step."""

    index: int
    step: ExerciseStep
    start: float
    seconds: float
    kind: StepKind = "step"
    number: int = 0
    """1-based number among the real steps (0 for the settle step)."""
    cycle: int = 0
    """1-based round of the cycle for cycling exercises, else 0."""
    fullness_start: float = 0.0
    fullness_end: float = 0.0
    """How full the lungs are (0 empty, 1 full) at the step's start and end: the
    pacer grows on the in-breath, shrinks on the out-breath and holds still on a hold."""

    @property
    def end(self) -> float:
        return self.start + self.seconds

    @property
    def phase(self) -> BreathPhase | None:
        return self.step.phase


@dataclass(frozen=True)
class Cue:
    """Something to say (or only show) at `at` seconds after the start, at normal pace."""

    at: float
    step_index: int
    step: ExerciseStep
    text_to_speak: str | None
    count: int | None
    phase: BreathPhase | None


@dataclass(frozen=True)
class Plan:
    exercise: Exercise
    minutes: float | None
    cues_mode: CueMode
    steps: tuple[PlannedStep, ...]
    cues: tuple[Cue, ...]
    total_seconds: float
    cycles: int
    """Rounds of the cycle for cycling exercises, else 0."""

    @property
    def step_count(self) -> int:
        """Real steps, not counting the settle step."""
        return sum(1 for step in self.steps if step.kind == "step")

    @property
    def is_breathing(self) -> bool:
        return any(planned.phase in ("in", "out") for planned in self.steps)

    def step_at(self, offset: float) -> int:
        """Index of the step running at `offset` seconds (the last one at or after the end)."""
        low, high = 0, len(self.steps) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.steps[middle].start <= offset + 1e-9:
                low = middle
            else:
                high = middle - 1
        return low


def lengths_for(exercise: Exercise) -> tuple[int, ...]:
    """The lengths in minutes a person may choose; empty when the length is fixed."""
    if not exercise.cycle:
        return ()
    return tuple(exercise.lengths) or DEFAULT_LENGTHS


def default_minutes(exercise: Exercise) -> int | None:
    lengths = lengths_for(exercise)
    if not lengths:
        return None
    if exercise.default_length in lengths:
        return exercise.default_length
    return 5 if 5 in lengths else lengths[0]


def settle_seconds_for(text: str, cue_rate: int = 130) -> float:
    """Time to read or hear the position advice, plus a breath: 4 to 20 seconds."""
    words = len(text.split())
    if not words:
        return 0.0
    # Whole seconds keep every later cue on a whole-second offset.
    return float(min(20, max(4, math.ceil(words / max(cue_rate, 60) * 60 + 2.0))))


def plan(
    exercise: Exercise,
    minutes: float | None,
    include_face_steps: bool,
    cues: CueMode,
    *,
    cue_rate: int = 130,
    settle_seconds: float | None = None,
) -> Plan:
    """Lay out an exercise in time.

    Cycling exercises repeat their steps in whole rounds, as many as come nearest to
    `minutes` (at least one). Other exercises run their steps once and ignore
    `minutes`. Face steps are left out unless `include_face_steps`. A short settle
    step with the position advice comes first unless `settle_seconds` is 0.
    """
    if cues not in CUE_MODES:
        raise ValueError(f"cues must be one of {', '.join(CUE_MODES)}, not {cues!r}")
    steps = [s for s in exercise.steps if include_face_steps or not s.face]
    steps = [s for s in steps if s.seconds > 0]
    if not steps:
        raise ValueError(f"exercise '{exercise.id}' has no steps to run")

    cycles = 0
    if exercise.cycle:
        round_seconds = sum(s.seconds for s in steps)
        chosen = minutes if minutes is not None else default_minutes(exercise) or 1
        cycles = max(1, round(chosen * 60 / round_seconds))
        sequence = [(step, n + 1) for n in range(cycles) for step in steps]
    else:
        sequence = [(step, 0) for step in steps]

    planned: list[PlannedStep] = []
    offset = 0.0
    settle = (settle_seconds if settle_seconds is not None
              else settle_seconds_for(exercise.position, cue_rate))
    if settle > 0 and exercise.position.strip():
        settle_step = ExerciseStep(text=exercise.position, seconds=settle,
                                   cue=exercise.position, phase=None)
        planned.append(PlannedStep(0, settle_step, 0.0, settle, kind="settle"))
        offset = settle

    fullness = 0.0
    for number, (step, cycle) in enumerate(sequence, start=1):
        start_fullness = fullness
        if step.phase == "in":
            start_fullness, fullness = 0.0, 1.0
        elif step.phase == "out":
            start_fullness, fullness = 1.0, 0.0
        # Whole-number offsets stay exact: a 10-minute plan is 0, 5, 10 ... 600.
        planned.append(PlannedStep(len(planned), step, offset, step.seconds, "step",
                                   number, cycle, start_fullness, fullness))
        offset += step.seconds

    cue_list = [cue for p in planned for cue in _cues_for(p, cues)]
    return Plan(exercise, minutes if exercise.cycle else None, cues, tuple(planned),
                tuple(cue_list), offset, cycles)


def _cues_for(planned: PlannedStep, mode: CueMode) -> list[Cue]:
    step = planned.step
    spoken_cue = (step.cue or step.text).strip()
    if step.phase not in BREATH_PHASES or planned.kind == "settle":
        text = None if mode == "silent" else spoken_cue
        return [Cue(planned.start, planned.index, step, text, None, step.phase)]
    result = []
    for count in range(1, counts_in(planned.seconds) + 1):
        if mode == "silent":
            text = None
        elif count == 1:
            text = spoken_cue if mode == "words" else _PHASE_WORDS[step.phase]
        else:
            text = count_word(count)
        result.append(Cue(planned.start + count - 1, planned.index, step, text, count,
                          step.phase))
    return result


def counts_in(seconds: float) -> int:
    """Counts in a breathing step: one a second, none in a last half second."""
    return max(1, math.floor(seconds - _SHORTEST_COUNT) + 1)


def count_word(number: int) -> str:
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


def describe_length(seconds: float) -> str:
    """'about 4 minutes', '45 seconds': for lists and the diary."""
    if seconds < 60:
        return f"{round(seconds)} seconds"
    minutes = round(seconds / 60)
    return "about 1 minute" if minutes == 1 else f"about {minutes} minutes"
