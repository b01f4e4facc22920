"""Plain mode for exercises: `hfs-tui exercise [NAME] [--minutes N] [--plan]`.

One line per step, printed when the step starts, so a screen reader reads each
instruction at the right moment. Without NAME, lists the exercises. Ctrl-C stops.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import TextIO

from hfs_tui.content.models import BreathPhase, Exercise
from hfs_tui.exercise.custom import CUSTOM_ID, custom_exercise, validate_pattern
from hfs_tui.exercise.durations import spoken_duration
from hfs_tui.exercise.schedule import (
    BREATH_PHASES,
    Plan,
    default_minutes,
    describe_length,
    lengths_for,
    plan,
)
from hfs_tui.exercise.session import ExerciseSession, SessionRecord
from hfs_tui.settings import ExerciseSettings


class ExerciseNotFound(LookupError):
    """No exercise matches what the user typed; the message says what would."""


def all_exercises(library_exercises: Sequence[Exercise],
                  settings: ExerciseSettings) -> list[Exercise]:
    """Content exercises in order, then the person's own pattern if it is valid."""
    result = sorted((e for e in library_exercises if e.id != CUSTOM_ID), key=lambda e: e.order)
    if not validate_pattern(settings.custom_pattern):
        result.append(custom_exercise(settings.custom_pattern))
    return result


def find_exercise(exercises: Sequence[Exercise], query: str) -> Exercise:
    """By number (1 = first), id, title or voice name, ignoring case and dashes."""
    wanted = " ".join(query.lower().replace("-", " ").split())
    if wanted.isdigit():
        number = int(wanted)
        if 1 <= number <= len(exercises):
            return exercises[number - 1]
        raise ExerciseNotFound(f"there is no exercise {number}; they are numbered 1 to "
                               f"{len(exercises)}")
    for exercise in exercises:
        names = {exercise.id.replace("-", " "), exercise.title.lower(),
                 *(name.lower() for name in exercise.voice_names)}
        if wanted in names:
            return exercise
    choices = ", ".join(e.id for e in exercises)
    raise ExerciseNotFound(f"no exercise called '{query}'; try one of: {choices}")


def render_list(exercises: Sequence[Exercise], settings: ExerciseSettings) -> str:
    lines = []
    for number, exercise in enumerate(exercises, start=1):
        lengths = lengths_for(exercise)
        if lengths:
            length = (f"{default_minutes(exercise)} minutes (or "
                      f"{', '.join(str(n) for n in lengths)} with --minutes)")
        else:
            seconds = plan(exercise, None, settings.include_face_steps, settings.cues,
                           cue_rate=settings.cue_rate).total_seconds
            length = describe_length(seconds)
        lines += [f"{number}. {exercise.title} ({exercise.id})", f"   {exercise.purpose}",
                  f"   Length: {length}", ""]
    return "\n".join(lines)


def step_line(planned_step_text: str, seconds: float, phase: BreathPhase | None) -> str:
    if phase in BREATH_PHASES:
        return f"{planned_step_text} ({seconds:g} seconds)"
    return planned_step_text


def render_plan(the_plan: Plan) -> str:
    """The whole exercise, one line per step with its start time (for --plan)."""
    lines = [f"{the_plan.exercise.title}: {describe_length(the_plan.total_seconds)}"]
    for planned in the_plan.steps:
        minutes, seconds = divmod(int(planned.start), 60)
        text = step_line(planned.step.text, planned.seconds, planned.phase)
        lines.append(f"{minutes:02d}:{seconds:02d}  {text}")
    return "\n".join(lines) + "\n"


def run_plain(the_plan: Plan, out: TextIO, *, clock: Callable[[], float] = time.monotonic,
              sleep: Callable[[float], None] = time.sleep) -> SessionRecord | None:
    """Print each step as it starts, on time; Ctrl-C stops and still returns the record."""
    session = ExerciseSession(the_plan, clock=clock)
    session.start()
    try:
        while session.state == "running":
            for cue in session.tick():
                planned = the_plan.steps[cue.step_index]
                if cue.count in (None, 1):  # a step's first cue
                    print(step_line(planned.step.text, planned.seconds, planned.phase),
                          file=out, flush=True)
            due = session.next_due()
            if due is not None and session.state == "running":
                sleep(max(0.005, due - clock()))
    except KeyboardInterrupt:
        record = session.stop()
        print(f"Stopped after {spoken_duration(session.elapsed_active())}.", file=out)
        return record
    print("Well done. That is the end of the exercise.", file=out)
    return session.record


def _exercise_command(args: argparse.Namespace) -> int:
    from hfs_tui import settings as settings_module
    from hfs_tui.plain import load_for_cli

    exercise_settings = settings_module.load().settings.exercises
    library = load_for_cli(getattr(args, "content", None))
    exercises = all_exercises(library.exercises, exercise_settings)
    if not args.name:
        sys.stdout.write(render_list(exercises, exercise_settings))
        return 0
    try:
        exercise = find_exercise(exercises, " ".join(args.name))
    except ExerciseNotFound as error:
        print(f"hfs-tui exercise: {error}", file=sys.stderr)
        return 2
    lengths = lengths_for(exercise)
    if args.minutes is not None and lengths and args.minutes not in lengths:
        print(f"hfs-tui exercise: {exercise.title} can be "
              f"{', '.join(str(n) for n in lengths)} minutes, not {args.minutes}",
              file=sys.stderr)
        return 2
    the_plan = plan(exercise, args.minutes if args.minutes is not None
                    else default_minutes(exercise), exercise_settings.include_face_steps,
                    exercise_settings.cues, cue_rate=exercise_settings.cue_rate)
    if args.plan:
        sys.stdout.write(render_plan(the_plan))
        return 0
    record = run_plain(the_plan, sys.stdout)
    return 0 if record is None or record.completed else 130


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "exercise",
        help="list the relaxation exercises, or run one as plain text",
        description=(
            "Without NAME, list the relaxation exercises. With NAME (a number, id or "
            "name), run it in plain text: each step is printed when it starts, for "
            "screen readers. Ctrl-C stops."
        ),
    )
    parser.add_argument("name", nargs="*", metavar="NAME", help="exercise number or name")
    parser.add_argument("--minutes", type=int, help="length for breathing exercises")
    parser.add_argument("--plan", action="store_true",
                        help="print every step with its start time and exit")
    parser.set_defaults(func=_exercise_command)
