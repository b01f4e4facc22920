"""A light, keyboard-first list of diary entries: one line each, "When" and "What".

It stands in for Textual's DataTable on the diary screen. The table measured its
rows and added a scroll bar after they arrived, and each step laid the whole
screen out again; this widget draws only the rows that fit, so its size never
depends on its rows and it costs one plain paint. It keeps the table's keys and
colours (so the high-contrast themes read the same): up and down move the cursor,
Page Up and Page Down move a page, Home and End (or Ctrl+Home and Ctrl+End) go to
the first and last entry, left and right scroll long descriptions sideways, and
Enter or a click chooses the entry. When not every entry fits, the header says
which ones are shown ("1-9 of 30"), where the table showed a scroll bar.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len, set_cell_size
from textual import events
from textual.binding import Binding
from textual.content import Content, Span
from textual.message import Message
from textual.widget import Widget

Row = tuple[str, str, str]
"""A row's key, its "When" text and its "What" text."""

SIDEWAYS_STEP = 8
"""Cells that left and right move a long description by."""


class EntryList(Widget, can_focus=True):
    DEFAULT_CSS = """
    EntryList {
        height: 1fr;
        background: $surface;
        color: $foreground;
    }
    EntryList > .entry-list--header {
        text-style: bold;
        background: $panel;
        color: $foreground;
    }
    EntryList > .entry-list--even-row {
        background: $surface-lighten-1 50%;
    }
    EntryList:dark > .entry-list--even-row {
        background: $surface-darken-1 40%;
    }
    EntryList > .entry-list--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    EntryList:focus {
        background-tint: $foreground 5%;
    }
    EntryList:focus > .entry-list--header {
        background-tint: $foreground 5%;
    }
    EntryList:focus > .entry-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """
    COMPONENT_CLASSES = {"entry-list--header", "entry-list--even-row",
                         "entry-list--cursor"}
    BINDINGS = [
        Binding("enter", "select", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
        Binding("left", "sideways(-1)", "Scroll left", show=False),
        Binding("right", "sideways(1)", "Scroll right", show=False),
    ]

    class Selected(Message):
        """Enter pressed on, or a click on, the entry with this key."""

        def __init__(self, entry_list: EntryList, key: str) -> None:
            super().__init__()
            self.entry_list = entry_list
            self.key = key

        @property
        def control(self) -> EntryList:
            return self.entry_list

    def __init__(self, when_title: str = "When", what_title: str = "What", *,
                 when_width: int = 21, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.when_title, self.what_title = when_title, what_title
        self.when_width = when_width
        self._rows: list[Row] = []
        self._cursor = 0
        self._top = 0
        self._sideways = 0

    # the rows ------------------------------------------------------------------------

    def set_rows(self, rows: list[Row]) -> None:
        """Show these rows; the cursor stays on the same key if it is still there."""
        keep = self.selected_key
        self._rows = [(key, _one_line(when), _one_line(what)) for key, when, what in rows]
        keys = [row[0] for row in self._rows]
        self._cursor = keys.index(keep) if keep in keys else 0
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def selected_key(self) -> str | None:
        return self._rows[self._cursor][0] if self._rows else None

    def row_at(self, index: int) -> tuple[str, str]:
        """The "When" and "What" text of one row."""
        _, when, what = self._rows[index]
        return when, what

    def move_cursor(self, row: int) -> None:
        if self._rows:
            self._cursor = max(0, min(row, len(self._rows) - 1))
            self.refresh()

    # keys and mouse ------------------------------------------------------------------

    @property
    def _page(self) -> int:
        """Rows that fit below the header."""
        return max(1, self.content_region.height - 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self._cursor - self._page)

    def action_page_down(self) -> None:
        self.move_cursor(self._cursor + self._page)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_sideways(self, direction: int) -> None:
        widest = max((len(what) for _, _, what in self._rows), default=0)
        room = max(1, self.content_region.width - self.when_width - 3)
        self._sideways = max(0, min(self._sideways + direction * SIDEWAYS_STEP,
                                    max(0, widest - room)))
        self.refresh()

    def action_select(self) -> None:
        key = self.selected_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:  # outside the rows, or on the header
            return
        row = self._top + offset.y - 1
        if row < len(self._rows):
            event.stop()
            self.move_cursor(row)
            self.action_select()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll(+1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll(-1)

    def _scroll(self, rows: int) -> None:
        """The wheel moves the view; the next arrow key brings it back to the cursor."""
        self._top = max(0, min(self._top + rows, len(self._rows) - self._page))
        self.refresh()

    # drawing -------------------------------------------------------------------------

    def _view_top(self, page: int) -> int:
        """First row shown: the last view if the cursor is in it, else just around it."""
        top = max(0, min(self._top, len(self._rows) - page))
        if self._cursor < top:
            top = self._cursor
        elif self._cursor >= top + page:
            top = self._cursor - page + 1
        return top

    def render(self) -> Content:
        width, height = self.content_region.size
        page = max(1, height - 1)
        self._top = top = self._view_top(page)
        when_width = self.when_width + 3  # a space, the date and time, two spaces
        what_width = max(0, width - when_width)

        header = f" {self.when_title:<{self.when_width}}  {self.what_title}"
        if len(self._rows) > page:
            shown = f"{top + 1}-{min(top + page, len(self._rows))} of {len(self._rows)} "
            header = _fit(header, max(0, width - len(shown))) + shown
        lines = [_fit(header, width)]
        styles = [self.get_visual_style("entry-list--header")]
        cursor = self.get_visual_style("entry-list--cursor")
        even = self.get_visual_style("entry-list--even-row")
        for index in range(top, min(top + page, len(self._rows))):
            _, when, what = self._rows[index]
            lines.append(_fit(f" {when}", when_width)
                         + _fit(what[self._sideways:], what_width, ellipsis=True))
            styles.append(cursor if index == self._cursor else None if index % 2 else even)
        spans: list[Span] = []
        position = 0
        for line, style in zip(lines, styles, strict=True):
            if style is not None:
                spans.append(Span(position, position + len(line), style))
            position += len(line) + 1
        return Content("\n".join(lines), spans, strip_control_codes=False)


def _one_line(text: str) -> str:
    """Control characters (tabs, new lines, escapes) as spaces: one row, one line."""
    if text.isprintable():
        return text
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)


def _fit(text: str, width: int, ellipsis: bool = False) -> str:
    """Pad or cut `text` to exactly `width` cells."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    if ellipsis and width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)
