"""Read-aloud as a new user meets it: reading again after the end, what the screen says
while the voice loads, notices that do not hide the status line, the key bar at
60x20, and focus mode's spaced-out sentence.

The real app under Pilot, with real speech synthesis and the null player (a real
child process that takes the audio's real time)."""

from __future__ import annotations

import re
import sys
import time

import speech_recognition as sr
from pilot_helpers import screen_text, wait_until
from textual.widgets import Static

from hfs_tui.content.loader import load_library
from hfs_tui.speech import SpeechEvent
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.narration import GETTING_READY, PROBLEM_NOTICE_SECONDS
from hfs_tui.ui.screens.focus import FocusScreen
from hfs_tui.ui.screens.section import SectionScreen
from hfs_tui.ui.widgets.key_hints import Hint, fit_hints
from hfs_tui.voice.source import SourceProblem, explain_recorder_error

SECTIONS = sorted(load_library().sections, key=lambda s: s.order)


def index(app: HfsApp) -> int | None:
    return app.speaking.index if app.speaking is not None else None


async def read_to_the_end(pilot, app: HfsApp, sentences: int) -> None:
    """r, then ] to the last sentence, and let that one be read to its end."""
    await pilot.press("r")
    await wait_until(pilot, lambda: index(app) == 0, timeout=30)
    for target in range(1, sentences):
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda target=target: index(app) == target)
    await wait_until(pilot, lambda: app.narration.state == "idle", timeout=30)
    assert app.narration.read_to_end == (app.screen.section.id, "body")


async def test_reading_again_after_the_end_starts_from_the_top():
    """Section 3 read to its end: r starts at sentence 1 (not the last one again);
    so does Home then r; moving the highlight after the end reads from there."""
    section = SECTIONS[2]
    total = len(section.sentences)
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await read_to_the_end(pilot, app, total)
        assert isinstance(app.screen, SectionScreen)
        await pilot.press("r")
        await wait_until(pilot, lambda: app.speaking is not None)
        assert index(app) == 0
        await wait_until(pilot, lambda: f"Sentence 1 of {total}" in screen_text(app)
                         or f"sentence 1 of {total}" in screen_text(app))
        await pilot.press("x")
        await wait_until(pilot, lambda: app.narration.state == "idle")

        await read_to_the_end(pilot, app, total)
        await pilot.press("home", "r")
        await wait_until(pilot, lambda: app.speaking is not None)
        assert index(app) == 0
        await pilot.press("x")
        await wait_until(pilot, lambda: app.narration.state == "idle")

        # The user moved back one sentence after the end: reading starts there.
        await read_to_the_end(pilot, app, total)
        await pilot.press("left_square_bracket", "r")
        await wait_until(pilot, lambda: app.speaking is not None)
        assert index(app) == total - 2
        await pilot.press("x")


async def test_home_then_r_reads_from_the_top_after_reading_stopped_part_way():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "r")
        await wait_until(pilot, lambda: index(app) == 0, timeout=30)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await wait_until(pilot, lambda: index(app) == 2)
        await pilot.press("x")
        await wait_until(pilot, lambda: app.narration.state == "idle")
        await pilot.press("home", "r")
        await wait_until(pilot, lambda: app.speaking is not None)
        assert index(app) == 0
        await pilot.press("x")


async def test_focus_mode_reads_from_the_top_after_the_end():
    section = SECTIONS[2]
    total = len(section.sentences)
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "f")
        assert isinstance(app.screen, FocusScreen)
        await read_to_the_end(pilot, app, total)
        await pilot.press("r")
        await wait_until(pilot, lambda: app.speaking is not None)
        assert index(app) == 0
        await wait_until(pilot, lambda: app.screen.index == 0)
        assert str(app.screen.query_one("#focus-sentence", Static).content) == \
            section.sentences[0]
        await pilot.press("x")


async def test_the_status_line_says_the_voice_is_getting_ready_at_once():
    """Straight after r, before the first sound (the natural voice may still be
    loading), the status line says so; then it says which sentence is read."""
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        seen: list[str] = []
        app.narration.watch(app.screen, on_state=lambda _state: seen.append(
            app.narration.status()))
        await pilot.press("r")
        assert seen and seen[0] == GETTING_READY
        status = app.screen.query_one("#reading-status", Static)
        await wait_until(pilot, lambda: "entence 1 of" in str(status.content), timeout=30)
        assert GETTING_READY not in screen_text(app)
        await pilot.press("x")
        await wait_until(pilot, lambda: not status.display)


async def test_stop_while_the_voice_gets_ready_stops_and_clears_the_status():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "r", "x")
        await pilot.pause(0.2)
        await wait_until(pilot, lambda: app.narration.state == "idle", timeout=30)
        await pilot.pause(0.5)
        assert GETTING_READY not in screen_text(app)
        assert app.narration.state == "idle"


async def test_events_from_a_replaced_reader_do_not_move_the_new_reading():
    """A reader that was replaced (a new player chosen) may still have events on
    their way to the UI: they must not move the highlight of the new reading."""
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "r")
        await wait_until(pilot, lambda: index(app) == 0, timeout=30)
        old = app.narration._reader
        app.narration.restart_reader()
        await pilot.press("r")
        await wait_until(pilot, lambda: index(app) == 0, timeout=30)
        old._on_event(SpeechEvent("started", 17))  # the old reader's last event
        await pilot.pause(0.3)
        assert index(app) == 0
        await pilot.press("x")


