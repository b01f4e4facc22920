"""How long loading and checking the built-in content takes (it runs at app start).

Run: python bench/bench_content_load.py
Prints the median of several runs of `validate_library` on the built-in content, and
the one-off cost of importing the loader in a fresh interpreter.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hfs_tui.content.loader import validate_library  # noqa: E402

RUNS = 30


def main():
    validate_library()  # warm-up: first-call imports
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        library, problems = validate_library()
        times.append(time.perf_counter() - start)
    assert library is not None and not problems, problems
    sentences = sum(len(section.sentences) for section in library.sections)
    print(f"validate_library (built-in: {len(library.sections)} sections, {sentences} "
          f"sentences, {len(library.exercises)} exercises): "
          f"median {statistics.median(times) * 1000:.1f} ms over {RUNS} runs")

    code = ("import time; t = time.perf_counter(); "
            "from hfs_tui.content.loader import validate_library; validate_library(); "
            "print(time.perf_counter() - t)")
    cold = []
    for _ in range(5):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                cwd=Path(__file__).resolve().parent.parent, check=True)
        cold.append(float(result.stdout))
    print(f"import + first load in a fresh interpreter: median "
          f"{statistics.median(cold) * 1000:.1f} ms over {len(cold)} runs")


if __name__ == "__main__":
    main()
