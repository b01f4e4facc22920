"""Shared helpers for the voice tests: fixture recordings and their grammar."""

from __future__ import annotations

import array
import csv
import json
import wave
from pathlib import Path

from hfs_tui.actions import VoiceCommand, voice_commands_for_names

AUDIO = Path(__file__).resolve().parent / "fixtures" / "audio"


def fixture_commands() -> list[VoiceCommand]:
    """The grammar the fixtures were recorded for (content names saved beside them)."""
    names = json.loads((AUDIO / "content-names.json").read_text())
    return voice_commands_for_names(names["sections"], names["exercises"])


def manifest() -> list[dict[str, str]]:
    with (AUDIO / "manifest.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def take(phrase: str) -> Path:
    """The fixture recording of `phrase`."""
    for row in manifest():
        if row["expected"] == phrase:
            return AUDIO / row["file"]
    raise KeyError(phrase)


def join_recordings(paths: list[Path], out: Path, gap_seconds: float = 1.0) -> Path:
    """One long recording: a second of room sound, then each take with gaps."""
    samples = array.array("h")
    rate = 16000
    quiet = array.array("h", [0]) * int(rate * gap_seconds)
    samples.extend(array.array("h", [0]) * rate)
    for path in paths:
        with wave.open(str(path), "rb") as reader:
            assert reader.getframerate() == rate
            samples.frombytes(reader.readframes(reader.getnframes()))
        samples.extend(quiet)
    with wave.open(str(out), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())
    return out
