"""The quiet stretches around an utterance are turned down before Whisper reads it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hfs_tui.voice.decision import SAMPLE_RATE
from hfs_tui.voice.gaps import TURN_DOWN_DB, turn_down_gaps
from hfs_tui.voice.recordings import decode_file

PEOPLE = Path(__file__).resolve().parents[3] / "bench" / "voice-human"


def _level_db(samples: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(samples.astype(np.float64) ** 2) + 1e-12))


def test_room_away_from_the_word_is_turned_down_and_the_word_kept():
    rng = np.random.default_rng(7)
    room = rng.normal(0, 0.01, 3 * SAMPLE_RATE).astype(np.float32)
    word = np.sin(2 * np.pi * 220 * np.arange(SAMPLE_RATE // 2) / SAMPLE_RATE) * 0.5
    samples = room.copy()
    start = SAMPLE_RATE
    samples[start:start + len(word)] += word.astype(np.float32)
    out = turn_down_gaps(samples)
    assert out.dtype == samples.dtype and len(out) == len(samples)
    # The word, and its edges up to 0.15 s either side, are as they were.
    kept = slice(start - SAMPLE_RATE // 10, start + len(word) + SAMPLE_RATE // 10)
    assert np.allclose(out[kept], samples[kept])
    # The room half a second away is 30 dB quieter.
    far = slice(0, SAMPLE_RATE // 2)
    drop = _level_db(samples[far]) - _level_db(out[far])
    assert drop == pytest.approx(TURN_DOWN_DB, abs=0.5)


def test_steady_sound_with_no_quiet_part_is_left_alone():
    rng = np.random.default_rng(3)
    noise = rng.normal(0, 0.1, SAMPLE_RATE).astype(np.float32)
    out = turn_down_gaps(noise)
    middle = slice(160, len(noise) - 160)  # all but the 10 ms fade at either end
    assert np.array_equal(out[middle], noise[middle])
    assert np.allclose(out[:160], noise[:160] * 2 / 3)
    short = noise[:400]  # under five 10 ms frames
    assert turn_down_gaps(short) is short


@pytest.mark.parametrize("take", [1, 2, 3])
def test_a_persons_off_is_not_taken_for_up(take):
    # One person's "off": Whisper read the word and the hiss after it as "up, up";
    # with the hiss turned down it is no command (people TRAIN acted on 1.9% -> 0.0%).
    result = decode_file(PEOPLE / f"off-0c40e715_nohash_{take}.wav")
    assert result.action is None, result
