"""What the diary looks like, with "now" frozen so the pictures never vary.

Update after an intended change with:
    pytest tests/ui/test_diary_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_diary_ui import APP_CSS, frozen, make_diary, sample_entries, ten_years
from textual.app import App

from hfs_tui.ui.screens.diary import DiaryScreen
from hfs_tui.ui.screens.log_spasm import LogSpasmScreen
from hfs_tui.ui.themes import THEMES


class SnapshotApp(App):
    CSS_PATH = APP_CSS  # the app's stylesheet: the screens as users see them

    def __init__(self, screen, theme: str = "textual-dark") -> None:
        super().__init__()
        self.first_screen = screen
        self.theme_name = theme

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.theme_name
        self.push_screen(self.first_screen)


def after(*keys: str):
    """run_before: press keys, letting the diary's thread workers finish after each."""

    async def run_before(pilot) -> None:
        for key in ("", *keys):
            if key:
                await pilot.press(key)
            for _ in range(3):
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()

    return run_before


@pytest.fixture
def filled_diary(tmp_path: Path) -> Path:
    path = tmp_path / "diary.sqlite3"
    make_diary(path, sample_entries())
    return path


def test_diary_screen_30_days(snap_compare, filled_diary):
    app = SnapshotApp(DiaryScreen(filled_diary, now=frozen))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after())


def test_diary_screen_90_days_wide(snap_compare, filled_diary):
    app = SnapshotApp(DiaryScreen(filled_diary, now=frozen), theme="hfs-calm")
    assert snap_compare(app, terminal_size=(110, 34), run_before=after("3"))


@pytest.mark.parametrize("theme", ["high-contrast-dark", "high-contrast-light"])
def test_diary_year_chart_in_high_contrast(snap_compare, filled_diary, theme):
    app = SnapshotApp(DiaryScreen(filled_diary, now=frozen), theme=theme)
    assert snap_compare(app, terminal_size=(100, 30), run_before=after("y"))


@pytest.fixture
def ten_year_diary(tmp_path: Path) -> Path:
    path = tmp_path / "diary.sqlite3"
    make_diary(path, ten_years())
    return path


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)])
def test_diary_with_ten_years(snap_compare, ten_year_diary, size):
    app = SnapshotApp(DiaryScreen(ten_year_diary, now=frozen))
    assert snap_compare(app, terminal_size=size, run_before=after())


def test_diary_ten_years_at_the_oldest_ratings_only(snap_compare, ten_year_diary):
    app = SnapshotApp(DiaryScreen(ten_year_diary, now=frozen))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("f", "r", "end"))


def test_empty_diary(snap_compare, tmp_path):
    app = SnapshotApp(DiaryScreen(tmp_path / "diary.sqlite3", now=frozen))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after())


def test_log_spasm_picker(snap_compare, tmp_path):
    app = SnapshotApp(LogSpasmScreen(diary_path=tmp_path / "d.sqlite3", now=frozen))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("7"))


def test_log_spasm_details(snap_compare, tmp_path):
    app = SnapshotApp(LogSpasmScreen(diary_path=tmp_path / "d.sqlite3", now=frozen),
                      theme="high-contrast-dark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("8", "enter"))


def test_log_spasm_picker_at_60x20(snap_compare, tmp_path):
    app = SnapshotApp(LogSpasmScreen(diary_path=tmp_path / "d.sqlite3", now=frozen))
    assert snap_compare(app, terminal_size=(60, 20), run_before=after("1", "0"))


def test_log_spasm_details_at_60x20_with_a_tick(snap_compare, tmp_path):
    app = SnapshotApp(LogSpasmScreen(diary_path=tmp_path / "d.sqlite3", now=frozen))
    assert snap_compare(app, terminal_size=(60, 20),
                        run_before=after("4", "enter", "space"))
