"""The high-contrast themes reach WCAG AAA (7:1) where it matters, computed from the
colours the running app actually uses."""

from __future__ import annotations

import pytest

from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.themes import (
    HIGH_CONTRAST,
    SENTENCE_BACKGROUND,
    SENTENCE_FOREGROUND,
    contrast_ratio,
)

AAA = 7.0


def test_contrast_ratio_formula_matches_wcag_examples():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", HIGH_CONTRAST, ids=lambda t: t.name)
async def test_body_text_highlight_and_focus_ring_reach_aaa(write_settings, theme):
    write_settings(f'[reader]\ntheme = "{theme.name}"\n')
    app = HfsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == theme.name
        colours = app.theme_variables
        background = colours["background"]
        surface = colours["surface"]
        pairs = {
            "body text": (colours["text"], background),
            "body text on panels": (colours["text"], surface),
            "highlighted sentence": (colours[SENTENCE_FOREGROUND],
                                     colours[SENTENCE_BACKGROUND]),
            "focus ring": (colours["border"], background),
            "selected option": (colours["block-cursor-foreground"],
                                colours["block-cursor-background"]),
            "footer keys": (colours["footer-key-foreground"], background),
        }
        for name, (foreground, back) in pairs.items():
            ratio = contrast_ratio(foreground, back)
            assert ratio >= AAA, f"{theme.name}: {name} {foreground} on {back} is {ratio:.1f}:1"


async def test_no_color_is_honoured(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = HfsApp()
    async with app.run_test(size=(80, 24)):
        assert app.no_color


async def test_reduce_motion_turns_animation_off(write_settings):
    write_settings("[reader]\nreduce_motion = true\n")
    app = HfsApp()
    async with app.run_test(size=(80, 24)):
        assert app.animation_level == "none"
