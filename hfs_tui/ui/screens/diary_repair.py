"""Repair a damaged (or newer-version) diary in the app, after asking.

Says what is wrong and what repair does, waits for y or Enter, moves the old file
aside (never changed, never deleted), starts a new diary with every entry that can
still be read (hfs_tui.diary.health.repair, in a thread) and says how many were
kept. Dismisses with the Repaired result, or None when the user said not now or
the repair could not be done.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from hfs_tui.diary import health
from hfs_tui.diary.models import DiaryError
from hfs_tui.ui.screens.dialog_css import dialog_backdrop, dialog_frame
from hfs_tui.ui.screens.question import QuestionDialog

PROBLEM_WORDS = {
    health.DAMAGED: "The diary file is damaged.",
    health.NEWER: "The diary file was made by a newer version of hfs-tui.",
    health.LOCKED: "The diary file is in use by another program.",
    health.FULL: "The disk is full.",
    health.UNREADABLE: "The diary file cannot be read.",
}
WHAT_TO_DO = {
    health.NEWER: "Update hfs-tui to use it; the file is kept as it is.",
    health.FULL: "Free some space on the disk, then try again; your diary is unchanged.",
}
"""What to do when a repair would not help (otherwise: try again in a moment)."""


def what_to_do(found: health.Health) -> str:
    return WHAT_TO_DO.get(found.state, "Try again in a moment.")


def spoken_problem(found: health.Health) -> str:
    """The problem in a few words to say aloud (no file paths), and what to do."""
    words = PROBLEM_WORDS.get(found.state, "The diary cannot be used right now.")
    if found.repairable:
        return f"{words} Press Enter or say yes to repair it; the old file is kept."
    return f"{words} {what_to_do(found)}"


class RepairScreen(QuestionDialog[health.Repaired | None]):
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    DEFAULT_CSS = dialog_backdrop("RepairScreen") + dialog_frame(
        "RepairScreen #repair-dialog", width=76, border="$error") + """
    RepairScreen #repair-text {
        height: auto;
        max-height: 1fr;
    }
    RepairScreen #repair-title {
        text-style: bold;
        color: $text;
    }
    RepairScreen #repair-message, RepairScreen #repair-plan {
        color: $text;
        margin-top: 1;
    }
    RepairScreen #repair-result {
        color: $text;
        text-style: bold;
        margin-top: 1;
        height: auto;
    }
    RepairScreen #repair-buttons {
        height: auto;
        margin-top: 1;
    }
    RepairScreen #repair-buttons Button {
        margin-right: 2;
    }
    /* When the words do not all fit, they scroll and the answers stay on view. */
    RepairScreen.-short #repair-dialog {
        height: 100%;
    }
    RepairScreen.-short #repair-text {
        height: 1fr;
        max-height: 100%;
    }
    """
    BINDINGS = [
        Binding("y,enter", "yes", "Repair", id="diary_repair_yes", priority=True),
        Binding("n,escape", "no", "Not now", id="diary_repair_no"),
    ]

    def __init__(self, found: health.Health,
                 speak: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.found = found
        self.speak = speak
        self.step = "ask"
        self.repaired: health.Repaired | None = None

    def compose(self) -> ComposeResult:
        name = self.found.path.name
        with Vertical(id="repair-dialog"):
            with VerticalScroll(id="repair-text"):
                yield Static(f"{PROBLEM_WORDS.get(self.found.state, '')} Repair it now?",
                             id="repair-title")
                message = self.found.message
                yield Static(message if message.endswith(".") else f"{message}.",
                             id="repair-message", markup=False)
                yield Static(
                    f"Repair moves the old file aside as {name}.damaged-<date> (it is kept "
                    "as it is, nothing is deleted), then starts a new diary with every "
                    "entry that can still be read, and says how many were kept.",
                    id="repair-plan", markup=False)
                yield Static("", id="repair-result", markup=False)
            with Horizontal(id="repair-buttons"):
                yield Button("Yes, repair (y)", id="repair-yes", variant="error")
                yield Button("Not now (n)", id="repair-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#repair-yes", Button).focus()
        if self.speak is not None:
            self.speak("Repair the diary now? Say yes or no.")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "repair-yes":
            self.action_yes()
        else:
            self.action_no()

    def action_yes(self) -> None:
        if self.step == "ask":
            self.step = "repairing"
            self._say("Repairing the diary ...")
            self._repair()
        elif self.step == "done":
            self.dismiss(self.repaired)

    def action_no(self) -> None:
        if self.step != "repairing":
            self.dismiss(self.repaired)

    def action_confirm_yes(self) -> None:
        """"Yes" said: as y (the question is said aloud: spoken_problem)."""
        self.action_yes()

    def action_confirm_no(self) -> None:
        self.action_no()

    @work(thread=True, exclusive=True, group="diary-repair")
    def _repair(self) -> None:
        try:
            done = health.repair(self.found.path)
        except (DiaryError, OSError) as error:
            self.app.call_from_thread(self._finished, None, f"Not repaired: {error}")
            return
        self.app.call_from_thread(self._finished, done, done.message)

    def _finished(self, done: health.Repaired | None, message: str) -> None:
        self.repaired = done
        self.step = "done"
        self._say(message, speak=False)
        if self.speak is not None:
            self.speak(_spoken_report(done) if done else "The diary was not repaired.")
        yes, no = self.query_one("#repair-yes", Button), self.query_one("#repair-no", Button)
        yes.label, yes.variant = "OK (Enter)", "primary"
        no.display = False
        yes.focus()
        self.query_one("#repair-text", VerticalScroll).scroll_end(animate=False)

    def _say(self, message: str, speak: bool = False) -> None:
        self.query_one("#repair-result", Static).update(message)
        if speak and self.speak is not None:
            self.speak(message)


def _spoken_report(done: health.Repaired) -> str:
    entries = "entry" if done.kept == 1 else "entries"
    if done.lost is None:
        lost = " Some entries could not be read."
    else:
        lost = f" {done.lost} could not be read." if done.lost else ""
    return f"Repaired. The new diary has {done.kept} {entries}.{lost} The old file is kept."
