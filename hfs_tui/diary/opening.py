"""Opening a diary file safely: the checks before SQLite touches it, and after.

A new file is created 0600 in a private folder; an existing one must start like a
SQLite file; a file from a newer version, a locked file and a damaged one each raise
`DiaryError` with one line, and a damaged one is copied aside first (hfs_tui/diary/
copies.py), never changed. Then the journal is set to WAL with full sync and the
schema upgraded (hfs_tui/diary/migrations.py).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from hfs_tui import paths
from hfs_tui.diary.copies import keep_copy
from hfs_tui.diary.migrations import migrate, schema_version
from hfs_tui.diary.models import DiaryError

FILE_NAME = "diary.sqlite3"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 3.0


def default_path() -> Path:
    return paths.data_dir() / FILE_NAME


def busy_message(path: Path, error: sqlite3.Error, saving: bool) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        action = "nothing was saved; try again in a moment" if saving else "try again in a moment"
        return f"The diary {path} is in use by another program ({text}); {action}"
    return f"The diary {path} could not be {'saved' if saving else 'read'}: {text}"


def prepare_file(path: Path) -> None:
    """Private folder; an existing file must look like SQLite; a new one starts 0600."""
    try:
        # Only our own folders are made private; a folder the user chose stays as it is.
        if not path.parent.exists() or path.parent.resolve() == paths.data_dir().resolve():
            paths.ensure_private_dir(path.parent)
    except OSError as error:
        raise DiaryError(f"Cannot create the data folder {path.parent}: "
                         f"{error.strerror or error}") from None
    if path.is_dir():
        raise DiaryError(f"The diary {path} is a folder, not a file; move it away")
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_MAGIC))
        except OSError as error:
            raise DiaryError(f"Cannot read the diary {path}: {error.strerror or error}") from None
        if header and header != SQLITE_MAGIC:
            raise damaged(path, "it is not a diary database")
        return
    try:
        # Created here with mode 0600 so the file is never readable by others,
        # not even for the moment before a chmod.
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(descriptor)
    except FileExistsError:
        pass
    except OSError as error:
        raise DiaryError(f"Cannot create the diary {path}: {error.strerror or error}") from None


def check_and_upgrade(connection: sqlite3.Connection, path: Path) -> None:
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > schema_version():
            raise DiaryError(
                f"The diary {path} was made by a newer hfs-tui (diary version {version}, "
                f"this one knows up to {schema_version()}); update hfs-tui. "
                "The file was not changed")
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise DiaryError(f"The diary {path} cannot use safe saving (journal mode {mode})")
        # FULL + WAL: the WAL is fsynced at every commit, so a reported save survives
        # a crash and a power cut; NORMAL would only survive a crash.
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA secure_delete = ON")
        # (quick_check ran read-only in health.check before this connection opened.)
        migrate(connection, version)
    except DiaryError:
        raise
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DiaryError(busy_message(path, error, saving=False)) from None
        raise damaged(path, str(error)) from None
    except sqlite3.DatabaseError as error:
        raise damaged(path, str(error)) from None


def make_private(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            if candidate.exists() and candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)


def damaged(path: Path, reason: str) -> DiaryError:
    """Copy the damaged file aside (never touching the original) and explain."""
    try:
        copy = keep_copy(path, "corrupt")
    except OSError as error:
        return DiaryError(f"The diary {path} is damaged ({reason}); it was not changed, "
                          f"but a safety copy failed: {error.strerror or error}")
    return DiaryError(f"The diary {path} is damaged ({reason}). It was not changed; a copy "
                      f"is kept at {copy}. Run 'hfs-tui diary repair' to start a new diary "
                      "with every entry that can be saved")
