"""The diary's SQLite store: saving, reading, privacy, migrations and damaged files."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hfs_tui.diary import Diary, DiaryError, Entry, InvalidEntry
from hfs_tui.diary import migrations as migrations_module
from hfs_tui.diary import store as store_module
from hfs_tui.diary.doctor import checks as diary_checks
from hfs_tui.diary.store import MIGRATIONS, schema_version

NOW = datetime(2025, 6, 15, 18, 30, 0)


def open_diary(path: Path) -> Diary:
    return Diary.open(path, clock=lambda: NOW)


@pytest.fixture
def diary_path(tmp_path: Path) -> Path:
    return tmp_path / "private" / "diary.sqlite3"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_default_location_is_the_data_folder(private_folders):
    with Diary.open() as diary:
        diary.log_spasm(4)
        assert diary.path == private_folders["data"] / "diary.sqlite3"
    assert (private_folders["data"] / "diary.sqlite3").exists()


def test_new_diary_is_private_and_uses_wal(diary_path):
    with open_diary(diary_path) as diary:
        diary.log_spasm(3)
        assert mode(diary_path) == 0o600
        assert mode(diary_path.parent) == 0o700
        for companion in ("-wal", "-shm"):
            companion_path = Path(f"{diary_path}{companion}")
            assert companion_path.exists()
            assert mode(companion_path) == 0o600
        connection = sqlite3.connect(diary_path)
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] == schema_version()
        connection.close()


def test_loose_permissions_on_an_existing_file_are_tightened(diary_path):
    open_diary(diary_path).close()
    diary_path.chmod(0o644)
    open_diary(diary_path).close()
    assert mode(diary_path) == 0o600


def test_log_and_read_back(diary_path):
    with open_diary(diary_path) as diary:
        first = diary.log_spasm(7, at=NOW - timedelta(hours=2), parts=["Cheek", "eye"],
                                triggers=["tired", "bright light"], note="after work")
        second = diary.log_spasm(2)
        session = diary.log_session("box-breathing", "Box breathing", 300, 240, False)
        assert first.parts == ("eye", "cheek")  # known order, lower case
        assert diary.get(first.id) == first
        assert [entry.id for entry in diary.recent(2)] == [session.id, second.id]
        assert diary.count() == 3
        assert diary.count("spasm") == 2
    with open_diary(diary_path) as reopened:
        assert reopened.get(first.id) == first
        assert reopened.get(session.id).completed is False
        assert reopened.get(session.id).actual_seconds == 240


@pytest.mark.parametrize("note", [
    "Twitching 😖 around the eye 👁️",
    "עין שמאל מתכווצת",  # Hebrew, right to left
    "e\u0301 combining accent, Z\u0351\u0333algo",
    "line one\nline two\ttabbed\r\nwindows line",
    "=SUM(A1:A9) and '@quote",
    "x" * 2000,
])
def test_odd_text_round_trips_exactly(diary_path, note):
    with open_diary(diary_path) as diary:
        saved = diary.log_spasm(5, note=note, triggers=["🌞 sunshine", "ﾃｽﾄ"])
    with open_diary(diary_path) as diary:
        assert diary.get(saved.id).note == note
        assert diary.get(saved.id).triggers == ("🌞 sunshine", "ﾃｽﾄ")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"severity": 11}, "severity 11 is out of range"),
    ({"severity": -1}, "severity -1 is out of range"),
    ({"severity": 5, "at": NOW + timedelta(days=1)}, "is in the future"),
    ({"severity": 5, "note": "x" * 1_000_000}, "note is too long: 1000000 characters"),
    ({"severity": 5, "note": "nul\x00byte"}, "control character (U+0000) at character 4"),
    ({"severity": 5, "note": "escape \x1b[31m"}, "control character (U+001B)"),
    ({"severity": 5, "note": "broken \ud800"}, "broken character (U+D800)"),
    ({"severity": 5, "parts": ["nose"]}, "part 'nose' is unknown"),
    ({"severity": 5, "triggers": ["a;b"]}, "may not contain ';'"),
    ({"severity": 5, "at": datetime(1850, 1, 1)}, "too long ago"),
])
def test_bad_input_is_refused_with_a_clear_message(diary_path, kwargs, message):
    with open_diary(diary_path) as diary:
        with pytest.raises(InvalidEntry) as caught:
            diary.log_spasm(**kwargs)
        assert message in str(caught.value)
        assert "\n" not in str(caught.value)
        assert diary.count() == 0


def test_other_kinds_validate_their_own_fields(diary_path):
    with open_diary(diary_path) as diary:
        injection = diary.log_injection(at=NOW - timedelta(days=3), units=25, sites="eye",
                                        clinic="Neuro clinic")
        assert injection.units == 25.0
        with pytest.raises(InvalidEntry, match="units 0 is out of range"):
            diary.log_injection(units=0)
        with pytest.raises(InvalidEntry, match="needs a name"):
            diary.add(Entry(kind="medicine", at=NOW))
        with pytest.raises(InvalidEntry, match="before the start"):
            diary.add(Entry(kind="side_effect", at=NOW, name="double vision",
                            end=NOW - timedelta(days=2)))
        with pytest.raises(InvalidEntry, match="only applies to spasm"):
            diary.add(Entry(kind="surgery", at=NOW, severity=3))
        effect = diary.add(Entry(kind="side_effect", at=NOW - timedelta(days=5),
                                 name="drooping eyelid", end=NOW - timedelta(days=1)))
        assert diary.get(effect.id) == effect


def test_aware_times_are_stored_as_local_wall_clock(diary_path):
    aware = datetime(2025, 6, 1, 12, 0, 30, 999, tzinfo=datetime.now().astimezone().tzinfo)
    with open_diary(diary_path) as diary:
        saved = diary.log_spasm(3, at=aware)
        assert saved.at == datetime(2025, 6, 1, 12, 0, 30)
        assert diary.get(saved.id).at == saved.at


def test_taking_back_an_entry_just_saved_leaves_an_earlier_delete_undoable(diary_path):
    with open_diary(diary_path) as diary:
        kept = diary.log_spasm(3, at=NOW - timedelta(hours=3))
        diary.delete(kept.id)
        mistake = diary.log_spasm(9, at=NOW)
        assert diary.discard(mistake.id) == mistake
        assert diary.get(mistake.id) is None
        assert diary.undo_delete() == kept  # delete() would have erased it for good
        assert diary.undo_delete() is None  # and the mistake is not in the bin either
        assert [entry.id for entry in diary.entries()] == [kept.id]
        with pytest.raises(DiaryError, match="not in the diary"):
            diary.discard(mistake.id)


def test_edit_delete_and_undo(diary_path):
    with open_diary(diary_path) as diary:
        first = diary.log_spasm(3, at=NOW - timedelta(hours=3))
        second = diary.log_spasm(6, at=NOW - timedelta(hours=2))
        changed = diary.update(Entry(**{**first.__dict__, "severity": 4, "note": "edited"}))
        assert diary.get(first.id).severity == 4
        assert diary.get(first.id) == changed

        assert diary.delete(first.id) == changed
        assert diary.get(first.id) is None
        assert diary.can_undo()
        diary.delete(second.id)  # the earlier delete is now final
        assert diary.undo_delete() == second
        assert diary.undo_delete() is None
        assert [entry.id for entry in diary.entries()] == [second.id]
        with pytest.raises(DiaryError, match="not in the diary"):
            diary.delete(first.id)
        with pytest.raises(DiaryError, match="not in the diary"):
            diary.update(changed)


def test_deleted_entries_are_not_exported_or_counted(diary_path):
    with open_diary(diary_path) as diary:
        kept = diary.log_spasm(3)
        gone = diary.log_spasm(9)
        diary.delete(gone.id)
        assert diary.entries() == [kept]
        assert diary.daily_severity()[0][1] == 3
        assert diary.recent(10) == [kept]


def test_add_many_is_all_or_nothing(diary_path):
    with open_diary(diary_path) as diary:
        good = Entry(kind="spasm", at=NOW, severity=2)
        bad = Entry(kind="spasm", at=NOW, severity=12)
        with pytest.raises(InvalidEntry):
            diary.add_many([good, bad])
        assert diary.count() == 0


def test_daily_and_weekly_averages_come_from_sql(diary_path):
    with open_diary(diary_path) as diary:
        diary.log_spasm(2, at=datetime(2025, 6, 9, 8))   # Monday
        diary.log_spasm(6, at=datetime(2025, 6, 9, 20))
        diary.log_spasm(7, at=datetime(2025, 6, 15, 9))  # Sunday, same week
        diary.log_spasm(1, at=datetime(2025, 6, 8, 9))   # Sunday, week before
        daily = diary.daily_severity()
        assert [(day.isoformat(), average, count) for day, average, count in daily] == [
            ("2025-06-08", 1.0, 1), ("2025-06-09", 4.0, 2), ("2025-06-15", 7.0, 1)]
        weekly = diary.weekly_severity()
        assert [(week.isoformat(), average, count) for week, average, count in weekly] == [
            ("2025-06-02", 1.0, 1), ("2025-06-09", 5.0, 3)]


# --- migrations ------------------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN
        ('spasm', 'injection', 'medicine', 'surgery', 'side_effect', 'session')),
    at TEXT NOT NULL, severity INTEGER CHECK (severity BETWEEN 0 AND 10),
    parts TEXT NOT NULL DEFAULT '', triggers TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '',
    dose TEXT NOT NULL DEFAULT '', units REAL, sites TEXT NOT NULL DEFAULT '',
    clinic TEXT NOT NULL DEFAULT '', end_at TEXT, exercise_id TEXT NOT NULL DEFAULT '',
    planned_seconds INTEGER, actual_seconds INTEGER, completed INTEGER,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT
);
CREATE INDEX entries_at ON entries (at) WHERE deleted_at IS NULL;
CREATE INDEX entries_kind_at ON entries (kind, at) WHERE deleted_at IS NULL;
INSERT INTO entries (kind, at, severity, parts, triggers, note, created_at, updated_at)
VALUES ('spasm', '2024-01-02T09:15:00', 6, 'eye; jaw', 'stressed', 'first v1 entry',
        '2024-01-02T09:15:00', '2024-01-02T09:15:00');
INSERT INTO entries (kind, at, units, clinic, created_at, updated_at)
VALUES ('injection', '2024-01-10T11:00:00', 20, 'Clinic', '2024-01-10T11:00:00',
        '2024-01-10T11:00:00');
PRAGMA user_version = 1;
"""


