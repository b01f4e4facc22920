"""The keyboard reader, driven by Pilot in a real Textual app with the real leaflet."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

from pilot_helpers import write_settings
from rich.console import Console
from textual.widgets import Static

from hfs_tui import actions, state
from hfs_tui.content.loader import load_library
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.confirm import ConfirmScreen
from hfs_tui.ui.screens.contents import ContentsScreen
from hfs_tui.ui.screens.focus import FocusScreen
from hfs_tui.ui.screens.glossary import GlossaryScreen
from hfs_tui.ui.screens.help import HelpScreen
from hfs_tui.ui.screens.problems import SettingsProblemsScreen
from hfs_tui.ui.screens.section import SectionScreen
from hfs_tui.ui.screens.settings import SettingsScreen
from hfs_tui.ui.widgets.section_list import SectionList

LIBRARY = load_library()
SECTIONS = sorted(LIBRARY.sections, key=lambda s: s.order)


def current_section(app: HfsApp) -> str:
    screen = app.screen
    assert isinstance(screen, SectionScreen | FocusScreen), type(screen)
    return screen.section.id


async def test_contents_lists_every_section_with_summary():
    app = HfsApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContentsScreen)
        entries = app.screen.query_one("#sections", SectionList).entries
        assert [entry.id for entry in entries] == [section.id for section in SECTIONS]
        for number, (entry, section) in enumerate(zip(entries, SECTIONS, strict=True), 1):
            assert str(entry) == f"{number:>2}. {section.title}\n    {section.summary}"


async def test_enter_and_numbers_open_sections():
    app = HfsApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("down", "enter")
        assert current_section(app) == SECTIONS[1].id
        await pilot.press("escape")
        assert isinstance(app.screen, ContentsScreen)
        await pilot.press("3")
        assert current_section(app) == SECTIONS[2].id
        await pilot.press("5")
        assert current_section(app) == SECTIONS[4].id


async def test_next_previous_and_back_keys():
    app = HfsApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("1")
        await pilot.press("n")
        assert current_section(app) == SECTIONS[1].id
        await pilot.press("right")
        assert current_section(app) == SECTIONS[2].id
        await pilot.press("p")
        assert current_section(app) == SECTIONS[1].id
        await pilot.press("left")
        assert current_section(app) == SECTIONS[0].id
        await pilot.press("left")  # no section 0: stays, says so
        assert current_section(app) == SECTIONS[0].id
        await pilot.press("h")
        assert isinstance(app.screen, ContentsScreen)
        # Moving between sections never piles up screens: the contents is the only one.
        assert app.screen_stack == [app.screen]


async def test_section_shows_title_key_points_and_body_at_reading_width():
    app = HfsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        screen = app.screen
        assert screen.query_one("#section-title", Static).content == SECTIONS[0].title
        key_points = screen.query_one("#key-points")
        assert key_points.border_title == "Key points"
        page = screen.query_one("#page")
        assert page.size.width <= 70
        # Centred: equal space either side, give or take a column.
        left = page.region.x
        right = 120 - page.region.right
        assert abs(left - right) <= 3


async def test_scroll_keys_move_the_page():
    app = HfsApp()
    longest = max(range(len(SECTIONS)), key=lambda i: len(SECTIONS[i].body))
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press(str(longest + 1) if longest < 9 else "1")
        reading = app.screen.query_one("#reading")
        assert reading.max_scroll_y > 0
        await pilot.press("down")
        assert reading.scroll_y == 3
        await pilot.press("up")
        assert reading.scroll_y == 0
        await pilot.press("pagedown")
        after_page = reading.scroll_y
        assert after_page > 3
        await pilot.press("pageup")
        assert reading.scroll_y == 0
        await pilot.press("space")
        assert reading.scroll_y == after_page


async def test_focus_mode_moves_one_sentence_at_a_time():
    app = HfsApp()
    section = SECTIONS[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "f")
        assert isinstance(app.screen, FocusScreen)
        shown = app.screen.query_one("#focus-sentence", Static)
        assert str(shown.content) == section.sentences[0]
        await pilot.press("space")
        assert str(shown.content) == section.sentences[1]
        await pilot.press("right")
        assert str(shown.content) == section.sentences[2]
        await pilot.press("left")
        assert str(shown.content) == section.sentences[1]
        assert str(app.screen.query_one("#focus-before", Static).content) == \
            section.sentences[0]
        await pilot.press("f")
        assert isinstance(app.screen, SectionScreen)
        assert app.screen.sentence == 1


async def test_focus_mode_runs_on_into_the_next_section():
    app = HfsApp()
    first = SECTIONS[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "f")
        for _ in range(len(first.sentences)):
            await pilot.press("space")
        assert isinstance(app.screen, FocusScreen)
        assert app.screen.section.id == SECTIONS[1].id
        assert app.screen.index == 0


async def test_position_survives_a_restart():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "f", "space", "space")
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert state.load_position() == state.Position(SECTIONS[2].id, 2)

    again = HfsApp()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first = again.screen.query_one("#sections", SectionList).entries[0]
        assert str(first) == f"Continue where you left off  (c): 3. {SECTIONS[2].title}"
        await pilot.press("c")
        assert current_section(again) == SECTIONS[2].id
        assert again.screen.sentence == 2


async def test_start_in_focus_mode_opens_the_saved_place():
    state.save_position(state.Position(SECTIONS[1].id, 1))
    app = HfsApp(focus=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FocusScreen)
        assert app.screen.section.id == SECTIONS[1].id
        assert app.screen.index == 1


async def test_help_lists_every_action_from_the_registry():
    for key in ("question_mark", "f1"):
        app = HfsApp()
        async with app.run_test(size=(120, 50)) as pilot:
            await pilot.press("1", key)
            assert isinstance(app.screen, HelpScreen)
            console = Console(width=300, record=True, file=io.StringIO())
            for widget in app.screen.query(".help-table"):
                console.print(widget.content)
            text = " ".join(console.export_text().split())
            spoken = actions.voice_commands(app.library.sections, app.library.exercises)
            for action in actions.ACTIONS:
                assert action.help in text, action.id
                # Every action that can be spoken says how, in its own row.
                if any(c.action == action.id for c in spoken):
                    assert action.say_display != "-", action.id
                    assert f"{action.help} {action.say_display}" in text, action.id
            await pilot.press("escape")
            assert isinstance(app.screen, SectionScreen)


async def test_glossary_opens_from_a_section():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "g")
        assert isinstance(app.screen, GlossaryScreen)
        terms = app.screen.query(".term")
        assert len(terms) == len(LIBRARY.glossary)
        await pilot.press("escape")
        assert isinstance(app.screen, SectionScreen)


async def test_quit_asks_first():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, ContentsScreen)
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_command_palette_offers_every_global_action():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for action_id in ("help", "settings", "exercises", "diary", "quit", "read_aloud",
                          "next_section", "focus_mode"):
            assert actions.get(action_id).help in titles, action_id


async def test_footer_shows_the_main_keys():
    app = HfsApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("1")
        footer_keys = {b.binding.id for b in app.active_bindings.values() if b.binding.show}
        assert {"next_section", "previous_section", "read_aloud", "help"} <= footer_keys


def test_no_core_reading_action_needs_a_modifier():
    core = ("next_section", "previous_section", "contents", "page_down", "focus_mode",
            "read_aloud", "pause_resume", "stop_reading", "help")
    for action_id in core:
        for key in actions.get(action_id).keys:
            assert "ctrl+" not in key and "alt+" not in key, (action_id, key)


async def test_settings_screen_saves_a_change_as_toml(private_folders):
    app = HfsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        switch = app.screen.query_one("#setting-reader--reduce-motion")
        switch.toggle()
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.animation_level == "none"
    saved = tomllib.loads((private_folders["config"] / "settings.toml").read_text())
    assert saved["reader"]["reduce_motion"] is True


async def test_settings_screen_refuses_a_bad_width():
    app = HfsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        field = app.screen.query_one("#setting-reader--text-width")
        field.value = "500"
        field.focus()
        await pilot.press("enter")
        error = app.screen.query_one("#setting-reader--text-width-error", Static)
        message = str(error.content)
        assert message == ("Text width in columns: 500 is not allowed; it should be a whole "
                           "number from 40 to 120.")
        assert "reader." not in message
        assert app.settings.reader.text_width == 70


async def test_bad_settings_file_starts_with_defaults_and_names_the_key(private_folders):
    config: Path = private_folders["config"]
    config.mkdir(parents=True)
    original = '[reader]\ntext_width = 9000\ncolour = "pink"\n'
    (config / "settings.toml").write_text(original)
    app = HfsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # One line on the contents, the list one key away, the path said once.
        notices = str(app.screen.query_one("#notices", Static).content)
        assert notices == "2 settings were ignored: press w to see why."
        assert app.screen.query_one("#sections").region.height > 10
        await pilot.press("w")
        assert isinstance(app.screen, SettingsProblemsScreen)
        problems = [str(w.content) for w in app.screen.query(".problem")]
        assert problems == [
            "• Text width in columns: 9000 is not allowed; it should be a whole number "
            "from 40 to 120. Using 70.",
            "• There is no setting called reader.colour; that line is ignored.",
        ]
        intro = str(app.screen.query_one("#problems-intro", Static).content)
        assert str(config / "settings.toml") in intro
        assert not any(str(config) in problem for problem in problems)
        await pilot.press("escape")
        assert isinstance(app.screen, ContentsScreen)
        assert not app.screen.query_one("#notices").display  # seen: dismissed
        assert app.settings.reader.text_width == 70
    assert (config / "settings.toml").read_text() == original


async def test_invalid_toml_is_reported_not_a_crash(private_folders):
    write_settings(private_folders, "[reader\ntheme = ")
    app = HfsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notices = str(app.screen.query_one("#notices", Static).content)
        assert notices == "1 setting was ignored: press w to see why."
        assert isinstance(app.screen, ContentsScreen)
        await pilot.press("w")
        assert "not valid TOML" in str(app.screen.query_one(".problem", Static).content)


async def test_keymap_from_settings_remaps_a_key(private_folders):
    write_settings(private_folders, '[keymap]\nnext_section = "j"\n')
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "j")
        assert current_section(app) == SECTIONS[1].id


async def test_broken_content_folder_shows_problems_not_a_traceback(tmp_path):
    (tmp_path / "leaflet").mkdir()
    (tmp_path / "leaflet" / "01-x.md").write_text("---\nid: x\n---\n")
    app = HfsApp(content_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # The problems screen takes the contents' place at the bottom of the stack.
        assert app.screen_stack == [app.screen]
        assert not app.screen.query(SectionList)
        problems = [str(w.content) for w in app.screen.query(".problem")]
        assert problems and all("01-x.md" in p or "leaflet" in p or "glossary" in p
                                for p in problems)
        await pilot.press("q")
    assert app.return_code in (0, None)
