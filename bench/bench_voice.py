"""Voice command benchmark on the committed recordings in bench/voice-set/.

    python bench/bench_voice.py            # report on TRAIN and held-out TEST splits
    python bench/bench_voice.py --tune     # search rejection thresholds on TRAIN only

Reports, in one run:
- command accuracy: the right phrase accepted (goal >= 97%);
- false accepts: non-command recordings turned into any action (goal <= 2%);
- decode time per utterance, median (goal < 50 ms);
- decided_s minus end of speech on a long recording (`hear --stream` path), median;
- baselines: plain `recognize_sphinx` (free-form, new decoder every call) accuracy
  and time on a subset of commands, and the closed grammar WITHOUT rejection's false
  accepts on the non-commands.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import speech_recognition as sr  # noqa: E402

from hfs_tui.actions import voice_commands_for_names  # noqa: E402
from hfs_tui.voice.decoder import DEFAULT_THRESHOLDS, CommandDecoder, Thresholds  # noqa: E402
from hfs_tui.voice.listener import audio_to_pcm16k  # noqa: E402
from hfs_tui.voice.stream import stream_file  # noqa: E402

SET = REPO / "bench" / "voice-set"


def content_commands(folder: Path = SET):
    names = json.loads((folder / "content-names.json").read_text())
    return voice_commands_for_names(names["sections"], names["exercises"])


def load_rows():
    with (SET / "manifest.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_pcm(path: Path) -> bytes:
    with sr.AudioFile(str(path)) as source:
        return audio_to_pcm16k(sr.Recognizer().record(source))


def decode_all(decoder: CommandDecoder, rows):
    results = []
    for row in rows:
        decision = decoder.decode(read_pcm(SET / row["file"]))
        results.append((row, decision))
    return results


def accepted(decision, limits: Thresholds) -> bool:
    if decision.heard is None or decision.reason in ("no speech", "not a whole command"):
        return False
    return (decision.ratio >= limits.min_ratio and decision.word_ratio >= limits.min_word_ratio
            and decision.frames_per_phone >= limits.min_frames_per_phone
            and decision.voiced_per_phone <= limits.max_frames_per_phone
            and decision.coverage >= limits.min_coverage)


def score(results, limits: Thresholds):
    commands = [(r, d) for r, d in results if r["expected"]]
    others = [(r, d) for r, d in results if not r["expected"]]
    right = sum(1 for r, d in commands if accepted(d, limits) and d.heard == r["expected"])
    wrong = sum(1 for r, d in commands if accepted(d, limits) and d.heard != r["expected"])
    false = sum(1 for _, d in others if accepted(d, limits))
    return (right / max(1, len(commands)), wrong / max(1, len(commands)),
            false / max(1, len(others)), len(commands), len(others))


def tune(results) -> Thresholds:
    best = None
    for ratio, word, low, high in itertools.product(
            [x / 20 for x in range(-60, 1)], [x / 5 for x in range(-40, 1)],
            (2.0, 2.5, 3.0, 3.5), (25.0, 32.0, 40.0)):
        limits = replace(DEFAULT_THRESHOLDS, min_ratio=ratio, min_word_ratio=word,
                         min_frames_per_phone=low, max_frames_per_phone=high)
        right, wrong, false, *_ = score(results, limits)
        if false > 0.01:
            continue
        key = (right - wrong, -false)
        if best is None or key > best[0]:
            best = (key, limits)
    assert best is not None
    return best[1]


def report(name: str, results, limits: Thresholds) -> None:
    right, wrong, false, n_commands, n_others = score(results, limits)
    print(f"{name}: commands right {right:.1%} (wrong phrase {wrong:.1%}) of {n_commands}; "
          f"false accepts {false:.1%} of {n_others} non-commands")
    by_condition: dict[str, list[int]] = {}
    for row, decision in results:
        if row["expected"]:
            ok = accepted(decision, limits) and decision.heard == row["expected"]
        else:
            ok = not accepted(decision, limits)
        key = ("cmd " if row["expected"] else "non ") + row["condition"]
        by_condition.setdefault(key, [0, 0])
        by_condition[key][0] += ok
        by_condition[key][1] += 1
    print("  right by condition: " + ", ".join(
        f"{key} {ok}/{total}" for key, (ok, total) in sorted(by_condition.items())))


def baseline_free_form(rows, count: int = 40):
    recognizer = sr.Recognizer()
    subset = [r for r in rows if r["expected"]][:: max(1, len(rows) // (2 * count))][:count]
    right, times = 0, []
    for row in subset:
        with sr.AudioFile(str(SET / row["file"])) as source:
            audio = recognizer.record(source)
        started = time.perf_counter()
        try:
            text = recognizer.recognize_sphinx(audio)
        except sr.UnknownValueError:
            text = ""
        times.append(time.perf_counter() - started)
        right += text.strip().lower() == row["expected"]
    return right / len(subset), statistics.median(times), len(subset)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="search thresholds on TRAIN")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    commands = content_commands()
    loose = Thresholds(-1e9, -1e9, 0.0, 1e9, DEFAULT_THRESHOLDS.voiced_slack_frames, 0.0)
    decoder = CommandDecoder([c.phrase for c in commands], thresholds=loose)
    rows = load_rows()
    started = time.perf_counter()
    results = decode_all(decoder, rows)
    print(f"decoded {len(rows)} recordings in {time.perf_counter() - started:.1f} s")
    train = [(r, d) for r, d in results if r["split"] == "train"]
    test = [(r, d) for r, d in results if r["split"] == "test"]
    limits = DEFAULT_THRESHOLDS
    if args.tune:
        limits = tune(train)
        print(f"tuned on TRAIN: {limits}")
    else:
        print(f"thresholds (from decoder.py): {limits}")
    report("TRAIN", train, limits)
    report("TEST (unseen voices)", test, limits)
    report("ALL", results, limits)
    closed = replace(limits, min_ratio=-1e9, min_word_ratio=-1e9, min_frames_per_phone=0,
                     max_frames_per_phone=1e9, min_coverage=0.0)
    _, _, closed_false, _, n_others = score(results, closed)
    anything = sum(1 for r, d in results if not r["expected"] and d.heard is not None)
    print(f"closed grammar WITHOUT rejection: false accepts {closed_false:.1%} of {n_others} "
          f"non-commands with only the whole-phrase check, {anything / n_others:.1%} taking "
          "any hypothesis (partial phrases too)")
    times = [d.decode_seconds * 1000 for _, d in results]
    print(f"decode time per utterance: median {statistics.median(times):.1f} ms, "
          f"90th percentile {statistics.quantiles(times, n=10)[-1]:.1f} ms")
    decoder.thresholds = limits
    events = json.loads((SET / "stream.json").read_text())
    hits = stream_file(SET / "stream.wav", commands)
    lags, found = [], 0
    for event in events:
        if not event["expected"]:
            continue
        match = [h for h in hits if event["start_s"] - 0.3 <= h.decided_s <= event["end_s"] + 1.5]
        if match and match[0].heard == event["expected"]:
            found += 1
            # end of speech: the recording's end minus its 0.2 s trailing pad
            lags.append(match[0].decided_s - (event["end_s"] - 0.2))
    wrong_stream = [h for h in hits if not any(
        e["expected"] == h.heard and e["start_s"] - 0.3 <= h.decided_s <= e["end_s"] + 1.5
        for e in events)]
    n_expected = sum(1 for e in events if e["expected"])
    print(f"stream: {found}/{n_expected} commands acted on, {len(wrong_stream)} wrong actions; "
          f"decided_s - end of speech median "
          f"{statistics.median(lags) if lags else float('nan'):.3f} s")
    if not args.no_baseline:
        accuracy, seconds, count = baseline_free_form(rows)
        print(f"baseline recognize_sphinx (free-form, {count} commands): right {accuracy:.1%}, "
              f"median {seconds * 1000:.0f} ms per call")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
