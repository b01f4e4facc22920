"""The private spasm and treatment diary: storage, statistics, export and import.

Plain Python (no Textual); the screens live in hfs_tui/ui/screens/diary*.py.
"""

from __future__ import annotations

import os

from hfs_tui import paths
from hfs_tui.diary import health
from hfs_tui.diary.models import (
    COMMON_SIDE_EFFECTS,
    COMMON_TRIGGERS,
    KINDS,
    PARTS,
    DiaryError,
    Entry,
    InvalidEntry,
    describe,
    parse_severity,
    saved_message,
    severity_words,
)
from hfs_tui.diary.stats import summary_text
from hfs_tui.diary.store import Diary, default_path

__all__ = [
    "COMMON_SIDE_EFFECTS",
    "COMMON_TRIGGERS",
    "KINDS",
    "PARTS",
    "Diary",
    "DiaryError",
    "Entry",
    "InvalidEntry",
    "default_path",
    "describe",
    "diagnose",
    "parse_severity",
    "saved_message",
    "severity_words",
    "summary_text",
]


def diagnose() -> list[tuple[str, bool, str]]:
    """("Data folder", ok, where or how to fix), ("Diary", ok, what was found)."""
    folder = paths.data_dir()
    results: list[tuple[str, bool, str]] = []
    try:
        paths.ensure_private_dir(folder)
        writable = os.access(folder, os.W_OK | os.X_OK)
    except OSError as error:
        writable = False
        reason = error.strerror or str(error)
    else:
        reason = "not writable"
    if writable:
        results.append(("Data folder", True, str(folder)))
    else:
        results.append(("Data folder", False, f"{folder}: {reason}; fix its permissions or "
                                              "set HFS_TUI_DATA_DIR to a folder you own"))
        results.append(("Diary", False, "cannot be used until the data folder is fixed"))
        return results
    path = default_path()
    if not path.exists():
        results.append(("Diary", True, f"no entries yet; it will be created at {path}"))
        return results
    found = health.check(path)  # changes nothing, unlike opening a damaged file
    if not found.usable:
        hint = ": run 'hfs-tui diary repair'" if found.repairable else ""
        results.append(("Diary", False, found.message + hint))
        return results
    try:
        with Diary.open(path) as diary:
            count = diary.count()
            version = diary.version()
    except DiaryError as error:
        results.append(("Diary", False, str(error)))
        return results
    results.append(("Diary", True, f"{count} entries (diary version {version}) in {path}"))
    return results
