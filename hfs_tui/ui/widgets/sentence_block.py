"""Text made of sentences, any one of which can be highlighted.

A whole section body is one widget (not one per paragraph): turning a page then
updates a single widget instead of mounting dozens, which keeps page turns fast.

Bullets and key points wrap with a hanging indent: their wrapped lines start under
the text, not under the bullet, so each point reads as one item. Textual's own
wrapping has no hanging indent, so the widget wraps each block itself at the width
it is drawn at (a small Visual), and the wrapped lines are then drawn as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.reactive import reactive
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from hfs_tui.content.models import Block
from hfs_tui.ui.themes import SENTENCE_BACKGROUND, SENTENCE_FOREGROUND

BULLET = "• "
# The kinds drawn as bullet items, and kept together without a blank line between.
LISTED = ("bullet", "key-point")


@dataclass(frozen=True)
class _Paragraph:
    """One block, ready to wrap: its text, whether it is a bullet, where sentences start."""

    text: Content
    bullet: bool
    blank_before: bool
    starts: tuple[int, ...]  # offset in `text` of each sentence it holds


@dataclass(frozen=True)
class _Layout:
    content: Content  # one line per drawn line, already wrapped
    sentence_lines: tuple[int, ...]  # the drawn line each sentence starts on


def _lay_out(paragraphs: Sequence[_Paragraph], width: int) -> _Layout:
    """Wrap the paragraphs at `width`, bullets with a hanging indent."""
    lines: list[Content] = []
    sentence_lines: list[int] = []
    indent = len(BULLET)
    for paragraph in paragraphs:
        if paragraph.blank_before:
            lines.append(Content(""))
        hanging = paragraph.bullet and width > indent
        wrapped = paragraph.text.wrap(width - indent if hanging else width)
        first = len(lines)
        # Each wrapped line is a piece of the text; find where each one starts.
        line_starts: list[int] = []
        position = 0
        plain = paragraph.text.plain
        for line in wrapped:
            found = plain.find(line.plain, position) if line.plain else -1
            position = found if found >= 0 else position
            line_starts.append(position)
            position += len(line.plain)
        for start in paragraph.starts:
            number = max((n for n, s in enumerate(line_starts) if s <= start), default=0)
            sentence_lines.append(first + number)
        for number, line in enumerate(wrapped):
            if hanging:
                line = (Content(BULLET) if number == 0 else Content(" " * indent)) + line
            elif paragraph.bullet and number == 0:
                line = Content(BULLET) + line
            lines.append(line)
    return _Layout(Content("\n").join(lines), tuple(sentence_lines))


class _HangingVisual(Visual):
    """Draws the paragraphs wrapped at whatever width Textual gives."""

    def __init__(self, paragraphs: Sequence[_Paragraph]) -> None:
        self.paragraphs = tuple(paragraphs)
        self._cache: tuple[int, _Layout] | None = None

    def layout(self, width: int) -> _Layout:
        if self._cache is None or self._cache[0] != width:
            self._cache = (width, _lay_out(self.paragraphs, width))
        return self._cache[1]

    def render_strips(self, width: int, height: int | None, style: VisualStyle,
                      options: RenderOptions) -> list[Strip]:
        return self.layout(width).content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.layout(width).content.get_height(rules, width)


class SentenceBlock(Static):
    """Blocks of sentences numbered 0.. in order; `active` is the one to highlight."""

    active: reactive[int | None] = reactive(None)

    def __init__(self, blocks: Sequence[Block] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.blocks: tuple[Block, ...] = tuple(blocks)

    @property
    def sentence_count(self) -> int:
        return sum(len(block.sentences) for block in self.blocks)

    def show(self, blocks: Sequence[Block]) -> None:
        self.blocks = tuple(blocks)
        self.active = None
        self.refresh(layout=True)

    def contains(self, index: int) -> bool:
        return 0 <= index < self.sentence_count

    def render(self) -> _HangingVisual:
        return _HangingVisual(self._paragraphs())

    def _paragraphs(self) -> list[_Paragraph]:
        highlight = self._highlight_style()
        heading = Style(bold=True, color=self.app.theme_variables.get("primary"))
        paragraphs = []
        index = 0
        previous_kind = None
        for block in self.blocks:
            together = block.kind == previous_kind and block.kind in LISTED
            blank_before = previous_kind is not None and not together
            previous_kind = block.kind
            text = Text()
            starts = []
            for offset, sentence in enumerate(block.sentences):
                if offset:
                    text.append(" ")
                starts.append(len(text))
                style = highlight if index == self.active else (
                    heading if block.kind == "heading" else "")
                text.append(sentence, style=style)
                index += 1
            paragraphs.append(_Paragraph(Content.from_rich_text(text, console=self.app.console),
                                         block.kind in LISTED, blank_before, tuple(starts)))
        return paragraphs

    def _layout(self) -> _Layout:
        return _lay_out(self._paragraphs(), self.size.width)

    def line_of(self, index: int) -> int:
        """Which wrapped line sentence `index` starts on, at the current width."""
        if self.size.width <= 0:
            return 0
        lines = self._layout().sentence_lines
        if not lines:
            return 0
        return lines[min(max(index, 0), len(lines) - 1)]

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """Selected text, taken from the lines as drawn (the selection counts drawn lines)."""
        if self.size.width <= 0:
            return None
        return selection.extract(self._layout().content.plain), "\n"

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
