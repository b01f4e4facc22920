"""The private spasm and treatment diary: storage, statistics, export and import.

Plain Python (no Textual); the screens live in hfs_tui/ui/screens/diary*.py.
"""

from __future__ import annotations

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
    "parse_severity",
    "saved_message",
    "severity_words",
    "summary_text",
]
