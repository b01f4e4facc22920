"""Repairing a damaged diary: a new file with every entry that can still be read.

The damaged file and its -wal are only ever read (from a scratch copy) and then
renamed aside; hfs_tui/diary/health.py decides when a repair is offered.

Every readable entry is kept exactly as it was saved: no check against the clock
(after travelling west, or a clock put back, entries can be "in the future").
"""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from hfs_tui.diary.copies import private_copy, unused_name
from hfs_tui.diary.models import DiaryError, Entry, InvalidEntry, validate
from hfs_tui.diary.opening import default_path
from hfs_tui.diary.rows import SELECT, from_row

ID_STEP = 256
BLIND_PROBE_IDS = 100_000
"""How far to look for entries when the table cannot say its highest id."""


@dataclass
class Rescue:
    """What could be read from a damaged diary."""

    entries: list[Entry]
    unreadable: int = 0
    """Rows that were found but could not be read as entries."""
    complete: bool = True
    """False when some part of the table could not be read at all: how many entries
    it held cannot be known."""

    @property
    def lost(self) -> int | None:
        """Entries that could not be read; None when that number cannot be known."""
        return self.unreadable if self.complete else None


def repair(path: Path | None = None) -> tuple[Path, int, int | None]:
    """Start a fresh diary from a damaged one: (where the old file went, saved, lost).

    `lost` is None when it cannot be known (part of the file is unreadable). Every
    row that can still be read (from the file and its -wal, where the newest saves
    may be after a crash) is written to a new diary under a temporary name; only when
    that is complete is the old file renamed aside (kept, never deleted or changed)
    and the new one moved into its place.
    """
    path = Path(path) if path else default_path()
    if not path.exists():
        raise DiaryError(f"There is no diary at {path} to repair")
    from hfs_tui.diary.store import Diary  # here: store re-exports this module's repair

    rescue = _read_what_survives(path)
    kept = _keepable(rescue)
    fresh = unused_name(path, "repairing")
    try:
        with Diary.open(fresh) as diary:
            diary.add_many(kept, future_margin=None)
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
    return aside, len(kept), rescue.lost


def _keepable(rescue: Rescue) -> list[Entry]:
    """The rescued entries the diary's rules accept (any date: no clock check), oldest
    first; the others count as unreadable (a damaged page can garble a row)."""
    kept = []
    for entry in sorted(rescue.entries, key=lambda e: (e.at, e.id or 0)):
        try:
            kept.append(validate(replace(entry, id=None), future_margin=None))
        except InvalidEntry:
            rescue.unreadable += 1
    return kept


def _read_what_survives(path: Path) -> Rescue:
    """Rows readable from a damaged file and its -wal, never touching either: they are
    copied to a private scratch folder first (SQLite may write beside what it reads)."""
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".repair-") as scratch:
        work = Path(scratch) / path.name
        private_copy(path, work)
        if Path(f"{path}-wal").exists():
            private_copy(Path(f"{path}-wal"), Path(f"{work}-wal"))
        found = _read_rows(f"file:{work}?mode=ro")
    if found is None:  # not readable with its WAL: try the main file alone
        found = _read_rows(f"file:{path}?mode=ro&immutable=1")
    return found or Rescue([], complete=False)


def _read_rows(uri: str) -> Rescue | None:
    """Rows of a damaged database, reading by id ranges to step over bad pages; None
    when it cannot be read as a database at all."""
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        return None
    try:
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            return None  # not readable as a database at all
        return _read_by_id(connection)
    finally:
        connection.close()


def _read_by_id(connection: sqlite3.Connection) -> Rescue:
    rescue = Rescue([])
    try:
        top = connection.execute("SELECT max(id) FROM entries").fetchone()[0] or 0
    except sqlite3.Error:
        # The table's last page is damaged: probe a generous range, and how many
        # entries there were cannot be known.
        top, rescue.complete = BLIND_PROBE_IDS, False
    for start in range(0, top + 1, ID_STEP):
        for row in _rows_between(connection, start, start + ID_STEP, rescue):
            try:
                rescue.entries.append(from_row(row))
            except (ValueError, TypeError):
                rescue.unreadable += 1
    return rescue


def _rows_between(connection: sqlite3.Connection, start: int, stop: int,
                  rescue: Rescue) -> list[tuple]:
    """Live rows with ids from `start` to `stop - 1`; one id at a time when the range
    crosses a bad page. An id that cannot be read may hold an entry or none (ids have
    gaps), so it makes the count of lost entries unknowable rather than one more."""
    try:
        return connection.execute(f"{SELECT} WHERE id >= ? AND id < ? AND deleted_at IS NULL",
                                  (start, stop)).fetchall()
    except sqlite3.Error:
        pass
    rows = []
    for single in range(start, stop):
        try:
            rows += connection.execute(f"{SELECT} WHERE id = ? AND deleted_at IS NULL",
                                       (single,)).fetchall()
        except sqlite3.Error:
            rescue.complete = False
    return rows
