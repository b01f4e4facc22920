"""Checks for `hfs-tui doctor`: can we synthesise speech, and can we play it?"""

from __future__ import annotations

import tempfile
import wave
from pathlib import Path

from hfs_tui.checks import Check
from hfs_tui.speech.engine import (
    ENGINE_FIX,
    EngineUnavailable,
    VoiceSettings,
    espeak_library_source,
    shared_natural_thread,
    shared_synthesis_thread,
)
from hfs_tui.speech.player import PlayerUnavailable, check_player, find_player

PLAYER_FIX = (
    "check the computer's sound output; or install a player (Debian/Ubuntu: "
    "sudo apt install alsa-utils, or pulseaudio-utils); or set speech.player in the "
    "settings (or HFS_TUI_PLAYER) to a command such as 'mpv --really-quiet {file}'"
)

NO_DEVICE_FIX = (
    "the player is installed, but this computer has no sound output it can use: plug in "
    "or turn on speakers or headphones, or check the sound settings (on a remote or "
    "virtual machine there is often no sound device); meanwhile 'hfs-tui say 3 --to "
    "section3.wav' saves speech as a file to play elsewhere"
)


def checks(player_setting: str | None = None) -> list[Check]:
    """The speech engine, the natural voice and the audio player, each tried for real.

    `player_setting` defaults to `speech.player` from the user's settings.
    """
    if player_setting is None:
        from hfs_tui import settings

        player_setting = settings.load().settings.speech.player
    with tempfile.TemporaryDirectory(prefix="hfs-tui-doctor-") as folder:
        return [_check_engine(Path(folder)), _check_natural_voice(Path(folder)),
                _check_player(player_setting, Path(folder))]


def _check_engine(folder: Path) -> Check:
    try:
        source = espeak_library_source()
        seconds = shared_synthesis_thread().synthesise(
            "Hello.", folder / "engine.wav", VoiceSettings(160, 0.9, "")
        )
    except EngineUnavailable as error:
        return Check("Speech engine", False, str(error), ENGINE_FIX)
    if seconds <= 0:
        return Check("Speech engine", False, "the engine produced no audio", ENGINE_FIX)
    return Check("Speech engine", True, f"pyttsx3 with {source}")


def _check_natural_voice(folder: Path) -> Check:
    """Is the natural voice installed, and does it load and speak?"""
    from hfs_tui.speech.natural import NATURAL_FIX, natural_voice_files

    try:
        model, _config = natural_voice_files()
        seconds = shared_natural_thread().synthesise(
            "Hello.", folder / "natural.wav", VoiceSettings(160, 0.9, "")
        )
    except EngineUnavailable as error:
        return Check("Natural voice", False, f"{error}; the system voice reads instead",
                     NATURAL_FIX)
    if seconds <= 0:
        return Check("Natural voice", False, "it produced no audio", NATURAL_FIX)
    return Check("Natural voice", True, f"Piper with en_US-joe-medium ({model.name})")


def _check_player(setting: str, folder: Path) -> Check:
    try:
        player = find_player(setting)
    except PlayerUnavailable as error:
        return Check("Audio player", False, str(error), PLAYER_FIX)
    quiet = folder / "quiet.wav"
    with wave.open(str(quiet), "wb") as wav:  # a tenth of a second of silence
        wav.setparams((1, 2, 22050, 0, "NONE", "not compressed"))
        wav.writeframes(b"\0\0" * 2205)
    ok, detail = check_player(player, quiet)
    # The player is installed, so installing it again cannot help: the device is missing.
    return Check("Audio player", ok, detail, "" if ok else NO_DEVICE_FIX)
