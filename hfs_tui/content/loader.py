"""Load and check a content folder: leaflet sections, glossary, pronunciations, exercises.

A folder looks like this (see docs/content-format.md):

    leaflet/*.md            one section each: YAML front matter, then a Markdown body
    glossary.toml           [[term]] tables (optional file)
    pronunciation.toml      a [words] table (optional file)
    exercises/*.toml        one exercise each (optional folder)

`validate_library` checks everything and collects every problem it finds, each with
its file and line, so a clinic editing its own leaflets can fix them all in one go.
`load_library` is the same but raises `ContentError`. Nothing here touches the
network or loads the pronouncing dictionary, so it is quick enough for app start.

This module assembles the library; each kind of file has its own module:
`sections` (with `front_matter`), `glossary` (glossary and pronunciations),
`exercises`, and `across_files` for the checks that need them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hfs_tui import paths
from hfs_tui.content.across_files import check_across_files
from hfs_tui.content.exercises import (
    EXERCISE_KEYS,
    MAX_LENGTH_MINUTES,
    MAX_STEP_SECONDS,
    MIN_STEP_SECONDS,
    PHASES,
    STEP_KEYS,
    load_exercises,
)
from hfs_tui.content.fields import Problem
from hfs_tui.content.glossary import TERM_KEYS, load_glossary, load_pronunciations
from hfs_tui.content.models import Library
from hfs_tui.content.sections import (
    MAX_KEY_POINTS,
    MIN_KEY_POINTS,
    SECTION_KEYS,
    load_sections,
)
from hfs_tui.content.sources import (
    EXERCISES_DIR,
    GLOSSARY_FILE,
    LEAFLET_DIR,
    PRONUNCIATION_FILE,
    VOICE_NAME_RE,
)

# Names callers (and older code) import from here.
__all__ = [
    "EXERCISES_DIR", "EXERCISE_KEYS", "GLOSSARY_FILE", "LEAFLET_DIR", "MAX_KEY_POINTS",
    "MAX_LENGTH_MINUTES", "MAX_STEP_SECONDS", "MIN_KEY_POINTS", "MIN_STEP_SECONDS",
    "PHASES", "PRONUNCIATION_FILE", "SECTION_KEYS", "STEP_KEYS", "TERM_KEYS",
    "VOICE_NAME_RE", "ContentError", "Problem", "load_library", "validate_library",
]


class ContentError(Exception):
    """The content folder has problems; `problems` lists every one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"{count} content problem{'s' * (count != 1)}:\n{lines}")


def load_library(root: Path | None = None) -> Library:
    """Load a content folder (default: the built-in one); raise ContentError if it has problems."""
    library, problems = validate_library(root)
    if problems or library is None:
        raise ContentError(problems)
    return library


def validate_library(root: Path | None = None) -> tuple[Library | None, list[Problem]]:
    """Load and check everything; return the library (None if there are problems) and
    every problem found, sorted by file and line."""
    root = Path(root) if root is not None else paths.builtin_content_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem(root, 0, "is a file, not a folder" if root.exists()
                                else "content folder does not exist"))
        return None, problems

    glossary = load_glossary(root / GLOSSARY_FILE, problems)
    term_ids = {term.id for term, _ in glossary}
    sections = load_sections(root / LEAFLET_DIR, term_ids, problems)
    pronunciations = load_pronunciations(root / PRONUNCIATION_FILE, problems)
    exercises = load_exercises(root / EXERCISES_DIR, problems)
    check_across_files(sections, exercises, glossary, problems)

    problems.sort(key=lambda problem: _reading_order(root, problem))
    if problems:
        return None, problems
    library = Library(
        root=root,
        sections=tuple(sorted((s for s, _ in sections), key=lambda s: s.order)),
        glossary=tuple(sorted((t for t, _ in glossary), key=lambda t: t.word.lower())),
        pronunciations=pronunciations,
        exercises=tuple(sorted((e for e, _ in exercises), key=lambda e: e.order)),
    )
    return library, []


def _reading_order(root: Path, problem: Problem) -> tuple[int, str, int]:
    """Leaflet first, then glossary, pronunciations and exercises; by line in each file."""
    places = (LEAFLET_DIR, GLOSSARY_FILE, PRONUNCIATION_FILE, EXERCISES_DIR)
    try:
        first = problem.path.relative_to(root).parts[0]
    except (ValueError, IndexError):
        first = ""
    rank = places.index(first) if first in places else len(places)
    return rank, str(problem.path), problem.line
