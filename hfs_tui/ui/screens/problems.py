"""Lists of problems, shown instead of a traceback or a wall of warnings.

`ContentProblemsScreen` takes the contents' place when the leaflet folder cannot be
shown. `SettingsProblemsScreen` lists the settings that were ignored, behind the one
line on the contents screen ("3 settings were ignored: press w to see why").
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from hfs_tui import settings as settings_model
from hfs_tui.ui.screens.dialog_css import dialog_backdrop, dialog_frame
from hfs_tui.ui.widgets.path_text import PathText

PROBLEMS_CSS = """
    #problems-intro {
        height: auto;
        padding: 0 1;
        border: round $error;
        margin: 1 1 0 1;
    }
    #problems-list {
        padding: 1 2;
    }
    .problem {
        color: $text;
        margin-bottom: 1;
    }
"""


class ContentProblemsScreen(Screen):
    BINDINGS = [
        Binding("q,escape", "app.exit", "Quit"),
        Binding("s", "app.settings", "Settings"),
    ]

    DEFAULT_CSS = PROBLEMS_CSS

    def __init__(self, folder: str, problems: list[str], from_settings: bool = False) -> None:
        super().__init__()
        self.folder = folder
        self.problems = problems
        self.from_settings = from_settings

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        if self.from_settings:
            way_out = ("Fix the lines below, or press s for Settings and empty "
                       '"Leaflet folder" to use the built-in leaflet.')
        else:
            way_out = ("Fix the lines below, or start without --content to use the "
                       "built-in leaflet.")
        yield Static(PathText(
            f"The leaflet folder {self.folder} has {count} problem{'s' * (count != 1)}, "
            f"so it cannot be shown. Nothing has been changed.\n{way_out} "
            "'hfs-tui check-content FOLDER' prints this list too."),
            id="problems-intro",
        )
        with VerticalScroll(id="problems-list"):
            for problem in self.problems:
                yield Static(problem, classes="problem", markup=False)
        yield Footer()


class SettingsProblemsScreen(ModalScreen[None]):
    """Every ignored setting, one per line, with the file's path said once."""
    GO_BACK = "dismiss"

    BINDINGS = [
        Binding("escape,w,q,enter", "dismiss", "Close", key_display="Esc"),
        Binding("s", "open_settings", "Settings"),
    ]

    DEFAULT_CSS = PROBLEMS_CSS + dialog_backdrop("SettingsProblemsScreen", see_through=False) + (
        dialog_frame("#problems-dialog", width="100%", max_width=100, height="100%",
                     max_height=40, border="$border", padding=None)) + """
    #problems-keys {
        dock: bottom;
        height: auto;
        padding: 0 1;
        background: $panel;
        text-style: bold;
    }
    """

    def __init__(self, path: Path, problems: list[str], unreadable: str = "",
                 mistake_line: int = 0) -> None:
        """`unreadable` says why the whole file was ignored (empty: it was read);
        `mistake_line`, the first line left out of it (0: none)."""
        super().__init__()
        self.path = path
        self.problems = problems
        self.unreadable = unreadable
        self.mistake_line = mistake_line

    def compose(self) -> ComposeResult:
        intro = settings_model.problems_intro(self.problems, self.unreadable, self.path,
                                              self.mistake_line)
        with Vertical(id="problems-dialog"):
            yield Static(PathText(intro), id="problems-intro")
            with VerticalScroll(id="problems-list"):
                for problem in self.problems:
                    yield Static(f"• {problem}", classes="problem", markup=False)
            yield Static("Esc closes this.  s opens Settings: a change there saves a "
                         "corrected file and keeps a dated copy of your old one beside it.",
                         id="problems-keys")

    def on_mount(self) -> None:
        self.query_one("#problems-list").focus()

    def action_open_settings(self) -> None:
        self.dismiss()
        self.app.call_later(self.app.run_action, "settings")
