"""The diary by voice alone: its own commands ("last ninety days", "read summary",
"save report", "undo"), heard only while it shows.

Takes of each phrase (tests/fixtures/audio/extra) go through `sr.AudioFile` at a
microphone's pace: the listener, endpointing and Whisper path a microphone uses, into
a real app. (Read at full speed, the recording could end, and voice go off, before
the app had said what it did: a microphone never ends.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from locations import FIXTURES
from pilot_helpers import wait_until
from test_voice_ui import listen_to, paced_app, spoken_into
from voice_helpers import RealTimeFileSource

from hfs_tui import actions
from hfs_tui.diary import Diary
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.diary import DiaryScreen
from hfs_tui.ui.screens.log_spasm import LogSpasmScreen

DIARY_PHRASES = {"last thirty days", "last ninety days", "last year", "read summary",
                 "save report", "undo", "bring it back", "log injection"}


def heard_phrases(app: HfsApp) -> set[str]:
    assert app.voice.control is not None
    return set(app.voice.control._commands)  # phrase -> command


async def open_diary(pilot, app: HfsApp) -> DiaryScreen:
    await pilot.press("d")
    await wait_until(pilot, lambda: isinstance(app.screen, DiaryScreen)
                     and app.screen.diary is not None)
    assert isinstance(app.screen, DiaryScreen)
    return app.screen


def test_the_diary_phrases_are_its_own_and_come_from_the_registry():
    here = {command.phrase for command in actions.screen_voice_commands("DiaryScreen")}
    assert here == DIARY_PHRASES
    everywhere = {command.phrase for command in actions.voice_commands()}
    assert not here & everywhere  # elsewhere they would change how Whisper reads the rest


async def test_last_ninety_days_said_in_the_diary_shows_them_and_says_so(recording):
    with Diary.open() as diary:
        diary.log_spasm(4)
    app = paced_app(recording, "last ninety days")
    async with app.run_test(size=(100, 30)) as pilot:
        said = spoken_into(app)
        screen = await open_diary(pilot, app)
        assert screen.days == 30
        await listen_to(pilot, app)
        await wait_until(pilot, lambda: screen.days == 90)
        assert "last 90 days" in str(screen.query_one("#diary-range").render())
        assert any(text.startswith("Showing the last 90 days") for text in said), said


async def test_read_summary_said_in_the_diary_reads_it(recording):
    with Diary.open() as diary:
        diary.log_spasm(6)
    app = paced_app(recording, "read summary")
    async with app.run_test(size=(100, 30)) as pilot:
        said = spoken_into(app)
        await open_diary(pilot, app)
        await listen_to(pilot, app)
        await wait_until(pilot, lambda: any("1 rating" in text for text in said))


async def test_save_report_said_in_the_diary_saves_it_and_says_where(recording,
                                                                     private_folders):
    with Diary.open() as diary:
        diary.log_spasm(5)
    app = paced_app(recording, "save report")
    reports: Path = private_folders["reports"]
    async with app.run_test(size=(100, 30)) as pilot:
        said = spoken_into(app)
        await open_diary(pilot, app)
        await listen_to(pilot, app)
        await wait_until(pilot, lambda: any(text.startswith("Saved a report") for text in said))
        saved = list(reports.glob("*.html"))
        assert len(saved) == 1 and "5" in saved[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("phrase", ["undo", "bring it back"])
async def test_undo_said_after_a_delete_brings_the_entry_back(recording, phrase):
    with Diary.open() as diary:
        diary.log_spasm(3)
    app = paced_app(recording, phrase)
    async with app.run_test(size=(100, 30)) as pilot:
        said = spoken_into(app)
        screen = await open_diary(pilot, app)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")

        def entries() -> int:
            with Diary.open() as diary:
                return len(diary.recent(5))

        await wait_until(pilot, lambda: entries() == 0 and screen._undo_shown)
        await listen_to(pilot, app)
        await wait_until(pilot, lambda: entries() == 1)
        assert any(text.startswith("Brought back") for text in said), said


async def test_log_injection_said_in_the_diary_asks_then_saves_one_for_now(recording):
    # Voice alone, nothing to type: the injection is logged as had now, after a yes.
    app = paced_app(recording, "log injection", "yes")
    async with app.run_test(size=(100, 30)) as pilot:
        said = spoken_into(app)
        await open_diary(pilot, app)
        await listen_to(pilot, app)

        def injections() -> list:
            with Diary.open() as diary:
                return [e for e in diary.recent(5) if e.kind == "injection"]

        await wait_until(pilot, injections)
        assert any(text.startswith("Log a Botox injection today at") for text in said), said
        await wait_until(pilot, lambda: any(text.startswith("Saved today at")
                                            for text in said))
        assert len(injections()) == 1 and injections()[0].units is None


async def test_undo_said_with_nothing_deleted_says_so(recording):
    # The key is held back then (it does nothing); someone who said it, eyes closed,
    # needs to hear why nothing changed.
    with Diary.open() as diary:
        diary.log_spasm(3)
    app = paced_app(recording, "bring it back")
    async with app.run_test(size=(100, 30)) as pilot:
        said = spoken_into(app)
        screen = await open_diary(pilot, app)
        assert not screen._undo_shown
        await listen_to(pilot, app)
        await wait_until(pilot, lambda: any(text.startswith("Nothing to undo")
                                            for text in said))
        with Diary.open() as diary:
            assert len(diary.recent(5)) == 1


async def test_the_diary_phrases_do_nothing_elsewhere(voice_app):
    app = voice_app("last ninety days", "save report")
    async with app.run_test(size=(100, 30)) as pilot:
        spoken_into(app)
        await pilot.press("2")
        section = app.screen
        await listen_to(pilot, app)
        assert app.screen is section
        assert not DIARY_PHRASES & heard_phrases(app)
        assert app.voice_heard == "(not a command: ignored)"


async def test_the_diary_phrases_come_back_after_the_spasm_picker_closes():
    # The picker over the diary hears its numbers instead; closing it must give the
    # diary its phrases back, whichever screen's event comes first.
    app = HfsApp(audio_source_factory=lambda: _never_speaks())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_diary(pilot, app)
        await pilot.press("v")
        await wait_until(pilot, lambda: app.voice.control is not None)
        await wait_until(pilot, lambda: heard_phrases(app) >= DIARY_PHRASES)
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LogSpasmScreen))
        await wait_until(pilot, lambda: "seven" in heard_phrases(app))
        assert not DIARY_PHRASES & heard_phrases(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DiaryScreen))
        await wait_until(pilot, lambda: heard_phrases(app) >= DIARY_PHRASES)
        assert "seven" not in heard_phrases(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, DiaryScreen))
        await wait_until(pilot, lambda: not DIARY_PHRASES & heard_phrases(app))


def _never_speaks() -> RealTimeFileSource:
    """A microphone in a quiet room (a recording of room hiss, played at its pace)."""
    return RealTimeFileSource(FIXTURES / "audio" / "noise-01-pink.wav")
