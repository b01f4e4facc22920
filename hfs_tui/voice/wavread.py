"""Reading a WAV recording as the listener needs it: 16-bit mono, at its own rate.

People's recordings come from phones, Audacity and voice recorders, so they are
often stereo, 24-bit, 32-bit float or in the WAVE_FORMAT_EXTENSIBLE layout (which
Python 3.11's `wave` module refuses). All of those are read here and mixed down to
one channel, so `hear` judges what was said rather than how the file was saved.
"""

from __future__ import annotations

import io
import struct
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PCM, FLOAT, EXTENSIBLE = 1, 3, 0xFFFE
_KINDS = {PCM: "PCM", FLOAT: "float"}


class WavError(ValueError):
    """The file cannot be read as a recording; the message says why, in a few words."""


@dataclass(frozen=True)
class Wav:
    samples: np.ndarray
    """16-bit mono samples (int16)."""
    rate: int
    channels: int
    """How many channels the file had (they are mixed into `samples`)."""
    bits: int
    """Bits per sample in the file."""

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    def wav_bytes(self) -> io.BytesIO:
        """The samples as a 16-bit mono WAV file in memory (for `sr.AudioFile`)."""
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(self.rate)
            writer.writeframes(self.samples.astype("<i2").tobytes())
        buffer.seek(0)
        return buffer


def read_wav(path: str | Path) -> Wav:
    """The recording in `path` as 16-bit mono; raises WavError, or OSError if unreadable."""
    data = Path(path).read_bytes()
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise WavError("not a WAV recording (it does not start with RIFF...WAVE)")
    fmt, frames = _chunks(data)
    tag, channels, rate, _, block, bits = struct.unpack("<HHIIHH", fmt[:16])
    if tag == EXTENSIBLE and len(fmt) >= 26:
        tag = struct.unpack("<H", fmt[24:26])[0]  # the sub-format's first two bytes
    if tag not in _KINDS:
        raise WavError(f"not a WAV recording this can read (format {tag}; PCM or float "
                       "is needed: save it again as WAV)")
    width = (bits + 7) // 8
    if channels < 1 or width < 1 or block < channels * width:
        raise WavError("not a WAV recording (its header is damaged)")
    if (tag == FLOAT and width not in (4, 8)) or (tag == PCM and width > 4):
        raise WavError(f"not a WAV recording this can read ({bits}-bit {_KINDS[tag]})")
    if len(frames) % block:
        raise WavError("ends part-way through a sample (cut short or damaged)")
    return Wav(_to_mono16(frames, tag, channels, width, block), rate, channels, bits)


def _chunks(data: bytes) -> tuple[bytes, bytes]:
    """The format chunk and the sound itself."""
    fmt: bytes | None = None
    position = 12
    while position + 8 <= len(data):
        name = data[position:position + 4]
        size = struct.unpack("<I", data[position + 4:position + 8])[0]
        body = position + 8
        if name == b"data":
            if fmt is None:
                break
            # A recorder that was stopped abruptly leaves the size it meant to write
            # (or 0xFFFFFFFF): the sound is whatever the file holds.
            return fmt, data[body:body + size]
        if body + size > len(data):
            raise WavError("not a WAV recording (its header is damaged)")
        if name == b"fmt ":
            if size < 16:
                raise WavError("not a WAV recording (its header is damaged)")
            fmt = data[body:body + size]
        position = body + size + (size & 1)
    if fmt is None:
        raise WavError("not a WAV recording (it has no format chunk)")
    raise WavError("not a WAV recording (it has no sound in it: no data chunk)")


def _to_mono16(frames: bytes, tag: int, channels: int, width: int, block: int) -> np.ndarray:
    count = len(frames) // block
    rows = np.frombuffer(frames, dtype=np.uint8)[: count * block].reshape(count, block)
    raw = rows[:, : channels * width].reshape(count, channels, width)
    if tag == FLOAT:
        values = raw.copy().view("<f4" if width == 4 else "<f8")[..., 0].astype(np.float64)
        values = values * 32768.0
    elif width == 1:
        values = (raw[..., 0].astype(np.float64) - 128.0) * 256.0  # 8-bit is unsigned
    else:
        # Little-endian signed: put the sample's bytes at the top of an int32.
        padded = np.zeros((count, channels, 4), dtype=np.uint8)
        padded[..., 4 - width:] = raw
        values = padded.view("<i4")[..., 0].astype(np.float64) / 65536.0
    mono = values.mean(axis=1) if channels > 1 else values[:, 0]
    return np.clip(np.round(np.nan_to_num(mono)), -32768, 32767).astype(np.int16)
