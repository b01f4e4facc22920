"""Sound levels of 16 kHz mono 16-bit PCM: what the listener and the recordings code
measure before anything is decoded (loudness, clipping, where speech starts)."""

from __future__ import annotations

import array

import speech_recognition as sr

from hfs_tui.voice.decision import SAMPLE_RATE

# A command's loudest 20 ms must be this many times the room's level (about 10 dB):
# otherwise it is a gust of noise that crossed the threshold. Measured on
# bench/voice-set through `hear`: false accepts 5.5% -> 2.5% (TRAIN), commands unchanged.
STAND_OUT = 3.0


def audio_to_pcm16k(audio: sr.AudioData) -> bytes:
    return bytes(audio.get_raw_data(convert_rate=SAMPLE_RATE, convert_width=2))


def rms(chunk: bytes) -> float:
    samples = array.array("h")
    samples.frombytes(chunk)
    return float((sum(value * value for value in samples) / max(1, len(samples))) ** 0.5)


def frame_levels(raw: bytes, frame: int) -> list[float]:
    """RMS of each whole `frame`-sample frame of 16 kHz PCM."""
    return [rms(raw[i:i + 2 * frame]) for i in range(0, len(raw) - 2 * frame + 1, 2 * frame)]


def stands_out(raw: bytes, room_level: float, frame: int = 320) -> bool:
    """Is the loudest 20 ms of the utterance well above the room (not a gust of noise)?"""
    if room_level <= 0:
        return True
    return max(frame_levels(raw, frame), default=0.0) >= STAND_OUT * room_level


def int16(samples: object) -> bytes:
    import numpy as np

    values = np.asarray(samples, dtype=np.float64)
    return bytes(np.clip(np.round(values), -32768, 32767).astype("<i2").tobytes())


def clipped(raw: bytes) -> bool:
    samples = array.array("h")
    samples.frombytes(raw)
    if not samples:
        return False
    loud = sum(1 for value in samples if value >= 32700 or value <= -32700)
    return loud > len(samples) * 0.005


def leading_quiet_seconds(raw: bytes, frame: int = 320) -> float:
    """Seconds before the first 20 ms frame well above the utterance's quietest."""
    samples = array.array("h")
    samples.frombytes(raw)
    energies = [sum(abs(v) for v in samples[i:i + frame]) / frame
                for i in range(0, len(samples) - frame + 1, frame)]
    if not energies:
        return 0.0
    quiet, loud = min(energies), max(energies)
    limit = quiet + (loud - quiet) * 0.1
    for index, energy in enumerate(energies):
        if energy > limit:
            return index * frame / SAMPLE_RATE
    return 0.0
