"""A light, keyboard-first list of diary entries: one line each, "When" and "What".

A virtual list: it knows how many rows there are and asks a loader for the rows
it is about to show, a block at a time, in a thread worker (the loader reads the
diary file, and nothing reads files on the UI thread). Ten years of entries cost
what one screenful costs. A row not loaded yet shows as "..." for the moment it
takes to arrive.

It draws only the rows that fit, so its size never depends on its rows and it
costs one plain paint. It keeps the table's keys and colours (so the high-contrast
themes read the same): up and down move the cursor, Page Up and Page Down move a
page, Home and End (or Ctrl+Home and Ctrl+End) go to the first and last entry,
left and right scroll long descriptions sideways, and Enter or a click chooses the
entry. When not every entry fits, the header says which ones are shown
("1-9 of 4,012"), where a table would show a scroll bar.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size
from textual import events
from textual.binding import Binding
from textual.content import Content, Span
from textual.message import Message
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.style import Style


class Row(NamedTuple):
    """One line of the list: its key, its "When" and "What" text, and what it stands for."""

    key: str
    when: str
    what: str
    item: object = None


Loader = Callable[[int, int], Sequence[Row]]
"""Rows `offset` to `offset + limit - 1` (fewer at the end). Called in a thread."""

BLOCK = 100
"""Rows loaded at a time: a few screens, and one quick indexed read of the diary."""
KEPT_BLOCKS = 40
"""Blocks kept in memory (4,000 rows); the ones used longest ago are dropped first."""
SIDEWAYS_STEP = 8
"""Cells that left and right move a long description by."""
NOT_LOADED = "..."


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
        Binding("enter", "select", "Select", show=False,
                tooltip="Open the highlighted entry to change it"),
        Binding("up", "cursor_up", "Cursor up", show=False, tooltip="The entry above"),
        Binding("down", "cursor_down", "Cursor down", show=False,
                tooltip="The entry below"),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False, tooltip="The newest entry"),
        Binding("end,ctrl+end", "last", "Last", show=False, tooltip="The oldest entry"),
        Binding("left", "sideways(-1)", "Scroll left", show=False,
                tooltip="Scroll a long entry back"),
        Binding("right", "sideways(1)", "Scroll right", show=False,
                tooltip="Scroll a long entry on"),
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

    class Moved(Message):
        """The cursor moved (to a row that may not be loaded yet)."""

        def __init__(self, entry_list: EntryList, row: int) -> None:
            super().__init__()
            self.entry_list = entry_list
            self.row = row

        @property
        def control(self) -> EntryList:
            return self.entry_list

    def __init__(self, when_title: str = "When", what_title: str = "What", *,
                 when_width: int = 21, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.when_title, self.what_title = when_title, what_title
        self.when_width = when_width
        self.title_note = ""
        """Shown after "What" in the header, e.g. "(ratings only)"."""
        self.empty_text = ""
        """Shown in place of the rows when there are none."""
        self._total = 0
        self._loader: Loader | None = None
        self._blocks: OrderedDict[int, list[Row]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._cursor = 0
        self._top = 0
        self._sideways = 0

    # the rows ------------------------------------------------------------------------

    def set_source(self, total: int, loader: Loader, *, cursor: int | None = None,
                   known: Mapping[int, Sequence[Row]] | None = None) -> None:
        """Show `total` rows read through `loader`, the cursor on row `cursor` (None:
        where it was). `known` gives blocks already read ({block number: rows}), so
        the first paint needs no second trip to the disk."""
        self._generation += 1
        self._total = max(0, total)
        self._loader = loader
        self._blocks = OrderedDict((number, list(rows)) for number, rows in
                                   (known or {}).items())
        self._pending = set()
        row = self._cursor if cursor is None else cursor
        self._cursor = max(0, min(row, self._total - 1)) if self._total else 0
        self.refresh()

    def set_rows(self, rows: Sequence[Row | tuple[str, str, str]]) -> None:
        """Show rows held in memory; the cursor stays on the same key if it is there."""
        keep = self.selected_key
        shown = [Row(*row) for row in rows]
        keys = [row.key for row in shown]
        self.set_source(len(shown), lambda offset, limit: shown[offset:offset + limit],
                        cursor=keys.index(keep) if keep in keys else 0,
                        known={number: shown[number * BLOCK:(number + 1) * BLOCK]
                               for number in range(-(-len(shown) // BLOCK))})

    @property
    def row_count(self) -> int:
        return self._total

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def row(self, index: int) -> Row | None:
        """Row `index`, or None while it is still being read (or out of range)."""
        block = self._blocks.get(index // BLOCK)
        if block is None:
            return None
        offset = index % BLOCK
        return block[offset] if offset < len(block) else None

    @property
    def selected(self) -> Row | None:
        return self.row(self._cursor) if self._total else None

    @property
    def selected_key(self) -> str | None:
        row = self.selected
        return row.key if row is not None else None

    def row_at(self, index: int) -> tuple[str, str]:
        """The "When" and "What" text of one row (loaded)."""
        row = self.row(index)
        if row is None:
            raise IndexError(f"row {index} is not loaded")
        return _one_line(row.when), _one_line(row.what)

    def move_cursor(self, row: int) -> None:
        if self._total:
            self._cursor = max(0, min(row, self._total - 1))
            self.post_message(self.Moved(self, self._cursor))
            self.refresh()

    # loading -------------------------------------------------------------------------

    def _want(self, first: int, last: int) -> None:
        """Make sure rows first..last are loaded or on their way."""
        if self._loader is None or not self._total:
            return
        last = min(last, self._total - 1)
        for number in range(max(0, first) // BLOCK, max(0, last) // BLOCK + 1):
            if number in self._blocks:
                self._blocks.move_to_end(number)
            elif number not in self._pending:
                self._pending.add(number)
                self.run_worker(partial(self._read_block, self._generation, self._loader,
                                        number),
                                thread=True, group="entry-list-rows", exit_on_error=False)

    def _read_block(self, generation: int, loader: Loader, number: int) -> None:
        """In a thread: read one block, then keep it on the UI thread."""
        try:
            rows: list[Row] | None = list(loader(number * BLOCK, BLOCK))
        except Exception:  # noqa: BLE001 - the screen reports read errors itself
            rows = None
        self.app.call_from_thread(self._keep_block, generation, number, rows)

    def _keep_block(self, generation: int, number: int, rows: list[Row] | None) -> None:
        if generation != self._generation:
            return  # the list was replaced meanwhile
        self._pending.discard(number)
        if rows is None:
            return
        self._blocks[number] = rows
        while len(self._blocks) > KEPT_BLOCKS:
            self._blocks.popitem(last=False)
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
        self.move_cursor(self._total - 1)

    def action_sideways(self, direction: int) -> None:
        shown = [self.row(index) for index in range(self._top, self._top + self._page)]
        widest = max((len(row.what) for row in shown if row is not None), default=0)
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
        if row < self._total:
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
        self._top = max(0, min(self._top + rows, self._total - self._page))
        self.refresh()

    # drawing -------------------------------------------------------------------------

    def _view_top(self, page: int) -> int:
        """First row shown: the last view if the cursor is in it, else just around it."""
        top = max(0, min(self._top, self._total - page))
        if self._cursor < top:
            top = self._cursor
        elif self._cursor >= top + page:
            top = self._cursor - page + 1
        return top

    def render(self) -> Content:
        width, height = self.content_region.size
        page = max(1, height - 1)
        self._top = top = self._view_top(page)
        # The rows on view, and a page either side so paging on finds them ready.
        self._want(top - page, top + 2 * page)
        when_width = self.when_width + 3  # a space, the date and time, two spaces
        what_width = max(0, width - when_width)

        what_title = f"{self.what_title} {self.title_note}".rstrip()
        header = f" {self.when_title:<{self.when_width}}  {what_title}"
        if self._total > page:
            shown = f"{top + 1:,}-{min(top + page, self._total):,} of {self._total:,} "
            header = _fit(header, max(0, width - len(shown))) + shown
        lines = [_fit(header, width)]
        styles: list[Style | None] = [self.get_visual_style("entry-list--header")]
        cursor = self.get_visual_style("entry-list--cursor")
        even = self.get_visual_style("entry-list--even-row")
        if not self._total and self.empty_text:
            # Wrapped, not cut: on a narrow terminal the key to press is at its end.
            for part in textwrap.wrap(self.empty_text, max(1, width - 1)):
                lines.append(_fit(f" {part}", width))
                styles.append(None)
        for index in range(top, min(top + page, self._total)):
            row = self.row(index)
            when, what = ((_one_line(row.when), _one_line(row.what)) if row is not None
                          else (NOT_LOADED, ""))
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
