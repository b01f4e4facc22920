"""Repairing a damaged diary: a new file with every entry that can still be read.

The damaged file and its -wal are only ever read (from a scratch copy) and then
renamed aside; hfs_tui/diary/health.py decides when a repair is offered.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

from hfs_tui.diary.copies import unused_name
from hfs_tui.diary.models import DiaryError, Entry, InvalidEntry, validate
from hfs_tui.diary.opening import default_path
from hfs_tui.diary.rows import SELECT, from_row


def repair(path: Path | None = None) -> tuple[Path, int, int]:
    """Start a fresh diary from a damaged one: (where the old file went, saved, lost).

    Every row that can still be read (from the file and its -wal, where the newest
    saves may be after a crash) is validated and written to a new diary under a
    temporary name; only when that is complete is the old file renamed aside (kept,
    never deleted or changed) and the new one moved into its place.
    """
    path = Path(path) if path else default_path()
    if not path.exists():
        raise DiaryError(f"There is no diary at {path} to repair")
    from hfs_tui.diary.store import Diary  # here: store re-exports this module's repair

    rescued, lost = _read_what_survives(path)
    fresh = unused_name(path, "repairing")
    try:
        with Diary.open(fresh) as diary:
            kept = []
            for entry in sorted(rescued, key=lambda e: (e.at, e.id or 0)):
                try:
                    kept.append(validate(replace(entry, id=None), diary.clock()))
                except InvalidEntry:
                    lost += 1
            diary.add_many(kept)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{fresh}{suffix}").unlink(missing_ok=True)
        raise
    aside = unused_name(path, "damaged")
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            Path(f"{path}{suffix}").rename(Path(f"{aside}{suffix}"))
    for suffix in ("-wal", "-shm", ""):
        if Path(f"{fresh}{suffix}").exists():
            Path(f"{fresh}{suffix}").rename(Path(f"{path}{suffix}"))
    return aside, len(kept), lost


def _read_what_survives(path: Path) -> tuple[list[Entry], int]:
    """Rows readable from a damaged file and its -wal, never touching either: they are
    copied to a private scratch folder first (SQLite may write beside what it reads)."""
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".repair-") as scratch:
        work = Path(scratch) / path.name
        shutil.copyfile(path, work)
        if Path(f"{path}-wal").exists():
            shutil.copyfile(Path(f"{path}-wal"), Path(f"{work}-wal"))
        found = _read_rows(f"file:{work}?mode=ro")
    if found is None:  # not readable with its WAL: try the main file alone
        found = _read_rows(f"file:{path}?mode=ro&immutable=1")
    return found or ([], 0)


def _read_rows(uri: str) -> tuple[list[Entry], int] | None:
    """Rows of a damaged database, reading by id ranges to step over bad pages; None
    when it cannot be read as a database at all."""
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        return None
    entries: list[Entry] = []
    lost = 0
    try:
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            return None  # not readable as a database at all
        try:
            top = connection.execute("SELECT max(id) FROM entries").fetchone()[0] or 0
        except sqlite3.Error:
            top = 100_000  # the table's last page is damaged: probe a generous range
        step = 256
        for start in range(0, top + 1, step):
            try:
                rows = connection.execute(
                    f"{SELECT} WHERE id >= ? AND id < ? AND deleted_at IS NULL",
                    (start, start + step)).fetchall()
            except sqlite3.Error:
                rows = []
                for single in range(start, start + step):
                    try:
                        rows += connection.execute(
                            f"{SELECT} WHERE id = ? AND deleted_at IS NULL",
                            (single,)).fetchall()
                    except sqlite3.Error:
                        lost += 1
            for row in rows:
                try:
                    entries.append(from_row(row))
                except (ValueError, TypeError):
                    lost += 1
    finally:
        connection.close()
    return entries, lost
