"""A diary that was read-only once can be saved again once the user fixes it, and a
save (or doctor) that meets a read-only file or folder names it.

Root may write anything, so the checks that need real permissions run in a child
process without root's powers (setpriv drops them); as another user they run as is."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from locations import REPO

from hfs_tui.diary import Diary, Entry

NOW = datetime(2025, 6, 15, 18, 30)
NO_ROOT_POWERS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
                  "--inh-caps=-dac_override,-dac_read_search,-fowner"]


def make_diary(path: Path, count: int = 3) -> None:
    with Diary.open(path, clock=lambda: NOW) as diary:
        diary.add_many([Entry(kind="spasm", at=NOW - timedelta(days=n), severity=4)
                        for n in range(count)])


def leave_read_only_companions(path: Path) -> None:
    """What reading a read-only (0400) diary leaves: SQLite makes its -wal and -shm with
    the diary's mode, and a read-only connection leaves them behind when it closes."""
    path.chmod(0o400)
    reading = run_as_plain_user(READ, path.parent)
    assert reading.stdout.strip() == "3", reading
    for suffix in ("-wal", "-shm"):
        assert stat.S_IMODE(Path(f"{path}{suffix}").stat().st_mode) == 0o400, suffix


def run_as_plain_user(code: str, data: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", textwrap.dedent(code)]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        command = NO_ROOT_POWERS + command
    env = {**os.environ, "PYTHONPATH": str(REPO), "HFS_TUI_DATA_DIR": str(data)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


READ = """
    import sqlite3
    from hfs_tui.diary.store import default_path
    print(sqlite3.connect(default_path()).execute("SELECT count(*) FROM entries").fetchone()[0])
"""

SAVE = """
    from hfs_tui.diary import Diary, DiaryError
    try:
        with Diary.open() as diary:
            diary.log_spasm(6)
            print("saved", diary.count())
    except DiaryError as error:
        print("refused:", error)
"""

DOCTOR = """
    from hfs_tui.diary.doctor import checks
    for check in checks():
        print(check.name, check.ok, check.detail)
"""


def test_companions_left_read_only_are_made_writable_when_opening(private_folders):
    path = private_folders["data"] / "diary.sqlite3"
    make_diary(path)
    leave_read_only_companions(path)
    path.chmod(0o600)  # the user fixes the diary itself
    with Diary.open(path, clock=lambda: NOW) as diary:
        for suffix in ("-wal", "-shm"):
            assert stat.S_IMODE(Path(f"{path}{suffix}").stat().st_mode) == 0o600, suffix
        diary.log_spasm(5)
        assert diary.count() == 4


def test_after_chmod_600_saving_works_again_for_a_plain_user(private_folders):
    path = private_folders["data"] / "diary.sqlite3"
    make_diary(path)
    leave_read_only_companions(path)
    path.chmod(0o600)
    result = run_as_plain_user(SAVE, private_folders["data"])
    assert result.stdout.strip() == "saved 4", result.stdout + result.stderr


def test_a_read_only_diary_is_named_when_saving_and_by_doctor(private_folders):
    path = private_folders["data"] / "diary.sqlite3"
    make_diary(path)
    path.chmod(0o400)
    saving = run_as_plain_user(SAVE, private_folders["data"])
    assert saving.stdout.startswith("refused: The diary cannot be saved because the file "
                                    f"{path} is read-only: make it writable"), saving
    assert saving.stdout.count("\n") == 1
    doctor = run_as_plain_user(DOCTOR, private_folders["data"])
    diary_line = [line for line in doctor.stdout.splitlines() if line.startswith("Diary ")]
    assert diary_line and diary_line[0].startswith("Diary False "), doctor
    assert f"{path} is read-only" in diary_line[0]
    path.chmod(0o600)
    with Diary.open(path) as diary:
        assert diary.count() == 3  # nothing was lost or changed
