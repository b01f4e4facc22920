"""Typed models for the leaflet, glossary, pronunciation list and exercises.

These are plain frozen dataclasses: the loader builds them after validation, and
every other layer (UI, speech, voice, exercises) only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

BlockKind = Literal["paragraph", "bullet", "heading"]
BreathPhase = Literal["in", "out", "hold", "rest"]


@dataclass(frozen=True)
class Block:
    """One paragraph, bullet item or sub-heading of a section body.

    `sentences` hold display text with Markdown removed; the UI highlights them and
    read-aloud speaks them, so both agree on what "the current sentence" is.
    """

    kind: BlockKind
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class StrongWord:
    """A strong word ("cures", "the main") kept on purpose: the words it is used in and why."""

    word: str
    within: str
    why: str


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    order: int
    summary: str
    key_points: tuple[str, ...]
    voice_names: tuple[str, ...]
    body: str
    blocks: tuple[Block, ...]
    glossary_links: tuple[str, ...] = ()
    source: Path | None = None
    strong_words: tuple[StrongWord, ...] = ()

    @property
    def sentences(self) -> tuple[str, ...]:
        """Every body sentence in reading order (the index used for positions)."""
        return tuple(s for block in self.blocks for s in block.sentences)


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    word: str
    meaning: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExerciseStep:
    text: str
    seconds: float
    cue: str
    phase: BreathPhase | None = None
    face: bool = False


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    order: int
    voice_names: tuple[str, ...]
    purpose: str
    position: str
    steps: tuple[ExerciseStep, ...]
    cycle: bool = False
    lengths: tuple[int, ...] = ()
    default_length: int | None = None
    source: Path | None = None

    @property
    def cycle_seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


@dataclass(frozen=True)
class Library:
    """Everything loaded from one content folder."""

    root: Path
    sections: tuple[Section, ...]
    glossary: tuple[GlossaryTerm, ...] = ()
    pronunciations: dict[str, str] = field(default_factory=dict)
    exercises: tuple[Exercise, ...] = ()

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def exercise(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(exercise_id)

    def term(self, term_id: str) -> GlossaryTerm:
        for term in self.glossary:
            if term.id == term_id:
                return term
        raise KeyError(term_id)
