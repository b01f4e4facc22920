"""Time spent, in words, and which sessions the diary keeps: plain Python, no app."""

from __future__ import annotations

from datetime import datetime

import pytest

from hfs_tui.exercise.durations import short_duration, spoken_duration
from hfs_tui.exercise.session import SessionRecord, stop_message


@pytest.mark.parametrize(("seconds", "short", "spoken"), [
    (0, "under 1 s", "less than a second"),
    (0.4, "under 1 s", "less than a second"),
    (0.6, "1 s", "1 second"),
    (40.2, "40 s", "40 seconds"),
    (59.6, "1 min", "1 minute"),
    (61, "1 min 1 s", "1 minute 1 second"),
    (74, "1 min 14 s", "1 minute 14 seconds"),
    (180, "3 min", "3 minutes"),
    (599.4, "9 min 59 s", "9 minutes 59 seconds"),
    (610, "10 min", "10 minutes"),
    (755, "13 min", "13 minutes"),
])
def test_durations_round_to_whole_seconds_and_never_say_0_min(seconds, short, spoken):
    assert short_duration(seconds) == short
    assert spoken_duration(seconds) == spoken


def record(actual: float, completed: bool) -> SessionRecord:
    return SessionRecord("calm-breathing", "Calm breathing", 180, actual, completed,
                         datetime(2026, 12, 1, 9, 30))


def test_only_a_stop_in_the_first_second_is_not_worth_keeping():
    assert not record(0.0, False).worth_keeping
    assert not record(0.49, False).worth_keeping
    assert record(0.51, False).worth_keeping
    assert record(1.2, False).worth_keeping
    assert record(0.0, True).worth_keeping  # finished is always kept


def test_stop_messages_say_what_happened():
    assert stop_message(record(40, False), saved=True) == (
        "Stopped. Calm breathing, 40 seconds, saved in your diary.")
    assert stop_message(record(0.2, False), saved=False) == (
        "Stopped. Calm breathing had only just started, so it is not in your diary.")
    assert stop_message(record(95, False), saved=False, problem="The diary is locked.") == (
        "Stopped. Calm breathing, 1 minute 35 seconds. It could not be saved in your "
        "diary: The diary is locked.")
