"""Barge-in benchmark: "stop" / "pause" said over the app's own reading (bench/bargein-set),
and "yes" / "no" said over its reading of a yes-or-no question.

Every case goes through the live listener exactly as `hfs-tui hear --stream MIC
--playing PLAYING` sends it: echo cancellation against the played audio, energy
endpointing, the recogniser, the barge-in rule and the own-voice check.

    .venv/bin/python bench/bench_bargein.py            # TRAIN and TEST figures
    .venv/bin/python bench/bench_bargein.py -v         # and every case's events
    .venv/bin/python bench/bench_bargein.py --part questions --no-baseline  # answers only

Reports, per split:
- barge-ins acted on: the case's phrase (or another stop/pause phrase of the same
  action) acted on while the user spoke or within 1.5 s after (goal: 9 of 10);
- reading-only triggers: any action in a reading-only case, or at any other moment of
  a barge-in case (goal: none);
- the same without the played audio (what the listener did before: no echo
  cancellation and no idea that the app was reading), for comparison.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hfs_tui import actions  # noqa: E402
from hfs_tui.voice import listener, recordings  # noqa: E402

SET = REPO / "bench" / "bargein-set"
AFTER_SECONDS = 1.5  # how long after the user's word its action may come


def load_cases(folder: Path = SET) -> list[dict]:
    with (folder / "manifest.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def action_of(phrase: str) -> str | None:
    return next((a.id for a in actions.ACTIONS if phrase in a.phrases), None)


def judge(case: dict, events: list) -> tuple[bool, int]:
    """(the barge-in was acted on in time, how many other actions there were)."""
    acted = [e for e in events if e.kind == "command" and e.command is not None]
    if not case["expected"]:
        return False, len(acted)
    start, end = float(case["user_start_s"]), float(case["user_end_s"])
    wanted = action_of(case["expected"])
    hits = [e for e in acted if e.command.action == wanted
            and start - 0.3 <= (e.decided_s or 0.0) <= end + AFTER_SECONDS]
    return bool(hits), len(acted) - min(1, len(hits))


def run(cases: list[dict], commands, with_playing: bool, verbose: bool) -> dict:
    results: dict[str, dict] = {}
    lags: list[float] = []
    for case in cases:
        mic = SET / case["mic"]
        playing = SET / case["playing"] if with_playing else None
        # A question's cases: the dialog is open, so its answers are heard over it too.
        heard, answers = (actions.while_question_shows(commands) if case.get("question")
                          else (commands, frozenset()))
        events = recordings.listen_to_recording(mic, heard, playing=playing,
                                                answers=answers)
        hit, wrong = judge(case, events)
        part = f"question {case['split']}" if case.get("question") else case["split"]
        split = results.setdefault(part, {"bargein": 0, "hit": 0, "reading": 0,
                                          "wrong": 0, "cases_wrong": 0})
        split["bargein"] += bool(case["expected"])
        split["reading"] += not case["expected"]
        split["hit"] += hit
        split["wrong"] += wrong
        split["cases_wrong"] += wrong > 0
        if hit:
            first = next(e for e in events if e.kind == "command")
            lags.append((first.decided_s or 0.0) - float(case["user_end_s"]))
        if verbose:
            said = ", ".join(
                f"{e.kind[:3]} {e.phrase!r}@{e.decided_s}" + (f" ({e.message})" if e.message
                                                              else "")
                for e in events)
            print(f"  {case['mic']:32} {case['expected'] or '-':13} {case['user_voice']:22} "
                  f"{'HIT' if hit else '   '} wrong={wrong}: {said}")
    results["lags"] = lags  # type: ignore[assignment]
    return results


def report(name: str, results: dict) -> None:
    for split in ("train", "test", "question train", "question test"):
        r = results.get(split)
        if not r:
            continue
        said = "answers" if split.startswith("question") else "barge-ins"
        print(f"{name} {split.upper()}: {said} acted on {r['hit']}/{r['bargein']} "
              f"({r['hit'] / max(1, r['bargein']):.0%}); actions from the reading alone "
              f"{r['wrong']} (in {r['cases_wrong']} of {r['bargein'] + r['reading']} cases; "
              f"{r['reading']} cases are reading only)")
    if results["lags"]:
        print(f"{name}: acted on {statistics.median(results['lags']):.2f} s after the user's "
              "word ended (median)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--part", choices=("all", "reading", "questions"), default="all",
                        help="the stop/pause cases, the question cases, or both")
    args = parser.parse_args()
    cases = [case for case in load_cases() if args.part == "all"
             or bool(case.get("question")) == (args.part == "questions")]
    commands = listener.default_commands()
    started = time.perf_counter()
    report("with the played audio", run(cases, commands, True, args.verbose))
    seconds = time.perf_counter() - started
    audio = sum(listener_seconds(SET / c["mic"]) for c in cases)
    print(f"{len(cases)} cases, {audio:.0f} s of audio in {seconds:.1f} s "
          f"({seconds / audio:.2f} of real time, echo cancelling and decoding)")
    if not args.no_baseline:
        report("baseline, no played audio", run(cases, commands, False, args.verbose))
    return 0


def listener_seconds(path: Path) -> float:
    import wave

    with wave.open(str(path), "rb") as reader:
        return reader.getnframes() / reader.getframerate()


if __name__ == "__main__":
    raise SystemExit(main())
