"""The cheap "is this diary usable?" check and the in-app repair, on real files."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hfs_tui.diary import Diary, DiaryError, Entry, health
from hfs_tui.diary import copies as copies_module
from hfs_tui.diary.store import schema_version

NOW = datetime(2025, 6, 15, 18, 30)
PAGE = 4096


def make_diary(path: Path, count: int = 400) -> None:
    with Diary.open(path, clock=lambda: NOW) as diary:
        diary.add_many([Entry(kind="spasm", at=NOW - timedelta(days=n), severity=n % 11,
                              note="n" * 500) for n in range(count)])


def smash_pages(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    data[PAGE * 5: PAGE * 7] = b"\xff" * (PAGE * 2)
    path.write_bytes(bytes(data))
    return bytes(data)


def files_beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def test_a_good_diary_and_no_diary_are_usable(tmp_path):
    path = tmp_path / "diary.sqlite3"
    found = health.check(path)
    assert (found.state, found.usable, found.repairable) == (health.NEW, True, False)
    assert not path.exists()  # checking never creates the file
    make_diary(path, 3)
    found = health.check(path)
    assert (found.state, found.usable, found.message) == (health.OK, True, "")


def test_a_damaged_diary_is_found_and_nothing_is_changed(tmp_path):
    path = tmp_path / "diary.sqlite3"
    make_diary(path)
    damaged = smash_pages(path)
    before = files_beside(path)
    found = health.check(path)
    assert (found.state, found.usable, found.repairable) == (health.DAMAGED, False, True)
    assert "damaged" in found.message and "\n" not in found.message
    assert path.read_bytes() == damaged
    assert files_beside(path) - before <= {"diary.sqlite3-wal", "diary.sqlite3-shm"}
    with pytest.raises(DiaryError, match="damaged"):  # and it agrees with open()
        Diary.open(path)


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "diary.sqlite3"
    path.write_bytes(b"my shopping list\n" * 300)
    found = health.check(path)
    assert found.state == health.DAMAGED and "not a diary database" in found.message
    assert path.read_bytes() == b"my shopping list\n" * 300


def test_a_diary_from_a_newer_version(tmp_path):
    path = tmp_path / "diary.sqlite3"
    make_diary(path, 5)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {schema_version() + 1}")
    connection.close()
    before = path.read_bytes()
    found = health.check(path)
    assert (found.state, found.usable, found.repairable) == (health.NEWER, False, False)
    assert "newer hfs-tui" in found.message and "update hfs-tui" in found.message
    assert path.read_bytes() == before


def test_a_locked_diary_is_not_offered_a_repair(tmp_path, monkeypatch):
    path = tmp_path / "diary.sqlite3"
    make_diary(path, 5)
    monkeypatch.setattr(health.opening, "BUSY_TIMEOUT_SECONDS", 0.1)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("PRAGMA journal_mode = DELETE")
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        found = health.check(path)
        assert (found.state, found.repairable) == (health.LOCKED, False)
        assert "in use by another program" in found.message
        with pytest.raises(DiaryError, match="in use"):
            health.repair(path)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert health.check(path).usable


def test_a_folder_where_the_diary_should_be(tmp_path):
    path = tmp_path / "diary.sqlite3"
    path.mkdir()
    found = health.check(path)
    assert (found.state, found.repairable) == (health.UNREADABLE, False)
    assert "is a folder" in found.message


def test_repair_keeps_the_old_file_and_every_readable_entry(tmp_path):
    path = tmp_path / "diary.sqlite3"
    make_diary(path)
    damaged = smash_pages(path)
    done = health.repair(path)
    assert done.aside.read_bytes() == damaged  # kept byte for byte
    assert 0 < done.kept < 400 and done.lost is None  # how many were lost is unknowable
    assert "some entries could not be read" in done.message
    assert f"Started a new diary with {done.kept} entries" in done.message
    assert str(done.aside) in done.message
    assert health.check(path).state == health.OK
    left = files_beside(path) - {"diary.sqlite3", done.aside.name, "diary.sqlite3-shm",
                                 "diary.sqlite3-wal",
                                 f"{done.aside.name}-shm", f"{done.aside.name}-wal"}
    assert not left  # no scratch copy or half-made diary left behind
    with Diary.open(path) as diary:
        assert diary.count() == done.kept
        assert all(entry.note == "n" * 500 for entry in diary.entries())
    with pytest.raises(DiaryError, match="nothing to repair"):
        health.repair(path)


def test_repair_never_overwrites_an_earlier_copy(tmp_path, monkeypatch):
    path = tmp_path / "diary.sqlite3"
    frozen = datetime(2025, 6, 15, 18, 30, 0)

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return frozen

    monkeypatch.setattr(copies_module, "datetime", Clock)
    copies = []
    for round_number in range(2):  # both repairs in the same second
        path.write_bytes(f"garbage {round_number} ".encode() * 100)
        copies.append(health.repair(path).aside)
    assert copies[0] != copies[1]
    assert copies[0].read_bytes() == b"garbage 0 " * 100
    assert copies[1].read_bytes() == b"garbage 1 " * 100


def test_a_newer_diary_is_not_repaired_or_filed_away_as_damaged(tmp_path):
    """It is fine for the newer hfs-tui that made it: the answer is to update."""
    path = tmp_path / "diary.sqlite3"
    make_diary(path, 12)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {schema_version() + 1}")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(DiaryError, match="update hfs-tui") as refused:
        health.repair(path)
    assert "\n" not in str(refused.value)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_folder_it_cannot_write_to_is_not_called_damaged(tmp_path, monkeypatch):
    path = tmp_path / "diary.sqlite3"
    make_diary(path, 2)
    real_connect = sqlite3.connect

    class NoJournal:
        """What SQLite says when it cannot make the -shm file beside the diary."""

        def __init__(self, *args, **kwargs):
            self.inner = real_connect(*args, **kwargs)

        def execute(self, sql, *args):
            if sql.startswith("PRAGMA user_version"):
                raise sqlite3.OperationalError("unable to open database file")
            return self.inner.execute(sql, *args)

        def close(self):
            self.inner.close()

    monkeypatch.setattr(health.sqlite3, "connect", NoJournal)
    found = health.check(path)
    assert (found.state, found.repairable) == (health.UNREADABLE, False)
    assert "check that you own its folder" in found.message


def test_repair_keeps_saves_that_were_still_in_the_wal(tmp_path):
    """After a crash the newest saves may live only in diary.sqlite3-wal; a repair
    must read them too, not only the main file."""
    path = tmp_path / "diary.sqlite3"
    make_diary(path, 300)  # closed: checkpointed into the main file
    writer = Diary.open(path, clock=lambda: NOW)
    writer._connection.execute("PRAGMA wal_autocheckpoint = 0")
    writer.add_many([Entry(kind="spasm", at=NOW - timedelta(minutes=n), severity=3,
                           note="only in the wal") for n in range(1, 6)])
    # Killed here, as by a power cut: the WAL is left beside the file, not checkpointed.
    wal = Path(f"{path}-wal").read_bytes()
    main = path.read_bytes()
    writer.close()
    path.write_bytes(main)
    Path(f"{path}-wal").write_bytes(wal)
    damaged = smash_pages(path)
    assert health.check(path).state == health.DAMAGED
    with pytest.raises(DiaryError, match="damaged"):
        Diary.open(path)
    # Neither checking nor opening checkpointed the WAL into the damaged file.
    assert path.read_bytes() == damaged and Path(f"{path}-wal").read_bytes() == wal
    done = health.repair(path)
    with Diary.open(path) as diary:
        notes = [entry.note for entry in diary.entries()]
    assert notes.count("only in the wal") == 5, done
    assert Path(f"{done.aside}-wal").read_bytes() == wal  # kept with the old file


def test_repair_keeps_entries_dated_after_the_clock_exactly_as_saved(tmp_path):
    """Saved before flying west (or before a clock was put back): hours ahead now."""
    from hfs_tui.diary import repair as repairing

    path = tmp_path / "diary.sqlite3"
    ahead = datetime.now().replace(microsecond=0) + timedelta(hours=9)
    with Diary.open(path, clock=lambda: ahead + timedelta(minutes=1)) as diary:
        saved = diary.log_spasm(7, at=ahead, note="before the flight")
        diary.log_spasm(2, at=ahead - timedelta(days=3))
    _aside, kept, lost = repairing.repair(path)  # the rescue itself, on a readable file
    assert (kept, lost) == (2, 0)
    with Diary.open(path) as diary:
        rescued = [entry for entry in diary.entries() if entry.note == "before the flight"]
    assert [(e.at, e.severity) for e in rescued] == [(saved.at, 7)]


def entries_root_page(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'entries'").fetchone()[0]
    finally:
        connection.close()


def test_repair_never_makes_up_a_number_of_lost_entries(tmp_path):
    path = tmp_path / "diary.sqlite3"
    make_diary(path, 300)
    root = entries_root_page(path)
    data = bytearray(path.read_bytes())
    data[PAGE * (root - 1): PAGE * root] = b"\x07" * PAGE
    path.write_bytes(bytes(data))
    found = health.check(path)
    assert found.state == health.DAMAGED
    assert found.message.count("\n") == 0 and "Page " not in found.message
    assert "error code" not in found.message and "btree" not in found.message
    done = health.repair(path)
    assert done.lost is None and not re.search(r"\d+ could not be read", done.message)
    if done.kept:
        assert "some entries could not be read" in done.message
    else:
        assert done.message.startswith("No entries could be read from the old diary")
    assert "100096" not in done.message and str(done.aside) in done.message


def test_repair_of_a_truncated_diary_says_nothing_could_be_read(tmp_path):
    path = tmp_path / "diary.sqlite3"
    make_diary(path, 50)
    path.write_bytes(path.read_bytes()[:100])
    done = health.repair(path)
    assert done.kept == 0
    assert done.message == ("No entries could be read from the old diary, so a new, empty "
                            f"diary was started. The old file is kept at {done.aside}.")
    assert done.aside.read_bytes() and len(done.aside.read_bytes()) == 100
