"""Free speech to text, for a diary note said aloud ("add a note", then the note).

The same loaded Whisper tiny.en as the command recogniser (one model in memory),
decoded differently: no command prompt (a prompt of phrases would bend free speech
into commands), the whole 30 s window Whisper was trained on, room for a couple of
sentences of tokens, and repeats blocked (greedy Whisper loops on a quiet tail).

Nothing here keeps anything: the audio is transcribed in memory and dropped, and
the words go back only to the caller, which shows them and saves them if the user
says yes. They are never logged.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import numpy as np

from hfs_tui.voice.decision import SAMPLE_RATE
from hfs_tui.voice.features import FRAMES_PER_SECOND, log_mel, pcm16_to_float

WINDOW_SECONDS = 30.0
"""Longest note heard at once (Whisper's own window)."""
MAX_NOTE_TOKENS = 160
"""About 100 words: more than 30 s of speech needs."""
END_PAUSE_SECONDS = 1.5
"""Quiet that ends a note; commands end after 0.4 s, but people pause mid-sentence."""
START_WAIT_SECONDS = 10.0
"""How long to wait for the note to begin before saying nothing was heard."""
BEAM_SIZE = 3
MAX_NO_SPEECH = 0.6
"""Whisper's own no-speech probability above which the note is "nothing heard"."""
MIN_VOICED_SECONDS = 0.25
"""A note shorter than this (a cough, a click) is nothing heard."""
# What Whisper writes for sound it cannot make words of; never a note.
_NOT_WORDS = re.compile(r"^[\s\[\(]*(blank[ _]audio|silence|music|inaudible|noise)[\]\)\s.]*$",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Transcript:
    text: str
    """The words heard, tidied ("" when nothing was heard)."""
    no_speech: float = 0.0
    seconds: float = 0.0
    """How long decoding took."""

    @property
    def heard(self) -> bool:
        return bool(self.text)


class Dictation:
    """Transcribes one note with an already loaded WhisperDecoder's model."""

    def __init__(self, decoder: object) -> None:
        # The command recogniser's own model, tokenizer and lock (one model in memory).
        self._model, self._tokenizer, self._lock = decoder.model_and_tokenizer()  # type: ignore[attr-defined]
        self._start = list(decoder.start_tokens)  # type: ignore[attr-defined]
        self._first_special = int(self._tokenizer.token_to_id("<|endoftext|>"))

    def transcribe(self, raw: bytes) -> Transcript:
        """The words in 16 kHz mono 16-bit PCM (at most WINDOW_SECONDS of it)."""
        import ctranslate2

        started = time.perf_counter()
        samples = pcm16_to_float(raw[: len(raw) - len(raw) % 2])
        if voiced_seconds(samples) < MIN_VOICED_SECONDS:
            return Transcript("", 1.0, time.perf_counter() - started)
        frames = int(WINDOW_SECONDS * FRAMES_PER_SECOND)
        features = ctranslate2.StorageView.from_array(log_mel(samples, frames)[None])
        with self._lock:
            result = self._model.generate(
                features, [self._start], beam_size=BEAM_SIZE,
                max_length=len(self._start) + MAX_NOTE_TOKENS, no_repeat_ngram_size=4,
                return_no_speech_prob=True)[0]
        ids = [t for t in result.sequences_ids[0] if t < self._first_special]
        text = tidy(self._tokenizer.decode(ids))
        if result.no_speech_prob >= MAX_NO_SPEECH:
            text = ""
        return Transcript(text, float(result.no_speech_prob), time.perf_counter() - started)


def tidy(text: str) -> str:
    """One line, single spaces; Whisper's "[BLANK_AUDIO]" and friends are no words."""
    text = " ".join(text.split())
    return "" if not text or _NOT_WORDS.match(text) else text


def voiced_seconds(samples: np.ndarray) -> float:
    """How long the sound is clearly above its own quietest part (10 ms frames)."""
    step = SAMPLE_RATE // 100
    count = len(samples) // step
    if count == 0:
        return 0.0
    frames = samples[: count * step].reshape(count, step).astype(np.float64)
    levels = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-10)
    ordered = np.sort(levels)
    floor, peak = ordered[count // 10], ordered[-1 - count // 100]
    limit = max(floor + max(6.0, 0.3 * (peak - floor)), peak - 30.0)
    return float(np.sum(levels > limit)) / 100
