"""A large, calm breathing pacer.

A round shape drawn with half-block characters (each cell holds two square
"pixels") grows on the in-breath, shrinks on the out-breath and holds still on a
hold. A faint ring shows how big "full" is. Underneath, the phase in words and the
count in large digits, the same count that is spoken.

The pacer does no timing of its own: the player calls `show(position)` from its
tick. The shape only repaints when its size changes by a pixel, so ten ticks a
second cost almost nothing. With reduced motion the shape is hidden and the pacer
is a steady text countdown.
"""

from __future__ import annotations

import math

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Digits, Static

from hfs_tui.exercise.session import Position

PHASE_LABELS = {"in": "Breathe in", "out": "Breathe out", "hold": "Hold", "rest": "Rest"}

_SMALLEST = 0.25
"""Size of the shape with empty lungs, as a share of full size."""


def eased(fullness: float) -> float:
    """Slow at the turns, like a real breath (a half cosine)."""
    fullness = min(1.0, max(0.0, fullness))
    return 0.5 - 0.5 * math.cos(math.pi * fullness)


class PacerShape(Widget):
    """The growing and shrinking round shape."""

    COMPONENT_CLASSES = {"pacer-shape--fill", "pacer-shape--guide"}

    DEFAULT_CSS = """
    PacerShape {
        width: 1fr;
        height: 1fr;
        min-height: 4;
    }
    PacerShape > .pacer-shape--fill { color: $primary; }
    PacerShape > .pacer-shape--guide { color: $primary-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fullness = 0.0
        self._drawn_radius: float | None = None

    def set_fullness(self, fullness: float) -> None:
        self.fullness = fullness
        radius = self._radius()
        if radius != self._drawn_radius:
            self._drawn_radius = radius
            self.refresh()

    def on_resize(self) -> None:
        self._drawn_radius = self._radius()
        self.refresh()

    def _full_radius(self) -> float:
        width, height = self.size.width, self.size.height * 2
        return max(1.0, min(width, height) / 2 - 0.5)

    def _radius(self) -> float:
        full = self._full_radius()
        radius = full * (_SMALLEST + (1 - _SMALLEST) * eased(self.fullness))
        return round(radius * 4) / 4  # quarter pixels: finer steps never show

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._drawn_radius is None:
            self._drawn_radius = self._radius()
        radius = self._drawn_radius
        full = self._full_radius()
        fill = self.get_component_rich_style("pacer-shape--fill", partial=True)
        guide = self.get_component_rich_style("pacer-shape--guide", partial=True)
        centre_x, centre_y = width / 2, self.size.height
        kinds = []
        for x in range(width):
            top = _pixel(x + 0.5 - centre_x, 2 * y + 0.5 - centre_y, radius, full)
            bottom = _pixel(x + 0.5 - centre_x, 2 * y + 1.5 - centre_y, radius, full)
            kinds.append((top, bottom))
        colours = {"fill": fill.color, "guide": guide.color}
        segments = []
        for (top, bottom), run in _runs(kinds):
            segments.append(_cell(top, bottom, colours, run))
        return Strip(segments, width)


def _pixel(dx: float, dy: float, radius: float, full: float) -> str | None:
    distance = math.hypot(dx, dy)
    if distance <= radius:
        return "fill"
    if abs(distance - full) <= 0.5:
        return "guide"
    return None


def _runs(kinds: list[tuple[str | None, str | None]]) -> list[tuple[tuple, int]]:
    runs: list[tuple[tuple, int]] = []
    for kind in kinds:
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + 1)
        else:
            runs.append((kind, 1))
    return runs


def _cell(top: str | None, bottom: str | None, colours: dict, run: int) -> Segment:
    if top is None and bottom is None:
        return Segment(" " * run)
    if top == bottom:
        return Segment("█" * run, Style(color=colours[top]))
    if top is None:
        return Segment("▄" * run, Style(color=colours[bottom]))
    if bottom is None:
        return Segment("▀" * run, Style(color=colours[top]))
    return Segment("▀" * run, Style(color=colours[top], bgcolor=colours[bottom]))


class BreathingPacer(Vertical):
    """Shape, phase words, large count and a short detail line."""

    DEFAULT_CSS = """
    BreathingPacer {
        height: 1fr;
        align-horizontal: center;
    }
    BreathingPacer #pacer-phase {
        width: 100%;
        text-align: center;
        text-style: bold;
        color: $text;
        margin-top: 1;
    }
    BreathingPacer Center { height: auto; }
    BreathingPacer #pacer-count {
        width: auto;
        color: $accent;
    }
    BreathingPacer #pacer-detail {
        width: 100%;
        text-align: center;
        color: $text;
    }
    BreathingPacer.-reduce-motion PacerShape { display: none; }
    BreathingPacer.-reduce-motion { align-vertical: middle; }
    """

    def __init__(self, *, reduce_motion: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reduce_motion = reduce_motion
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        yield PacerShape(id="pacer-shape")
        yield Static("", id="pacer-phase")
        with Center():
            yield Digits("", id="pacer-count")
        yield Static("", id="pacer-detail")

    def on_mount(self) -> None:
        self.set_class(self.reduce_motion, "-reduce-motion")

    def set_reduce_motion(self, reduce_motion: bool) -> None:
        self.reduce_motion = reduce_motion
        self.set_class(reduce_motion, "-reduce-motion")
        self._shown = None

    def show(self, position: Position) -> None:
        """Draw the breath at `position` (cheap to call ten times a second)."""
        if not self.reduce_motion:
            self.query_one(PacerShape).set_fullness(position.fullness)
        phase = PHASE_LABELS.get(position.phase or "", "")
        count = "" if position.count is None else str(position.count)
        left = max(0, math.ceil(position.step_seconds - position.seconds_into_step - 1e-6))
        if position.count is None:
            detail = ""
        elif self.reduce_motion:
            detail = f"{position.count} of {position.count_total} · {_seconds(left)} to go"
        else:
            detail = f"{position.count} of {position.count_total}"
        shown = (phase, count, detail)
        if shown == self._shown:
            return
        self._shown = shown
        self.query_one("#pacer-phase", Static).update(phase)
        self.query_one("#pacer-count", Digits).update(count)
        self.query_one("#pacer-detail", Static).update(detail)


def _seconds(seconds: int) -> str:
    return "1 second" if seconds == 1 else f"{seconds} seconds"
