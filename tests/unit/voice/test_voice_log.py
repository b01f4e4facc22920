"""The voice log: private, capped, and no audio unless the user asked."""

from __future__ import annotations

import stat

from hfs_tui import paths
from hfs_tui.voice.log import VoiceLog


def test_log_is_private_and_keeps_no_audio_by_default(private_folders):
    log = VoiceLog()
    log.add("next section", "did next_section", 0.9, action="next_section", audio=b"\0\0" * 800)
    log.add("stop", "ignored (too unlike the command)", 0.2, audio=b"\0\0" * 800)
    assert log.path == paths.data_dir() / "voice-log.jsonl"
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600
    entries = log.recent(10)
    assert [e["heard"] for e in entries] == ["next section", "stop"]
    assert entries[0]["action"] == "next_section"
    assert "recording" not in entries[0]
    assert not log.recordings_dir.exists()


def test_recordings_are_kept_only_when_asked(private_folders):
    log = VoiceLog(keep_recordings=True)
    entry = log.add("pause", "did pause_resume", 0.8, action="pause_resume",
                    audio=b"\1\0" * 1600)
    saved = log.recordings_dir / entry["recording"].rsplit("/", 1)[-1]
    assert saved.exists() and saved.suffix == ".wav"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_log_is_capped(private_folders):
    log = VoiceLog(max_lines=20)
    for index in range(40):
        log.add(f"phrase {index}", "ignored", 0.1)
    lines = log.path.read_text().splitlines()
    assert len(lines) <= 22
    assert log.recent(1)[0]["heard"] == "phrase 39"


def test_disabled_log_writes_nothing(private_folders):
    log = VoiceLog(enabled=False)
    log.add("stop", "did stop_reading", 0.9)
    assert not log.path.exists()


def test_a_damaged_byte_in_the_log_does_not_stop_the_app_logging(private_folders):
    # The trim read the log as UTF-8: one bad byte raised in the listener on every command.
    log = VoiceLog(max_lines=5)
    log.add("first", "ignored", 0.1)
    with log.path.open("ab") as handle:
        handle.write(b'{"heard": "\xff\xfe", "outcome": "ignored"}\n')
    for index in range(10):
        log.add(f"phrase {index}", "ignored", 0.1)
    found = log.read(50)
    assert [e["heard"] for e in found.entries][-1] == "phrase 9"
    assert len(log.path.read_bytes().splitlines()) <= 6


def test_the_app_reading_a_damaged_log_skips_lines_instead_of_raising(private_folders):
    log = VoiceLog()
    log.add("stop", "did stop_reading", 0.9)
    with log.path.open("ab") as handle:
        handle.write(b'[1,2]\nnull\n"str"\n{"confidence": "high"}\n{"confidence": true}\n\xff\n')
    assert [e["heard"] for e in log.recent(10)] == ["stop"]
    assert log.read(10).skipped == 6


def test_a_log_that_cannot_be_written_does_not_stop_voice_commands(private_folders):
    log = VoiceLog()
    log.path.mkdir(parents=True)  # a folder where the log should be
    entry = log.add("stop", "did stop_reading", 0.9)
    assert entry["heard"] == "stop"
    assert log.recent(10) == []
