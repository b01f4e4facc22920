"""The one barge-in rule: what may be said while the app reads aloud.

The microphone hears the app's own reading, so while it reads only a strict set of
short phrases can act: "stop", "stop reading", "be quiet" and "pause". Not "resume",
"continue" or "carry on" (words a reading may say, and nothing to resume while reading).
Both the listener and the UI's voice glue use this, so they cannot drift apart; the
phrases themselves come from the action registry (`actions.barge_in_phrases()`).
"""

from __future__ import annotations

from hfs_tui import actions
from hfs_tui.actions import VoiceCommand

BARGE_IN_PHRASES = actions.barge_in_phrases()


def allowed_while_reading(command: VoiceCommand) -> bool:
    """May this recognised command act while the app is reading aloud?"""
    return command.phrase in BARGE_IN_PHRASES


def barge_in_said(heard: str | None) -> str | None:
    """The barge-in phrase that `heard` (normalised words) starts with, with at most one
    more word after it ("stop that", "stop it", "pause there"), or None.

    Only while reading, where stopping is harmless and undone with r: people say
    "stop that" as often as "stop". Never a sentence ("stop at the shop" is not one).
    """
    if not heard:
        return None
    words = heard.split()
    for phrase in sorted(BARGE_IN_PHRASES, key=len, reverse=True):
        size = len(phrase.split())
        if words[:size] == phrase.split() and len(words) <= size + 1:
            return phrase
    return None
