"""Is the diary usable? A cheap check before the user does any work, and the repair.

    health = check(path)          # a few ms, changes nothing, never raises
    if not health.usable:
        show(health.message)      # one line: what is wrong and what to do
        if health.repairable:     # damaged (never for a full disk or a newer version)
            done = repair(path)   # after the user confirms
            show(done.message)    # "Started a new diary with 398 entries ..."

`check()` opens the file read-only in spirit (no copy, no upgrade, no write: the
`-wal`/`-shm` companions SQLite makes are made private) and runs SQLite's
`quick_check`, the same test `Diary.open()` runs, so a file that passes here opens
there. `repair()` is what `hfs-tui diary repair` does: the old file is moved aside
under a new name (never overwritten, never deleted), then every entry that can
still be read and passes the diary's rules goes into a new file; it reports how
many were kept and how many could not be. Both are plain Python: call them from a
worker thread in the UI, with no `Diary` open on that file (close it first).
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from hfs_tui.diary import opening
from hfs_tui.diary import repair as repairing
from hfs_tui.diary.migrations import schema_version
from hfs_tui.diary.models import DiaryError

HealthState = Literal["ok", "new", "damaged", "newer", "locked", "full", "unreadable"]
"""What `check()` found; the names below spell each one."""
OK: Final = "ok"
NEW: Final = "new"
DAMAGED: Final = "damaged"
NEWER: Final = "newer"
LOCKED: Final = "locked"
FULL: Final = "full"
UNREADABLE: Final = "unreadable"


@dataclass(frozen=True)
class Health:
    """What `check()` found. `message` is one plain line ("" when all is well)."""

    state: HealthState
    """OK, NEW (no file yet: it will be made), DAMAGED, NEWER, LOCKED, FULL (the disk)
    or UNREADABLE."""
    path: Path
    message: str = ""
    reason: str = ""
    """For DAMAGED: what SQLite found ("integrity check failed: ..."), for a log; never
    shown, the message says it in plain words."""
    why: str = ""
    """For DAMAGED: the plain words in the message, if any ("it is not a diary database")."""

    @property
    def usable(self) -> bool:
        return self.state in (OK, NEW)

    @property
    def repairable(self) -> bool:
        """True when `repair()` can help: damaged. A newer version's diary is fine for
        that version (update hfs-tui), and a full disk needs space, not a repair."""
        return self.state == DAMAGED


@dataclass(frozen=True)
class Repaired:
    """What `repair()` did."""

    aside: Path
    """Where the old file is now (unchanged, byte for byte)."""
    kept: int
    lost: int | None
    """Entries that could not be read; None when that cannot be known."""
    message: str


class NothingToRepair(DiaryError):
    """The diary opens fine, or there is none yet: the message says which."""


def check(path: Path | None = None) -> Health:
    """Find out, without changing anything, whether the diary can be opened and used."""
    path = Path(path) if path else opening.default_path()
    if path.is_dir():
        return Health(UNREADABLE, path, f"The diary {path} is a folder, not a file; "
                                        "move it away")
    if not path.exists():
        return Health(NEW, path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(opening.SQLITE_MAGIC))
    except OSError as error:
        return Health(UNREADABLE, path, f"Cannot read the diary {path}: "
                                        f"{error.strerror or error}")
    if header and header != opening.SQLITE_MAGIC:
        return _damaged(path, why="it is not a diary database")
    try:
        # Read-only: a read-write connection would checkpoint the -wal into the file
        # when it closes, changing a damaged file and losing what only the WAL holds.
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                     timeout=opening.BUSY_TIMEOUT_SECONDS,
                                     isolation_level=None)
    except sqlite3.Error as error:
        return Health(UNREADABLE, path, f"Cannot open the diary {path}: {error}")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > schema_version():
            return Health(NEWER, path, opening.newer_message(path, version))
        result = connection.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            return _damaged(path, f"integrity check failed: {result}")
        if version and not connection.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'entries'").fetchone():
            return _damaged(path, why="its table of entries is missing")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return Health(LOCKED, path, opening.problem_message(path, error, saving=False))
        if opening.disk_full(path, error):  # not damage: SQLite had no room for its -shm
            return Health(FULL, path, opening.disk_full_message(path))
        if "unable to open" in str(error) or "readonly" in str(error):
            # A folder the diary cannot write its journal to: not damage, no repair.
            return Health(UNREADABLE, path, f"Cannot open the diary {path} ({error}); "
                                            "check that you own its folder")
        return _damaged(path, str(error))
    except sqlite3.DatabaseError as error:
        return _damaged(path, str(error))
    finally:
        with contextlib.suppress(sqlite3.Error):
            connection.close()
        opening.make_private(path)
    return Health(OK, path)


def _damaged(path: Path, detail: str = "", why: str = "") -> Health:
    """One plain line; SQLite's own words (`detail`) are kept in `reason`, not shown."""
    what = f"The diary {path} is damaged" + (f" ({why})" if why else "")
    return Health(DAMAGED, path, (
        f"{what}. Nothing was changed. Repair starts a new diary with every entry that "
        "can be read and keeps the old file"), detail or why, why)


def repair(path: Path | None = None) -> Repaired:
    """Keep the old file aside and start a new diary with every readable entry.

    Refuses with one line when the diary is fine or missing (NothingToRepair), or is
    from a newer version, locked by another program, on a full disk or not a file
    (DiaryError): only a damaged diary is repaired.
    """
    health = check(path)
    if health.state == NEW:
        raise NothingToRepair(f"There is no diary yet at {health.path}; nothing to repair")
    if health.usable:
        raise NothingToRepair(f"The diary {health.path} opens fine; nothing to repair")
    if not health.repairable:
        raise DiaryError(health.message)
    try:
        aside, kept, lost = repairing.repair(health.path)
    except OSError as error:
        if opening.disk_full(health.path, error):
            raise DiaryError(opening.disk_full_message(health.path)) from None
        raise DiaryError(f"The diary {health.path} was not repaired: "
                         f"{error.strerror or error}. Nothing was changed") from None
    return Repaired(aside, kept, lost, repaired_message(aside, kept, lost))


def repaired_message(aside: Path, kept: int, lost: int | None) -> str:
    """What a repair did, in numbers that are true: none made up when unknowable."""
    if not kept:
        return ("No entries could be read from the old diary, so a new, empty diary was "
                f"started. The old file is kept at {aside}.")
    if lost is None:
        missing = "; some entries could not be read"
    else:
        missing = f" ({lost} could not be read)" if lost else ""
    return (f"Started a new diary with {kept} {'entry' if kept == 1 else 'entries'} from "
            f"the old one{missing}. The old file is kept at {aside}.")
