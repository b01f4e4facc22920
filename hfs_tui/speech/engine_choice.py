"""Which speech engine reads now, on which synthesis thread, and what takes over.

ReadAloud reads with the natural voice (Piper) or the system voice (pyttsx3), each on
a synthesis thread: the shared one for its engine, or one of ReadAloud's own when the
caller gave a factory (tests). `warm_up` starts an engine early, so the first sentence
does not wait for it to load. If the natural voice cannot load, the system voice takes
over (`fall_back`); ReadAloud decides when, and says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from hfs_tui.speech.engine import (
    ENGINES,
    NATURAL,
    SYSTEM,
    SpeechEngine,
    SynthesisInterrupted,
    SynthesisThread,
    VoiceInfo,
    shared_synthesis_thread,
    synthesis_thread_for,
)

log = logging.getLogger(__name__)


class EngineChoice:
    def __init__(self, requested: str,
                 engine_factory: Callable[[], SpeechEngine] | None,
                 fallback_factory: Callable[[], SpeechEngine] | None,
                 on_warm_up_failed: Callable[[SynthesisThread, BaseException], None]) -> None:
        """`engine_factory` replaces the `requested` engine (tests); the system voice
        that takes over comes from `fallback_factory` when given (with only an
        `engine_factory`, none does). `on_warm_up_failed` is called on the synthesis
        thread when the reading engine fails to start."""
        self.name = requested if requested in ENGINES else NATURAL
        """The engine reading now: "natural" or "system"."""
        self.failed = False
        """The reading engine failed and nothing took over: reading keeps pace silently."""
        self._own_threads: list[SynthesisThread] = []
        if engine_factory is not None:
            self.synthesis = self._own(engine_factory)
        else:
            self.synthesis = synthesis_thread_for(self.name)
        self._fallback_factory = fallback_factory
        self.may_fall_back = engine_factory is None or fallback_factory is not None
        self._fallback_thread: SynthesisThread | None = None
        self._voices: list[VoiceInfo] | None = None
        self._on_warm_up_failed = on_warm_up_failed

    def thread_for(self, engine: str | None) -> SynthesisThread:
        """Where `engine` synthesises (None: the engine reading now)."""
        if engine is None or engine == self.name:
            return self.synthesis
        return self.system_thread() if engine == SYSTEM else synthesis_thread_for(engine)

    def system_thread(self) -> SynthesisThread:
        if self._fallback_factory is not None:
            if self._fallback_thread is None:
                self._fallback_thread = self._own(self._fallback_factory)
            return self._fallback_thread
        return shared_synthesis_thread()

    def switch(self, engine: str) -> None:
        """Read with `engine` from now on (call `warm_up` next)."""
        self.name = engine
        self.failed = False
        self.synthesis = synthesis_thread_for(engine)

    def fall_back(self) -> None:
        """The system voice reads instead of the natural one (call `warm_up` next)."""
        self.name = SYSTEM
        self.synthesis = self.system_thread()

    def warm_up(self) -> None:
        """Start (or load) the reading engine on its own thread now; a failure is
        reported through `on_warm_up_failed`, handled like one while reading."""
        synthesis = self.synthesis
        synthesis.submit(_warm_up).add_done_callback(
            lambda future: self._warmed_up(future, synthesis))

    def voices(self) -> list[VoiceInfo]:
        """The system engine's voices (empty without one). Waits for the engine's start."""
        if self._voices is None:
            thread = self.synthesis if self.name == SYSTEM else self.system_thread()
            if self.name == SYSTEM and self.failed:
                return []
            try:
                self._voices = thread.call(lambda engine: engine.voices(), 10)
            except Exception as error:  # no engine: report it, show no voices
                log.info("no voices: %s", error)
                return []
        return list(self._voices or [])

    def close(self) -> None:
        """End the synthesis threads this reading started for itself."""
        for thread in self._own_threads:
            thread.close()

    def _own(self, factory: Callable[[], SpeechEngine]) -> SynthesisThread:
        thread = SynthesisThread(factory, "hfs-tui-synthesis-private")
        self._own_threads.append(thread)
        return thread

    def _warmed_up(self, future: Any, synthesis: SynthesisThread) -> None:
        error = future.exception()
        if isinstance(error, SynthesisInterrupted):
            return  # cut short on purpose (the process is ending): not a failure
        if error is None:
            if self.name == SYSTEM and synthesis is self.synthesis:
                self._voices = future.result()
        elif synthesis is self.synthesis:
            self._on_warm_up_failed(synthesis, error)


def _warm_up(engine: SpeechEngine) -> list[VoiceInfo]:
    engine.default_voice()
    warm = getattr(engine, "warm", None)  # the natural voice: its first run is slow
    if warm is not None:
        warm()
    return engine.voices()
