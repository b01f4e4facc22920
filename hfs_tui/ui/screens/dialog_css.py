"""The frame the diary's dialogs share: one place for its size, border and colours.

Each dialog keeps its own `Screen #id` selector (and so its specificity); only the
rules come from here.
"""

from __future__ import annotations

_FRAME_RULES = """
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
"""


def dialog_frame(selector: str) -> str:
    """The shared frame's rules under `selector`, as a block for DEFAULT_CSS."""
    return f"\n    {selector} {{{_FRAME_RULES}    }}\n"
