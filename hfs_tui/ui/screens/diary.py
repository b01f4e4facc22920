"""The diary: injection cycle, severity chart, a short summary and recent entries.

Every read and write of the diary file runs in a thread worker; the screen only
draws what comes back. On opening, the screen waits briefly for that first read
(FIRST_READ_WAIT) so that it is laid out and painted once, complete, rather than
empty and then again; a slower diary (locked, on a slow disk) paints at once with
"Opening the diary ..." and fills in when ready. A diary that cannot be opened
(damaged, locked, from a newer version) shows its one-line message here and the
rest of the app carries on.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from hfs_tui.diary import Diary, DiaryError, Entry, describe
from hfs_tui.diary.models import one_line
from hfs_tui.diary.stats import RANGES, Overview, overview, summary_lines, summary_text
from hfs_tui.ui.screens.base import HfsScreen
from hfs_tui.ui.screens.confirm_delete import ConfirmDeleteScreen
from hfs_tui.ui.screens.diary_entry import DiaryEntryScreen, TreatmentChoiceScreen
from hfs_tui.ui.screens.log_spasm import LogSpasmScreen
from hfs_tui.ui.widgets.entry_list import EntryList
from hfs_tui.ui.widgets.severity_chart import SeverityChart

RECENT_ENTRIES = 30
FIRST_READ_WAIT = 0.3
"""Seconds the screen waits for its first read before painting without it."""


class DiaryScreen(HfsScreen):
    # The parts sit straight on the screen, not in a container: one widget less to
    # style, lay out and paint on every open.
    DEFAULT_CSS = """
    DiaryScreen .diary-part {
        padding: 0 1;
    }
    DiaryScreen #diary-title {
        text-style: bold;
        color: $text;
        height: 1;
    }
    DiaryScreen #diary-message {
        color: $error;
        text-style: bold;
        height: auto;
        display: none;
    }
    DiaryScreen #diary-message.-shown {
        display: block;
    }
    DiaryScreen #diary-cycle {
        color: $text;
        height: auto;
    }
    DiaryScreen #diary-range {
        color: $text;
        text-style: bold;
        height: 1;
    }
    DiaryScreen SeverityChart {
        height: 2fr;
        min-height: 9;
        max-height: 18;
    }
    DiaryScreen #diary-summary {
        color: $text;
        height: auto;
    }
    DiaryScreen #diary-status {
        color: $accent;
        text-style: bold;
        height: auto;
        display: none;
    }
    DiaryScreen #diary-status.-shown {
        display: block;
    }
    DiaryScreen #diary-entries {
        height: 3fr;
        min-height: 5;
        margin: 0 1;
    }
    """

    BINDINGS = [
        Binding("l", "log_spasm", "Log", id="log_spasm"),
        Binding("i", "add('injection')", "Injection", id="diary_injection"),
        Binding("t", "treatment", "Treatment", id="diary_treatment"),
        Binding("x", "add('side_effect')", "Side effect", show=False, id="diary_side_effect"),
        Binding("e", "edit", "Edit", id="diary_edit"),
        Binding("delete,backspace", "delete", "Delete", key_display="Del",
                id="diary_delete"),
        Binding("u", "undo", "Undo", id="diary_undo"),
        Binding("1", "range(30)", "30 days", show=False, id="diary_range_30"),
        Binding("3", "range(90)", "90 days", show=False, id="diary_range_90"),
        Binding("y", "range(365)", "Year", show=False, id="diary_range_year"),
        Binding("r", "read_summary", "Read summary", show=False, id="diary_read_summary"),
        Binding("escape", "back", "Back", id="diary_back"),
    ]

    def __init__(self, diary_path: Path | None = None,
                 now: Callable[[], datetime] | None = None, *,
                 diary: Diary | None = None,
                 speak: Callable[[str], None] | None = None,
                 days: int = 30) -> None:
        super().__init__("Your diary")
        self.diary_path = diary_path
        self.now = now or datetime.now
        self.diary = diary
        self._owns_diary = diary is None
        self.speak = speak
        self.days = days if days in RANGES else 30
        self.overview: Overview | None = None
        self.error: str | None = None
        self._entries_by_row: dict[str, Entry] = {}
        self._undo_shown = False
        self._first_read = asyncio.Event()

    def compose_body(self) -> ComposeResult:
        part = "diary-part"
        yield Static("Your diary", id="diary-title", classes=part)
        yield Static("", id="diary-message", markup=False, classes=part)
        yield Static("Opening the diary ...", id="diary-cycle", markup=False, classes=part)
        yield Static("", id="diary-range", classes=part)
        yield SeverityChart(id="diary-chart")
        yield Static("", id="diary-summary", markup=False, classes=part)
        yield Static("", id="diary-status", markup=False, classes=part)
        yield EntryList(id="diary-entries")

    async def on_mount(self) -> None:
        super().on_mount()
        self.query_one(EntryList).focus()
        self._show_range_label()
        self.reload()
        # Holding the mount handler back holds back the screen's first layout and
        # paint (not the app): one complete paint instead of an empty one, then another.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._first_read.wait(), FIRST_READ_WAIT)

    def on_unmount(self) -> None:
        if self._owns_diary and self.diary is not None:
            diary, self.diary = self.diary, None
            # Closing may checkpoint the WAL: disk work, so not on the UI thread.
            threading.Thread(target=diary.close, name="diary-close").start()

    # loading -------------------------------------------------------------------------

    def today(self) -> date:
        return self.now().date()

    def reload(self) -> None:
        self._load(self.days, self.today())

    @work(thread=True, exclusive=True, group="diary-read")
    def _load(self, days: int, today: date) -> None:
        try:
            if self.diary is None:
                self.diary = Diary.open(self.diary_path)
            data = overview(self.diary, days, today, RECENT_ENTRIES)
        except DiaryError as error:
            self.app.call_from_thread(self._show_error, str(error))
            return
        self.app.call_from_thread(self._show, data)

    def _show_error(self, message: str) -> None:
        self._first_read.set()
        self.error = message
        banner = self.query_one("#diary-message", Static)
        banner.update(f"The diary cannot be used right now. {message}")
        banner.add_class("-shown")
        self.query_one("#diary-cycle", Static).update("")

    def _show(self, data: Overview) -> None:
        self._first_read.set()
        self.overview = data
        self.error = None
        self.query_one("#diary-message", Static).remove_class("-shown")
        self.query_one("#diary-cycle", Static).update(data.outlook.text(data.today))
        start = data.today - timedelta(days=data.days - 1)
        self.query_one(SeverityChart).show(data.daily, data.injections, start, data.today)
        self.query_one("#diary-summary", Static).update(
            " ".join(summary_lines(data.summary, with_weeks=False)))
        self._show_range_label()
        self._fill_table(data.recent)
        if data.can_undo != self._undo_shown:
            # Only then: the key bar has to be worked out again.
            self._undo_shown = data.can_undo
            self.refresh_bindings()
            self._refresh_key_hints()

    def _show_range_label(self) -> None:
        self.query_one("#diary-range", Static).update(
            f"Spasms, last {RANGES[self.days]}.  Show: 1 = 30 days, 3 = 90 days, y = year")

    def _fill_table(self, entries: list[Entry]) -> None:
        self._entries_by_row = {str(entry.id): entry for entry in entries}
        self.query_one(EntryList).set_rows(
            [(str(entry.id), f"{entry.at:%a %d %b %Y %H:%M}", one_line(describe(entry)))
             for entry in entries])

    def selected_entry(self) -> Entry | None:
        key = self.query_one(EntryList).selected_key
        return self._entries_by_row.get(key) if key is not None else None

    def status(self, message: str, speak: bool = True) -> None:
        line = self.query_one("#diary-status", Static)
        line.update(message)
        line.set_class(bool(message), "-shown")
        if speak and self.speak is not None:
            self.speak(message)

    # the voice dispatcher's entry point ------------------------------------------------

    def log_spasm(self, severity: int | None = None) -> None:
        """Open the picker; with a severity (voice), save it at once and confirm."""
        screen = LogSpasmScreen(self.diary, diary_path=self.diary_path, severity=severity,
                                save_now=severity is not None, now=self.now)
        self.app.push_screen(screen, self._logged)

    # actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            # Shown only when there is something to bring back.
            return self._undo_shown
        return True

    def action_log_spasm(self) -> None:
        self.log_spasm()

    def _logged(self, entry: Entry | None) -> None:
        if entry is not None:
            from hfs_tui.diary import saved_message

            self.status(saved_message(entry, self.today()))
        self.reload()

    def action_add(self, kind: str) -> None:
        if self.diary is None:
            self.status(self.error or "The diary is still opening.", speak=False)
            return
        self.app.push_screen(DiaryEntryScreen(self.diary, kind=kind, now=self.now),
                             self._saved)

    def action_treatment(self) -> None:
        def chosen(kind: str | None) -> None:
            if kind:
                self.action_add(kind)

        self.app.push_screen(TreatmentChoiceScreen(), chosen)

    def action_edit(self) -> None:
        entry = self.selected_entry()
        if entry is None or self.diary is None:
            self.status("Choose an entry with the arrow keys first.", speak=False)
            return
        self.app.push_screen(DiaryEntryScreen(self.diary, entry=entry, now=self.now),
                             self._saved)

    def on_entry_list_selected(self, event: EntryList.Selected) -> None:
        event.stop()
        self.action_edit()

    def _saved(self, entry: Entry | None) -> None:
        if entry is not None:
            self.status(f"Saved: {describe(entry)}.")
        self.reload()

    def action_delete(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.id is None:
            self.status("Choose an entry with the arrow keys first.", speak=False)
            return
        entry_id = entry.id

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(entry_id)

        when = f"{entry.at:%A %d %B %Y at %H:%M}"
        self.app.push_screen(ConfirmDeleteScreen(f"{when}: {describe(entry)}"), answered)

    @work(thread=True, exclusive=True, group="diary-write")
    def _delete(self, entry_id: int) -> None:
        try:
            assert self.diary is not None
            deleted = self.diary.delete(entry_id)
        except DiaryError as error:
            self.app.call_from_thread(self.status, f"Not deleted: {error}")
            return
        self.app.call_from_thread(self._changed,
                                  f"Deleted: {describe(deleted)}. Press u to undo.")

    def action_undo(self) -> None:
        if self.diary is not None:
            self._undo()

    @work(thread=True, exclusive=True, group="diary-write")
    def _undo(self) -> None:
        try:
            assert self.diary is not None
            restored = self.diary.undo_delete()
        except DiaryError as error:
            self.app.call_from_thread(self.status, f"Could not undo: {error}")
            return
        message = (f"Brought back: {describe(restored)}." if restored
                   else "Nothing to undo.")
        self.app.call_from_thread(self._changed, message)

    def _changed(self, message: str) -> None:
        self.status(message)
        self.reload()

    def action_range(self, days: int) -> None:
        self.days = days
        self._show_range_label()
        self.reload()

    def action_read_summary(self) -> None:
        if self.diary is not None and self.speak is not None:
            self._read_summary(self.days, self.today())

    @work(thread=True, exclusive=True, group="diary-read-summary")
    def _read_summary(self, days: int, today: date) -> None:
        try:
            assert self.diary is not None
            text = summary_text(self.diary, days, today)
        except DiaryError as error:
            text = str(error)
        if self.speak is not None:
            self.app.call_from_thread(self.speak, text)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
