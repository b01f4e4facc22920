"""The diary screens driven by Pilot on real SQLite files."""

from __future__ import annotations

import random
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pilot_helpers import wait_until
from textual import events
from textual.app import App
from textual.geometry import Offset
from textual.screen import Screen
from textual.widgets import Input, Static

import hfs_tui.ui
import hfs_tui.ui.screens.diary as diary_screen
from hfs_tui.diary import Diary, Entry
from hfs_tui.ui.screens.confirm_delete import ConfirmDeleteScreen
from hfs_tui.ui.screens.diary import DiaryScreen
from hfs_tui.ui.screens.diary_entry import DiaryEntryScreen, TreatmentChoiceScreen
from hfs_tui.ui.screens.diary_find import JumpToDateScreen, KindChoiceScreen
from hfs_tui.ui.screens.diary_repair import RepairScreen
from hfs_tui.ui.screens.log_spasm import LogSpasmScreen, TickBox
from hfs_tui.ui.widgets.entry_list import EntryList
from hfs_tui.ui.widgets.key_hints import KeyHints
from hfs_tui.ui.widgets.severity_chart import SeverityChart

NOW = datetime(2025, 6, 15, 14, 32, 0)
SIZE = (80, 24)
APP_CSS = Path(hfs_tui.ui.__file__).with_name("app.tcss")


def frozen() -> datetime:
    return NOW


class DiaryTestApp(App):
    """A tiny app that shows one screen, the way the main app will push it.

    It uses the app's stylesheet, so screens are laid out as users see them.
    """

    CSS_PATH = APP_CSS

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.first_screen = screen
        self.results: list[object] = []
        self.spoken: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self.first_screen, self.results.append)


def sample_entries(days: int = 120, seed: int = 3) -> list[Entry]:
    rng = random.Random(seed)
    entries = []
    injections = [NOW.date() - timedelta(days=100), NOW.date() - timedelta(days=10)]
    for offset in range(days):
        day = NOW.date() - timedelta(days=offset)
        last = max((i for i in injections if i <= day), default=None)
        since = (day - last).days if last else 999
        level = 3 if 5 <= since < 70 else 7
        entries.append(Entry(kind="spasm", at=datetime.combine(day, datetime.min.time())
                             + timedelta(hours=9, minutes=offset % 60),
                             severity=max(0, min(10, level + rng.randint(-1, 1)))))
    entries += [Entry(kind="injection", at=datetime.combine(day, datetime.min.time())
                      + timedelta(hours=11), units=25, clinic="Eye clinic")
                for day in injections]
    return entries


def make_diary(path: Path, entries: list[Entry]) -> None:
    with Diary.open(path, clock=frozen) as diary:
        diary.add_many(entries)


async def settle(pilot) -> None:
    """Let thread workers finish and their results reach the screen."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def stored(path: Path) -> list[Entry]:
    with Diary.open(path) as diary:
        return diary.entries()


def status_of(screen: DiaryScreen) -> str:
    """The diary's status line, as shown."""
    return str(screen.query_one("#diary-status", Static).render())


def diary_of_two_ratings(path: Path) -> DiaryTestApp:
    """The diary over two ratings: 3, two hours ago, and 6, an hour ago (selected)."""
    make_diary(path, [Entry(kind="spasm", at=NOW - timedelta(hours=2), severity=3),
                      Entry(kind="spasm", at=NOW - timedelta(hours=1), severity=6)])
    return DiaryTestApp(DiaryScreen(path, now=frozen))


@pytest.fixture
def diary_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "diary.sqlite3"


async def test_log_by_key_picker_then_details_then_saved(diary_path):
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        picker = app.screen
        assert isinstance(picker, LogSpasmScreen)
        await pilot.press("7")
        assert str(picker.query_one("#chosen-words", Static).render()) == "bad"
        await pilot.press("enter")
        assert picker.step == "details"
        await pilot.click("#part-eye")
        await pilot.click("#trigger-tired")
        await pilot.click("#note")
        await pilot.press(*"after lunch")
        await pilot.press("enter")
        await settle(pilot)
        assert picker.step == "done"
        saved_text = str(picker.query_one("#saved-text", Static).render())
        assert saved_text == "Saved: spasm 7 out of 10, bad, today at 14:32."
        # The list shows through behind the "Saved" box, so it holds the rating already.
        behind = app.screen_stack[-2]
        assert isinstance(behind, DiaryScreen)
        assert behind.query_one(EntryList).row_at(0)[1].startswith("Spasm 7 out of 10 (bad)")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)
        entries = app.screen.query_one(EntryList)
        assert entries.row_at(0)[1] == \
            "Spasm 7 out of 10 (bad). Where: eye. Triggers: tired. Note: after lunch"
    (entry,) = stored(diary_path)
    assert (entry.severity, entry.parts, entry.triggers, entry.note, entry.at) == (
        7, ("eye",), ("tired",), "after lunch", NOW)


