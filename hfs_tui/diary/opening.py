"""Opening a diary file safely: the checks before SQLite touches it, and after.

A new file is created 0600 in a private folder; an existing one must start like a
SQLite file; a file from a newer version, a locked file and a damaged one each raise
`DiaryError` with one line, and a damaged one is copied aside first (hfs_tui/diary/
copies.py), never changed. Then the journal is set to WAL with full sync and the
schema upgraded (hfs_tui/diary/migrations.py).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from pathlib import Path

from hfs_tui import paths
from hfs_tui.diary.copies import keep_copy
from hfs_tui.diary.migrations import migrate, schema_version
from hfs_tui.diary.models import DiaryError

FILE_NAME = "diary.sqlite3"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 3.0
COMPANIONS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside the diary while it is open."""
LOW_SPACE_BYTES = 1024 * 1024
"""Below this much free space, SQLite's "disk I/O error" means a full disk: it needs
room for the -shm file (32 KiB) and the -wal just to open the diary."""
SQLITE_FULL = 13
SQLITE_IOERR = 10
SQLITE_READONLY = 8


def default_path() -> Path:
    return paths.data_dir() / FILE_NAME


def problem_message(path: Path, error: sqlite3.Error, saving: bool) -> str:
    """One line for an error SQLite gave while reading or saving."""
    known = known_problem(path, error, saving)
    if known:
        return known
    return f"The diary {path} could not be {'saved' if saving else 'read'}: {error}"


def known_problem(path: Path, error: BaseException, saving: bool) -> str:
    """The one line for a cause that is not damage (in use, disk full, read-only), or ""."""
    text = str(error)
    if "locked" in text or "busy" in text:
        action = "nothing was saved; try again in a moment" if saving else "try again in a moment"
        return f"The diary {path} is in use by another program ({text}); {action}"
    if disk_full(path, error):
        return disk_full_message(path)
    if read_only(error):
        return read_only_message(path)
    return ""


def disk_full(path: Path, error: BaseException) -> bool:
    """True for a full disk: ENOSPC, SQLITE_FULL, or an I/O error with little room left."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code == SQLITE_FULL:
        return True
    if code != SQLITE_IOERR and "disk I/O error" not in str(error):
        return False
    try:
        return shutil.disk_usage(path.parent).free < LOW_SPACE_BYTES
    except OSError:
        return False


def disk_full_message(path: Path) -> str:
    return (f"The disk is full: free some space and try again. Your diary {path} "
            "has not been changed.")


def read_only(error: BaseException) -> bool:
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF == SQLITE_READONLY
            or "readonly database" in str(error))


def read_only_part(path: Path) -> Path:
    """The file or folder that stops the diary being saved: the folder, the diary, or
    one of its companions (the diary itself when none of them looks read-only)."""
    for candidate in (path.parent, path, *companions(path)):
        if candidate.exists() and not os.access(candidate, os.W_OK):
            return candidate
    return path


def read_only_message(path: Path) -> str:
    part = read_only_part(path)
    what = "folder" if part.is_dir() else "file"
    return (f"The diary cannot be saved because the {what} {part} is read-only: make it "
            f"writable (chmod u+w '{part}') and try again. Nothing was changed.")


def companions(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in COMPANIONS]


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
            raise DiaryError(newer_message(path, version))
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
    except sqlite3.DatabaseError as error:
        known = known_problem(path, error, saving=False)
        if known:
            raise DiaryError(known) from None
        raise damaged(path) from None


def newer_message(path: Path, version: int) -> str:
    return (f"The diary {path} was made by a newer hfs-tui (diary version {version}, this "
            f"one knows up to {schema_version()}): update hfs-tui to use it. The file was "
            "not changed")


def make_private(path: Path) -> None:
    """The diary readable only by the user, and its companions read-write for them.

    -wal and -shm made while the diary was read-only keep its mode (0400); once the
    user makes the diary writable again, ours must be too, or every save fails.
    """
    with contextlib.suppress(OSError):
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(0o600)
    for candidate in companions(path):
        with contextlib.suppress(OSError):
            status = candidate.stat()
            if status.st_uid == os.getuid() and status.st_mode & 0o777 != 0o600:
                candidate.chmod(0o600)


def damaged(path: Path, why: str = "") -> DiaryError:
    """Copy the damaged file aside (never touching the original) and explain in one
    plain line; `why` is plain words, never SQLite's internals."""
    what = f"The diary {path} is damaged" + (f" ({why})" if why else "")
    try:
        copy = keep_copy(path, "corrupt")
    except OSError as error:
        if disk_full(path, error):
            return DiaryError(disk_full_message(path))
        return DiaryError(f"{what}; it was not changed, but a safety copy failed: "
                          f"{error.strerror or error}")
    return DiaryError(f"{what}. It was not changed; a copy is kept at {copy}. Run "
                      "'hfs-tui diary repair' to start a new diary with every entry that "
                      "can be saved")
