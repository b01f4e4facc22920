"""Read-aloud in the running app: real pyttsx3 synthesis, and the null player (a real
child process that takes the audio's real time), driven by Pilot."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib

import pytest
from pilot_helpers import wait_until

from hfs_tui.content.loader import load_library
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.narration import Spoken
from hfs_tui.ui.screens.contents import ContentsScreen
from hfs_tui.ui.screens.focus import FocusScreen
from hfs_tui.ui.screens.section import SectionScreen
from hfs_tui.ui.widgets.sentence_block import SentenceBlock

SECTIONS = sorted(load_library().sections, key=lambda s: s.order)




def spoken(app: HfsApp) -> Spoken | None:
    return app.speaking


async def test_r_reads_sentence_by_sentence_with_the_highlight_following():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "r")
        await wait_until(pilot, lambda: spoken(app) is not None)
        assert spoken(app) == Spoken(SECTIONS[0].id, "body", 0)
        highlighted = [b for b in app.screen.query(SentenceBlock) if b.active is not None]
        assert len(highlighted) == 1 and highlighted[0].active == 0
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: spoken(app) and spoken(app).index == 1)
        await pilot.press("left_square_bracket")
        await wait_until(pilot, lambda: spoken(app) and spoken(app).index == 0)
        await pilot.press("x")
        await wait_until(pilot, lambda: app.narration.state == "idle")
        assert all(b.active is None for b in app.screen.query(SentenceBlock))
        # Escape when nothing is being read goes back as usual.
        await pilot.press("escape")
        assert isinstance(app.screen, ContentsScreen)


async def test_space_pauses_and_resume_restarts_the_same_sentence():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "r")
        await wait_until(pilot, lambda: spoken(app) is not None)
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: spoken(app).index == 1)
        scroll = app.screen.query_one("#reading").scroll_y
        await pilot.press("space")
        await wait_until(pilot, lambda: app.narration.state == "paused")
        assert app.screen.query_one("#reading").scroll_y == scroll  # space did not scroll
        app.speaking = None
        await pilot.press("space")
        await wait_until(pilot, lambda: spoken(app) is not None)
        assert spoken(app).index == 1
        # Escape stops speech first, and only the next Escape goes back.
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.narration.state == "idle")
        assert isinstance(app.screen, SectionScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ContentsScreen)


async def test_k_reads_the_key_points():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "k")
        await wait_until(pilot, lambda: spoken(app) is not None)
        assert spoken(app) == Spoken(SECTIONS[0].id, "key_points", 0)
        key_points = app.screen.query_one("#key-points", SentenceBlock)
        assert key_points.active == 0
        await pilot.press("x")


async def test_reading_in_focus_mode_moves_the_focus_with_the_voice():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "f", "r")
        await wait_until(pilot, lambda: spoken(app) is not None)
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: spoken(app).index == 1)
        assert isinstance(app.screen, FocusScreen)
        assert str(app.screen.query_one("#focus-sentence").content) == SECTIONS[0].sentences[1]
        await pilot.press("k")
        await wait_until(pilot, lambda: spoken(app) and spoken(app).part == "key_points")
        assert str(app.screen.query_one("#focus-sentence").content) == \
            SECTIONS[0].key_points[0]
        await pilot.press("x")


async def test_navigation_stops_reading():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "r")
        await wait_until(pilot, lambda: spoken(app) is not None)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.narration.state == "idle")
        assert app.screen.section.id == SECTIONS[1].id


async def test_keep_reading_while_moving(write_settings):
    write_settings("[speech]\nkeep_reading_while_moving = true\n")
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "r")
        await wait_until(pilot, lambda: spoken(app) is not None)
        await pilot.press("pagedown")
        await pilot.pause(0.2)
        assert app.narration.state == "reading"
        await pilot.press("x")


async def test_rate_and_volume_keys_are_remembered(private_folders):
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "plus", "plus", "greater_than_sign")
        await pilot.press("less_than_sign", "less_than_sign", "minus")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.settings.speech.rate == 180
        assert app.settings.speech.volume == pytest.approx(0.8)
    saved = tomllib.loads((private_folders["config"] / "settings.toml").read_text())
    assert saved["speech"]["rate"] == 180
    assert saved["speech"]["volume"] == pytest.approx(0.8)


async def test_read_all_carries_on_into_the_next_section(write_settings):
    write_settings("[speech]\nread_all = true\n")
    app = HfsApp()
    last = len(SECTIONS[0].sentences) - 1
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        app.screen.sentence = last
        await pilot.press("r")
        await wait_until(pilot, lambda: spoken(app) is not None)
        await wait_until(pilot, lambda: spoken(app) and spoken(app).section_id ==
                         SECTIONS[1].id, timeout=30)
        assert app.screen.section.id == SECTIONS[1].id
        await pilot.press("x")


async def test_no_sound_output_still_paces_focus_mode(monkeypatch):
    """A player that fails at once (like aplay with no sound card): one message,
    and the sentences still move on at speaking pace."""
    monkeypatch.setenv("HFS_TUI_PLAYER", f"{sys.executable} -c 'raise SystemExit(1)' {{file}}")
    app = HfsApp()
    notes: list[str] = []
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("1", "f", "r")
        await wait_until(pilot, lambda: spoken(app) and spoken(app).index >= 1, timeout=20)
        assert isinstance(app.screen, FocusScreen) and app.screen.index >= 1
        await pilot.press("x")
    assert len([n for n in notes if "doctor" in n]) == 1


def test_highlighted_sentence_snapshot(snap_compare):
    assert snap_compare(_AppWithHighlight(), terminal_size=(80, 24))


class _AppWithHighlight(HfsApp):
    """The section screen as it looks while sentence 3 is being spoken."""

    async def on_mount(self) -> None:
        super().on_mount()
        self.open_section_number(2)
        self.call_after_refresh(setattr, self, "speaking", Spoken(SECTIONS[1].id, "body", 2))


def test_no_player_or_engine_output_reaches_the_screen(tmp_path):
    """Under tmux, a noisy player (like aplay with no sound card) and pyttsx3's own
    prints never appear on the screen while reading."""
    session = f"hfs-noise-{os.getpid()}"
    noisy = (f"{sys.executable} -c \"import sys,time; print('PLAYER-STDOUT-NOISE'); "
             "print('ALSA lib pcm.c: cannot open device', file=sys.stderr); time.sleep(0.3)\" "
             "{file}")
    env = {"HFS_TUI_CONFIG_DIR": str(tmp_path / "c"), "HFS_TUI_DATA_DIR": str(tmp_path / "d"),
           "HFS_TUI_PLAYER": noisy, "TERM": "xterm-256color"}
    exports = " ".join(f"{k}={_quote(v)}" for k, v in env.items())
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                    f"env {exports} {sys.executable} -m hfs_tui"], check=True)
    try:
        screen = _wait_for_screen(session, "Choose a section")
        subprocess.run(["tmux", "send-keys", "-t", session, "1"], check=True)
        _wait_for_screen(session, "Section 1 of")
        subprocess.run(["tmux", "send-keys", "-t", session, "r"], check=True)
        seen = []
        for _ in range(40):
            time.sleep(0.1)
            seen.append(_capture(session))
        screen = "\n".join(seen)
        for noise in ("PLAYER-STDOUT-NOISE", "ALSA", "Audio saved", "espeak", "Traceback"):
            assert noise not in screen, noise
        assert "Section 1 of" in seen[-1]
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def _capture(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                          text=True).stdout


def _wait_for_screen(session: str, text: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = _capture(session)
        if text in screen:
            return screen
        time.sleep(0.05)
    raise AssertionError(f"'{text}' never appeared:\n{_capture(session)}")
