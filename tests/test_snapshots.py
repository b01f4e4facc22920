"""Visual regression: the reader's screens at two sizes, in the default and a
high-contrast theme. `pytest --snapshot-update` accepts intended changes."""

from __future__ import annotations

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


def make_app(config: Path, theme: str) -> HfsApp:
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(f'[reader]\ntheme = "{theme}"\n')
    return HfsApp()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, private_folders, screen, theme, size):
    app = make_app(private_folders["config"], theme)
    assert snap_compare(app, press=SCREENS[screen], terminal_size=size)


def test_light_high_contrast_section(snap_compare, private_folders):
    app = make_app(private_folders["config"], "high-contrast-light")
    assert snap_compare(app, press=["2"], terminal_size=(80, 24))
