"""The Whisper recogniser (hfs_tui/voice/whisper.py) on real recordings."""

from __future__ import annotations

import csv
import wave
from pathlib import Path

import numpy as np
import pytest

from hfs_tui.actions import voice_commands
from hfs_tui.voice import whisper

REPO = Path(__file__).resolve().parent.parent
HUMAN = REPO / "bench" / "voice-human"
SET = REPO / "bench" / "voice-set"


@pytest.fixture(scope="module")
def recogniser() -> whisper.WhisperRecogniser:
    return whisper.WhisperRecogniser([c.phrase for c in voice_commands()])


def _pcm(path: Path) -> tuple[bytes, int]:
    with wave.open(str(path), "rb") as reader:
        return reader.readframes(reader.getnframes()), reader.getframerate()


def test_match_phrase_forgives_fillers_and_plurals_but_not_sentences():
    phrases = ["stop", "next section", "show exercises"]
    assert whisper.match_phrase("Um, stop please.", phrases) == "stop"
    assert whisper.match_phrase("Next sections", phrases) == "next section"
    assert whisper.match_phrase("stop, stop", phrases) == "stop"
    assert whisper.match_phrase("I need to stop at the shop.", phrases) is None


def test_log_mel_shape_and_scale():
    tone = np.sin(2 * np.pi * 440 * np.arange(16000) / 16000).astype(np.float32)
    features = whisper.log_mel(tone, 1000)
    assert features.shape == (80, 1000)
    assert features.max() <= 1.0 + 3.0 and features.min() >= features.max() - 2.0 - 1e-6
    # the 440 Hz tone is loudest in a low mel band
    assert int(np.argmax(features[:, 10])) < 20


def test_a_real_person_per_command_word(recogniser):
    with (HUMAN / "manifest.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["expected"]]
    right = 0
    words = sorted({row["expected"] for row in rows})
    for word in words:
        row = next(r for r in rows if r["expected"] == word and r["split"] == "test")
        decision = recogniser.decide(*_pcm(HUMAN / row["file"]))
        right += decision.phrase == word
    assert right >= len(words) - 1, f"{right} of {len(words)} people's commands right"


def test_sentence_with_a_command_word_is_not_a_command(recogniser):
    pcm, rate = _pcm(SET / "non-000-espeak-en-029-tempo-1.15.wav")  # "i need to stop at the shop"
    decision = recogniser.decide(pcm, rate)
    assert not decision.accepted and decision.phrase is None


def test_silence_and_a_click_are_not_commands(recogniser):
    silence = bytes(2 * 16000)
    assert not recogniser.decide(silence).accepted
    click = np.zeros(16000, dtype="<i2")
    click[8000:8010] = 20000
    assert not recogniser.decide(click.tobytes()).accepted
