"""Voice commands: capture, endpointing, recognition with rejection, and a log.

Plain Python (no Textual). The UI talks to `VoiceControl` and receives `VoiceEvent`s
on the listener's thread; it decides what each command does.
"""

from __future__ import annotations

from hfs_tui.actions import VoiceCommand
from hfs_tui.voice.listener import VoiceControl, VoiceEvent
from hfs_tui.voice.log import VoiceLog
from hfs_tui.voice.recordings import Result, decode_file
from hfs_tui.voice.source import make_file_source

__all__ = ["Result", "VoiceCommand", "VoiceControl", "VoiceEvent", "VoiceLog", "decode_file",
           "make_file_source"]
