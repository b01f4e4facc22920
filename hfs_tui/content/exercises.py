"""Relaxation exercises: one .toml file each, with their lengths and [[steps]]."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args

from hfs_tui.content.fields import Fields, Problem, TomlLines, kind_of, read_toml
from hfs_tui.content.models import BreathPhase, Exercise, ExerciseStep
from hfs_tui.content.sources import VOICE_RULE, Where, content_files

PHASES: tuple[BreathPhase, ...] = get_args(BreathPhase)
MIN_STEP_SECONDS, MAX_STEP_SECONDS = 1, 600
MAX_LENGTH_MINUTES = 60
EXERCISE_KEYS = ("id", "title", "order", "voice_names", "purpose", "position", "cycle",
                 "lengths", "default_length", "steps")
STEP_KEYS = ("text", "seconds", "cue", "phase", "face")


def load_exercises(folder: Path, problems: list[Problem]) -> list[tuple[Exercise, Where]]:
    if not folder.exists():
        return []
    if not folder.is_dir():
        problems.append(Problem(folder, 0, "exercises must be a folder of .toml files"))
        return []
    exercises = []
    for path in content_files(folder, ".toml"):
        loaded = _load_exercise(path, problems)
        if loaded is not None:
            exercises.append(loaded)
    return exercises


def _load_exercise(path: Path, problems: list[Problem]) -> tuple[Exercise, Where] | None:
    parsed = read_toml(path, problems)
    if parsed is None:
        return None
    data, lines = parsed

    def line_of(key: str | None, item: int | None) -> int:
        return lines.key(key) if key else 1

    fields = Fields(data, path, problems, line_of)
    fields.unknown_keys(EXERCISE_KEYS)
    exercise_id = fields.identifier()
    title = fields.text("title")
    order = fields.whole("order", 1)
    voice_names = fields.text_list("voice_names", pattern=VOICE_RULE)
    purpose = fields.text("purpose", one_line=False)
    position = fields.text("position", one_line=False)
    cycle = fields.boolean("cycle")
    # With a faulty `cycle` the length rules cannot be judged; that one problem is enough.
    lengths = _lengths(fields, cycle) if cycle is not None else None
    default_length = _default_length(fields, cycle, lengths) if cycle is not None else None
    steps = _steps(data, path, lines, problems)
    if not fields.ok:  # faulty steps still let clashes with other files be reported
        return None
    assert exercise_id and title and order and voice_names and purpose and position
    exercise = Exercise(
        id=exercise_id,
        title=title,
        order=order,
        voice_names=voice_names,
        purpose=" ".join(purpose.split()),
        position=" ".join(position.split()),
        steps=steps or (),
        cycle=bool(cycle),
        lengths=lengths or (),
        default_length=default_length,
        source=path,
    )
    return exercise, Where(path, 1, {key: lines.key(key) for key in data})


def _lengths(fields: Fields, cycle: bool) -> tuple[int, ...] | None:
    if "lengths" not in fields.data:
        return None
    if not cycle:
        fields.problem("lengths", "lengths is only used when cycle = true")
        return None
    value = fields.data["lengths"]
    if not isinstance(value, list) or not value:
        fields.problem("lengths", "lengths must be a list of whole minutes, like [1, 3, 5, 10]"
                                  f", got {kind_of(value) if value != [] else 'an empty list'}")
        return None
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or \
                not 1 <= item <= MAX_LENGTH_MINUTES:
            fields.problem("lengths", f"lengths must be whole minutes from 1 to "
                                      f"{MAX_LENGTH_MINUTES}, got {kind_of(item)}")
            return None
    if value != sorted(set(value)):
        fields.problem("lengths", "lengths must go from shortest to longest, each once")
        return None
    return tuple(value)


def _default_length(fields: Fields, cycle: bool,
                    lengths: tuple[int, ...] | None) -> int | None:
    if "default_length" not in fields.data:
        return None
    value = fields.whole("default_length", 1, MAX_LENGTH_MINUTES)
    if value is None:
        return None
    if not cycle:
        fields.problem("default_length", "default_length is only used when cycle = true")
    elif lengths is None and "lengths" not in fields.data:
        fields.problem("default_length", "default_length needs a lengths list to choose from")
    elif lengths is not None and value not in lengths:
        fields.problem("default_length", f"default_length {value} is not one of the lengths "
                                         f"({', '.join(map(str, lengths))})")
    return value


def _steps(data: Mapping[str, Any], path: Path, lines: TomlLines,
           problems: list[Problem]) -> tuple[ExerciseStep, ...] | None:
    tables = data.get("steps")
    if tables is None:
        problems.append(Problem(path, 1, "steps is missing: add [[steps]] tables with text, "
                                         "seconds and cue"))
        return None
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.append(Problem(path, lines.key("steps"),
                                "steps must be [[steps]] tables, one per step"))
        return None
    if not tables:
        problems.append(Problem(path, lines.key("steps"), "steps is empty"))
        return None
    steps = []
    ok = True
    for index, table in enumerate(tables):
        def line_of(key: str | None, item: int | None, index: int = index) -> int:
            return lines.key(key, "steps", index) if key else lines.table("steps", index)

        fields = Fields(table, path, problems, line_of, prefix=f"step {index + 1}: ")
        fields.unknown_keys(STEP_KEYS)
        text = fields.text("text", one_line=False)
        seconds = fields.number("seconds", MIN_STEP_SECONDS, MAX_STEP_SECONDS)
        cue = fields.text("cue")
        phase = fields.choice("phase", PHASES)
        face = bool(fields.boolean("face"))
        ok = ok and fields.ok
        if fields.ok and text and seconds and cue:
            steps.append(ExerciseStep(" ".join(text.split()), seconds, cue, phase, face))
    if ok and all(step.face for step in steps):
        problems.append(Problem(path, lines.table("steps", 0),
                                "every step is a face step; add at least one step without "
                                "face = true (face steps can be switched off)"))
        return None
    return tuple(steps) if ok else None
