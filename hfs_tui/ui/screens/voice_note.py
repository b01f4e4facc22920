"""A note for one saved diary entry, said aloud or typed ("add a note").

With voice on, the dialog opens listening ("Listening for your note… stop talking
to finish"); the words heard go into an editable field, "I heard: …  Say yes to
save it, or no to drop it." Yes or Enter saves them as the entry's note (after any
note it already has); no or Escape drops them and the entry stays as it was.
Nothing heard (or nothing before the wait ran out) says so and offers another try.
With voice off it is the same field, typed.

The words live only here until saved: the listener keeps no sound and logs no
words (hfs_tui.voice.dictation). The save runs in a thread. Dismisses with the
updated Entry, or None when nothing was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, Input, Static
from textual.worker import Worker

from hfs_tui.diary import Diary, DiaryError, Entry, describe
from hfs_tui.ui.finished_work import finished_result
from hfs_tui.ui.screens.dialog_css import dialog_backdrop, dialog_frame
from hfs_tui.ui.screens.question import QuestionDialog

if TYPE_CHECKING:
    from hfs_tui.ui.services import NoteAnswer

LISTENING = "Listening for your note… stop talking to finish."
NOTHING = "I did not hear a note."
TRY_AGAIN = "Say add a note to try again, or type it here. Esc closes."
CONFIRM = "Say yes to save it, or no to drop it.  Enter saves, Esc drops."
TYPING = "Type your note.  Enter saves, Esc closes."
GIVE_UP_SECONDS = 60.0
"""If the listener never answers (it stopped), stop saying it is listening."""


class NoteScreen(QuestionDialog[Entry | None]):
    DEFAULT_CSS = dialog_backdrop("NoteScreen") + dialog_frame(
        "NoteScreen #note-dialog") + """
    NoteScreen #note-title {
        text-style: bold;
        color: $text;
        height: auto;
    }
    NoteScreen #note-status {
        color: $text;
        text-style: bold;
        height: auto;
        margin-top: 1;
    }
    NoteScreen #note-status.-listening {
        color: $success;
    }
    NoteScreen #note-hint {
        color: $text;
        height: auto;
    }
    NoteScreen #note-error {
        color: $error;
        text-style: bold;
        height: auto;
    }
    NoteScreen #note-buttons {
        height: auto;
    }
    NoteScreen #note-buttons Button {
        margin-right: 2;
    }
    """
    BINDINGS = [Binding("escape", "drop", "Drop the note", id="note_drop")]

    def __init__(self, entry: Entry, *, diary: Diary | None = None,
                 diary_path: Path | None = None,
                 listen: Callable[[], None] | None = None,
                 stop_listening: Callable[[], None] | None = None,
                 already_listening: bool = False,
                 heard_before: Callable[[], str | None] | None = None,
                 answered_before: Callable[[], NoteAnswer | None] | None = None,
                 speak: Callable[[str], None] | None = None) -> None:
        """`listen` asks the listener for one note (None: voice is off, so it is
        typed); `already_listening`: the listener took the note on by itself (the
        user said "add a note"); `heard_before` gives a note heard before this
        dialog was up, if any, and `answered_before` the yes or no said to it then.
        `speak` says each step aloud."""
        super().__init__()
        self.entry = entry
        self.diary = diary
        self.diary_path = diary_path
        self.listen = listen
        self.stop_listening = stop_listening
        self.speak = speak
        self.step = "listening" if listen is not None else "typing"
        self._already = already_listening
        self._heard_before = heard_before
        self._answered_before = answered_before
        # What the voice glue hands over before on_mount has run (on a slow machine
        # the note, and even its yes or no, can come first): kept, then taken in order.
        self._ready = False
        self._early: str | None = None
        self._early_answer: NoteAnswer | None = None
        self._give_up: Timer | None = None
        self._saving = False
        self.saved: Entry | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Static(f"A note for: {describe(self.entry)}, {self.entry.at:%d %b %Y %H:%M}",
                         id="note-title", markup=False)
            yield Static("", id="note-status", markup=False)
            yield Input(placeholder="Your note", id="note-words", max_length=2000,
                        select_on_focus=False)
            yield Static("", id="note-hint", markup=False)
            yield Static("", id="note-error", markup=False)
            with Horizontal(id="note-buttons"):
                yield Button("Save (Enter)", id="note-save", variant="primary")
                yield Button("Drop (Esc)", id="note-drop")

    def on_mount(self) -> None:
        if self.step == "listening":
            self._listening(ask=not self._already)
        else:
            self._show("typing", "", TYPING)
        self.query_one("#note-words", Input).focus()
        self._ready = True
        if self._early is None and self._heard_before is not None:
            self._early = self._heard_before()
        if self._early_answer is None and self._answered_before is not None:
            self._early_answer = self._answered_before()
        if self._early is not None:
            self.heard(self._early)
        if self._early_answer is not None:
            # After the first frame, so the words are seen before the dialog closes.
            self.call_after_refresh(self._answer, self._early_answer)
            self._early_answer = None

    # from the listener (the voice glue calls these on the UI thread) ----------------

    def _listening(self, ask: bool) -> None:
        self._show("listening", LISTENING, "Esc: stop and type instead.")
        self.query_one("#note-words", Input).value = ""
        if ask and self.listen is not None:
            self.listen()
        if self._give_up is not None:
            self._give_up.stop()
        self._give_up = self.set_timer(GIVE_UP_SECONDS, lambda: self.heard(""))

    def heard(self, words: str) -> None:
        """The note heard ("" if nothing was): shown, and said, to be confirmed."""
        if not self._ready:  # (is_mounted is still False inside on_mount)
            self._early = words
            return
        if self.step != "listening":
            return
        if self._give_up is not None:
            self._give_up.stop()
            self._give_up = None
        field = self.query_one("#note-words", Input)
        if not words:
            self._show("nothing", NOTHING, TRY_AGAIN)
            self._say(f"{NOTHING} Say add a note to try again, or carry on.")
            return
        field.value = words
        field.cursor_position = len(words)
        self._show("heard", f"I heard: {words}", CONFIRM)
        if self._early_answer is not None:  # already answered: no need to ask
            self._say(f"I heard: {words}.")
        else:
            self._say(f"I heard: {words}. Say yes to save it, or no to drop it.")

    # what can be said while the dialog is open (the registry sends these here) ----------

    def action_confirm_yes(self) -> None:
        self._answer("yes")

    def action_confirm_no(self) -> None:
        self._answer("no")

    def _answer(self, answer: NoteAnswer) -> None:
        if not self._ready:
            self._early_answer = answer  # said before the dialog was up: taken on mount
        elif answer == "no":
            self.action_drop()
        elif self.step in ("heard", "typing"):
            self.action_save()

    def action_add_note(self, spoken: bool = False) -> None:
        """"add a note" again while the dialog is open: the listener took it on by itself."""
        if spoken and self.listen is not None and not self._saving:
            self._listening(ask=False)

    # keys and buttons ----------------------------------------------------------------

    def action_save(self) -> None:
        if self.step == "listening":
            return  # the words are not in yet
        words = self.query_one("#note-words", Input).value.strip()
        if self.step == "nothing" and not words:
            if self.listen is not None:
                self._listening(ask=True)  # Enter: try again
            return
        if not words:
            self.query_one("#note-error", Static).update("Nothing to save: type a note, "
                                                         "or press Esc.")
            return
        if self._saving:
            return
        self._saving = True
        self.query_one("#note-error", Static).update("Saving ...")
        self._write(words)

    def action_drop(self) -> None:
        if self._saving:
            return
        if self.step == "listening" and self.stop_listening is not None:
            self.stop_listening()
            self._show("typing", "", TYPING)
            return
        if self.step == "heard":
            self._say("Note dropped. The rating is kept.")
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        # Typing while it listens: the keyboard wins, the listening stops.
        if self.step == "listening" and event.value and self.stop_listening is not None:
            self.stop_listening()
            self._show("typing", "", TYPING)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "note-save":
            self.action_save()
        else:
            self.action_drop()

    # saving --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="diary-write")
    def _write(self, words: str) -> Entry | None:
        try:
            if self.diary is not None:
                return self._add_note(self.diary, words)
            with Diary.open(self.diary_path) as diary:
                return self._add_note(diary, words)
        except DiaryError as error:
            self.app.call_from_thread(self._failed, str(error))
            return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        saved = finished_result(event, "_write")
        if saved is not None:
            self._done(saved)

    def _add_note(self, diary: Diary, words: str) -> Entry:
        assert self.entry.id is not None
        current = diary.get(self.entry.id)
        if current is None:
            raise DiaryError("that entry is no longer in the diary")
        note = f"{current.note.rstrip()} {words}".strip() if current.note else words
        return diary.update(replace(current, note=note))

    def _done(self, saved: Entry) -> None:
        self.saved = saved
        self._say("Note saved.")
        self.dismiss(saved)

    def _failed(self, message: str) -> None:
        self._saving = False
        self.query_one("#note-error", Static).update(f"Not saved: {message}")

    # --------------------------------------------------------------------------------

    def _show(self, step: str, status: str, hint: str) -> None:
        self.step = step
        line = self.query_one("#note-status", Static)
        line.update(status)
        line.display = bool(status)
        line.set_class(step == "listening", "-listening")
        self.query_one("#note-hint", Static).update(hint)
        self.query_one("#note-error", Static).update("")

    def _say(self, text: str) -> None:
        if self.speak is not None:
            self.speak(text)
