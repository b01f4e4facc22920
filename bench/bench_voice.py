"""Voice command benchmark on the committed recordings in bench/voice-set/ (synthetic
voices) and bench/voice-human/ (real people, from the Speech Commands data set).

Each recording goes through the live listener exactly as `hfs-tui hear` sends it
(calibration on the recording's own background, energy endpointing, decoding,
rejection): the figures are what a user gets, not the decoder alone.

    python bench/bench_voice.py            # report on TRAIN and held-out TEST splits
    python bench/bench_voice.py --tune     # search rejection thresholds on TRAIN only

Reports, in one run:
- command accuracy: the right phrase accepted (goal >= 97%);
- false accepts: non-command recordings turned into any action (goal <= 2%);
- decode time per utterance, median (goal < 50 ms);
- decided_s minus end of speech on a long recording (`hear --stream` path), median;
- baselines: plain `recognize_sphinx` (free-form, new decoder every call) accuracy
  and time on a subset of commands, and a closed grammar of the same phrases WITHOUT
  rejection: how many non-commands it calls a command, and how many commands it gets
  right (nothing rejected: in practice the most this acoustic model can get right).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import speech_recognition as sr  # noqa: E402

from hfs_tui.actions import voice_commands_for_names  # noqa: E402
from hfs_tui.voice import listener  # noqa: E402
from hfs_tui.voice.decoder import (  # noqa: E402
    DEFAULT_THRESHOLDS,
    NO_SPEECH,
    OTHER_SPEECH,
    CommandDecoder,
    Thresholds,
)
from hfs_tui.voice.stream import stream_file  # noqa: E402

SET = REPO / "bench" / "voice-set"
HUMAN = REPO / "bench" / "voice-human"
# Limits that accept every whole command: the measurements are kept and every limit
# is applied afterwards (`passes`), or not at all (the closed-grammar baseline).
LOOSE = Thresholds(-1e9, -1e9, 0.0, 1e9, 0.0, 0.0)


def content_commands(folder: Path = SET):
    names = json.loads((folder / "content-names.json").read_text())
    return voice_commands_for_names(names["sections"], names["exercises"])


def load_rows(folder: Path = SET):
    """The manifest's rows, each with the recording's `path` and a `condition`."""
    with (folder / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["path"] = str(folder / row["file"])
        row.setdefault("condition", row.get("word", ""))
    return rows


def decode_all(commands, rows):
    """(row, decisions of every utterance the listener heard in that recording)."""
    results = []
    for row in rows:
        events = listener.file_events(row["path"], commands)
        results.append((row, [event.decision for event in events if event.decision]))
    return results


# Rejections made outside the decoder's thresholds (they hold whatever the limits).
_ALWAYS_REJECTED = (NO_SPEECH, OTHER_SPEECH, listener.TOO_QUIET)


def passes(decision, limits: Thresholds) -> bool:
    if decision.heard is None or decision.reason in _ALWAYS_REJECTED:
        return False
    return min(decision.check_margins(limits).values()) >= 0.0


def acted_on(decisions, limits: Thresholds):
    """The phrase the listener acts on first in one recording (None: nothing)."""
    return next((d.heard for d in decisions if passes(d, limits)), None)


def score(results, limits: Thresholds):
    heard = [(r, acted_on(d, limits)) for r, d in results]
    commands = [(r, h) for r, h in heard if r["expected"]]
    others = [(r, h) for r, h in heard if not r["expected"]]
    right = sum(1 for r, h in commands if h == r["expected"])
    wrong = sum(1 for r, h in commands if h is not None and h != r["expected"])
    false = sum(1 for _, h in others if h is not None)
    return (right / max(1, len(commands)), wrong / max(1, len(commands)),
            false / max(1, len(others)), len(commands), len(others))


def tune(sets, max_false) -> Thresholds:
    """The limits that get the most commands right on the TRAIN sets with few non-commands.

    `sets` holds the TRAIN results of each recording set (synthetic voices, real
    people) and `max_false` the most non-commands each may act on. Commands right count
    the same in each set, so the limits serve both kinds of voice. Ties go to the
    larger slack for short words (kinder to slow speakers).
    """
    best = None
    for ratio, word, per_phone, slack, coverage in itertools.product(
            (-16.0, -12.0, -10.0, -8.0, -7.0, -6.0, -5.0), (-9.0, -7.0, -6.0, -5.0, -4.5, -4.0),
            (8.0, 10.0, 12.0, 14.0, 20.0, 1e9), (0.0, 10.0, 20.0, 30.0, 40.0, 60.0),
            (0.6, 0.7, 0.8, 0.9)):
        limits = Thresholds(min_ratio=ratio, min_word_ratio=word, min_frames_per_phone=0.0,
                            max_frames_per_phone=per_phone, voiced_slack_frames=slack,
                            min_coverage=coverage)
        scores = [score(results, limits) for results in sets]
        if any(false > most for (_, _, false, *_), most in zip(scores, max_false,
                                                                  strict=True)):
            continue
        key = (sum(right - wrong for right, wrong, *_ in scores),
               -sum(false for _, _, false, *_ in scores), slack)
        if best is None or key > best[0]:
            best = (key, limits)
    assert best is not None, "no limits meet the false-accept budgets"
    return best[1]


def split(results):
    """(TRAIN, TEST) results of one recording set."""
    return ([(r, d) for r, d in results if r["split"] == "train"],
            [(r, d) for r, d in results if r["split"] == "test"])


def report(name: str, results, limits: Thresholds) -> None:
    right, wrong, false, n_commands, n_others = score(results, limits)
    print(f"{name}: commands right {right:.1%} (wrong phrase {wrong:.1%}) of {n_commands}; "
          f"false accepts {false:.1%} of {n_others} non-commands")
    by_condition: dict[str, list[int]] = {}
    for row, decisions in results:
        heard = acted_on(decisions, limits)
        ok = heard == row["expected"] if row["expected"] else heard is None
        key = ("cmd " if row["expected"] else "non ") + row["condition"]
        by_condition.setdefault(key, [0, 0])
        by_condition[key][0] += ok
        by_condition[key][1] += 1
    print("  right by condition: " + ", ".join(
        f"{key} {ok}/{total}" for key, (ok, total) in sorted(by_condition.items())))


def baseline_closed_grammar(commands, rows):
    """A closed grammar with no rejection, each file decoded whole.

    Returns the share of commands it hears as the right phrase (the most this acoustic
    model can get right on these recordings if nothing were ever rejected) and the
    share of non-commands it calls a command.
    """
    phrases = [c.phrase for c in commands]
    closed = CommandDecoder(phrases, thresholds=LOOSE, closed=True)
    right = accepted = 0
    for row in rows:
        with sr.AudioFile(row["path"]) as source:
            audio = sr.Recognizer().record(source)
        decision = closed.decode(listener.audio_to_pcm16k(audio))
        if row["expected"]:
            right += decision.heard == row["expected"]
        else:
            accepted += decision.accepted
    n_commands = sum(1 for r in rows if r["expected"])
    return right / n_commands, accepted / (len(rows) - n_commands)


def baseline_free_form(rows, count: int = 40):
    recognizer = sr.Recognizer()
    subset = [r for r in rows if r["expected"]][:: max(1, len(rows) // (2 * count))][:count]
    right, times = 0, []
    for row in subset:
        with sr.AudioFile(row["path"]) as source:
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
    # The goal itself. A tighter 0.015 let one recording decide the limits: once short
    # words reached the recogniser, one more fast "bread" heard as "read" (4 of 238,
    # 1.7%) made it pick limits that lost 5 points of real people's commands.
    parser.add_argument("--max-false", type=float, default=0.02, metavar="SHARE",
                        help="with --tune: most synthetic non-commands acted on, on TRAIN "
                             "(0.02, the goal)")
    parser.add_argument("--max-false-human", type=float, default=0.03, metavar="SHARE",
                        help="with --tune: most of the real people's non-command words "
                             "acted on, on TRAIN (0.03: said alone, many are near misses)")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    commands = content_commands()
    decoder = listener.shared_decoder([c.phrase for c in commands])
    decoder.thresholds = LOOSE  # every limit is re-applied below, from the measurements
    rows, people = load_rows(SET), load_rows(HUMAN)
    started = time.perf_counter()
    results = decode_all(commands, rows)
    human = decode_all(commands, people)
    print(f"decoded {len(rows) + len(people)} recordings in "
          f"{time.perf_counter() - started:.1f} s")
    train, test = split(results)
    human_train, human_test = split(human)
    limits = DEFAULT_THRESHOLDS
    if args.tune:
        limits = tune([train, human_train], [args.max_false, args.max_false_human])
        print(f"tuned on TRAIN (synthetic voices and real people): {limits}")
    else:
        print(f"thresholds (from decoder.py): {limits}")
    report("Synthetic TRAIN", train, limits)
    report("Synthetic TEST (unseen voices)", test, limits)
    report("Synthetic ALL", results, limits)
    report("Real people TRAIN", human_train, limits)
    report("Real people TEST (unseen speakers)", human_test, limits)
    for name, subset in (("synthetic", rows), ("real people", people)):
        closed_right, closed_false = baseline_closed_grammar(commands, subset)
        print(f"closed grammar WITHOUT rejection (each file decoded whole), {name}: "
              f"{closed_right:.1%} of commands right (the acoustic model's ceiling), "
              f"{closed_false:.1%} of non-commands come out as a whole command")
    times = [d.decode_seconds * 1000 for _, ds in results + human for d in ds]
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
