"""The contents list: numbered entries, one highlighted, drawn line by line.

A light stand-in for Textual's OptionList, whose first render (about 17 ms here)
was one of the larger parts of start-up; this one draws plain lines in a few ms. It
keeps OptionList's keys (Up and Down wrap around, Home, End, PgUp, PgDn, Enter), its
mouse use (click to open, hover shows where you are), its look, and its highlight
colours (the theme's block cursor, which the high-contrast themes set). A summary
too long for the width wraps under its own indent.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class Entry:
    """One entry: a bold heading (plus an ordinary tail on the same line), and an
    optional detail on the lines below it, indented."""

    __slots__ = ("id", "heading", "tail", "detail")

    def __init__(self, id: str, heading: str, tail: str = "", detail: str = "") -> None:
        self.id = id
        self.heading = heading
        self.tail = tail
        self.detail = detail

    def __str__(self) -> str:
        first = self.heading + self.tail
        return f"{first}\n{DETAIL_INDENT}{self.detail}" if self.detail else first

    def __repr__(self) -> str:
        return f"Entry({self.id!r}, {str(self)!r})"


DETAIL_INDENT = "    "


class _Line:
    """A line on screen: part of entry `index`; `bold` is the part drawn in bold."""

    __slots__ = ("index", "bold", "rest")

    def __init__(self, index: int, bold: str, rest: str) -> None:
        self.index = index
        self.bold = bold
        self.rest = rest


class SectionList(ScrollView, can_focus=True):
    """A focusable list of entries; Enter or a click posts `SectionList.Chosen`."""

    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    COMPONENT_CLASSES = {"section-list--highlight", "section-list--hover"}

    DEFAULT_CSS = """
    SectionList {
        height: auto;
        max-height: 100%;
        overflow-x: hidden;
        color: $foreground;
        background: $surface;
        border: tall $border-blurred;
        padding: 0 1;
        & > .section-list--highlight {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .section-list--hover {
            background: $block-hover-background;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .section-list--highlight {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    highlighted: reactive[int] = reactive(0)
    """The index of the highlighted entry."""

    hovered: reactive[int | None] = reactive(None)
    """The index of the entry under the mouse, if any."""

    class Chosen(Message):
        """An entry was chosen, with Enter or a click."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, entries: list[Entry], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries = list(entries)
        self._lines: list[_Line] = []
        self._first_line: list[int] = []
        self._laid_out_width = -1
        self._line_styles = (Style(), Style(), Style())

    # The entries ---------------------------------------------------------------------

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries)

    @property
    def highlighted_entry(self) -> Entry | None:
        return self._entries[self.highlighted] if self._entries else None

    def set_entries(self, entries: list[Entry]) -> None:
        """Show new entries; the highlight stays on the same entry (the same id) if it
        is still there, or else at the same position (or the last)."""
        highlighted = self.highlighted_entry
        self._entries = list(entries)
        self._laid_out_width = -1
        ids = [entry.id for entry in self._entries]
        index = ids.index(highlighted.id) if highlighted and highlighted.id in ids else (
            self.highlighted)
        self.highlighted = self.validate_highlighted(index)
        self._scroll_to_highlight()
        self.refresh(layout=True)

    def validate_highlighted(self, index: int) -> int:
        return min(max(index, 0), max(len(self._entries) - 1, 0))

    def watch_highlighted(self) -> None:
        self._scroll_to_highlight()

    # Keys and mouse ----------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        if self._entries:
            self.highlighted = (self.highlighted + 1) % len(self._entries)

    def action_cursor_up(self) -> None:
        if self._entries:
            self.highlighted = (self.highlighted - 1) % len(self._entries)

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self._entries) - 1

    def action_page_down(self) -> None:
        self._move_page(+1)

    def action_page_up(self) -> None:
        self._move_page(-1)

    def _move_page(self, direction: int) -> None:
        self._layout_lines()
        if not self._lines:
            return
        y = self._first_line[self.highlighted] + direction * self.scrollable_content_region.height
        self.highlighted = self._lines[min(max(y, 0), len(self._lines) - 1)].index

    def action_choose(self) -> None:
        if self._entries:
            self.post_message(self.Chosen(self._entries[self.highlighted]))

    def _entry_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        y = offset.y + self.scroll_offset.y
        return self._lines[y].index if 0 <= y < len(self._lines) else None

    def on_click(self, event: events.Click) -> None:
        index = self._entry_at(event)
        if index is not None:
            self.highlighted = index
            self.action_choose()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self._entry_at(event)

    def on_leave(self, _event: events.Leave) -> None:
        self.hovered = None

    # Drawing -----------------------------------------------------------------------------

    def _layout_lines(self) -> None:
        """Wrap the entries to the current width (once per width)."""
        width = self.scrollable_content_region.width
        if width == self._laid_out_width or width <= 0:
            return
        self._laid_out_width = width
        self._lines, self._first_line = _wrap(self._entries, width)
        self.virtual_size = Size(width, len(self._lines))

    def _scroll_to_highlight(self) -> None:
        if not self.is_mounted or not self._entries:
            return
        self._layout_lines()
        if not self._first_line:
            return
        first = self._first_line[self.highlighted]
        following = self.highlighted + 1
        end = self._first_line[following] if following < len(self._first_line) else len(
            self._lines)
        self.scroll_to_region(Region(0, first, self.scrollable_content_region.width,
                                     end - first),
                              animate=False, force=True, immediate=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(_wrap(self._entries, width)[0])

    def on_resize(self) -> None:
        self._layout_lines()
        self._scroll_to_highlight()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Styles are looked up once per repaint, not once per line.
        self._layout_lines()
        base = self.rich_style
        self._line_styles = (base,
                             base + self.get_component_rich_style("section-list--highlight"),
                             base + self.get_component_rich_style("section-list--hover"))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base, highlight, hover = self._line_styles
        number = self.scroll_offset.y + y
        if not 0 <= number < len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[number]
        if line.index == self.highlighted:
            style = highlight
        elif line.index == self.hovered:
            style = hover
        else:
            style = base
        segments = [Segment(" ", style)]
        if line.bold:
            segments.append(Segment(line.bold, style + _BOLD))
        segments.append(Segment(line.rest, style))
        used = 1 + Segment.get_line_length(segments[1:])
        segments.append(Segment(" " * max(width - used, 0), style))
        return Strip(segments, max(width, used)).crop(0, width)


_BOLD = Style(bold=True)
_NUMBER = re.compile(r" *\d+\. ")


def _wrap(entries: list[Entry], width: int) -> tuple[list[_Line], list[int]]:
    """Every entry as screen lines of `width` cells (one cell of padding each side)."""
    inner = max(width - 2, 1)
    lines: list[_Line] = []
    first_line: list[int] = []
    for index, entry in enumerate(entries):
        first_line.append(len(lines))
        # A numbered title that wraps goes on under its words, not under its number.
        number = _NUMBER.match(entry.heading)
        hang = len(number.group(0)) if number and inner > len(number.group(0)) + 10 else 0
        title = entry.heading[hang:]
        heading = Content(title + entry.tail).stylize("bold", 0, len(title))
        for row, text in enumerate(heading.wrap(inner - hang)):
            bold_end = text.spans[0].end if text.spans else 0
            lead = entry.heading[:hang] if row == 0 else " " * hang
            lines.append(_Line(index, lead + text.plain[:bold_end], text.plain[bold_end:]))
        if entry.detail:
            indent = DETAIL_INDENT if inner > len(DETAIL_INDENT) + 10 else ""
            for text in Content(entry.detail).wrap(inner - len(indent)):
                lines.append(_Line(index, "", indent + text.plain))
    return lines, first_line
