"""Taking out mains hum and low rumble before anything measures the sound.

A laptop's microphone or a USB lead often picks up mains hum (50 or 60 Hz), and a
fan, a fridge or traffic add a low rumble. People barely hear these, but the
listener starts and ends a phrase on loudness, and to its meter a hum as loud as
the voice is a room that never goes quiet: with a 50 Hz hum at the word's own
level, not one of 200 real people's commands was heard (bench/bench_voice_hum.py).
Speech has almost nothing below 80 Hz (a telephone passes nothing below 300 Hz),
so once the room's sound is mostly that low, everything below 80 Hz is filtered
out. A room without such a sound is left bit for bit as it is.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

CUTOFF_HZ = 80.0
"""Half power here; 50 Hz is 64 dB down, 60 Hz 50 dB, and 100 Hz and up pass whole."""
TRANSITION_HZ = 40.0
LOW_SHARE = 0.5
"""The low sound's share of the room's power (over about 2 s) that turns filtering on."""
MIN_LOW_LEVEL = 30.0
"""RMS (of 32,768) below which a low sound is too quiet to matter (about -60 dBFS)."""
TIME_CONSTANT_SECONDS = 2.0
FADE_IN_SECONDS = 0.1


def high_pass_taps(rate: int) -> np.ndarray:
    """A linear-phase FIR high-pass (Hamming-windowed sinc) for this sample rate."""
    count = int(3.3 * rate / TRANSITION_HZ) | 1  # odd: a whole-sample delay
    middle = count // 2
    n = np.arange(count) - middle
    cut = 2 * CUTOFF_HZ / rate
    low = np.asarray(cut * np.sinc(cut * n) * np.hamming(count), dtype=np.float64)
    taps: np.ndarray = -low / low.sum()
    taps[middle] += 1.0
    return taps


class LowSoundRemovedStream:
    """A 16-bit mono source stream with hum and rumble below 80 Hz taken out, once the
    room's sound is mostly that low. The filter delays the sound by about 40 ms.

    `on_start` is called when filtering starts: the room's level measured before it
    counted the hum, so the listener measures it again.
    """

    def __init__(self, inner: object, rate: int,
                 on_start: Callable[[], None] | None = None) -> None:
        self._inner = inner
        self._on_start = on_start
        self._rate = rate
        self._taps = high_pass_taps(rate)
        self._history = np.zeros(len(self._taps) - 1)
        self._ramp = np.sin(np.linspace(0, np.pi / 2, int(FADE_IN_SECONDS * rate))) ** 2
        self._seen = 0
        self._low_power = 0.0
        self._power = 0.0
        self._removing = False

    @property
    def removing(self) -> bool:
        return self._removing

    def read(self, size: int) -> bytes:
        data: bytes = self._inner.read(size)  # type: ignore[attr-defined]
        whole = len(data) - len(data) % 2
        if whole < 2:
            return data
        samples = np.frombuffer(data[:whole], dtype="<i2").astype(np.float64)
        heard = samples
        if self._seen < len(self._ramp):
            # The filter's first input fades in: a hum starting from nothing would
            # make the filter ring for 80 ms as loud as the hum, and the listener
            # takes the room's level from its first 0.3 s.
            ramp = self._ramp[self._seen: self._seen + len(samples)]
            heard = samples.copy()
            heard[: len(ramp)] *= ramp
        self._seen += len(samples)
        running = np.concatenate([self._history, heard])
        filtered = np.convolve(running, self._taps, mode="valid")
        delay = len(self._history) // 2
        # The sound the filtered samples stand for (they come `delay` samples late):
        delayed = running[delay: delay + len(samples)]
        self._history = running[len(samples):]
        if not self._removing:
            self._measure(delayed, delayed - filtered)
            if not self._removing:
                return data  # the samples stay bit for bit
        cleaned = np.clip(np.round(filtered), -32768, 32767).astype("<i2")
        return cleaned.tobytes() + data[whole:]

    def _measure(self, sound: np.ndarray, low: np.ndarray) -> None:
        if self._seen < len(self._history) // 2 + len(sound):
            return  # still the silence before the first sample
        share = min(1.0, len(sound) / (TIME_CONSTANT_SECONDS * self._rate))
        if self._power == 0.0:
            share = 1.0  # the first measure is the room's level until more comes
        self._low_power += share * (float(np.mean(low ** 2)) - self._low_power)
        self._power += share * (float(np.mean(sound ** 2)) - self._power)
        # Once on, it stays on: switching off and on would step the sound each time.
        self._removing = (self._low_power >= LOW_SHARE * self._power
                          and self._low_power >= MIN_LOW_LEVEL ** 2)
        if self._removing and self._on_start is not None:
            self._on_start()

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)  # close() and friends, for the source's exit

