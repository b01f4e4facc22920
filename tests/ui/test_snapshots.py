"""Visual regression: every screen and dialog of the reader, settings, help and
exercises at the two small sizes our users' large fonts give (60x20 and 80x24), in
the default and a high-contrast theme. Clocks are frozen where anything moves.

`pytest tests/ui/test_snapshots.py --snapshot-update` accepts an intended change; look
at the diff first.
"""

from __future__ import annotations

import shutil
import tempfile
from functools import partial
from pathlib import Path

import pytest
from exercise_helpers import calm_breathing

from hfs_tui.settings import ExerciseSettings
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.did_you_mean import DidYouMeanScreen
from hfs_tui.ui.screens.exercise_player import ExercisePlayerScreen

SIZES = [(60, 20), (80, 24)]
THEMES = ["hfs-calm", "high-contrast-dark"]
FIXED = Path(tempfile.gettempdir()) / "hfs-tui-snapshot"
"""A fixed folder: screens that show where settings are saved always say the same."""

BAD_SETTINGS = """\
[reader]
text_width = 9000
colour = "pink"
[speech]
rate = "fast"
"""


async def _exercise_player(pilot, clock) -> None:
    clock.now = 100.0  # frozen: the picture never varies
    pilot.app.push_screen(ExercisePlayerScreen(
        calm_breathing(), 3, ExerciseSettings(), None, None, clock,
        reduce_motion=True, settle_seconds=0))
    await pilot.pause(0.2)


async def _did_you_mean(pilot, clock) -> None:
    await pilot.press("2")
    pilot.app.push_screen(DidYouMeanScreen("next section"))
    await pilot.pause(0.2)


SCREENS: dict[str, dict] = {
    "contents": {},
    "section": {"press": ["2"]},
    "section-end": {"press": ["2", "end"]},
    "focus": {"press": ["2", "f", "space"]},
    "help": {"press": ["1", "question_mark"]},
    "settings": {"press": ["s"]},
    "settings-narrow-scrolled": {"press": ["s", "tab", "tab", "tab", "tab", "tab"]},
    "glossary": {"press": ["g"]},
    "exercises": {"press": ["e"]},
    "exercise-player": {"run_before": _exercise_player},
    "quit": {"press": ["q"]},
    "did-you-mean": {"run_before": _did_you_mean},
    "settings-problems-line": {"settings": BAD_SETTINGS},
    "settings-problems": {"settings": BAD_SETTINGS, "press": ["w"]},
    "content-problems": {"content": "broken"},
}


def make_app(monkeypatch: pytest.MonkeyPatch, theme: str, extra_settings: str = "",
             content: str = "") -> HfsApp:
    config = FIXED / "config"
    shutil.rmtree(FIXED, ignore_errors=True)
    monkeypatch.setenv("HFS_TUI_CONFIG_DIR", str(config))
    config.mkdir(parents=True)
    text = f'[reader]\ntheme = "{theme}"\n'
    if extra_settings:
        text = extra_settings.replace("[reader]\n", f'[reader]\ntheme = "{theme}"\n')
    (config / "settings.toml").write_text(text)
    content_dir = None
    if content == "broken":
        content_dir = FIXED / "leaflets"
        (content_dir / "leaflet").mkdir(parents=True)
        (content_dir / "leaflet" / "01-x.md").write_text("---\nid: x\n---\n")
    return HfsApp(content_dir=content_dir)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, monkeypatch, clock, screen, theme, size):
    how = SCREENS[screen]
    app = make_app(monkeypatch, theme, how.get("settings", ""), how.get("content", ""))
    before = how.get("run_before")
    assert snap_compare(app, press=how.get("press", []), terminal_size=size,
                        run_before=partial(before, clock=clock) if before else None)


def test_light_high_contrast_section(snap_compare, monkeypatch):
    app = make_app(monkeypatch, "high-contrast-light")
    assert snap_compare(app, press=["2"], terminal_size=(80, 24))
