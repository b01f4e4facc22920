"""Ask a yes-or-no question; answered by y/n, Enter/Escape, or by saying yes or no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from hfs_tui.ui.bindings import bindings_for
from hfs_tui.ui.screens.dialog_css import dialog_backdrop, dialog_frame
from hfs_tui.ui.screens.question import QuestionDialog
from hfs_tui.ui.widgets.voice_indicator import voice_running


class ConfirmScreen(QuestionDialog[bool]):
    ACTION_IDS = ("confirm_yes", "confirm_no")
    BINDINGS = [
        *bindings_for(("confirm_yes", "confirm_no"), footer=("confirm_yes", "confirm_no")),
        Binding("escape", "confirm_no", "No", show=False),
    ]

    DEFAULT_CSS = dialog_backdrop("ConfirmScreen") + dialog_frame(
        "#dialog", width=60, max_height=None, border="$border", padding="1 2") + """
    #question {
        text-style: bold;
        margin-bottom: 1;
    }
    #confirm-hint {
        color: $text-muted;
        margin-bottom: 1;
    }
    #buttons {
        height: auto;
        align-horizontal: center;
    }
    #buttons Button {
        margin: 0 2;
    }
    /* A narrow window (a large font): both buttons still fit side by side. */
    ConfirmScreen.-narrow #buttons Button {
        margin: 0 1;
        min-width: 12;
    }
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (50, "-wide")]
    # No is the safe default. Focused when the screen is shown, not in on_mount: a
    # question answered (or withdrawn) at once may have lost its buttons by on_mount.
    AUTO_FOCUS = "#no"

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question")
            yield Static(self._hint(), id="confirm-hint")
            with Horizontal(id="buttons"):
                yield Button(f"{self.yes_label} (y)", id="yes", variant="primary")
                yield Button(f"{self.no_label} (n)", id="no")

    def _hint(self) -> str:
        # "Say yes" only while voice commands are on: with voice off it cannot work.
        if voice_running(getattr(self.app, "voice_state", "off")):
            return "Press y or say yes.  Press n or say no."
        return "Press y for yes, or n for no."

    def on_mount(self) -> None:
        if hasattr(type(self.app), "voice_state"):
            self.watch(self.app, "voice_state", self._show_hint, init=False)

    def _show_hint(self) -> None:
        self.query_one("#confirm-hint", Static).update(self._hint())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._answer(event.button.id == "yes")

    def action_confirm_yes(self) -> None:
        self._answer(True)

    def action_confirm_no(self) -> None:
        self._answer(False)

    def _answer(self, yes: bool | None) -> None:
        # None: no answer at all (DidYouMeanScreen.withdraw). Answered while the question
        # is still said aloud: the rest ("Say yes or no") would be said after it has gone.
        narration = getattr(self.app, "narration", None)
        if narration is not None:
            narration.stop_announcement()
        self.dismiss(yes)
