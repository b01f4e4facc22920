"""A severity chart as rows of characters, each run tagged with a role.

Pure: no Textual. The widget (hfs_tui/ui/widgets/severity_chart.py) maps roles to
theme colours; the shapes alone carry the meaning (bars, "·" for no rating, "▲"
and "┊" for injections), so the chart reads the same in any theme, high contrast
or NO_COLOR.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from datetime import date, timedelta

Run = tuple[str, str]
"""(text, role); role is one of ROLES."""
ROLES = ("axis", "label", "bar", "missing", "injection", "legend")

_EIGHTHS = " ▁▂▃▄▅▆▇█"
INJECTION_MARK = "▲"
INJECTION_LINE = "┊"
MISSING_MARK = "·"
LABEL_WIDTH = 3
MIN_PLOT_WIDTH = 10
MIN_PLOT_ROWS = 3
EXTRA_ROWS = 4
"""Rows below the plot: the axis, the injection marks, the dates, the legend."""
MAX_CELL_WIDTH = 3


def chart_rows(daily: Iterable[tuple[date, float, int]], injections: Iterable[date],
               start: date, end: date, width: int, height: int) -> list[list[Run]]:
    """Draw daily average ratings (0 to 10) from `start` to `end` in `width` x `height`."""
    plot_width = max(MIN_PLOT_WIDTH, width - LABEL_WIDTH)
    plot_rows = max(MIN_PLOT_ROWS, height - EXTRA_ROWS)
    total_days = max(1, (end - start).days + 1)
    days_per_column = math.ceil(total_days / plot_width)
    columns = math.ceil(total_days / days_per_column)
    cell = max(1, min(MAX_CELL_WIDTH, plot_width // columns))

    by_day = {day: average for day, average, _count in daily}
    values: list[float | None] = []
    marked: list[bool] = []
    injection_days = set(injections)
    for column in range(columns):
        first = start + timedelta(days=column * days_per_column)
        days = [first + timedelta(days=offset) for offset in range(days_per_column)]
        present = [by_day[day] for day in days if day in by_day and day <= end]
        values.append(statistics.fmean(present) if present else None)
        marked.append(any(day in injection_days for day in days))

    rows: list[list[Run]] = []
    labels = {0: "10", plot_rows // 2: " 5", plot_rows - 1: " 0"}
    for row in range(plot_rows):
        runs: list[Run] = []
        label = labels.get(row)
        runs.append((label, "label") if label else ("  ", "label"))
        runs.append(("┤" if label else "│", "axis"))
        top = (plot_rows - row) * 8
        bottom = top - 8
        for value, injected in zip(values, marked, strict=True):
            runs.append(_cell(value, injected, top, bottom, plot_rows, row, cell))
        rows.append(_merge(runs))

    used = columns * cell
    rows.append(_merge([("  ", "label"), ("└", "axis"), ("─" * used, "axis")]))
    marks: list[Run] = [("   ", "label")]
    for injected in marked:
        marks.append((_pad(INJECTION_MARK, cell) if injected else " " * cell,
                       "injection" if injected else "label"))
    rows.append(_merge(marks))
    rows.append([("   ", "label"), (_date_labels(start, end, columns, days_per_column,
                                                  cell), "label")])
    period = "day" if days_per_column == 1 else f"{days_per_column} days"
    rows.append([("   ", "label"), (
        f"█ average rating per {period}   {MISSING_MARK} no rating   "
        f"{INJECTION_MARK} injection", "legend")])
    return rows


def _cell(value: float | None, injected: bool, top: int, bottom: int, plot_rows: int,
          row: int, cell: int) -> Run:
    if value is None:
        if row == plot_rows - 1:
            return _pad(MISSING_MARK, cell), "missing"
        return (_pad(INJECTION_LINE, cell), "injection") if injected else (" " * cell, "bar")
    eighths = round(value / 10 * plot_rows * 8)
    if value > 0:
        eighths = max(1, eighths)
    if eighths >= top:
        char = _EIGHTHS[8]
    elif eighths > bottom:
        char = _EIGHTHS[eighths - bottom]
    elif row == plot_rows - 1:
        char = "_"  # a rating of 0 is still a rating: show it on the floor
    else:
        return (_pad(INJECTION_LINE, cell), "injection") if injected else (" " * cell, "bar")
    return _bar(char, cell), "bar"


def _bar(char: str, cell: int) -> str:
    # Wide cells keep a one-column gap so neighbouring bars stay apart.
    return char * (cell - 1) + " " if cell > 1 else char


def _pad(char: str, cell: int) -> str:
    return char.ljust(cell) if cell > 1 else char


def _date_labels(start: date, end: date, columns: int, days_per_column: int,
                 cell: int) -> str:
    width = columns * cell
    line = [" "] * width
    long_range = (end - start).days > 120

    def text(day: date) -> str:
        return f"{day:%b} {day:%Y}" if long_range else f"{day.day} {day:%b}"

    def place(position: int, label: str) -> None:
        position = max(0, min(width - len(label), position))
        span = range(max(0, position - 1), min(width, position + len(label) + 1))
        if all(line[i] == " " for i in span):
            line[position:position + len(label)] = list(label)

    place(0, text(start))
    place(width - len(text(end)), text(end))
    middle_column = columns // 2
    middle_day = start + timedelta(days=middle_column * days_per_column)
    place(middle_column * cell - len(text(middle_day)) // 2, text(middle_day))
    return "".join(line)


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for text, role in runs:
        if merged and merged[-1][1] == role:
            merged[-1] = (merged[-1][0] + text, role)
        else:
            merged.append((text, role))
    return merged


def chart_text(rows: list[list[Run]]) -> str:
    """The chart as plain text (tests, benchmarks, plain output)."""
    return "\n".join("".join(text for text, _role in row).rstrip() for row in rows)
