"""Injection cycles, summaries and the text chart (all pure, on real SQLite data)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from hfs_tui.diary import Diary, Entry, severity_words, summary_text
from hfs_tui.diary.chart import INJECTION_MARK, MISSING_MARK, chart_rows, chart_text
from hfs_tui.diary.stats import add_months, diary_outlook, injection_cycles, outlook

TODAY = date(2025, 6, 15)
NOW = datetime(2025, 6, 15, 23, 0)


def history(days: int, injections: list[date], wears_off_after: int = 70,
            seed: int = 1) -> list[Entry]:
    """Daily ratings: 7ish before an injection works and after it wears off, 3ish between."""
    rng = random.Random(seed)
    entries = []
    start = TODAY - timedelta(days=days - 1)
    for offset in range(days):
        day = start + timedelta(days=offset)
        last = max((i for i in injections if i <= day), default=None)
        since = (day - last).days if last else 10_000
        level = 3 if 5 <= since < wears_off_after else 7
        entries.append(Entry(kind="spasm", at=datetime.combine(day, datetime.min.time())
                             + timedelta(hours=20), severity=level + rng.randint(-1, 1)))
    entries += [Entry(kind="injection", at=datetime.combine(day, datetime.min.time())
                      + timedelta(hours=10), units=25) for day in injections]
    return entries


@pytest.fixture
def diary(tmp_path: Path):
    with Diary.open(tmp_path / "diary.sqlite3", clock=lambda: NOW) as opened:
        yield opened


def test_severity_words():
    assert [severity_words(n) for n in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)] == [
        "none", "very mild", "very mild", "mild", "mild", "moderate", "moderate",
        "bad", "bad", "very bad", "very bad"]


def test_cycles_are_measured_from_the_users_own_ratings(diary):
    injections = [TODAY - timedelta(days=d) for d in (380, 285, 190, 95)]
    diary.add_many(history(420, injections, wears_off_after=70))
    cycles, seen = diary_outlook(diary, TODAY)
    assert [cycle.injection for cycle in cycles] == injections
    measured = [cycle.wore_off_after_days for cycle in cycles]
    assert all(days is not None and 68 <= days <= 76 for days in measured), measured
    assert seen.source == "history"
    assert seen.cycles_used == 4
    assert seen.days_since == 95
    assert seen.due_from == injections[-1] + timedelta(days=seen.typical_days)
    text = seen.text(TODAY)
    assert "Last injection: 95 days ago" in text and "wear off after about" in text


def test_too_little_history_falls_back_to_the_leaflets_3_to_4_months(diary):
    injection = TODAY - timedelta(days=20)
    diary.log_injection(at=datetime.combine(injection, datetime.min.time()))
    diary.log_spasm(6, at=NOW - timedelta(days=2))
    _cycles, seen = diary_outlook(diary, TODAY)
    assert seen.source == "leaflet"
    assert (seen.due_from, seen.due_to) == (add_months(injection, 3), add_months(injection, 4))
    assert "3 to 4 months" in seen.text(TODAY)


def test_no_injections():
    seen = outlook([], TODAY)
    assert seen.text(TODAY) == "No injections recorded yet. Press i to add one."


def test_an_injection_that_did_not_help_gives_no_cycle():
    daily = [(TODAY - timedelta(days=d), 6.0, 1) for d in range(200)]
    cycles = injection_cycles(daily, [TODAY - timedelta(days=150)], TODAY)
    assert cycles[0].baseline == 6.0
    assert cycles[0].wore_off_after_days is None


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 15), 4) == date(2025, 7, 15)


def test_summary_text_is_short_plain_and_speakable(diary):
    injections = [TODAY - timedelta(days=d) for d in (300, 200, 100)]
    diary.add_many(history(365, injections))
    text = summary_text(diary, 30)
    assert text.startswith("In the last 30 days you logged 30 ratings.")
    assert "Best week: week of" in text and "Worst week: week of" in text
    assert "Weekly averages" in text
    assert "Last injection: 100 days ago" in text
    assert all(ch.isprintable() for ch in text)
    year = summary_text(diary, 365)
    assert "Monthly averages" in year and len(year) < 1200


def test_summary_of_an_empty_diary(diary):
    assert summary_text(diary, 90) == "No spasm ratings in the last 90 days. Press l to log one."


def test_chart_draws_bars_marks_injections_and_gaps():
    start = TODAY - timedelta(days=29)
    daily = [(start + timedelta(days=d), float(d % 11), 1) for d in range(30) if d != 10]
    injection = start + timedelta(days=20)
    rows = chart_rows(daily, [injection], start, TODAY, width=80, height=14)
    text = chart_text(rows)
    lines = text.splitlines()
    assert len(rows) == 14
    assert lines[0].startswith("10┤") and lines[9].startswith(" 0┤")
    assert INJECTION_MARK in lines[11]
    assert MISSING_MARK in lines[9]  # day 10 has no rating
    assert "█" in text and "┊" in text
    assert lines[12].strip().startswith(f"{start.day} {start:%b}")
    assert "average rating per day" in lines[13]
    roles = {role for row in rows for _text, role in row}
    assert {"bar", "injection", "missing", "axis", "label", "legend"} <= roles
    assert all(len("".join(t for t, _ in row)) <= 80 for row in rows)


def test_chart_heights_follow_the_ratings():
    start = TODAY - timedelta(days=1)
    rows = chart_rows([(start, 10.0, 1), (TODAY, 0.0, 1)], [], start, TODAY, 20, 14)
    plot = [("".join(t for t, _ in row)) for row in rows[:10]]
    # Two days in 17 columns: each day gets a 3-column cell (two bar columns, one gap).
    full_column = [line[3:6] for line in plot]
    assert full_column == ["██ "] * 10  # a 10 fills every row
    zero_column = [line[6:9].ljust(3) for line in plot]
    assert zero_column[-1] == "__ "  # a 0 is still a rating: drawn on the floor
    assert set(zero_column[:-1]) == {"   "}


def test_a_year_is_grouped_into_columns_that_fit():
    start = TODAY - timedelta(days=364)
    daily = [(start + timedelta(days=d), 5.0, 1) for d in range(365)]
    rows = chart_rows(daily, [start + timedelta(days=100)], start, TODAY, 60, 12)
    assert all(len("".join(t for t, _ in row)) <= 60 for row in rows)
    assert "per 7 days" in chart_text(rows)
    assert f"{start:%b} {start:%Y}" in chart_text(rows)


def test_figures_have_one_meaning_each():
    from hfs_tui.diary.figures import figures_from_days, one_decimal

    monday = date(2025, 6, 2)
    days = [
        (monday, 9 + 9 + 9, 3),                      # a bad day, rated three times
        (monday + timedelta(days=1), 1, 1),          # a good day, rated once
        (monday + timedelta(days=7), 4 + 4 + 4, 3),  # week 2: 4.0 (three ratings)
        (monday + timedelta(days=14), 4 + 4, 2),     # week 3: 4.0 (three ratings)
        (monday + timedelta(days=15), 4, 1),
        (monday + timedelta(days=21), 0, 1),         # week 4: one rating of 0
    ]
    found = figures_from_days(days)
    assert (found.ratings, found.days_rated) == (11, 6)
    assert found.average == (27 + 1 + 12 + 12 + 0) / 11  # every rating counts once
    assert one_decimal(found.average) == "4.7"
    assert one_decimal((9 + 1 + 4 + 4 + 4 + 0) / 6) == "3.7"  # NOT a mean of daily means
    assert [(w.start, w.ratings, w.days_rated, w.average) for w in found.weeks] == [
        (monday, 4, 2, 7.0), (monday + timedelta(days=7), 3, 1, 4.0),
        (monday + timedelta(days=14), 3, 2, 4.0), (monday + timedelta(days=21), 1, 1, 0.0)]
    # Week 4 (one rating) is too thin for best; weeks 2 and 3 tie: the most recent wins.
    assert found.best_week.start == monday + timedelta(days=14)
    assert found.worst_week.start == monday
    assert [(m.start, m.ratings) for m in found.months] == [(date(2025, 6, 1), 11)]
    assert figures_from_days([]).average is None


def test_the_due_line_is_short_sentences_that_say_what_it_is_based_on(diary):
    """Issue 9: "now" instead of "that is now", and the basis said truthfully: the
    usual 3 to 4 months until the ratings show when two injections wore off."""
    injection = TODAY - timedelta(days=95)
    diary.log_injection(at=datetime.combine(injection, datetime.min.time()))
    _cycles, seen = diary_outlook(diary, TODAY)
    text = seen.text(TODAY)
    assert text == (
        "Last injection: 95 days ago (12 March 2025). Next injection: usually due "
        "between 12 June and 12 July 2025 (now). This uses the usual 3 to 4 months. "
        "Once your ratings show when two injections wore off, it will use your own "
        "timing.")
    assert "too few ratings" not in text and "leaflet's" not in text
    assert all(len(sentence) < 120 for sentence in text.split(". "))
    # A small window shows the dates only.
    assert seen.text(TODAY, brief=True) == (
        "Last injection: 95 days ago (12 March 2025). Next injection: usually due "
        "between 12 June and 12 July 2025 (now).")


def test_the_due_line_from_own_history_says_how_many_injections_it_measured(diary):
    injections = [TODAY - timedelta(days=d) for d in (380, 285, 190, 95)]
    diary.add_many(history(420, injections, wears_off_after=70))
    _cycles, seen = diary_outlook(diary, TODAY)
    text = seen.text(TODAY)
    assert f"Next injection: usually due around {seen.due_from.day} " in text
    assert text.endswith(f"Your ratings show they wear off after about "
                         f"{seen.typical_days} days (4 injections).")
    one_day = outlook([replace(c, wore_off_after_days=94) for c in _cycles], TODAY)
    assert "(1 day ago)." in one_day.text(TODAY)
