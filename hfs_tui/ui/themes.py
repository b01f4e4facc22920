"""The app's themes: a calm default and two high-contrast themes.

The high-contrast themes set every colour that body text, the highlighted sentence
and the focus ring use explicitly (no alpha blending), so their contrast ratios can
be computed exactly; `tests/ui/test_themes.py` checks they reach WCAG AAA (7:1).
"""

from __future__ import annotations

from textual.theme import Theme

from hfs_tui.settings import APP_THEMES

# Custom variables used by our own widgets. Built-in Textual themes get these
# defaults (see HfsApp.get_theme_variable_defaults).
SENTENCE_FOREGROUND = "sentence-foreground"
SENTENCE_BACKGROUND = "sentence-background"

HFS_CALM = Theme(
    name="hfs-calm",
    primary="#7FB8E6",
    secondary="#A8C7A0",
    accent="#F2C879",
    foreground="#ECEFF1",
    background="#1B2329",
    surface="#222C33",
    panel="#2B3840",
    warning="#F2C879",
    error="#F28B82",
    success="#A8D5A2",
    dark=True,
    variables={
        SENTENCE_FOREGROUND: "#1B2329",
        SENTENCE_BACKGROUND: "#F2C879",
        "footer-key-foreground": "#F2C879",
    },
)

HIGH_CONTRAST_DARK = Theme(
    name="high-contrast-dark",
    primary="#FFD700",
    secondary="#00E5FF",
    accent="#FFD700",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    warning="#FFD700",
    error="#FF8A80",
    success="#69F0AE",
    dark=True,
    text_alpha=1.0,
    variables={
        "text": "#FFFFFF",
        "text-muted": "#E0E0E0",
        "border": "#FFD700",
        "border-blurred": "#BDBDBD",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFD700",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#E0E0E0",
        "footer-key-foreground": "#FFD700",
        "footer-description-foreground": "#FFFFFF",
        SENTENCE_FOREGROUND: "#000000",
        SENTENCE_BACKGROUND: "#FFD700",
    },
)

HIGH_CONTRAST_LIGHT = Theme(
    name="high-contrast-light",
    primary="#00337F",
    secondary="#5B0060",
    accent="#00337F",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#EDEDED",
    warning="#6B4300",
    error="#9B0000",
    success="#004D1A",
    dark=False,
    text_alpha=1.0,
    variables={
        "text": "#000000",
        "text-muted": "#222222",
        "border": "#00337F",
        "border-blurred": "#333333",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-background": "#00337F",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#D6D6D6",
        "footer-key-foreground": "#00337F",
        "footer-description-foreground": "#000000",
        "footer-background": "#EDEDED",
        SENTENCE_FOREGROUND: "#FFFFFF",
        SENTENCE_BACKGROUND: "#00337F",
    },
)

_DEFINED = {theme.name: theme for theme in (HFS_CALM, HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT)}
if set(_DEFINED) != set(APP_THEMES):  # settings.APP_THEMES is the list users choose from
    raise RuntimeError(f"themes {sorted(_DEFINED)} do not match settings {APP_THEMES}")
THEMES: tuple[Theme, ...] = tuple(_DEFINED[name] for name in APP_THEMES)
HIGH_CONTRAST = (HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two '#RRGGBB' colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
