"""The one place the bench's set makers read and write WAV files (16-bit mono PCM).

Used by make_voice_set.py and make_bargein_set.py, which had each their own copy.
"""

from __future__ import annotations

import array
import wave
from pathlib import Path
from typing import Any

RATE = 16000


def write_pcm16(path: Path, pcm: bytes, rate: int = RATE) -> None:
    """Write raw signed 16-bit little-endian mono samples as a WAV file."""
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(pcm)


def write_samples(path: Path, samples: Any, rate: int = RATE) -> None:
    """Write an array.array("h") as it is, or any numpy array rounded and clipped to 16 bits."""
    if isinstance(samples, array.array):
        write_pcm16(path, samples.tobytes(), rate)
        return
    import numpy as np

    clipped = np.clip(np.round(samples), -32768, 32767).astype("<i2")
    write_pcm16(path, clipped.tobytes(), rate)


def read_samples(path: Path) -> array.array:
    """The samples of a 16-bit WAV file (its rate and channels are the caller's business)."""
    with wave.open(str(path), "rb") as reader:
        return array.array("h", reader.readframes(reader.getnframes()))


def wav_rate(path: Path) -> tuple[int, int]:
    """(sample rate, channels) of a WAV file."""
    with wave.open(str(path), "rb") as reader:
        return reader.getframerate(), reader.getnchannels()
