"""The diary's SQLite file: private, durable, versioned, never overwritten when damaged.

Durability: WAL journal with synchronous=FULL, so a save is on disk (the WAL is
fsynced) before `log_spasm()` and friends return; a process killed at any moment
loses nothing it reported as saved (tests/unit/diary/test_diary_durability.py kills a real
process with SIGKILL). Every write is one `BEGIN IMMEDIATE ... COMMIT`.

Safety: the file and its -wal/-shm companions are created 0600 inside a 0700
folder. A damaged file, one from a newer version or one locked by another program
raises `DiaryError` with one line; a damaged file is first copied aside
(diary.sqlite3.corrupt-<time>) and never modified or deleted. To find that out
before the user does any work, and to repair in the app, see hfs_tui/diary/health.py.

The whole history for the diary screen, loaded as needed (newest first, the order
of `recent()`; `kinds` is None for every entry, one kind, or several, e.g. the
values of `LIST_FILTERS`):

    diary.count_rows(kinds)            # how many rows the list has
    diary.page(offset, limit, kinds)   # those rows, newest first
    diary.row_of_entry(entry_id, kinds)  # where an entry is (after a save or edit)
    diary.row_of_date(day, kinds)      # newest row on or before a day (jump to date)

Each is one or two indexed queries: about 0.2 to 0.5 ms with ten years (3,771
entries) on this machine, wherever in the history the page is.

The parts are in modules of their own: opening.py (the checks before and after
SQLite opens the file), migrations.py (schema versions), rows.py (an entry as a row),
queries.py (the WHERE conditions), copies.py (copies kept aside) and repair.py.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from hfs_tui.diary import health
from hfs_tui.diary.copies import keep_copy
from hfs_tui.diary.migrations import MIGRATIONS, migrate, schema_version
from hfs_tui.diary.models import (
    FUTURE_TOLERANCE,
    DiaryError,
    Entry,
    InvalidEntry,
    to_local_naive,
    validate,
)
from hfs_tui.diary.opening import (
    BUSY_TIMEOUT_SECONDS,
    FILE_NAME,
    SQLITE_MAGIC,
    check_and_upgrade,
    damaged,
    default_path,
    make_private,
    prepare_file,
    problem_message,
)
from hfs_tui.diary.queries import LIST_FILTERS, KindFilter, day_after, kinds_filter, live_filter
from hfs_tui.diary.repair import repair
from hfs_tui.diary.rows import LIST_SEPARATOR, SELECT, TIME_FORMAT, from_row, split_list, to_row

# What callers import from here; each lives in the module named beside it.
__all__ = [
    "BUSY_TIMEOUT_SECONDS",  # opening
    "FILE_NAME",  # opening
    "LIST_FILTERS",  # queries
    "LIST_SEPARATOR",  # rows
    "MIGRATIONS",  # migrations
    "SQLITE_MAGIC",  # opening
    "TIME_FORMAT",  # rows
    "Diary",
    "KindFilter",  # queries
    "default_path",  # opening
    "keep_copy",  # copies
    "migrate",  # migrations
    "repair",  # repair
    "schema_version",  # migrations
    "split_list",  # rows
]


SQLITE_MAX_INTEGER = 2**63 - 1


def sql_limit(n: int) -> int:
    """A count SQLite accepts: 0 and up, and no bigger than its largest integer
    (a bigger Python int would raise OverflowError, not mean "all of them")."""
    return max(0, min(n, SQLITE_MAX_INTEGER))


# --- the diary ------------------------------------------------------------------------


class Diary:
    """One open diary file. Thread-safe: the UI writes from worker threads."""

    def __init__(self, connection: sqlite3.Connection, path: Path,
                 clock: Callable[[], datetime] | None = None) -> None:
        self._connection = connection
        self._lock = threading.RLock()
        self.path = path
        self.clock = clock or datetime.now

    # opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *,
             clock: Callable[[], datetime] | None = None) -> Diary:
        """Open (creating if needed) the diary; raises DiaryError with one line."""
        path = Path(path) if path else default_path()
        prepare_file(path)
        make_private(path)  # before reading: companions left read-only block it
        if path.stat().st_size:
            # Checked read-only first: a read-write connection to a damaged file would
            # checkpoint its -wal into it on closing, changing the file.
            found = health.check(path)
            if found.state == health.DAMAGED:
                raise damaged(path, found.why)
            if not found.usable:
                raise DiaryError(found.message)
        try:
            connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS,
                                         isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise DiaryError(f"Cannot open the diary {path}: {error}") from None
        try:
            check_and_upgrade(connection, path)
        except BaseException:
            connection.close()
            raise
        make_private(path)
        return cls(connection, path, clock)

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # writing ------------------------------------------------------------------------

    def add(self, entry: Entry) -> Entry:
        """Validate and save one entry; when this returns, the entry is on disk."""
        return self.add_many([entry])[0]

    def add_many(self, entries: Iterable[Entry], *,
                 future_margin: timedelta | None = FUTURE_TOLERANCE) -> list[Entry]:
        """Save several entries in one transaction: all of them, or none. Entries may be
        up to `future_margin` ahead of the clock (None: any time, for a repair)."""
        now = self.clock()
        checked = [validate(entry, now, future_margin) for entry in entries]
        stamp = to_local_naive(now).strftime(TIME_FORMAT)
        saved = []
        with self._write() as connection:
            for entry in checked:
                row = to_row(entry)
                row.update(created_at=stamp, updated_at=stamp)
                names = ", ".join(row)
                marks = ", ".join(f":{name}" for name in row)
                cursor = connection.execute(
                    f"INSERT INTO entries ({names}) VALUES ({marks})", row)
                saved.append(replace(entry, id=cursor.lastrowid))
        return saved

    def log_spasm(self, severity: int, at: datetime | None = None,
                  parts: Iterable[str] = (), triggers: Iterable[str] = (),
                  note: str = "") -> Entry:
        return self.add(Entry(kind="spasm", at=at or self.clock(), severity=severity,
                              parts=tuple(parts), triggers=tuple(triggers), note=note))

    def log_session(self, exercise_id: str, title: str, planned_seconds: int,
                    actual_seconds: int, completed: bool,
                    at: datetime | None = None) -> Entry:
        return self.add(Entry(kind="session", at=at or self.clock(), exercise_id=exercise_id,
                              name=title, planned_seconds=planned_seconds,
                              actual_seconds=actual_seconds, completed=completed))

    def log_injection(self, at: datetime | None = None, units: float | None = None,
                      sites: str = "", clinic: str = "", note: str = "") -> Entry:
        return self.add(Entry(kind="injection", at=at or self.clock(), units=units,
                              sites=sites, clinic=clinic, note=note))

    def update(self, entry: Entry) -> Entry:
        """Replace an existing entry's content (same id)."""
        if entry.id is None:
            raise InvalidEntry("cannot update an entry that was never saved")
        checked = validate(entry, self.clock())
        row = to_row(checked)
        row.update(id=entry.id, updated_at=to_local_naive(self.clock()).strftime(TIME_FORMAT))
        assignments = ", ".join(f"{name} = :{name}" for name in row if name != "id")
        with self._write() as connection:
            cursor = connection.execute(
                f"UPDATE entries SET {assignments} WHERE id = :id AND deleted_at IS NULL", row)
            if cursor.rowcount != 1:
                raise DiaryError(f"entry {entry.id} is not in the diary (deleted?)")
        return checked

    def delete(self, entry_id: int) -> Entry:
        """Delete an entry. Only the most recent delete can be undone, so the one
        before it is erased for good now (secure_delete overwrites its bytes)."""
        with self._write() as connection:
            row = connection.execute(f"{SELECT} WHERE id = ? AND deleted_at IS NULL",
                                     (entry_id,)).fetchone()
            if row is None:
                raise DiaryError(f"entry {entry_id} is not in the diary")
            connection.execute("DELETE FROM entries WHERE deleted_at IS NOT NULL")
            stamp = to_local_naive(self.clock()).strftime(TIME_FORMAT)
            connection.execute("UPDATE entries SET deleted_at = ? WHERE id = ?",
                               (stamp, entry_id))
        return from_row(row)

    def discard(self, entry_id: int) -> Entry:
        """Take back an entry just added (the Undo of its "Saved" box): erased for good,
        as if never saved. Unlike delete(), the entry deleted before it can still be
        brought back with undo_delete()."""
        with self._write() as connection:
            row = connection.execute(f"{SELECT} WHERE id = ? AND deleted_at IS NULL",
                                     (entry_id,)).fetchone()
            if row is None:
                raise DiaryError(f"entry {entry_id} is not in the diary")
            connection.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
        return from_row(row)

    def undo_delete(self) -> Entry | None:
        """Bring back the last deleted entry; None when there is nothing to undo."""
        with self._write() as connection:
            row = connection.execute(
                f"{SELECT} WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            connection.execute("UPDATE entries SET deleted_at = NULL WHERE id = ?", (row[0],))
        return from_row(row)

    def check_can_save(self) -> None:
        """Raise DiaryError (naming what is read-only, or full) unless a save would work:
        a real write, rolled back, since SQLite only finds some read-only files then."""
        with self._lock:
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                connection.execute(f"PRAGMA user_version = {version:d}")
            except sqlite3.DatabaseError as error:
                raise DiaryError(problem_message(self.path, error, saving=True)) from None
            finally:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")

    def can_undo(self) -> bool:
        return self._scalar("SELECT count(*) FROM entries WHERE deleted_at IS NOT NULL") > 0

    # reading ------------------------------------------------------------------------

    def get(self, entry_id: int) -> Entry | None:
        rows = self._query(f"{SELECT} WHERE id = ? AND deleted_at IS NULL", (entry_id,))
        return rows[0] if rows else None

    def recent(self, n: int = 20) -> list[Entry]:
        """The newest `n` entries, newest first."""
        return self._query(f"{SELECT} WHERE deleted_at IS NULL ORDER BY at DESC, id DESC "
                           "LIMIT ?", (sql_limit(n),))

    def entries(self, kind: str | None = None, since: date | None = None,
                until: date | None = None) -> list[Entry]:
        """Entries oldest first, optionally of one kind and within dates (inclusive)."""
        where, params = live_filter(kind, since, until)
        return self._query(f"{SELECT} WHERE {where} ORDER BY at, id", params)

    def recent_of_kind(self, kind: str, n: int) -> list[Entry]:
        """The newest `n` entries of one kind, oldest first."""
        rows = self._query(f"{SELECT} WHERE deleted_at IS NULL AND kind = ? "
                           "ORDER BY at DESC, id DESC LIMIT ?", (kind, sql_limit(n)))
        return rows[::-1]

    def count(self, kind: str | None = None) -> int:
        if kind:
            return self._scalar("SELECT count(*) FROM entries WHERE deleted_at IS NULL "
                                "AND kind = ?", (kind,))
        return self._scalar("SELECT count(*) FROM entries WHERE deleted_at IS NULL")

    def daily_severity(self, since: date | None = None,
                       until: date | None = None) -> list[tuple[date, float, int]]:
        """(day, average rating, number of ratings) for each day with ratings, oldest first."""
        where, params = live_filter("spasm", since, until)
        rows = self._rows(
            f"SELECT substr(at, 1, 10) AS day, avg(severity), count(*) FROM entries "
            f"WHERE {where} GROUP BY day ORDER BY day", params)
        return [(date.fromisoformat(day), average, count) for day, average, count in rows]

    def daily_totals(self, since: date | None = None,
                     until: date | None = None) -> list[tuple[date, int, int]]:
        """(day, sum of ratings, number of ratings) for each rated day, oldest first:
        whole numbers, so every average built from them is exact (diary/figures.py)."""
        where, params = live_filter("spasm", since, until)
        rows = self._rows(
            f"SELECT substr(at, 1, 10) AS day, sum(severity), count(*) FROM entries "
            f"WHERE {where} GROUP BY day ORDER BY day", params)
        return [(date.fromisoformat(day), total, count) for day, total, count in rows]

    def weekly_severity(self, since: date | None = None,
                        until: date | None = None) -> list[tuple[date, float, int]]:
        """(Monday of the week, average rating, number of ratings), oldest first."""
        where, params = live_filter("spasm", since, until)
        rows = self._rows(
            "SELECT date(substr(at, 1, 10), '-6 days', 'weekday 1') AS week, avg(severity), "
            f"count(*) FROM entries WHERE {where} GROUP BY week ORDER BY week",
            params)
        return [(date.fromisoformat(week), average, count) for week, average, count in rows]

    # the whole history, a page at a time (for the diary screen) -------------------
    # Display order is newest first: `at DESC, id DESC`, the same as `recent()`.
    # Every query below is answered from the partial indexes entries_at and
    # entries_kind_at (tests/unit/diary/test_diary_store.py checks the query plans), so ten years
    # (4,000 entries) take well under a millisecond each (bench/bench_diary.py).

    def count_rows(self, kinds: KindFilter = None) -> int:
        """How many entries the list shows: all of them, or only `kinds`."""
        where, params = kinds_filter(kinds)
        return self._scalar(f"SELECT count(*) FROM entries WHERE {where}", params)

    def page(self, offset: int, limit: int, kinds: KindFilter = None) -> list[Entry]:
        """Rows `offset` to `offset + limit - 1` of the list, newest first."""
        where, params = kinds_filter(kinds)
        return self._query(f"{SELECT} WHERE {where} ORDER BY at DESC, id DESC "
                           "LIMIT ? OFFSET ?", (*params, sql_limit(limit), sql_limit(offset)))

    def row_of_entry(self, entry_id: int, kinds: KindFilter = None) -> int | None:
        """The row (0 = newest) where entry `entry_id` is listed; None when it is not
        in the list (deleted, or not one of `kinds`)."""
        where, params = kinds_filter(kinds)
        found = self._rows(f"SELECT at FROM entries WHERE {where} AND id = ?",
                           (*params, entry_id))
        if not found:
            return None
        at = found[0][0]
        newer = self._scalar(f"SELECT count(*) FROM entries WHERE {where} AND at > ?",
                             (*params, at))
        same_time_newer = self._scalar(
            f"SELECT count(*) FROM entries WHERE {where} AND at = ? AND id > ?",
            (*params, at, entry_id))
        return newer + same_time_newer

    def row_of_date(self, day: date, kinds: KindFilter = None) -> int | None:
        """The row of the newest entry on or before `day` (jump to a date). A day before
        the first entry gives the oldest row; None when the list is empty."""
        total = self.count_rows(kinds)
        if not total:
            return None
        where, params = kinds_filter(kinds)
        later = self._scalar(f"SELECT count(*) FROM entries WHERE {where} AND at >= ?",
                             (*params, day_after(day)))
        return min(later, total - 1)

    def first_and_last(self) -> tuple[datetime, datetime] | None:
        row = self._rows("SELECT min(at), max(at) FROM entries WHERE deleted_at IS NULL")[0]
        if row[0] is None:
            return None
        return datetime.fromisoformat(row[0]), datetime.fromisoformat(row[1])

    def version(self) -> int:
        return self._scalar("PRAGMA user_version")

    # plumbing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise DiaryError(problem_message(self.path, error, saving=True)) from None
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException as error:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
                if isinstance(error, sqlite3.OperationalError):
                    raise DiaryError(problem_message(self.path, error, saving=True)) from None
                if isinstance(error, sqlite3.DatabaseError):
                    raise DiaryError(f"Could not save to the diary {self.path}: {error}; "
                                     "nothing was changed") from None
                raise

    def _rows(self, sql: str, params: Iterable = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._connection.execute(sql, tuple(params)).fetchall()
            except sqlite3.OperationalError as error:
                raise DiaryError(problem_message(self.path, error, saving=False)) from None
            except sqlite3.DatabaseError as error:
                raise DiaryError(f"Could not read the diary {self.path}: {error}") from None

    def _query(self, sql: str, params: Iterable = ()) -> list[Entry]:
        return [from_row(row) for row in self._rows(sql, params)]

    def _scalar(self, sql: str, params: Iterable = ()) -> int:
        value: int = self._rows(sql, params)[0][0]  # count(*) or a PRAGMA's number
        return value
