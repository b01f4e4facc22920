"""Where audio comes from: a microphone, a recording program, or a file (tests).

`sr.Microphone` needs PyAudio, which has no Linux wheel. Any object with
`stream.read(n)`, `SAMPLE_RATE`, `SAMPLE_WIDTH` and `CHUNK` works with
`Recognizer.listen()`, so without PyAudio a recording program (arecord, parecord or
pw-record) writes raw 16-bit mono 16 kHz PCM to a pipe we read. Its stderr goes to a
private temporary file (never the terminal) so a failure can be explained.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, BinaryIO

import speech_recognition as sr

SAMPLE_RATE = 16000
SAMPLE_WIDTH = 2
CHUNK = 512  # 32 ms: fine-grained endpointing without much overhead


class SourceProblem(Exception):
    """The audio source cannot be used; the message says why in plain words."""


RECORDERS: dict[str, Callable[[str], list[str]]] = {
    # PipeWire and PulseAudio first: on a desktop they share the microphone politely.
    "pw-record": lambda device: ["pw-record", "--rate", "16000", "--channels", "1",
                                 "--format", "s16", *(["--target", device] if device else []),
                                 "-"],
    "parecord": lambda device: ["parecord", "--raw", "--rate=16000", "--channels=1",
                                "--format=s16le", *([f"--device={device}"] if device else [])],
    "arecord": lambda device: ["arecord", "-q", "-t", "raw", "-f", "S16_LE", "-r", "16000",
                               "-c", "1", *(["-D", device] if device else [])],
}


def pyaudio_available() -> bool:
    try:
        import pyaudio  # noqa: F401
    except Exception:  # ImportError, or a broken PortAudio build
        return False
    return True


def available_recorders() -> list[str]:
    return [name for name in RECORDERS if shutil.which(name)]


class _PipeStream:
    """Reads exact-size blocks from the recorder's stdout."""

    def __init__(self, process: subprocess.Popen[bytes], describe: Callable[[], str]) -> None:
        self._process = process
        self._describe = describe

    def read(self, size: int) -> bytes:
        wanted = size * SAMPLE_WIDTH
        stdout = self._process.stdout
        assert stdout is not None
        data = b""
        while len(data) < wanted:
            block = stdout.read(wanted - len(data))
            if not block:
                raise SourceProblem(self._describe())
            data += block
        return data

    def close(self) -> None:
        """Closing is the source's job (it owns the process)."""


class RecorderSource(sr.AudioSource):
    """A recording program as a SpeechRecognition audio source."""

    def __init__(self, program: str, device: str = "") -> None:
        if program not in RECORDERS:
            raise ValueError(f"unknown recording program {program!r}")
        self.program = program
        self.device = device
        self.SAMPLE_RATE = SAMPLE_RATE
        self.SAMPLE_WIDTH = SAMPLE_WIDTH
        self.CHUNK = CHUNK
        self.stream: _PipeStream | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None

    def __enter__(self) -> RecorderSource:
        self._errors = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen(
                RECORDERS[self.program](self.device), stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=self._errors, bufsize=0)
        except OSError as error:
            self._close_errors()
            raise SourceProblem(f"Cannot start {self.program}: {error.strerror}.") from error
        # A missing or busy device makes the recorder exit at once.
        time.sleep(0.15)
        if self._process.poll() is not None:
            message = self._failure_message()
            self.__exit__(None, None, None)
            raise SourceProblem(message)
        self.stream = _PipeStream(self._process, self._failure_message)
        return self

    def __exit__(self, *exc_info: object) -> None:
        process = self._process
        self._process = None
        self.stream = None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdout is not None:
                process.stdout.close()
        self._close_errors()

    def _close_errors(self) -> None:
        if self._errors is not None:
            self._errors.close()
            self._errors = None

    def _failure_message(self) -> str:
        text = ""
        if self._errors is not None:
            with contextlib.suppress(OSError):
                self._errors.seek(0)
                text = self._errors.read(4000).decode("utf-8", "replace").lower()
        return explain_recorder_error(self.program, text)


