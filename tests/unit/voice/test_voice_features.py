"""Our numpy log-mel features against a reference implementation of Whisper's recipe.

The reference is transformers' WhisperFeatureExtractor (numpy only, no torch; in the
[test] extra). Built from its parameters, never `from_pretrained`: nothing is fetched.
"""

from __future__ import annotations

import wave

import locations
import numpy as np
import pytest

from hfs_tui.voice.features import HOP, N_FFT, N_MELS, SAMPLE_RATE, log_mel, pcm16_to_float

AUDIO = locations.FIXTURES / "audio"


@pytest.fixture(scope="module")
def reference():
    import transformers  # the [test] extra; a missing reference must fail, not skip

    return transformers.WhisperFeatureExtractor(
        feature_size=N_MELS, sampling_rate=SAMPLE_RATE, hop_length=HOP, chunk_length=30,
        n_fft=N_FFT)


def _samples(name: str) -> np.ndarray:
    with wave.open(str(AUDIO / name), "rb") as reader:
        return pcm16_to_float(reader.readframes(reader.getnframes()))


@pytest.mark.parametrize("name", ["cmd-001-espeak-en-gb-f3-clean.wav",
                                  "noise-01-pink.wav", "people/stop-370844f7_nohash_0.wav"])
@pytest.mark.parametrize("frames", [3000, 1000, 300])
def test_log_mel_matches_the_reference(reference, name, frames):
    samples = _samples(name)
    expected = reference(samples, sampling_rate=SAMPLE_RATE, return_tensors="np",
                         padding="max_length", max_length=frames * HOP).input_features[0]
    ours = log_mel(samples, frames)
    assert ours.shape == expected.shape == (N_MELS, frames)
    # Measured 2026-12-02: at most 1.6e-6 apart (float32 rounding); features span ~2.
    assert np.abs(ours - expected).max() < 1e-4


def test_the_mel_filters_match_the_reference(reference):
    from hfs_tui.voice.features import mel_filters

    # transformers keeps them as [201, 80]; ours are [80, 201].
    assert np.allclose(mel_filters(), np.asarray(reference.mel_filters).T, atol=1e-6)
