"""A command said in two breaths: "section", a pause, "seven".

A pause of 0.4 s ends an utterance (so commands act quickly), and people often stop
for a moment before a number or a name. Each half alone is no command, so both were
ignored. Here the first half is kept for a moment when it is exactly the start of a
command ("section", "open", "start", "go to"), and the next utterance, if it comes
soon and completes that command ("seven", "surgery", "slow breathing"), is taken as
the whole.

Only whole utterances join: "I'll start" is no start of a command. The second half
finishes it when one of its clear readings does exactly; if none does, the two halves
are read again as one utterance (alone, "about" is "I'm out" and "three" is "freeze";
after "open" or "section" they are not), and that reading must be a command starting
with the held words. A second half that alone is another command ("botox" alone
reads as "focus") is read with the first half too, and acts as itself only when the two
make no command. The words and sound held are a command's start, held for
`JOIN_SECONDS` and never logged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from hfs_tui.voice.decision import CLOSE_CALL, QUIET_ROOM, SAMPLE_RATE, Decision

JOIN_SECONDS = 2.5
"""Longest gap between the end of the first half and the start of the second."""
MIN_PART_SCORE = -1.8
"""Each half must be read this clearly (the decoder's MIN_SCORE for a command)."""
JOINED_CONFIDENCE = 0.6
CLEAR_ALONE = -1.0
"""After a held first half, a second half that is a command of its own acts alone only
when read at least this clearly (mean log probability per token)."""
NOT_CLEAR = "not clear after the first half"
PAUSE_BETWEEN_HALVES = QUIET_ROOM[: SAMPLE_RATE * 3 // 10].tobytes()
"""A quiet room's 0.3 s between the halves when they are read again as one."""


@dataclass(frozen=True)
class _Start:
    words: str
    ended_s: float
    sound: bytes = b""


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

    def decided(self, decision: Decision, started_s: float, ended_s: float,
                sound: bytes = b"", decode: Callable[[bytes], Decision] | None = None,
                ) -> Decision:
        """`decision`, or the whole command when it completes the half heard just before.

        `started_s` and `ended_s`: where the utterance's sound began and ended, on the
        stream's clock (seconds of audio heard so far). `sound`: the utterance (16 kHz
        16-bit PCM) and `decode` the recogniser, to read both halves again as one.
        """
        held, self._held = self._held, None
        if decision.heard is None:
            self._held = held  # a click or a breath in the pause
            return decision
        if held is not None and not 0 <= started_s - held.ended_s <= JOIN_SECONDS:
            held = None  # too long ago to be the start of this one
        if decision.accepted:
            start = held.words.split() if held is not None else []
            if held is not None and decision.heard.split()[: len(start)] != start:
                # A short name alone can read as another command ("botox" alone is
                # "focus"): after "open" it is read with the first half first.
                joined = (self._ending_read(held, decision)
                          or self._read_as_one(held, sound, decode))
                if joined is not None or decision.ratio >= CLEAR_ALONE:
                    return joined or decision
                # Read only just as a command of its own, and no command with the first
                # half: asked for again. On AMD processors (int8 Whisper through
                # oneDNN, not MKL) "open", then "botox", was read as one as other
                # words, and "focus" (-1.43) acted.
                return replace(decision, accepted=False, reason=NOT_CLEAR,
                               confidence=max(CLOSE_CALL, min(decision.confidence, 0.4)))
            return decision
        clear = decision.ratio >= MIN_PART_SCORE
        words = decision.heard
        if held is not None:
            joined = (self._ending_read(held, decision) if clear else None) or (
                self._read_as_one(held, sound, decode))
            if joined is not None:
                return joined
        if clear and words in self._starts:
            self._held = _Start(words, ended_s, sound)
        return decision

    def _ending_read(self, held: _Start, decision: Decision) -> Decision | None:
        """One of the second half's clear readings finishes the command, best first:
        after "open", "surgery" may be read a little below "start reading" (a near
        miss that alone does nothing). An accepted second half has no readings."""
        for ending in (*decision.readings, decision.heard):
            whole = f"{held.words} {ending}"
            if whole in self._phrases:
                return replace(decision, heard=whole, accepted=True, reason="",
                               confidence=JOINED_CONFIDENCE, phones=len(whole.split()),
                               readings=())
        return None

    @staticmethod
    def _read_as_one(held: _Start, sound: bytes,
                     decode: Callable[[bytes], Decision] | None) -> Decision | None:
        """Both halves read as one utterance: a command that starts with the held words."""
        if decode is None or not held.sound or not sound:
            return None
        whole = decode(held.sound + PAUSE_BETWEEN_HALVES + sound)
        start = held.words.split()
        said = (whole.heard or "").split()
        if whole.accepted and len(said) > len(start) and said[: len(start)] == start:
            return whole
        return None

    def forget(self) -> None:
        """Nothing heard before now joins what comes next (the app read aloud)."""
        self._held = None
