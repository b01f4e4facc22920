"""The diary's SQLite file: private, durable, versioned, never overwritten when damaged.

Durability: WAL journal with synchronous=FULL, so a save is on disk (the WAL is
fsynced) before `log_spasm()` and friends return; a process killed at any moment
loses nothing it reported as saved (tests/test_diary_durability.py kills a real
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
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from hfs_tui import paths
from hfs_tui.diary.models import (
    KINDS,
    DiaryError,
    Entry,
    InvalidEntry,
    to_local_naive,
    validate,
)

FILE_NAME = "diary.sqlite3"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 3.0
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


def default_path() -> Path:
    return paths.data_dir() / FILE_NAME


# --- schema ---------------------------------------------------------------------------
# Each migration takes the file from version N to N+1 inside one transaction, together
# with `PRAGMA user_version = N+1`. Never edit a released migration: append a new one.

_MIGRATION_1 = """
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN
        ('spasm', 'injection', 'medicine', 'surgery', 'side_effect', 'session')),
    at TEXT NOT NULL,
    severity INTEGER CHECK (severity BETWEEN 0 AND 10),
    parts TEXT NOT NULL DEFAULT '',
    triggers TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    dose TEXT NOT NULL DEFAULT '',
    units REAL,
    sites TEXT NOT NULL DEFAULT '',
    clinic TEXT NOT NULL DEFAULT '',
    end_at TEXT,
    exercise_id TEXT NOT NULL DEFAULT '',
    planned_seconds INTEGER,
    actual_seconds INTEGER,
    completed INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX entries_at ON entries (at) WHERE deleted_at IS NULL;
