"""The diary screen's open, this tree's DiaryScreen against another revision's, and
Textual's floor, interleaved in one run so all three see the same load (the shared
machine's noise swamps a before-and-after made minutes apart).

    python bench/bench_diary_ab.py [RUNS] [DAYS] [--base REV]

DAYS 30 is the whole-history line of bench_diary.py (80x24), 365 its year view
(120x40). REV (default main) gives the other hfs_tui/ui/screens/diary.py, through
`git show`; the rest of the package is this tree's. Medians, p90 and max in ms,
from push to the data shown and painted (as bench_diary.py measures).
"""
import argparse
import asyncio
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
import bench_diary as B  # noqa: E402

from hfs_tui.diary import Diary  # noqa: E402
from hfs_tui.ui.screens import diary as new_mod  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("runs", nargs="?", type=int, default=21)
parser.add_argument("days", nargs="?", type=int, default=30, choices=(30, 365))
parser.add_argument("--base", default="main")
options = parser.parse_args()
RUNS, DAYS = options.runs, options.days
SIZE = (120, 40) if DAYS == 365 else (80, 24)
folder = Path(tempfile.mkdtemp(prefix="hfs-bench-diary-ab-"))
path = folder / "diary.sqlite3"
with Diary.open(path, clock=lambda: B.NOW) as diary:
    diary.add_many(B.ten_years())
base_file = folder / "diary_base.py"
base_file.write_text(subprocess.run(
    ["git", "show", f"{options.base}:hfs_tui/ui/screens/diary.py"], cwd=ROOT,
    capture_output=True, text=True, check=True).stdout)
spec = importlib.util.spec_from_file_location("diary_base", base_file)
main_mod = importlib.util.module_from_spec(spec)
sys.modules["diary_base"] = main_mod
spec.loader.exec_module(main_mod)


async def run() -> None:
    from textual.app import App  # noqa: TID251 - the bench drives the real screen
    from textual.screen import Screen  # noqa: TID251
    from textual.widgets import Footer, Static  # noqa: TID251

    import hfs_tui.ui as ui_package

    class StyledApp(App):
        CSS_PATH = Path(ui_package.__file__).with_name("app.tcss")

    class Baseline(Screen):
        def compose(self):
            yield Static("hello")
            yield Footer()

    async def open_ms(pilot, module) -> float:
        started = time.perf_counter()
        if module is None:
            app.push_screen(Baseline())
        else:
            screen = module.DiaryScreen(path, now=lambda: B.NOW, days=DAYS)
            app.push_screen(screen)
            while screen.listing is None and screen.error is None:
                await asyncio.sleep(0.0005)
        await pilot.pause()
        elapsed = (time.perf_counter() - started) * 1000
        app.pop_screen()
        await pilot.pause()
        return elapsed

    app = StyledApp()
    kinds = ((options.base, main_mod), ("this tree", new_mod), ("floor", None))
    results: dict[str, list[float]] = {name: [] for name, _ in kinds}
    async with app.run_test(size=SIZE) as pilot:
        for run in range(RUNS + 1):
            for name, module in kinds:
                elapsed = await open_ms(pilot, module)
                if run:  # the first run pays for imports and CSS parsing
                    results[name].append(elapsed)
    for name, times in results.items():
        times.sort()
        print(f"  {name:10} median {statistics.median(times):6.1f} ms   "
              f"p90 {times[int(len(times) * 0.9)]:6.1f}   max {times[-1]:6.1f}")


print(f"diary screen open, {DAYS}-day view at {SIZE[0]}x{SIZE[1]}, {RUNS} runs each:")
asyncio.run(run())
