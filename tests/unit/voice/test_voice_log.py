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
