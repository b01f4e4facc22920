"""Turn down the quiet stretches of an utterance before Whisper reads it.

A cut from the listener holds the command and, around it, whatever the room did:
a television, other voices, a word trailing off. Whisper writes those down too
("in my last period" for "glossary" in babble) or hears a command in them. Frames
well below the utterance's loud part, and not next to it, are made 30 dB quieter;
the soft sounds at a word's edges ("s" in "stop") sit next to loud frames and are
kept. Measured on the replay of every bench recording (docs/performance.md, issue
14, thirteenth round): non-commands acted on fell from 1.6% to 0.8% (synthetic
TRAIN) and from 1.9% to 0.0% (people TRAIN). A quieter tail can make Whisper loop
("yes, leave, yes, leave, yes"), so the decision reads the best reading as said
once (whisper.py, `_decide_readings`; fourteenth round).
"""

from __future__ import annotations

import numpy as np

__all__ = ["turn_down_gaps"]

FRAME = 160  # 10 ms at 16 kHz
BELOW_LOUD_DB = 12.0
"""A frame this far under the utterance's loud level (its 95th percentile) is quiet;
18 dB was tried and kept less out (chosen on TRAIN)."""
HOLD_SECONDS = 0.15
"""Quiet frames this close to a loud one are kept: a word's soft edges."""
TURN_DOWN_DB = 30.0


def turn_down_gaps(samples: np.ndarray) -> np.ndarray:
    """`samples` (float, 16 kHz) with the quiet stretches away from speech turned down."""
    count = len(samples) // FRAME
    if count < 5:
        return samples
    frames = samples[: count * FRAME].astype(np.float64).reshape(count, FRAME)
    level_db = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)
    loud = level_db >= np.percentile(level_db, 95) - BELOW_LOUD_DB
    hold = int(HOLD_SECONDS * 100)
    near_loud = np.convolve(loud.astype(float), np.ones(2 * hold + 1), mode="full")[
        hold:hold + count] > 0
    gain = np.where(near_loud, 1.0, 10 ** (-TURN_DOWN_DB / 20))
    # Smoothed over 30 ms so the turn down does not click; the first and last 10 ms
    # fade in and out (to 2/3), as measured.
    gain = np.convolve(gain, np.ones(3) / 3, mode="same")
    per_sample = np.repeat(gain, FRAME)
    per_sample = np.concatenate(
        [per_sample, np.full(len(samples) - len(per_sample), per_sample[-1])])
    turned_down: np.ndarray = (samples * per_sample).astype(samples.dtype)
    return turned_down
