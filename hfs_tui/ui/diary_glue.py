"""Glue between the diary (hfs_tui.diary) and the rest of the app."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hfs_tui.diary import Diary, DiaryError
from hfs_tui.diary.models import Entry, saved_message
from hfs_tui.ui.widgets.voice_indicator import voice_running

if TYPE_CHECKING:
    from hfs_tui.exercise.session import SessionRecord
    from hfs_tui.ui.screens.voice_note import NoteScreen
    from hfs_tui.ui.services import DiaryHost, NoteHost


def log_spasm(app: DiaryHost, severity: int | None) -> None:
    """Open the picker; with a severity (voice: "log spasm seven") save it at once.

    Either way the user sees, and with voice on hears, exactly what was saved. The
    picker checks the diary file first, so a damaged or newer-version diary is said
    at once (and aloud with voice on), with the repair a key away; the screen
    underneath (a section being read, say) stays as it was.
    """
    from hfs_tui.ui.screens.diary import DiaryScreen
    from hfs_tui.ui.screens.log_spasm import LogSpasmScreen

    if isinstance(app.screen, LogSpasmScreen):
        # Already open ("log spasm", a pause, then "log spasm seven"): the number is
        # the answer.
        if severity is not None and app.screen.step == "pick":
            app.screen.action_pick_severity(severity)
        return
    if isinstance(app.screen, DiaryScreen):
        # The diary screen's own picker: it reloads and highlights the new entry.
        app.screen.log_spasm(severity)
        return
    voice_on = voice_running(app.voice_state)
    picker = LogSpasmScreen(severity=severity, save_now=severity is not None,
                            speak=app.narration.say if voice_on else None,
                            offer_note=voice_on and severity is not None)

    def saved(entry: Entry | None) -> None:
        if entry is not None and voice_on and not picker.said_saved:
            app.narration.say(saved_message(entry))

    app.push_screen(picker, saved)


NOTE_OFFER_SECONDS = 120.0
"""How long after a rating by voice "add a note" still finds it, once its dialog closed."""


def rating_saved(app: NoteHost, entry: Entry) -> None:
    """Remember a rating just saved by voice, for a following "add a note"."""
    app.last_voice_rating = (entry, time.monotonic())


def note_screen(app: NoteHost, entry: Entry, *, diary: Diary | None = None,
                diary_path: Path | None = None, by_voice: bool = False,
                speak: Callable[[str], None] | None = None) -> NoteScreen:
    """The note dialog for `entry`: listening when voice is on, else typed. It speaks
    with `speak`, or the app's voice when voice commands are on."""
    from hfs_tui.ui.screens.voice_note import NoteScreen

    voice = app.voice
    listening = voice.on and app.voice_state not in ("asleep", "loading")
    return NoteScreen(entry, diary=diary, diary_path=diary_path,
                      listen=voice.dictate if listening or by_voice else None,
                      stop_listening=voice.cancel_dictation,
                      already_listening=by_voice,
                      heard_before=voice.take_note if by_voice else None,
                      answered_before=voice.take_answer if by_voice else None,
                      speak=speak or (app.narration.say if voice.on else None))


def add_note(app: NoteHost, by_voice: bool = False) -> bool:
    """"add a note" away from the rating dialog: for the rating just given by voice.

    Returns False (and says what to do) when there is no such rating.
    """
    last = app.last_voice_rating
    if last is None or time.monotonic() - last[1] > NOTE_OFFER_SECONDS or last[0].id is None:
        first = ('Say "log spasm" and a number first, then "add a note".' if by_voice else
                 "Press l to log a spasm first: its second step has a box for a note.")
        message = f"{first} Or open the diary (d), choose the entry and press a."
        app.notify(message, timeout=8)
        if app.voice.on:
            app.narration.say(message)
        return False
    app.last_voice_rating = None
    app.push_screen(note_screen(app, last[0], by_voice=by_voice))
    return True


def record_session(app: DiaryHost, record: SessionRecord,
                   speak: Callable[[str], None] | None = None) -> None:
    """Save a finished or stopped exercise session (runs in a worker thread).

    A stop is confirmed once the diary has it (or has refused it), on screen and,
    with `speak`, aloud: "Stopped. Calm breathing, 40 seconds, saved in your diary."
    A stop within the first second is not saved (see `SessionRecord.worth_keeping`).
    A finished session says nothing more unless saving fails: its screen said it all.
    """
    from hfs_tui.exercise.session import stop_message

    if not record.worth_keeping:
        _tell(app, stop_message(record, saved=False), speak)
        return
    try:
        with Diary.open() as diary:
            diary.log_session(record.exercise_id, record.title, round(record.planned_seconds),
                              round(record.actual_seconds), record.completed,
                              at=record.started_at)
    except DiaryError as error:
        message = (f"The exercise was not saved in the diary: {error}" if record.completed
                   else stop_message(record, saved=False, problem=str(error)))
        _tell(app, message, speak, severity="warning", timeout=10)
        return
    if not record.completed:
        _tell(app, stop_message(record, saved=True), speak)


def _tell(app: DiaryHost, message: str, speak: Callable[[str], None] | None,
          severity: str = "information", timeout: float = 8) -> None:
    """Show (and say) `message` from a worker thread; quietly nothing if the app has closed."""

    def show() -> None:
        app.notify(message, severity=severity, timeout=timeout)
        if speak is not None:
            speak(message)

    with contextlib.suppress(RuntimeError):  # the app is closing: nobody left to tell
        app.call_from_thread(show)
