"""The sets of names voice commands use: the listener's states and its event kinds.

`VoiceState` is what the app shows: the listener's own states, plus "unavailable"
(voice commands cannot run on this computer), which only the app decides.
"""

from __future__ import annotations

from typing import Literal

ListenerState = Literal["off", "loading", "listening", "asleep", "hearing", "note"]
"""`VoiceControl.state`."""

VoiceState = Literal[ListenerState, "unavailable"]
"""The voice state the app shows (ui/widgets/voice_indicator.py has a line for each)."""

VoiceEventKind = Literal["state", "ready", "command", "rejected", "problem", "note"]
"""`VoiceEvent.kind`."""
