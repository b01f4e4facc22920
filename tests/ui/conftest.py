"""Set-up for the UI tests: what a microphone would hear, and an app that hears it."""

from __future__ import annotations

import itertools
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from voice_helpers import take

from hfs_tui.ui.app import HfsApp
from hfs_tui.voice import make_file_source

RATE = 16000


@pytest.fixture
def recording(tmp_path: Path) -> Callable[..., Path]:
    """Make one microphone session as a recording, in this test's own folder.

    A live session opens (and calibrates to the room) before anyone speaks and goes on
    after: so `quiet` seconds of room quiet, then each phrase (its fixture take) or WAV
    file, each followed by the same quiet.
    """
    made = itertools.count(1)

    def make(*parts: str | Path, quiet: float = 1.0) -> Path:
        target = tmp_path / f"session-{next(made)}.wav"
        gap = b"\0\0" * int(RATE * quiet)
        with wave.open(str(target), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(gap)
            for part in parts:
                path = part if isinstance(part, Path) else take(part)
                with wave.open(str(path), "rb") as source:
                    shape = (source.getframerate(), source.getnchannels(), source.getsampwidth())
                    assert shape == (RATE, 1, 2), path
                    out.writeframes(source.readframes(source.getnframes()) + gap)
        return target

    return make


@pytest.fixture
def voice_app(recording: Callable[..., Path]) -> Callable[..., HfsApp]:
    """Make an app whose microphone hears `recording(*parts, quiet=...)` once voice is on."""

    def make(*parts: str | Path, quiet: float = 1.0) -> HfsApp:
        return HfsApp(audio_source_factory=make_file_source(recording(*parts, quiet=quiet)))

    return make
