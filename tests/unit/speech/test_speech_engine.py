"""Real pyttsx3 synthesis to WAV files, the espeak-ng library choice, WAV export."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import pytest

from hfs_tui.settings import SpeechSettings
from hfs_tui.speech import synthesise_to_file
from hfs_tui.speech.engine import (
    VoiceInfo,
    VoiceSettings,
    choose_default_voice,
    shared_synthesis_thread,
    wav_seconds,
)

SENTENCE = "Hemifacial spasm makes the muscles on one side of the face twitch."


def _synthesise(tmp_path: Path, text: str, rate: int, name: str = "out.wav") -> Path:
    path = tmp_path / name
    shared_synthesis_thread().synthesise(text, path, VoiceSettings(rate, 0.9, ""))
    return path


def test_a_sentence_becomes_a_wav_of_sensible_length(tmp_path):
    path = _synthesise(tmp_path, SENTENCE, 160)
    with wave.open(str(path), "rb") as wav:
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
        frames = wav.readframes(wav.getnframes())
    assert max(abs(int.from_bytes(frames[i:i + 2], "little", signed=True))
               for i in range(0, len(frames), 2)) > 1000, "the WAV holds sound, not silence"
    words = len(SENTENCE.split())
    assert 0.2 * words <= wav_seconds(path) <= 0.6 * words


def test_a_slower_rate_gives_longer_audio(tmp_path):
    fast = wav_seconds(_synthesise(tmp_path, SENTENCE, 300, "fast.wav"))
    slow = wav_seconds(_synthesise(tmp_path, SENTENCE, 120, "slow.wav"))
    assert slow > fast * 1.8


def test_voices_include_an_english_default():
    engine_voices, default = shared_synthesis_thread().call(
        lambda engine: (engine.voices(), engine.default_voice()))
    ids = {voice.id for voice in engine_voices}
    assert default in ids
    english = next(voice for voice in engine_voices if voice.id == default)
    assert any(lang.lower().startswith("en") for lang in english.languages)


def test_default_voice_prefers_british_then_american_then_any_english():
    german = VoiceInfo("gmw/de", "German", ("de",))
    american = VoiceInfo("gmw/en-us", "English (America)", ("en-us",))
    british = VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",))
    other = VoiceInfo("com.apple.samantha", "Samantha", ("en_US",))
    assert choose_default_voice([german, american, british]) == "gmw/en"
    assert choose_default_voice([german, american]) == "gmw/en-us"
    assert choose_default_voice([german, other]) == "com.apple.samantha"
    assert choose_default_voice([german], "gmw/de") == "gmw/de"


def test_the_espeakng_loader_wheel_works_without_the_system_library(tmp_path):
    """The path taken on a machine with no espeak-ng package (as straight after pip),
    with the natural voice used in the same process after it: Piper carries
    its own espeak-ng, and the wheel's copy loaded globally crashed it (segfault)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from hfs_tui.speech.engine import *\n"
        "folder = Path(sys.argv[1])\n"
        "system, natural = shared_synthesis_thread(), shared_natural_thread()\n"
        "for n, thread in enumerate([system, natural, system, natural]):\n"
        "    thread.synthesise('Testing the wheel.', folder / f'{n}.wav',\n"
        "                      VoiceSettings(160, 1, ''))\n"
        "maps = open('/proc/self/maps').read()\n"
        "print(espeak_library_source())\n"
        "print('espeakng_loader/libespeak-ng' in maps)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
        env={**_clean_env(), "HFS_TUI_ESPEAK": "wheel"}, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["espeak-ng from the espeakng-loader wheel", "True"]
    assert result.stderr == ""
    for n in range(4):
        assert wav_seconds(tmp_path / f"{n}.wav") > 0.5


def test_export_joins_sentences_with_pauses(tmp_path):
    texts = ["Treatments.", "Most people are helped by injections.", "They last 3-4 months."]
    out = synthesise_to_file(texts, tmp_path / "joined.wav",
                             SpeechSettings(rate=200, engine="system"))
    pieces = sum(wav_seconds(_synthesise(tmp_path, t, 200, f"{n}.wav"))
                 for n, t in enumerate(["Treatments.", "Most people are helped by injections.",
                                        "They last 3 to 4 months."]))
    # The joined file is the pieces plus two 0.35 s pauses.
    assert wav_seconds(out) == pytest.approx(pieces + 0.7, abs=0.05)
    assert not list(tmp_path.glob("*.part"))


def test_export_refuses_an_unwritable_place_and_leaves_nothing(tmp_path):
    target = tmp_path / "missing-folder" / "x.wav"
    with pytest.raises(OSError):
        synthesise_to_file(["Hello."], target, SpeechSettings(engine="system"))
    assert not target.parent.exists()


def _clean_env() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if key != "ESPEAK_DATA_PATH"}
