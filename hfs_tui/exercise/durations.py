"""Time spent on an exercise, in words: short for the diary list, in full to say aloud.

Whole seconds, rounded, so a session that ran is never shown as "0 min": under a
minute it is "40 s" ("40 seconds" aloud); under ten minutes the seconds are kept
("3 min 20 s"), since a short session's seconds matter; after that, minutes do.
"""

from __future__ import annotations

KEEP_SECONDS_UNDER = 600
"""From ten minutes on, the seconds are rounded into the minutes."""


def _parts(seconds: float) -> tuple[int, int]:
    total = max(0, round(seconds))
    if total >= KEEP_SECONDS_UNDER:
        return round(total / 60), 0
    return divmod(total, 60)


def short_duration(seconds: float) -> str:
    """'under 1 s', '40 s', '1 min', '3 min 20 s', '12 min': for the diary list."""
    if round(seconds) < 1:
        return "under 1 s"
    minutes, rest = _parts(seconds)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def spoken_duration(seconds: float) -> str:
    """'less than a second', '40 seconds', '1 minute 5 seconds': to show and say."""
    if round(seconds) < 1:
        return "less than a second"
    minutes, rest = _parts(seconds)
    words = []
    if minutes:
        words.append("1 minute" if minutes == 1 else f"{minutes} minutes")
    if rest:
        words.append("1 second" if rest == 1 else f"{rest} seconds")
    return " ".join(words)
