"""Checks for `hfs-tui doctor`: can the data folder be written, and can the diary open?

Only looks: a damaged diary is found with health.check, which changes nothing.
"""

from __future__ import annotations

import os

from hfs_tui import paths
from hfs_tui.checks import Check
from hfs_tui.diary import health
from hfs_tui.diary.models import DiaryError
from hfs_tui.diary.store import Diary, default_path


def checks() -> list[Check]:
    """The data folder (where, or how to fix it), then the diary (what was found)."""
    folder = paths.data_dir()
    results: list[Check] = []
    try:
        paths.ensure_private_dir(folder)
        writable = os.access(folder, os.W_OK | os.X_OK)
    except OSError as error:
        writable = False
        reason = error.strerror or str(error)
    else:
        reason = "not writable"
    if writable:
        results.append(Check("Data folder", True, str(folder)))
    else:
        results.append(Check("Data folder", False, f"{folder}: {reason}; fix its permissions "
                             "or set HFS_TUI_DATA_DIR to a folder you own"))
        results.append(Check("Diary", False, "cannot be used until the data folder is fixed"))
        return results
    path = default_path()
    if not path.exists():
        results.append(Check("Diary", True, f"no entries yet; it will be created at {path}"))
        return results
    found = health.check(path)  # changes nothing, unlike opening a damaged file
    if not found.usable:
        hint = ": run 'hfs-tui diary repair'" if found.repairable else ""
        results.append(Check("Diary", False, found.message + hint))
        return results
    try:
        with Diary.open(path) as diary:
            count = diary.count()
            version = diary.version()
            diary.check_can_save()  # opening can succeed on a diary that cannot be saved
    except DiaryError as error:
        results.append(Check("Diary", False, str(error)))
        return results
    results.append(Check("Diary", True, f"{count} entries (diary version {version}) in {path}"))
    return results
