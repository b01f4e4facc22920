"""Turning voice on: nothing of it loads while it is off, and the slow parts of `v`
(importing the voice package, loading the model) run off the UI thread.

Each case runs the real app under Pilot in a fresh Python process, because which
modules are imported, and on which thread, is only visible before anything imported
them; a recording goes through the microphone path (`sr.AudioFile`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import locations
from pilot_helpers import wait_until
from voice_helpers import clean_take, join_recordings

# Not numpy: the natural read-aloud voice warms up with it on a thread of its own.
VOICE_MODULES = ("speech_recognition", "ctranslate2", "tokenizers", "hfs_tui.voice",
                 "hfs_tui.voice.listener", "hfs_tui.voice.whisper")

APP_RUN = """
import asyncio, importlib.abc, json, sys, threading, time
sys.path.insert(0, {tests!r})
from pilot_helpers import wait_until

VOICE = {modules!r}
imported_on = {{}}


class WhereImported(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in VOICE and name not in sys.modules:
            imported_on.setdefault(name, [threading.current_thread().name, time.monotonic()])
        return None


sys.meta_path.insert(0, WhereImported())
from hfs_tui.ui.app import HfsApp


def microphone():
    from hfs_tui.voice import make_file_source  # on the listener thread, as a microphone
    return make_file_source({recording!r})()


async def main():
    app = HfsApp(audio_source_factory=microphone)
    report = {{}}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause(0.3)
        report["loaded_while_off"] = sorted(m for m in VOICE if m in sys.modules)
        report["section_before"] = app.ordered_sections.index(app.screen.section)
        states = []
        app.watch(app, "voice_state", lambda state: states.append([state, time.monotonic()]),
                  init=False)
        await pilot.press({keys!r})
        await wait_until(pilot, lambda: app.voice.control is not None
                         and not app.voice.control._running(), timeout=120)
        await pilot.pause(0.2)
        report["section_after"] = app.ordered_sections.index(app.screen.section)
        report["imported_on"] = imported_on
        report["states"] = states
        report["heard"] = app.voice_heard
    print(json.dumps(report))

asyncio.run(main())
"""


def run_app(tmp_path: Path, keys: str, phrase: str = "next section") -> dict:
    take = clean_take(phrase)
    assert take is not None
    recording = join_recordings([take], tmp_path / "session.wav")
    code = APP_RUN.format(tests=str(locations.REPO / "tests"), modules=VOICE_MODULES,
                          recording=str(recording), keys=keys)
    done = subprocess.run([sys.executable, "-c", code], cwd=locations.REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_nothing_of_voice_loads_while_off_and_v_loads_it_off_the_ui_thread(tmp_path):
    report = run_app(tmp_path, "v")
    assert report["loaded_while_off"] == []
    imported = report["imported_on"]
    assert set(imported) == set(VOICE_MODULES)
    threads = {name: thread for name, (thread, _) in imported.items()}
    assert "MainThread" not in threads.values(), threads
    # The indicator said "Loading voice model" at once, before the import was done.
    (first, shown), *_ = report["states"]
    assert first == "loading"
    assert shown < max(when for _, when in imported.values())
    # And voice really came on: the recording turned the page.
    assert report["section_after"] == report["section_before"] + 1
    assert '"next section"' in report["heard"]


async def test_voice_turned_off_while_it_is_still_importing_never_starts(tmp_path):
    from hfs_tui.ui.app import HfsApp
    from hfs_tui.voice import make_file_source

    take = clean_take("next section")
    assert take is not None
    app = HfsApp(audio_source_factory=make_file_source(
        join_recordings([take], tmp_path / "session.wav")))
    notes: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("1")
        # On and off again in one go, before the import can have come back.
        app.voice.toggle()
        assert app.voice_state == "loading"
        app.voice.toggle()
        await wait_until(pilot, lambda: not app.voice._importing)
        await pilot.pause(1.0)
        assert app.voice_state == "off"
        assert app.voice.control is None or not app.voice.control._running()
        assert app.screen.section is app.ordered_sections[0]  # nothing was heard
        assert notes == ["Voice commands off."]


async def test_push_to_talk_on_at_start_loads_the_model_in_the_background(write_settings,
                                                                         monkeypatch):
    from hfs_tui.ui.app import HfsApp
    from hfs_tui.voice import listener

    monkeypatch.setattr(listener, "_shared", None)  # as in a fresh process
    path = write_settings('[voice]\nenabled = true\nmode = "push-to-talk"\n')
    app = HfsApp(settings_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")  # the app answers keys meanwhile
        assert app.screen.section is app.ordered_sections[0]
        await wait_until(pilot, listener.decoder_loaded, timeout=60)
        # Loaded, not listening: push-to-talk listens only when t is pressed.
        assert app.voice_state == "off"
        assert app.voice.control is not None and not app.voice.control._running()
