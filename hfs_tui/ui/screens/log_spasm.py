"""Log how bad the spasms are now: big numbers 0 to 10, optional details, saved.

Three steps in one dialog: pick a number (keys 0 to 9, "1" then "0" for 10, arrows,
or click), then optional details (parts of the face, triggers, a note), then a
confirmation of exactly what was saved. Voice ("log spasm seven") skips straight
to saving through `log_spasm(severity)`. Saving runs in a thread, never on the UI
thread. Dismisses with the saved Entry, or None when cancelled or undone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Checkbox, ContentSwitcher, Digits, Input, Static

from hfs_tui.diary import (
    COMMON_TRIGGERS,
    PARTS,
    Diary,
    DiaryError,
    Entry,
    saved_message,
    severity_words,
)

TEN_KEY_WINDOW_SECONDS = 1.5
"""After "1", a "0" within this time means 10."""


class LogSpasmScreen(ModalScreen[Entry | None]):
    DEFAULT_CSS = """
    LogSpasmScreen {
        align: center middle;
        background: $background 70%;
    }
    LogSpasmScreen #log-dialog {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    LogSpasmScreen .log-title {
        text-style: bold;
        color: $text;
        width: 1fr;
        margin-bottom: 1;
    }
    LogSpasmScreen #numbers {
        height: 3;
        width: auto;
    }
    LogSpasmScreen #numbers Button {
        min-width: 6;
        width: 6;
        height: 3;
        margin: 0;
        text-style: bold;
    }
    LogSpasmScreen #numbers Button.-chosen {
        background: $accent;
        color: $text;
        text-style: bold reverse;
    }
    LogSpasmScreen #chosen {
        height: 3;
        width: auto;
        margin: 1 0 0 2;
    }
    LogSpasmScreen #chosen Digits {
        width: auto;
        color: $accent;
    }
    LogSpasmScreen #chosen-words {
        width: auto;
        height: 3;
        content-align: left middle;
        padding-left: 2;
        text-style: bold;
        color: $text;
    }
    LogSpasmScreen .hint {
        color: $text;
        margin-top: 1;
    }
    LogSpasmScreen #log-steps, LogSpasmScreen #log-steps > Vertical {
        height: auto;
    }
    LogSpasmScreen .choices {
        height: auto;
        margin-bottom: 1;
    }
    LogSpasmScreen .choices .choice-label {
        width: 8;
        color: $text;
        text-style: bold;
    }
    LogSpasmScreen .choices Checkbox {
        margin-right: 2;
    }
    LogSpasmScreen .buttons {
        height: auto;
        margin-top: 1;
    }
    LogSpasmScreen .buttons Button {
        margin-right: 2;
    }
    LogSpasmScreen #log-error {
        color: $error;
        text-style: bold;
        height: auto;
    }
    LogSpasmScreen #saved-text {
        text-style: bold;
        color: $text;
        padding: 1 0;
    }
    """

    BINDINGS = [
        *[Binding(str(n), f"pick({n})", str(n), show=False) for n in range(10)],
        Binding("left,down,minus", "nudge(-1)", "Less", show=False),
        Binding("right,up,plus,equals_sign", "nudge(1)", "More", show=False),
        Binding("enter", "next", "Next", id="log_spasm_next", priority=True),
        Binding("u", "undo", "Undo", show=False, id="log_spasm_undo"),
        Binding("escape", "cancel", "Cancel", id="log_spasm_cancel"),
    ]

    def __init__(self, diary: Diary | None = None, *, diary_path: Path | None = None,
                 severity: int | None = None, save_now: bool = False,
                 now: Callable[[], datetime] | None = None,
                 confirm_seconds: float = 4.0) -> None:
        """`save_now` with a `severity` saves at once (voice); otherwise the picker opens
        with `severity` (default 5) chosen. `confirm_seconds` is how long the
        confirmation stays before the dialog closes by itself (0: until a key)."""
        super().__init__()
        self.diary = diary
        self.diary_path = diary_path
        self.now = now or datetime.now
        self.severity = 5 if severity is None else max(0, min(10, int(severity)))
        self.save_now = save_now and severity is not None
        self.confirm_seconds = confirm_seconds
        self.saved: Entry | None = None
        self.step = "pick"
        self._last_digit: tuple[int, float] | None = None
        self._close_timer: Timer | None = None
        self._saving = False

    # layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="log-dialog"), ContentSwitcher(id="log-steps", initial="pick"):
            with Vertical(id="pick"):
                yield Static("How bad are the spasms now?  0 is none, 10 is very bad.",
                             classes="log-title")
                with Horizontal(id="numbers"):
                    for number in range(11):
                        button = Button(str(number), id=f"n{number}")
                        button.can_focus = False  # keys choose; Enter means "next"
                        button.tooltip = f"{number}: {severity_words(number)}"
                        yield button
                with Horizontal(id="chosen"):
                    yield Digits(str(self.severity))
                    yield Static(severity_words(self.severity), id="chosen-words")
                yield Static("Press a number (1 then 0 for ten) or use the arrows.\n"
                             "Enter: next.  Esc: cancel.", classes="hint")
            with Vertical(id="details"):
                yield Static("", id="details-title", classes="log-title")
                with Horizontal(classes="choices"):
                    yield Static("Where?", classes="choice-label")
                    for part in PARTS:
                        yield Checkbox(part, id=f"part-{part}", compact=True)
                with Horizontal(classes="choices"):
                    yield Static("Why?", classes="choice-label")
                    for trigger in COMMON_TRIGGERS:
                        yield Checkbox(trigger, id=f"trigger-{trigger.replace(' ', '-')}",
                                       compact=True)
                yield Input(placeholder="Another trigger, in your own words (optional)",
                            id="other-trigger", max_length=200)
                yield Input(placeholder="A note (optional)", id="note", max_length=2000)
                yield Static("", id="log-error", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("Save (Enter)", id="save", variant="primary")
                    yield Button("Back", id="back")
                yield Static("Everything here is optional. Enter saves.", classes="hint")
            with Vertical(id="done"):
                yield Static("", id="saved-text", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("OK (Enter)", id="ok", variant="primary")
                    yield Button("Undo (u)", id="undo")

    def on_mount(self) -> None:
        self._show_choice()
        if self.save_now:
            self.log_spasm(self.severity)

    # the voice dispatcher's entry point ------------------------------------------------

    def log_spasm(self, severity: int) -> None:
        """Save `severity` now with no details (for "log spasm seven")."""
        self.severity = max(0, min(10, int(severity)))
        self._show_choice()
        self._save(parts=(), triggers=(), note="")

    # actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pick", "nudge"):
            return self.step == "pick"
        if action == "undo":
            return self.step == "done"
        return True

    def action_pick(self, number: int) -> None:
        moment = time.monotonic()
        if (number == 0 and self._last_digit is not None and self._last_digit[0] == 1
                and moment - self._last_digit[1] <= TEN_KEY_WINDOW_SECONDS):
            number = 10
        self._last_digit = (number, moment)
        self.severity = number
        self._show_choice()

    def action_nudge(self, step: int) -> None:
        self._last_digit = None
        self.severity = max(0, min(10, self.severity + step))
        self._show_choice()

    def action_next(self) -> None:
        if self.step == "pick":
            self._go("details")
        elif self.step == "details":
            self._save_details()
        elif self.step == "done":
            self.dismiss(self.saved)

    def action_cancel(self) -> None:
        if self.step == "details":
            self._go("pick")
        elif self.step == "done":
            self.dismiss(self.saved)
        elif not self._saving:
            self.dismiss(None)

    def action_undo(self) -> None:
        if self.saved is not None and self.saved.id is not None:
            self._undo(self.saved.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id or ""
        if button.startswith("n") and button[1:].isdigit():
            self.severity = int(button[1:])
            self._show_choice()
            self._go("details")
        elif button == "save":
            self._save_details()
        elif button == "back":
            self._go("pick")
        elif button == "ok":
            self.dismiss(self.saved)
        elif button == "undo":
            self.action_undo()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save_details()

    # steps ---------------------------------------------------------------------------

    def _go(self, step: str) -> None:
        self.step = step
        self.query_one(ContentSwitcher).current = step
        if step == "details":
            self.query_one("#details-title", Static).update(
                f"Spasm {self.severity} out of 10 ({severity_words(self.severity)}). "
                "Anything to add?")
            self.query_one("#save", Button).focus()
        elif step == "done":
            self.query_one("#ok", Button).focus()
        else:
            self.set_focus(None)
        self.refresh_bindings()

    def _show_choice(self) -> None:
        self.query_one(Digits).update(str(self.severity))
        self.query_one("#chosen-words", Static).update(severity_words(self.severity))
        for number in range(11):
            self.query_one(f"#n{number}", Button).set_class(number == self.severity, "-chosen")

    def _save_details(self) -> None:
        parts = tuple(p for p in PARTS if self.query_one(f"#part-{p}", Checkbox).value)
        triggers = [t for t in COMMON_TRIGGERS
                    if self.query_one(f"#trigger-{t.replace(' ', '-')}", Checkbox).value]
        other = self.query_one("#other-trigger", Input).value.strip()
        if other:
            triggers.append(other)
        note = self.query_one("#note", Input).value
        self._save(parts, tuple(triggers), note)

    def _save(self, parts: tuple[str, ...], triggers: tuple[str, ...], note: str) -> None:
        if self._saving or self.saved is not None:
            return
        self._saving = True
        self.query_one("#log-error", Static).update("Saving ...")
        self._write(self.severity, self.now(), parts, triggers, note)

    @work(thread=True, exclusive=True, group="diary-write")
    def _write(self, severity: int, at: datetime, parts: tuple[str, ...],
               triggers: tuple[str, ...], note: str) -> None:
        try:
            if self.diary is not None:
                entry = self.diary.log_spasm(severity, at=at, parts=parts, triggers=triggers,
                                             note=note)
            else:
                with Diary.open(self.diary_path) as diary:
                    entry = diary.log_spasm(severity, at=at, parts=parts,
                                            triggers=triggers, note=note)
        except DiaryError as error:
            self.app.call_from_thread(self._save_failed, str(error))
            return
        self.app.call_from_thread(self._save_done, entry)

    def _save_failed(self, message: str) -> None:
        self._saving = False
        if self.step == "pick":
            self._go("details")
        self.query_one("#log-error", Static).update(f"Not saved: {message}")

    def _save_done(self, entry: Entry) -> None:
        self._saving = False
        self.saved = entry
        self.query_one("#saved-text", Static).update(
            saved_message(entry, self.now().date()))
        self._go("done")
        if self.confirm_seconds > 0:
            self._close_timer = self.set_timer(self.confirm_seconds, self._close)

    def _close(self) -> None:
        self.dismiss(self.saved)

    @work(thread=True, exclusive=True, group="diary-write")
    def _undo(self, entry_id: int) -> None:
        try:
            if self.diary is not None:
                self.diary.delete(entry_id)
            else:
                with Diary.open(self.diary_path) as diary:
                    diary.delete(entry_id)
        except DiaryError as error:
            self.app.call_from_thread(
                self.query_one("#saved-text", Static).update, f"Could not undo: {error}")
            return
        self.app.call_from_thread(self._undone)

    def _undone(self) -> None:
        self.saved = None
        self.dismiss(None)

    def on_key(self) -> None:
        # Any key while the confirmation shows keeps it open until the user chooses.
        if self.step == "done" and self._close_timer is not None:
            self._close_timer.stop()
            self._close_timer = None