async def test_one_then_zero_means_ten_and_arrows_adjust(diary_path):
    screen = LogSpasmScreen(diary_path=diary_path, now=frozen, confirm_seconds=0)
    app = DiaryTestApp(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "0")
        assert screen.severity == 10
        await pilot.press("left", "left")
        assert screen.severity == 8
        await pilot.press("3")
        assert screen.severity == 3
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert [entry.severity for entry in stored(diary_path)] == [3]
    assert app.results[0].severity == 3


async def test_escape_cancels_and_saves_nothing(diary_path):
    screen = LogSpasmScreen(diary_path=diary_path, now=frozen)
    app = DiaryTestApp(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("9", "enter", "escape")  # back from details to the numbers
        assert screen.step == "pick"
        await pilot.press("escape")
        await settle(pilot)
    assert app.results == [None]
    assert not diary_path.exists() or stored(diary_path) == []


async def test_spoken_command_saves_at_once_and_confirms(diary_path):
    """What the voice dispatcher does for "log spasm seven"."""
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.log_spasm(7)
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, LogSpasmScreen)
        assert str(picker.query_one("#saved-text", Static).render()) == \
            "Saved: spasm 7 out of 10, bad, today at 14:32."
        await pilot.press("enter")
        await settle(pilot)
        status = status_of(app.screen)
        assert status == "Saved: spasm 7 out of 10, bad, today at 14:32."
    assert [entry.severity for entry in stored(diary_path)] == [7]


async def test_spoken_save_can_be_undone_from_the_confirmation(diary_path):
    screen = LogSpasmScreen(diary_path=diary_path, severity=4, save_now=True, now=frozen)
    app = DiaryTestApp(screen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen.step == "done"
        await pilot.press("u")
        await settle(pilot)
    assert app.results == [None]
    assert stored(diary_path) == []


async def test_confirmation_closes_by_itself(diary_path):
    screen = LogSpasmScreen(diary_path=diary_path, severity=2, save_now=True, now=frozen,
                            confirm_seconds=0.2)
    app = DiaryTestApp(screen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: app.results)
        assert len(app.results) == 1 and app.results[0].severity == 2


async def test_a_rating_picked_by_key_waits_for_enter_so_a_late_enter_changes_nothing(
        diary_path):
    # Seen in a user trial: the box closed by itself, and an Enter pressed a few seconds
    # later opened the entry for editing on the diary list underneath.
    screen = LogSpasmScreen(diary_path=diary_path, now=frozen, confirm_seconds=0.2)
    app = DiaryTestApp(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8", "enter", "enter")
        await settle(pilot)
        assert screen.step == "done"
        await pilot.pause(0.4)  # longer than confirm_seconds: a slow user
        assert app.screen is screen and app.results == []
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.results) == 1 and app.results[0].severity == 8
    assert [entry.severity for entry in stored(diary_path)] == [8]


async def test_diary_writes_never_run_on_the_ui_thread(diary_path, monkeypatch):
    threads: list[threading.Thread] = []
    original = Diary.add_many

    def recording_add_many(self, entries):
        threads.append(threading.current_thread())
        return original(self, entries)

    monkeypatch.setattr(Diary, "add_many", recording_add_many)
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "5", "enter", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("i")
        await pilot.press("enter")  # units empty: saves an injection with the date only
        await settle(pilot)
    assert len(threads) == 2
    assert all(thread is not threading.main_thread() for thread in threads)


async def test_delete_asks_then_undo_brings_it_back(diary_path):
    app = diary_of_two_ratings(diary_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.selected_entry().severity == 6
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmDeleteScreen)
        await pilot.press("n")
        await settle(pilot)
        assert len(stored(diary_path)) == 2
        await pilot.press("delete", "y")
        await settle(pilot)
        assert [entry.severity for entry in stored(diary_path)] == [3]
        assert "Press u, or say \"bring it back\", to undo" in status_of(screen)
        assert "u Undo" in str(screen.query_one(KeyHints).render())
        await pilot.press("u")
        await settle(pilot)
        assert [entry.severity for entry in stored(diary_path)] == [3, 6]
        assert status_of(screen).startswith(
            "Brought back: Spasm 6 out of 10")
        assert "Undo" not in str(screen.query_one(KeyHints).render())


async def test_undo_of_a_new_rating_says_so_and_keeps_the_earlier_delete_undoable(diary_path):
    # The picker's Undo used delete(), which erased the entry deleted before it: the
    # diary's "u" then brought back the rating just undone, and the other was lost.
    app = diary_of_two_ratings(diary_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("delete", "y")
        await settle(pilot)
        await pilot.press("l", "9", "enter", "enter")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.screen is screen
        assert status_of(screen) == (
            "Undone: your rating of 9 out of 10 is not in the diary.")
        assert [entry.severity for entry in stored(diary_path)] == [3]
        await pilot.press("u")
        await settle(pilot)
        assert [entry.severity for entry in stored(diary_path)] == [3, 6]


async def test_add_an_injection_updates_the_cycle(diary_path):
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cycle = app.screen.query_one("#diary-cycle", Static)
        assert str(cycle.render()) == "No injections recorded yet. Press i to add one."
        await pilot.press("t")
        assert isinstance(app.screen, TreatmentChoiceScreen)
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, DiaryEntryScreen)
        assert form.query_one("#field-date", Input).value == "2025-06-15"
        await pilot.press("2", "5")  # typed into the first field, units
        form.query_one("#field-clinic", Input).value = "Neuro clinic"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)
        assert str(cycle.render()).startswith("Last injection: today (15 June 2025). "
                                              "Next injection: usually due between "
                                              "15 September and 15 October 2025 "
                                              "(in 92 to 122 days).")
    (entry,) = stored(diary_path)
    assert (entry.kind, entry.units, entry.clinic) == ("injection", 25.0, "Neuro clinic")


