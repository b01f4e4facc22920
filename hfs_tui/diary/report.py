"""The report for the clinic: `hfs-tui diary export FILE.html` (or `.md`).

What a neurologist reads first is the chart: spasm severity over the last year with
each injection marked, so how long each one helped can be seen at a glance. Below
it: the figures (diary/figures.py, each labelled with what it is), a table of
injection cycles (date, units, sites, days of relief, side effects and how long
they lasted), monthly averages, medicines with their dates, and surgery.

`build_report()` gathers the facts once; `render_html()` and `render_markdown()`
only lay them out, so both formats always say the same. The HTML is one file
(inline SVG and CSS, nothing fetched) laid out for A4: one page for a few months
of entries, two for ten years (checked with headless Chromium in
tests/unit/diary/test_diary_report.py; a picture is in docs/clinic-report.png).
"""

from __future__ import annotations

import html
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

from hfs_tui.diary.chart import chart_rows, chart_text
from hfs_tui.diary.figures import (
    BEST_WORST_EXPLAINED,
    FUTURE_MARGIN,
    LABELS,
    NOT_ENOUGH_FOR_WEEKS,
    RELIEF_EXPLAINED,
    Figures,
    Period,
    last_days,
    one_decimal,
    whole_diary,
)
from hfs_tui.diary.models import Entry, format_day, format_units, one_line
from hfs_tui.diary.stats import (
    BASELINE_DAYS,
    LEAFLET_MONTHS,
    MIN_CYCLES_FOR_OWN_HISTORY,
    MIN_EFFECT,
    MIN_RATINGS_IN_WINDOW,
    RECENT_CYCLES,
    ROLLING_DAYS,
    Cycle,
    diary_outlook,
    injection_cycles,
)
from hfs_tui.diary.store import Diary

TITLE = "Hemifacial spasm diary: summary for the clinic"
CHART_DAYS = 365
"""The chart shows the last year of the diary (all of it when shorter)."""
LATEST_INJECTIONS = 12
LATEST_MONTHS = 12
LATEST_MEDICINES = 10
RECENT_PERIODS = (30, 90, 365)
NO_RATINGS = "no ratings"


@dataclass
class Table:
    heading: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Chart:
    """Daily average ratings and injection days between `start` and `end`."""

    start: date
    end: date
    daily: list[tuple[date, float, int]]
    injections: list[date]


@dataclass
class Report:
    """The facts on the report, independent of Markdown or HTML."""

    title: str
    period: str
    lines: list[str]
    tables: list[Table]
    made_on: date
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)


# --- the facts ------------------------------------------------------------------------


def week_text(week: Period | None) -> str:
    if week is None:
        return NOT_ENOUGH_FOR_WEEKS
    return f"week of {format_day(week.start)}: {one_decimal(week.average)}"


def figures_row(name: str, found: Figures) -> list[str]:
    if not found.ratings or found.average is None:
        return [name, "0", "0", NO_RATINGS, "", ""]
    return [name, str(found.ratings), str(found.days_rated), one_decimal(found.average),
            week_text(found.best_week), week_text(found.worst_week)]


FIGURE_COLUMNS = ["Period", LABELS["ratings"].capitalize(),
                  LABELS["days_rated"].capitalize(), LABELS["average"].capitalize(),
                  LABELS["best_week"].capitalize(), LABELS["worst_week"].capitalize()]


def relief_text(cycle: Cycle | None, today: date) -> str:
    """Days of relief as the cycle table shows it."""
    if cycle is None:
        return "not clear"
    if cycle.wore_off_after_days is not None:
        return str(cycle.wore_off_after_days)
    helped = (cycle.baseline is not None and cycle.lowest is not None
              and cycle.baseline - cycle.lowest >= MIN_EFFECT)
    if cycle.next_injection is None and helped:
        return f"still helping ({(today - cycle.injection).days} days so far)"
    return "not clear"


def lasted_text(effect: Entry) -> str:
    """How long a side effect lasted, counting its first and last day."""
    if effect.end is None:
        return "end not recorded"
    days = (effect.end.date() - effect.day).days + 1
    return f"{days} day{'s' if days != 1 else ''}"


