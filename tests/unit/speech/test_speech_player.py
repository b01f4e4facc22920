"""The player: a real child process that takes the audio's real time and dies on kill."""

from __future__ import annotations

import threading
import time
import wave
from pathlib import Path

import pytest

from hfs_tui.speech.player import (
    NULL,
    PlayerUnavailable,
    check_player,
    find_player,
    from_template,
)


def process_is_gone(pid: int) -> bool:
    """Dead means exited: no such process, or a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def quiet_wav(path: Path, seconds: float) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setparams((1, 2, 22050, 0, "NONE", "not compressed"))
        wav.writeframes(b"\0\0" * int(22050 * seconds))
    return path


def test_the_null_player_takes_the_audios_real_time(tmp_path):
    player = find_player()
    assert player.name == NULL  # conftest sets HFS_TUI_PLAYER=null
    started = time.monotonic()
    playback = player.start(quiet_wav(tmp_path / "a.wav", 0.6))
    assert not process_is_gone(playback.pid)
    assert playback.wait() == 0
    assert 0.55 <= time.monotonic() - started < 2.0


def test_kill_ends_the_player_at_once(tmp_path):
    playback = find_player().start(quiet_wav(tmp_path / "long.wav", 10))
    time.sleep(0.1)
    killed_at = time.monotonic()
    playback.kill()
    assert playback.wait() != 0
    assert time.monotonic() - killed_at < 0.1
    assert process_is_gone(playback.pid)


def test_a_bad_file_makes_the_null_player_fail_like_a_real_one(tmp_path):
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"not a wav")
    assert find_player().start(broken).wait() != 0


def test_the_environment_beats_the_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("HFS_TUI_PLAYER", "true --ignored {file}")
    player = find_player("cat")
    assert player.name == "true"
    assert player.source == "HFS_TUI_PLAYER"
    monkeypatch.delenv("HFS_TUI_PLAYER")
    assert find_player("cat {file}").command == ("cat", "{file}")
    assert find_player("null").is_null


def test_a_template_gets_the_file_even_without_the_placeholder(tmp_path, monkeypatch):
    out = tmp_path / "copy.wav"
    source = quiet_wav(tmp_path / "in.wav", 0.1)
    player = from_template(f"cp -t {tmp_path / 'dest'}", "test")
    (tmp_path / "dest").mkdir()
    assert player.start(source).wait() == 0
    assert (tmp_path / "dest" / "in.wav").read_bytes() == source.read_bytes()
    templated = from_template(f"cp {{file}} {out}", "test")
    assert templated.start(source).wait() == 0
    assert out.exists()


def test_player_output_never_reaches_the_terminal(tmp_path, capfd):
    player = from_template("sh -c 'echo noise; echo more noise >&2; exit 3'", "test")
    assert player.start(quiet_wav(tmp_path / "x.wav", 0.1)).wait() == 3
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_missing_or_broken_players_are_named(monkeypatch):
    with pytest.raises(PlayerUnavailable, match="'no-such-player' is not installed"):
        from_template("no-such-player {file}", "the speech.player setting")
    with pytest.raises(PlayerUnavailable, match="cannot read the command"):
        from_template("play 'unclosed", "HFS_TUI_PLAYER")
    monkeypatch.delenv("HFS_TUI_PLAYER")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(PlayerUnavailable, match="looked for aplay, paplay, pw-play"):
        find_player(platform="linux")
    with pytest.raises(PlayerUnavailable, match="afplay"):
        find_player(platform="darwin")
    assert find_player(platform="win32").name == "winsound"


def test_check_player_tells_a_failing_player_from_a_working_one(tmp_path):
    sample = quiet_wav(tmp_path / "q.wav", 0.1)
    ok, detail = check_player(find_player(), sample)
    assert ok and "null player" in detail
    ok, detail = check_player(from_template("false", "test"), sample)
    assert not ok and "exit code 1" in detail


def test_killing_from_another_thread_while_waiting(tmp_path):
    playback = find_player().start(quiet_wav(tmp_path / "w.wav", 10))
    codes: list[int] = []
    waiter = threading.Thread(target=lambda: codes.append(playback.wait()))
    waiter.start()
    time.sleep(0.05)
    playback.kill()
    waiter.join(1)
    assert codes and codes[0] != 0
    playback.kill()  # a second kill of a reaped process is harmless