def make_v1_file(path: Path) -> None:
    """A version-1 diary written by hand, as an older hfs-tui would have left it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.executescript(V1_SCHEMA)
    connection.close()


def test_a_v1_file_opens_and_keeps_its_entries(diary_path):
    make_v1_file(diary_path)
    with open_diary(diary_path) as diary:
        assert diary.version() == schema_version()
        spasm, injection = diary.entries()
        assert spasm.severity == 6 and spasm.parts == ("eye", "jaw")
        assert spasm.triggers == ("stressed",) and spasm.note == "first v1 entry"
        assert injection.units == 20.0 and injection.clinic == "Clinic"
        diary.log_spasm(2)
        assert diary.count() == 3


def test_a_later_migration_upgrades_a_v1_file_in_one_step(diary_path, monkeypatch):
    """The structure for more: a migration 2 runs once, atomically, on a v1 file."""
    make_v1_file(diary_path)

    def add_mood_column(connection: sqlite3.Connection) -> None:
        connection.execute("ALTER TABLE entries ADD COLUMN mood TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(migrations_module, "MIGRATIONS", [*MIGRATIONS, add_mood_column])
    with open_diary(diary_path) as diary:
        assert diary.version() == 2
        assert diary.count() == 2
    connection = sqlite3.connect(diary_path)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(entries)")]
    connection.close()
    assert "mood" in columns
    with open_diary(diary_path) as diary:  # runs nothing the second time
        assert diary.version() == 2


def test_a_failing_migration_changes_nothing(diary_path, monkeypatch):
    make_v1_file(diary_path)

    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("ALTER TABLE entries ADD COLUMN half_done TEXT")
        connection.execute("THIS IS NOT SQL")

    monkeypatch.setattr(migrations_module, "MIGRATIONS", [*MIGRATIONS, broken])
    with pytest.raises(DiaryError):
        open_diary(diary_path)
    connection = sqlite3.connect(diary_path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [row[1] for row in connection.execute("PRAGMA table_info(entries)")]
    connection.close()
    assert "half_done" not in columns


def test_a_diary_from_a_newer_version_is_refused_and_not_touched(diary_path):
    make_v1_file(diary_path)
    connection = sqlite3.connect(diary_path)
    connection.execute(f"PRAGMA user_version = {schema_version() + 5}")
    connection.close()
    before = diary_path.read_bytes()
    with pytest.raises(DiaryError) as caught:
        open_diary(diary_path)
    message = str(caught.value)
    assert "newer hfs-tui" in message and "\n" not in message
    assert diary_path.read_bytes() == before
    assert not list(diary_path.parent.glob("*.corrupt-*"))


# --- damaged and locked files -----------------------------------------------------------


def test_a_file_that_is_not_a_database_is_kept_and_copied_aside(diary_path):
    diary_path.parent.mkdir(parents=True)
    garbage = b"these are not the bytes of a database\n" * 100
    diary_path.write_bytes(garbage)
    with pytest.raises(DiaryError) as caught:
        open_diary(diary_path)
    message = str(caught.value)
    assert "damaged" in message and "\n" not in message
    assert diary_path.read_bytes() == garbage  # never overwritten
    copies = list(diary_path.parent.glob("diary.sqlite3.corrupt-*"))
    assert len(copies) == 1 and copies[0].read_bytes() == garbage
    assert mode(copies[0]) == 0o600
    assert str(copies[0]) in message
    with pytest.raises(DiaryError):  # a second try reuses the identical copy
        open_diary(diary_path)
    assert len(list(diary_path.parent.glob("diary.sqlite3.corrupt-*"))) == 1


def test_a_damaged_database_is_detected_and_repair_keeps_what_it_can(diary_path):
    with open_diary(diary_path) as diary:
        diary.add_many([Entry(kind="spasm", at=NOW - timedelta(days=n), severity=n % 11,
                              note="n" * 500) for n in range(1, 400)])
    data = bytearray(diary_path.read_bytes())
    page_size = 4096
    data[page_size * 5: page_size * 7] = b"\xff" * (page_size * 2)  # smash two pages
    diary_path.write_bytes(bytes(data))
    damaged = diary_path.read_bytes()
    with pytest.raises(DiaryError, match="damaged"):
        open_diary(diary_path)
    assert diary_path.read_bytes() == damaged

    aside, kept, lost = store_module.repair(diary_path)
    assert aside.exists() and aside.read_bytes() == damaged
    assert 0 < kept < 399
    with open_diary(diary_path) as diary:
        assert diary.count() == kept


def test_a_locked_diary_gives_a_clear_message_and_saves_nothing(diary_path):
    with open_diary(diary_path) as diary:
        diary.log_spasm(1)
        blocker = sqlite3.connect(diary_path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            store_module_timeout = store_module.BUSY_TIMEOUT_SECONDS
            assert store_module_timeout <= 5
            diary._connection.execute("PRAGMA busy_timeout = 100")
            with pytest.raises(DiaryError) as caught:
                diary.log_spasm(5)
            assert "in use by another program" in str(caught.value)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert diary.count() == 1
        diary.log_spasm(5)
        assert diary.count() == 2


def test_a_folder_in_place_of_the_file(diary_path):
    diary_path.mkdir(parents=True)
    with pytest.raises(DiaryError, match="is a folder"):
        open_diary(diary_path)


def test_diagnose_reports_the_folder_and_the_diary(private_folders):
    checks = {check.name: (check.ok, check.detail) for check in diary_checks()}
    assert checks["Data folder"] == (True, str(private_folders["data"]))
    assert checks["Diary"][0] is True and "no entries yet" in checks["Diary"][1]
    with Diary.open() as diary:
        diary.log_spasm(3)
    checks = {check.name: (check.ok, check.detail) for check in diary_checks()}
    assert checks["Diary"][0] is True and checks["Diary"][1].startswith("1 entries")
    (private_folders["data"] / "diary.sqlite3").write_bytes(b"garbage" * 10)
    checks = {check.name: (check.ok, check.detail) for check in diary_checks()}
    assert checks["Diary"][0] is False and "damaged" in checks["Diary"][1]
