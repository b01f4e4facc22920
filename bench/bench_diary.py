"""Diary speed with ten years of daily ratings and monthly injections.

    python bench/bench_diary.py

Goals (issue 7): the diary screen opens in under 150 ms, the chart draws in under
100 ms, export takes under 1 s. Issue 15: the store queries behind a list of the whole
history (count, a page, the row of an entry or a date, by kind) and the health check
stay in single milliseconds with ten years. Prints the median of several runs of each.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hfs_tui.diary import Diary, Entry, health  # noqa: E402
from hfs_tui.diary.chart import chart_rows  # noqa: E402
from hfs_tui.diary.export import export_csv, export_summary, read_csv  # noqa: E402
from hfs_tui.diary.stats import overview, summary_text  # noqa: E402
from hfs_tui.diary.store import LIST_FILTERS  # noqa: E402

NOW = datetime(2025, 6, 15, 22, 0)
YEARS = 10
RUNS = 7


def ten_years() -> list[Entry]:
    rng = random.Random(7)
    days = YEARS * 365
    start = NOW.date() - timedelta(days=days - 1)
    injections = [start + timedelta(days=30 * month + rng.randint(0, 5))
                  for month in range(days // 30)]
    injection_set = set(injections)
    entries = []
    last = None
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day in injection_set:
            last = day
        since = (day - last).days if last else 999
        level = 3 if 5 <= since < 24 else 6
        moment = datetime.combine(day, datetime.min.time()) + timedelta(hours=20)
        entries.append(Entry(kind="spasm", at=moment,
                             severity=max(0, min(10, level + rng.randint(-2, 2))),
                             parts=("eye",) if offset % 3 else ("eye", "cheek"),
                             triggers=("tired",) if offset % 4 == 0 else (),
                             note="long day" if offset % 10 == 0 else ""))
    entries += [Entry(kind="injection", at=datetime.combine(day, datetime.min.time())
                      + timedelta(hours=10), units=25, sites="eye, cheek",
                      clinic="Neurology") for day in injections]
    return entries


def median_ms(action, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def store_queries(diary: Diary, path: Path) -> None:
    """Issue 15: what a lazily loaded list of the whole history asks the store."""
    total = diary.count_rows()
    oldest, newest = diary.page(total - 1, 1)[0], diary.page(0, 1)[0]
    middle_day = (oldest.at + (newest.at - oldest.at) / 2).date()
    print(f"store queries, ten years ({total} entries), median of {RUNS * 3} runs:")
    for label, kinds in LIST_FILTERS.items():
        ms = median_ms(lambda kinds=kinds: diary.count_rows(kinds), RUNS * 3)
        print(f"  count_rows, {label:<32}{ms:7.2f} ms")
    rows = [("page of 40 at the newest end", lambda: diary.page(0, 40)),
            ("page of 40 in the middle", lambda: diary.page(total // 2, 40)),
            ("page of 40 at the oldest end", lambda: diary.page(total - 40, 40)),
            ("page of 40 of ratings, oldest end",
             lambda: diary.page(diary.count_rows("spasm") - 40, 40, "spasm")),
            ("row_of_entry, the oldest entry", lambda: diary.row_of_entry(oldest.id)),
            ("row_of_entry, the newest entry", lambda: diary.row_of_entry(newest.id)),
            ("row_of_date, five years back", lambda: diary.row_of_date(middle_day)),
            ("row_of_date, injections only",
             lambda: diary.row_of_date(middle_day, "injection")),
            ("health.check (quick_check of the file)", lambda: health.check(path))]
    for label, action in rows:
        print(f"  {label:<43} {median_ms(action, RUNS * 3):7.2f} ms")


async def screen_open_ms(path: Path, runs: int = RUNS) -> tuple[float, float, float]:
    """Median ms from pushing DiaryScreen to its data on screen, and to draw the chart."""
    from textual.app import App  # noqa: TID251 - the bench drives the real screen
    from textual.screen import Screen  # noqa: TID251
    from textual.widgets import Footer, Static  # noqa: TID251

    import hfs_tui.ui as ui_package
    from hfs_tui.ui.screens.diary import DiaryScreen
    from hfs_tui.ui.widgets.severity_chart import SeverityChart

    class BaselineScreen(Screen):
        """Textual's own floor on this machine: one line of text and a footer."""

        def compose(self):
            yield Static("hello")
            yield Footer()

    class StyledApp(App):
        """The app's own stylesheet, so the diary is laid out as users see it (a bare
        App gives the top bar a share of the height and leaves few entries on view)."""

        CSS_PATH = Path(ui_package.__file__).with_name("app.tcss")

    app = StyledApp()
    opened, drawn, baseline = [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        for run in range(runs + 1):
            started = time.perf_counter()
            app.push_screen(BaselineScreen())
            await pilot.pause()
            if run:
                baseline.append((time.perf_counter() - started) * 1000)
            app.pop_screen()
            await pilot.pause()
        for run in range(runs + 1):
            screen = DiaryScreen(path, now=lambda: NOW, days=365)
            started = time.perf_counter()
            app.push_screen(screen)
            while screen.overview is None and screen.error is None:
                await asyncio.sleep(0.001)
            await pilot.pause()
            elapsed = (time.perf_counter() - started) * 1000
            chart = screen.query_one(SeverityChart)
            chart_started = time.perf_counter()
            chart.render()
            chart_ms = (time.perf_counter() - chart_started) * 1000
            if run:  # the first run pays for imports and CSS parsing
                opened.append(elapsed)
                drawn.append(chart_ms)
            app.pop_screen()
            await pilot.pause()
    return statistics.median(opened), statistics.median(drawn), statistics.median(baseline)


async def screen_history_ms(path: Path, runs: int = RUNS) -> dict[str, float]:
    """The diary screen's whole-history list at 80x24, median ms of each step:
    open to the first rows shown, End to the oldest row shown, a jump to a date
    and a change of kind, each to its rows shown (every read in a thread)."""
    from datetime import date

    from textual.app import App  # noqa: TID251 - the bench drives the real screen

    import hfs_tui.ui as ui_package
    from hfs_tui.ui.screens.diary import DiaryScreen, Place
    from hfs_tui.ui.widgets.entry_list import EntryList

    class StyledApp(App):
        CSS_PATH = Path(ui_package.__file__).with_name("app.tcss")

    async def until(condition) -> None:
        while not condition():
            await asyncio.sleep(0.0005)

    async def one_run(app: App, pilot) -> dict[str, float]:
        screen = DiaryScreen(path, now=lambda: NOW)
        started = time.perf_counter()
        app.push_screen(screen)
        await until(lambda: screen.listing is not None or screen.error is not None)
        entries = screen.query_one(EntryList)
        await pilot.pause()
        times = {"open": time.perf_counter() - started}
        started = time.perf_counter()
        await pilot.press("end")
        await until(lambda: entries.selected is not None)
        await pilot.pause()
        times["end"] = time.perf_counter() - started
        started = time.perf_counter()
        await pilot.press("up")  # a row already read: what a key press costs in Pilot
        await pilot.pause()
        times["key"] = time.perf_counter() - started
        for step, place, kinds in (("jump", Place(day=date(2019, 3, 5)), "All entries"),
                                   ("kind", Place(row=0), "Injections")):
            before = screen.listing
            screen.kinds_label = kinds
            started = time.perf_counter()
            screen.reload(place)
            await until(lambda before=before: screen.listing is not before
                        and entries.selected is not None)
            await pilot.pause()
            times[step] = time.perf_counter() - started
        assert entries.row_count < 200, "the kind filter did not apply"
        app.pop_screen()
        await pilot.pause()
        return times

    steps: dict[str, list[float]] = {"open": [], "end": [], "key": [], "jump": [],
                                     "kind": []}
    app = StyledApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for run in range(runs + 1):
            times = await one_run(app, pilot)
            if run:  # the first run pays for imports and CSS parsing
                for step, seconds in times.items():
                    steps[step].append(seconds * 1000)
    return {step: statistics.median(values) for step, values in steps.items()}


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="hfs-bench-diary-"))
    path = folder / "diary.sqlite3"
    entries = ten_years()
    started = time.perf_counter()
    with Diary.open(path, clock=lambda: NOW) as diary:
        diary.add_many(entries)
    print(f"built {len(entries)} entries ({YEARS} years) in "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")

    today = NOW.date()
    with Diary.open(path, clock=lambda: NOW) as diary:
        for days in (30, 90, 365):
            ms = median_ms(lambda days=days: overview(diary, days, today))
            print(f"screen data, {days:>3} days (recent, cycles, chart, summary): {ms:7.1f} ms")
        store_queries(diary, path)
        print(f"open the file (Diary.open + close):          "
              f"{median_ms(lambda: Diary.open(path).close()):7.1f} ms")
        daily = diary.daily_severity(since=today - timedelta(days=364), until=today)
        injections = [e.day for e in diary.entries(kind="injection")
                      if e.day >= today - timedelta(days=364)]
        ms = median_ms(lambda: chart_rows(daily, injections, today - timedelta(days=364),
                                          today, 118, 20))
        print(f"chart rows, 365 days at 118x20:              {ms:7.1f} ms")
        print(f"summary_text, 365 days:                      "
              f"{median_ms(lambda: summary_text(diary, 365, today)):7.1f} ms")
        csv_path, report = folder / "all.csv", folder / "report.html"
        print(f"export --csv (every entry):                  "
              f"{median_ms(lambda: export_csv(diary, csv_path, force=True)):7.1f} ms")
        print(f"export --summary (HTML report):              "
              f"{median_ms(lambda: export_summary(diary, report, today, force=True)):7.1f} ms")
        print(f"import: read and validate the CSV:           "
              f"{median_ms(lambda: read_csv(csv_path, NOW), runs=3):7.1f} ms")
        save_ms = median_ms(lambda: diary.log_spasm(4, at=NOW - timedelta(minutes=5)),
                            runs=15)
        print(f"one reported save (fsynced):                 {save_ms:7.1f} ms")

    opened, drawn, baseline = asyncio.run(screen_open_ms(path))
    print(f"diary screen opens, year view (to data shown): {opened:5.1f} ms   (goal < 150)")
    print(f"  (Textual floor here: a screen with one line and a footer: {baseline:.1f} ms)")
    print(f"chart widget render, 118 columns:              {drawn:5.1f} ms   (goal < 100)")
    history = asyncio.run(screen_history_ms(path))
    print("diary screen, whole history at 80x24 (to rows shown):")
    print(f"  open, 30-day view, first rows:    {history['open']:6.1f} ms   (goal < 150)")
    print(f"  End, to the oldest row:           {history['end']:6.1f} ms")
    print(f"    (Pilot's cost of one key press, Up on rows already read: "
          f"{history['key']:.1f} ms)")
    print(f"  go to a date (2019-03-05):        {history['jump']:6.1f} ms")
    print(f"  show only injections:             {history['kind']:6.1f} ms")


if __name__ == "__main__":
    main()