CREATE INDEX entries_kind_at ON entries (kind, at) WHERE deleted_at IS NULL;
"""


def _migrate_to_1(connection: sqlite3.Connection) -> None:
    for statement in _MIGRATION_1.split(";"):
        if statement.strip():
            connection.execute(statement)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_to_1]
"""MIGRATIONS[n] upgrades a file from version n to n + 1."""


def schema_version() -> int:
    return len(MIGRATIONS)


_COLUMNS = ("id", "kind", "at", "severity", "parts", "triggers", "note", "name", "dose",
            "units", "sites", "clinic", "end_at", "exercise_id", "planned_seconds",
            "actual_seconds", "completed")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM entries"
LIST_SEPARATOR = "; "


def _to_row(entry: Entry) -> dict:
    return {
        "kind": entry.kind,
        "at": entry.at.strftime(TIME_FORMAT),
        "severity": entry.severity,
        "parts": LIST_SEPARATOR.join(entry.parts),
        "triggers": LIST_SEPARATOR.join(entry.triggers),
        "note": entry.note,
        "name": entry.name,
        "dose": entry.dose,
        "units": entry.units,
        "sites": entry.sites,
        "clinic": entry.clinic,
        "end_at": entry.end.strftime(TIME_FORMAT) if entry.end else None,
        "exercise_id": entry.exercise_id,
        "planned_seconds": entry.planned_seconds,
        "actual_seconds": entry.actual_seconds,
        "completed": None if entry.completed is None else int(entry.completed),
    }


def split_list(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(";") if item.strip())


def _from_row(row: tuple) -> Entry:
    values = dict(zip(_COLUMNS, row, strict=True))
    return Entry(
        id=values["id"],
        kind=values["kind"],
        at=datetime.fromisoformat(values["at"]),
        severity=values["severity"],
        parts=split_list(values["parts"]),
        triggers=split_list(values["triggers"]),
        note=values["note"],
        name=values["name"],
        dose=values["dose"],
        units=values["units"],
        sites=values["sites"],
        clinic=values["clinic"],
        end=datetime.fromisoformat(values["end_at"]) if values["end_at"] else None,
        exercise_id=values["exercise_id"],
        planned_seconds=values["planned_seconds"],
        actual_seconds=values["actual_seconds"],
        completed=None if values["completed"] is None else bool(values["completed"]),
    )


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
        _prepare_file(path)
        if path.stat().st_size:
            # Checked read-only first: a read-write connection to a damaged file would
            # checkpoint its -wal into it on closing, changing the file.
            from hfs_tui.diary import health  # here: health imports this module

            found = health.check(path)
            if found.state == health.DAMAGED:
                raise _damaged(path, found.reason)
            if not found.usable:
                raise DiaryError(found.message)
        try:
            connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS,
                                         isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise DiaryError(f"Cannot open the diary {path}: {error}") from None
        try:
            _check_and_upgrade(connection, path)
        except BaseException:
            connection.close()
            raise
        _make_private(path)
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

    def add_many(self, entries: Iterable[Entry]) -> list[Entry]:
        """Save several entries in one transaction: all of them, or none."""
        now = self.clock()
        checked = [validate(entry, now) for entry in entries]
        stamp = to_local_naive(now).strftime(TIME_FORMAT)
        saved = []
        with self._write() as connection:
            for entry in checked:
                row = _to_row(entry)
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
        row = _to_row(checked)
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
            row = connection.execute(f"{_SELECT} WHERE id = ? AND deleted_at IS NULL",
                                     (entry_id,)).fetchone()
            if row is None:
                raise DiaryError(f"entry {entry_id} is not in the diary")
            connection.execute("DELETE FROM entries WHERE deleted_at IS NOT NULL")
            stamp = to_local_naive(self.clock()).strftime(TIME_FORMAT)
            connection.execute("UPDATE entries SET deleted_at = ? WHERE id = ?",
                               (stamp, entry_id))
        return _from_row(row)

    def undo_delete(self) -> Entry | None:
        """Bring back the last deleted entry; None when there is nothing to undo."""
        with self._write() as connection:
            row = connection.execute(
                f"{_SELECT} WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            connection.execute("UPDATE entries SET deleted_at = NULL WHERE id = ?", (row[0],))
        return _from_row(row)

    def can_undo(self) -> bool:
        return self._scalar("SELECT count(*) FROM entries WHERE deleted_at IS NOT NULL") > 0

    # reading ------------------------------------------------------------------------

    def get(self, entry_id: int) -> Entry | None:
        rows = self._query(f"{_SELECT} WHERE id = ? AND deleted_at IS NULL", (entry_id,))
        return rows[0] if rows else None

    def recent(self, n: int = 20) -> list[Entry]:
        """The newest `n` entries, newest first."""
        return self._query(f"{_SELECT} WHERE deleted_at IS NULL ORDER BY at DESC, id DESC "
                           "LIMIT ?", (max(0, n),))

    def entries(self, kind: str | None = None, since: date | None = None,
                until: date | None = None) -> list[Entry]:
        """Entries oldest first, optionally of one kind and within dates (inclusive)."""
        where, params = _live_filter(kind, since, until)
        return self._query(f"{_SELECT} WHERE {where} ORDER BY at, id", params)

    def recent_of_kind(self, kind: str, n: int) -> list[Entry]:
        """The newest `n` entries of one kind, oldest first."""
        rows = self._query(f"{_SELECT} WHERE deleted_at IS NULL AND kind = ? "
                           "ORDER BY at DESC, id DESC LIMIT ?", (kind, max(0, n)))
        return rows[::-1]

    def count(self, kind: str | None = None) -> int:
        if kind:
            return self._scalar("SELECT count(*) FROM entries WHERE deleted_at IS NULL "
                                "AND kind = ?", (kind,))
        return self._scalar("SELECT count(*) FROM entries WHERE deleted_at IS NULL")

    def daily_severity(self, since: date | None = None,
                       until: date | None = None) -> list[tuple[date, float, int]]:
        """(day, average rating, number of ratings) for each day with ratings, oldest first."""
        where, params = _live_filter("spasm", since, until)
        rows = self._rows(
            f"SELECT substr(at, 1, 10) AS day, avg(severity), count(*) FROM entries "
            f"WHERE {where} GROUP BY day ORDER BY day", params)
        return [(date.fromisoformat(day), average, count) for day, average, count in rows]

    def daily_totals(self, since: date | None = None,
                     until: date | None = None) -> list[tuple[date, int, int]]:
        """(day, sum of ratings, number of ratings) for each rated day, oldest first:
        whole numbers, so every average built from them is exact (diary/figures.py)."""
        where, params = _live_filter("spasm", since, until)
        rows = self._rows(
            f"SELECT substr(at, 1, 10) AS day, sum(severity), count(*) FROM entries "
            f"WHERE {where} GROUP BY day ORDER BY day", params)
        return [(date.fromisoformat(day), total, count) for day, total, count in rows]

    def weekly_severity(self, since: date | None = None,
                        until: date | None = None) -> list[tuple[date, float, int]]:
        """(Monday of the week, average rating, number of ratings), oldest first."""
        where, params = _live_filter("spasm", since, until)
        rows = self._rows(
            "SELECT date(substr(at, 1, 10), '-6 days', 'weekday 1') AS week, avg(severity), "
            f"count(*) FROM entries WHERE {where} GROUP BY week ORDER BY week",
            params)
        return [(date.fromisoformat(week), average, count) for week, average, count in rows]

    # the whole history, a page at a time (for the diary screen) -------------------
    # Display order is newest first: `at DESC, id DESC`, the same as `recent()`.
    # Every query below is answered from the partial indexes entries_at and
    # entries_kind_at (tests/test_diary_store.py checks the query plans), so ten years
    # (4,000 entries) take well under a millisecond each (bench/bench_diary.py).

    def count_rows(self, kinds: KindFilter = None) -> int:
        """How many entries the list shows: all of them, or only `kinds`."""
        where, params = _kinds_filter(kinds)
        return self._scalar(f"SELECT count(*) FROM entries WHERE {where}", params)

    def page(self, offset: int, limit: int, kinds: KindFilter = None) -> list[Entry]:
        """Rows `offset` to `offset + limit - 1` of the list, newest first."""
        where, params = _kinds_filter(kinds)
        return self._query(f"{_SELECT} WHERE {where} ORDER BY at DESC, id DESC "
                           "LIMIT ? OFFSET ?", (*params, max(0, limit), max(0, offset)))

    def row_of_entry(self, entry_id: int, kinds: KindFilter = None) -> int | None:
        """The row (0 = newest) where entry `entry_id` is listed; None when it is not
        in the list (deleted, or not one of `kinds`)."""
        where, params = _kinds_filter(kinds)
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
        where, params = _kinds_filter(kinds)
        later = self._scalar(f"SELECT count(*) FROM entries WHERE {where} AND at >= ?",
                             (*params, _day_after(day)))
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
                raise DiaryError(_busy_message(self.path, error, saving=True)) from None
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException as error:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
                if isinstance(error, sqlite3.OperationalError):
                    raise DiaryError(_busy_message(self.path, error, saving=True)) from None
                if isinstance(error, sqlite3.DatabaseError):
                    raise DiaryError(f"Could not save to the diary {self.path}: {error}; "
                                     "nothing was changed") from None
                raise

    def _rows(self, sql: str, params: Iterable = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._connection.execute(sql, tuple(params)).fetchall()
            except sqlite3.OperationalError as error:
                raise DiaryError(_busy_message(self.path, error, saving=False)) from None
            except sqlite3.DatabaseError as error:
                raise DiaryError(f"Could not read the diary {self.path}: {error}") from None

    def _query(self, sql: str, params: Iterable = ()) -> list[Entry]:
        return [_from_row(row) for row in self._rows(sql, params)]

    def _scalar(self, sql: str, params: Iterable = ()) -> int:
        return self._rows(sql, params)[0][0]


KindFilter = str | Iterable[str] | None
"""One kind ("spasm"), several (("medicine", "surgery")) or None for every entry."""

LIST_FILTERS: dict[str, tuple[str, ...] | None] = {
    "All entries": None,
    "Ratings": ("spasm",),
    "Injections": ("injection",),
    "Medicines and surgery": ("medicine", "surgery"),
    "Side effects": ("side_effect",),
    "Sessions": ("session",),
}
"""The ways the diary list can be narrowed, in the order to offer them."""


def _kinds_filter(kinds: KindFilter) -> tuple[str, list[str]]:
    """A WHERE condition for live entries of `kinds`; refuses an unknown kind."""
    if kinds is None:
        return "deleted_at IS NULL", []
    chosen = [kinds] if isinstance(kinds, str) else list(dict.fromkeys(kinds))
    unknown = [kind for kind in chosen if kind not in KINDS]
    if unknown or not chosen:
        raise InvalidEntry(f"kind {', '.join(map(repr, unknown)) or 'list is empty'}: "
                           f"use one or more of {', '.join(KINDS)}")
    if len(chosen) == 1:
        return "deleted_at IS NULL AND kind = ?", chosen
    return (f"deleted_at IS NULL AND kind IN ({', '.join('?' * len(chosen))})", chosen)


def _live_filter(kind: str | None, since: date | None,
                 until: date | None) -> tuple[str, list[str]]:
    """A WHERE condition and its parameters: entries not deleted, of one kind (or any),
    between two days (inclusive)."""
    clauses, params = ["deleted_at IS NULL"], []
    if kind:
        clauses.append("kind = ?")
        params.append(kind)
    if since:
        clauses.append("at >= ?")
        params.append(since.isoformat())
    if until:
        clauses.append("at < ?")
        params.append(_day_after(until))
    return " AND ".join(clauses), params


def _day_after(day: date) -> str:
    return date.fromordinal(day.toordinal() + 1).isoformat()


def _busy_message(path: Path, error: sqlite3.Error, saving: bool) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        action = "nothing was saved; try again in a moment" if saving else "try again in a moment"
        return f"The diary {path} is in use by another program ({text}); {action}"
    return f"The diary {path} could not be {'saved' if saving else 'read'}: {text}"


# --- opening safely -------------------------------------------------------------------


def _prepare_file(path: Path) -> None:
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
            raise _damaged(path, "it is not a diary database")
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


def _check_and_upgrade(connection: sqlite3.Connection, path: Path) -> None:
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
        _migrate(connection, version)
    except DiaryError:
        raise
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DiaryError(_busy_message(path, error, saving=False)) from None
        raise _damaged(path, str(error)) from None
    except sqlite3.DatabaseError as error:
        raise _damaged(path, str(error)) from None


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    for target in range(version + 1, schema_version() + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            current = connection.execute("PRAGMA user_version").fetchone()[0]
            if current >= target:  # another process upgraded it meanwhile
                connection.execute("ROLLBACK")
                continue
            MIGRATIONS[target - 1](connection)
            connection.execute(f"PRAGMA user_version = {target:d}")
            connection.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise


def _make_private(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            if candidate.exists() and candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)


def _damaged(path: Path, reason: str) -> DiaryError:
    """Copy the damaged file aside (never touching the original) and explain."""
    try:
        copy = keep_copy(path, "corrupt")
    except OSError as error:
        return DiaryError(f"The diary {path} is damaged ({reason}); it was not changed, "
                          f"but a safety copy failed: {error.strerror or error}")
    return DiaryError(f"The diary {path} is damaged ({reason}). It was not changed; a copy "
                      f"is kept at {copy}. Run 'hfs-tui diary repair' to start a new diary "
                      "with every entry that can be saved")


def keep_copy(path: Path, label: str) -> Path:
    """Copy `path` (and its -wal) to `<path>.<label>-<time>`; an identical copy is reused."""
    digest = _digest(path)
    for existing in sorted(path.parent.glob(f"{path.name}.{label}-*")):
        if not existing.name.endswith(("-wal", "-shm")) and _digest(existing) == digest:
            return existing
    copy = _unused_name(path, label)
    shutil.copyfile(path, copy)
    copy.chmod(0o600)
    wal = Path(f"{path}-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(f"{copy}-wal"))
        Path(f"{copy}-wal").chmod(0o600)
    return copy


def _unused_name(path: Path, label: str) -> Path:
    """`<path>.<label>-<time>`, numbered when taken: nothing is ever overwritten."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while any(Path(f"{candidate}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        counter += 1
        candidate = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")
    return candidate


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


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
    rescued, lost = _read_what_survives(path)
    fresh = _unused_name(path, "repairing")
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
    aside = _unused_name(path, "damaged")
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
                    f"{_SELECT} WHERE id >= ? AND id < ? AND deleted_at IS NULL",
                    (start, start + step)).fetchall()
            except sqlite3.Error:
                rows = []
                for single in range(start, start + step):
                    try:
                        rows += connection.execute(
                            f"{_SELECT} WHERE id = ? AND deleted_at IS NULL",
                            (single,)).fetchall()
                    except sqlite3.Error:
                        lost += 1
            for row in rows:
                try:
                    entries.append(_from_row(row))
                except (ValueError, TypeError):
                    lost += 1
    finally:
        connection.close()
    return entries, lost
