"""A file's path that wraps between folders, never inside a folder's name.

Rich wraps only at spaces, so a long path with none is cut wherever the line
ends ("settings.tom" / "l"), which reads as two wrong names.
"""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

_PIECES = re.compile(r"[^/\\]*[/\\]|[^/\\]+$")
"""Each folder with the separator after it, then the file's name."""


def path_lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken after a separator or a space.

    A single piece wider than the line is the only thing cut mid-name.
    """
    width = max(width, 1)
    return [line for paragraph in text.split("\n")
            for line in _paragraph_lines(paragraph, width)]


def _paragraph_lines(text: str, width: int) -> list[str]:
    pieces: list[str] = []
    for word in re.split(r"(?<= )", text):
        pieces.extend(_PIECES.findall(word) if len(word) > width else [word])
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and len(line) + len(piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        while len(piece) > width:
            lines.append(piece[:width])
            piece = piece[width:]
        line += piece
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


class PathText:
    """A renderable for a sentence that ends in a path, such as "Saved in /home/...".
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        # The words themselves, as for a plain string: what is read aloud or checked.
        return self.text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n".join(path_lines(self.text, options.max_width)))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((len(piece) for piece in _PIECES.findall(self.text)), default=1)
        return Measurement(min(longest, options.max_width), len(self.text))
