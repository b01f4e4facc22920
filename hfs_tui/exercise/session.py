"""Run a plan against a monotonic clock: pause, resume, skip, change pace, self-paced.

The session never adds up sleeps or tick lengths. It keeps one anchor, "planned
offset P was reached at clock time R, and since then each planned second takes
`pace` real seconds", and works out where it is from the clock each time it is
asked. Pausing, skipping and changing pace only move the anchor, so a cue is due
at exactly start + offset (+ time paused, + pace changes), however long it runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from hfs_tui.content.models import BreathPhase
from hfs_tui.exercise.durations import spoken_duration
from hfs_tui.exercise.schedule import (
    BREATH_PHASES,
    Cue,
    Plan,
    PlannedStep,
    StepKind,
    counts_in,
)

State = Literal["ready", "running", "paused", "finished", "stopped"]

PACE_STEP = 0.1
SLOWEST_PACE = 1.5
FASTEST_PACE = 0.8
"""Pace is real seconds per planned second: 1.5 makes every count last 1.5 s."""

_EPSILON = 1e-6


@dataclass(frozen=True)
class SessionRecord:
    """What the diary keeps about one exercise, finished or stopped."""

    exercise_id: str
    title: str
    planned_seconds: float
    actual_seconds: float
    """Time spent doing the exercise, not counting pauses."""
    completed: bool
    started_at: datetime

    @property
    def worth_keeping(self) -> bool:
        """False for a stop within the first second: a slip of the finger, not a session.

        Finished sessions are always kept; so is any stop of a second or more, so
        the diary stays honest about attempts without filling up with "0 s" lines.
        """
        return self.completed or round(self.actual_seconds) >= 1


def stop_message(record: SessionRecord, saved: bool, problem: str = "") -> str:
    """What to show and say when a session is stopped: what happened to it, plainly."""
    if not record.worth_keeping:
        return f"Stopped. {record.title} had only just started, so it is not in your diary."
    spent = spoken_duration(record.actual_seconds)
    if saved:
        return f"Stopped. {record.title}, {spent}, saved in your diary."
    return f"Stopped. {record.title}, {spent}. It could not be saved in your diary: {problem}"


@dataclass(frozen=True)
class Position:
    state: State
    step_index: int
    """Index into plan.steps (the settle step, if any, is index 0)."""
    step_number: int
    """1-based among real steps; 0 while settling."""
    step_count: int
    seconds_into_step: float
    step_seconds: float
    time_left: float
    """Real seconds to the end at the current pace (an estimate when self-paced)."""
    phase: BreathPhase | None
    phase_progress: float
    """0 at the start of the step, 1 at its end: drives the breathing pacer."""
    fullness: float
    """0 empty lungs, 1 full: where the pacer should be now (not eased)."""
    count: int | None
    """The count last spoken in a breathing step (1, 2, 3 ...)."""
    count_total: int
    """How many counts this breathing step has (0 for other steps)."""
    cycle: int
    cycles: int
    kind: StepKind
    waiting: bool
    """Self-paced and this step's time is over: waiting for `next()`."""
    pace: float