def build_report(diary: Diary, today: date | None = None) -> Report:
    today = today or diary.clock().date()
    span = diary.first_and_last()
    if span is None:
        return Report(TITLE, "No entries yet.", [], [], today)
    first, last = span[0].date(), span[1].date()
    period = (f"On {format_day(first)}." if first == last
              else f"From {format_day(first)} to {format_day(last)}.")
    lines: list[str] = []
    tables: list[Table] = []

    rows = [figures_row(f"Last {days} days", last_days(diary, days, today))
            for days in RECENT_PERIODS]
    everything = whole_diary(diary, today)
    rows.append(figures_row("Whole diary", everything))
    tables.append(Table("Spasm ratings (0 none to 10 very bad)", FIGURE_COLUMNS, rows))

    injections = diary.entries(kind="injection")
    daily = diary.daily_severity()
    charted = [d for d, _average, _count in daily[:1]] + [e.day for e in injections[:1]]
    chart_start = max(min(charted, default=first), last - timedelta(days=CHART_DAYS - 1))
    chart = Chart(chart_start, last, [d for d in daily if d[0] >= chart_start],
                  sorted({e.day for e in injections if e.day >= chart_start}))

    _cycles, outlook = diary_outlook(diary, today)
    if outlook.last_injection:
        lines.append(outlook.text(today))
    shown = injections[-LATEST_INJECTIONS:]
    effects = diary.entries(kind="side_effect")
    if shown:
        cycles = injection_cycles(daily, [e.day for e in injections], today)
        by_day = {cycle.injection: cycle for cycle in cycles}
        injection_days = sorted(by_day)
        cycle_rows = []
        for entry in shown:
            cycle = by_day.get(entry.day)
            following = next((d for d in injection_days if d > entry.day), None)
            during = [e for e in effects
                      if entry.day <= e.day and (following is None or e.day < following)]
            cycle_rows.append([
                format_day(entry.day),
                format_units(entry.units) if entry.units is not None else "",
                one_line(entry.sites), relief_text(cycle, today),
                f"{cycle.interval_days}" if cycle and cycle.interval_days else "",
                "; ".join(f"{e.name}, {lasted_text(e)}" for e in during) or "none recorded"])
        tables.append(Table(
            f"Injection cycles (latest {len(shown)} of {len(injections)})",
            ["Date", "Units", "Sites", "Days of relief", "Days to next injection",
             "Side effects (how long)"], cycle_rows, RELIEF_EXPLAINED))
    first_injection = injections[0].day if injections else None
    other_effects = [e for e in effects if first_injection is None or e.day < first_injection]
    if other_effects:
        tables.append(Table("Side effects before any injection", ["From", "What", "Lasted"],
                            [[format_day(e.day), e.name, lasted_text(e)]
                             for e in other_effects[-LATEST_MEDICINES:]]))

    months = everything.months[-LATEST_MONTHS:]
    if months:
        tables.append(Table(
            f"Monthly average (latest {len(months)} months with ratings)",
            ["Month", LABELS["ratings"].capitalize(), LABELS["days_rated"].capitalize(),
             LABELS["monthly"].capitalize()],
            [[f"{m.start:%B %Y}", str(m.ratings), str(m.days_rated), one_decimal(m.average)]
             for m in months]))

    medicines = diary.entries(kind="medicine")[-LATEST_MEDICINES:]
    if medicines:
        tables.append(Table("Medicines", ["From", "Until", "Medicine", "Dose"],
                            [[format_day(e.day),
                              format_day(e.end.date()) if e.end else "no stop date",
                              e.name, e.dose] for e in medicines]))
    surgery = diary.entries(kind="surgery")
    if surgery:
        tables.append(Table("Surgery", ["Date", "Operation", "Note"],
                            [[format_day(e.day), e.name or "surgery", _short(e.note)]
                             for e in surgery]))
    notes = [
        f"Ratings: how many spasm ratings were logged. Days rated: days with at least one. "
        f"Average of all ratings: every rating counts once (not an average of daily "
        f"averages). Weekly average: all ratings Monday to Sunday. {BEST_WORST_EXPLAINED} "
        "Monthly average: all ratings in the calendar month. Ratings dated up to "
        f"{FUTURE_MARGIN.days} days ahead of today (after travelling west, or a clock put "
        "back) count in the last 30, 90 and 365 days, as in the whole diary.",
        RELIEF_EXPLAINED + f" \"Not clear\": too few ratings (at least "
        f"{MIN_RATINGS_IN_WINDOW} in {ROLLING_DAYS} days are needed) or no drop of "
        f"{MIN_EFFECT:g} point or more.",
        f"Next injection due: {MIN_CYCLES_FOR_OWN_HISTORY} or more injections with days "
        f"of relief among the latest {RECENT_CYCLES} give the usual days of relief (the "
        "middle value), "
        f"counted from the last injection; with fewer, the usual {LEAFLET_MONTHS[0]} to "
        f"{LEAFLET_MONTHS[1]} months. Days of relief can only be measured with at least "
        f"{MIN_RATINGS_IN_WINDOW} ratings in the {BASELINE_DAYS} days before the injection.",
    ]
    return Report(TITLE, period, lines, tables, today, chart, notes)