async def test_no_sound_notice_is_short_and_leaves_the_status_line_readable(monkeypatch):
    monkeypatch.setenv("HFS_TUI_PLAYER", "no-such-player-here {file}")
    app = HfsApp()
    timeouts: list[float] = []
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        notify = app.notify

        def recording_notify(message: str, **kw) -> None:
            timeouts.append(kw.get("timeout"))
            notify(message, **kw)

        app.notify = recording_notify  # type: ignore[method-assign]
        await pilot.press("3", "r")
        await wait_until(pilot, lambda: "No sound output" in screen_text(app), timeout=30)
        # The whole status line shows while the notice is up (on two rows at this
        # width): nothing cut off.
        flowing = " ".join(screen_text(app).split())
        assert re.search(r"Reading silently: no sound output\. Sentence \d of 5\. x stops\.",
                         flowing), screen_text(app)
        assert timeouts and max(timeouts) <= PROBLEM_NOTICE_SECONDS
        await pilot.press("x")


async def test_no_microphone_is_said_in_the_indicator_and_the_notice_is_short():
    message = explain_recorder_error("arecord", "arecord: cannot find card '0'")

    def no_microphone() -> sr.AudioSource:
        raise SourceProblem(message)

    app = HfsApp(audio_source_factory=no_microphone)
    notes: list[tuple[str, float | None]] = []
    async with app.run_test(size=(60, 20)) as pilot:
        app.notify = lambda text, **kw: notes.append(  # type: ignore[method-assign]
            (text, kw.get("timeout")))
        await pilot.press("v")
        await wait_until(pilot, lambda: any("No microphone" in n for n, _ in notes))
        await wait_until(pilot, lambda: "Voice off: no microphone (v)" in screen_text(app))
        assert all(timeout is not None and timeout <= PROBLEM_NOTICE_SECONDS
                   for text, timeout in notes if "No microphone" in text)
        # The contents list is all there (the reason is in the top bar, not a box).
        for number in (1, 2, 3):
            assert f"{number}. {SECTIONS[number - 1].title}" in screen_text(app)
        # Turned off on purpose later: no reason is given any more.
        app.voice_state = "listening"
        app.voice.toggle()
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert "Voice off (v)" in top and "no microphone" not in top


async def test_key_bar_keeps_read_aloud_at_60_by_20():
    app = HfsApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        bar = screen_text(app).splitlines()[-1]
        assert "r Read aloud" in bar, bar
        assert "? Help" in bar and "q Quit" in bar, bar
        await pilot.press("f")
        await pilot.pause()
        bar = screen_text(app).splitlines()[-1]
        assert "r Read aloud" in bar, bar


def test_read_aloud_is_the_last_of_a_screens_own_keys_to_go():
    hints = [Hint("h", "Contents", "contents", app_wide=False),
             Hint("n", "Next", "next_section", app_wide=False),
             Hint("r", "Read aloud", "read_aloud", app_wide=False),
             Hint("f", "Focus", "focus_mode", app_wide=False),
             Hint("?", "Help", "help"), Hint("q", "Quit", "quit")]
    kept = [hint.action for hint in fit_hints(hints, 30)]
    assert kept == ["read_aloud", "help", "quit"]
    kept = [hint.action for hint in fit_hints(hints, 40)]
    assert kept == ["contents", "read_aloud", "help", "quit"]


async def test_focus_mode_spaces_out_a_long_sentence():
    """The sentence is drawn with a blank line between its lines, and stays whole."""
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "f")
        assert isinstance(app.screen, FocusScreen)
        section = app.screen.section
        long_one = max(range(len(section.sentences)), key=lambda i: len(section.sentences[i]))
        for _ in range(long_one):
            await pilot.press("space")
        await pilot.pause()
        sentence = section.sentences[long_one]
        shown = app.screen.query_one("#focus-sentence", Static)
        assert str(shown.content) == sentence
        rows = [row.strip(" ▊▎") for row in screen_text(app).splitlines()]
        words = sentence.split()
        first = next(i for i, row in enumerate(rows) if row.startswith(f"{words[0]} "))
        lines = []
        row = first
        while rows[row] and not set(rows[row]) <= {"▁"}:
            lines.append(rows[row])
            row += 2
        assert len(lines) >= 2, rows
        assert " ".join(lines).split() == words
        assert all(rows[first + 2 * n + 1] == "" for n in range(len(lines) - 1))
        assert f"Sentence {long_one + 1} of" in screen_text(app)


async def test_a_player_that_ends_at_once_does_not_race_through_the_section(monkeypatch):
    """A player that returns straight away with success (ALSA's null device, a
    player that plays nowhere) must not make reading race ahead: before the fix the
    26 sentences of section 1 went by in the time synthesis took (6-8 s)."""
    monkeypatch.setenv("HFS_TUI_PLAYER", f"{sys.executable} -c pass {{file}}")
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "r")
        await wait_until(pilot, lambda: index(app) == 0, timeout=30)
        started = time.monotonic()
        await wait_until(pilot, lambda: index(app) == 2, timeout=30)
        # Sentences 1 and 2 of section 1 last more than 4 s when spoken.
        assert time.monotonic() - started > 3.0
        assert app.narration.state == "reading"
        await pilot.press("x")
