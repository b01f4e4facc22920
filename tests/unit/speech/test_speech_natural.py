"""The natural voice for real: Piper synthesis to WAV, and ReadAloud driving it
through the null player (a real child process that takes the audio's real time)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import wave
from pathlib import Path

import locations
import pytest
from test_speech_reading import Events, gone_within, sentences

from hfs_tui.settings import SpeechSettings
from hfs_tui.speech import ReadAloud
from hfs_tui.speech.controller import NATURAL_FALLBACK
from hfs_tui.speech.engine import (
    EngineUnavailable,
    Pyttsx3Engine,
    SynthesisInterrupted,
    SynthesisThread,
    VoiceSettings,
    wav_seconds,
)
from hfs_tui.speech.natural import NATURAL_VOICE, PiperEngine, natural_voice_files
from hfs_tui.speech.player import Playback, Player, null_player

REPO = locations.REPO
NATURAL = SpeechSettings(rate=300, engine="natural")
SHORT = "The spasm comes and goes."
LONG = ("Hemifacial spasm makes the muscles on one side of your face twitch, and it "
        "usually starts around the eye before it spreads to the cheek.")


@pytest.fixture(scope="module")
def piper() -> PiperEngine:
    """One loaded voice for the module (loading takes about a second)."""
    return PiperEngine()


@pytest.fixture
def events() -> Events:
    return Events()


def _peak(path: Path) -> int:
    with wave.open(str(path), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
    return max(abs(int.from_bytes(frames[i:i + 2], "little", signed=True))
               for i in range(0, len(frames), 2))


def test_piper_writes_a_wav_of_sensible_length(piper, tmp_path):
    path = tmp_path / "out.wav"
    piper.synthesise(SHORT, path, VoiceSettings(160, 0.9, ""))
    with wave.open(str(path), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (22050, 1, 2)
    # 5 words at 160 words a minute: about 1.9 s
    assert 1.2 < wav_seconds(path) < 3.0
    assert _peak(path) > 3000  # speech, not silence


def test_rate_and_volume_change_the_natural_voice(piper, tmp_path):
    slow, fast, quiet = tmp_path / "slow.wav", tmp_path / "fast.wav", tmp_path / "quiet.wav"
    piper.synthesise(SHORT, slow, VoiceSettings(120, 0.9, ""))
    piper.synthesise(SHORT, fast, VoiceSettings(300, 0.9, ""))
    piper.synthesise(SHORT, quiet, VoiceSettings(120, 0.3, ""))
    assert wav_seconds(slow) > 1.8 * wav_seconds(fast)
    assert _peak(quiet) < 0.5 * _peak(slow)
    assert piper.voices() == [NATURAL_VOICE]


def test_a_running_synthesis_can_be_cut_short(piper, tmp_path):
    thread = SynthesisThread(lambda: piper, "test-natural")
    try:
        text = " ".join([LONG] * 6)  # one long sentence group: several seconds of work
        started = time.monotonic()
        future = thread.submit(lambda engine: engine.synthesise(text, tmp_path / "x.wav",
                                                                VoiceSettings(160, 0.9, "")))
        time.sleep(0.15)
        thread.interrupt(future)
        with pytest.raises(SynthesisInterrupted):
            future.result(10)
        assert time.monotonic() - started < 1.0
        # The next request is not affected by the interrupt.
        assert thread.synthesise(SHORT, tmp_path / "y.wav", VoiceSettings(300, 0.9, "")) > 0.5
    finally:
        thread.close()


def test_a_damaged_model_is_a_clear_engine_error(tmp_path):
    _model, config = natural_voice_files()
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    with pytest.raises(EngineUnavailable, match="natural voice did not load"):
        PiperEngine(broken, config)


def test_reads_in_order_with_the_natural_voice(piper, events):
    with ReadAloud(NATURAL, on_event=events, engine_factory=lambda: piper) as reader:
        reader.read(sentences(SHORT, "Rest now.", SHORT))
        events.wait_for("finished", timeout=20)
        assert reader.engine == "natural"
    assert events.kinds() == [("started", 0), ("started", 1), ("started", 2), ("finished", 2)]
    times = [when for when, _ in events.items]
    # the null player takes the audio's real time: each sentence well over half a second
    assert all(gap > 0.5 for gap in (b - a for a, b in zip(times, times[1:], strict=False)))


def test_a_long_first_sentence_starts_with_a_short_head(piper, events):
    played: list[float] = []

    class RecordingPlayer(Player):
        def start(self, path: Path) -> Playback:
            played.append(wav_seconds(path))
            return super().start(path)

    real = null_player()
    player = RecordingPlayer(real.name, real.command, real.source)
    with ReadAloud(NATURAL, on_event=events, engine_factory=lambda: piper,
                   player=player) as reader:
        begin = time.monotonic()
        reader.read(sentences(LONG))
        first = events.wait_for("started", 0) - begin
        events.wait_for("finished", timeout=30)
    assert first < 1.0  # the head is a few words: quick even on a busy machine
    assert len(played) >= 3 and played[0] < 1.6 and played[0] < played[1]
    assert events.started() == [0]  # one highlight for the whole sentence


def _playing_pid(reader: ReadAloud) -> int:
    deadline = time.monotonic() + 5
    while reader.player_pid is None:
        assert time.monotonic() < deadline, "nothing is playing"
        time.sleep(0.005)
    return reader.player_pid


def test_stop_and_pause_silence_the_natural_voice_at_once(piper, events):
    with ReadAloud(NATURAL, on_event=events, engine_factory=lambda: piper) as reader:
        reader.read(sentences(LONG, SHORT))
        events.wait_for("started", 0)
        pid = _playing_pid(reader)
        reader.pause()
        assert gone_within(pid)
        events.wait_for("paused", 0)
        reader.resume()  # the sentence starts again from its beginning
        assert events.wait_for("resumed", 0)
        pid = _playing_pid(reader)
        reader.stop()
        assert gone_within(pid)
        events.wait_for("stopped", 0)


def test_without_the_natural_voice_the_system_voice_reads_and_says_why(events, tmp_path):
    _model, config = natural_voice_files()
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    with ReadAloud(NATURAL, on_event=events, engine_factory=lambda: PiperEngine(broken, config),
                   fallback_factory=Pyttsx3Engine) as reader:
        reader.read(sentences("Rest now.", "Rest now."))
        events.wait_for("finished", timeout=20)
        assert reader.engine == "system"
        assert reader.problem is not None and "natural voice could not load" in reader.problem
    problems = [event.message for event in events.of("problem")]
    assert len(problems) == 1
    assert problems[0].startswith(NATURAL_FALLBACK.split("(")[0])
    assert events.started() == [0, 1]


def test_say_can_use_the_other_engine_once(piper, events):
    """The settings screen's samples: the system voice while reading is natural."""
    played: list[float] = []

    class RecordingPlayer(Player):
        def start(self, path: Path) -> Playback:
            played.append(wav_seconds(path))
            return super().start(path)

    real = null_player()
    with ReadAloud(NATURAL, on_event=events, engine_factory=lambda: piper,
                   fallback_factory=Pyttsx3Engine,
                   player=RecordingPlayer(real.name, real.command, real.source)) as reader:
        for count, engine in ((1, "system"), (2, "natural")):
            reader.say("Rest now.", engine=engine)
            deadline = time.monotonic() + 10
            while len(played) < count and time.monotonic() < deadline:
                time.sleep(0.02)
        assert reader.engine == "natural"
    assert len(played) == 2


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "HFS_TUI_CONFIG_DIR": str(tmp_path / "c"),
            "HFS_TUI_DATA_DIR": str(tmp_path / "d"), **extra}


