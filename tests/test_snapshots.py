"""Visual regression: the reader's screens at two sizes, in the default and a
high-contrast theme. `pytest --snapshot-update` accepts intended changes."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from hfs_tui.ui.app import HfsApp

SIZES = [(80, 24), (120, 40)]
THEMES = ["hfs-calm", "high-contrast-dark"]

SCREENS = {
    "contents": [],
    "section": ["2"],
    "focus": ["2", "f", "space"],
    "help": ["1", "question_mark"],
    "settings": ["s"],
}


def make_app(monkeypatch: pytest.MonkeyPatch, theme: str) -> HfsApp:
    # A fixed folder: the settings screen shows where settings are saved.
    config = Path(tempfile.gettempdir()) / "hfs-tui-snapshot-config"
    shutil.rmtree(config, ignore_errors=True)
    monkeypatch.setenv("HFS_TUI_CONFIG_DIR", str(config))
    config.mkdir(parents=True)
    (config / "settings.toml").write_text(f'[reader]\ntheme = "{theme}"\n')
    return HfsApp()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, monkeypatch, screen, theme, size):
    app = make_app(monkeypatch, theme)
    assert snap_compare(app, press=SCREENS[screen], terminal_size=size)


def test_light_high_contrast_section(snap_compare, monkeypatch):
    app = make_app(monkeypatch, "high-contrast-light")
    assert snap_compare(app, press=["2"], terminal_size=(80, 24))
