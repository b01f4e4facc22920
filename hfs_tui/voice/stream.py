"""Run the live listening loop over one long recording (`hear --stream`, the bench).

The same VoiceControl thread, endpointing and rejection as with a microphone, fed
from a FileSource: it reads as fast as it decodes, so a minute of audio takes a few
seconds. Positions are seconds into the recording.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hfs_tui.actions import VoiceCommand
from hfs_tui.voice.listener import check_wav, listen_to_recording


@dataclass(frozen=True)
class StreamHit:
    heard: str
    action: str
    argument: str | int | None
    confidence: float
    start_s: float
    decided_s: float


def stream_file(path: str | Path, commands: list[VoiceCommand] | None = None,
                timeout: float = 600.0) -> list[StreamHit]:
    """Every command the listener would act on in `path`, in order."""
    check_wav(path)
    events = listen_to_recording(path, commands, timeout=timeout)
    return [StreamHit(event.phrase or "", event.command.action, event.command.argument,
                      event.confidence, event.start_s or 0.0, event.decided_s or 0.0)
            for event in events if event.kind == "command" and event.command is not None]
