"""Echo cancellation: take the app's own reading out of what the microphone hears.

While the app reads aloud, the microphone hears that reading (through the room) as
loudly as the user, and a "stop" said over it is buried. The app knows exactly what it
is playing, so the echo can be predicted and subtracted:

- `EchoCanceller` is a partitioned-block frequency-domain adaptive filter (overlap-save,
  NLMS step normalised per frequency bin): it learns the room's echo path from the
  played audio to the microphone and outputs the microphone minus the predicted echo.
  The step shrinks while the residual is much louder than the predicted echo (someone
  is talking over the reading), so the user's words do not spoil what it learnt.
- The bulk delay between the played audio and its echo (player buffers, the room) is
  found by cross-correlation (`estimate_delay`) over the last seconds of both; the
  filter then covers that delay plus `TAIL_SECONDS` of room reflections.
- `cancel_batch` does it again, better, for one utterance: the app has the played
  audio of the last seconds and the microphone of the same seconds, so a least-squares
  (Wiener) filter fitted over all of them at once is as good at the first second of a
  reading as at the tenth, where the adaptive filter is still learning (the reading's
  first second was what came through it and got acted on). The listener decodes that
  residual, and measures in it how much of the utterance was the user.
- `EchoStream` wraps a source's stream for `Recognizer.listen()`: every read returns
  the echo-cancelled microphone, so endpointing and recognition see the user, not the
  reading. It also measures, per chunk, how much of the microphone was the app's own
  voice (`own_voice_share`), which the listener uses to refuse an "utterance" that was
  the reading alone.

Plain numpy; nothing here is imported while voice is off.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

BLOCK = 256  # samples per adaptive-filter block (16 ms at 16 kHz)
TAIL_SECONDS = 0.128  # delays and room reflections covered with no delay estimate
LEAD_SECONDS = 0.016  # and before it (the delay estimate is never exact)
STEP = 0.5
MAX_DELAY_SECONDS = 0.5  # the longest bulk delay looked for
DELAY_WINDOW_SECONDS = 2.0
REFERENCE_SILENT = 30.0  # RMS below this: nothing is playing
HISTORY_SECONDS = 8.0  # microphone and played audio kept for cancel_batch
BATCH_TAPS_SECONDS = 0.064  # the batch filter's length (the room after the bulk delay)
BATCH_LEAD_SECONDS = 0.004  # and before it
CLEAN_MORE_SECONDS = 0.5
USER_SECONDS = 0.2  # the stretch of an utterance that user_share() looks at
# Residual echo suppression: a block where cancelling removed all but this share of
# the microphone's energy is the reading's leftover, and is passed on 20 dB softer
# (the endpointing then does not take the reading's leftovers for speech).
LEFTOVER_SHARE = 0.12
LEFTOVER_GAIN = 0.1


class EchoCanceller:
    """Subtract the predicted echo of `reference` from `mic`, block by block.

    Two filters, as in Speex's echo canceller: a background one that always learns,
    and the foreground one whose residual is output. The background is copied to the
    foreground whenever it predicts the echo better; when someone talks over the
    reading the background goes astray and the foreground keeps what it knew, and a
    background gone far astray starts again from the foreground.
    """

    def __init__(self, rate: int = 16000, tail_seconds: float = TAIL_SECONDS + LEAD_SECONDS,
                 step: float = STEP) -> None:
        self.rate = rate
        self.tail_seconds = tail_seconds
        self.partitions = max(1, int(np.ceil(tail_seconds * rate / BLOCK)))
        self.step = step
        bins = BLOCK + 1
        self._background = np.zeros((self.partitions, bins), dtype=np.complex128)
        self._foreground = self._background.copy()
        self._spectra = np.zeros((self.partitions, bins), dtype=np.complex128)
        self._power = np.full(bins, 1.0)
        self._previous = np.zeros(BLOCK)
        # Regularisation: the power a just-audible reference has in one bin.
        self._floor = self.partitions * 2 * BLOCK * REFERENCE_SILENT ** 2
        self._background_error = 0.0
        self._foreground_error = 0.0

    def reset(self) -> None:
        self.__init__(self.rate, self.tail_seconds, self.step)  # type: ignore[misc]

    def _predict(self, weights: np.ndarray) -> np.ndarray:
        return np.fft.irfft((weights * self._spectra).sum(axis=0))[BLOCK:]

    def process_block(self, mic: np.ndarray, reference: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
        """(residual, predicted echo) for one BLOCK of microphone and reference samples."""
        frame = np.concatenate([self._previous, reference])
        self._previous = np.array(reference, dtype=np.float64)
        spectrum = np.fft.rfft(frame)
        self._spectra = np.roll(self._spectra, 1, axis=0)
        self._spectra[0] = spectrum
        predicted = self._predict(self._foreground)
        residual = mic - predicted
        if not np.any(self._spectra[0]) and not np.any(self._spectra[-1]):
            return residual, predicted
        background_residual = mic - self._predict(self._background)
        self._background_error = (0.8 * self._background_error
                                  + 0.2 * float(np.mean(background_residual ** 2)))
        self._foreground_error = 0.8 * self._foreground_error + 0.2 * float(np.mean(residual ** 2))
        if self._background_error < 0.7 * self._foreground_error:
            self._foreground = self._background.copy()
            self._foreground_error = self._background_error
            predicted = self._predict(self._foreground)
            residual = mic - predicted
        elif self._background_error > 8 * self._foreground_error + 1.0:
            self._background = self._foreground.copy()
            self._background_error = self._foreground_error
            background_residual = residual
        if float(np.sqrt(np.mean(reference ** 2))) < REFERENCE_SILENT:
            # Nothing (or next to nothing) playing: nothing to learn from, and dividing
            # by a tiny power would blow the filter up on the room's hiss.
            return residual, predicted
        # Normalised by the power of every partition's input (not only the newest block:
        # at the end of a word the older, louder blocks would otherwise blow it up).
        total = (np.abs(self._spectra) ** 2).sum(axis=0)
        self._power = 0.5 * self._power + 0.5 * total
        error_spectrum = np.fft.rfft(np.concatenate([np.zeros(BLOCK), background_residual]))
        gradient = np.conj(self._spectra) * error_spectrum / (
            self._power + 1e-2 * float(self._power.mean()) + self._floor)
        # Overlap-save constraint: keep each partition's update causal (first BLOCK taps).
        taps = np.fft.irfft(gradient, axis=1)
        taps[:, BLOCK:] = 0.0
        self._background += self.step * np.fft.rfft(taps, axis=1)
        return residual, predicted


def estimate_delay(mic: np.ndarray, reference: np.ndarray, rate: int = 16000,
                   max_delay: float = MAX_DELAY_SECONDS) -> int | None:
    """Samples by which the echo in `mic` lags `reference` (GCC-PHAT), or None if unclear."""
    size = len(mic)
    if size < rate // 4 or np.sqrt(np.mean(reference ** 2)) < REFERENCE_SILENT:
        return None
    length = 1 << int(np.ceil(np.log2(2 * size)))
    cross = np.fft.rfft(mic, length) * np.conj(np.fft.rfft(reference, length))
    cross /= np.abs(cross) + 1e-9
    correlation = np.fft.irfft(cross, length)
    most = min(int(max_delay * rate), size - 1)
    lags = correlation[: most + 1]
    best = int(np.argmax(np.abs(lags)))
    peak = abs(lags[best])
    typical = float(np.median(np.abs(lags))) + 1e-12
    return best if peak > 6 * typical else None


def cancel_batch(mic: np.ndarray, reference: np.ndarray, rate: int = 16000,
                 delay: int | None = None) -> tuple[np.ndarray, int] | None:
    """`mic` minus the echo of `reference` (same moments, same rate), fitted over all of it.

    The bulk delay is found first (GCC-PHAT, or `delay` if known), then one FIR filter of
    BATCH_TAPS_SECONDS after it is solved for by least squares (the normal equations of
    the Wiener filter, with a little diagonal loading). The user's voice is not
    correlated with the reading, so it stays in the residual even where it overlaps.
    Returns (residual, delay in samples), or None when nothing was playing.
    """
    n = min(len(mic), len(reference))
    mic, reference = mic[:n], reference[:n]
    if n < rate // 4 or float(np.sqrt(np.mean(reference ** 2))) < REFERENCE_SILENT:
        return None
    if delay is None:
        delay = estimate_delay(mic, reference, rate)
    if delay is None:
        delay = 0
    taps = int(BATCH_TAPS_SECONDS * rate)
    shift = max(0, delay - int(BATCH_LEAD_SECONDS * rate))
    taps += delay - shift
    x = np.concatenate([np.zeros(shift), reference])[:n]
    size = 1 << int(np.ceil(np.log2(n + taps)))
    spectrum_x = np.fft.rfft(x, size)
    auto = np.fft.irfft(spectrum_x * np.conj(spectrum_x), size)[:taps]
    cross = np.fft.irfft(np.fft.rfft(mic, size) * np.conj(spectrum_x), size)[:taps]
    index = np.abs(np.arange(taps)[:, None] - np.arange(taps)[None, :])
    normal = auto[index]
    normal[np.diag_indices(taps)] += 1e-3 * auto[0] + 1.0
    weights = np.linalg.solve(normal, cross)
    predicted = np.fft.irfft(spectrum_x * np.fft.rfft(weights, size), size)[:n]
    return mic - predicted, delay


def user_share_of(mic: np.ndarray, residual: np.ndarray, rate: int = 16000,
                  loudest: float = USER_SECONDS) -> float:
    """Residual energy / microphone energy over the loudest `loudest` s of the residual."""
    count = len(mic) // BLOCK
    if count == 0:
        return 1.0
    mic_power = (mic[: count * BLOCK].reshape(count, BLOCK) ** 2).sum(axis=1)
    residual_power = (residual[: count * BLOCK].reshape(count, BLOCK) ** 2).sum(axis=1)
    keep = np.argsort(residual_power)[-max(1, int(loudest * rate / BLOCK)):]
    total = float(mic_power[keep].sum())
    return 1.0 if total <= 0 else min(1.0, float(residual_power[keep].sum()) / total)


@dataclass
class _Chunk:
    mic_power: float
    residual_power: float


ReferenceReader = Callable[[int], np.ndarray]
"""Returns the next `count` samples of what the app was playing (zeros when silent)."""


class FileReference:
    """What the app was playing, from a WAV file in step with a recording (`hear --playing`)."""

    def __init__(self, samples: np.ndarray) -> None:
        self._samples = samples
        self._position = 0

    @classmethod
    def from_wav(cls, path: str) -> FileReference:
        from hfs_tui.voice.wavread import read_wav

        return cls(read_wav(path).samples.astype(np.float64))

    def __call__(self, count: int) -> np.ndarray:
        part = self._samples[self._position: self._position + count]
        self._position += count
        if len(part) < count:
            part = np.concatenate([part, np.zeros(count - len(part))])
        return part


class PlayerReference:
    """What the app is playing now, from the speech player's record (live).

    Each microphone chunk is matched with the sound that was playing when it was
    captured (its read time minus its length), taken `SLACK_SECONDS` earlier still:
    the player's and the recorder's buffers delay the echo by an unknown amount, which
    the delay estimate then finds (it looks for delays from 0 to 0.5 s).
    """

    SLACK_SECONDS = 0.25

    def __init__(self, rate: int, record: Any = None,
                 clock: Callable[[], float] | None = None) -> None:
        import time

        if record is None:
            from hfs_tui.speech.player import now_playing as record
        self.rate = rate
        self._record = record
        self._clock = clock or time.monotonic
        self._resampled: dict[int, np.ndarray] = {}

    def __call__(self, count: int) -> np.ndarray:
        end = self._clock() - self.SLACK_SECONDS
        start = end - count / self.rate
        out = np.zeros(count)
        for sound in self._record.recent():
            samples = self._samples(sound)
            first = int(round((start - sound.started) * self.rate))
            if first >= len(samples) or first + count <= 0:
                continue
            lo, hi = max(0, first), min(len(samples), first + count)
            out[lo - first: hi - first] += samples[lo:hi]
        return out

    def _samples(self, sound: object) -> np.ndarray:
        token = sound.token  # type: ignore[attr-defined]
        if token not in self._resampled:
            self._resampled = {k: v for k, v in self._resampled.items() if k > token - 3}
            data = np.frombuffer(sound.pcm, dtype="<i2").astype(np.float64)  # type: ignore[attr-defined]
            self._resampled[token] = resample(data, sound.rate, self.rate)  # type: ignore[attr-defined]
        return self._resampled[token]


def resample(samples: np.ndarray, rate: int, wanted: int) -> np.ndarray:
    """Band-limited resampling of a whole sound (FFT: exact for a finite clip)."""
    if rate == wanted or len(samples) == 0:
        return samples
    count = int(round(len(samples) * wanted / rate))
    spectrum = np.fft.rfft(samples)
    bins = count // 2 + 1
    if bins <= len(spectrum):
        spectrum = spectrum[:bins]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(bins - len(spectrum))])
    return np.fft.irfft(spectrum, count) * (count / len(samples))


class EchoStream:
    """A source stream that returns the echo-cancelled microphone (see module doc).

    `reference` gives, for each block read from the microphone, the samples the app
    was playing at the same moment (same rate): from a file (`hear --playing`) or
    from the speech player's "now playing" record (live).
    """

    def __init__(self, inner: object, reference: ReferenceReader, rate: int = 16000) -> None:
        self._inner = inner
        self._reference = reference
        self.rate = rate
        self._delay: int | None = None
        self._lead = int(LEAD_SECONDS * rate)
        self._canceller = EchoCanceller(rate)
        # The last seconds of reference and microphone, sample i of one at the same
        # moment as sample i of the other.
        self._keep = int((DELAY_WINDOW_SECONDS + MAX_DELAY_SECONDS) * rate)
        self._reference_history = np.zeros(self._keep)
        self._mic_history = np.zeros(self._keep)
        self._heard = 0
        self._since_estimate = 0
        self._pending_mic = np.zeros(0)
        self._out = bytearray()
        self._lock = threading.Lock()
        self.recent: deque[_Chunk] = deque(maxlen=int(8 * rate / BLOCK))
        self._last_playing = -10 * rate  # sample count when the reference last sounded
        self.ended = False
        # The last HISTORY_SECONDS of microphone and (same-moment) played audio, and of
        # what read() returned, for clean(): lists of chunks, trimmed from the front.
        self._history: deque[tuple[np.ndarray, np.ndarray]] = deque()
        self._history_start = 0  # sample number of the history's first sample
        self._history_length = 0
        self._returned = bytearray()
        self._returned_start = 0

    # The sr.AudioSource stream protocol -------------------------------------------------

    def read(self, size: int) -> bytes:
        with self._lock:
            while len(self._out) < size:
                data = self._inner.read(size)  # type: ignore[attr-defined]
                if not data:
                    self.ended = True
                    break
                self._process(np.frombuffer(data, dtype="<i2").astype(np.float64))
            if len(self._out) < size and self.ended:
                flushed, self._out = bytes(self._out), bytearray()
                return flushed
            out = bytes(self._out[:size])
            del self._out[:size]
            return out

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    # Measurements ------------------------------------------------------------------------

    def playing_within(self, seconds: float) -> bool:
        """Did the app play anything in the last `seconds` of microphone?"""
        return self._heard - self._last_playing <= seconds * self.rate

    def user_share(self, seconds: float, loudest: float = USER_SECONDS) -> float:
        """How much of the microphone was NOT the app's echo, where it was loudest.

        Over the loudest `loudest` seconds (of what is left after cancelling) of the
        last `seconds`: residual energy / microphone energy. The user talking over the
        reading at the same loudness gives about 0.5; the reading alone, only what the
        canceller missed (0.01-0.1).
        """
        count = max(1, int(seconds * self.rate / BLOCK))
        chunks = sorted(list(self.recent)[-count:], key=lambda c: c.residual_power)
        chunks = chunks[-max(1, int(loudest * self.rate / BLOCK)):]
        mic = sum(c.mic_power for c in chunks)
        residual = sum(c.residual_power for c in chunks)
        return 1.0 if mic <= 0 else min(1.0, residual / mic)

    def clean(self, utterance: bytes) -> tuple[bytes, float] | None:
        """The utterance (bytes this stream returned) cancelled again by `cancel_batch`.

        Returns (its PCM with the reading fitted out over the last seconds, and what
        the microphone heard after it up to CLEAN_MORE_SECONDS; the user's share of its
        energy: see `user_share_of`), or None if it is no longer in the history or
        nothing was playing.
        """
        with self._lock:
            returned = bytes(self._returned)
            returned_start = self._returned_start
            mic = np.concatenate([m for m, _ in self._history]) if self._history else None
            reference = (np.concatenate([r for _, r in self._history])
                         if self._history else None)
            history_start = self._history_start
        if mic is None or reference is None or len(utterance) < 2:
            return None
        at = returned.rfind(utterance)
        while at > 0 and at % 2:
            at = returned.rfind(utterance, 0, at + len(utterance) - 1)
        if at < 0:
            return None
        start = returned_start + at // 2 - history_start
        end = start + len(utterance) // 2
        if start < 0 or end > len(mic):
            return None
        # The endpointing drops the utterance's last chunks (taken for the pause after
        # it), and over the reading's leftovers it can end too soon and cut off the end
        # of "stop": the microphone heard so far is kept, up to CLEAN_MORE_SECONDS more.
        end = min(len(mic), end + int(CLEAN_MORE_SECONDS * self.rate))
        fitted = cancel_batch(mic, reference, self.rate)
        if fitted is None:
            return None
        residual = fitted[0][start:end]
        share = user_share_of(mic[start:end], residual, self.rate)
        return np.clip(np.round(residual), -32768, 32767).astype("<i2").tobytes(), share

    # Work ---------------------------------------------------------------------------------

    def _remember(self, mic: np.ndarray, reference: np.ndarray) -> None:
        self._history.append((mic, reference))
        self._history_length += len(mic)
        keep = int(HISTORY_SECONDS * self.rate)
        while self._history and self._history_length - len(self._history[0][0]) >= keep:
            dropped = len(self._history.popleft()[0])
            self._history_length -= dropped
            self._history_start += dropped
        if len(self._returned) > 4 * keep:
            cut = len(self._returned) - 2 * keep
            del self._returned[:cut]
            self._returned_start += cut // 2

    def _process(self, mic: np.ndarray) -> None:
        reference = np.asarray(self._reference(len(mic)), dtype=np.float64)[: len(mic)]
        if len(reference) < len(mic):
            reference = np.concatenate([reference, np.zeros(len(mic) - len(reference))])
        self._reference_history = np.concatenate([self._reference_history, reference]
                                                 )[-self._keep:]
        self._mic_history = np.concatenate([self._mic_history, mic])[-self._keep:]
        self._remember(mic, reference)
        self._heard += len(mic)
        self._since_estimate += len(mic)
        if self._since_estimate >= self.rate // 2:
            self._since_estimate = 0
            self._update_delay()
        self._pending_mic = np.concatenate([self._pending_mic, mic])
        while len(self._pending_mic) >= BLOCK:
            block, self._pending_mic = self._pending_mic[:BLOCK], self._pending_mic[BLOCK:]
            reference = self._delayed_reference(len(self._pending_mic))
            if float(np.sqrt(np.mean(reference ** 2))) >= REFERENCE_SILENT:
                self._last_playing = self._heard - len(self._pending_mic)
            residual, _ = self._canceller.process_block(block, reference)
            mic_power, residual_power = float(np.sum(block ** 2)), float(np.sum(residual ** 2))
            self.recent.append(_Chunk(mic_power, residual_power))
            if self.playing_within(0.3) and residual_power < LEFTOVER_SHARE * mic_power:
                residual = residual * LEFTOVER_GAIN
            out = np.clip(np.round(residual), -32768, 32767).astype("<i2").tobytes()
            self._out += out
            self._returned += out

    def reference_samples(self, seconds: float) -> np.ndarray:
        """The last `seconds` of what the app played, lined up with the microphone."""
        count = min(self._keep, int(seconds * self.rate))
        delay = self._shift()
        end = self._keep - len(self._pending_mic) - delay
        return self._reference_history[max(0, end - count): end]

    def _shift(self) -> int:
        # Within the filter's reach the filter itself finds the delay (no re-learning).
        if self._delay is None or self._delay < (TAIL_SECONDS - LEAD_SECONDS) * self.rate:
            return 0
        return self._delay - self._lead

    def _delayed_reference(self, pending: int) -> np.ndarray:
        """The reference block that lines up with the microphone block just taken."""
        delay = self._shift()
        end = self._keep - pending - delay
        start = end - BLOCK
        if start < 0:
            return np.zeros(BLOCK)
        return self._reference_history[start:end]

    def _update_delay(self) -> None:
        window = min(self._heard, int(DELAY_WINDOW_SECONDS * self.rate))
        found = estimate_delay(self._mic_history[-window:], self._reference_history[-window:],
                               self.rate)
        if found is not None and (self._delay is None or abs(found - self._delay) > 48):
            before = self._shift()
            self._delay = found
            if self._shift() != before:
                self._canceller.reset()  # lined up anew: what it learnt no longer fits
