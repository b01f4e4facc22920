"""VoiceControl: listening loop, sleep/wake, barge-in, push-to-talk, bad conditions.

Recordings go through sr.AudioFile via make_file_source: the same listen() and
decoder path as a microphone, only faster than real time.
"""

from __future__ import annotations

import array
import threading
import time

import pytest
from voice_helpers import AUDIO, fixture_commands, join_recordings, take, write_wav

from hfs_tui.settings import VoiceSettings
from hfs_tui.voice import VoiceControl, VoiceEvent, listener, make_file_source, source
from hfs_tui.voice.decision import Decision
from hfs_tui.voice.log import VoiceLog


class Recorder:
    def __init__(self) -> None:
        self.events: list[VoiceEvent] = []
        self.off = threading.Event()

    def __call__(self, event: VoiceEvent) -> None:
        self.events.append(event)
        if event.kind == "state" and event.state == "off":
            self.off.set()

    def kinds(self, kind: str) -> list[VoiceEvent]:
        return [e for e in self.events if e.kind == kind]

    def phrases(self) -> list[str | None]:
        return [e.phrase for e in self.kinds("command")]


def run_file(path, before=None, push=False, timeout=30.0) -> tuple[Recorder, VoiceControl]:
    recorder = Recorder()
    # The recording starts playing only once `before` has set the listener up: a
    # file is heard faster than real time, and on a busy machine the listener thread
    # could otherwise hear it all before `before` ran (sleep, reading aloud).
    set_up = threading.Event()

    def gated_source():
        set_up.wait(timeout)
        return make_file_source(path)()

    control = VoiceControl(VoiceSettings(), fixture_commands(), recorder,
                           source_factory=gated_source, log=VoiceLog())
    if before:
        before(control)
    control.push_to_talk() if push else control.start()
    set_up.set()
    assert recorder.off.wait(timeout), "the listener did not finish the recording"
    control.stop()
    return recorder, control


def test_hands_free_acts_on_each_command(tmp_path):
    path = join_recordings([take("next section"), take("read aloud")], tmp_path / "s.wav")
    recorder, control = run_file(path)
    assert recorder.phrases() == ["next section", "read aloud"]
    assert [e.command.action for e in recorder.kinds("command")] == ["next_section",
                                                                      "read_aloud"]
    states = [e.state for e in recorder.kinds("state")]
    # "loading" first where the model is not loaded yet in this process
    assert states[0] in ("loading", "listening") and "listening" in states
    assert "hearing" in states and states[-1] == "off"
    assert control.state == "off"


def test_asleep_commands_do_nothing(tmp_path):
    path = join_recordings([take("next section"), take("read aloud")], tmp_path / "s.wav")
    recorder, _ = run_file(path, before=lambda c: (c.start(), c.sleep()))
    assert recorder.phrases() == []
    rejected = recorder.kinds("rejected")
    assert [e.phrase for e in rejected] == ["next section", "read aloud"]
    assert all("asleep" in e.message for e in rejected)
    assert "hearing" not in [e.state for e in recorder.kinds("state")]


def test_sleep_command_from_voice_puts_it_to_sleep():
    recorder = Recorder()
    control = VoiceControl(VoiceSettings(), fixture_commands(), recorder, log=VoiceLog())
    from hfs_tui.voice.decision import Decision

    control.state = "listening"
    control._act(Decision(heard="go to sleep", accepted=True, confidence=0.8), b"", "listening",
                 None, None)
    assert control.state == "asleep"
    control._act(Decision(heard="next section", accepted=True, confidence=0.8), b"", "asleep",
                 None, None)
    assert control.state == "asleep"
    control._act(Decision(heard="wake up", accepted=True, confidence=0.8), b"", "asleep",
                 None, None)
    assert control.state == "listening"
    assert recorder.phrases() == ["go to sleep", "wake up"]


def test_while_reading_aloud_only_stop_or_pause_get_through(tmp_path):
    path = join_recordings([take("next section"), take("stop reading"), take("read aloud")],
                           tmp_path / "s.wav")
    recorder, _ = run_file(path, before=lambda c: c.set_speaking(True))
    assert recorder.phrases() == ["stop reading"]
    messages = [e.message for e in recorder.kinds("rejected")]
    assert sum("reading aloud" in m for m in messages) == 2


def test_push_to_talk_takes_exactly_one_command(tmp_path):
    path = join_recordings([take("read aloud"), take("next section")], tmp_path / "s.wav")
    recorder, control = run_file(path, push=True)
    assert recorder.phrases() == ["read aloud"]
    assert control.state == "off"


def test_voice_log_records_what_was_heard(tmp_path, private_folders):
    path = join_recordings([take("next section")], tmp_path / "s.wav")
    run_file(path)
    entries = VoiceLog().recent(5)
    assert entries[-1]["heard"] == "next section"
    assert entries[-1]["action"] == "next_section"
    assert not (private_folders["data"] / "recordings").exists()


def test_stop_ends_the_thread_quickly(tmp_path):
    silent = tmp_path / "silence.wav"
    write_wav(silent, (array.array("h", [0]) * 16000 * 600).tobytes())
    recorder = Recorder()
    slow = make_file_source(silent)

    def paced():  # read at real-time speed so the loop is still running when stopped
        audio = slow()
        original = audio.__enter__

        def enter():
            entered = original()
            inner = entered.stream

            class Paced:
                def read(self, size):
                    time.sleep(size / 16000)
                    return inner.read(size)

                def __getattr__(self, name):
                    return getattr(inner, name)

            entered.stream = Paced()
            return entered

        audio.__enter__ = enter
        return audio

    control = VoiceControl(VoiceSettings(), fixture_commands(), recorder,
                           source_factory=lambda: _Entering(paced()), log=VoiceLog())
    control.start()
    time.sleep(0.5)
    started = time.monotonic()
    control.stop()
    assert time.monotonic() - started < 1.5
    assert control.state == "off"
    assert not [t for t in threading.enumerate() if t.name == "hfs-voice"]


