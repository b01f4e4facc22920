"""Ask before deleting a diary entry: y deletes, n or Escape keeps it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from hfs_tui.ui.screens.dialog_css import dialog_backdrop, dialog_frame


class ConfirmDeleteScreen(ModalScreen[bool]):
    DEFAULT_CSS = dialog_backdrop("ConfirmDeleteScreen") + dialog_frame(
        "ConfirmDeleteScreen #delete-dialog", width=70, max_height=None, border="$error",
        padding="1 2") + """
    ConfirmDeleteScreen #delete-question {
        text-style: bold;
        color: $text;
    }
    ConfirmDeleteScreen #delete-entry {
        color: $text;
        margin: 1 0;
    }
    ConfirmDeleteScreen #delete-buttons {
        height: auto;
    }
    ConfirmDeleteScreen #delete-buttons Button {
        margin-right: 2;
    }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, delete", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "No, keep it", id="confirm_no"),
    ]

    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description

    def compose(self) -> ComposeResult:
        with Vertical(id="delete-dialog"):
            yield Static("Delete this entry?", id="delete-question")
            yield Static(self.description, id="delete-entry", markup=False)
            yield Static("You can undo it afterwards with u.")
            with Horizontal(id="delete-buttons"):
                yield Button("Yes, delete (y)", id="yes", variant="error")
                yield Button("No, keep it (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
