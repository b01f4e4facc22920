"""Taking out a microphone's DC offset before anything measures the sound.

Some USB microphones and sound cards add a constant to every sample. The listener
judges speech by its loudness against the room's, and a constant makes the quiet
room as "loud" as speech: with an offset of 3,000 (a tenth of full scale) no
command was heard at all. The offset is tracked slowly, so speech, which has none,
passes through unchanged.
"""

from __future__ import annotations

import numpy as np

TIME_CONSTANT_SECONDS = 2.0
"""How quickly the offset estimate follows a change (the offset itself barely moves)."""
MIN_OFFSET = 200.0
"""An offset worth taking out (0.6% of full scale). A smaller one barely moves a
room's loudness, and leaving it keeps every other microphone's sound untouched."""


class DcRemovedStream:
    """A 16-bit mono source stream with its running mean taken out of each chunk."""

    def __init__(self, inner: object, rate: int) -> None:
        self._inner = inner
        self._rate = rate
        self._offset: float | None = None
        self._removing = False

    def read(self, size: int) -> bytes:
        data: bytes = self._inner.read(size)  # type: ignore[attr-defined]
        if len(data) < 2:
            return data
        whole = len(data) - len(data) % 2
        samples = np.frombuffer(data[:whole], dtype="<i2").astype(np.float64)
        mean = float(samples.mean())
        if self._offset is None:
            self._offset = mean
        else:
            share = min(1.0, len(samples) / (TIME_CONSTANT_SECONDS * self._rate))
            self._offset += share * (mean - self._offset)
        # Once on, it stays on: switching off and on would step the sound each time.
        self._removing = self._removing or abs(self._offset) >= MIN_OFFSET
        if not self._removing:
            return data  # the samples stay bit for bit
        cleaned = np.clip(np.round(samples - self._offset), -32768, 32767).astype("<i2")
        return cleaned.tobytes() + data[whole:]

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)  # close() and friends, for the source's exit
