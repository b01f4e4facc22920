"""How late do exercise cues arrive in a real session? (goal: worst < 100 ms)

Runs a real calm-breathing session on the real monotonic clock, ticked by an
asyncio sleep loop shaped like the player screen's timer: sleep until the next cue
is due, never longer than 0.1 s. Drift is (clock when the cue was delivered) -
(start + planned offset). Also reports the same session ticked at a fixed 0.1 s,
and the CPU time the loop used.

    python bench/bench_exercise_drift.py             # 2 minutes
    python bench/bench_exercise_drift.py --minutes 0.25
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hfs_tui.content.models import Exercise, ExerciseStep  # noqa: E402
from hfs_tui.exercise.schedule import plan  # noqa: E402
from hfs_tui.exercise.session import ExerciseSession  # noqa: E402

TICK_SECONDS = 0.1  # the player screen's longest wait between ticks
SOONEST_TICK = 0.005


def breathing() -> Exercise:
    return Exercise(
        id="calm-breathing", title="Calm breathing", order=1, voice_names=(),
        purpose="", position="",
        steps=(ExerciseStep("in", 5, "Breathe in", "in"),
               ExerciseStep("out", 5, "Breathe out", "out")),
        cycle=True, lengths=(1,), default_length=1,
    )


async def run(minutes: float, adaptive: bool) -> tuple[list[float], float, float]:
    the_plan = plan(breathing(), minutes, False, "words", settle_seconds=0)
    session = ExerciseSession(the_plan)
    cpu_before = time.process_time()
    session.start()
    start = session.due_time(0.0)
    drifts: list[float] = []
    while session.state == "running":
        now = time.monotonic()
        for cue in session.tick():
            drifts.append(now - (start + cue.at))
        due = session.next_due()
        if due is None:
            break
        delay = min(TICK_SECONDS, due - time.monotonic()) if adaptive else TICK_SECONDS
        await asyncio.sleep(max(SOONEST_TICK, delay) if adaptive else delay)
    cpu = time.process_time() - cpu_before
    return drifts, cpu, the_plan.total_seconds


def report(name: str, drifts: list[float], cpu: float, seconds: float) -> None:
    ms = sorted(d * 1000 for d in drifts)
    print(f"{name}: {len(ms)} cues over {seconds:.0f} s")
    print(f"  drift median {statistics.median(ms):.2f} ms, worst {max(ms):.2f} ms, "
          f"earliest {min(ms):.2f} ms")
    first = statistics.median(d * 1000 for d in drifts[:10])
    last = statistics.median(d * 1000 for d in drifts[-10:])
    print(f"  first 10 cues median {first:.2f} ms; last 10 cues median {last:.2f} ms")
    print(f"  CPU used {cpu * 1000:.0f} ms ({cpu / seconds * 100:.2f}% of one core)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2.0,
                        help="length of each session (default 2)")
    parser.add_argument("--skip-fixed", action="store_true",
                        help="only run the player's adaptive tick, not the fixed 0.1 s one")
    args = parser.parse_args()
    drifts, cpu, seconds = asyncio.run(run(args.minutes, adaptive=True))
    report("Player tick (sleep until due, at most 0.1 s)", drifts, cpu, seconds)
    worst = max(drifts)
    if not args.skip_fixed:
        fixed, cpu, seconds = asyncio.run(run(args.minutes, adaptive=False))
        report("Fixed 0.1 s tick, for comparison", fixed, cpu, seconds)
    print(f"goal: worst drift < 100 ms: {'met' if worst < 0.1 else 'NOT MET'}")
    return 0 if worst < 0.1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
