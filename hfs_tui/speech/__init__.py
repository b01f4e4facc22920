"""Read-aloud: text prepared for speech, pyttsx3 one sentence at a time, a killable player.

Only plain Python here (no Textual); the UI marshals `SpeechEvent`s to its thread.
"""

from hfs_tui.speech.controller import NO_ENGINE, ReadAloud, SpeechEvent, Utterance
from hfs_tui.speech.doctor import diagnose
from hfs_tui.speech.engine import EngineUnavailable, VoiceInfo, warm_up
from hfs_tui.speech.export import synthesise_to_file
from hfs_tui.speech.player import NO_SOUND_OUTPUT

__all__ = [
    "NO_ENGINE",
    "NO_SOUND_OUTPUT",
    "EngineUnavailable",
    "ReadAloud",
    "SpeechEvent",
    "Utterance",
    "VoiceInfo",
    "diagnose",
    "synthesise_to_file",
    "warm_up",
]
