"""Glue between the diary (hfs_tui.diary) and the rest of the app."""

from __future__ import annotations

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


def record_session(app: DiaryHost, record: SessionRecord) -> None:
    """Save a finished or stopped exercise session (runs in a worker thread)."""
    try:
        with Diary.open() as diary:
            diary.log_session(record.exercise_id, record.title, round(record.planned_seconds),
                              round(record.actual_seconds), record.completed,
                              at=record.started_at)
    except DiaryError as error:
        app.call_from_thread(app.notify, f"The exercise was not saved in the diary: {error}",
                             severity="warning", timeout=10)
