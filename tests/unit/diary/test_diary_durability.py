"""A save that was reported survives kill -9 at any moment (real processes, real SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import locations
import pytest

from hfs_tui.diary import Diary

REPO = locations.REPO

CHILD = r"""
import sys
from hfs_tui.diary import Diary

diary = Diary.open(sys.argv[1])
number = 0
while True:
    entry = diary.log_spasm(number % 11, note=f"entry {number} " + "x" * (number % 300))
    # Reported only after log_spasm returned: from here on it must survive.
    print(entry.id, flush=True)
    number += 1
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@pytest.mark.parametrize("reported_before_kill", [1, 37, 150])
def test_every_reported_save_survives_kill_9(tmp_path, reported_before_kill):
    path = tmp_path / "diary.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    reported: list[int] = []
    for _round in range(2):  # the second child appends to what the first left behind
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env, text=True)
        assert child.stdout is not None
        deadline = time.monotonic() + 30
        seen = 0
        while seen < reported_before_kill and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            reported.append(int(line))
            seen += 1
        # Killed while it is busy writing the next entries.
        os.kill(child.pid, signal.SIGKILL)
        for line in child.stdout:  # anything it printed before dying was reported too
            if line.strip():
                reported.append(int(line))
        child.wait(timeout=10)
        assert child.returncode == -signal.SIGKILL
        assert seen == reported_before_kill
    with Diary.open(path) as diary:
        stored = {entry.id for entry in diary.entries()}
    missing = [entry_id for entry_id in reported if entry_id not in stored]
    assert not missing, f"reported saves lost after kill -9: {missing}"
    assert len(set(reported)) == len(reported)
