"""Shown instead of a traceback when the content folder has problems."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static


class ContentProblemsScreen(Screen):
    BINDINGS = [Binding("q,escape", "app.exit", "Quit")]

    DEFAULT_CSS = """
    #problems-intro {
        padding: 1 2;
        border: round $error;
        margin: 1 2;
    }
    #problems-list {
        padding: 0 2;
    }
    .problem {
        color: $text;
    }
    """

    def __init__(self, folder: str, problems: list[str]) -> None:
        super().__init__()
        self.folder = folder
        self.problems = problems

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        yield Static(
            f"The leaflet folder {self.folder} has {count} problem{'s' * (count != 1)}, "
            "so it cannot be shown. Nothing has been changed.\n"
            "Fix the lines below, or start without --content to use the built-in leaflet. "
            "'hfs-tui check-content FOLDER' prints this list too.",
            id="problems-intro",
        )
        with VerticalScroll(id="problems-list"):
            for problem in self.problems:
                yield Static(problem, classes="problem")
        yield Footer()
