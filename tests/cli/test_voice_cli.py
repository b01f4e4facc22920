"""`hear` and `voice-log` sub-commands."""

from __future__ import annotations

import json
import wave

from voice_helpers import AUDIO, take

from hfs_tui.cli import main
from hfs_tui.voice.log import VoiceLog


def test_hear_json_prints_one_object_per_file(capsys):
    command = take("next section")
    other = next(AUDIO.glob("non-*radio.wav"))
    assert main(["hear", "--json", str(command), str(other)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [sorted(line) for line in lines] == [["action", "confidence", "file", "heard"]] * 2
    assert lines[0] == {"file": str(command), "heard": "next section", "action": "next_section",
                        "confidence": lines[0]["confidence"]}
    assert 0.5 <= lines[0]["confidence"] <= 1
    assert lines[1]["heard"] is None and lines[1]["action"] is None
    assert 0 <= lines[1]["confidence"] < 0.5


def test_hear_plain_output_is_readable(capsys):
    assert main(["hear", str(take("read aloud"))]) == 0
    out = capsys.readouterr().out
    assert 'heard "read aloud" -> read_aloud' in out


def _write_wav(path, frames: bytes, *, channels: int = 1, width: int = 2,
               rate: int = 16000):
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(frames)
    return path


def test_hear_bad_files_give_one_line_and_exit_2(tmp_path, capsys):
    stereo = _write_wav(tmp_path / "stereo.wav", b"\0" * 6400, channels=2)
    eight_bit = _write_wav(tmp_path / "8bit.wav", b"\x80" * 800, width=1, rate=8000)
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
    for path, words in ((tmp_path / "missing.wav", "no such file"), (stereo, "2 channels"),
                        (eight_bit, "8-bit"), (text, "not a WAV"),
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