def _short(text: str, limit: int = 80) -> str:
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


# --- the chart as SVG -------------------------------------------------------------------

SVG_WIDTH, SVG_HEIGHT = 720, 210
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 34, 712, 24, 176
DOT_RADIUS = 1.6
DATA_GAP = 6
"""The first and last days sit this far inside the axes: a dot on the y axis was
half hidden by it, and the latest rating (the one the clinic most wants) sat on the
right edge of the grid, where it read as cut off."""
DATA_LEFT, DATA_RIGHT = PLOT_LEFT + DATA_GAP, PLOT_RIGHT - DATA_GAP
LABEL_CHAR_WIDTH = 6
"""A generous width of one character at font-size 10, to keep month labels inside."""


def rolling_average(daily: list[tuple[date, float, int]], start: date,
                    end: date) -> list[tuple[date, float | None]]:
    """The 7-day average of daily averages (the measure behind days of relief)."""
    by_day = {day: average for day, average, _count in daily}
    result: list[tuple[date, float | None]] = []
    day = start
    while day <= end:
        window = [by_day[d] for d in (day - timedelta(days=k) for k in range(ROLLING_DAYS))
                  if d in by_day]
        result.append((day, statistics.fmean(window)
                       if len(window) >= MIN_RATINGS_IN_WINDOW else None))
        day += timedelta(days=1)
    return result


def render_svg(chart: Chart) -> str:
    days = max(1, (chart.end - chart.start).days)

    def x(day: date) -> float:
        return DATA_LEFT + (day - chart.start).days / days * (DATA_RIGHT - DATA_LEFT)

    def y(value: float) -> float:
        return PLOT_BOTTOM - value / 10 * (PLOT_BOTTOM - PLOT_TOP)

    description = (f"Spasm severity from {format_day(chart.start)} to "
                   f"{format_day(chart.end)}: daily average ratings as dots, the 7-day "
                   f"average as a line, {len(chart.injections)} injections as dashed lines")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_WIDTH} {SVG_HEIGHT}" '
           f'width="100%" role="img" aria-label="{html.escape(description)}" '
           'font-family="sans-serif" font-size="10">',
           f"<title>{html.escape(description)}</title>"]
    for value in (0, 5, 10):
        out.append(f'<line x1="{PLOT_LEFT}" x2="{PLOT_RIGHT}" y1="{y(value):.1f}" '
                   f'y2="{y(value):.1f}" stroke="#999" stroke-width="0.5"/>'
                   f'<text x="{PLOT_LEFT - 6}" y="{y(value) + 3.5:.1f}" '
                   f'text-anchor="end">{value}</text>')
    month = chart.start.replace(day=1)
    step = 1 if days <= 200 else 2
    while month <= chart.end:
        if month >= chart.start:
            label = f"{month:%b}" + (f" {month:%Y}" if month.month == 1 or month ==
                                     chart.start.replace(day=1) else "")
            # Centred under its tick, but never past either edge of the picture.
            half = len(label) * LABEL_CHAR_WIDTH / 2
            centre = min(max(x(month), half), SVG_WIDTH - half)
            out.append(f'<text x="{centre:.1f}" y="{PLOT_BOTTOM + 14}" '
                       f'text-anchor="middle" fill="#333">{html.escape(label)}</text>'
                       f'<line x1="{x(month):.1f}" x2="{x(month):.1f}" y1="{PLOT_BOTTOM}" '
                       f'y2="{PLOT_BOTTOM + 4}" stroke="#333"/>')
        index = month.month - 1 + step
        month = date(month.year + index // 12, index % 12 + 1, 1)
    for injected in chart.injections:
        out.append(f'<g class="injection"><line x1="{x(injected):.1f}" '
                   f'x2="{x(injected):.1f}" y1="{PLOT_TOP - 6}" y2="{PLOT_BOTTOM}" '
                   'stroke="#b00" stroke-width="1.2" stroke-dasharray="4 3"/>'
                   f'<path d="M{x(injected) - 4:.1f},{PLOT_TOP - 14} h8 l-4,7 z" fill="#b00"/>'
                   f"<title>Injection {html.escape(format_day(injected))}</title></g>")
    dots = [f'<circle cx="{x(day):.1f}" cy="{y(average):.1f}" r="{DOT_RADIUS}"/>'
            for day, average, _count in chart.daily]
    out.append('<g class="daily" fill="#5a6fa8">' + "".join(dots) + "</g>")
    segments: list[list[str]] = [[]]
    for day, rolling in rolling_average(chart.daily, chart.start, chart.end):
        if rolling is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(f"{x(day):.1f},{y(rolling):.1f}")
    for points in segments:
        if len(points) > 1:
            out.append(f'<polyline class="rolling" points="{" ".join(points)}" fill="none" '
                       'stroke="#000" stroke-width="1.8"/>')
    out.append(f'<line x1="{PLOT_LEFT}" x2="{PLOT_LEFT}" y1="{PLOT_TOP}" y2="{PLOT_BOTTOM}" '
               'stroke="#333"/>')
    out.append(f'<text x="{PLOT_LEFT}" y="{SVG_HEIGHT - 6}" fill="#333">'
               '● daily average rating   ━ 7-day average   '
               '<tspan fill="#b00">▼ ┆ injection</tspan>   (0 none, 10 very bad)</text>')
    out.append("</svg>")
    return "\n".join(out)


# --- Markdown and HTML ----------------------------------------------------------------


def render_markdown(report: Report) -> str:
    out = [f"# {_md(report.title)}", "", _md(report.period), ""]
    out += [f"- {_md(line)}" for line in report.lines]
    if report.chart:
        chart = report.chart
        rows = chart_rows(chart.daily, chart.injections, chart.start, chart.end, 76, 14)
        out += ["", f"## Spasm severity, {_md(format_day(chart.start))} to "
                    f"{_md(format_day(chart.end))}", "", "```", chart_text(rows), "```"]
    for table in report.tables:
        out += ["", f"## {_md(table.heading)}", "",
                "| " + " | ".join(map(_md, table.columns)) + " |",
                "|" + "---|" * len(table.columns)]
        out += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in table.rows]
        if table.note:
            out += ["", _md(table.note)]
    if report.notes:
        out += ["", "## What the figures mean", ""] + [f"- {_md(note)}" for note in report.notes]
    out += ["", f"_Made by hfs-tui on {format_day(report.made_on)}._", ""]
    return "\n".join(out)


