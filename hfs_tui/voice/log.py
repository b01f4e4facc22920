"""A private log of what was heard and what it did (voice-control users rely on it).

One JSON object a line in data_dir()/voice-log.jsonl, mode 0600, capped at
MAX_LINES. No audio is kept unless settings.voice.keep_recordings is on; then each
utterance is saved as a WAV in data_dir()/recordings (also 0600).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import threading
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hfs_tui import paths
from hfs_tui.file_errors import unreadable_reason

MAX_LINES = 500


class LogUnreadable(Exception):
    """The log exists but cannot be opened: `reason` says why in plain words."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class LogLines:
    """What the log holds: the entries that could be read, and how many lines could not."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def entry_from_line(line: bytes) -> dict[str, Any] | None:
    """One log line as an entry; None when it is not one the app could have written
    (not UTF-8, not JSON, not an object, or a confidence that is not a number)."""
    try:
        entry = json.loads(line.decode("utf-8"), parse_constant=_no_constants)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if not isinstance(entry, dict):
        return None
    confidence = entry.get("confidence", 0)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) \
            or not math.isfinite(confidence):
        return None
    return entry


def read_log(path: Path) -> LogLines:
    """Every readable entry in the log at `path`, oldest first; a missing log is empty.

    Raises LogUnreadable when the file cannot be opened (a folder, no permission, ...).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return LogLines()
    except OSError as error:
        raise LogUnreadable(path, unreadable_reason(error)) from error
    found = LogLines()
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        entry = entry_from_line(line)
        if entry is None:
            found.skipped += 1
        else:
            found.entries.append(entry)
    return found


class VoiceLog:
    def __init__(self, path: Path | None = None, keep_recordings: bool = False,
                 max_lines: int = MAX_LINES, enabled: bool = True) -> None:
        self.enabled = enabled
        """False: nothing is written (the `hear` command only tests recordings)."""
        self.path = path or paths.data_dir() / "voice-log.jsonl"
        self.keep_recordings = keep_recordings
        self.max_lines = max_lines
        self._lock = threading.Lock()

    @property
    def recordings_dir(self) -> Path:
        return self.path.parent / "recordings"

    def add(self, heard: str | None, outcome: str, confidence: float,
            action: str | None = None, argument: str | int | None = None,
            audio: bytes | None = None, sample_rate: int = 16000) -> dict[str, Any]:
        """Record one utterance. `audio` (16-bit mono PCM) is saved only if allowed."""
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "heard": heard,
            "action": action,
            "argument": argument,
            "confidence": round(float(confidence), 3),
            "outcome": outcome,
        }
        if not self.enabled:
            return entry
        # The log is a record, not the control: voice commands work without it.
        with contextlib.suppress(OSError):
            self._write(entry, audio, sample_rate)
        return entry

    def _write(self, entry: dict[str, Any], audio: bytes | None, sample_rate: int) -> None:
        with self._lock:
            paths.ensure_private_dir(self.path.parent)
            if self.keep_recordings and audio:
                entry["recording"] = str(self._save_recording(audio, sample_rate))
            line = json.dumps(entry, ensure_ascii=False) + "\n"
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
                handle.write(line)
            os.chmod(self.path, 0o600)
            self._trim()

    def read(self, count: int = 20) -> LogLines:
        """The last `count` readable entries, oldest first, and how many lines in the
        whole log could not be read. Raises LogUnreadable when the log cannot be opened."""
        found = read_log(self.path)
        found.entries = found.entries[-count:] if count > 0 else []
        return found

    def recent(self, count: int = 20) -> list[dict[str, Any]]:
        """The last `count` entries, oldest first. Unreadable lines are skipped, and a
        log that cannot be opened has none."""
        try:
            return self.read(count).entries
        except LogUnreadable:
            return []

    def _trim(self) -> None:
        # Rewrite only once the file is 10% over the cap, so appends stay cheap. Bytes,
        # not text: one damaged byte must not stop every later command being logged.
        lines = self.path.read_bytes().splitlines(keepends=True)
        if len(lines) <= self.max_lines * 1.1:
            return
        temporary = self.path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.writelines(lines[-self.max_lines:])
        os.replace(temporary, self.path)

    def _save_recording(self, audio: bytes, sample_rate: int) -> Path:
        folder = paths.ensure_private_dir(self.recordings_dir)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"{stamp}-{time.monotonic_ns() % 1_000_000:06d}.wav"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle, wave.open(handle, "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(sample_rate)
            writer.writeframes(audio)
        return path
