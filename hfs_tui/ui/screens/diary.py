"""The diary: injection cycle, severity chart, a short summary and every entry.

Every read and write of the diary file runs in a thread worker; the screen only
draws what comes back. The list holds the whole history (ten years is about 4,000
entries) but reads only the rows on view, a block at a time (EntryList), so the
screen opens as fast with ten years as with ten days. `j` jumps to a date, `f`
narrows the list to one kind, and after a save or an edit the highlight is on that
entry.

On opening, the screen waits briefly for that first read (FIRST_READ_WAIT) so that
it is laid out and painted once, complete, rather than empty and then again; a
slower diary (locked, on a slow disk) paints at once with "Opening the diary ..."
and fills in when ready. Before opening the file it checks it (health.check,
which changes nothing): a damaged or newer-version diary is said at once, with a
button to repair it in the app, and the rest of the app carries on.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import cast

from textual import events, work
from textual.app import ComposeResult
from textual.widgets import Button, Static

from hfs_tui import actions, paths
from hfs_tui.diary import Diary, DiaryError, Entry, describe, health
from hfs_tui.diary.export import save_clinic_report
from hfs_tui.diary.models import format_day, one_line
from hfs_tui.diary.stats import RANGES, Overview, overview, summary_lines, summary_text
from hfs_tui.diary.store import LIST_FILTERS, default_path
from hfs_tui.ui.bindings import bindings_for
from hfs_tui.ui.screens.base import HfsScreen
from hfs_tui.ui.screens.confirm import ConfirmScreen
from hfs_tui.ui.screens.confirm_delete import ConfirmDeleteScreen
from hfs_tui.ui.screens.diary_entry import DiaryEntryScreen, TreatmentChoiceScreen
from hfs_tui.ui.screens.diary_find import JumpToDateScreen, KindChoiceScreen
from hfs_tui.ui.screens.diary_repair import RepairScreen, spoken_problem
from hfs_tui.ui.screens.log_spasm import LogSpasmScreen, undone_message
from hfs_tui.ui.screens.own_phrases import HearsOwnPhrases
from hfs_tui.ui.widgets.entry_list import BLOCK, EntryList, Row
from hfs_tui.ui.widgets.severity_chart import SeverityChart
from hfs_tui.ui.widgets.voice_indicator import voice_running

ALL = "All entries"
OPENING = "Opening the diary ..."
"""The injection line (full or brief, by window size) until the first read is done."""
ONE_OF_KIND = {"Ratings": "rating", "Injections": "injection",
               "Side effects": "side effect", "Sessions": "session"}
"""One entry of a list filter, in words ("no rating on ..."); others say "entry"."""
FIRST_READ_WAIT = 0.3
"""Seconds the screen waits for its first read before painting without it."""


@dataclass(frozen=True)
class Place:
    """Where the list's highlight should go after a read."""

    entry_id: int | None = None
    day: date | None = None
    row: int | None = None


@dataclass(frozen=True)
class Listing:
    """The list's part of one read: how many rows, where the cursor goes, the rows
    around it, and what to say about a jump."""

    kinds_label: str
    total: int
    cursor: int
    known: dict[int, list[Row]]
    first_day: date | None
    last_day: date | None
    jumped: str = ""


def entry_row(entry: Entry) -> Row:
    return Row(str(entry.id), f"{entry.at:%a %d %b %Y %H:%M}", one_line(describe(entry)),
               entry)


DIARY_ACTIONS = ("log_spasm", *(a.id for a in actions.ACTIONS
                                 if a.group == actions.DIARY_GROUP))
"""The spasm picker first ("l"), then the diary's own (the registry's "In the diary")."""


