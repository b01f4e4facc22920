"""What one utterance turned out to be, whichever recogniser decided it.

Kept apart from the recogniser so the listener, the log, the UI and the tests share
one small type and never import the model's runtime.
"""

from __future__ import annotations

import array
import math
import random
from dataclasses import dataclass

SAMPLE_RATE = 16000
"""Every recogniser here takes 16 kHz, 16-bit mono PCM."""

NO_SPEECH = "no speech"
"""Why an utterance with no words in it at all (a click, a breath) is rejected."""
OTHER_SPEECH = "heard other words"
"""Why speech heard as anything but exactly one whole command is rejected."""

NO_SUCH_NUMBER = "no such number"
"""Why "section fourteen" in a leaflet of 13, or "log spasm eleven", is not acted on:
a command's shape with a number beyond its range (the user is told the range)."""

CLOSE_CALL = 0.3
"""A rejected whole command at least this confident was probably meant: the app says
it is not sure and asks for it again, instead of staying silent."""

ASK_MIN_SCORE = -1.45
"""A close call whose command scored at least this (mean log probability per token) is
worth a spoken "Did you mean ...?". Chosen on the bench's TRAIN split (replay cache,
commands actions.worth_asking_about): it asks about 3 of 370 commands, none wrongly,
and 3 of 405 non-commands. Every close call would be 6 right, 1 wrong and 15
non-commands, mostly a person's "off" read as "up" at -1.5 to -2.3."""


def _quiet_room() -> array.array:
    rng = random.Random(1)
    return array.array("h", (round(rng.gauss(0, 16)) for _ in range(SAMPLE_RATE)))


QUIET_ROOM = _quiet_room()
"""A second of fixed, quiet noise (about -66 dBFS), a quiet room through a microphone:
`hear` uses it as the room around a recording too short to have its own background."""


@dataclass(frozen=True)
class Decision:
    """What one utterance turned out to be."""

    heard: str | None
    """The words recognised, even if rejected (None when nothing at all): a command,
    or, for other speech, a rough transcript that must not be shown or kept."""
    accepted: bool
    confidence: float
    """0 to 1; 0.5 is the acceptance boundary."""
    reason: str = ""
    """Why it was rejected ("" when accepted)."""
    ratio: float = -math.inf
    """The recogniser's score of what it heard (Whisper: the hypothesis log-probability)."""
    phones: int = 0
    """Words in the heard phrase when it is a whole command, else 0."""
    decode_seconds: float = 0.0
    readings: tuple[str, ...] = ()
    """A rejected utterance's readings clear enough to count, best first, as grammar
    words: the second half of a command said in two breaths may be one below a near
    miss ("surgery" under "start reading"). Private like `heard`: never shown or kept."""

    @property
    def phrase(self) -> str | None:
        return self.heard if self.accepted else None

    @property
    def command_heard(self) -> str | None:
        """The phrase, if the words were a whole command (accepted or not).

        None for any other speech: what people say near the computer is private, so
        its words are never shown, logged or kept.
        """
        return self.heard if self.phones > 0 else None

    @property
    def worth_asking(self) -> bool:
        """A close call likely enough to ask "Did you mean ...?" about, aloud."""
        return self.close_call and self.ratio >= ASK_MIN_SCORE

    @property
    def close_call(self) -> bool:
        """Rejected, but a whole command and only just: worth asking for it again."""
        return (not self.accepted and self.command_heard is not None
                and self.confidence >= CLOSE_CALL)
