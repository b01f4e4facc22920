"""One meaning for each number: build a diary, export the CSV, recompute every figure
in the clinic report (both formats) and in the spoken summary from the CSV alone, with
code written separately from hfs_tui/diary/figures.py, and check that they agree."""

from __future__ import annotations

import csv
import random
import re
import statistics
from collections import defaultdict
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hfs_tui.diary import Diary, Entry, summary_text
from hfs_tui.diary.export import export_csv, export_summary

NOW = datetime(2025, 6, 15, 21, 0)
TODAY = NOW.date()


def build_diary(path: Path) -> None:
    rng = random.Random(11)
    start = TODAY - timedelta(days=420)
    injections = [start + timedelta(days=d) for d in (20, 115, 205, 300, 395)]
    entries: list[Entry] = []
    for offset in range(421):
        day = start + timedelta(days=offset)
        last = max((i for i in injections if i <= day), default=None)
        since = (day - last).days if last else 999
        level = 3 if 6 <= since < 60 + offset % 17 else 7
        # More ratings on bad days, as people log more when it is bad, and some days
        # none: the average of all ratings and an average of daily averages differ.
        for k in range(rng.choice((1, 2, 3, 3)) if level == 7 else rng.choice((0, 1, 1))):
            entries.append(Entry(kind="spasm", severity=max(0, min(10, level + rng.randint(-2, 2))),
                                 at=datetime.combine(day, datetime.min.time())
                                 + timedelta(hours=8 + 5 * k)))
    entries += [Entry(kind="injection", at=datetime.combine(d, datetime.min.time())
                      + timedelta(hours=10), units=20 + n, sites="left eye, cheek")
                for n, d in enumerate(injections)]
    entries += [
        Entry(kind="side_effect", at=datetime.combine(injections[1] + timedelta(days=4),
                                                      datetime.min.time()),
              name="drooping eyelid", end=datetime.combine(injections[1] + timedelta(days=12),
                                                           datetime.min.time())),
        Entry(kind="side_effect", at=datetime.combine(injections[3] + timedelta(days=2),
                                                      datetime.min.time()),
              name="double vision"),
        Entry(kind="medicine", at=datetime.combine(start, datetime.min.time()),
              name="clonazepam", dose="0.5 mg", end=datetime.combine(
                  start + timedelta(days=60), datetime.min.time())),
        Entry(kind="surgery", at=datetime.combine(start + timedelta(days=3),
                                                  datetime.min.time()), name="MVD"),
    ]
    with Diary.open(path, clock=lambda: NOW) as diary:
        saved = diary.add_many(entries)
        diary.delete(saved[5].id)  # a deleted rating counts nowhere


# --- recomputed from the CSV alone ---------------------------------------------------


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def day_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def ratings_by_day(rows) -> dict[date, list[int]]:
    days: dict[date, list[int]] = defaultdict(list)
    for row in rows:
        if row["kind"] == "spasm":
            days[datetime.fromisoformat(row["date_time"]).date()].append(int(row["severity"]))
    return days


def expected_figures_row(name: str, days: dict[date, list[int]], since: date | None):
    chosen = {d: values for d, values in days.items() if since is None or d >= since}
    every = [v for values in chosen.values() for v in values]
    if not every:
        return [name, "0", "0", "no ratings", "", ""]
    weeks: dict[date, list[int]] = defaultdict(list)
    for d, values in days.items():  # every rating of the week, then keep whole weeks
        weeks[d - timedelta(days=d.weekday())] += values
    whole = {w: v for w, v in weeks.items() if len(v) >= 3
             and (since is None or w >= since) and w + timedelta(days=6) <= TODAY}
    averages = {w: sum(v) / len(v) for w, v in whole.items()}
    if not averages:
        return [name, str(len(every)), str(len(chosen)), f"{sum(every) / len(every):.1f}",
                "not enough ratings yet", "not enough ratings yet"]
    best = min(averages.values())
    worst = max(averages.values())
    best_week = max(w for w, a in averages.items() if a == best)
    worst_week = max(w for w, a in averages.items() if a == worst)
    return [name, str(len(every)), str(len(chosen)), f"{sum(every) / len(every):.1f}",
            f"week of {day_text(best_week)}: {best:.1f}",
            f"week of {day_text(worst_week)}: {worst:.1f}"]


def days_of_relief(daily: dict[date, float], injected: date, stop: date) -> str:
    before = [daily[injected - timedelta(days=k)] for k in range(1, 15)
              if injected - timedelta(days=k) in daily]
    if len(before) < 3:
        return "not clear"
    baseline = sum(before) / len(before)
    lowest = None
    day = injected + timedelta(days=7)
    while day < stop:
        window = [daily[day - timedelta(days=k)] for k in range(7)
                  if day - timedelta(days=k) in daily]
        if len(window) >= 3:
            rolling = statistics.fmean(window)
            lowest = rolling if lowest is None else min(lowest, rolling)
            after = (day - injected).days
            if after >= 21 and baseline - lowest >= 1 and \
                    rolling >= lowest + (baseline - lowest) / 2:
                return str(after)
        day += timedelta(days=1)
    if stop > TODAY and lowest is not None and baseline - lowest >= 1:
        return f"still helping ({(TODAY - injected).days} days so far)"
    return "not clear"


