"""Start-up and keypress-to-repaint of the real app in a real terminal (tmux).

    python bench/bench_startup.py [--runs 10]

Measures, in the same run:
- launching `hfs-tui` until the contents screen is painted, against a minimal
  Textual app (a single Static) launched the same way: the goal is within 1.5x;
- pressing n in a section until the next section is painted, idle and while
  reading aloud: goal under 50 ms.
Times are from the moment tmux is asked to start or type, polling the screen with
`tmux capture-pane` every ~2 ms, so they include the terminal round trip.

Both programs start from compiled bytecode, as an installed app does: the package's
`.pyc` files are written first, because with PYTHONDONTWRITEBYTECODE set (as on
the project's machines) an editable install would otherwise compile hfs-tui from
source at every launch (about 30 ms), while Textual's are already compiled.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SESSION = "hfs-bench"
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("MINIMAL READY")
Minimal().run()
"""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def wait_for(text: str, timeout: float = 20.0) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if text in tmux("capture-pane", "-p", "-t", session_name()):
            return time.perf_counter()
        time.sleep(0.002)
    screen = tmux("capture-pane", "-p", "-t", session_name())
    raise TimeoutError(f"'{text}' never appeared on screen:\n{screen}")


_launches = [0]


def session_name() -> str:
    """A new name for every launch: reusing one races with the old session's end."""
    return f"{SESSION}-{_launches[0]}"


def launch(command: str, ready_text: str, env: dict[str, str]) -> float:
    tmux("kill-session", "-t", session_name())
    _launches[0] += 1
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", session_name(), "-x", "100", "-y", "30",
         f"env {exports} {command}; sleep 5")
    seen = wait_for(ready_text)
    return seen - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("tmux"):
        sys.exit("tmux is needed: apt-get install tmux")
    python = sys.executable
    hfs = str(Path(python).with_name("hfs-tui"))
    package = subprocess.run([python, "-c", "import hfs_tui; print(hfs_tui.__path__[0])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    compileall.compile_dir(package, quiet=1)
    work = Path(tempfile.mkdtemp(prefix="hfs-bench-"))
    minimal = work / "minimal.py"
    minimal.write_text(MINIMAL_APP)
    env = {"HFS_TUI_CONFIG_DIR": str(work / "config"), "HFS_TUI_DATA_DIR": str(work / "data"),
           "HFS_TUI_CACHE_DIR": str(work / "cache"), "TERM": "xterm-256color",
           "HFS_TUI_PLAYER": "null"}

    # A session that lives for the whole run: killing the last session stops the
    # tmux server, and starting the next one then races with it shutting down.
    tmux("new-session", "-d", "-s", "hfs-bench-keep", "sleep 3600")
    app_times, minimal_times, key_times, reading_times = [], [], [], []
    for _ in range(args.runs):
        minimal_times.append(launch(f"{python} {minimal}", "MINIMAL READY", env))
        app_times.append(launch(hfs, "Choose a section", env))
        # Keypress to repaint: open section 1, then time n -> section 2.
        tmux("send-keys", "-t", session_name(), "1")
        wait_for("Section 1 of")
        time.sleep(0.2)
        start = time.perf_counter()
        tmux("send-keys", "-t", session_name(), "n")
        key_times.append(wait_for("Section 2 of") - start)
        # The same while reading aloud (the null player takes the audio's real time).
        time.sleep(0.2)
        tmux("send-keys", "-t", session_name(), "r")
        time.sleep(0.6)
        start = time.perf_counter()
        tmux("send-keys", "-t", session_name(), "n")
        reading_times.append(wait_for("Section 3 of") - start)
    tmux("kill-session", "-t", session_name())
    tmux("kill-session", "-t", "hfs-bench-keep")
    shutil.rmtree(work, ignore_errors=True)

    app_median = statistics.median(app_times)
    minimal_median = statistics.median(minimal_times)
    key_median = statistics.median(key_times)
    reading_median = statistics.median(reading_times)
    print(f"runs: {args.runs}")
    print(f"start-up to contents painted, median: {app_median * 1000:.0f} ms")
    print(f"minimal Textual app, median:           {minimal_median * 1000:.0f} ms")
    print(f"ratio: {app_median / minimal_median:.2f}x (goal <= 1.5x)")
    print(f"keypress n to next section painted, median: {key_median * 1000:.1f} ms "
          f"(goal < 50 ms)")
    print(f"the same while reading aloud, median: {reading_median * 1000:.1f} ms "
          f"(goal < 50 ms)")


if __name__ == "__main__":
    main()
