"""A command said in two breaths ("section", a pause, "seven") is one command.

Through the listener on real recordings (sr.AudioFile, the microphone's path), and
the joining rule itself on the decisions it is given.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from voice_helpers import AUDIO, join_recordings

from hfs_tui.voice import recordings
from hfs_tui.voice.decision import OTHER_SPEECH, Decision
from hfs_tui.voice.joining import JOIN_SECONDS, CommandJoiner
from hfs_tui.voice.listener import default_commands

EXTRA = AUDIO / "extra"


def heard_in(tmp_path: Path, *words: str, gap: float) -> list[str | None]:
    takes = [EXTRA / f"{word.replace(' ', '-')}-festival-kal-clean.wav" for word in words]
    session = join_recordings(takes, tmp_path / "session.wav", gap_seconds=gap)
    events = recordings.file_events(session, default_commands())
    return [event.phrase for event in events if event.kind == "command"]


@pytest.mark.parametrize(("first", "second", "whole"), [
    ("section", "seven", "section seven"),
    ("open", "surgery", "open surgery"),
])
def test_a_command_said_in_two_breaths_is_one_command(tmp_path, first, second, whole):
    assert heard_in(tmp_path, first, second, gap=1.0) == [whole]


def test_a_long_pause_keeps_the_halves_apart(tmp_path):
    assert heard_in(tmp_path, "section", "seven", gap=JOIN_SECONDS + 1.5) == []


def test_halves_that_make_no_command_do_nothing(tmp_path):
    assert heard_in(tmp_path, "open", "seven", gap=1.0) == []


def other(words: str, score: float = -0.6) -> Decision:
    return Decision(words, False, 0.0, OTHER_SPEECH, ratio=score)


PHRASES = [command.phrase for command in default_commands()]


def test_only_a_whole_utterance_that_starts_a_command_is_held():
    joiner = CommandJoiner(PHRASES)
    joiner.decided(other("i'll start"), 0.0, 1.0)  # not the start of a command
    assert not joiner.decided(other("reading"), 1.5, 2.0).accepted
    joiner.decided(other("start"), 0.0, 1.0)
    joined = joiner.decided(other("slow breathing"), 1.5, 2.5)
    assert (joined.accepted, joined.phrase) == (True, "start slow breathing")


def test_a_half_read_unclearly_or_heard_over_the_reading_does_not_join():
    joiner = CommandJoiner(PHRASES)
    joiner.decided(other("section", score=-2.5), 0.0, 1.0)
    assert not joiner.decided(other("seven"), 1.5, 2.0).accepted
    joiner.decided(other("section"), 0.0, 1.0)
    joiner.forget()  # the app read aloud in between
    assert not joiner.decided(other("seven"), 1.5, 2.0).accepted
    joiner.decided(other("section"), 0.0, 1.0)
    assert not joiner.decided(other("seven", score=-2.5), 1.5, 2.0).accepted


def test_a_click_in_the_pause_does_not_break_the_command():
    joiner = CommandJoiner(PHRASES)
    joiner.decided(other("section"), 0.0, 1.0)
    joiner.decided(Decision(None, False, 0.0, "no speech"), 1.2, 1.3)
    assert joiner.decided(other("seven"), 1.5, 2.0).phrase == "section seven"
    # Held once: a second "seven" is no command.
    assert not joiner.decided(other("seven"), 2.5, 3.0).accepted
