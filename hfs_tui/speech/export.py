"""Writing speech to one WAV file (`hfs-tui say --to`, sharing a section as audio)."""

from __future__ import annotations

import contextlib
import tempfile
import wave
from collections.abc import Mapping, Sequence
from pathlib import Path

from hfs_tui.settings import SpeechSettings
from hfs_tui.speech import prepare
from hfs_tui.speech.engine import VoiceSettings, synthesis_thread_for

PAUSE_BETWEEN_TEXTS = 0.35
"""Seconds of silence added between texts (the engine already pauses after each)."""


def synthesise_to_file(texts: Sequence[str], path: Path, settings: SpeechSettings,
                       pronunciations: Mapping[str, str] | None = None,
                       engine: str | None = None) -> Path:
    """Speak each text (a title, then sentences) into one WAV with short pauses.

    `engine` ("natural" or "system") defaults to `settings.engine`. Raises
    EngineUnavailable without that engine, OSError if `path` cannot be written.
    """
    synthesis = synthesis_thread_for(engine or settings.engine)
    voice = VoiceSettings(settings.rate, settings.volume, settings.voice)
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="hfs-tui-export-") as folder:
        temporary_out = Path(folder) / "joined.wav"
        with wave.open(str(temporary_out), "wb") as out:
            format_set = False
            pause = b""
            for number, text in enumerate(texts):
                chunks = prepare.speech_chunks(text, pronunciations)
                for chunk_number, chunk in enumerate(chunks):
                    piece = Path(folder) / f"{number}-{chunk_number}.wav"
                    synthesis.synthesise(chunk, piece, voice)
                    with wave.open(str(piece), "rb") as source:
                        if not format_set:
                            out.setparams(source.getparams())
                            frame_bytes = source.getsampwidth() * source.getnchannels()
                            frames = int(source.getframerate() * PAUSE_BETWEEN_TEXTS)
                            pause = b"\0" * (frame_bytes * frames)
                            format_set = True
                        elif chunk_number == 0:
                            out.writeframes(pause)
                        out.writeframes(source.readframes(source.getnframes()))
                    piece.unlink()
            if not format_set:
                out.setparams((1, 2, 22050, 0, "NONE", "not compressed"))
        # Written beside the target first, so a failure never leaves half a file.
        partial = path.with_name(path.name + ".part")
        try:
            partial.write_bytes(temporary_out.read_bytes())
            partial.replace(path)
        except BaseException:  # a full disk: no half file left behind
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
    return path