def test_cli_say_with_the_natural_voice_to_a_wav(tmp_path):
    target = tmp_path / "section.wav"
    result = subprocess.run(
        [sys.executable, "-m", "hfs_tui", "say", "1", "--key-points", "--engine", "natural",
         "--to", str(target)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=_environment(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("Saved ") and str(target) in result.stdout
    with wave.open(str(target), "rb") as wav:
        assert wav.getframerate() == 22050
    assert wav_seconds(target) > 3


READ_SCRIPT = """
import threading
from hfs_tui.settings import SpeechSettings
from hfs_tui.speech import ReadAloud, Utterance
done = threading.Event()
def on_event(event):
    if event.kind == "finished":
        done.set()
reader = ReadAloud(SpeechSettings(rate=400, engine="natural"), on_event=on_event)
reader.read([Utterance(0, "Rest now, and let your shoulders drop as you breathe out.")])
assert done.wait(60), "reading did not finish"
reader.say("Breathe in. Breathe out.")
reader.close()
"""


def test_the_natural_voice_prints_nothing_at_all(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", READ_SCRIPT], capture_output=True, text=True, timeout=120,
        cwd=tmp_path, env=_environment(tmp_path, HFS_TUI_PLAYER="null"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""


def test_a_primed_sentence_starts_from_audio_made_in_advance(piper, events):
    """Opening a section primes its sentence: reading it does not synthesise the
    head again (the first sound is already on disk)."""
    made: list[str] = []

    class Counting:
        def __getattr__(self, name):
            return getattr(piper, name)

        def synthesise(self, text, path, settings):
            made.append(text)
            piper.synthesise(text, path, settings)

    with ReadAloud(NATURAL, on_event=events, engine_factory=Counting) as reader:
        reader.prime(LONG)
        deadline = time.monotonic() + 10
        while not made and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.5)
        reader.read(sentences(LONG))
        events.wait_for("started", 0)
        reader.stop()
    head = made[0]
    assert LONG.startswith(head) and len(head.split()) <= 3
    assert made.count(head) == 1
