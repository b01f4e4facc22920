"""Why a file could not be read, in plain words instead of Python's message."""

from __future__ import annotations


def unreadable_reason(error: Exception) -> str:
    """An OSError or decoding error as the end of "... could not be read: ..."."""
    if isinstance(error, UnicodeDecodeError):
        return "it is not plain text: save it as UTF-8 text"
    if isinstance(error, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(error, NotADirectoryError):
        return "a file is where its folder should be"
    if isinstance(error, PermissionError):
        return "you do not have permission to read it"
    return getattr(error, "strerror", None) or str(error)
