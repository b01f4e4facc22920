"""Tick boxes whose state is in the text, not only in a colour.

Textual's Checkbox draws the same `▐X▌` ticked or not (only the X's colour
changes), and its Switch is a coloured slider: under NO_COLOR, or for anyone who
cannot tell the colours apart, on and off look the same. These show `[x]` and
`[ ]`, and the on/off box adds the word "On" or "Off".
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TextCheckbox(Checkbox):
    """A Checkbox drawn as `[x]` when ticked and `[ ]` when not."""

    DEFAULT_CSS = """
    TextCheckbox > .toggle--button {
        color: $text;
        background: $surface;
        text-style: bold;
    }
    TextCheckbox.-on > .toggle--button {
        color: $text;
        background: $surface;
    }
    """

    @property
    def _button(self) -> Content:
        mark = "[x]" if self.value else "[ ]"
        return Content.assemble((mark, self.get_visual_style("toggle--button")))


class OnOffBox(TextCheckbox):
    """A yes-or-no setting: `[x] On` or `[ ] Off`, changed with Space or Enter."""

    def __init__(self, value: bool = False, **kwargs: object) -> None:
        super().__init__(_word(value), value, **kwargs)  # type: ignore[arg-type]

    def watch_value(self) -> None:
        super().watch_value()
        self.label = _word(self.value)


def _word(value: bool) -> str:
    return "On" if value else "Off"
