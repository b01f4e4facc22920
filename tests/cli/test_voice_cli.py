"""`hear` and `voice-log` sub-commands."""

from __future__ import annotations

import json
import os
import struct
import wave

import pytest
from voice_helpers import AUDIO, take

from hfs_tui.cli import main
from hfs_tui.voice.log import VoiceLog


def test_hear_json_prints_one_object_per_file(capsys):
    command = take("next section")
    other = next(AUDIO.glob("non-*radio.wav"))
    assert main(["hear", "--json", str(command), str(other)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [sorted(line) for line in lines] == [
        ["action", "confidence", "file", "heard", "reason"]] * 2
    assert lines[0] == {"file": str(command), "heard": "next section", "action": "next_section",
                        "confidence": lines[0]["confidence"], "reason": ""}
    assert 0.5 <= lines[0]["confidence"] <= 1
    assert lines[1]["heard"] is None and lines[1]["action"] is None
    # The same words as the plain line: other speech is "heard other words", never which.
    assert lines[1]["reason"] == "heard other words"
    assert main(["hear", str(other)]) == 0
    assert ": not a command: heard other words (confidence" in capsys.readouterr().out
    assert 0 <= lines[1]["confidence"] < 0.5


def test_hear_plain_output_is_readable(capsys):
    assert main(["hear", str(take("read aloud"))]) == 0
    out = capsys.readouterr().out
    assert 'heard "read aloud" -> read_aloud' in out


def test_hear_names_a_numbered_command_past_the_last_but_never_other_words(capsys):
    # espeak-ng's "section sixteen": the built-in leaflet has 13 sections.
    past = AUDIO / "cmd-090-espeak-en-gb-f3-clean.wav"
    other = next(AUDIO.glob("non-*radio.wav"))
    assert main(["hear", str(past), str(other)]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first.endswith('not a command: no such number ("section sixteen") (confidence 0.00)')
    assert '"' not in second  # what people say near the computer is never printed


def _write_wav(path, frames: bytes, *, channels: int = 1, width: int = 2,
               rate: int = 16000):
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(frames)
    return path


def _riff(path, tag: int, channels: int, bits: int, frames: bytes, rate: int = 16000,
          extensible: bool = False):
    """A WAV file written byte by byte (the wave module writes only 8-32-bit PCM)."""
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", 0xFFFE if extensible else tag, channels, rate,
                      rate * block, block, bits)
    if extensible:  # cbSize, valid bits, channel mask, then the sub-format's GUID
        fmt += struct.pack("<HHI", 22, bits, 3) + struct.pack("<H", tag) + bytes(14)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(frames)) + frames
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def test_hear_takes_a_recording_however_it_was_saved(tmp_path, capsys):
    # Phones and Audacity save stereo, 24-bit, 32-bit float and the "extensible"
    # layout; hear refused all of them ("mono (1 channel) is needed").
    import numpy as np

    with wave.open(str(take("stop reading")), "rb") as reader:
        rate = reader.getframerate()
        mono = np.frombuffer(reader.readframes(reader.getnframes()), "<i2").astype(np.int32)
    stereo = np.stack([mono, mono // 2], axis=1)
    as_24 = (stereo[..., None] << 8).astype("<i4").view(np.uint8).reshape(-1, 2, 4)[..., 1:]
    variants = {
        "stereo": _write_wav(tmp_path / "stereo.wav", stereo.astype("<i2").tobytes(),
                             channels=2, rate=rate),
        "8-bit": _write_wav(tmp_path / "8bit.wav", ((mono >> 8) + 128).astype(np.uint8)
                            .tobytes(), width=1, rate=rate),
        "24-bit stereo, extensible": _riff(tmp_path / "24.wav", 1, 2, 24, as_24.tobytes(),
                                           rate, extensible=True),
        "32-bit float": _riff(tmp_path / "float.wav", 3, 1, 32,
                              (mono / 32768).astype("<f4").tobytes(), rate),
        "64-bit float stereo": _riff(tmp_path / "double.wav", 3, 2, 64,
                                     (stereo / 32768).astype("<f8").tobytes(), rate),
    }
    for kind, path in variants.items():
        assert main(["hear", "--json", str(path)]) == 0, kind
        assert json.loads(capsys.readouterr().out)["heard"] == "stop reading", kind
    assert main(["hear", "--stream", str(variants["32-bit float"])]) == 0
    assert 'heard "stop reading"' in capsys.readouterr().out


def test_hear_bad_files_give_one_line_and_exit_2(tmp_path, capsys):
    mu_law = _riff(tmp_path / "mu-law.wav", 7, 1, 8, b"\xff" * 800)
    no_sound = tmp_path / "no-sound.wav"
    no_sound.write_bytes(_riff(tmp_path / "x.wav", 1, 1, 16, b"").read_bytes()[:36])
    text = tmp_path / "notes.wav"
    text.write_text("not audio")
    # Damaged headers: a format chunk, and an unknown chunk, whose sizes point far
    # past the end of the file.
    fmt = b"\x01\x00\x01\x00\x80\x3e\x00\x00\x00\x7d\x00\x00\x02\x00\x10\x00"
    huge_format = tmp_path / "huge-format.wav"
    huge_format.write_bytes(b"RIFF$\0\0\0WAVEfmt ffff" + fmt + b"data\0\0\0\0")
    bogus_chunk = tmp_path / "bogus-chunk.wav"
    bogus_chunk.write_bytes(b"RIFF$\0\0\0WAVEfmt \x10\0\0\0" + fmt + b"HURF9999xxxx")
    cut_short = _write_wav(tmp_path / "cut-short.wav", b"\1\2" * 1600)
    cut_short.write_bytes(cut_short.read_bytes()[:45])  # header and half a sample
    for path, words in ((tmp_path / "missing.wav", "no such file"),
                        (mu_law, "format 7"), (no_sound, "no data chunk"), (text, "not a WAV"),
                        (huge_format, "header is damaged"), (bogus_chunk, "header is damaged"),
                        (cut_short, "part-way through a sample")):
        assert main(["hear", str(path)]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and str(path) in err and words in err


def test_hear_accepts_other_sample_rates(tmp_path, capsys):
    import speech_recognition as sr

    with sr.AudioFile(str(take("stop reading"))) as source:
        audio = sr.Recognizer().record(source)
    path = _write_wav(tmp_path / "44k.wav", audio.get_raw_data(convert_rate=44100),
                      rate=44100)
    assert main(["hear", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["heard"] == "stop reading"


def test_hear_stream_reports_commands_with_times(capsys):
    events = json.loads((AUDIO / "stream.json").read_text())
    assert main(["hear", "--stream", "--json", str(AUDIO / "stream.wav")]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    expected = [e for e in events if e["expected"]]
    assert [h["heard"] for h in hits] == [e["expected"] for e in expected]
    for hit, event in zip(hits, expected, strict=True):
        end_of_speech = event["end_s"] - 0.2  # each take ends with 0.2 s of pad
        assert event["start_s"] - 0.1 <= hit["start_s"] <= end_of_speech
        assert end_of_speech < hit["decided_s"] <= end_of_speech + 0.6
        assert hit["action"]


def test_voice_log_command_shows_recent_entries(capsys, private_folders):
    log = VoiceLog()
    log.add("next section", "did next_section", 0.8, action="next_section")
    log.add("stop", "ignored (too unlike the command)", 0.2)
    assert main(["voice-log", "--last", "1"]) == 0
    out = capsys.readouterr().out
    assert '"stop": ignored (too unlike the command)' in out and "next section" not in out
    assert main(["voice-log", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["heard"] for line in lines] == ["next section", "stop"]


def test_voice_log_when_empty(capsys, private_folders):
    assert main(["voice-log"]) == 0
    assert "Nothing heard yet" in capsys.readouterr().out


def _damaged_log(private_folders) -> VoiceLog:
    """A real log with good lines and every kind of line that once crashed voice-log."""
    log = VoiceLog()
    log.add("next section", "did next_section", 0.8, action="next_section")
    with log.path.open("ab") as handle:
        handle.write(b'{"heard": "caf\xe9", "outcome": "did stop", "confidence": 0.5}\n')
        handle.write(b"[1,2]\n\"str\"\nnull\n")
        handle.write(b'{"heard": "stop", "outcome": "did stop", "confidence": "high"}\n')
        handle.write(b'{"heard": "stop", "outcome": "did stop", "confidence": NaN}\n')
        handle.write(b"{not json\n")
    log.add("stop", "did stop_reading", 0.9, action="stop_reading")
    return log


def test_voice_log_skips_every_unreadable_line_and_says_how_many_once(capsys, private_folders):
    _damaged_log(private_folders)
    assert main(["voice-log"]) == 0
    captured = capsys.readouterr()
    assert '"next section": did next_section (confidence 0.80)' in captured.out
    assert '"stop": did stop_reading (confidence 0.90)' in captured.out
    assert len(captured.out.splitlines()) == 2
    assert captured.err.count("could not be read") == 1
    assert "7 lines of " in captured.err and "were skipped" in captured.err
    assert "Traceback" not in captured.err


def test_voice_log_json_stays_one_object_a_line_with_damaged_lines(capsys, private_folders):
    _damaged_log(private_folders)
    assert main(["voice-log", "--json"]) == 0
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line["heard"] for line in lines] == ["next section", "stop"]
    assert "7 lines" in captured.err


def test_voice_log_counts_unreadable_lines_even_with_last(capsys, private_folders):
    _damaged_log(private_folders)
    assert main(["voice-log", "--last", "1"]) == 0
    captured = capsys.readouterr()
    assert '"stop": did stop_reading' in captured.out and "next section" not in captured.out


def test_voice_log_that_is_a_folder_is_one_plain_line(capsys, private_folders):
    (private_folders["data"] / "voice-log.jsonl").mkdir(parents=True)
    assert main(["voice-log"]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        f"hfs-tui voice-log: cannot open the voice log "
        f"{private_folders['data'] / 'voice-log.jsonl'}: it is a folder, not a file."]


def test_voice_log_in_a_data_folder_that_is_a_file_is_one_plain_line(capsys, private_folders):
    private_folders["data"].parent.mkdir(parents=True, exist_ok=True)
    private_folders["data"].write_text("not a folder")
    assert main(["voice-log", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert "a file is where its folder should be" in captured.err


def test_voice_log_that_may_not_be_read_is_one_plain_line(capsys, private_folders):
    log = VoiceLog()
    log.add("stop", "did stop_reading", 0.9)
    log.path.chmod(0)
    try:
        if os.access(log.path, os.R_OK):
            pytest.skip("running as a user who may read any file")
        assert main(["voice-log"]) == 1
    finally:
        log.path.chmod(0o600)
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        f"hfs-tui voice-log: cannot open the voice log {log.path}: "
        "you do not have permission to read it."]


def test_voice_log_refused_by_the_system_is_one_plain_line(capsys, private_folders,
                                                           monkeypatch):
    # The test above is skipped for root (who may read anything): the same refusal,
    # raised where the real one would be.
    log = VoiceLog()
    log.add("stop", "did stop_reading", 0.9)

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(log.path), "read_bytes", refuse)
    assert main(["voice-log"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"hfs-tui voice-log: cannot open the voice log {log.path}: "
        "you do not have permission to read it."]
