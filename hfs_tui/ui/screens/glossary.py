"""The word list: medical words with plain meanings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from hfs_tui.content.models import Library, Section
from hfs_tui.ui.screens.base import HfsScreen


class GlossaryScreen(HfsScreen):
    GO_BACK = "close"
    ACTION_IDS = ("contents",)
    BINDINGS = [Binding("escape,h,g", "close", "Back", key_display="Esc")]

    DEFAULT_CSS = """
    #glossary {
        align-horizontal: center;
        padding: 1 2;
    }
    #glossary .term, #glossary-hint {
        width: 100%;
        max-width: 70;
        margin-bottom: 1;
    }
    """

    def __init__(self, library: Library, section: Section | None = None) -> None:
        super().__init__("Word list: medical words in plain English")
        self.library = library
        self.section = section

    def compose_body(self) -> ComposeResult:
        linked = list(self.section.glossary_links) if self.section else []
        terms = sorted(self.library.glossary, key=lambda t: (t.id not in linked,
                                                            t.word.lower()))
        with VerticalScroll(id="glossary"):
            if linked and self.section:
                yield Static(f"Words from '{self.section.title}' come first.",
                             id="glossary-hint")
            for term in terms:
                text = Text.assemble((term.word, "bold"), "\n", term.meaning)
                if term.also:
                    text.append(f"\nAlso called: {', '.join(term.also)}", style="italic")
                yield Static(text, classes="term")

    def action_close(self) -> None:
        self.dismiss()

    action_contents = action_close
