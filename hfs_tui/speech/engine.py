"""The speech engine: pyttsx3, one sentence at a time, always to a WAV file.

pyttsx3 is driven only through `save_to_file` + `runAndWait` for one short chunk
(about 10-20 ms each); its own playback cannot be stopped and its word events
fire before any sound, so playing is left to `player.py`.

The engine lives on one thread (`SynthesisThread`) for the whole process:
espeak-ng keeps one global state and pyttsx3 caches one engine per driver, and
macOS/Windows drivers insist that their loop runs on the thread that created them.
Everything else talks to that thread through futures.

On Linux pyttsx3 needs `libespeak-ng.so.1`. When the system has none, the copy in
the `espeakng-loader` wheel is loaded first (pyttsx3's own
`LoadLibrary("libespeak-ng.so.1")` then finds it by its soname) with
`ESPEAK_DATA_PATH` pointing at its data, so read-aloud works straight after
`pip install`. It is loaded RTLD_LOCAL: Piper's phonemizer carries its own
espeak-ng with the same symbol names, and a global copy took over its calls and
crashed the process (segfault in `hfs-tui doctor` and in the natural voice).
"""

from __future__ import annotations

import atexit
import concurrent.futures
import contextlib
import ctypes
import ctypes.util
import os
import queue
import sys
import threading
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

ENGINE_FIX = (
    "reinstall hfs-tui with its dependencies (pip install --force-reinstall hfs-tui), "
    "or install espeak-ng (Debian/Ubuntu: sudo apt install espeak-ng)"
)
PREFERRED_VOICES = ("gmw/en", "en-gb", "en", "gmw/en-us", "en-us")
NATURAL = "natural"
SYSTEM = "system"
ENGINES = (NATURAL, SYSTEM)
"""`speech.engine`: the natural voice (Piper) or the system's own voices (pyttsx3)."""


class EngineUnavailable(RuntimeError):
    """No speech engine can be started; the message says why, in plain words."""


class SynthesisInterrupted(RuntimeError):
    """A synthesis was cut short on purpose (a stop or skip made it useless)."""


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class VoiceSettings:
    """What a chunk is spoken with; part of the key of a synthesised WAV."""

    rate: int
    volume: float
    voice: str


class SpeechEngine(Protocol):
    """What the synthesis thread needs; `Pyttsx3Engine` is the real one."""

    def synthesise(self, text: str, path: Path, settings: VoiceSettings) -> None: ...
    def voices(self) -> list[VoiceInfo]: ...
    def default_voice(self) -> str: ...


# -- finding espeak-ng -----------------------------------------------------------

_library_lock = threading.Lock()
_library_source: str | None = None


def espeak_library_source() -> str:
    """Make espeak-ng loadable for pyttsx3 (Linux) and say which copy is used.

    `HFS_TUI_ESPEAK=wheel` forces the wheel's copy (used by tests and `doctor`
    to check the no-system-package path); `HFS_TUI_ESPEAK=system` forbids it.
    """
    global _library_source
    with _library_lock:
        if _library_source is None:
            _library_source = _load_espeak_library()
        return _library_source


def _load_espeak_library() -> str:
    if not sys.platform.startswith("linux"):
        return "the system's speech engine"
    wanted = os.environ.get("HFS_TUI_ESPEAK", "").strip().lower()
    if wanted != "wheel":
        system = ctypes.util.find_library("espeak-ng")
        if system:
            return f"espeak-ng from the system ({system})"
        if wanted == "system":
            raise EngineUnavailable("no system espeak-ng library (HFS_TUI_ESPEAK=system)")
    try:
        import espeakng_loader
    except ImportError as error:
        raise EngineUnavailable(
            "espeak-ng was not found (no system library and no espeakng-loader wheel)"
        ) from error
    library = espeakng_loader.get_library_path()
    try:
        data = espeakng_loader.get_data_path()
        ctypes.CDLL(library, mode=ctypes.RTLD_LOCAL)  # never GLOBAL: see the top
    except (OSError, RuntimeError) as error:
        raise EngineUnavailable(f"the espeakng-loader wheel is broken: {error}") from error
    os.environ["ESPEAK_DATA_PATH"] = data
    return "espeak-ng from the espeakng-loader wheel"


