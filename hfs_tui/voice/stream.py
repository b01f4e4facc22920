"""Run the live listening loop over one long recording (`hear --stream`, the bench).

The same VoiceControl thread, endpointing and rejection as with a microphone, fed
from a FileSource: it reads as fast as it decodes, so a minute of audio takes a few
seconds. Positions are seconds into the recording.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hfs_tui.actions import VoiceCommand
from hfs_tui.voice.recordings import VoiceFileError, check_wav, listen_to_recording

# A recording and the audio played beside it may differ by this much (one 20 ms frame).
LENGTH_SLACK_SECONDS = 0.02


@dataclass(frozen=True)
class StreamHit:
    heard: str
    action: str
    argument: str | int | None
    confidence: float
    start_s: float
    decided_s: float


def stream_file(path: str | Path, commands: list[VoiceCommand] | None = None,
                timeout: float = 600.0, playing: str | Path | None = None,
                answers: Iterable[str] = ()) -> list[StreamHit]:
    """Every command the listener would act on in `path`, in order.

    `playing`: what the app was playing at the same moments (same rate and length):
    its echo is cancelled and, while it sounds, only barge-in phrases said over it act,
    and `answers` (a question's "yes" and "no", when the app was reading the question).
    """
    recording = check_wav(path)
    if playing is not None:
        check_playing(path, playing)
    events = listen_to_recording(recording.wav_bytes(), commands, timeout=timeout, playing=playing,
                                 answers=answers)
    return [StreamHit(event.phrase or "", event.command.action, event.command.argument,
                      event.confidence, event.start_s or 0.0, event.decided_s or 0.0)
            for event in events if event.kind == "command" and event.command is not None]


def check_playing(recording: str | Path, playing: str | Path) -> None:
    """Raise VoiceFileError unless `playing` can stand beside `recording` (rate, length)."""
    heard, played = check_wav(recording), check_wav(playing)
    heard_rate, played_rate = heard.rate, played.rate
    heard_s, played_s = heard.seconds, played.seconds
    if played_rate != heard_rate:
        raise VoiceFileError(f"{playing}: sample rate {played_rate} Hz, but {recording} is "
                             f"{heard_rate} Hz: the played audio must have the recording's rate")
    if abs(played_s - heard_s) > LENGTH_SLACK_SECONDS:
        raise VoiceFileError(f"{playing}: lasts {played_s:.2f} s, but {recording} lasts "
                             f"{heard_s:.2f} s: the played audio must cover the same moments")
