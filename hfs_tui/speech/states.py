"""The sets of names read-aloud uses: its states, its events, its commands.

One `Literal` per set, so mypy catches a misspelt state ("puased") anywhere a
`ReadAloud` is driven or listened to.
"""

from __future__ import annotations

from typing import Literal

ReadingState = Literal["idle", "reading", "paused"]
"""`ReadAloud.state`: one-off `say` text plays while "idle"."""

SpeechEventKind = Literal["started", "finished", "paused", "resumed", "stopped", "problem",
                          "settings"]
"""`SpeechEvent.kind`: what just happened (see SpeechEvent)."""

JobKind = Literal["read", "repeat", "say"]
"""What is being read: to the end, one sentence again, or one-off text."""

Command = Literal["read", "pause", "resume", "toggle", "stop", "next", "previous", "repeat",
                  "say", "prime", "engine", "settings", "voice", "close"]
"""What the caller's thread asks the control thread to do (each has an `_on_<name>`)."""