@contextlib.contextmanager
def quiet_c_output() -> Iterator[None]:
    """Send C-level stdout/stderr to /dev/null for a moment (espeak-ng start-up).

    Process-wide, so it is only used around engine start-up, which happens once;
    call `warm_up()` before a full-screen UI starts to keep it out of the UI's way.
    """
    saved: list[tuple[int, int]] = []
    try:
        for stream in (sys.__stdout__, sys.__stderr__):
            if stream is None:
                continue
            try:
                fd = stream.fileno()
            except (OSError, ValueError):
                continue
            if fd < 0:
                continue
            stream.flush()
            saved.append((fd, os.dup(fd)))
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            for fd, _copy in saved:
                os.dup2(devnull, fd)
        finally:
            os.close(devnull)
        yield
    finally:
        for fd, copy in saved:
            os.dup2(copy, fd)
            os.close(copy)


def _silence_python_prints() -> None:
    """pyttsx3's drivers `print()` ("Audio saved to ..."): make those prints no-ops.

    A module-level `print` shadows the builtin for that module only. It is used
    instead of `contextlib.redirect_stdout`, which swaps `sys.stdout` for every
    thread and would swallow the app's own output printed meanwhile.
    """
    for name, module in list(sys.modules.items()):
        if name.startswith("pyttsx3.drivers") and module is not None:
            module.print = _discard  # type: ignore[attr-defined]


def _discard(*_args: Any, **_kwargs: Any) -> None:
    return None


# -- pyttsx3 ---------------------------------------------------------------------


def _import_pyttsx3() -> Any:
    """pyttsx3, or EngineUnavailable naming it and where it was found: a broken or
    stray copy earlier on the path is otherwise a mystery."""
    try:
        with quiet_c_output(), contextlib.redirect_stdout(None):
            import pyttsx3
    except Exception as error:
        raise EngineUnavailable(f"pyttsx3{_found_at('pyttsx3')} could not be loaded "
                                f"({type(error).__name__}: {error})") from error
    return pyttsx3


