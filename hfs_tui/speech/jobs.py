"""What a reading is made of: the sentences asked for, the chunks played, the events.

ReadAloud (hfs_tui.speech.controller) plays a `Job`: the chunks of one reading (every
sentence from the chosen one on), one repeated sentence, or one-off text. Plain data
and pure functions, so the control thread's bookkeeping can be read on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hfs_tui.speech import prepare
from hfs_tui.speech.states import JobKind, SpeechEventKind


@dataclass(frozen=True)
class Utterance:
    """One display sentence to read. `key` is the caller's; it is never looked at."""

    key: object
    text: str


@dataclass(frozen=True)
class SpeechEvent:
    """started(index) | finished(index) | paused(index) | resumed(index) |
    stopped(index) | problem(message) | settings(message)."""

    kind: SpeechEventKind
    index: int | None = None
    message: str = ""


@dataclass(frozen=True)
class Chunk:
    """One piece of speech to synthesise and play; `first` starts its sentence."""

    sentence: int | None  # None for one-off text
    text: str
    first: bool


@dataclass
class Job:
    kind: JobKind
    chunks: list[Chunk]
    position: int = 0
    starts: dict[int, int] = field(default_factory=dict)
    """Each sentence's first chunk."""
    engine: str | None = None  # a one-off `say` in another engine (a settings sample)

    def split(self, position: int, head: str, rest: str) -> None:
        """Play chunk `position` as two: a short head (quick to synthesise), the rest."""
        chunk = self.chunks[position]
        self.chunks[position:position + 1] = [replace(chunk, text=head),
                                              Chunk(chunk.sentence, rest, first=False)]
        self.starts = {k: v + 1 if v > position else v for k, v in self.starts.items()}


@dataclass
class Playing:
    """The sound playing now (or, with no player, the silence keeping speaking pace)."""

    token: int
    playback: Any  # player.Playback | None (silent pacing)
    audio: Path | None
    seconds: float
    started: float
    killed: bool = False


def sentence_job(plan: Sequence[list[str]], sentence: int, kind: JobKind) -> Job:
    """A reading ("read": from `sentence` to the end) or one sentence again ("repeat").

    `plan` holds each sentence's chunks (prepare.speech_chunks); an empty sentence is
    one silent chunk, so it still takes its turn.
    """
    indices = range(len(plan)) if kind == "read" else [sentence]
    chunks: list[Chunk] = []
    starts: dict[int, int] = {}
    for index in indices:
        starts[index] = len(chunks)
        pieces = plan[index] or [""]
        chunks += [Chunk(index, text, first=n == 0) for n, text in enumerate(pieces)]
    return Job(kind, chunks, starts[sentence], starts)


def text_job(text: str, pronunciations: Mapping[str, str], engine: str | None) -> Job:
    """One-off text (a cue, help, a settings sample), in chunks quick to start."""
    spoken = prepare.prepare(text, pronunciations)
    chunks = [
        Chunk(None, chunk, first=False)
        for sentence in prepare.split_sentences(spoken)
        for chunk in prepare.split_for_speech(sentence)
    ]
    return Job("say", chunks, engine=engine)


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def clamp_index(index: int, length: int) -> int:
    return max(0, min(length - 1, index))