async def test_form_refuses_bad_input_and_keeps_what_was_typed(diary_path):
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        app.screen.query_one("#field-units", Input).value = "lots"
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DiaryEntryScreen)
        assert str(form.query_one("#entry-error", Static).render()) == \
            "Not saved: units 'lots' is not a number"
        assert form.query_one("#field-units", Input).value == "lots"
        date_field = form.query_one("#field-date", Input)
        date_field.value = "2030-01-01"
        form.query_one("#field-units", Input).value = "20"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is in the future" in str(form.query_one("#entry-error", Static).render())
        await pilot.press("escape")
        await settle(pilot)
    assert stored(diary_path) == []


async def test_side_effect_and_edit(diary_path):
    make_diary(diary_path, [Entry(kind="spasm", at=NOW - timedelta(days=1), severity=5)])
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        app.screen.query_one("#field-name", Input).value = "double vision"
        app.screen.query_one("#field-end", Input).value = "2025-06-15"
        await pilot.press("enter")
        await settle(pilot)
        effect = stored(diary_path)[-1]
        assert (effect.kind, effect.name, effect.end) == (
            "side_effect", "double vision", datetime(2025, 6, 15))
        # the rating is now second in the list (newest first); edit it
        await pilot.press("down", "e")
        form = app.screen
        assert isinstance(form, DiaryEntryScreen)
        assert form.query_one("#field-severity", Input).value == "5"
        form.query_one("#field-severity", Input).value = "6"
        form.query_one("#field-note", Input).value = "changed my mind"
        await pilot.press("ctrl+s")
        await settle(pilot)
    rating = next(entry for entry in stored(diary_path) if entry.kind == "spasm")
    assert (rating.severity, rating.note, rating.at) == (
        6, "changed my mind", NOW - timedelta(days=1))


async def test_chart_ranges_switch(diary_path):
    make_diary(diary_path, sample_entries())
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.overview.days == 30
        assert screen.overview.summary.ratings == 30
        await pilot.press("3")
        await settle(pilot)
        assert screen.overview.days == 90
        assert str(screen.query_one("#diary-range", Static).render()).startswith(
            "Spasms, last 90 days (")
        await pilot.press("y")
        await settle(pilot)
        assert screen.overview.summary.ratings == 120
        assert len(screen.overview.injections) == 2
        chart = screen.query_one(SeverityChart)
        assert "▲" in str(chart.render())


async def test_read_summary_speaks_through_the_apps_voice(diary_path):
    make_diary(diary_path, sample_entries())
    spoken: list[str] = []
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen, speak=spoken.append))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
    assert spoken and spoken[0].startswith("In the last 30 days you logged 30 ratings.")


def shown_lines(entries: EntryList) -> list[str]:
    return str(entries.render()).splitlines()


async def test_the_entries_move_with_the_keys_and_open_with_enter(diary_path):
    make_diary(diary_path, sample_entries())  # 122 entries, every one listed
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        entries = screen.query_one(EntryList)
        assert entries.has_focus and entries.row_count == 122
        page = entries.content_region.height - 1
        assert 3 <= page < 30
        header = shown_lines(entries)[0]
        assert header.startswith(" When") and header.rstrip().endswith(f"1-{page} of 122")
        newest = screen.selected_entry()
        assert newest.at == max(entry.at for entry in stored(diary_path))

        await pilot.press("down", "down")
        assert entries.cursor_row == 2
        await pilot.press("up")
        assert entries.cursor_row == 1
        await pilot.press("pagedown")
        assert entries.cursor_row == 1 + page
        assert shown_lines(entries)[0].rstrip().endswith(f"3-{page + 2} of 122")
        await pilot.press("end")
        await settle(pilot)  # the oldest rows are read now, not before
        assert entries.cursor_row == 121
        assert shown_lines(entries)[0].rstrip().endswith(f"{123 - page}-122 of 122")
        assert shown_lines(entries)[-1].startswith(
            f" {screen.selected_entry().at:%a %d %b %Y %H:%M}")
        assert screen.selected_entry().at == min(entry.at for entry in stored(diary_path))
        await pilot.press("pageup", "home")
        assert entries.cursor_row == 0 and screen.selected_entry() == newest

        await pilot.press("down", "enter")
        form = app.screen
        assert isinstance(form, DiaryEntryScreen)
        second = form.entry
        assert second == screen.selected_entry() and second != newest
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.selected_entry() == second


