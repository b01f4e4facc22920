"""The WAV files a reading plays: where they are written, and the next one made early.

While one chunk plays, the next is synthesised on its engine's thread (a `Prefetch`),
so sentences follow each other without a gap; a prefetch that is no longer wanted
(a stop, a skip, a settings change) is cut short and its file removed once the
synthesis lets go of it. Everything lives in one temporary folder per ReadAloud,
removed when it closes (or is collected).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import itertools
import logging
import shutil
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hfs_tui.speech.engine import SynthesisThread, VoiceSettings, wav_seconds

log = logging.getLogger(__name__)

PrefetchKey = tuple[str, str, VoiceSettings]
"""(engine, text, voice settings): a prefetched WAV is used only if all three match."""


class AudioFolder:
    """A private temporary folder of numbered WAVs."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="hfs-tui-speech-"))
        self._names = itertools.count()
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.path, True)

    def new_path(self) -> Path:
        return self.path / f"{next(self._names)}.wav"

    def discard(self, audio: Path | None) -> None:
        if audio is not None:
            with contextlib.suppress(OSError):  # Windows may still hold it a moment
                audio.unlink(missing_ok=True)

    def remove(self) -> None:
        """Remove the folder and all in it (once nothing writes there any more)."""
        self._cleanup()


class SecondsFuture:
    """A synthesis future whose result is the audio's length in seconds."""

    def __init__(self, source: Any, audio: Path) -> None:
        self.source = source
        self._audio = audio

    def result(self, timeout: float | None = None) -> float:
        self.source.result(timeout)
        return wav_seconds(self._audio)

    def add_done_callback(self, callback: Callable[[Any], None]) -> None:
        self.source.add_done_callback(callback)


@dataclass
class Prefetch:
    key: PrefetchKey
    audio: Path
    synthesis: SynthesisThread
    future: SecondsFuture  # the synthesis running on its thread


class Prefetcher:
    """At most one chunk synthesised ahead; used by the control thread only."""

    def __init__(self, folder: AudioFolder) -> None:
        self._folder = folder
        self._ready: Prefetch | None = None
        self._dropped: list[Any] = []  # prefetch futures that may still be running

    def start(self, key: PrefetchKey, synthesis: SynthesisThread) -> None:
        """Start synthesising `key`'s text on `synthesis`; `take` collects it."""
        self.drop()
        audio = self._folder.new_path()
        _engine, text, settings = key
        future = SecondsFuture(synthesis.submit(
            lambda speech_engine: speech_engine.synthesise(text, audio, settings)), audio)
        self._ready = Prefetch(key, audio, synthesis, future)

    def ready_for(self, key: PrefetchKey) -> bool:
        return self._ready is not None and self._ready.key == key

    def take(self, key: PrefetchKey) -> tuple[Path, float] | None:
        """The prefetched WAV and its length if it is `key`'s; any other is dropped."""
        prefetched, self._ready = self._ready, None
        if prefetched is None:
            return None
        if prefetched.key != key:
            self._drop(prefetched)  # settings or text changed meanwhile
            return None
        try:
            return prefetched.audio, prefetched.future.result(60)
        except Exception as error:  # interrupted or failed: the caller synthesises it now
            log.info("prefetch not usable: %s", error)
            return None

    def drop(self) -> None:
        prefetched, self._ready = self._ready, None
        if prefetched is not None:
            self._drop(prefetched)

    def wait_for_dropped(self, timeout: float) -> None:
        """Let syntheses cut short finish writing (before the folder is removed)."""
        concurrent.futures.wait(self._dropped, timeout=timeout)

    def _drop(self, prefetched: Prefetch) -> None:
        """Stop a prefetch (cut short if it is running) and remove its audio once done."""
        prefetched.synthesis.interrupt(prefetched.future.source)
        audio = prefetched.audio
        self._dropped.append(prefetched.future.source)
        self._dropped = [future for future in self._dropped if not future.done()]
        prefetched.future.add_done_callback(lambda _future: self._folder.discard(audio))
