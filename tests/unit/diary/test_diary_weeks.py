"""Best and worst week are whole weeks (Monday to Sunday) inside the period, and
"Last N days" counts ratings dated a little ahead of today, as the whole diary does.
Every figure here goes through a real SQLite diary and the real report, summary and
diary-screen code."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

from hfs_tui.diary import Diary, Entry, summary_text
from hfs_tui.diary.export import export_summary
from hfs_tui.diary.figures import last_days, one_decimal
from hfs_tui.diary.report import build_report
from hfs_tui.diary.stats import overview, summary_lines

# The audit's case: the last 30 days start on Sunday 8 November 2026, so the week of
# 2 November has only that Sunday inside the window.
TODAY = date(2026, 12, 7)
NOW = datetime.combine(TODAY, time(20, 0))
WINDOW_START = TODAY - timedelta(days=29)
CUT_WEEK = date(2026, 11, 2)


def every_seven_hours(path: Path) -> list[Entry]:
    """Two years of a rating every 7 hours; the cut Sunday's ratings are all 0, so the
    three of them alone would be by far the best "week"."""
    rng = random.Random(5)
    entries, at = [], NOW - timedelta(days=730)
    while at <= NOW:
        severity = 0 if at.date() == WINDOW_START else rng.randint(4, 8)
        entries.append(Entry(kind="spasm", at=at, severity=severity))
        at += timedelta(hours=7)
    with Diary.open(path, clock=lambda: NOW) as diary:
        diary.add_many(entries)
    return entries


def whole_week_average(entries: list[Entry], monday: date) -> float:
    ratings = [e.severity for e in entries
               if monday <= e.at.date() <= monday + timedelta(days=6) and e.severity is not None]
    assert len(ratings) >= 3
    return sum(ratings) / len(ratings)


def shown_weeks(cells: list[str]) -> list[tuple[date, str]]:
    found = []
    for cell in cells:
        day, average = re.fullmatch(r"week of (.+): (\d+\.\d)", cell).groups()
        found.append((datetime.strptime(day, "%d %B %Y").date(), average))
    return found


def test_a_week_cut_by_the_window_is_never_best_or_worst(tmp_path: Path):
    entries = every_seven_hours(tmp_path / "diary.sqlite3")
    with Diary.open(tmp_path / "diary.sqlite3", clock=lambda: NOW) as diary:
        assert sum(1 for e in entries if e.at.date() == WINDOW_START) == 3
        report = build_report(diary, TODAY)
        spoken = summary_text(diary, 30, TODAY)
    rows = {row[0]: row for row in report.tables[0].rows}
    for name in ("Last 30 days", "Last 90 days", "Last 365 days", "Whole diary"):
        for monday, average in shown_weeks(rows[name][4:6]):
            assert monday.weekday() == 0
            assert monday + timedelta(days=6) <= TODAY, name
            if name != "Whole diary":
                assert monday >= TODAY - timedelta(days=int(name.split()[1]) - 1), name
            # The figure is the average of every rating of that Monday to Sunday.
            assert average == one_decimal(whole_week_average(entries, monday)), name
    assert CUT_WEEK not in [monday for monday, _ in shown_weeks(rows["Last 30 days"][4:6])]
    assert "week of 2 November" not in spoken


def test_with_no_week_of_three_ratings_it_says_so_instead_of_a_thin_week(tmp_path: Path):
    monday = date(2026, 11, 16)
    at = [datetime.combine(monday, time(9)), datetime.combine(monday, time(18)),  # 2 ratings
          datetime.combine(monday + timedelta(days=7), time(9))]                   # 1 rating
    with Diary.open(tmp_path / "diary.sqlite3", clock=lambda: NOW) as diary:
        diary.add_many([Entry(kind="spasm", at=moment, severity=level)
                        for moment, level in zip(at, (9, 8, 1), strict=True)])
        report = build_report(diary, TODAY)
        spoken = summary_text(diary, 30, TODAY)
        screen = summary_lines(overview(diary, 30, TODAY).summary, with_weeks=False)
        export_summary(diary, tmp_path / "report.md", today=TODAY)
        export_summary(diary, tmp_path / "report.html", today=TODAY)
    for row in report.tables[0].rows:
        assert row[1] == "3"
        assert row[4:6] == ["not enough ratings yet", "not enough ratings yet"], row
    assert "Best and worst week: not enough ratings yet." in spoken
    assert "Best and worst week: not enough ratings yet." in screen
    assert "week of" not in spoken
    explained = " ".join(report.notes)
    assert "at least 3 ratings" in explained and "not enough ratings yet" in explained
    for name in ("report.md", "report.html"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "not enough ratings yet" in text and "week of" not in text, name


def test_a_rating_dated_a_few_hours_ahead_counts_in_the_recent_rows(tmp_path: Path):
    # Logged in London at 23:00, read in New York 5 hours behind: dated "tomorrow".
    evening = datetime.combine(TODAY, time(21, 0))
    london = evening + timedelta(hours=5)
    with Diary.open(tmp_path / "diary.sqlite3", clock=lambda: london) as diary:
        diary.add_many([Entry(kind="spasm", at=evening - timedelta(hours=3), severity=4),
                        Entry(kind="spasm", at=london, severity=6)])
    with Diary.open(tmp_path / "diary.sqlite3", clock=lambda: evening) as diary:
        report = build_report(diary, TODAY)
        spoken = summary_text(diary, 30, TODAY)
        assert last_days(diary, 30, TODAY).ratings == 2
    rows = {row[0]: row for row in report.tables[0].rows}
    for name in ("Last 30 days", "Last 90 days", "Last 365 days"):
        assert rows[name][1:4] == rows["Whole diary"][1:4] == ["2", "2", "5.0"], name
    assert "you logged 2 ratings" in spoken


def test_a_rating_dated_far_ahead_is_still_only_in_the_whole_diary(tmp_path: Path):
    # A clock a month wrong is not travel: the margin is small.
    wrong_clock = NOW + timedelta(days=30)
    with Diary.open(tmp_path / "diary.sqlite3", clock=lambda: wrong_clock) as diary:
        diary.add_many([Entry(kind="spasm", at=NOW - timedelta(hours=1), severity=4),
                        Entry(kind="spasm", at=wrong_clock, severity=6)])
    with Diary.open(tmp_path / "diary.sqlite3", clock=lambda: NOW) as diary:
        rows = {row[0]: row for row in build_report(diary, TODAY).tables[0].rows}
    assert rows["Last 30 days"][1] == "1" and rows["Whole diary"][1] == "2"