async def test_a_click_opens_that_entry(diary_path):
    make_diary(diary_path, sample_entries())
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        entries = screen.query_one(EntryList)
        third_row = entries.row_at(2)
        await pilot.click(EntryList, offset=Offset(10, 3))  # the header, then rows 0, 1, 2
        form = app.screen
        assert isinstance(form, DiaryEntryScreen)
        assert f"{form.entry.at:%a %d %b %Y %H:%M}" == third_row[0]
        assert entries.cursor_row == 2


async def test_a_long_description_scrolls_sideways(diary_path):
    note = "woke with it; " + "worse after reading for a long time " * 4 + "THE END"
    make_diary(diary_path, [Entry(kind="spasm", at=NOW - timedelta(hours=1), severity=5,
                                  note=note)])
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        entries = app.screen.query_one(EntryList)
        row = shown_lines(entries)[1]
        assert "Spasm 5 out of 10" in row and row.rstrip().endswith("…")
        assert "THE END" not in row
        for _ in range(30):
            await pilot.press("right")
        row = shown_lines(entries)[1]
        assert "THE END" in row and "Spasm 5" not in row
        assert row.startswith(f" {NOW - timedelta(hours=1):%a %d %b %Y %H:%M}")
        for _ in range(30):
            await pilot.press("left")
        assert "Spasm 5 out of 10" in shown_lines(entries)[1]


async def test_a_slow_first_read_paints_at_once_and_fills_in_later(diary_path, monkeypatch):
    """A locked or slow diary must not hold the screen back for long."""
    make_diary(diary_path, sample_entries())
    release = threading.Event()
    real_overview = diary_screen.overview

    def slow_overview(*args, **kwargs):
        release.wait(10)
        return real_overview(*args, **kwargs)

    monkeypatch.setattr(diary_screen, "overview", slow_overview)
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(diary_screen.FIRST_READ_WAIT + 0.2)
        screen = app.screen
        assert isinstance(screen, DiaryScreen) and screen.overview is None
        cycle = screen.query_one("#diary-cycle", Static)
        assert str(cycle.render()) == "Opening the diary ..."
        assert cycle.size.height == 1  # laid out: the screen is on view
        assert screen.query_one(EntryList).row_count == 0
        release.set()
        await settle(pilot)
        assert str(cycle.render()).startswith("Last injection: 10 days ago")
        assert screen.query_one(EntryList).row_count == 122


# ten years of history ------------------------------------------------------------------


