"""A full disk is not damage: a healthy diary on a full disk is never called damaged,
never offered a repair, and no copy of it is left half made or readable by others.

The disk is a real one: a 200 KiB tmpfs (mounting needs root; without it these are
skipped, as a full disk cannot be made on purpose then)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hfs_tui.diary import Diary, DiaryError, Entry, health
from hfs_tui.diary import copies as copies_module
from hfs_tui.diary.copies import keep_copy

NOW = datetime(2025, 6, 15, 18, 30)
FULL_DISK = "The disk is full: free some space and try again"


def make_diary(path: Path, count: int) -> None:
    with Diary.open(path, clock=lambda: NOW) as diary:
        diary.add_many([Entry(kind="spasm", at=NOW - timedelta(days=n), severity=n % 11,
                              note="n" * 300) for n in range(count)])


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 200 KiB file system, and a way to fill it up."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs",
                              str(mount_point)], capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=True)


def fill(disk: Path) -> None:
    descriptor = os.open(disk / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        while os.write(descriptor, b"\0" * 4096):
            pass
    except OSError:  # ENOSPC: full
        pass
    finally:
        os.close(descriptor)


def diary_on(disk: Path, tmp_path: Path, count: int = 20) -> Path:
    """A healthy diary made elsewhere (closed: no -wal or -shm), copied onto `disk`."""
    made = tmp_path / "made" / "diary.sqlite3"
    make_diary(made, count)
    folder = disk / "data"
    folder.mkdir(mode=0o700)
    shutil.copyfile(made, folder / "diary.sqlite3")
    return folder / "diary.sqlite3"


def test_a_healthy_diary_on_a_full_disk_is_not_called_damaged(small_disk, tmp_path):
    path = diary_on(small_disk, tmp_path)
    before = path.read_bytes()
    fill(small_disk)
    found = health.check(path)
    assert (found.state, found.repairable) == (health.FULL, False)
    assert found.message.startswith(FULL_DISK) and "has not been changed" in found.message
    with pytest.raises(DiaryError) as opening:
        Diary.open(path)
    assert str(opening.value).startswith(FULL_DISK)
    assert "damaged" not in str(opening.value)
    with pytest.raises(DiaryError) as repairing:  # one line, never a traceback
        health.repair(path)
    assert str(repairing.value).startswith(FULL_DISK)
    assert path.read_bytes() == before
    assert not [p.name for p in path.parent.iterdir() if ".corrupt-" in p.name
                or ".damaged-" in p.name or p.name.startswith(".repair-")]
    (small_disk / "filler").unlink()
    with Diary.open(path) as diary:  # space freed: everything is still there
        assert diary.count() == 20


def test_repairing_a_damaged_diary_on_a_full_disk_says_so_in_one_line(small_disk, tmp_path):
    path = diary_on(small_disk, tmp_path, count=60)
    data = bytearray(path.read_bytes())
    data[4096 * 3: 4096 * 5] = b"\xff" * (4096 * 2)
    path.write_bytes(bytes(data))
    assert health.check(path).state == health.DAMAGED
    fill(small_disk)
    with pytest.raises(DiaryError) as refused:
        health.repair(path)
    assert str(refused.value).startswith(FULL_DISK) and "\n" not in str(refused.value)
    assert path.read_bytes() == bytes(data)
    left = {p.name for p in path.parent.iterdir()} - {"diary.sqlite3-wal", "diary.sqlite3-shm"}
    assert left == {"diary.sqlite3"}  # no half copy, scratch folder or half-made diary


def test_a_copy_that_runs_out_of_space_is_removed(small_disk, tmp_path):
    path = diary_on(small_disk, tmp_path)
    fill(small_disk)
    with pytest.raises(OSError):
        keep_copy(path, "corrupt")
    assert sorted(p.name for p in path.parent.iterdir()) == ["diary.sqlite3"]


def test_a_copy_is_private_from_its_first_byte(tmp_path, monkeypatch):
    """Never 0644 for a moment (or for good, when the copy fails part way)."""
    path = tmp_path / "diary.sqlite3"
    make_diary(path, 3)
    modes = []
    real_copy = shutil.copyfileobj

    def watching(source, target, *args):
        modes.append(stat.S_IMODE(os.fstat(target.fileno()).st_mode))
        return real_copy(source, target, *args)

    monkeypatch.setattr(copies_module.shutil, "copyfileobj", watching)
    old_umask = os.umask(0o022)
    try:
        copy = keep_copy(path, "corrupt")
    finally:
        os.umask(old_umask)
    assert modes == [0o600]
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert copy.read_bytes() == path.read_bytes()
