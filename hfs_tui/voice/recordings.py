"""Recordings: checking a WAV file and running it through the live listener.

`hfs-tui hear`, `hear --stream`, the benchmark and the tests all use these, so a
recording is judged exactly as a microphone would be: the room before and after it,
calibration, endpointing, decoding and rejection.
"""

from __future__ import annotations

import io
import threading
import wave
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import speech_recognition as sr

from hfs_tui.actions import VoiceCommand
from hfs_tui.settings import VoiceSettings
from hfs_tui.voice.decision import NO_SPEECH, QUIET_ROOM, SAMPLE_RATE, Decision
from hfs_tui.voice.levels import audio_to_pcm16k, frame_levels
from hfs_tui.voice.listener import (
    CALIBRATION_SECONDS,
    NON_SPEAKING_DURATION,
    PAUSE_THRESHOLD,
    VoiceControl,
    VoiceEvent,
    default_commands,
)
from hfs_tui.voice.log import VoiceLog
from hfs_tui.voice.source import FileSource
from hfs_tui.voice.wavread import Wav, WavError, read_wav

__all__ = ["Result", "VoiceFileError", "check_wav", "decode_file", "file_events",
           "listen_to_recording"]


@dataclass(frozen=True)
class Result:
    """One recording decoded as one utterance (what `hear` prints)."""

    file: str
    heard: str | None
    action: str | None
    argument: str | int | None
    confidence: float
    reason: str = ""
    decision: Decision | None = None
    """The recogniser's full decision (its measurements), when there was speech."""


class VoiceFileError(Exception):
    """A recording cannot be used; the message names the file and the problem."""


def check_wav(path: str | Path) -> Wav:
    """The recording in `path` as 16-bit mono (any WAV: stereo, 8 to 32-bit, float);
    raises VoiceFileError naming the file and what is wrong."""
    path = Path(path)
    if not path.exists():
        raise VoiceFileError(f"{path}: no such file")
    if path.is_dir():
        raise VoiceFileError(f"{path}: is a folder, not a WAV recording")
    try:
        recording = read_wav(path)
    except WavError as error:
        raise VoiceFileError(f"{path}: {error}") from error
    except OSError as error:
        raise VoiceFileError(f"{path}: cannot be read ({error.strerror})") from error
    if recording.rate < 8000:
        raise VoiceFileError(f"{path}: sample rate {recording.rate} Hz is too low "
                             "(8000 or more)")
    return recording


def decode_file(path: str | Path, commands: list[VoiceCommand] | None = None) -> Result:
    """Decode a recording as one utterance, exactly as the live listener would.

    The recording goes through the listener itself (calibration, energy endpointing,
    rejection). A microphone is open before anyone speaks, so the listener first hears
    the room: here that is the recording's own background (its quietest 0.1 s), played
    before it and again after it (the pause that ends a phrase). If the endpointing splits the
    recording, the result is the first command the listener would act on, or else the
    closest rejected phrase.
    """
    events = file_events(path, commands)
    acted = [event for event in events if event.kind == "command"]
    if acted:
        event = acted[0]
    else:
        rejected = [event for event in events if event.kind == "rejected"]
        if not rejected:
            return Result(file=str(path), heard=None, action=None, argument=None,
                          confidence=0.0, reason=NO_SPEECH)
        event = max(rejected, key=lambda e: e.confidence)
    command = event.command
    return Result(file=str(path), heard=command.phrase if command else None,
                  action=command.action if command else None,
                  argument=command.argument if command else None,
                  confidence=event.confidence, reason=event.message,
                  decision=event.decision)


def file_events(path: str | Path, commands: list[VoiceCommand] | None = None,
                answers: Iterable[str] = ()) -> list[VoiceEvent]:
    """What the listener makes of one recording with the room around it (see decode_file);
    `answers`: those of a question on screen (VoiceControl.set_answers)."""
    recording = check_wav(path)
    with sr.AudioFile(recording.wav_bytes()) as source:
        audio = sr.Recognizer().record(source)
    return listen_to_recording(_wav_bytes(with_room(audio_to_pcm16k(audio))), commands,
                               answers=answers)


def with_room(raw: bytes) -> bytes:
    """16 kHz PCM with its own background before it (the listener's calibration and
    the quiet before a phrase) and after it (the pause that ends a phrase)."""
    room = _room_noise(raw)
    before = _repeat_to(room, CALIBRATION_SECONDS + NON_SPEAKING_DURATION + 0.3)
    after = _repeat_to(room, PAUSE_THRESHOLD + 0.6)
    return before + raw + after


def listen_to_recording(recording: str | Path | BinaryIO,
                        commands: list[VoiceCommand] | None = None,
                        timeout: float = 600.0,
                        playing: str | Path | None = None,
                        answers: Iterable[str] = ()) -> list[VoiceEvent]:
    """Run the live listening loop over a recording, as fast as it decodes.

    `playing`: a WAV of what the app was playing at the same moments (same length and
    rate), cancelled from the recording as the live player's sound is. `answers`: a
    question's answers, heard over that audio too (VoiceControl.set_answers).
    Returns every "command" and "rejected" event, in order; raises RuntimeError
    if the listener stopped with a problem (an unreadable file, say).
    """
    commands = commands if commands is not None else default_commands()
    events: list[VoiceEvent] = []
    problems: list[str] = []
    finished = threading.Event()

    def on_event(event: VoiceEvent) -> None:
        if event.kind in ("command", "rejected"):
            events.append(event)
        elif event.kind == "problem" and event.state == "off":
            problems.append(event.message)
        elif event.kind == "state" and event.state == "off":
            finished.set()

    reference = None
    if playing is not None:
        from hfs_tui.voice.echo import FileReference

        path = str(playing)
        reference = lambda rate: FileReference.from_wav(path)  # noqa: E731
    control = VoiceControl(VoiceSettings(), commands, on_event,
                           source_factory=lambda: FileSource(recording),
                           log=VoiceLog(enabled=False), reference=reference)
    control.set_answers(answers)
    control.start()
    finished.wait(timeout)
    control.stop()
    if problems:
        raise RuntimeError(problems[0])
    return events


def _room_noise(raw: bytes, seconds: float = 0.1, frame: int = 320) -> bytes:
    """A recording's background: its quietest `seconds` (whole 20 ms frames).

    A recording shorter than that gets a quiet room instead.
    """
    width = max(1, round(seconds * SAMPLE_RATE / frame))
    energies = frame_levels(raw, frame)
    if len(energies) <= width:
        return QUIET_ROOM[: round(seconds * SAMPLE_RATE)].tobytes()
    totals = [sum(energies[:width])]
    for index in range(width, len(energies)):
        totals.append(totals[-1] + energies[index] - energies[index - width])
    start = min(range(len(totals)), key=totals.__getitem__)
    return raw[2 * frame * start: 2 * frame * (start + width)]


def _repeat_to(chunk: bytes, seconds: float) -> bytes:
    size = 2 * round(seconds * SAMPLE_RATE)
    if not chunk:
        return bytes(size)
    return (chunk * (size // len(chunk) + 1))[:size]


def _wav_bytes(raw: bytes) -> io.BytesIO:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(raw)
    buffer.seek(0)
    return buffer
