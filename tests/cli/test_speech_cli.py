"""`hfs-tui say`, and the promise that reading aloud never writes to the terminal."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import wave
from pathlib import Path

import locations
import pytest

from hfs_tui.content.loader import load_library
from hfs_tui.speech import cli
from hfs_tui.speech.engine import wav_seconds
from hfs_tui.speech.player import find_player

REPO = locations.REPO
SECTION = "who-gets-it"  # a short section keeps these tests quick


def run_say(*arguments: str) -> int:
    """Run `hfs-tui say ...` in this process, through the sub-command's own parser."""
    parser = argparse.ArgumentParser(prog="hfs-tui")
    parser.add_argument("--content", type=Path)
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["say", *arguments])
    return args.func(args)


def section_words(key_points: bool = False) -> int:
    section = load_library().section(SECTION)
    texts = [section.title, *(section.key_points if key_points else section.sentences)]
    return sum(len(text.split()) for text in texts)


def test_say_to_writes_a_playable_wav_of_plausible_length(tmp_path, capsys, monkeypatch):
    out = tmp_path / "section.wav"
    assert run_say(SECTION, "--to", str(out), "--rate", "300") == 0
    with wave.open(str(out), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        assert wav.getframerate() >= 16000
    words = section_words()
    assert 0.12 * words < wav_seconds(out) < 0.5 * words
    monkeypatch.setenv("HFS_TUI_NULL_PLAYER_SPEED", "20")
    assert find_player().start(out).wait() == 0  # the null player reads it like aplay would
    printed = capsys.readouterr()
    assert printed.out.startswith("Saved ") and str(out) in printed.out
    assert printed.err == ""


def test_say_to_with_key_points_and_all_sections(tmp_path):
    one = tmp_path / "one.wav"
    every = tmp_path / "all.wav"
    assert run_say(SECTION, "--key-points", "--rate", "400", "--to", str(one)) == 0
    assert run_say("--all", "--key-points", "--rate", "400", "--to", str(every)) == 0
    assert 0.1 * section_words(key_points=True) < wav_seconds(one)
    assert wav_seconds(every) > 5 * wav_seconds(one)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["no-such-thing"], "no section called 'no-such-thing'"),
        ([], "give one section"),
        (["1", "--all"], "give one section"),
        (["1", "--rate", "1000"], "--rate 1000 is outside 80 to 400"),
        (["1", "--to", "/no/such/folder/x.wav"], "the folder /no/such/folder does not exist"),
        (["1", "--to", "out.mp3"], "should end in .wav"),
    ],
)
def test_mistakes_give_one_line_and_exit_2(arguments, message, capsys):
    assert run_say(*arguments) == 2
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.count("\n") == 1
    assert printed.err.startswith("hfs-tui say: ") and message in printed.err


SAY_SCRIPT = """
import argparse, sys
from pathlib import Path
from hfs_tui.speech import cli
parser = argparse.ArgumentParser(prog="hfs-tui")
parser.add_argument("--content", type=Path)
cli.register(parser.add_subparsers(dest="command"))
args = parser.parse_args(sys.argv[1:])
sys.exit(args.func(args))
"""


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "HFS_TUI_CONFIG_DIR": str(tmp_path / "c"),
            "HFS_TUI_DATA_DIR": str(tmp_path / "d"), **extra}


def test_say_prints_one_plain_line_per_sentence_as_it_is_read(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SAY_SCRIPT, "say", SECTION, "--rate", "400"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env=_environment(tmp_path, HFS_TUI_PLAYER="null", HFS_TUI_NULL_PLAYER_SPEED="5"),
    )
    assert result.returncode == 0, result.stderr
    section = load_library().section(SECTION)
    texts = [section.title, *section.sentences]
    assert result.stdout.splitlines() == [
        f"[{n}/{len(texts)}] {text}" for n, text in enumerate(texts, 1)]
    assert result.stderr == ""


def test_say_without_sound_output_exits_2_and_says_to_save_a_file(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SAY_SCRIPT, "say", SECTION, "--key-points", "--rate", "400"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env=_environment(tmp_path, HFS_TUI_PLAYER="false"),
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("hfs-tui say: no sound output found")
    assert f"hfs-tui say {SECTION} --to FILE.wav" in result.stderr
    # It stops at once instead of printing every sentence at reading pace.
    assert len(result.stdout.splitlines()) <= 1


READ_SCRIPT = """
import threading
from hfs_tui.settings import SpeechSettings
from hfs_tui.speech import ReadAloud, Utterance
done = threading.Event()
def on_event(event):
    if event.kind == "finished":
        done.set()
reader = ReadAloud(SpeechSettings(rate=400, engine="system"), {"spasm": "spazzum"},
                   on_event=on_event)
reader.read([Utterance(n, text) for n, text in enumerate(
    ["**Botox®** helps 7-8 in 10.", "See your GP, e.g. in 3-4 weeks.", "Rest now."])])
assert done.wait(30), "reading did not finish"
reader.say("Breathe in. Breathe out.")
reader.set_rate(300)
reader.voices()
reader.close()
"""


@pytest.mark.parametrize(
    "player",
    [
        "null",
        # A player that chatters on both streams and fails, as aplay does without a card.
        "sh -c 'echo ALSA lib noise; echo ALSA error >&2; exit 1' {file}",
    ],
)
def test_reading_aloud_prints_nothing_at_all(tmp_path, player):
    result = subprocess.run(
        [sys.executable, "-c", READ_SCRIPT], capture_output=True, text=True, timeout=60,
        cwd=tmp_path, env=_environment(tmp_path, HFS_TUI_PLAYER=player),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""


def test_say_to_an_existing_file_is_refused_without_force(tmp_path, capsys):
    target = tmp_path / "mine.wav"
    target.write_bytes(b"my recording")
    assert run_say(SECTION, "--to", str(target)) == 2
    assert "already exists; nothing was written. Use --force" in capsys.readouterr().err
    assert target.read_bytes() == b"my recording"
    assert run_say(SECTION, "--key-points", "--rate", "400", "--to", str(target),
                   "--force") == 0
    assert wav_seconds(target) > 0


def test_a_failed_write_leaves_no_part_file(tmp_path, monkeypatch):
    import errno

    from hfs_tui.speech import export

    target = tmp_path / "leaflet.wav"
    real_write = Path.write_bytes

    def disk_full(self: Path, data: bytes) -> int:
        if self.name.endswith(".part"):
            real_write(self, data[:10])  # some of it got there before the disk filled
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(OSError, match="No space left"):
        export.synthesise_to_file(["Hello."], target, cli.SpeechSettings(engine="system"))
    assert list(tmp_path.iterdir()) == []
