"""Checks for `hfs-tui doctor`: does the leaflet load without problems?"""

from __future__ import annotations

from pathlib import Path

from hfs_tui import paths
from hfs_tui.checks import Check
from hfs_tui.content.models import Exercise


def checks(folder: Path | None = None) -> list[Check]:
    """The leaflet in `folder` (the built-in one by default): its first problem, or its size."""
    from hfs_tui.content.loader import validate_library  # here: loading it takes a while
    from hfs_tui.plain import content_from_settings, where_the_setting_is

    configured = content_from_settings() if folder is None else None
    root = folder or configured or paths.builtin_content_dir()
    library, problems = validate_library(root)
    if problems:
        # A folder the settings chose: say so, or the user hunts for a typed option.
        setting = f"; {where_the_setting_is()}" if configured else ""
        return [Check("Leaflet", False, f"{problems[0]} (run: hfs-tui check-content {root})"
                      f"{setting}")]
    assert library is not None
    return [Check("Leaflet", True, f"{len(library.sections)} sections, "
                  f"{_exercises_shown(library.exercises)} from {root}")]


def _exercises_shown(exercises: tuple[Exercise, ...]) -> str:
    """Count what the exercise list shows: the leaflet's exercises plus the user's
    own breathing pattern (Settings) when it is valid, as `hfs-tui exercise` does."""
    from hfs_tui import settings
    from hfs_tui.exercise.cli import all_exercises
    from hfs_tui.exercise.custom import CUSTOM_ID

    shown = all_exercises(exercises, settings.load().settings.exercises)
    if any(exercise.id == CUSTOM_ID for exercise in shown):
        return f"{len(shown)} exercises (with your own breathing pattern)"
    return (f"{len(shown)} exercises (your own breathing pattern is not shown: "
            "fix it in Settings)")
