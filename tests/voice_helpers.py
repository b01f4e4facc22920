"""Shared helpers for the voice tests: fixture recordings and their grammar."""

from __future__ import annotations

import array
import csv
import json
import random
import time
import wave
from pathlib import Path

import speech_recognition as sr
from locations import FIXTURES

from hfs_tui.actions import VoiceCommand, voice_commands_for_names
from hfs_tui.voice.levels import audio_to_pcm16k
from hfs_tui.voice.source import FileSource

AUDIO = FIXTURES / "audio"
VOICES = ("festival", "flite", "espeak", "piper")
"""What a fixture take's name says after the phrase: the voice that said it."""


def pcm16k(path: Path) -> bytes:
    """A recording as the listener hands it to the recogniser: 16 kHz mono PCM."""
    with sr.AudioFile(str(path)) as source:
        return audio_to_pcm16k(sr.Recognizer().record(source))


def fixture_commands() -> list[VoiceCommand]:
    """The grammar the fixtures were recorded for (content names saved beside them)."""
    names = json.loads((AUDIO / "content-names.json").read_text())
    return voice_commands_for_names(names["sections"], names["exercises"])


def manifest() -> list[dict[str, str]]:
    with (AUDIO / "manifest.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def clean_take(phrase: str) -> Path | None:
    """A clean take (flite or festival) from fixtures/audio/extra, if there is one.

    For tests about what a command DOES (sleep, wake, turning a page), not how well it
    is heard: the set's own takes of these phrases are noisy or robotic and sit close
    to the rejection limits (bench/bench_voice.py measures recognition).
    """
    stem = phrase.replace(" ", "-")
    # "log-spasm-four-piper.wav" is not a take of "log spasm": the voice comes next.
    matches = sorted(path for path in (AUDIO / "extra").glob(f"{stem}-*.wav")
                     if path.stem[len(stem) + 1:].startswith(VOICES))
    return matches[0] if matches else None


def take(phrase: str) -> Path:
    """The fixture recording of `phrase` (a clean take when there is one); for speech
    that is no command, the recording of those words."""
    clean = clean_take(phrase)
    if clean is not None:
        return clean
    for row in manifest():
        if (row["expected"] or row["text"]) == phrase:
            return AUDIO / row["file"]
    raise KeyError(phrase)


def join_recordings(paths: list[Path], out: Path, gap_seconds: float = 1.0) -> Path:
    """One long recording: a second of room sound, then each take with gaps."""
    samples = array.array("h")
    rate = 16000
    # A real room is never digital zero: a steady, quiet hiss (about -66 dBFS).
    hiss = random.Random(7)
    def room(seconds: float) -> array.array:
        return array.array("h", (round(hiss.gauss(0, 16)) for _ in range(int(rate * seconds))))
    quiet = room(gap_seconds)
    samples.extend(room(1.0))
    for path in paths:
        with wave.open(str(path), "rb") as reader:
            assert reader.getframerate() == rate
            samples.frombytes(reader.readframes(reader.getnframes()))
        samples.extend(quiet)
    return write_wav(out, samples.tobytes(), rate)


def write_wav(path: Path, pcm: bytes, rate: int = 16000) -> Path:
    """A 16-bit mono WAV file of these samples."""
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(pcm)
    return path


class RealTimeFileSource(FileSource):
    """A recording heard at a microphone's pace: each read waits for its audio's time.

    For a person who waits for the app (the picker opens, then they say the number):
    read as fast as possible, the second phrase would be decoded before the UI had
    acted on the first.
    """

    def __enter__(self) -> RealTimeFileSource:
        super().__enter__()
        counting = self.stream
        source = self
        started = time.monotonic()

        class _Paced:
            def read(self, size: int = -1) -> bytes:
                data: bytes = counting.read(size)
                time.sleep(max(0.0, started + source.position - time.monotonic()))
                return data

            def __getattr__(self, name: str) -> object:
                return getattr(counting, name)

        self.stream = _Paced()
        return self