def _md(text: str) -> str:
    """Escape Markdown and HTML so a note can't become a link, a table cell or a tag."""
    escaped = one_line(text)
    for char in "\\`*_{}[]<>|~":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


STYLE = """
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
body { font: 9.6pt/1.3 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000;
       max-width: 186mm; margin: 0 auto; padding: 0; }
h1 { font-size: 14pt; margin: 0 0 2pt; }
h2 { font-size: 10.5pt; margin: 7pt 0 2pt; break-after: avoid; page-break-after: avoid; }
p, ul { margin: 1pt 0; }
ul { padding-left: 14pt; }
figure { margin: 2pt 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 8.4pt; margin: 1pt 0; }
th, td { border: 0.6pt solid #555; padding: 1pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; }
td:first-child { white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
.note, .notes { font-size: 8pt; color: #222; }
"""


def render_html(report: Report) -> str:
    e = html.escape
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(report.title)}</title>", f"<style>{STYLE}</style></head><body>",
           f"<h1>{e(report.title)}</h1>", f'<p class="period">{e(report.period)}</p>']
    if report.lines:
        out.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in report.lines) + "</ul>")
    if report.chart:
        chart = report.chart
        out.append(f'<figure><h2>Spasm severity, {e(format_day(chart.start))} to '
                   f"{e(format_day(chart.end))}</h2>{render_svg(chart)}</figure>")
    for table in report.tables:
        out.append(f"<section><h2>{e(table.heading)}</h2><table><thead><tr>"
                   + "".join(f'<th scope="col">{e(c)}</th>' for c in table.columns)
                   + "</tr></thead><tbody>")
        out += ["<tr>" + "".join(f"<td>{e(one_line(cell))}</td>" for cell in row) + "</tr>"
                for row in table.rows]
        out.append("</tbody></table>")
        if table.note:
            out.append(f'<p class="note">{e(table.note)}</p>')
        out.append("</section>")
    if report.notes:
        out.append('<section class="notes"><h2>What the figures mean</h2><ul>'
                   + "".join(f"<li>{e(note)}</li>" for note in report.notes) + "</ul></section>")
    out.append(f"<p><small>Made by hfs-tui on {e(format_day(report.made_on))}.</small></p>")
    out.append("</body></html>\n")
    return "\n".join(out)
