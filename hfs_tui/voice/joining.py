"""A command said in two breaths: "section", a pause, "seven".

A pause of 0.4 s ends an utterance (so commands act quickly), and people often stop
for a moment before a number or a name. Each half alone is no command, so both were
ignored. Here the first half is kept for a moment when it is exactly the start of a
command ("section", "open", "start", "go to"), and the next utterance, if it comes
soon and completes that command ("seven", "surgery", "slow breathing"), is taken as
the whole.

Only whole utterances join: "I'll start" is no start of a command, and the second
half must finish one exactly. The words held are command words, held for
`JOIN_SECONDS` and never logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from hfs_tui.voice.decision import Decision

JOIN_SECONDS = 2.5
"""Longest gap between the end of the first half and the start of the second."""
MIN_PART_SCORE = -1.8
"""Each half must be read this clearly (the decoder's MIN_SCORE for a command)."""
JOINED_CONFIDENCE = 0.6


@dataclass(frozen=True)
class _Start:
    words: str
    ended_s: float


class CommandJoiner:
    """Listener-side: `decided()` for every utterance, in order, on one thread."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._held: _Start | None = None
        self.set_phrases(phrases)

    def set_phrases(self, phrases: Iterable[str]) -> None:
        self._phrases = frozenset(phrases)
        starts: set[str] = set()
        for phrase in self._phrases:
            words = phrase.split()
            starts.update(" ".join(words[:end]) for end in range(1, len(words)))
        self._starts = frozenset(starts - self._phrases)

    def decided(self, decision: Decision, started_s: float, ended_s: float) -> Decision:
        """`decision`, or the whole command when it completes the half heard just before.

        `started_s` and `ended_s`: where the utterance's sound began and ended, on the
        stream's clock (seconds of audio heard so far).
        """
        held, self._held = self._held, None
        if decision.heard is None:
            self._held = held  # a click or a breath in the pause
            return decision
        if decision.accepted or decision.ratio < MIN_PART_SCORE:
            return decision
        words = decision.heard
        if held is not None and 0 <= started_s - held.ended_s <= JOIN_SECONDS:
            whole = f"{held.words} {words}"
            if whole in self._phrases:
                return replace(decision, heard=whole, accepted=True, reason="",
                               confidence=JOINED_CONFIDENCE, phones=len(whole.split()))
        if words in self._starts:
            self._held = _Start(words, ended_s)
        return decision

    def forget(self) -> None:
        """Nothing heard before now joins what comes next (the app read aloud)."""
        self._held = None
