"""The settings in use: changed on the UI thread, used at once, saved by the one writer.

What a change does to the app (theme, the reading voice, text width) is the app's
business: it gets `on_change(old, new)` before the save is queued.
"""

from __future__ import annotations

from collections.abc import Callable

from hfs_tui import settings as settings_model
from hfs_tui.saving import SaveResult
from hfs_tui.ui.save_notices import SaveNotices, ShowMessage


class UserSettings:
    def __init__(self, loaded: settings_model.LoadedSettings, notices: SaveNotices,
                 on_change: Callable[[settings_model.Settings, settings_model.Settings],
                                     None] | None = None) -> None:
        self.settings = loaded.settings
        self.path = loaded.path
        self.problems = loaded.problems
        self.unreadable = loaded.unreadable  # the whole file was ignored, and why
        self.notices = notices
        self.on_change = on_change
        # True once a copy of the file that had problems is safely on disk (or on its
        # way): only the first save after start-up keeps the user's original.
        self.backed_up = False

    def apply(self, new: settings_model.Settings,
              on_saved: ShowMessage | None = None) -> str:
        """Use new settings now and save them in the background; returns a message.

        The save's outcome ("Saved." or why not) goes to `on_saved` once it is known.
        """
        old, self.settings = self.settings, new
        if self.on_change is not None:
            self.on_change(old, new)
        message = "Saved."
        backup = bool(self.problems and not self.backed_up)
        report = self.notices.reporter(on_saved, message)
        if backup:
            self.backed_up = True
            message = (f"Saved. Your old settings file had problems, so a copy was kept at "
                       f"{settings_model.backup_path(self.path)}")
            report = self._retry_backup_if_failed(self.notices.reporter(on_saved, message))
        settings_model.save_in_background(new, self.path, report, keep_backup=backup)
        return "Saving…"

    def _retry_backup_if_failed(self, report: Callable[[SaveResult], None],
                                ) -> Callable[[SaveResult], None]:
        def done(result: SaveResult) -> None:  # on the writer thread
            if not result.ok:
                # Nothing (or not all) was written: the next save keeps the copy again.
                self.backed_up = False
            report(result)

        return done