def explain_recorder_error(program: str, text: str) -> str:
    if "busy" in text:
        return ("The microphone is busy: another program is using it. Close that program, "
                "then turn voice commands on again.")
    if "no soundcards" in text or "no such file" in text or "no such device" in text \
            or "cannot find card" in text or "unknown pcm" in text:
        return ("No microphone found. Plug one in (or pick another in Settings, voice, "
                "microphone), then turn voice commands on again.")
    if "connection refused" in text or "connection failure" in text:
        return f"{program} cannot reach the sound server. Is PulseAudio or PipeWire running?"
    if "permission" in text or "denied" in text:
        return "No permission to use the microphone (on Linux, join the 'audio' group)."
    first = text.strip().splitlines()[0] if text.strip() else "it stopped at once"
    return f"Recording with {program} failed: {first}."


class FileSource(sr.AudioFile):
    """A WAV file through the same listening path as a microphone (tests, `hear`).

    Reads as fast as the listener asks: nothing waits in real time. `position`
    counts the seconds read so far.
    """

    def __init__(self, path: str | Path | BinaryIO) -> None:
        super().__init__(path if hasattr(path, "read") else str(path))
        self.position = 0.0

    def __enter__(self) -> FileSource:
        super().__enter__()
        self.CHUNK = CHUNK
        inner: Any = getattr(self, "stream")  # noqa: B009  (set by sr.AudioFile, untyped)
        source = self

        class _Counting:
            def read(self, size: int = -1) -> bytes:
                data: bytes = inner.read(size)
                source.position += len(data) / (source.SAMPLE_WIDTH * source.SAMPLE_RATE)
                return data

            def __getattr__(self, name: str) -> object:
                return getattr(inner, name)

        self.stream = _Counting()
        return self


def make_file_source(path: str | Path) -> Callable[[], sr.AudioSource]:
    """A source factory for VoiceControl that plays `path` instead of a microphone."""
    return lambda: FileSource(path)


def make_source_factory(microphone: str = "") -> Callable[[], sr.AudioSource]:
    """The best live source on this machine, or raise SourceProblem saying what is missing."""
    if pyaudio_available():
        return lambda: _pyaudio_microphone(microphone)
    recorders = available_recorders()
    if not recorders:
        raise SourceProblem(
            "No microphone can be used: this computer has no way to record sound. "
            "To fix it, install PyAudio, or a recording program (alsa-utils for "
            "arecord, pulseaudio-utils for parecord, or pipewire).")
    return lambda: _first_working_recorder(recorders, microphone)


def _pyaudio_microphone(name: str) -> sr.AudioSource:
    index = None
    if name:
        names = sr.Microphone.list_microphone_names()
        matches = [i for i, found in enumerate(names) if name.lower() in found.lower()]
        if not matches:
            raise SourceProblem(f"No microphone called {name!r}. Found: {', '.join(names)}.")
        index = matches[0]
    microphone = sr.Microphone(device_index=index, sample_rate=SAMPLE_RATE, chunk_size=CHUNK)
    return microphone


class _FirstWorking(sr.AudioSource):
    """Tries each recorder in turn when entered; keeps the first that records."""

    def __init__(self, recorders: list[str], device: str) -> None:
        self._recorders = recorders
        self._device = device
        self._active: RecorderSource | None = None
        self.SAMPLE_RATE = SAMPLE_RATE
        self.SAMPLE_WIDTH = SAMPLE_WIDTH
        self.CHUNK = CHUNK
        self.stream: _PipeStream | None = None
        self.program = ""

    def __enter__(self) -> _FirstWorking:
        problems = []
        for program in self._recorders:
            candidate = RecorderSource(program, self._device)
            try:
                candidate.__enter__()
            except SourceProblem as problem:
                problems.append(str(problem))
                continue
            self._active = candidate
            self.stream = candidate.stream
            self.program = program
            return self
        # The most specific message is the last one tried (arecord talks to the card).
        raise SourceProblem(problems[-1] if problems else "No recording program works.")

    def __exit__(self, *exc_info: object) -> None:
        if self._active is not None:
            self._active.__exit__(*exc_info)
            self._active = None
        self.stream = None


def _first_working_recorder(recorders: list[str], device: str) -> sr.AudioSource:
    return _FirstWorking(recorders, device)
