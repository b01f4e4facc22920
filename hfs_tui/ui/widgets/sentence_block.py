"""Text made of sentences, any one of which can be highlighted.

A whole section body is one widget (not one per paragraph): turning a page then
updates a single widget instead of mounting dozens, which keeps page turns fast.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from hfs_tui.content.models import Block
from hfs_tui.ui.themes import SENTENCE_BACKGROUND, SENTENCE_FOREGROUND


class SentenceBlock(Static):
    """Blocks of sentences numbered 0.. in order; `active` is the one to highlight."""

    active: reactive[int | None] = reactive(None)

    def __init__(self, blocks: Sequence[Block] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.blocks: tuple[Block, ...] = tuple(blocks)
        self._starts: list[int] = []

    @property
    def sentence_count(self) -> int:
        return sum(len(block.sentences) for block in self.blocks)

    def show(self, blocks: Sequence[Block]) -> None:
        self.blocks = tuple(blocks)
        self.active = None
        self.refresh(layout=True)

    def contains(self, index: int) -> bool:
        return 0 <= index < self.sentence_count

    def render(self) -> Text:
        text = Text()
        highlight = self._highlight_style()
        heading = Style(bold=True, color=self.app.theme_variables.get("primary"))
        self._starts = []
        index = 0
        previous_kind = None
        for block in self.blocks:
            if previous_kind is not None:
                together = block.kind == previous_kind and block.kind in ("bullet", "key-point")
                text.append("\n" if together else "\n\n")
            previous_kind = block.kind
            if block.kind in ("bullet", "key-point"):
                text.append("• ")
            for offset, sentence in enumerate(block.sentences):
                if offset:
                    text.append(" ")
                self._starts.append(len(text))
                style = highlight if index == self.active else (
                    heading if block.kind == "heading" else "")
                text.append(sentence, style=style)
                index += 1
        return text

    def line_of(self, index: int) -> int:
        """Which wrapped line sentence `index` starts on, at the current width."""
        if not self._starts or self.size.width <= 0:
            return 0
        rendered = self.render()
        lines = rendered.wrap(self.app.console, self.size.width)
        position = self._starts[min(index, len(self._starts) - 1)]
        seen = 0
        for number, line in enumerate(lines):
            # Each wrapped line lost one separator (space or newline) at its end.
            seen += len(line) + 1
            if position < seen:
                return number
        return max(len(lines) - 1, 0)

    def _highlight_style(self) -> Style:
        variables = self.app.theme_variables
        return Style(
            color=variables.get(SENTENCE_FOREGROUND, "black"),
            bgcolor=variables.get(SENTENCE_BACKGROUND, "yellow"),
            bold=True,
            # Without colour the highlight must still show.
            reverse=self.app.no_color,
        )


def key_point_blocks(points: Sequence[str]) -> tuple[Block, ...]:
    return tuple(Block("key-point", (point,)) for point in points)  # type: ignore[arg-type]
