"""Run every benchmark, one after another, and print their results.

    .venv/bin/python bench/run_all.py            # everything
    .venv/bin/python bench/run_all.py speech     # only benchmarks whose name contains "speech"

Benchmarks are never part of the test suite: the machines are shared and noisy, so
timings are medians over many runs, quoted in docs/performance.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    wanted = sys.argv[1:]
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        if wanted and not any(word in script.stem for word in wanted):
            continue
        print(f"\n=== {script.name} ===", flush=True)
        result = subprocess.run([sys.executable, str(script)])
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
