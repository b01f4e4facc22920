"""Read-aloud: text prepared for speech, pyttsx3 one sentence at a time, a killable player.

Only plain Python here (no Textual); the UI marshals `SpeechEvent`s to its thread.
Names are loaded on first use (PEP 562), so importing `hfs_tui.speech.cli` to list
the command does not start loading pyttsx3: that keeps `hfs-tui` quick to start.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {
    "NO_ENGINE": "controller",
    "ReadAloud": "controller",
    "SpeechEvent": "controller",
    "Utterance": "controller",
    "checks": "doctor",
    "EngineUnavailable": "engine",
    "VoiceInfo": "engine",
    "warm_up": "engine",
    "synthesise_to_file": "export",
    "NO_SOUND_OUTPUT": "player",
    "ReadingState": "states",
    "SpeechEventKind": "states",
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'hfs_tui.speech' has no attribute {name!r}")
    return getattr(importlib.import_module(f"hfs_tui.speech.{_HOME[name]}"), name)
