"""Checks for `hfs-tui doctor`: does the leaflet load without problems?"""

from __future__ import annotations

from pathlib import Path

from hfs_tui import paths
from hfs_tui.checks import Check


def checks(folder: Path | None = None) -> list[Check]:
    """The leaflet in `folder` (the built-in one by default): its first problem, or its size."""
    from hfs_tui.content.loader import validate_library  # here: loading it takes a while

    root = folder or paths.builtin_content_dir()
    library, problems = validate_library(root)
    if problems:
        return [Check("Leaflet", False, f"{problems[0]} (run: hfs-tui check-content {root})")]
    assert library is not None
    return [Check("Leaflet", True, f"{len(library.sections)} sections, "
                  f"{len(library.exercises)} exercises from {root}")]
