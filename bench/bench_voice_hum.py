"""Real people's commands over mains hum and low rumble (a fan, a fridge, traffic).

A cheap microphone on a laptop or a USB lead often picks up mains hum (50 or 60 Hz)
or the rumble of a fan. People barely hear it, but it can be as loud as their voice
on the meter the listener starts and stops on. Each command recording of
bench/voice-human (real people, both splits) and its non-command words are padded
with their own background as `hfs-tui hear` pads them (`recordings.with_room`), a
steady low sound is added over the whole, its level set against the word's own
loudness, and the result goes through the listener (`recordings.listen_to_recording`).

    .venv/bin/python bench/bench_voice_hum.py        # about 4 minutes

Reports, for each sound and level: commands acted on as themselves, and non-command
words acted on at all. "none" is the recordings as they are.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from wavfile import RATE, read_samples, write_samples  # noqa: E402

from hfs_tui.voice import recordings  # noqa: E402
from hfs_tui.voice.levels import frame_levels  # noqa: E402
from hfs_tui.voice.listener import default_commands  # noqa: E402

HUMAN = REPO / "bench" / "voice-human"


def low_sound(kind: str, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` samples of a steady low sound at RMS 1."""
    t = np.arange(count) / RATE
    if kind == "hum 50 Hz":
        sound = np.sin(2 * np.pi * 50 * t)
    elif kind == "hum 60 Hz":
        sound = np.sin(2 * np.pi * 60 * t)
    elif kind == "rumble":
        # white noise with everything above about 60 Hz taken out: a fan or traffic
        spectrum = np.fft.rfft(rng.standard_normal(count))
        freqs = np.fft.rfftfreq(count, 1 / RATE)
        spectrum *= 1 / (1 + (freqs / 60.0) ** 4)
        sound = np.fft.irfft(spectrum, count)
    else:
        raise ValueError(kind)
    return sound / np.sqrt(np.mean(sound ** 2))


def word_rms(raw: bytes) -> float:
    """RMS of the word's loud part: its 20 ms frames within 20 dB of the loudest."""
    levels = np.array(frame_levels(raw, 320))
    loud = levels[levels >= levels.max() / 10]
    return float(np.sqrt(np.mean(loud ** 2)))


def mixed(word: np.ndarray, kind: str, level_db: float | None,
          rng: np.random.Generator) -> np.ndarray:
    raw = word.astype("<i2").tobytes()
    signal = np.frombuffer(recordings.with_room(raw), dtype="<i2").astype(np.float64)
    if level_db is None:
        return signal
    gain = word_rms(raw) * 10 ** (level_db / 20)
    return signal + gain * low_sound(kind, len(signal), rng)


def main() -> int:
    commands = default_commands()
    with (HUMAN / "manifest.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["word"] != "silence"]
    conditions: list[tuple[str, float | None]] = [("none", None)]
    conditions += [(kind, level) for kind in ("hum 50 Hz", "hum 60 Hz", "rumble")
                   for level in (-10.0, 0.0, 10.0)]
    print(f"{len(rows)} recordings of real people (bench/voice-human), "
          f"{sum(bool(r['expected']) for r in rows)} of them commands")
    print("| Low sound | Level against the word | Commands right | Non-commands acted on |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.wav"
        for kind, level in conditions:
            rng = np.random.default_rng(7)
            right = commands_seen = false = others = 0
            for row in rows:
                word = np.asarray(read_samples(HUMAN / row["file"]), dtype=np.float64)
                write_samples(path, mixed(word, kind, level, rng))
                events = recordings.listen_to_recording(path, commands)
                acted = next((e.phrase for e in events if e.kind == "command"), None)
                if row["expected"]:
                    commands_seen += 1
                    right += acted == row["expected"]
                else:
                    others += 1
                    false += acted is not None
            shown = "-" if level is None else f"{level:+.0f} dB"
            print(f"| {kind} | {shown} | {right} of {commands_seen} "
                  f"({right / commands_seen:.1%}) | {false} of {others} "
                  f"({false / max(1, others):.1%}) |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
