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
  whole weeks (Monday to Sunday) lying fully inside the period, which ends today,
  with at least MIN_RATINGS_FOR_WEEK ratings; on a tie, the most recent week.
  A week cut by the start of "Last 30 days" is not a week's average, and a thin week
  is no best or worst: with no such week, NOT_ENOUGH_FOR_WEEKS is shown instead.
- days of relief (see stats.injection_cycles): days from an injection until the
  7-day average of daily ratings rose more than halfway back to the 2 weeks before.

A "Last N days" period counts ratings dated up to FUTURE_MARGIN after today, as the
whole diary does: times are local wall-clock, so after travelling west (or a clock
put back) the latest ratings can be dated a little ahead of today.

Averages are built from whole-number sums (Diary.daily_totals), so they are exact
and two places that print one with `one_decimal()` always print the same digits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from hfs_tui.diary.store import Diary

MIN_RATINGS_FOR_WEEK = 3
"""A week with one or two ratings says little; best and worst need fuller weeks."""

NOT_ENOUGH_FOR_WEEKS = "not enough ratings yet"
"""Shown for best and worst week when no whole week has MIN_RATINGS_FOR_WEEK ratings."""

BEST_WORST_EXPLAINED = (
    "Best and worst week: the lowest and highest weekly average among whole weeks, "
    "Monday to Sunday, that lie fully inside the period (which ends today), with at "
    f"least {MIN_RATINGS_FOR_WEEK} ratings; \"{NOT_ENOUGH_FOR_WEEKS}\" when no week "
    "has that many.")

FUTURE_MARGIN = timedelta(days=2)
"""How far ahead of today a rating may be dated and still count as recent."""

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


def week_end(week: Period) -> date:
    """The Sunday of the week."""
    return week.start + timedelta(days=6)


def weeks_for_best_and_worst(weeks: list[Period], since: date | None,
                             until: date | None) -> list[Period]:
    """The weeks that may be called best or worst: whole weeks inside since..until
    (None = no limit) with at least MIN_RATINGS_FOR_WEEK ratings."""
    return [week for week in weeks
            if (since is None or week.start >= since)
            and (until is None or week_end(week) <= until)
            and week.ratings >= MIN_RATINGS_FOR_WEEK]


def best_and_worst_week(weeks: list[Period], since: date | None,
                        until: date | None) -> tuple[Period | None, Period | None]:
    """(best, worst) week; (None, None) when no week qualifies. Ties: the most recent."""
    chosen = weeks_for_best_and_worst(weeks, since, until)
    if not chosen:
        return None, None
    best = min(chosen, key=lambda w: (w.average, -w.start.toordinal()))
    worst = max(chosen, key=lambda w: (w.average, w.start.toordinal()))
    return best, worst


def figures_from_days(days: list[tuple[date, int, int]], since: date | None = None,
                      until: date | None = None) -> Figures:
    """Figures from (day, sum of ratings, number of ratings) for each rated day, for
    the period `since` to `until`. `days` may reach a little past `until` (see
    FUTURE_MARGIN): those ratings count, but no week past `until` is best or worst."""
    weeks = _group(days, week_start)
    months = _group(days, lambda day: day.replace(day=1))
    best, worst = best_and_worst_week(weeks, since, until)
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
    """Figures for the last `days` days, today included, and ratings dated up to
    FUTURE_MARGIN ahead (so these rows agree with `whole_diary`)."""
    since = today - timedelta(days=days - 1)
    counted = diary.daily_totals(since=since, until=today + FUTURE_MARGIN)
    return figures_from_days(counted, since, today)


def whole_diary(diary: Diary, today: date) -> Figures:
    """Figures for every rating; best and worst only among weeks over by `today`."""
    return figures_from_days(diary.daily_totals(), None, today)
