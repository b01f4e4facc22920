"""The diary file's schema versions: each migration takes a file from version N to N+1.

A file's version is SQLite's `PRAGMA user_version`; `migrate` runs the missing steps,
each in its own transaction together with its new version number, so a failing
migration changes nothing and a file is never half upgraded.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable

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

def migrate(connection: sqlite3.Connection, version: int) -> None:
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
