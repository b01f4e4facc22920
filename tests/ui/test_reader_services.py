"""The reader screens run in a bare Textual `App`, on the real services alone.

No HfsApp: the contents and section screens get a real Narration (real speech
synthesis, and the null player, a child process that takes the audio's real time),
a real Navigator and real user settings, as the app would give them.
"""

from __future__ import annotations

import asyncio

from pilot_helpers import wait_until
from textual.app import App
from textual.widgets import Static

from hfs_tui import settings as settings_model
from hfs_tui import state
from hfs_tui.content.loader import load_library
from hfs_tui.ui.narration import Narration, Spoken
from hfs_tui.ui.navigation import Navigator
from hfs_tui.ui.save_notices import SaveNotices
from hfs_tui.ui.screens.contents import ContentsScreen
from hfs_tui.ui.screens.focus import FocusScreen
from hfs_tui.ui.screens.section import SectionScreen
from hfs_tui.ui.user_settings import UserSettings
from hfs_tui.ui.widgets.section_list import SectionList
from hfs_tui.ui.widgets.sentence_block import SentenceBlock

LIBRARY = load_library()
SECTIONS = sorted(LIBRARY.sections, key=lambda s: s.order)


def real_services(app: App) -> Navigator:
    """The services HfsApp builds, built for a plain App."""
    notices = SaveNotices(app)
    user_settings = UserSettings(settings_model.load(), notices)
    narration = Narration(app, user_settings, lambda: LIBRARY.pronunciations)
    navigator = Navigator(app, lambda: LIBRARY, narration, user_settings, notices)
    narration.on_finished = navigator.reading_finished
    return navigator


def _status(app: App) -> str:
    return str(app.screen.query_one("#reading-status", Static).content)


async def test_contents_and_section_screens_read_aloud_in_a_bare_app():
    app = App()
    async with app.run_test(size=(100, 30)) as pilot:
        navigator = real_services(app)
        narration = navigator.narration
        await app.push_screen(ContentsScreen(LIBRARY, navigator.services))
        await pilot.pause()
        entries = app.screen.query_one(SectionList).entries
        assert [e.id for e in entries] == [s.id for s in SECTIONS]  # nothing saved yet

        await pilot.press("2")
        assert isinstance(app.screen, SectionScreen)
        assert app.screen.section.id == SECTIONS[1].id

        await pilot.press("r")
        await wait_until(pilot, lambda: narration.speaking is not None)
        assert narration.speaking == Spoken(SECTIONS[1].id, "body", 0)
        body = app.screen.query_one("#body", SentenceBlock)
        assert body.active == 0
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: narration.speaking and narration.speaking.index == 1)
        assert body.active == 1
        await wait_until(pilot, lambda: _status(app).startswith("Reading, sentence 2 of"))

        await pilot.press("space")  # pauses while reading (it would scroll otherwise)
        await wait_until(pilot, lambda: narration.state == "paused")
        assert _status(app).startswith("Paused, sentence 2 of")
        await pilot.press("x")
        await wait_until(pilot, lambda: narration.state == "idle")
        assert body.active is None
        assert not app.screen.query_one("#reading-status", Static).display

        await pilot.press("n")  # the page turns in place
        assert app.screen.section.id == SECTIONS[2].id and app.screen.number == 3
        await pilot.press("escape")
        assert isinstance(app.screen, ContentsScreen)
        assert len(app.screen_stack) == 2  # App's own screen, then the contents

        await asyncio.to_thread(state.flush, 5.0)
        assert state.load_position() == state.Position(SECTIONS[2].id, 0)
        first = app.screen.query_one(SectionList).entries[0]
        assert first.heading == "Continue where you left off" and "3." in first.tail


async def test_the_contents_opens_focus_mode_and_continues_in_a_bare_app():
    state.save_position(state.Position(SECTIONS[3].id, 2))
    await asyncio.to_thread(state.flush, 5.0)
    app = App()
    async with app.run_test(size=(100, 30)) as pilot:
        navigator = real_services(app)
        await app.push_screen(ContentsScreen(LIBRARY, navigator.services))
        await pilot.pause()
        await pilot.press("c")
        assert isinstance(app.screen, SectionScreen)
        assert (app.screen.section.id, app.screen.sentence) == (SECTIONS[3].id, 2)
        await pilot.press("f")
        assert isinstance(app.screen, FocusScreen) and app.screen.index == 2
        await pilot.press("space")
        assert app.screen.index == 3
        await pilot.press("h")
        assert isinstance(app.screen, ContentsScreen) and len(app.screen_stack) == 2
