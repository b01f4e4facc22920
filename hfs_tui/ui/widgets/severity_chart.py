"""Spasm severity over time, drawn from hfs_tui.diary.chart with theme colours."""

from __future__ import annotations

from datetime import date

from textual.content import Content, Span
from textual.widget import Widget

from hfs_tui.diary.chart import ROLES, chart_rows


class SeverityChart(Widget):
    """Bars of daily average ratings with injection days marked.

    Shapes carry the meaning and colours only help, so the chart stays legible in
    the high-contrast themes and with NO_COLOR.

    Drawn as Textual Content, with no Rich Text to convert on every paint.
    """

    DEFAULT_CSS = """
    SeverityChart {
        height: 14;
        width: 1fr;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    SeverityChart > .severity-chart--bar { color: $primary; }
    SeverityChart > .severity-chart--injection { color: $secondary; text-style: bold; }
    SeverityChart > .severity-chart--axis { color: $text; }
    SeverityChart > .severity-chart--label { color: $text; }
    SeverityChart > .severity-chart--missing { color: $text; }
    SeverityChart > .severity-chart--legend { color: $text; }
    """
    COMPONENT_CLASSES = {f"severity-chart--{role}" for role in ROLES}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        today = date.today()
        self._daily: list[tuple[date, float, int]] = []
        self._injections: list[date] = []
        self._start = today
        self._end = today

    def show(self, daily: list[tuple[date, float, int]], injections: list[date],
             start: date, end: date) -> None:
        self._daily, self._injections = daily, injections
        self._start, self._end = start, end
        self.refresh()

    def render(self) -> Content:
        width, height = self.content_region.size
        rows = chart_rows(self._daily, self._injections, self._start, self._end,
                          width, height)
        styles = {role: self.get_visual_style(f"severity-chart--{role}") for role in ROLES}
        text: list[str] = []
        spans: list[Span] = []
        position = 0
        for index, row in enumerate(rows):
            if index:
                text.append("\n")
                position += 1
            for run, role in row:
                text.append(run)
                spans.append(Span(position, position + len(run), styles[role]))
                position += len(run)
        return Content("".join(text), spans, strip_control_codes=False)