class ExerciseSession:
    def __init__(
        self,
        plan: Plan,
        *,
        clock: Callable[[], float] = time.monotonic,
        self_paced: bool = False,
        on_finish: Callable[[SessionRecord], None] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
    ) -> None:
        self.plan = plan
        self.self_paced = self_paced
        self.on_finish = on_finish
        self._clock = clock
        self._now = now
        self.state: State = "ready"
        self.pace = 1.0
        self.record: SessionRecord | None = None
        self._anchor_real = 0.0
        self._anchor_planned = 0.0
        self._frozen_planned = 0.0
        self._step = 0
        self._next_cue = 0
        self._started_real = 0.0
        self._started_at: datetime | None = None
        self._active_before = 0.0
        self._active_since = 0.0

    # --- controls --------------------------------------------------------------

    def start(self) -> None:
        if self.state != "ready":
            return
        now = self._clock()
        self._started_real = now
        self._started_at = self._now()
        self._anchor(now, 0.0)
        self._active_since = now
        self.state = "running"

    def pause(self) -> None:
        if self.state != "running":
            return
        now = self._clock()
        self._frozen_planned = self._planned(now)
        self._active_before += now - self._active_since
        self.state = "paused"

    def resume(self) -> None:
        if self.state != "paused":
            return
        now = self._clock()
        self._anchor(now, self._frozen_planned)
        self._active_since = now
        self.state = "running"

    def toggle_pause(self) -> None:
        if self.state == "running":
            self.pause()
        elif self.state == "paused":
            self.resume()

    def stop(self) -> SessionRecord | None:
        """End early. Returns the record (None if it never started)."""
        if self.state in ("finished", "stopped"):
            return self.record
        if self.state == "ready":
            self.state = "stopped"
            return None
        return self._end(completed=False)

    def skip_step(self) -> None:
        """Go straight to the start of the next step (its cues play from there)."""
        if self.state not in ("running", "paused"):
            return
        current = self._current_step(self._clock())
        self._jump_to(current + 1)

    def next(self) -> None:
        """Self-paced: move on to the next step. Timed sessions treat it as skip."""
        self.skip_step()

    def set_pace(self, pace: float) -> float:
        """Change pace from now on; what has already happened is not re-timed."""
        pace = round(min(SLOWEST_PACE, max(FASTEST_PACE, pace)), 2)
        if self.state == "running":
            now = self._clock()
            planned = self._planned(now)
            self.pace = pace
            self._anchor(now, planned)
        else:
            self.pace = pace
        return self.pace

    def slower(self) -> float:
        return self.set_pace(self.pace + PACE_STEP)

    def faster(self) -> float:
        return self.set_pace(self.pace - PACE_STEP)

    # --- reading the clock -----------------------------------------------------

    def tick(self) -> list[Cue]:
        """Cues that have become due since the last tick, oldest first.

        Also finishes the session (calling `on_finish`) once the end is reached.
        """
        if self.state != "running":
            return []
        now = self._clock()
        planned = self._planned(now)
        due: list[Cue] = []
        cues = self.plan.cues
        while self._next_cue < len(cues) and cues[self._next_cue].at <= planned + _EPSILON:
            cue = cues[self._next_cue]
            if self.self_paced and cue.step_index > self._step:
                break
            due.append(cue)
            self._next_cue += 1
        if not self.self_paced:
            self._step = self.plan.step_at(min(planned, self.plan.total_seconds - _EPSILON))
            if planned >= self.plan.total_seconds - _EPSILON:
                self._end(completed=True)
        return due

    def next_due(self) -> float | None:
        """Clock time the next cue (or the end) is due; None when nothing is coming.

        A tick loop can sleep until then instead of polling.
        """
        if self.state != "running":
            return None
        if self._next_cue < len(self.plan.cues):
            cue = self.plan.cues[self._next_cue]
            if self.self_paced and cue.step_index > self._step:
                return None
            planned = cue.at
        elif self.self_paced:
            return None
        else:
            planned = self.plan.total_seconds
        return self.due_time(planned)

    def due_time(self, planned_offset: float) -> float:
        """Clock time at which `planned_offset` is reached if nothing else changes."""
        return self._anchor_real + (planned_offset - self._anchor_planned) * self.pace

    def elapsed_active(self) -> float:
        """Seconds spent running so far, not counting pauses."""
        running = self._clock() - self._active_since if self.state == "running" else 0.0
        return self._active_before + running

    def position(self) -> Position:
        now = self._clock()
        planned = self._planned(now)
        index = self._current_step(now)
        step = self.plan.steps[index]
        into = min(max(planned - step.start, 0.0), step.seconds)
        progress = into / step.seconds if step.seconds else 1.0
        if self.state == "finished":
            progress = 1.0
        count, count_total = None, 0
        if step.kind == "step" and step.phase in BREATH_PHASES:
            count_total = counts_in(step.seconds)
            count = min(int(into + _EPSILON) + 1, count_total)
        fullness = step.fullness_start + (step.fullness_end - step.fullness_start) * progress
        remaining = max(0.0, self.plan.total_seconds - planned)
        return Position(
            state=self.state,
            step_index=index,
            step_number=step.number,
            step_count=self.plan.step_count,
            seconds_into_step=into * self.pace,
            step_seconds=step.seconds * self.pace,
            time_left=0.0 if self.state in ("finished", "stopped") else remaining * self.pace,
            phase=step.phase,
            phase_progress=progress,
            fullness=fullness,
            count=count,
            count_total=count_total,
            cycle=step.cycle,
            cycles=self.plan.cycles,
            kind=step.kind,
            waiting=self.waiting,
            pace=self.pace,
        )

    @property
    def waiting(self) -> bool:
        if not self.self_paced or self.state not in ("running", "paused"):
            return False
        step = self.plan.steps[self._step]
        return self._planned(self._clock()) >= step.end - _EPSILON

    @property
    def current_step(self) -> PlannedStep:
        return self.plan.steps[self._current_step(self._clock())]

    # --- internals -------------------------------------------------------------

    def _anchor(self, real: float, planned: float) -> None:
        self._anchor_real = real
        self._anchor_planned = planned

    def _planned(self, now: float) -> float:
        """Planned offset reached at clock time `now`."""
        if self.state == "ready":
            return 0.0
        if self.state == "paused":
            return self._frozen_planned
        if self.state in ("finished", "stopped"):
            return self._frozen_planned
        planned = self._anchor_planned + (now - self._anchor_real) / self.pace
        if self.self_paced:
            planned = min(planned, self.plan.steps[self._step].end)
        return min(planned, self.plan.total_seconds)

    def _current_step(self, now: float) -> int:
        if self.self_paced or self.state in ("ready", "finished", "stopped"):
            return self._step
        planned = self._planned(now)
        return self.plan.step_at(min(planned, self.plan.total_seconds - _EPSILON))

    def _jump_to(self, index: int) -> None:
        if index >= len(self.plan.steps):
            self._end(completed=True)
            return
        target = self.plan.steps[index].start
        self._step = index
        # Cues of the steps passed over are dropped, not played in a rush.
        while (self._next_cue < len(self.plan.cues)
               and self.plan.cues[self._next_cue].step_index < index):
            self._next_cue += 1
        if self.state == "paused":
            self._frozen_planned = target
        else:
            self._anchor(self._clock(), target)

    def _end(self, completed: bool) -> SessionRecord:
        now = self._clock()
        self._frozen_planned = self.plan.total_seconds if completed else self._planned(now)
        if self.state == "running":
            self._active_before += now - self._active_since
        self.state = "finished" if completed else "stopped"
        assert self._started_at is not None
        self.record = SessionRecord(
            exercise_id=self.plan.exercise.id,
            title=self.plan.exercise.title,
            planned_seconds=self.plan.total_seconds,
            actual_seconds=round(self._active_before, 3),
            completed=completed,
            started_at=self._started_at,
        )
        if self.on_finish is not None:
            self.on_finish(self.record)
        return self.record