class DiaryScreen(HearsOwnPhrases, HfsScreen):
    GO_BACK = "back"
    # The parts sit straight on the screen, not in a container: one widget less to
    # style, lay out and paint on every open. The chart and the list share what is
    # left; at 60x20 the chart keeps its smallest useful height and the list scrolls.
    DEFAULT_CSS = """
    DiaryScreen .diary-part {
        padding: 0 1;
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
    DiaryScreen #diary-repair {
        display: none;
        margin: 0 1;
    }
    DiaryScreen #diary-repair.-shown {
        display: block;
    }
    DiaryScreen #diary-cycle {
        color: $text;
        height: auto;
    }
    DiaryScreen #diary-range {
        color: $text;
        text-style: bold;
        height: auto;
    }
    DiaryScreen SeverityChart {
        height: 2fr;
        min-height: 7;
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
        min-height: 4;
        margin: 0 1;
    }
    /* Short terminals (60x20): the summary already says "In the last 30 days", so
       the range line goes; the summary keeps its first sentence (the best and worst
       weeks are on the chart and in the spoken summary), and the list may be as
       small as two rows (it scrolls). */
    DiaryScreen.-short #diary-range, DiaryScreen.-short #diary-summary,
    DiaryScreen.-tiny #diary-range, DiaryScreen.-tiny #diary-summary {
        display: none;
    }
    DiaryScreen #diary-summary-short {
        color: $text;
        height: auto;
        display: none;
    }
    DiaryScreen.-short #diary-summary-short, DiaryScreen.-tiny #diary-summary-short {
        display: block;
    }
    DiaryScreen.-short #diary-entries, DiaryScreen.-tiny #diary-entries {
        min-height: 3;
    }
    /* Shorter still (a large font in a small window): the chart's smallest useful
       height would push the title off the top and the list off the bottom, so it
       goes (the summary says the same in words), and the injection line keeps only
       its dates. */
    DiaryScreen.-tiny SeverityChart, DiaryScreen.-tiny #diary-cycle {
        display: none;
    }
    DiaryScreen #diary-cycle-brief {
        color: $text;
        height: auto;
        display: none;
    }
    DiaryScreen.-tiny #diary-cycle-brief {
        display: block;
    }
    DiaryScreen.-problem #diary-cycle-brief {
        display: none;
    }
    /* Under CRAMPED_HEIGHT rows even the short summary pushed the title off the top
       (r reads it aloud, and the clinic report has it): the injection dates and the
       list stay. */
    DiaryScreen.-cramped #diary-summary-short {
        display: none;
    }
    DiaryScreen.-problem #diary-range, DiaryScreen.-problem SeverityChart,
    DiaryScreen.-problem #diary-summary, DiaryScreen.-problem #diary-entries,
    DiaryScreen.-problem #diary-summary-short {
        display: none;
    }
    """
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (18, "-short"), (24, "-tall")]
    # Focus straight onto the list: Textual's default ("*") focused another widget
    # first and then the list, and each change of focus restyles the screen.
    AUTO_FOCUS = "#diary-entries"

    ACTION_IDS = DIARY_ACTIONS
    # "Log", not "Log spasm": at 80 columns the key bar then keeps "f Show only".
    BINDINGS = bindings_for(DIARY_ACTIONS, footer=(
        "log_spasm", *(a for a in DIARY_ACTIONS[1:] if actions.get(a).footer)),
        labels={"log_spasm": "Log"})

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
        self.kinds_label = ALL
        self.overview: Overview | None = None
        self.listing: Listing | None = None
        self.error: str | None = None
        self.problem: health.Health | None = None
        self._undo_shown = False
        self._first_read = asyncio.Event()
        # The size class ("-tall", "-short", "-tiny") now, not on the first Resize: there it
        # would restyle every widget of the screen a second time (about 10 ms here).
        with contextlib.suppress(Exception):  # no running app (built ahead, in tests)
            self.set_class(True, *self._get_breakpoint_classes(
                self.app.size.height, self.VERTICAL_BREAKPOINTS or []))
        # The first read starts now, in a thread, so the disk work overlaps with
        # building and styling the screen (about 20-25 ms of the open here) instead
        # of starting only once it is mounted; the first _load picks it up.
        self._early_place = Place(row=0)
        self._early_key = (self.days, self.today(), self.kinds_label, self._early_place)
        self._early_result: tuple[str, object, object] | None = None
        self._early: threading.Thread | None = threading.Thread(
            target=self._read_early, name="diary-first-read", daemon=True)
        self._early.start()

    def _read_early(self) -> None:
        self._early_result = self._read(*self._early_key)

    @property
    def path(self) -> Path:
        return Path(self.diary_path) if self.diary_path else default_path()

    @property
    def kinds(self) -> tuple[str, ...] | None:
        return LIST_FILTERS[self.kinds_label]

    def compose_body(self) -> ComposeResult:
        part = "diary-part"
        yield Static("", id="diary-message", markup=False, classes=part)
        yield Button("Repair the diary (Enter)", id="diary-repair", variant="error")
        yield Static(OPENING, id="diary-cycle", markup=False, classes=part)
        yield Static(OPENING, id="diary-cycle-brief", markup=False, classes=part)
        yield Static("", id="diary-range", classes=part)
        yield SeverityChart(id="diary-chart")
        yield Static("", id="diary-summary", markup=False, classes=part)
        yield Static("", id="diary-summary-short", markup=False, classes=part)
        yield Static("", id="diary-status", markup=False, classes=part)
        yield EntryList(id="diary-entries")

    CRAMPED_HEIGHT = 14

    def on_resize(self, event: events.Resize | None = None) -> None:
        super().on_resize(event)
        self.set_class(self.size.height < self.CRAMPED_HEIGHT, "-cramped")

    async def on_mount(self) -> None:  # type: ignore[override]  # Textual awaits it
        super().on_mount()
        self.set_class(self.app.size.height < self.CRAMPED_HEIGHT, "-cramped")
        self.query_one(EntryList).focus()
        self._show_range_label()
        self.reload()
        # Holding the mount handler back holds back the screen's first layout and
        # paint (not the app): one complete paint instead of an empty one, then another.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._first_read.wait(), FIRST_READ_WAIT)

    def on_unmount(self) -> None:
        self._close_diary()

    def _close_diary(self) -> None:
        if self._owns_diary and self.diary is not None:
            diary, self.diary = self.diary, None
            # Closing may checkpoint the WAL: disk work, so not on the UI thread.
            threading.Thread(target=diary.close, name="diary-close").start()

    # loading -------------------------------------------------------------------------

    def today(self) -> date:
        return self.now().date()

    def reload(self, place: Place | None = None) -> None:
        """Read everything again; the highlight goes to `place` (default: its row)."""
        entries = self.query_one(EntryList)
        self._load(self.days, self.today(), self.kinds_label,
                   place or Place(row=entries.cursor_row))

    @work(thread=True, exclusive=True, group="diary-read")
    def _load(self, days: int, today: date, kinds_label: str, place: Place) -> None:
        early, self._early = self._early, None
        result = None
        if early is not None:
            early.join()
            if (days, today, kinds_label, place) == self._early_key:
                result = self._early_result
        if result is None:
            result = self._read(days, today, kinds_label, place)
        outcome, first, second = result
        if outcome == "problem":
            self.app.call_from_thread(self._show_problem, first, second)
        else:
            self.app.call_from_thread(self._show, first, second)

    def _read(self, days: int, today: date, kinds_label: str,
              place: Place) -> tuple[str, object, object]:
        """("data", Overview, Listing), or ("problem", Health, message). In a thread."""
        try:
            if self.diary is None:
                found = health.check(self.diary_path)
                if not found.usable:
                    return "problem", found, ""
                self.diary = Diary.open(self.diary_path)
            data = overview(self.diary, days, today, 0)
            listing = self._read_listing(self.diary, kinds_label, place)
        except DiaryError as error:
            return "problem", health.check(self.diary_path), str(error)
        return "data", data, listing

    @staticmethod
    def _read_listing(diary: Diary, kinds_label: str, place: Place) -> Listing:
        kinds = LIST_FILTERS[kinds_label]
        row, jumped = None, ""
        if place.entry_id is not None:
            row = diary.row_of_entry(place.entry_id, kinds)
            if row is None and kinds is not None:  # saved, but not of the kind shown
                kinds_label, kinds = ALL, None
                row = diary.row_of_entry(place.entry_id, None)
        elif place.day is not None:
            row = diary.row_of_date(place.day, kinds)
        total = diary.count_rows(kinds)
        if row is None:
            row = place.row or 0
        cursor = max(0, min(row, total - 1))
        # The block with the cursor, and the oldest block too, so End is instant.
        block, last = cursor // BLOCK, max(0, total - 1) // BLOCK
        known = {number: [entry_row(entry) for entry in
                          diary.page(number * BLOCK, BLOCK, kinds)]
                 for number in dict.fromkeys((block, last))}
        if place.day is not None:
            jumped = _jump_words(place.day, cast("Entry", known[block][cursor % BLOCK].item)
                                 if known[block] else None, kinds_label)
        span = diary.first_and_last()
        return Listing(kinds_label, total, cursor, known,
                       span[0].date() if span else None, span[1].date() if span else None,
                       jumped)

    def _row_loader(self, kinds: tuple[str, ...] | None) -> Callable[[int, int], list[Row]]:
        diary = self.diary

        def load(offset: int, limit: int) -> list[Row]:
            if diary is None:
                return []
            try:
                return [entry_row(entry) for entry in diary.page(offset, limit, kinds)]
            except DiaryError as error:
                self.app.call_from_thread(self.status, f"Could not read the diary: {error}",
                                          False)
                raise
        return load

    def _show_problem(self, found: health.Health, message: str = "") -> None:
        self._first_read.set()
        self.problem = found
        self.error = found.message or message or "The diary cannot be used right now."
        banner = self.query_one("#diary-message", Static)
        banner.update(f"The diary cannot be used right now. {_sentence(self.error)}")
        banner.add_class("-shown")
        # Nothing to chart or list: the message and the repair get the room.
        self.add_class("-problem")
        self.query_one("#diary-cycle", Static).update("")
        repair = self.query_one("#diary-repair", Button)
        repair.set_class(found.repairable, "-shown")
        if found.repairable:
            repair.focus()
        announce = self.announcer
        if announce is not None:
            announce(spoken_problem(found))

    def _show(self, data: Overview, listing: Listing) -> None:
        self._first_read.set()
        self.overview, self.listing = data, listing
        self.error, self.problem = None, None
        self.query_one("#diary-message", Static).remove_class("-shown")
        self.remove_class("-problem")
        repair = self.query_one("#diary-repair", Button)
        if repair.has_class("-shown"):
            repair.remove_class("-shown")
            self.query_one(EntryList).focus()
        self.query_one("#diary-cycle", Static).update(data.outlook.text(data.today))
        self.query_one("#diary-cycle-brief", Static).update(
            data.outlook.text(data.today, brief=True))
        start = data.today - timedelta(days=data.days - 1)
        self.query_one(SeverityChart).show(data.daily, data.injections, start, data.today)
        lines = summary_lines(data.summary, with_weeks=False)
        self.query_one("#diary-summary", Static).update(" ".join(lines))
        self.query_one("#diary-summary-short", Static).update(lines[0])
        self._show_range_label()
        self.kinds_label = listing.kinds_label
        entries = self.query_one(EntryList)
        entries.title_note = ("" if listing.kinds_label == ALL
                              else f"({listing.kinds_label.lower()} only)")
        entries.empty_text = ("No entries yet. Press l to log how bad the spasms are now."
                              if listing.kinds_label == ALL else
                              f"No {listing.kinds_label.lower()} in the diary. "
                              "Press f to show other entries.")
        entries.set_source(listing.total, self._row_loader(LIST_FILTERS[listing.kinds_label]),
                           cursor=listing.cursor, known=listing.known)
        if listing.jumped:
            self.status(listing.jumped)
        if data.can_undo != self._undo_shown:
            # Only then: the key bar has to be worked out again.
            self._undo_shown = data.can_undo
            self.refresh_bindings()
            self._refresh_key_hints()

    def _show_range_label(self) -> None:
        self.query_one("#diary-range", Static).update(
            f"Spasms, last {RANGES[self.days]} (1: 30 days, 3: 90 days, y: year)")

    def selected_entry(self) -> Entry | None:
        row = self.query_one(EntryList).selected
        return row.item if row is not None and isinstance(row.item, Entry) else None

    @property
    def announcer(self) -> Callable[[str], None] | None:
        """`speak` while voice commands are on, else None: like the rest of the app, the
        diary says what it shows only for someone who may have their eyes closed. The
        summary (r) is read whenever it is asked for."""
        state = getattr(self.app, "voice_state", None)
        if state is not None and not voice_running(state):
            return None
        return self.speak

    def status(self, message: str, speak: bool = True) -> None:
        line = self.query_one("#diary-status", Static)
        line.update(message)
        line.set_class(bool(message), "-shown")
        announce = self.announcer
        if speak and announce is not None:
            announce(message)

    # the voice dispatcher's entry point ------------------------------------------------

    def log_spasm(self, severity: int | None = None) -> None:
        """Open the picker; with a severity (voice), save it at once and confirm."""
        screen = LogSpasmScreen(self.diary, diary_path=self.diary_path, severity=severity,
                                save_now=severity is not None, now=self.now,
                                problem=self.problem, speak=self.announcer,
                                offer_note=severity is not None,
                                on_saved=lambda entry: self._rating_saved(screen, entry))
        self.app.push_screen(screen, lambda entry: self._logged(screen, entry))

    def _rating_saved(self, picker: LogSpasmScreen, entry: Entry) -> None:
        from hfs_tui.ui.diary_glue import rating_saved

        rating_saved(self.app, entry)  # type: ignore[arg-type]
        if picker.repaired is None:
            # The list shows behind the "Saved" box: it should already hold the rating.
            self.reload(Place(entry_id=entry.id))

    # actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            # Shown only when there is something to bring back.
            return self._undo_shown
        return True

    def explain_held_back(self, action_id: str) -> None:
        """Said when a held-back action is asked for by voice or the palette."""
        if action_id == "diary_undo":
            self.status("Nothing to undo: no entry has been deleted just now.")

    def action_log_spasm(self) -> None:
        self.log_spasm()

    def _logged(self, picker: LogSpasmScreen, entry: Entry | None) -> None:
        if picker.repaired is not None:
            self._reopen()
        if entry is not None:
            from hfs_tui.diary import saved_message

            self.status(saved_message(entry, self.today()), speak=not picker.said_saved)
        elif picker.undone is not None:
            # The picker has said it aloud already (with voice on).
            self.status(undone_message(picker.undone), speak=False)
        self.reload(Place(entry_id=entry.id) if entry is not None else None)

    def _reopen(self) -> None:
        """The file was replaced by a repair: read the new one."""
        self._close_diary()
        self.problem = None

    def action_add(self, kind: str) -> None:
        if self.diary is None:
            self.status(self.error or "The diary is still opening.", speak=False)
            return
        self.app.push_screen(DiaryEntryScreen(self.diary, kind=kind, now=self.now),
                             self._saved)

    def action_injection_now(self) -> None:
        """Voice alone: a Botox injection had today, with nothing to type."""
        if self.diary is None:
            self.status(self.error or "The diary is still opening.")
            return
        moment = self.now().replace(second=0, microsecond=0)
        question = f"Log a Botox injection today at {moment:%H:%M}?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._log_injection(moment)
            else:
                self.status("No injection logged.")

        self.app.push_screen(ConfirmScreen(question), answered)
        announce = self.announcer
        if announce is not None:
            announce(f"{question} Say yes or no.")

    @work(thread=True, exclusive=True, group="diary-write")
    def _log_injection(self, moment: datetime) -> None:
        from hfs_tui.diary import saved_message

        try:
            assert self.diary is not None
            entry = self.diary.log_injection(at=moment)
        except DiaryError as error:
            self.app.call_from_thread(self.status, f"Could not save the injection: {error}")
            return
        message = (f"{saved_message(entry, self.today())} To add the units or the clinic, "
                   "press e.")
        self.app.call_from_thread(self._changed, message, Place(entry_id=entry.id))

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

    def action_add_note(self) -> None:
        self.add_note()

    def add_note(self, by_voice: bool = False) -> bool:
        """The note dialog (said or typed) for the highlighted entry."""
        from hfs_tui.ui.diary_glue import note_screen

        entry = self.selected_entry()
        if entry is None or self.diary is None:
            self.status("Choose an entry with the arrow keys first.", speak=by_voice)
            return False
        self.app.push_screen(note_screen(self.app, entry, diary=self.diary,  # type: ignore[arg-type]
                                         by_voice=by_voice), self._noted)
        return True

    def _noted(self, entry: Entry | None) -> None:
        if entry is not None:
            self.status("Note saved.", speak=False)  # the note dialog said it
        self.reload(Place(entry_id=entry.id) if entry is not None else None)

    def on_entry_list_selected(self, event: EntryList.Selected) -> None:
        event.stop()
        self.action_edit()

    def _saved(self, entry: Entry | None) -> None:
        if entry is not None:
            from hfs_tui.diary import saved_message

            self.status(saved_message(entry, self.today()))
        self.reload(Place(entry_id=entry.id) if entry is not None else None)

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
        self.app.call_from_thread(
            self._changed,
            f'Deleted: {describe(deleted)}. Press u, or say "bring it back", to undo.')

    def action_clinic_report(self) -> None:
        if self.diary is None:
            self.status(self.error or "The diary is still opening.", speak=False)
            return
        self.status("Saving a report for your clinic...", speak=False)
        self._save_report(paths.reports_dir())

    @work(thread=True, exclusive=True, group="diary-report")
    def _save_report(self, folder: Path) -> None:
        try:
            assert self.diary is not None
            saved = save_clinic_report(self.diary, folder, self.today())
        except (DiaryError, OSError) as error:
            self.app.call_from_thread(self.status, f"The report was not saved: {error}")
            return
        self.app.call_from_thread(
            self.status, f"Saved a report for your clinic: {saved}. Open it in a web "
                         "browser to read or print it, or send it to your doctor.")

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
        place = Place(entry_id=restored.id) if restored is not None else None
        self.app.call_from_thread(self._changed, message, place)

    def _changed(self, message: str, place: Place | None = None) -> None:
        self.status(message)
        self.reload(place)

    def action_range(self, days: int) -> None:
        self.days = days
        self._show_range_label()
        self.reload()
        announce = self.announcer
        if announce is not None:  # "last ninety days" said with the eyes closed
            announce(f"Showing the last {RANGES[days]}. Say read summary to hear it.")

    def action_jump(self) -> None:
        if self.diary is None:
            self.status(self.error or "The diary is still opening.", speak=False)
            return
        listing = self.listing

        def chosen(day: date | None) -> None:
            if day is not None:
                self.reload(Place(day=day))

        self.app.push_screen(JumpToDateScreen(listing.first_day if listing else None,
                                              listing.last_day if listing else None), chosen)

    def action_kinds(self) -> None:
        if self.diary is None:
            self.status(self.error or "The diary is still opening.", speak=False)
            return

        def chosen(label: str | None) -> None:
            if label is not None and label in LIST_FILTERS:
                self.kinds_label = label
                self.reload(Place(row=0))

        self.app.push_screen(KindChoiceScreen(self.kinds_label), chosen)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "diary-repair":
            event.stop()
            self.action_repair()

    def action_repair(self) -> None:
        found = self.problem
        if found is None or not found.repairable:
            return

        def done(repaired: health.Repaired | None) -> None:
            if repaired is not None:
                self._reopen()
                self.status(repaired.message, speak=False)
                self.reload(Place(row=0))

        self._close_diary()  # the file is about to be moved aside
        self.app.push_screen(RepairScreen(found, speak=self.announcer), done)

    def action_read_summary(self) -> None:
        if self.diary is not None and self.speak is not None:
            self._read_summary(self.days, self.today())

    def action_read_aloud(self) -> None:
        """"Read aloud" said here: the summary (r), for someone who is only listening."""
        self.action_read_summary()

    def action_stop_reading(self) -> None:
        """"Stop" said while the summary is read."""
        narration = getattr(self.app, "narration", None)
        if narration is not None:
            narration.stop()

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


def _jump_words(day: date, entry: Entry | None, kinds_label: str) -> str:
    """What a jump found: that day, or the nearest earlier (or the oldest) entry."""
    if entry is None:
        return "There are no entries to go to."
    shown = ONE_OF_KIND.get(kinds_label, "entry")
    if entry.day == day:
        return f"Showing {format_day(day)}."
    if entry.day < day:
        return (f"No {shown} on {format_day(day)}; showing the nearest earlier one, "
                f"{format_day(entry.day)}.")
    return (f"The diary starts after {format_day(day)}; showing the oldest {shown}, "
            f"{format_day(entry.day)}.")


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."
