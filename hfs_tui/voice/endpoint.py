"""Where a phrase ends: a softer word after a short gap is kept in it.

SpeechRecognition's listen() raises its energy threshold towards the speech's own
loudness while a phrase is spoken. A softer last word ("log spasm four", the number
said more quietly) then falls under it, counts as the pause, and is cut off: the
listener acted on "log spasm" alone. `SoftWordKeeper` sees each chunk just before
listen() compares it with the threshold. A word that starts after a dip, and is loud
enough against both the phrase and the room, counts as speech for as long as it stays
that loud: for that chunk the threshold is lowered, and afterwards listen()'s own
course is put back. Everything else, a word fading away included, is judged by
listen()'s rising threshold as before: holding the threshold down for the whole phrase
made babble run on after a phrase and decisions come late (docs/performance.md, ninth
round). It assumes listen() with `dynamic_energy_threshold` on, as the listener runs it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

__all__ = ["SOFT_WORD_OVER_ROOM", "SOFT_WORD_SHARE", "SoftWordKeeper"]

SOFT_WORD_SHARE = 0.2
"""A soft word is at least this share of the phrase's loudest chunk (about -14 dB)..."""
SOFT_WORD_OVER_ROOM = 3.0
"""...and this many times the threshold the phrase started on, which follows the room
(babble after a phrase is not taken for a soft word)."""


class Threshold(Protocol):
    """The parts of speech_recognition.Recognizer this reads and sets."""

    energy_threshold: float
    dynamic_energy_adjustment_damping: float


class SoftWordKeeper:
    """Adjusts `recognizer.energy_threshold` chunk by chunk while listen() runs."""

    def __init__(self, recognizer: Threshold, rate: int,
                 allowed: Callable[[], bool] = lambda: True) -> None:
        """`allowed`: asked as each phrase starts. While the app reads aloud it says no:
        what is left of the app's own voice after "stop" would be kept as soft words,
        and the phrase would run on into the reading."""
        self._recognizer = recognizer
        self._rate = rate
        self._allowed = allowed
        self._in_phrase = self._keeping = self._soft_word = False
        self._room = 0.0  # the threshold when the phrase started
        self._loudest = self._last = 0.0
        self._lowered_by = 0.0  # how far the threshold was lowered for the last chunk

    def new_phrase(self) -> None:
        """listen() is about to wait for the next phrase."""
        self._in_phrase = False
        self._lowered_by = 0.0

    def chunk(self, energy: float, frames: int) -> None:
        """A chunk of `frames` samples with this RMS is about to be judged by listen()."""
        recognizer = self._recognizer
        if self._lowered_by:
            # listen() updated the lowered threshold after the last chunk; put back what
            # its update would have kept of the difference, so its own course goes on.
            damping = recognizer.dynamic_energy_adjustment_damping ** (frames / self._rate)
            recognizer.energy_threshold += self._lowered_by * damping
            self._lowered_by = 0.0
        if not self._in_phrase:
            if energy > recognizer.energy_threshold:  # listen() starts a phrase here
                self._in_phrase = True
                self._keeping = self._allowed()
                self._room = recognizer.energy_threshold
                self._loudest = self._last = energy
                self._soft_word = False
            return
        floor = max(SOFT_WORD_SHARE * self._loudest, SOFT_WORD_OVER_ROOM * self._room)
        self._soft_word = self._keeping and energy > floor and (
            self._soft_word or self._last <= floor)
        self._loudest = max(self._loudest, energy)
        self._last = energy
        if self._soft_word and recognizer.energy_threshold > floor:
            self._lowered_by = recognizer.energy_threshold - floor
            recognizer.energy_threshold = floor