def _found_at(module: str) -> str:
    """" (from /where/it/is)" for an installed module, "" if there is none."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return ""
    origin = spec.origin if spec is not None else None
    return f" (from {origin})" if origin else " (not installed)"


class Pyttsx3Engine:
    """pyttsx3 used one chunk at a time. Create and use it on one thread only."""

    def __init__(self) -> None:
        self.library = espeak_library_source()
        pyttsx3 = _import_pyttsx3()
        try:
            with quiet_c_output(), contextlib.redirect_stdout(None):
                self._engine = pyttsx3.init()
        except EngineUnavailable:
            raise
        except Exception as error:  # pyttsx3 raises anything from OSError to KeyError
            raise EngineUnavailable(f"the speech engine did not start ({error})") from error
        _silence_python_prints()
        self._applied: VoiceSettings | None = None
        self._voices = [
            VoiceInfo(str(v.id), str(v.name or v.id), tuple(str(x) for x in v.languages or ()))
            for v in self._engine.getProperty("voices") or ()
        ]
        self._default = choose_default_voice(
            self._voices, str(self._engine.getProperty("voice") or "")
        )
        # pyttsx3 runs espeak-ng in its asynchronous (RETRIEVAL) mode: a rate or voice
        # change is queued on espeak's own thread, and one made right after a
        # synthesis was often lost (48 of 60 rate changes in a test here). Waiting for
        # espeak's queue to drain before and after each chunk made it 0 of 60.
        self._synchronise: Callable[[], object] = lambda: None
        espeak = sys.modules.get("pyttsx3.drivers._espeak")
        if espeak is not None and getattr(espeak, "Synchronize", None) is not None:
            self._synchronise = espeak.Synchronize

    def voices(self) -> list[VoiceInfo]:
        return list(self._voices)

    def default_voice(self) -> str:
        return self._default

    def synthesise(self, text: str, path: Path, settings: VoiceSettings) -> None:
        self._apply(settings)
        # Once in a while (seen on a busy machine) espeak's asynchronous queue leaves
        # the file unwritten; one more try has always been enough.
        for _ in range(2):
            self._synchronise()
            self._engine.save_to_file(text, str(path))
            self._engine.runAndWait()
            self._synchronise()
            if path.exists() and path.stat().st_size > 44:
                return
        raise EngineUnavailable("the speech engine produced no audio")

    def _apply(self, settings: VoiceSettings) -> None:
        old = self._applied
        if old is None or old.voice != settings.voice:
            voice = settings.voice or self._default  # "" = the English default
            if voice:
                self._engine.setProperty("voice", voice)
        if old is None or old.rate != settings.rate:
            self._engine.setProperty("rate", settings.rate)
        if old is None or old.volume != settings.volume:
            self._engine.setProperty("volume", settings.volume)
        self._applied = settings


def choose_default_voice(voices: list[VoiceInfo], engine_default: str = "") -> str:
    """An English voice: British `gmw/en` first, then American, then any English."""
    ids = {voice.id.lower(): voice.id for voice in voices}
    for wanted in PREFERRED_VOICES:
        if wanted in ids:
            return ids[wanted]
    for voice in voices:
        if any(lang.lower().replace("_", "-").startswith("en") for lang in voice.languages):
            return voice.id
    return engine_default


# -- the synthesis thread --------------------------------------------------------


class SynthesisThread:
    """One thread that owns a speech engine and runs requests in order."""

    def __init__(self, engine_factory: Callable[[], SpeechEngine] = Pyttsx3Engine,
                 name: str = "hfs-tui-synthesis") -> None:
        self._factory = engine_factory
        self._requests: queue.SimpleQueue[tuple[Callable[[SpeechEngine], Any],
                                                concurrent.futures.Future[Any]] | None]
        self._requests = queue.SimpleQueue()
        self._engine: SpeechEngine | None = None
        self._failure: EngineUnavailable | None = None
        self._running_lock = threading.Lock()
        self._running: concurrent.futures.Future[Any] | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[SpeechEngine], Any]) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._requests.put((job, future))
        return future

    def call(self, job: Callable[[SpeechEngine], Any], timeout: float = 30.0) -> Any:
        return self.submit(job).result(timeout)

    def synthesise(self, text: str, path: Path, settings: VoiceSettings) -> float:
        """Write `text` to `path`; returns the audio's length in seconds."""
        self.call(lambda engine: engine.synthesise(text, path, settings))
        return wav_seconds(path)

    def interrupt(self, future: concurrent.futures.Future[Any]) -> None:
        """Drop a request: cancelled if waiting, cut short if running and the
        engine can do that (`interrupt()`, the natural voice), else left to end."""
        if future.cancel():
            return
        with self._running_lock:
            if self._running is future and self._engine is not None:
                interrupt = getattr(self._engine, "interrupt", None)
                if interrupt is not None:
                    interrupt()

    def shut_down(self) -> None:
        """Cut short what runs now (if the engine can), drop the rest, then close."""
        with self._running_lock:
            running = self._running
        if running is not None:
            self.interrupt(running)
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                break
            if request is not None:
                request[1].cancel()
        self.close()

    def close(self) -> None:
        self._requests.put(None)
        self._thread.join(timeout=2)

    def _run(self) -> None:
        while True:
            request = self._requests.get()
            if request is None:
                return
            job, future = request
            if not future.set_running_or_notify_cancel():
                continue
            try:
                engine = self._get_engine()
                with self._running_lock:
                    self._running = future
                try:
                    result = job(engine)
                finally:
                    with self._running_lock:
                        self._running = None
                future.set_result(result)
            except (EngineUnavailable, SynthesisInterrupted) as error:
                future.set_exception(error)
            except Exception as error:  # a bad voice id, a full disk ...: report, go on
                future.set_exception(EngineUnavailable(f"speech failed: {error}"))

    def _get_engine(self) -> SpeechEngine:
        if self._engine is None:
            if self._failure is not None:
                raise self._failure
            try:
                self._engine = self._factory()
            except EngineUnavailable as error:
                self._failure = error
                raise
            except Exception as error:
                self._failure = EngineUnavailable(f"the speech engine did not start ({error})")
                raise self._failure from error
        return self._engine


_shared_lock = threading.Lock()
_shared: SynthesisThread | None = None


def shared_synthesis_thread() -> SynthesisThread:
    """The process's pyttsx3 thread (espeak-ng cannot be started twice)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SynthesisThread(Pyttsx3Engine)
        return _shared


_natural: SynthesisThread | None = None


def shared_natural_thread() -> SynthesisThread:
    """The process's natural-voice thread: one loaded model (~100 MB) for all readers.

    Creating it loads nothing; the voice loads with the first request.
    """
    global _natural
    with _shared_lock:
        if _natural is None:
            from hfs_tui.speech.natural import PiperEngine

            _natural = SynthesisThread(PiperEngine, "hfs-tui-natural-voice")
            # onnxruntime aborts the process ("terminate called ...") if Python exits
            # while a synthesis runs: cut it short and let the thread end first.
            atexit.register(_natural.shut_down)
        return _natural


def synthesis_thread_for(engine: str) -> SynthesisThread:
    """"natural" -> the natural voice's thread; anything else -> the system voice's."""
    return shared_natural_thread() if engine == NATURAL else shared_synthesis_thread()


def warm_up() -> concurrent.futures.Future[Any]:
    """Start the engine now (about 30 ms), e.g. before a full-screen UI takes over."""
    return shared_synthesis_thread().submit(lambda engine: engine.default_voice())


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate() or 1)
