"""Whisper's log-mel spectrogram, in numpy (OpenAI's published recipe).

80 Slaney mel bands over a 400-point periodic Hann STFT with a 160-sample hop at
16 kHz, centred with reflect padding, the last frame dropped; log10 clamped at
1e-10, then floored 8 (decades) below the loudest value and scaled as (x + 4) / 4.
Computing it here keeps torch, librosa and PyAV out of the install.
"""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 80
FRAMES_PER_SECOND = SAMPLE_RATE // HOP  # 100


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney's mel scale: linear below 1 kHz, logarithmic above."""
    f_sp = 200.0 / 3
    mels = hz / f_sp
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0
    log_part = hz >= min_log_hz
    mels = np.where(log_part, min_log_mel + np.log(np.maximum(hz, 1e-10) / min_log_hz) / logstep,
                    mels)
    return mels


def _mel_to_hz(mels: np.ndarray) -> np.ndarray:
    f_sp = 200.0 / 3
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0
    return np.where(mels >= min_log_mel, min_log_hz * np.exp(logstep * (mels - min_log_mel)),
                    f_sp * mels)


def mel_filters(n_mels: int = N_MELS) -> np.ndarray:
    """The [n_mels, 201] filter bank (librosa.filters.mel with norm="slaney")."""
    fft_freqs = np.linspace(0, SAMPLE_RATE / 2, 1 + N_FFT // 2)
    mel_points = _mel_to_hz(np.linspace(_hz_to_mel(np.array(0.0)),
                                        _hz_to_mel(np.array(SAMPLE_RATE / 2)), n_mels + 2))
    widths = np.diff(mel_points)
    ramps = mel_points[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_points[2:n_mels + 2] - mel_points[:n_mels]))[:, None]
    return weights.astype(np.float32)


_FILTERS = mel_filters()
_WINDOW = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)


def log_mel(samples: np.ndarray, frames: int) -> np.ndarray:
    """[80, frames] features of float samples in -1..1, zero-padded (or cut) to fit.

    Padding happens before the transform, as Whisper pads to 30 s, so the quiet
    tail looks like the silence the model was trained on.
    """
    wanted = frames * HOP
    audio = np.zeros(wanted, dtype=np.float32)
    audio[: min(len(samples), wanted)] = samples[:wanted]
    padded = np.pad(audio, (N_FFT // 2, N_FFT // 2), mode="reflect")
    count = 1 + (len(padded) - N_FFT) // HOP
    strides = (padded.strides[0] * HOP, padded.strides[0])
    windows = np.lib.stride_tricks.as_strided(padded, shape=(count, N_FFT), strides=strides)
    power = np.abs(np.fft.rfft(windows * _WINDOW, axis=1)) ** 2
    mel = _FILTERS @ power[:-1].T  # drop the last frame, as Whisper does
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    features: np.ndarray = ((log_spec + 4.0) / 4.0).astype(np.float32)[:, :frames]
    return features


def pcm16_to_float(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
