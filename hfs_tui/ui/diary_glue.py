"""Glue between the diary (hfs_tui.diary) and the rest of the app."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from hfs_tui.diary import Diary, DiaryError
from hfs_tui.diary.models import Entry, saved_message

if TYPE_CHECKING:
    from hfs_tui.exercise.session import SessionRecord
    from hfs_tui.ui.services import DiaryHost


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
        return
    if isinstance(app.screen, DiaryScreen):
        # The diary screen's own picker: it reloads and highlights the new entry.
        app.screen.log_spasm(severity)
        return
    voice_on = app.voice_state not in ("off", "unavailable")

    def saved(entry: Entry | None) -> None:
        if entry is not None and voice_on:
            app.narration.say(saved_message(entry))

    app.push_screen(LogSpasmScreen(severity=severity, save_now=severity is not None,
                                   speak=app.narration.say if voice_on else None), saved)


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
