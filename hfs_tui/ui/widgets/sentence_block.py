"""A paragraph, bullet, heading or key-point list whose sentences can be highlighted."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from hfs_tui.ui.themes import SENTENCE_BACKGROUND, SENTENCE_FOREGROUND


class SentenceBlock(Static):
    """Renders sentences `first .. first+len-1`; `active` is the global index to highlight."""

    DEFAULT_CSS = """
    SentenceBlock { margin-bottom: 1; }
    SentenceBlock.-heading { text-style: bold; color: $primary; margin-top: 1; }
    SentenceBlock.-bullet { margin-bottom: 0; padding-left: 2; }
    SentenceBlock.-bullet-last { margin-bottom: 1; }
    """

    active: reactive[int | None] = reactive(None)

    def __init__(self, sentences: tuple[str, ...], first: int, kind: str = "paragraph",
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sentences = sentences
        self.first = first
        self.kind = kind
        self.add_class(f"-{kind}")

    def contains(self, index: int) -> bool:
        return self.first <= index < self.first + len(self.sentences)

    def render(self) -> Text:
        text = Text()
        if self.kind == "bullet":
            text.append("• ")
        highlight = self._highlight_style()
        one_per_line = self.kind == "key-points"
        for offset, sentence in enumerate(self.sentences):
            if one_per_line:
                text.append("\n• " if offset else "• ")
            elif offset:
                text.append(" ")
            is_active = self.active == self.first + offset
            text.append(sentence, style=highlight if is_active else "")
        return text

    def _highlight_style(self) -> Style:
        variables = self.app.theme_variables
        return Style(
            color=variables.get(SENTENCE_FOREGROUND, "black"),
            bgcolor=variables.get(SENTENCE_BACKGROUND, "yellow"),
            bold=True,
        )
