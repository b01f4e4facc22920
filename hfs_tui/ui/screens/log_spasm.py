"""Log how bad the spasms are now: big numbers 0 to 10, optional details, saved.

Three steps in one dialog: pick a number (keys 0 to 9, "1" then "0" for 10, arrows,
or click), then optional details (parts of the face, triggers, a note), then a
confirmation of exactly what was saved. Voice ("log spasm seven") skips straight
to saving through `log_spasm(severity)`. Saving runs in a thread, never on the UI
thread. Dismisses with the saved Entry, or None when cancelled or undone.

Before any of that the diary file is checked (health.check, a few ms, in a thread):
a damaged or newer-version diary is said at once, in a fourth step, with the repair
a key away, so nobody picks a rating and fills in details only to be told on Save
that it cannot be kept. A rating given by voice waits through the repair and is
saved into the new diary.

The whole scale 0 to 10 fits from 60 columns; at narrow or short sizes the
triggers wrap under their label and the gaps go.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Checkbox, ContentSwitcher, Digits, Input, Static
from textual.worker import Worker

from hfs_tui.diary import (
    COMMON_TRIGGERS,
    PARTS,
    Diary,
    DiaryError,
    Entry,
    health,
    saved_message,
    severity_words,
)
from hfs_tui.ui.finished_work import finished_result
from hfs_tui.ui.screens.dialog_css import dialog_backdrop, dialog_frame
from hfs_tui.ui.screens.diary_repair import (
    PROBLEM_WORDS,
    RepairScreen,
    spoken_problem,
    what_to_do,
)
from hfs_tui.ui.screens.own_phrases import HearsOwnPhrases
from hfs_tui.ui.widgets.toggles import TextCheckbox

NOTE_OFFER = "Say add a note, or carry on."
"""After a rating by voice: what comes next."""
PICK_HINT = "Press a number (1 then 0 for ten) or use the arrows.\nEnter: next.  Esc: cancel."
SPOKEN_HINT = "Or say a number, zero to ten, or cancel."
"""Added to the hint while voice commands are on."""
QUESTION = "How bad are the spasms now? Say a number from 0 to 10, or say cancel."
"""Said aloud, with voice on, when the picker opens without a number."""
QUESTION_DELAY_SECONDS = 2.5
"""The question waits this long: "log spasm", a pause, then "seven" needs none, and
the app must not talk over it (while the app speaks, only "stop" and "pause" act)."""
TEN_KEY_WINDOW_SECONDS = 1.5
"""After "1", a "0" within this time means 10."""


def undone_message(entry: Entry) -> str:
    """What Undo (u) on the "Saved" box did: the dialog closes, so it is said in words."""
    return f"Undone: your rating of {entry.severity} out of 10 is not in the diary."


STEP_KEY_LABELS = {
    ("details", "next"): "Save", ("details", "cancel"): "Back",
    ("done", "next"): "OK", ("done", "cancel"): "Close",
    ("problem", "next"): "Repair", ("problem", "cancel"): "Not now",
}
"""Enter and Esc at each step after the first ("Next" and "Cancel" there), as its
buttons say."""


class TickBox(TextCheckbox):
    """A trigger's tick box: "[x]" ticked, "[ ]" not (see widgets/toggles.py).

    The arrow keys move between the boxes as Tab does: pressing Right and then Space
    untick the box just ticked, when only Tab moved on."""

    BINDINGS = [
        Binding("right,down", "app.focus_next", "Next box", show=False),
        Binding("left,up", "app.focus_previous", "Previous box", show=False),
    ]


class LogSpasmScreen(HearsOwnPhrases, ModalScreen[Entry | None]):
    """While it shows, a bare number ("seven") is a command too."""

    GO_BACK = "cancel"
    ACTION_IDS = ("pick_severity",)
    SPOKEN_ANSWERS = "You can say a number from 0 to 10, or cancel."
    """What "what can I say" says here: only these work while the picker waits."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (16, "-short"), (24, "-tall")]
    DEFAULT_CSS = dialog_backdrop("LogSpasmScreen") + dialog_frame(
        "LogSpasmScreen #log-dialog") + """
    LogSpasmScreen .log-title {
        text-style: bold;
        color: $text;
        width: 1fr;
        margin-bottom: 1;
    }
    LogSpasmScreen #numbers {
        height: 3;
        width: 1fr;
        max-width: 66;
    }
    LogSpasmScreen #numbers Button {
        min-width: 3;  /* 11 of them fit in 40 columns (at 4 they fell to one "0") */
        width: 1fr;
        height: 3;
        margin: 0;
        padding: 0;
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
    LogSpasmScreen .choices TickBox {
        margin-right: 2;
    }
    LogSpasmScreen .choice-boxes {
        height: auto;
        width: auto;
    }
    LogSpasmScreen.-narrow .choices {
        layout: vertical;
    }
    LogSpasmScreen.-narrow .choices TickBox {
        margin-right: 1;
    }
    /* Two to a row, so "jaw" and "stressed" are not cut off at the right. */
    LogSpasmScreen.-cramped .choice-boxes {
        layout: grid;
        grid-size: 2;
        grid-rows: 1;
        width: 1fr;
    }
    LogSpasmScreen.-short .log-title, LogSpasmScreen.-short .choices,
    LogSpasmScreen.-tiny .log-title, LogSpasmScreen.-tiny .choices {
        margin-bottom: 0;
    }
    LogSpasmScreen.-short .hint, LogSpasmScreen.-short .buttons,
    LogSpasmScreen.-tiny .hint, LogSpasmScreen.-tiny .buttons {
        margin-top: 0;
    }
    LogSpasmScreen.-short #chosen, LogSpasmScreen.-tiny #chosen {
        margin-top: 0;
    }
    /* A very short window: the big digit goes, the chosen button still shows it. */
    LogSpasmScreen.-tiny #chosen Digits {
        display: none;
    }
    LogSpasmScreen.-tiny #chosen, LogSpasmScreen.-tiny #chosen-words {
        height: 1;
        padding-left: 0;
    }
    LogSpasmScreen.-tiny .hint {
        margin-top: 0;
    }
    LogSpasmScreen #problem-text {
        color: $text;
        height: auto;
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
    LogSpasmScreen #note-offer {
        color: $text;
        text-style: bold;
        padding-bottom: 1;
        display: none;
    }
    """

    # The rating keys are priority bindings, as Enter is: a number and Enter typed in
    # one burst are then taken in order (else Enter went first and saved the default).
    # check_action lets them through to the details' text boxes.
    BINDINGS = [
        *[Binding(str(n), f"pick({n})", str(n), show=False, priority=True)
          for n in range(10)],
        Binding("left,down,minus", "nudge(-1)", "Less", show=False, priority=True),
        Binding("right,up,plus,equals_sign", "nudge(1)", "More", show=False,
                priority=True),
        Binding("enter", "next", "Next", id="log_spasm_next", priority=True),
        Binding("u", "undo", "Undo", id="log_spasm_undo"),
        Binding("a", "add_note", "Add a note", id="log_spasm_add_note"),
        Binding("escape", "cancel", "Cancel", id="log_spasm_cancel"),
    ]

    def __init__(self, diary: Diary | None = None, *, diary_path: Path | None = None,
                 severity: int | None = None, save_now: bool = False,
                 now: Callable[[], datetime] | None = None,
                 confirm_seconds: float = 4.0,
                 problem: health.Health | None = None,
                 speak: Callable[[str], None] | None = None,
                 offer_note: bool = False,
                 on_saved: Callable[[Entry], None] | None = None) -> None:
        """`save_now` with a `severity` saves at once (voice); otherwise the picker opens
        with `severity` (default 5) chosen. `confirm_seconds` is how long the
        confirmation of a rating said aloud stays before the dialog closes by itself (0:
        until a key); a rating picked by keys always waits for a key.
        `problem`: what the caller already found wrong with the diary (shown at
        once); with no open `diary` the file is checked on opening. `speak` says
        problems aloud (voice users may not be looking). `offer_note` (a rating by
        voice): the confirmation says, and with `speak` says aloud, that "add a
        note" comes next. `on_saved` hears of the saved entry at once."""
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
        self.problem = problem if problem is not None and not problem.usable else None
        self.speak = speak
        self.undone: Entry | None = None
        """The rating taken back by Undo (u), once it is gone from the diary."""
        self.repaired: health.Repaired | None = None
        """Set when the diary was repaired from this dialog (the file was replaced)."""
        self._step_before_problem = "pick"
        self.offer_note = offer_note
        self.on_saved = on_saved
        self.said_saved = False
        self._note_asked: tuple[bool, ...] = ()
        """The confirmation was said aloud here (callers need not say it again)."""
        self._chosen_by_user = False
        """A number was picked or nudged: the spoken question is no longer needed."""

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
                yield Static(PICK_HINT, classes="hint", id="pick-hint")
            with Vertical(id="details"):
                yield Static("", id="details-title", classes="log-title")
                with Horizontal(classes="choices"):
                    yield Static("Where?", classes="choice-label")
                    with Horizontal(classes="choice-boxes"):
                        for part in PARTS:
                            yield TickBox(part, id=f"part-{part}", compact=True)
                with Horizontal(classes="choices"):
                    yield Static("Why?", classes="choice-label")
                    with Horizontal(classes="choice-boxes"):
                        for trigger in COMMON_TRIGGERS:
                            yield TickBox(trigger, compact=True,
                                          id=f"trigger-{trigger.replace(' ', '-')}")
                yield Input(placeholder="Another trigger, in your own words (optional)",
                            id="other-trigger", max_length=200)
                yield Input(placeholder="A note (optional)", id="note", max_length=2000,
                            select_on_focus=False)
                yield Static("", id="log-error", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("Save (Enter)", id="save", variant="primary")
                    yield Button("Back", id="back")
                yield Static("Space ticks a box; the arrows or Tab move on. "
                             "Everything here is optional. Enter saves.", classes="hint")
            with Vertical(id="done"):
                yield Static("", id="saved-text", markup=False)
                yield Static(NOTE_OFFER, id="note-offer", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("OK (Enter)", id="ok", variant="primary")
                    yield Button("Undo (u)", id="undo")
                    yield Button("Add a note (a)", id="add-note")
            with Vertical(id="problem"):
                yield Static("", id="problem-title", classes="log-title")
                yield Static("", id="problem-text", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("Repair the diary (Enter)", id="repair", variant="error")
                    yield Button("Not now (Esc)", id="not-now")

    CRAMPED_WIDTH = 50
    """Under this many columns the tick boxes no longer fit on one line."""

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.CRAMPED_WIDTH, "-cramped")

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < self.CRAMPED_WIDTH, "-cramped")
        self._show_choice()
        if self.problem is not None:
            self._show_problem(self.problem)
        elif self.save_now:
            self.log_spasm(self.severity)  # the save checks the file first
        elif self.diary is None:
            self._check()
        if not self.save_now and self.speak is not None:
            self.query_one("#pick-hint", Static).update(f"{PICK_HINT}\n{SPOKEN_HINT}")
            self.set_timer(QUESTION_DELAY_SECONDS, self._ask)

    def _ask(self) -> None:
        if (self.speak is not None and self.step == "pick" and not self._saving
                and not self._chosen_by_user):
            self.speak(QUESTION)

    @work(thread=True, exclusive=True, group="diary-check")
    def _check(self) -> None:
        found = health.check(self.diary_path)
        if not found.usable:
            self.app.call_from_thread(self._show_problem, found)

    # the voice dispatcher's entry point ------------------------------------------------

    def action_pick_severity(self, severity: int) -> None:
        """"Seven" said while the picker shows: saved at once, as "log spasm seven" is
        (the confirmation said aloud, a note offered, the dialog closing by itself)."""
        if self._saving:
            return
        self.save_now = True
        self.offer_note = self.speak is not None
        self.log_spasm(severity)

    def action_confirm_no(self) -> None:
        """"No" or "cancel" said: as Esc."""
        self.action_cancel()

    def action_confirm_yes(self) -> None:
        """"Yes" said to "the diary is damaged, repair it?": as Enter."""
        if self.step == "problem":
            self.action_repair()

    def log_spasm(self, severity: int) -> None:
        """Save `severity` now with no details (for "log spasm seven")."""
        self.severity = max(0, min(10, int(severity)))
        self._show_choice()
        self._save(parts=(), triggers=(), note="")

    # actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pick", "nudge", "pick_severity"):
            return self.step == "pick"
        if action in ("undo", "add_note"):
            return self.step == "done"
        if action == "repair":
            return self.step == "problem"
        return True

    def key_hint_label(self, action: str) -> str | None:
        """What Enter and Esc do at this step, for the key bar (KeyHints)."""
        return STEP_KEY_LABELS.get((self.step, action))

    def action_pick(self, number: int) -> None:
        moment = time.monotonic()
        if (number == 0 and self._last_digit is not None and self._last_digit[0] == 1
                and moment - self._last_digit[1] <= TEN_KEY_WINDOW_SECONDS):
            number = 10
        self._last_digit = (number, moment)
        self.severity = number
        self._chosen_by_user = True
        self._show_choice()

    def action_nudge(self, step: int) -> None:
        self._last_digit = None
        self._chosen_by_user = True
        self.severity = max(0, min(10, self.severity + step))
        self._show_choice()

    def action_next(self) -> None:
        if self.step == "problem":
            self.action_repair()
        elif self.step == "pick":
            self._go("details")
        elif self.step == "details":
            self._save_details()
        elif self.step == "done":
            self.dismiss(self.saved)

    def action_cancel(self) -> None:
        if self.step == "problem":
            self.dismiss(None)
        elif self.step == "details":
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
        elif button == "add-note":
            self.action_add_note()
        elif button == "repair":
            self.action_repair()
        elif button == "not-now":
            self.dismiss(None)

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
            # The first field, so nothing typed goes nowhere (on_key sends letters
            # typed on a tick box on to the note).
            self.query_one(f"#part-{PARTS[0]}", TickBox).focus()
        elif step == "done":
            self.query_one("#ok", Button).focus()
        elif step == "problem":
            self.query_one("#repair", Button).focus()
        else:
            self.set_focus(None)
        self.refresh_bindings()

    def _show_choice(self) -> None:
        self.query_one(Digits).update(str(self.severity))
        self.query_one("#chosen-words", Static).update(severity_words(self.severity))
        for number in range(11):
            self.query_one(f"#n{number}", Button).set_class(number == self.severity, "-chosen")

    def _save_details(self) -> None:
        parts = tuple(p for p in PARTS if self.query_one(f"#part-{p}", TickBox).value)
        triggers = [t for t in COMMON_TRIGGERS
                    if self.query_one(f"#trigger-{t.replace(' ', '-')}", TickBox).value]
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
                found = health.check(self.diary_path)
                if not found.usable:
                    self.app.call_from_thread(self._show_problem, found)
                    return
                with Diary.open(self.diary_path) as diary:
                    entry = diary.log_spasm(severity, at=at, parts=parts,
                                            triggers=triggers, note=note)
        except DiaryError as error:
            found = health.check(self.diary_path)
            if found.repairable:  # damaged since it was opened: offer the repair
                self.app.call_from_thread(self._show_problem, found)
            else:
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
        message = saved_message(entry, self.now().date())
        self.query_one("#saved-text", Static).update(message)
        self.query_one("#note-offer", Static).display = self.offer_note
        if self.offer_note and self.speak is not None:
            self.speak(f"{message} {NOTE_OFFER}")
            self.said_saved = True
        if self.on_saved is not None:
            self.on_saved(entry)
        self._go("done")
        if self._note_asked:
            self.add_note(*self._note_asked)
            return
        # Only a rating said aloud closes by itself: after keys the box waits for Enter,
        # so a slow Enter cannot fall through to the list underneath and edit an entry.
        if self.confirm_seconds > 0 and self.save_now:
            self._close_timer = self.set_timer(self.confirm_seconds, self._close)

    def _close(self) -> None:
        self.dismiss(self.saved)

    # a note for the rating just saved ----------------------------------------------

    def action_add_note(self) -> None:
        self.add_note()

    def add_note(self, by_voice: bool = False) -> bool:
        """The note dialog for the rating just saved; this dialog closes after it."""
        from hfs_tui.ui.diary_glue import note_screen

        if self.save_now and self.saved is None and self.step == "pick":
            # Said before the save finished (a slow disk): the dialog opens right after.
            self._note_asked = (by_voice,)
            return True
        if self.step != "done" or self.saved is None:
            return False
        if self._close_timer is not None:
            self._close_timer.stop()
            self._close_timer = None
        saved = self.saved

        def noted(entry: Entry | None) -> None:
            self.dismiss(entry or saved)

        self.app.push_screen(note_screen(self.app, saved, diary=self.diary,  # type: ignore[arg-type]
                                         diary_path=self.diary_path, by_voice=by_voice,
                                         speak=self.speak),
                             noted)
        return True

    @work(thread=True, exclusive=True, group="diary-write")
    def _undo(self, entry_id: int) -> bool:
        try:
            # discard, not delete: an entry deleted earlier can still be brought back.
            if self.diary is not None:
                self.diary.discard(entry_id)
            else:
                with Diary.open(self.diary_path) as diary:
                    diary.discard(entry_id)
        except DiaryError as error:
            self.app.call_from_thread(
                self.query_one("#saved-text", Static).update, f"Could not undo: {error}")
            return False
        return True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if finished_result(event, "_undo"):
            self.undone, self.saved = self.saved, None
            if self.speak is not None and self.undone is not None:
                self.speak(undone_message(self.undone))
            self.dismiss(None)

    def on_key(self, event: events.Key) -> None:
        # Any key while the confirmation shows keeps it open until the user chooses.
        if self.step == "done" and self._close_timer is not None:
            self._close_timer.stop()
            self._close_timer = None
        # Typing on a tick box (Space ticks it) starts the note instead of vanishing.
        if (self.step == "details" and isinstance(self.focused, Checkbox)
                and event.is_printable and event.character and event.character != " "):
            note = self.query_one("#note", Input)
            note.focus()
            note.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    # a diary that cannot be used ---------------------------------------------------

    def _show_problem(self, found: health.Health) -> None:
        """Say what is wrong, before any work; the rating (if any) waits for the repair."""
        self._saving = False
        self.problem = found
        if self.step != "problem":
            self._step_before_problem = self.step
        waiting = (f"Your rating, {self.severity} out of 10, is not saved yet"
                   if self.save_now else "Nothing has been saved")
        words = PROBLEM_WORDS.get(found.state, "The diary cannot be used right now.")
        self.query_one("#problem-title", Static).update(f"{words} {waiting}.")
        if found.repairable:
            after = (" and then saves your rating" if self.save_now else "")
            advice = (f"Enter repairs the diary{after}: the old file is kept as it is. "
                      "Esc: not now (the rest of the app works as before).")
        else:
            advice = f"Esc closes this. {what_to_do(found)}"
        self.query_one("#problem-text", Static).update(f"{found.message}\n\n{advice}")
        self.query_one("#repair", Button).display = found.repairable
        self._go("problem")
        if self.speak is not None:
            self.speak(f"{waiting}. {spoken_problem(found)}")

    def action_repair(self) -> None:
        found = self.problem
        if found is None or not found.repairable or self.step != "problem":
            return

        def done(repaired: health.Repaired | None) -> None:
            if repaired is None:
                return  # not now, or it failed (the dialog said why): stay here
            self.repaired = repaired
            self.problem = None
            if self.save_now:
                self._save(parts=(), triggers=(), note="")
            else:
                self._go(self._step_before_problem)
                self.query_one("#log-error", Static).update(repaired.message)

        self.app.push_screen(RepairScreen(found, speak=self.speak), done)