class _Entering:
    """Context manager around a source whose __enter__ was replaced on the instance."""

    def __init__(self, audio) -> None:
        self.audio = audio

    def __enter__(self):
        return self.audio.__enter__()

    def __exit__(self, *exc):
        return self.audio.__exit__(*exc)


def _wait_for_problem(factory) -> Recorder:
    recorder = Recorder()
    control = VoiceControl(VoiceSettings(), fixture_commands(), recorder,
                           source_factory=factory, log=VoiceLog())
    control.start()
    assert recorder.off.wait(10)
    control.stop()
    assert not [t for t in threading.enumerate() if t.name == "hfs-voice"]
    return recorder


def test_busy_microphone_is_a_clear_problem(monkeypatch):
    monkeypatch.setitem(source.RECORDERS, "arecord", lambda device: [
        "sh", "-c", "echo 'arecord: main:850: audio open error: Device or resource busy' >&2; "
                    "exit 1"])
    recorder = _wait_for_problem(lambda: source.RecorderSource("arecord"))
    problems = recorder.kinds("problem")
    assert len(problems) == 1 and "busy" in problems[0].message


def test_no_sound_card_is_a_clear_problem(monkeypatch):
    monkeypatch.setitem(source.RECORDERS, "arecord", lambda device: [
        "sh", "-c", "echo 'arecord: main:850: audio open error: No such file or directory' >&2;"
                    " exit 1"])
    recorder = _wait_for_problem(lambda: source.RecorderSource("arecord"))
    assert "No microphone found" in recorder.kinds("problem")[0].message


def test_no_recording_tool_at_all(monkeypatch):
    monkeypatch.setattr(source, "pyaudio_available", lambda: False)
    monkeypatch.setattr(source.shutil, "which", lambda name: None)
    recorder = _wait_for_problem(None)
    message = recorder.kinds("problem")[0].message
    assert "no way to record sound" in message and "arecord" in message


def test_recorder_that_dies_mid_way_is_reported(monkeypatch):
    monkeypatch.setitem(source.RECORDERS, "arecord", lambda device: [
        "sh", "-c", "head -c 32000 /dev/zero; sleep 0.3; echo 'device unplugged' >&2"])
    recorder = _wait_for_problem(lambda: source.RecorderSource("arecord"))
    messages = [problem.message for problem in recorder.kinds("problem")]
    # Its digital silence first draws the "only silence" warning, then the failure.
    assert any("device unplugged" in message for message in messages), messages


def test_diagnose_names_each_part():
    from hfs_tui.voice.doctor import checks

    names = [check.name for check in checks()]
    assert names[:2] == ["Recording source", "Voice model"]
    model = {check.name: (check.ok, check.detail) for check in checks()}["Voice model"]
    assert model[0] is True


@pytest.mark.parametrize("busy", [True])
def test_callback_errors_do_not_kill_the_listener(tmp_path, busy):
    path = join_recordings([take("next section"), take("read aloud")], tmp_path / "s.wav")
    seen = []
    finished = threading.Event()

    def angry(event: VoiceEvent) -> None:
        seen.append(event)
        if event.kind == "state" and event.state == "off":
            finished.set()
        raise RuntimeError("UI bug")

    control = VoiceControl(VoiceSettings(), fixture_commands(), angry,
                           source_factory=make_file_source(path), log=VoiceLog())
    control.start()
    assert finished.wait(30)
    assert [e.phrase for e in seen if e.kind == "command"] == ["next section", "read aloud"]


@pytest.mark.parametrize(("reason", "confidence", "shown"), [
    (listener.ASLEEP, 0.8, '"next section" ignored: asleep, say "wake up"'),
    (listener.READING, 0.8, '"next section" ignored while reading: say "stop" first'),
    (listener.TOO_QUIET, 0.2,
     '"next section"? Too quiet to be sure: please say it again, a little louder'),
    ("a word too unlike the command", 0.4, 'Not sure I heard "next section": please say it again'),
    ("a word too unlike the command", 0.1, "(not a command: ignored)"),
])
def test_the_indicator_says_why_a_phrase_was_not_acted_on(reason, confidence, shown):
    decision = Decision(heard="next section", accepted=False, confidence=confidence,
                        reason=reason, phones=8)
    event = VoiceEvent("rejected", phrase="next section", confidence=confidence,
                       message=reason, decision=decision)
    assert listener.describe_rejection(event) == shown


def test_the_words_of_everyday_speech_are_never_shown_or_logged():
    # The recogniser transcribes everyday speech roughly; those words are private
    # and must go nowhere. ("open the door": a near miss of the "open ..." commands.)
    path = AUDIO / "non-016-festival-kal-tempo-0.85.wav"
    recorder, control = run_file(path)
    rejected = recorder.kinds("rejected")
    assert rejected and not recorder.kinds("command")
    assert rejected[0].decision.heard  # the recogniser did hear words ...
    assert all(event.phrase is None for event in rejected)  # ... which are not passed on
    logged = control.log.recent()
    assert logged and all(entry["heard"] is None for entry in logged)
    assert logged[-1]["outcome"] == "ignored (heard other words)"
