"""From `v` to listening in the real app, keys answered while the model loads, and memory.

    python bench/bench_voice_start.py [--runs 5]

Each run launches the real app in a real terminal (tmux, 100x30), a fresh process
(the model not loaded yet), with a microphone stand-in that delivers a quiet room
in real time (16 kHz, 1,024-sample chunks, as `arecord` does), so the room
calibration takes its real 0.3 s. As bench/bench_startup.py, times run from the
moment tmux is asked to type until the screen shows the result (`capture-pane`
polled every ~2 ms). Per run:

- `v` to listening: from pressing v until "Voice commands on" is on screen (said
  once the model is loaded, the microphone open and the room measured: from then a
  command is heard);
- keys while loading: from pressing v, n and p are pressed in turn, each timed until
  the next section is on screen; keys pressed while "Loading voice model" showed
  are reported apart, beside the same keys with voice off, and so are all the keys
  pressed between v and listening (whatever the screen showed);
- resident memory (VmRSS of the app's process) with voice off (the app open on a
  section), on (one second after listening began), and its peak (VmHWM).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class PacedRoom:
    """A microphone stand-in: a quiet room, delivered in real time."""

    SAMPLE_RATE = 16000
    SAMPLE_WIDTH = 2
    CHUNK = 1024

    def __enter__(self) -> PacedRoom:
        from hfs_tui.voice.decision import QUIET_ROOM

        room = QUIET_ROOM.tobytes()
        chunk_bytes = self.CHUNK * self.SAMPLE_WIDTH
        started = time.perf_counter()

        class Stream:
            sent = 0

            def read(self, size: int = 1024) -> bytes:
                # Real time: a chunk is ready only once it has been "recorded".
                due = started + (self.sent + size) / PacedRoom.SAMPLE_RATE
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                start = (self.sent * 2) % len(room)
                self.sent += size
                data = (room + room)[start:start + size * 2]
                return data[:chunk_bytes] if size == PacedRoom.CHUNK else data

        self.stream = Stream()
        return self

    def __exit__(self, *exc: object) -> None:
        return None


SESSION = "hfs-voice-bench"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


class Marks:
    """When "Voice commands on" was first seen on screen."""

    ready: float | None = None


def wait_for(text: str, marks: Marks, timeout: float = 30.0) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        shown = screen()
        now = time.perf_counter()
        if marks.ready is None and "Voice commands on" in shown:
            marks.ready = now
        if text in shown:
            return now
        time.sleep(0.002)
    raise TimeoutError(f"{text!r} never appeared on screen:\n{screen()}")


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def app_pid() -> int:
    shell = tmux("display", "-p", "-t", SESSION, "#{pane_pid}").strip()
    children = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout
    return int(children.split()[0]) if children.split() else int(shell)


def key(letter: str, section: int, marks: Marks) -> float:
    start = time.perf_counter()
    tmux("send-keys", "-t", SESSION, letter)
    return wait_for(f"Section {section} of", marks) - start


def one_run(env: dict[str, str]) -> dict[str, object]:
    tmux("kill-session", "-t", SESSION)
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30",
         f"env {exports} {sys.executable} {Path(__file__).resolve()} --app; sleep 5")
    marks = Marks()
    wait_for("Choose a section", marks)
    key("1", 1, marks)
    time.sleep(1.0)
    pid = app_pid()
    rss_off = status_kb(pid, "VmRSS")
    section, idle = 1, []
    for letter in "npnpnpnp":
        section += 1 if letter == "n" else -1
        idle.append(key(letter, section, marks))
        time.sleep(0.05)
    pressed = time.perf_counter()
    tmux("send-keys", "-t", SESSION, "v")
    loading_keys, later_keys, letter = [], [], "n"
    while marks.ready is None:
        if time.perf_counter() - pressed > 30:
            raise TimeoutError("voice never came on:\n" + screen())
        loading = "Loading voice model" in screen()
        section += 1 if letter == "n" else -1
        took = key(letter, section, marks)
        (loading_keys if loading else later_keys).append(took)
        letter = "p" if letter == "n" else "n"
    ready = marks.ready - pressed
    time.sleep(1.0)
    rss_on, peak = status_kb(pid, "VmRSS"), status_kb(pid, "VmHWM")
    tmux("kill-session", "-t", SESSION)
    return {"v_to_listening_s": ready, "idle_keys": idle, "loading_keys": loading_keys,
            "starting_keys": loading_keys + later_keys,
            "rss_off_mb": rss_off / 1024, "rss_on_mb": rss_on / 1024, "peak_mb": peak / 1024}


def paced_room() -> PacedRoom:
    """A PacedRoom that SpeechRecognition's listen() accepts as an audio source.

    Made when voice starts, so the app imports speech_recognition no earlier than
    with a real microphone.
    """
    import speech_recognition as sr

    class Room(PacedRoom, sr.AudioSource):
        def __init__(self) -> None:  # AudioSource's own refuses to run
            pass

    return Room()


def run_app() -> None:
    from hfs_tui.ui.app import HfsApp

    HfsApp(audio_source_factory=paced_room).run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--app", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.app:
        run_app()
        return
    if not shutil.which("tmux"):
        sys.exit("tmux is needed: apt-get install tmux")
    work = Path(tempfile.mkdtemp(prefix="hfs-voice-bench-"))
    env = {"HFS_TUI_CONFIG_DIR": str(work / "config"), "HFS_TUI_DATA_DIR": str(work / "data"),
           "HFS_TUI_CACHE_DIR": str(work / "cache"), "TERM": "xterm-256color",
           "HFS_TUI_PLAYER": "null"}
    tmux("new-session", "-d", "-s", "hfs-voice-bench-keep", "sleep 3600")
    runs = []
    try:
        for number in range(args.runs):
            run = one_run(env)
            runs.append(run)
            keys = run["loading_keys"]
            print(f"run {number + 1}: v to listening {run['v_to_listening_s']:.2f} s; "
                  f"{len(keys)} keys while loading, slowest "
                  f"{1000 * max(keys, default=float('nan')):.0f} ms; memory off "
                  f"{run['rss_off_mb']:.0f} MB, on {run['rss_on_mb']:.0f} MB, "
                  f"peak {run['peak_mb']:.0f} MB", flush=True)
    finally:
        tmux("kill-session", "-t", SESSION)
        tmux("kill-session", "-t", "hfs-voice-bench-keep")
        shutil.rmtree(work, ignore_errors=True)

    def median(name: str) -> float:
        return statistics.median(float(r[name]) for r in runs)

    idle = [k for r in runs for k in r["idle_keys"]]
    loading = [k for r in runs for k in r["loading_keys"]]
    starting = [k for r in runs for k in r["starting_keys"]]
    print(f"median of {len(runs)} runs: v to listening {median('v_to_listening_s'):.2f} s "
          f"(goal < 1.5 s)")
    print(f"key to next section, voice off: median {1000 * statistics.median(idle):.0f} ms, "
          f"slowest {1000 * max(idle):.0f} ms ({len(idle)} keys)")
    if loading:
        print(f"key to next section while loading: median "
              f"{1000 * statistics.median(loading):.0f} ms, slowest {1000 * max(loading):.0f} ms"
              f" ({len(loading)} keys)")
    print(f"every key between v and listening: median {1000 * statistics.median(starting):.0f}"
          f" ms, slowest {1000 * max(starting):.0f} ms ({len(starting)} keys)")
    print(f"resident memory: voice off {median('rss_off_mb'):.0f} MB, on (listening) "
          f"{median('rss_on_mb'):.0f} MB, peak {median('peak_mb'):.0f} MB")


if __name__ == "__main__":
    main()
