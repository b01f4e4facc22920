"""Plain-text exercises: `hfs-tui exercise` (listing, finding, --plan, running on time)."""

from __future__ import annotations

import io
import subprocess
import sys

import locations
import pytest

from hfs_tui.content.loader import load_library
from hfs_tui.exercise.cli import (
    ExerciseNotFound,
    all_exercises,
    find_exercise,
    render_plan,
    run_plain,
)
from hfs_tui.exercise.schedule import plan
from hfs_tui.settings import BreathingPattern, ExerciseSettings

REPO = locations.REPO


def exercises(settings: ExerciseSettings | None = None):
    return all_exercises(load_library().exercises, settings or ExerciseSettings())


def test_find_by_number_id_title_or_voice_name():
    found = exercises()
    assert find_exercise(found, "1").id == found[0].id
    assert find_exercise(found, "calm-breathing").id == "calm-breathing"
    assert find_exercise(found, "Calm Breathing").id == "calm-breathing"
    assert find_exercise(found, "my breathing").id == "custom-breathing"
    with pytest.raises(ExerciseNotFound, match="numbered 1 to 5"):
        find_exercise(found, "9")
    with pytest.raises(ExerciseNotFound, match="no exercise called 'yoga'; try one of: "):
        find_exercise(found, "yoga")


def test_bad_custom_pattern_is_left_out():
    settings = ExerciseSettings(custom_pattern=BreathingPattern(breathe_out=30))
    assert "custom-breathing" not in [e.id for e in exercises(settings)]


def test_plan_lists_every_step_with_its_start():
    calm = find_exercise(exercises(), "calm-breathing")
    text = render_plan(plan(calm, 1, False, "words", settle_seconds=0))
    lines = text.splitlines()
    assert lines[0] == "Calm breathing: about 1 minute"
    assert lines[1] == "00:00  Breathe in slowly through your nose. (5 seconds)"
    assert lines[2] == "00:05  Breathe out slowly through your mouth. (5 seconds)"
    assert len(lines) == 13


def test_run_prints_each_step_when_it_starts():
    now = [0.0]
    printed: list[tuple[float, str]] = []

    class Out(io.StringIO):
        def write(self, text: str) -> int:
            if text.strip():
                printed.append((now[0], text.strip()))
            return len(text)

    def sleep(seconds: float) -> None:
        now[0] += seconds

    calm = find_exercise(exercises(), "calm-breathing")
    record = run_plain(plan(calm, 1, False, "words", settle_seconds=0), Out(),
                       clock=lambda: now[0], sleep=sleep)
    assert record is not None and record.completed
    steps = [(round(when, 6), text) for when, text in printed[:3]]
    assert steps == [(0.0, "Breathe in slowly through your nose. (5 seconds)"),
                     (5.0, "Breathe out slowly through your mouth. (5 seconds)"),
                     (10.0, "Breathe in slowly through your nose. (5 seconds)")]
    assert printed[-1] == (pytest.approx(60.0), "Well done. That is the end of the exercise.")


def test_command_line_lists_and_plans(private_folders):
    run = [sys.executable, "-c", "import sys; from hfs_tui.exercise.cli import register; "
           "import argparse; p = argparse.ArgumentParser(); s = p.add_subparsers(); "
           "register(s); a = p.parse_args(sys.argv[1:]); a.content = None; "
           "sys.exit(a.func(a))"]
    listing = subprocess.run([*run, "exercise"], capture_output=True, text=True, cwd=REPO,
                             check=True)
    assert "1. Calm breathing (calm-breathing)" in listing.stdout
    assert "Your own pattern (custom-breathing)" in listing.stdout
    planned = subprocess.run([*run, "exercise", "2", "--minutes", "3", "--plan"],
                             capture_output=True, text=True, cwd=REPO, check=True)
    lines = planned.stdout.splitlines()
    assert lines[0].startswith("Longer out-breath: about 3 minutes")
    assert lines[1].startswith("00:00  ")  # the position advice comes first
    assert lines[2].endswith("(4 seconds)") and lines[3].endswith("(6 seconds)")
    wrong = subprocess.run([*run, "exercise", "calm", "breathing", "--minutes", "7"],
                           capture_output=True, text=True, cwd=REPO)
    assert wrong.returncode == 2
    assert "can be 1, 3, 5, 10 minutes, not 7" in wrong.stderr
