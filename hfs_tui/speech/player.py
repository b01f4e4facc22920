"""Playing one WAV file in a child process the app owns, so it can be killed at once.

The player is chosen in this order: env `HFS_TUI_PLAYER`, the `speech.player`
setting, then the first of aplay / paplay / pw-play (Linux), afplay (macOS) or
winsound (Windows). A setting is a command template with `{file}` (added at the
end when missing), or the special value `null`: a real child process that reads
the WAV header and sleeps for the audio's length. Tests and CI use it; it takes
real time and dies on stop exactly like a real player. Benchmarks may set
`HFS_TUI_NULL_PLAYER_SPEED` (e.g. 20) to make it sleep 20 times shorter.

A player never writes to the terminal (stdout/stderr go to DEVNULL) and runs in
its own session, so Ctrl-C in the terminal does not leave it playing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

NULL = "null"
NO_SOUND_OUTPUT = "No sound output found: see hfs-tui doctor"

# Reads the WAV header and waits as long as the audio lasts; exit 1 on a bad file.
_NULL_PLAYER_SCRIPT = (
    "import sys,time,wave\n"
    "try:\n"
    " w=wave.open(sys.argv[1],'rb');s=w.getnframes()/float(w.getframerate());w.close()\n"
    "except Exception:\n"
    " sys.exit(1)\n"
    "time.sleep(s/float(sys.argv[2]))\n"
)
_LINUX_PLAYERS = (("aplay", ("-q",)), ("paplay", ()), ("pw-play", ()))


class PlayerUnavailable(RuntimeError):
    """No way to play sound; the message names what is missing."""


@dataclass(frozen=True)
class Player:
    """How to play a WAV: a command (`{file}` marks the file) or winsound."""

    name: str
    command: tuple[str, ...] = ()
    source: str = "found on this computer"

    @property
    def is_null(self) -> bool:
        return self.name == NULL

    def describe(self) -> str:
        if self.is_null:
            return f"null player: silent on purpose ({self.source})"
        shown = " ".join(self.command) if self.command else self.name
        return f"{shown} ({self.source})"

    def start(self, path: Path) -> Playback:
        """Start playing `path`; raises PlayerUnavailable if it cannot be started."""
        playback = self._start(path)
        # Recorded after a successful start: the listener cancels this sound's echo.
        playback.now_playing_token = now_playing.started(path)
        return playback

    def _start(self, path: Path) -> Playback:
        if self.name == "winsound":
            return _WinsoundPlayback(path)
        arguments = [part.replace("{file}", str(path)) for part in self.command]
        if not any("{file}" in part for part in self.command):
            arguments.append(str(path))
        try:
            process = subprocess.Popen(
                arguments,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
            )
        except OSError as error:
            raise PlayerUnavailable(f"cannot start {arguments[0]}: {error}") from error
        return _ProcessPlayback(process)


class Playback:
    """One sound playing. `wait()` blocks until it ends; `kill()` ends it at once."""

    pid: int | None = None
    now_playing_token: int = 0

    def wait(self) -> int:
        raise NotImplementedError

    def kill(self) -> None:
        raise NotImplementedError


class _ProcessPlayback(Playback):
    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.pid = process.pid

    def wait(self) -> int:
        code = self.process.wait()
        now_playing.ended(self.now_playing_token)
        return code

    def kill(self) -> None:
        # Not poll(): while the waiter thread blocks in wait(), poll() cannot tell.
        # Until wait() has reaped it, the pid (and its group) are still ours.
        now_playing.ended(self.now_playing_token)
        if self.process.returncode is not None:
            return
        try:
            if hasattr(os, "killpg"):
                # Its own session: the group also holds anything a template spawned.
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.kill()
        except (ProcessLookupError, PermissionError):
            pass


class _WinsoundPlayback(Playback):
    """Windows: winsound plays asynchronously in-process; PlaySound(None) stops it."""

    # Only made on Windows (`find_player`); the platform checks let mypy, on any
    # system, read winsound's names from its Windows-only stubs.

    def __init__(self, path: Path) -> None:
        from hfs_tui.speech.engine import wav_seconds

        self._stopped = threading.Event()
        self._seconds = wav_seconds(path)
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC)

    def wait(self) -> int:
        finished_naturally = not self._stopped.wait(self._seconds)
        return 0 if finished_naturally else -9

    def kill(self) -> None:
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(None, winsound.SND_PURGE)
        self._stopped.set()


def null_player() -> Player:
    speed = _null_speed()
    return Player(NULL, (sys.executable, "-I", "-S", "-c", _NULL_PLAYER_SCRIPT, "{file}",
                         repr(speed)), "HFS_TUI_PLAYER or speech.player is 'null'")


def null_speed() -> float:
    """How many times faster than real time the null player runs (1: real time)."""
    return _null_speed()


def _null_speed() -> float:
    try:
        speed = float(os.environ.get("HFS_TUI_NULL_PLAYER_SPEED", "1") or 1)
    except ValueError:
        return 1.0
    return speed if speed > 0 else 1.0


def from_template(template: str, source: str) -> Player:
    """A player from a command template such as `mpv --really-quiet {file}`."""
    template = template.strip()
    if template.lower() == NULL:
        return null_player()
    try:
        command = tuple(shlex.split(template))
    except ValueError as error:
        raise PlayerUnavailable(f"{source}: cannot read the command ({error})") from error
    if not command:
        raise PlayerUnavailable(f"{source}: the command is empty")
    if shutil.which(command[0]) is None:
        raise PlayerUnavailable(f"{source}: '{command[0]}' is not installed or not on PATH")
    return Player(Path(command[0]).name, command, source)


def find_player(setting: str = "", platform: str = sys.platform) -> Player:
    """The player to use: env HFS_TUI_PLAYER, then the setting, then what is installed."""
    from_env = os.environ.get("HFS_TUI_PLAYER", "").strip()
    if from_env:
        return from_template(from_env, "HFS_TUI_PLAYER")
    if setting.strip():
        return from_template(setting, "the speech.player setting")
    return _installed_player(platform)


def _installed_player(platform: str) -> Player:
    if platform == "win32":
        return Player("winsound", (), "built into Windows")
    if platform == "darwin":
        candidates: Sequence[tuple[str, tuple[str, ...]]] = (("afplay", ()),)
    else:
        candidates = _LINUX_PLAYERS
    for program, options in candidates:
        found = shutil.which(program)
        if found:
            return Player(program, (found, *options), "found on this computer")
    names = ", ".join(program for program, _ in candidates)
    raise PlayerUnavailable(f"no audio player found (looked for {names})")


def check_player(player: Player, sample: Path, timeout: float = 5.0) -> tuple[bool, str]:
    """Play `sample` (a short quiet WAV) and say whether the player could."""
    try:
        playback = player.start(sample)
    except PlayerUnavailable as error:
        return False, str(error)
    started = time.monotonic()
    done = threading.Event()
    result: list[int] = []

    def wait() -> None:
        result.append(playback.wait())
        done.set()

    threading.Thread(target=wait, daemon=True).start()
    if not done.wait(timeout):
        playback.kill()
        done.wait(1)
        return False, f"{player.name} did not finish within {timeout:.0f} s"
    if result and result[0] != 0:
        return False, (f"{player.name} failed (exit code {result[0]} after "
                       f"{time.monotonic() - started:.2f} s): no sound device it can use")
    return True, player.describe()


# -- what is playing now (for the voice listener's echo cancellation) -------------------

@dataclass(frozen=True)
class NowPlaying:
    """One sound the app started: its PCM, when it started and the words it says."""

    pcm: bytes  # 16-bit mono samples
    rate: int
    started: float  # time.monotonic() when the player was started
    text: str = ""
    token: int = 0


class _NowPlayingRecord:
    """Thread-safe "what is playing now": set by `Player.start`, read by the listener."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: NowPlaying | None = None
        self._recent: list[NowPlaying] = []
        self._tokens = 0

    def started(self, path: Path) -> int:
        import wave

        try:
            with wave.open(str(path), "rb") as reader:
                if reader.getsampwidth() != 2 or reader.getnchannels() != 1:
                    return 0
                pcm, rate = reader.readframes(reader.getnframes()), reader.getframerate()
        except (OSError, EOFError, wave.Error):
            return 0
        with self._lock:
            self._tokens += 1
            self._current = NowPlaying(pcm, rate, time.monotonic(), "", self._tokens)
            # The last few sounds: the echo of one outlives it by the room's delay.
            self._recent = [*self._recent[-2:], self._current]
            return self._tokens

    def says(self, token: int, text: str) -> None:
        """Note the words sound `token` says (the listener may ignore them)."""
        with self._lock:
            self._recent = [replace(sound, text=text) if sound.token == token else sound
                            for sound in self._recent]
            if self._current is not None and self._current.token == token:
                self._current = replace(self._current, text=text)

    def ended(self, token: int) -> None:
        with self._lock:
            if self._current is not None and self._current.token == token:
                self._current = None

    def current(self) -> NowPlaying | None:
        with self._lock:
            return self._current

    def recent(self) -> list[NowPlaying]:
        """The sounds started most recently (oldest first), playing or just ended."""
        with self._lock:
            return list(self._recent)


now_playing = _NowPlayingRecord()
