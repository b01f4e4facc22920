"""Every figure about spasm ratings, each with one meaning, computed here only.

The diary screen's summary, the spoken summary, `hfs-tui diary summary`, both clinic
report formats and the CSV cross-check (tests/unit/diary/test_diary_figures.py) all take their
numbers from `Figures`, and print them with the labels in `LABELS`:

- ratings: how many spasm ratings were logged in the period.
- days rated: how many calendar days have at least one rating.
- average of all ratings: the sum of every rating divided by how many there are
  (a day with three ratings counts three times; it is NOT an average of daily averages).
- weekly average: the average of all ratings in one week, Monday to Sunday (the
  first and last weeks are cut at the ends of the period).
- monthly average: the average of all ratings in one calendar month (also cut).
- best week / worst week: the week with the lowest / highest weekly average, among
  weeks with at least MIN_RATINGS_FOR_WEEK ratings (all weeks if none has that
  many); on a tie, the most recent week.
- days of relief (see stats.injection_cycles): days from an injection until the
  7-day average of daily ratings rose more than halfway back to the 2 weeks before.

Averages are built from whole-number sums (Diary.daily_totals), so they are exact
and two places that print one with `one_decimal()` always print the same digits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from hfs_tui.diary.store import Diary

MIN_RATINGS_FOR_WEEK = 3
"""A week with one or two ratings says little; best and worst prefer fuller weeks."""

LABELS = {
    "ratings": "ratings",
    "days_rated": "days rated",
    "average": "average of all ratings",
    "weekly": "weekly average (all ratings Monday to Sunday)",
    "monthly": "monthly average (all ratings in the month)",
    "best_week": "best week (lowest weekly average)",
    "worst_week": "worst week (highest weekly average)",
    "relief": "days of relief (from the injection until ratings rose again)",
}

RELIEF_EXPLAINED = ("Days of relief: days from the injection until the 7-day average "
                    "of daily ratings rose more than halfway back to the 2 weeks before it.")


@dataclass(frozen=True)
class Period:
    """A week (start = its Monday) or a month (start = its 1st) of ratings."""

    start: date
    ratings: int
    days_rated: int
    total: int

    @property
    def average(self) -> float:
        return self.total / self.ratings


@dataclass(frozen=True)
class Figures:
    """The rating figures for the days `since` to `until` (inclusive)."""

    since: date | None
    until: date | None
    ratings: int
    days_rated: int
    total: int
    weeks: list[Period]
    months: list[Period]
    best_week: Period | None
    worst_week: Period | None

    @property
    def average(self) -> float | None:
        """The average of all ratings; None when there are none."""
        return self.total / self.ratings if self.ratings else None


def one_decimal(value: float) -> str:
    """How every average is printed: 4.75 -> "4.8"."""
    return f"{value:.1f}"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def figures_from_days(days: list[tuple[date, int, int]], since: date | None = None,
                      until: date | None = None) -> Figures:
    """Figures from (day, sum of ratings, number of ratings) for each rated day."""
    weeks = _group(days, week_start)
    months = _group(days, lambda day: day.replace(day=1))
    solid = [week for week in weeks if week.ratings >= MIN_RATINGS_FOR_WEEK] or weeks
    best = min(solid, key=lambda w: (w.average, -w.start.toordinal())) if solid else None
    worst = max(solid, key=lambda w: (w.average, w.start.toordinal())) if solid else None
    return Figures(
        since=since, until=until,
        ratings=sum(count for _day, _total, count in days),
        days_rated=sum(1 for _day, _total, count in days if count),
        total=sum(total for _day, total, _count in days),
        weeks=weeks, months=months, best_week=best, worst_week=worst)


def _group(days: list[tuple[date, int, int]],
           key: Callable[[date], date]) -> list[Period]:
    buckets: dict[date, list[int]] = {}
    for day, total, count in days:
        if not count:
            continue
        bucket = buckets.setdefault(key(day), [0, 0, 0])
        bucket[0] += count
        bucket[1] += 1
        bucket[2] += total
    return [Period(start, ratings, days_rated, total)
            for start, (ratings, days_rated, total) in sorted(buckets.items())]


def diary_figures(diary: Diary, since: date | None = None, until: date | None = None) -> Figures:
    """Figures for the days `since` to `until` (inclusive; None = no limit)."""
    return figures_from_days(diary.daily_totals(since=since, until=until), since, until)


def last_days(diary: Diary, days: int, today: date) -> Figures:
    """Figures for the last `days` days, today included."""
    return diary_figures(diary, today - timedelta(days=days - 1), today)
