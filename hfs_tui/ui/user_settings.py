"""The settings in use: changed on the UI thread, used at once, saved by the one writer.

What a change does to the app (theme, the reading voice, text width) is the app's
business: it gets `on_change(old, new)` before the save is queued.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
        self.mistake_line = loaded.mistake_line  # a line was left out, the rest read
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
        keep_as = None
        report = self.notices.reporter(on_saved, "Saved.")
        if self.problems and not self.backed_up:
            self.backed_up = True
            keep_as = settings_model.backup_path(self.path)
            saved = f"Saved. {self._what_became_of_the_old_file()} {self._copy_kept(keep_as)}"
            report = self._retry_backup_if_failed(self.notices.reporter(on_saved, saved))
        settings_model.save_in_background(new, self.path, report, keep_as=keep_as)
        return "Saving…"

    def _what_became_of_the_old_file(self) -> str:
        """Said plainly, so nobody loses high contrast without knowing."""
        if self.unreadable:
            return ("Your old settings file could not be read, so every other setting is "
                    "now the usual one.")
        if self.mistake_line:
            return (f"Your old settings file had a mistake on line {self.mistake_line}: "
                    "what could be read from it was kept, anything else is now the usual "
                    "setting.")
        return ("Your old settings file had problems: the settings that were not allowed "
                "are now the usual ones.")

    def _copy_kept(self, keep_as: Path) -> str:
        if not self.path.is_file():  # a link to nothing, say: there is nothing to copy
            return ""
        return f"A copy of the old file was kept at {keep_as}"

    def _retry_backup_if_failed(self, report: Callable[[SaveResult], None],
                                ) -> Callable[[SaveResult], None]:
        def done(result: SaveResult) -> None:  # on the writer thread
            if not result.ok:
                # Nothing (or not all) was written: the next save keeps the copy again.
                self.backed_up = False
            report(result)

        return done