def expected_tables(rows) -> dict[str, list[list[str]]]:
    days = ratings_by_day(rows)
    tables = {"Spasm ratings (0 none to 10 very bad)": [
        expected_figures_row("Last 30 days", days, TODAY - timedelta(days=29)),
        expected_figures_row("Last 90 days", days, TODAY - timedelta(days=89)),
        expected_figures_row("Last 365 days", days, TODAY - timedelta(days=364)),
        expected_figures_row("Whole diary", days, None)]}
    daily = {d: sum(v) / len(v) for d, v in days.items()}
    injections = sorted((datetime.fromisoformat(r["date_time"]).date(), r)
                        for r in rows if r["kind"] == "injection")
    effects = [r for r in rows if r["kind"] == "side_effect"]
    cycle_rows = []
    for index, (injected, row) in enumerate(injections):
        following = injections[index + 1][0] if index + 1 < len(injections) else None
        during = []
        for effect in effects:
            begun = datetime.fromisoformat(effect["date_time"]).date()
            if injected <= begun and (following is None or begun < following):
                if effect["end_date_time"]:
                    ended = datetime.fromisoformat(effect["end_date_time"]).date()
                    lasted = f"{(ended - begun).days + 1} days"
                else:
                    lasted = "end not recorded"
                during.append(f"{effect['name']}, {lasted}")
        cycle_rows.append([
            day_text(injected), row["units"], row["sites"],
            days_of_relief(daily, injected, following or TODAY + timedelta(days=1)),
            str((following - injected).days) if following else "",
            "; ".join(during) or "none recorded"])
    tables[f"Injection cycles (latest {len(injections)} of {len(injections)})"] = cycle_rows
    months: dict[date, dict[date, list[int]]] = defaultdict(dict)
    for d, values in days.items():
        months[d.replace(day=1)][d] = values
    latest = sorted(months)[-12:]
    tables["Monthly average (latest 12 months with ratings)"] = [
        [f"{m:%B %Y}", str(sum(len(v) for v in months[m].values())), str(len(months[m])),
         f"{sum(sum(v) for v in months[m].values()) / sum(len(v) for v in months[m].values()):.1f}"]
        for m in latest]
    return tables


# --- read back from the report ---------------------------------------------------------


def markdown_tables(text: str) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[str]]] = {}
    heading = None
    for line in text.splitlines():
        if line.startswith("## "):
            heading = re.sub(r"\\(.)", r"\1", line[3:])
            continue
        if line.startswith("|") and heading and not line.startswith("|---"):
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            tables.setdefault(heading, []).append(
                [re.sub(r"\\(.)", r"\1", cell.strip()) for cell in cells])
    return {name: rows[1:] for name, rows in tables.items()}  # without the column names


class TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.heading = ""
        self.where: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.where.append(tag)
        if tag in ("h2", "td", "th"):
            self.text = ""
        if tag == "tr" and "tbody" in self.where:
            self.tables.setdefault(self.heading, []).append([])

    def handle_endtag(self, tag):
        if tag == "h2":
            self.heading = self.text
        if tag == "td":
            self.tables[self.heading][-1].append(self.text)
        self.where.pop()

    def handle_data(self, data):
        self.text += data


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = Path(tmp_path_factory.mktemp("figures"))
    build_diary(folder / "diary.sqlite3")
    with Diary.open(folder / "diary.sqlite3", clock=lambda: NOW) as diary:
        export_csv(diary, folder / "all.csv")
        export_summary(diary, folder / "report.md", today=TODAY)
        export_summary(diary, folder / "report.html", today=TODAY)
        spoken = {days: summary_text(diary, days, TODAY) for days in (30, 90, 365)}
    return folder, read_rows(folder / "all.csv"), spoken


def test_every_figure_in_the_markdown_report_agrees_with_the_csv(made):
    folder, rows, _spoken = made
    found = markdown_tables((folder / "report.md").read_text(encoding="utf-8"))
    for heading, expected in expected_tables(rows).items():
        assert found[heading] == expected, heading


def test_every_figure_in_the_html_report_agrees_with_the_csv(made):
    folder, rows, _spoken = made
    reader = TableReader()
    reader.feed((folder / "report.html").read_text(encoding="utf-8"))
    for heading, expected in expected_tables(rows).items():
        assert reader.tables[heading] == expected, heading


def test_the_diary_has_the_cases_that_tell_averages_apart(made):
    _folder, rows, _spoken = made
    days = ratings_by_day(rows)
    every = [v for values in days.values() for v in values]
    mean_of_days = statistics.fmean(statistics.fmean(v) for v in days.values())
    assert f"{mean_of_days:.1f}" != f"{statistics.fmean(every):.1f}"  # the trap
    table = expected_tables(rows)
    relief = [row[3] for row in next(v for k, v in table.items() if k.startswith("Inj"))]
    assert sum(cell.isdigit() for cell in relief) >= 3, relief


@pytest.mark.parametrize("days", [30, 90, 365])
def test_the_spoken_summary_agrees_with_the_csv(made, days):
    _folder, rows, spoken = made
    expected = expected_figures_row("", ratings_by_day(rows), TODAY - timedelta(days=days - 1))
    text = spoken[days]
    assert f"you logged {expected[1]} ratings." in text
    assert f"The average of all ratings was {expected[3]} out of 10" in text
    assert f"Days rated: {expected[2]} of {days}." in text
    best = expected[4].replace("week of ", "").split(":")[0].rsplit(" ", 1)[0]
    assert f"Best week: week of {best}, weekly average {expected[4].split(': ')[1]}" in text
