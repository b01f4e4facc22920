"""What the diary's numbers mean: injection cycles, averages, a speakable summary.

The heavy lifting (grouping by day and week) happens in SQL; what is left here is
small lists of days, so ten years of daily ratings take milliseconds.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from hfs_tui.diary.figures import (
    LABELS,
    NOT_ENOUGH_FOR_WEEKS,
    Figures,
    Period,
    last_days,
    one_decimal,
)
from hfs_tui.diary.models import Entry, format_day, severity_words
from hfs_tui.diary.store import Diary

RANGES = {30: "30 days", 90: "90 days", 365: "year"}

BASELINE_DAYS = 14
"""Ratings in the two weeks before an injection are its starting point."""
ROLLING_DAYS = 7
MIN_RATINGS_IN_WINDOW = 3
EARLIEST_RISE_DAY = 21
"""A "rise" in the first 3 weeks is taken as noise, not wearing off: the leaflet's source
says the toxin starts to work within a few days and lasts two to three months. (The 3
weeks is this app's choice, not a figure from the source.)"""
MIN_EFFECT = 1.0
"""The rolling average must drop at least one point for a cycle to be measurable."""
MIN_CYCLES_FOR_OWN_HISTORY = 2
LEAFLET_MONTHS = (3, 4)


@dataclass(frozen=True)
class Cycle:
    """One injection and, when it can be told from the ratings, when it wore off."""

    injection: date
    next_injection: date | None
    baseline: float | None
    lowest: float | None
    wore_off_after_days: int | None
    """Days from the injection until ratings rose more than halfway back to before."""

    @property
    def interval_days(self) -> int | None:
        if self.next_injection is None:
            return None
        return (self.next_injection - self.injection).days


@dataclass(frozen=True)
class Outlook:
    """Days since the last injection and when the next one is usually due."""

    last_injection: date | None
    days_since: int | None
    due_from: date | None
    due_to: date | None
    typical_days: int | None
    cycles_used: int
    source: str
    """"history" (this user's own cycles), "leaflet" (3 to 4 months) or "none"."""

    def text(self, today: date, brief: bool = False) -> str:
        """Short sentences: when, then what the estimate is based on, said truthfully;
        `brief` (a small window) leaves out what it is based on."""
        if self.last_injection is None:
            return "No injections recorded yet. Press i to add one."
        ago = _days_phrase(self.days_since or 0)
        first = f"Last injection: {ago} ({format_day(self.last_injection)})."
        if self.due_from is None:
            return first
        due = _due_phrase(self.due_from, self.due_to, today)
        when = f"{first} Next injection: usually due {due}."
        if brief:
            return when
        if self.source == "history":
            return (f"{when} Your ratings show they wear off after about "
                    f"{self.typical_days} days ({self.cycles_used} injections).")
        # outlook() switches to "history" once the ratings show when this many
        # injections wore off (injection_cycles says what that takes).
        return (f"{when} This uses the usual {LEAFLET_MONTHS[0]} to {LEAFLET_MONTHS[1]} "
                "months. Once your ratings show when "
                f"{_number_word(MIN_CYCLES_FOR_OWN_HISTORY)} injections wore off, it will "
                "use your own timing.")


def _number_word(number: int) -> str:
    return _NUMBER_WORDS.get(number, str(number))


_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def _days_phrase(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def _due_phrase(due_from: date, due_to: date | None, today: date) -> str:
    def relative(day: date) -> str:
        delta = (day - today).days
        if delta == 0:
            return "today"
        days = f"{abs(delta)} day{'s' if abs(delta) != 1 else ''}"
        return f"in {days}" if delta > 0 else f"{days} ago"

    if due_to is None or due_to == due_from:
        return f"around {format_day(due_from)} ({relative(due_from)})"
    first = format_day(due_from, year=due_from.year != due_to.year)
    start, end = (due_from - today).days, (due_to - today).days
    if start > 0:
        span = f"in {start} to {end} days"
    elif end < 0:
        span = f"{-end} to {-start} days ago"
    else:
        span = "now"
    return f"between {first} and {format_day(due_to)} ({span})"


def injection_cycles(daily: list[tuple[date, float, int]],
                     injections: list[date], today: date) -> list[Cycle]:
    """Measure each injection's effect from the daily average ratings."""
    by_day = {day: average for day, average, _count in daily}
    injections = sorted(set(injections))
    cycles = []
    for index, injected in enumerate(injections):
        following = injections[index + 1] if index + 1 < len(injections) else None
        stop = following or today + timedelta(days=1)
        before = [by_day[injected - timedelta(days=offset)]
                  for offset in range(1, BASELINE_DAYS + 1)
                  if injected - timedelta(days=offset) in by_day]
        baseline = statistics.fmean(before) if len(before) >= MIN_RATINGS_IN_WINDOW else None
        lowest: float | None = None
        wore_off = None
        if baseline is not None:
            window: list[float | None] = []
            day = injected + timedelta(days=1)
            while day < stop:
                window.append(by_day.get(day))
                if len(window) > ROLLING_DAYS:
                    window.pop(0)
                present = [value for value in window if value is not None]
                if len(present) >= MIN_RATINGS_IN_WINDOW and len(window) == ROLLING_DAYS:
                    rolling = statistics.fmean(present)
                    lowest = rolling if lowest is None else min(lowest, rolling)
                    days_after = (day - injected).days
                    if (days_after >= EARLIEST_RISE_DAY and baseline - lowest >= MIN_EFFECT
                            and rolling >= lowest + (baseline - lowest) / 2):
                        wore_off = days_after
                        break
                day += timedelta(days=1)
        cycles.append(Cycle(injected, following, baseline, lowest, wore_off))
    return cycles


def outlook(cycles: list[Cycle], today: date) -> Outlook:
    if not cycles:
        return Outlook(None, None, None, None, None, 0, "none")
    last = cycles[-1].injection
    measured = [c.wore_off_after_days for c in cycles if c.wore_off_after_days is not None]
    since = (today - last).days
    if len(measured) >= MIN_CYCLES_FOR_OWN_HISTORY:
        typical = round(statistics.median(measured))
        due = last + timedelta(days=typical)
        return Outlook(last, since, due, None, typical, len(measured), "history")
    return Outlook(last, since, add_months(last, LEAFLET_MONTHS[0]),
                   add_months(last, LEAFLET_MONTHS[1]), None, len(measured), "leaflet")


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in range(day.day, 27, -1):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


RECENT_CYCLES = 12
"""Doses and responses change over the years: the outlook uses the latest cycles."""


def diary_outlook(diary: Diary, today: date,
                  cycles: int = RECENT_CYCLES) -> tuple[list[Cycle], Outlook]:
    """The latest `cycles` injections measured, and what they say about the next one."""
    injections = [entry.day for entry in diary.recent_of_kind("injection", cycles)]
    if not injections:
        return [], outlook([], today)
    daily = diary.daily_severity(since=injections[0] - timedelta(days=BASELINE_DAYS))
    measured = injection_cycles(daily, injections, today)
    return measured, outlook(measured, today)


@dataclass(frozen=True)
class Summary:
    """The numbers behind the chart, for the screen, read-aloud and reports: the
    Figures (diary/figures.py) of the last `days` days."""

    days: int
    start: date
    end: date
    figures: Figures

    @property
    def ratings(self) -> int:
        return self.figures.ratings

    @property
    def average(self) -> float | None:
        """The average of all ratings (not of daily averages)."""
        return self.figures.average

    @property
    def weeks(self) -> list[tuple[date, float, int]]:
        return [(week.start, week.average, week.ratings) for week in self.figures.weeks]


def summarise(diary: Diary, days: int, today: date) -> Summary:
    start = today - timedelta(days=days - 1)
    return Summary(days, start, today, last_days(diary, days, today))


HOW_TO_LOG = "Press l to log one."
"""The app's way to log a rating; the command line passes its own."""


def summary_lines(summary: Summary, with_weeks: bool = True,
                  how_to_log: str = HOW_TO_LOG) -> list[str]:
    period = RANGES.get(summary.days, f"{summary.days} days")
    found = summary.figures
    if not found.ratings or found.average is None:
        return [f"No spasm ratings in the last {period}. {how_to_log}"]
    lines = [f"In the last {period} you logged {found.ratings} "
             f"rating{'s' if found.ratings != 1 else ''}. The {LABELS['average']} was "
             f"{one_decimal(found.average)} out of 10 ({severity_words(found.average)}). "
             f"{LABELS['days_rated'].capitalize()}: {found.days_rated} of {summary.days}."]
    best_and_worst = best_and_worst_line(found)
    if best_and_worst:
        lines.append(best_and_worst)
    if with_weeks and len(found.weeks) > 1:
        if len(found.weeks) <= 14:
            parts = [f"{format_day(week.start, year=False)}: {one_decimal(week.average)}"
                     for week in found.weeks]
            lines.append("Weekly averages, by the Monday each week starts: "
                         + "; ".join(parts) + ".")
        else:
            lines.append("Monthly averages: " + "; ".join(
                f"{month.start:%B %Y}: {one_decimal(month.average)}"
                for month in found.months) + ".")
    return lines


def best_and_worst_line(found: Figures) -> str:
    """The best and worst week in words; "" when they are the same one week."""
    if found.best_week is None or found.worst_week is None:
        return f"Best and worst week: {NOT_ENOUGH_FOR_WEEKS}."
    if found.best_week == found.worst_week:
        return ""
    return (f"Best week: {_week_phrase(found.best_week)}. "
            f"Worst week: {_week_phrase(found.worst_week)}.")


def _week_phrase(week: Period) -> str:
    return f"week of {format_day(week.start, year=False)}, weekly average " \
           f"{one_decimal(week.average)}"


def summary_text(diary: Diary, days: int, today: date | None = None,
                 how_to_log: str = HOW_TO_LOG) -> str:
    """A short summary of the last `days` days that read-aloud can speak."""
    today = today or diary.clock().date()
    summary = summarise(diary, days, today)
    _cycles, injection_outlook = diary_outlook(diary, today)
    lines = summary_lines(summary, how_to_log=how_to_log)
    if injection_outlook.last_injection is not None:
        lines.append(injection_outlook.text(today))
    return " ".join(lines)


@dataclass(frozen=True)
class Overview:
    """Everything the diary screen shows, computed off the UI thread."""

    today: date
    days: int
    recent: list[Entry]
    daily: list[tuple[date, float, int]]
    injections: list[date]
    outlook: Outlook
    summary: Summary
    can_undo: bool


def overview(diary: Diary, days: int, today: date | None = None,
             recent_count: int = 50) -> Overview:
    today = today or diary.clock().date()
    start = today - timedelta(days=days - 1)
    cycles, injection_outlook = diary_outlook(diary, today)
    injections = [cycle.injection for cycle in cycles if start <= cycle.injection <= today]
    return Overview(
        today=today,
        days=days,
        recent=diary.recent(recent_count),
        daily=diary.daily_severity(since=start, until=today),
        injections=injections,
        outlook=injection_outlook,
        summary=summarise(diary, days, today),
        can_undo=diary.can_undo(),
    )