def ten_years(seed: int = 7) -> list[Entry]:
    """A daily rating for ten years and an injection every 30 days or so (~3,770)."""
    rng = random.Random(seed)
    days = 10 * 365
    start = NOW.date() - timedelta(days=days - 1)
    injections = {start + timedelta(days=30 * month + rng.randint(0, 5))
                  for month in range(days // 30)}
    entries = [Entry(kind="spasm", at=datetime.combine(start + timedelta(days=offset),
                                                       datetime.min.time())
                     + timedelta(hours=8), severity=rng.randint(2, 8))
               for offset in range(days)]
    entries += [Entry(kind="injection", at=datetime.combine(day, datetime.min.time())
                      + timedelta(hours=11), units=25) for day in sorted(injections)]
    return entries


@pytest.fixture
def ten_year_diary(diary_path: Path) -> Path:
    make_diary(diary_path, ten_years())
    return diary_path


def header_of(entries: EntryList) -> str:
    return shown_lines(entries)[0].rstrip()


async def test_end_and_page_down_reach_the_oldest_of_ten_years(ten_year_diary):
    everything = stored(ten_year_diary)
    total, oldest = len(everything), min(everything, key=lambda entry: entry.at)
    assert total > 3700
    app = DiaryTestApp(DiaryScreen(ten_year_diary, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        entries = screen.query_one(EntryList)
        page = entries.content_region.height - 1
        assert entries.row_count == total
        assert header_of(entries).endswith(f"1-{page} of {total:,}")
        await pilot.press("end")
        await settle(pilot)
        assert screen.selected_entry() == oldest
        assert header_of(entries).endswith(f"{total - page + 1:,}-{total:,} of {total:,}")
        # Rows are read as they are needed: the newest block and the oldest, no more.
        assert len(entries._blocks) <= 3
        await pilot.press("home")
        await settle(pilot)
        assert screen.selected_entry().at == max(entry.at for entry in everything)
        # Page Down walks on past the first block of rows read, and on to the end.
        for _ in range(150 // page + 1):
            await pilot.press("pagedown")
        await settle(pilot)
        assert entries.cursor_row > 150 and screen.selected_entry() is not None
        assert "..." not in "\n".join(shown_lines(entries))
        entries.move_cursor(total - page - 1)
        await pilot.press("pagedown", "pagedown")
        await settle(pilot)
        assert screen.selected_entry() == oldest
        await pilot.press("pageup")
        await settle(pilot)
        assert entries.cursor_row == total - 1 - page


async def test_jump_to_a_date(ten_year_diary):
    app = DiaryTestApp(DiaryScreen(ten_year_diary, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("j")
        dialog = app.screen
        assert isinstance(dialog, JumpToDateScreen)
        assert dialog.query_one(Input).has_focus
        await pilot.press(*"the fifth", "enter")
        assert "Not a date" in str(dialog.query_one("#jump-error", Static).render())
        dialog.query_one(Input).value = ""
        await pilot.press(*"2019-03-05", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.selected_entry().day == date(2019, 3, 5)
        assert status_of(screen) == \
            "Showing 5 March 2019."
        entries = screen.query_one(EntryList)
        assert f" {screen.selected_entry().at:%a %d %b %Y}" in "\n".join(shown_lines(entries))
        # A month opens at its newest entry; up goes later, down earlier.
        await pilot.press("j", *"March 2018", "enter")
        await settle(pilot)
        assert screen.selected_entry().day == date(2018, 3, 31)
        await pilot.press("down")
        await settle(pilot)
        assert screen.selected_entry().day == date(2018, 3, 30)
        # Before the diary began: the oldest entry, and it says so.
        await pilot.press("j", *"1990", "enter")
        await settle(pilot)
        assert screen.selected_entry() == min(stored(ten_year_diary), key=lambda e: e.at)
        assert "The diary starts after 31 December 1990" in status_of(screen)


async def test_the_list_can_show_one_kind(ten_year_diary):
    injections = [entry for entry in stored(ten_year_diary) if entry.kind == "injection"]
    app = DiaryTestApp(DiaryScreen(ten_year_diary, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        entries = screen.query_one(EntryList)
        await pilot.press("f")
        assert isinstance(app.screen, KindChoiceScreen)
        await pilot.press("i")
        await settle(pilot)
        assert entries.row_count == len(injections)
        assert "(injections only)" in header_of(entries)
        await pilot.press("end")
        await settle(pilot)
        assert screen.selected_entry() == injections[0]
        shown = [entries.row(index).item for index in range(entries.row_count)
                 if entries.row(index) is not None]
        assert shown and all(entry.kind == "injection" for entry in shown)
        await pilot.press("f", "x")  # side effects: there are none
        await settle(pilot)
        assert entries.row_count == 0
        assert "No side effects in the diary. Press f" in shown_lines(entries)[1]
        await pilot.press("f", "a")
        await settle(pilot)
        assert entries.row_count == len(stored(ten_year_diary))
        assert "only" not in header_of(entries)


async def test_after_a_save_the_highlight_is_on_the_new_entry(diary_path):
    # An entry earlier today and an older one: the new rating is listed first.
    make_diary(diary_path, [Entry(kind="spasm", at=NOW - timedelta(hours=5), severity=3),
                            Entry(kind="injection", at=NOW - timedelta(days=3), units=20)])
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("down")  # the highlight was on the second row
        await pilot.press("l", "8", "enter", "enter")
        await settle(pilot)
        await pilot.press("enter")  # close the confirmation
        await settle(pilot)
        assert app.screen is screen
        assert screen.selected_entry().severity == 8 and screen.selected_entry().at == NOW
        assert screen.query_one(EntryList).cursor_row == 0
        await pilot.press("e")
        assert app.screen.entry.severity == 8  # e edits the one just logged
        await pilot.press("escape")
        await settle(pilot)
        # Showing injections only, a new rating brings every entry back, on it.
        await pilot.press("f", "i")
        await settle(pilot)
        await pilot.press("l", "4", "enter", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.kinds_label == "All entries"
        assert screen.selected_entry().severity == 4


async def test_after_an_edit_the_highlight_follows_the_entry(ten_year_diary):
    app = DiaryTestApp(DiaryScreen(ten_year_diary, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("down", "down", "down")
        moved = screen.selected_entry()
        await pilot.press("e")
        form = app.screen
        form.query_one("#field-date", Input).value = "2016-02-29"
        form.query_one("#field-note", Input).value = "entered late"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        chosen = screen.selected_entry()
        assert chosen.id == moved.id and chosen.note == "entered late"
        assert chosen.day == date(2016, 2, 29)
        assert screen.query_one(EntryList).cursor_row > 3000


# size and words --------------------------------------------------------------------


async def test_the_diary_at_60x20_keeps_its_parts_and_the_list_fills_the_rest(
        ten_year_diary):
    app = DiaryTestApp(DiaryScreen(ten_year_diary, now=frozen))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("l", "8", "enter", "enter")  # a status line appears too
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert screen.max_scroll_y == 0  # nothing pushed out of view
        for part in ("#top-bar", "#diary-cycle", "#diary-chart", "#diary-summary-short",
                     "#diary-status", "#diary-entries", "KeyHints"):
            widget = screen.query_one(part)
            assert widget.region.height >= 1, part
            assert screen.region.contains_region(widget.region), part
        entries = screen.query_one(EntryList)
        keys = screen.query_one(KeyHints)
        assert entries.region.bottom == keys.region.y  # no blank rows under the list
        assert len(shown_lines(entries)) >= 3
        assert str(screen.query_one("#diary-cycle", Static).render()).startswith(
            "Last injection:")
        assert "average rating per day" in str(screen.query_one(SeverityChart).render())


async def test_the_rating_dialog_shows_0_to_10_at_60x20(diary_path):
    screen = LogSpasmScreen(diary_path=diary_path, now=frozen)
    app = DiaryTestApp(screen)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        for number in range(11):
            button = screen.query_one(f"#n{number}")
            assert screen.region.contains_region(button.region), number
            assert str(number) in str(button.render()), number
        await pilot.press("1", "0", "enter")
        dialog = screen.query_one("#log-dialog")
        assert screen.region.contains_region(dialog.region)
        for part in ("#part-jaw", "#trigger-stressed", "#note", "#save"):
            assert dialog.region.contains_region(screen.query_one(part).region), part


async def test_details_start_on_the_first_field_and_typing_writes_the_note(diary_path):
    screen = LogSpasmScreen(diary_path=diary_path, now=frozen, confirm_seconds=0)
    app = DiaryTestApp(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6", "enter")
        first = screen.query_one("#part-eye", TickBox)
        assert first.has_focus
        assert "[ ] eye" in str(first.render())
        await pilot.press("space")  # ticks it, and says so in text
        assert "[x] eye" in str(first.render())
        await pilot.press(*"worse at night")
        assert screen.query_one("#note", Input).value == "worse at night"
        await pilot.press("enter")
        await settle(pilot)
    (entry,) = stored(diary_path)
    assert (entry.severity, entry.parts, entry.note) == (6, ("eye",), "worse at night")


# a damaged diary, met before any work -----------------------------------------------


PAGE = 4096


def damaged_diary(path: Path, count: int = 400) -> bytes:
    """A real diary with two pages in the middle overwritten."""
    make_diary(path, [Entry(kind="spasm", at=NOW - timedelta(days=n), severity=n % 11,
                            note="n" * 500) for n in range(count)])
    data = bytearray(path.read_bytes())
    data[PAGE * 5: PAGE * 7] = b"\xff" * (PAGE * 2)
    path.write_bytes(bytes(data))
    return bytes(data)


def aside_copies(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.glob(f"{path.name}.damaged-*")
                  if not p.name.endswith(("-wal", "-shm")))


def repaired_count(message: str) -> int:
    return int(message.split("Started a new diary with ")[1].split()[0])


async def test_a_damaged_diary_met_by_d_is_said_at_once_and_repaired_in_the_app(
        diary_path):
    from hfs_tui.ui.app import HfsApp

    before = damaged_diary(diary_path)
    app = HfsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiaryScreen)
        banner = str(screen.query_one("#diary-message", Static).render())
        assert banner.startswith("The diary cannot be used right now.") and "damaged" in banner
        assert diary_path.read_bytes() == before  # looking changes nothing
        assert screen.query_one("#diary-repair").has_focus
        await pilot.press("enter")
        assert isinstance(app.screen, RepairScreen)
        await pilot.press("y")
        await settle(pilot)
        result = str(app.screen.query_one("#repair-result", Static).render())
        kept = repaired_count(result)
        assert 0 < kept < 400 and "could not be read" in result
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.error is None
        assert screen.query_one(EntryList).row_count == kept
        assert f"Started a new diary with {kept} entries" in status_of(screen)
    (aside,) = aside_copies(diary_path)
    assert aside.read_bytes() == before  # the old file is kept as it was
    assert len(stored(diary_path)) == kept


async def test_a_damaged_diary_met_by_l_before_a_rating_is_picked(diary_path):
    from hfs_tui.ui.app import HfsApp

    before = damaged_diary(diary_path)
    app = HfsApp()
    async with app.run_test(size=SIZE) as pilot:
        reader = app.screen
        await pilot.press("l")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, LogSpasmScreen) and picker.step == "problem"
        title = str(picker.query_one("#problem-title", Static).render())
        assert title == "The diary file is damaged. Nothing has been saved."
        # Not now: back to where the user was, which works as before.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is reader
        assert diary_path.read_bytes() == before
        await pilot.press("l")
        await settle(pilot)
        picker = app.screen
        await pilot.press("enter")  # repair
        assert isinstance(app.screen, RepairScreen)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is picker and picker.step == "pick"
        assert "Started a new diary" in str(picker.query_one("#log-error", Static).render())
        await pilot.press("3", "enter", "enter")
        await settle(pilot)
        assert picker.step == "done"
    assert aside_copies(diary_path)[0].read_bytes() == before
    # The rescued ratings all have notes; the new one, picked after the repair, has none.
    assert [entry.severity for entry in stored(diary_path) if not entry.note] == [3]


async def test_log_spasm_seven_by_voice_on_a_damaged_diary_waits_for_the_repair(diary_path):
    from hfs_tui.actions import voice_commands
    from hfs_tui.ui.app import HfsApp

    before = damaged_diary(diary_path)
    app = HfsApp()
    async with app.run_test(size=SIZE) as pilot:
        reader = app.screen
        app.voice_state = "listening"  # as if voice were on: problems are said aloud
        spoken: list[str] = []
        app.narration.say = spoken.append
        commands = {c.phrase: c for c in voice_commands(app.library.sections,
                                                        app.all_exercises())}
        app.voice.dispatch(commands["log spasm seven"])  # what the recogniser calls
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, LogSpasmScreen) and picker.step == "problem"
        assert str(picker.query_one("#problem-title", Static).render()) == \
            "The diary file is damaged. Your rating, 7 out of 10, is not saved yet."
        assert spoken and "damaged" in spoken[0] and "Enter" in spoken[0]
        assert diary_path.read_bytes() == before
        await pilot.press("enter", "y")
        await settle(pilot)
        await pilot.press("enter")  # the repair's report
        await settle(pilot)
        assert picker.step == "done"
        assert str(picker.query_one("#saved-text", Static).render()).startswith(
            "Saved: spasm 7 out of 10")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is reader
    assert aside_copies(diary_path)[0].read_bytes() == before
    sevens = [entry for entry in stored(diary_path) if entry.severity == 7 and not entry.note]
    assert len(sevens) == 1


async def test_a_damaged_diary_can_be_repaired_by_voice_alone(diary_path):
    # "Press Enter" is no use to someone who cannot see or reach the keys: "yes" does it.
    from hfs_tui.actions import voice_commands
    from hfs_tui.ui.app import HfsApp

    before = damaged_diary(diary_path)
    app = HfsApp()
    async with app.run_test(size=SIZE) as pilot:
        app.voice_state = "listening"
        spoken: list[str] = []
        app.narration.say = spoken.append
        commands = {c.phrase: c for c in voice_commands(app.library.sections,
                                                        app.all_exercises())}
        app.voice.dispatch(commands["log spasm seven"])
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, LogSpasmScreen) and picker.step == "problem"
        assert "say yes" in spoken[0]
        app.voice.dispatch(commands["yes"])  # repair it
        await settle(pilot)
        assert isinstance(app.screen, RepairScreen)
        assert spoken[-1] == "Repair the diary now? Say yes or no."
        app.voice.dispatch(commands["yes"])  # yes, repair
        await wait_until(pilot, lambda: app.screen.step == "done")
        app.voice.dispatch(commands["yes"])  # the report heard: OK
        await wait_until(pilot, lambda: picker.step == "done")
        assert any(text.startswith("Saved: spasm 7 out of 10") for text in spoken)
    assert aside_copies(diary_path)[0].read_bytes() == before
    # The rescued ratings all have notes; the one said, saved after the repair, has none.
    assert len([e for e in stored(diary_path) if e.severity == 7 and not e.note]) == 1


async def test_a_newer_version_diary_is_said_when_the_screen_opens(diary_path):
    import sqlite3

    make_diary(diary_path, sample_entries(10))
    connection = sqlite3.connect(diary_path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        banner = str(app.screen.query_one("#diary-message", Static).render())
        assert "newer hfs-tui" in banner
        await pilot.press("l")
        picker = app.screen
        assert isinstance(picker, LogSpasmScreen) and picker.step == "problem"
        assert str(picker.query_one("#problem-title", Static).render()).startswith(
            "The diary file was made by a newer version of hfs-tui.")


async def test_the_screen_summary_and_the_spoken_one_give_the_same_figures(ten_year_diary):
    from hfs_tui.diary.figures import last_days, one_decimal

    spoken: list[str] = []
    app = DiaryTestApp(DiaryScreen(ten_year_diary, now=frozen, speak=spoken.append))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = str(app.screen.query_one("#diary-summary", Static).render())
        await pilot.press("r")
        await settle(pilot)
    with Diary.open(ten_year_diary) as diary:
        figures = last_days(diary, 30, NOW.date())
    average = f"The average of all ratings was {one_decimal(figures.average)} out of 10"
    assert average in shown and average in spoken[0]
    assert f"you logged {figures.ratings} ratings" in shown
    assert shown.split(" Best week")[0] in spoken[0]


@pytest.mark.parametrize("size", [(60, 20), (200, 60)])
async def test_the_diary_dialogs_fit_from_60x20_to_200x60(ten_year_diary, size):
    app = DiaryTestApp(DiaryScreen(ten_year_diary, now=frozen))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        # the key that opens each dialog, and what must be on view in it
        for keys, must_see in ((("i",), ("#field-date", "#entry-save", "#entry-cancel")),
                               (("e",), ("#field-severity", "#entry-save")),
                               (("t",), ("#injection", "#side_effect")),
                               (("j",), ("#jump-date",)),
                               (("f",), ("#kind-0", "#kind-5")),
                               (("delete",), ("#yes", "#no"))):
            await pilot.press(*keys)
            await settle(pilot)
            dialog = app.screen
            assert not isinstance(dialog, DiaryScreen), keys
            for part in must_see:
                region = dialog.query_one(part).region
                assert region.height and dialog.region.contains_region(region), (keys, part)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, DiaryScreen)


async def test_the_repair_dialog_fits_at_60x20(diary_path):
    damaged_diary(diary_path)
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, RepairScreen)
        for part in ("#repair-title", "#repair-yes", "#repair-no"):
            assert dialog.region.contains_region(dialog.query_one(part).region), part


async def test_a_number_then_enter_typed_in_one_burst_saves_that_number(diary_path):
    # Seen in tmux: "3" and Enter sent together saved 5 (the default) with the note "3".
    # Enter is a priority binding; the number went through the focused widget first,
    # and arrived after Enter had moved on to the details.
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        for key, character in (("3", "3"), ("enter", "\r"), ("enter", "\r")):
            app.post_message(events.Key(key, character))
        await settle(pilot)
        await wait_until(pilot, lambda: stored(diary_path) if diary_path.exists() else [])
    [entry] = stored(diary_path)
    assert (entry.severity, entry.note) == (3, "")


async def test_numbers_and_arrows_still_type_in_the_details_note(diary_path):
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "4", "enter")
        await settle(pilot)
        app.screen.query_one("#note", Input).focus()
        await pilot.press("2", "5", "left", "1", "enter")
        await settle(pilot)
    [entry] = stored(diary_path)
    assert (entry.severity, entry.note) == (4, "215")


async def test_the_key_bar_behind_a_dialog_shows_the_keys_that_work_in_it(diary_path):
    # The bar shows through behind a dialog; "l Log" there did nothing.
    app = DiaryTestApp(DiaryScreen(diary_path, now=frozen))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        diary = app.screen

        def bar() -> str:
            return str(diary.query_one(KeyHints).render())

        assert bar().startswith("l Log  e Edit  i Injection  t Treatment  Esc Back")
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogSpasmScreen)
        assert bar() == "Enter Next  Esc Cancel"
        # A dialog over the dialog: the bar follows the one on top.
        app.push_screen(ConfirmDeleteScreen("the rating"))
        await settle(pilot)
        assert bar() == "y Yes, delete  n No, keep it"
        await pilot.press("n")
        await settle(pilot)
        assert bar() == "Enter Next  Esc Cancel"
        # Each step says what Enter and Esc do there, as its buttons do.
        await pilot.press("7", "enter")
        await settle(pilot)
        assert bar() == "Enter Save  Esc Back"
        await pilot.press("escape")
        await settle(pilot)
        assert bar() == "Enter Next  Esc Cancel"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is diary
        assert bar().startswith("l Log  e Edit  i Injection  t Treatment  Esc Back")


async def test_c_saves_a_report_for_the_clinic_from_the_diary(private_folders):
    # The report for the neurologist was only a command (hfs-tui diary export): a user
    # who never opens a terminal command line had no way to make it.
    import stat
    from datetime import datetime, timedelta

    from pilot_helpers import wait_until

    from hfs_tui.diary import Diary
    from hfs_tui.ui.app import HfsApp
    from hfs_tui.ui.screens.diary import DiaryScreen

    with Diary.open() as diary:
        diary.log_injection(at=datetime.now() - timedelta(days=20))
        diary.log_spasm(6, at=datetime.now() - timedelta(hours=2))
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DiaryScreen)
                         and app.screen.diary is not None)
        def status() -> str:
            return str(app.screen.query_one("#diary-status").render())

        day = datetime.now().date().isoformat()
        for wanted in (f"report {day}.html", "(2)"):
            await pilot.press("c")
            await wait_until(pilot, lambda want=wanted: "Saved a report" in status()
                             and want in status())
    names = {path.name for path in private_folders["reports"].iterdir()}
    assert names == {f"hfs-tui report {day}.html", f"hfs-tui report {day} (2).html"}
    first = private_folders["reports"] / f"hfs-tui report {day}.html"
    text = first.read_text(encoding="utf-8")
    assert "<html" in text.lower() and "6" in text and "injection" in text.lower()
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
