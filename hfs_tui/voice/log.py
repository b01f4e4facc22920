"""A private log of what was heard and what it did (voice-control users rely on it).

One JSON object a line in data_dir()/voice-log.jsonl, mode 0600, capped at
MAX_LINES. No audio is kept unless settings.voice.keep_recordings is on; then each
utterance is saved as a WAV in data_dir()/recordings (also 0600).
"""

from __future__ import annotations

import json
import os
import threading
import time
import wave
from pathlib import Path
from typing import Any

from hfs_tui import paths

MAX_LINES = 500


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
        return entry

    def recent(self, count: int = 20) -> list[dict[str, Any]]:
        """The last `count` entries, oldest first. Unreadable lines are skipped."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        entries = []
        for line in lines[-count:] if count > 0 else []:
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return entries

    def _trim(self) -> None:
        # Rewrite only once the file is 10% over the cap, so appends stay cheap.
        lines = self.path.read_text(encoding="utf-8").splitlines(keepends=True)
        if len(lines) <= self.max_lines * 1.1:
            return
        temporary = self.path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
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
