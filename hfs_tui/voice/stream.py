"""Run the live listening loop over one long recording (`hear --stream`, the bench).

The same VoiceControl thread, endpointing and rejection as with a microphone, fed
from a FileSource: it reads as fast as it decodes, so a minute of audio takes a few
seconds. Positions are seconds into the recording.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from hfs_tui.actions import VoiceCommand
from hfs_tui.settings import VoiceSettings
from hfs_tui.voice.listener import VoiceControl, VoiceEvent, check_wav, default_commands
from hfs_tui.voice.log import VoiceLog
from hfs_tui.voice.source import make_file_source


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
    commands = commands if commands is not None else default_commands()
    hits: list[StreamHit] = []
    problems: list[str] = []
    finished = threading.Event()

    def on_event(event: VoiceEvent) -> None:
        if event.kind == "command" and event.command is not None:
            hits.append(StreamHit(event.phrase or "", event.command.action,
                                  event.command.argument, event.confidence,
                                  event.start_s or 0.0, event.decided_s or 0.0))
        elif event.kind == "problem" and event.state == "off":
            problems.append(event.message)
        elif event.kind == "state" and event.state == "off":
            finished.set()

    control = VoiceControl(VoiceSettings(), commands, on_event,
                           source_factory=make_file_source(path),
                           log=VoiceLog(enabled=False))
    control.start()
    finished.wait(timeout)
    control.stop()
    if problems:
        raise RuntimeError(problems[0])
    return hits
