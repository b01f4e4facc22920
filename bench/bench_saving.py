"""What a save costs the thread that asks for it, and how bursts coalesce.

    python bench/bench_saving.py [--saves 200]

- the time `state.save_position` takes on the calling thread (the UI thread, for
  every page turn): it only queues; the writer thread does the disk work;
- how many files a burst of saves becomes (page turns, a held `+` key), and the
  time until the last one is on disk (with fsync);
- 8 threads saving at once: errors (goal: none) and the value left on disk.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hfs_tui import saving, state  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hfs-bench-saving-"))
    path = folder / "position.json"

    # One save at a time, waiting for each to land: the cost on the calling thread.
    calls = []
    for n in range(args.saves):
        start = time.perf_counter()
        state.save_position(state.Position("intro", n), path)
        calls.append(time.perf_counter() - start)
        state.flush(10)
    print(f"save_position on the calling thread, median: "
          f"{statistics.median(calls) * 1e6:.0f} us (disk work is on the writer thread)")

    # A burst, as fast as keys repeat and faster.
    before = saving.WRITER.writes
    start = time.perf_counter()
    for n in range(args.saves):
        state.save_position(state.Position("intro", n), path)
    state.flush(10)
    took = time.perf_counter() - start
    print(f"burst of {args.saves} saves: {saving.WRITER.writes - before} file writes, "
          f"last value on disk after {took * 1000:.1f} ms "
          f"(sentence {json.loads(path.read_text())['sentence']})")

    errors: list[BaseException] = []

    def hammer(thread: int) -> None:
        try:
            for n in range(args.saves):
                state.save_position(state.Position(f"t{thread}", n), path)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=hammer, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    state.flush(10)
    print(f"8 threads x {args.saves} saves: {len(errors)} errors, on disk "
          f"{json.loads(path.read_text())}")


if __name__ == "__main__":
    main()
