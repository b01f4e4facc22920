"""The keyboard reader, driven by Pilot in a real Textual app with the real leaflet."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

from pilot_helpers import screen_text, wait_until
from rich.console import Console
from rich.table import Table
from textual.widgets import Static

from hfs_tui import actions, state
from hfs_tui.content.loader import load_library
from hfs_tui.docs import keys_table
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.confirm import ConfirmScreen
from hfs_tui.ui.screens.contents import ContentsScreen
from hfs_tui.ui.screens.focus import FocusScreen
from hfs_tui.ui.screens.glossary import GlossaryScreen
from hfs_tui.ui.screens.help import HelpRows, HelpScreen
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
            "• [reader] text_width (Text width in columns): 9000 is not allowed; it should "
            "be a whole number from 40 to 120. Using 70.",
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


async def test_invalid_toml_is_reported_not_a_crash(write_settings):
    write_settings("[reader\ntheme = ")
    app = HfsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notices = str(app.screen.query_one("#notices", Static).content)
        # A line of the file was left out: said as such, not as "1 setting was ignored".
        assert notices == ("Your settings file has a mistake on line 1: the lines that "
                           "could be read are in use, the rest have the usual settings. "
                           "Press w for details.")
        assert isinstance(app.screen, ContentsScreen)
        await pilot.press("w")
        problem = str(app.screen.query_one(".problem", Static).content)
        assert problem.startswith('• Line 1 reads "[reader": a heading needs a ] at its end')
        assert "TOML" not in problem


async def test_a_settings_file_with_a_mistake_says_so_in_plain_words(write_settings):
    path = write_settings("[reader\ntext_width = 90\n")
    original = path.read_text()
    app = HfsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notices = str(app.screen.query_one("#notices", Static).content)
        assert notices.startswith("Your settings file has a mistake on line 1: the lines "
                                  "that could be read are in use")
        await pilot.press("w")
        assert isinstance(app.screen, SettingsProblemsScreen)
        intro = str(app.screen.query_one("#problems-intro", Static).content)
        assert intro == ("Your settings file has a mistake. The lines that could be read "
                         "are in use; anything else has its usual setting. Nothing in it "
                         f"was changed or lost. It is {path}")
        problems = [str(w.content) for w in app.screen.query(".problem")]
        assert problems == ['• Line 1 reads "[reader": a heading needs a ] at its end, like '
                            "[reader]. Fix that line in a text editor and start hfs-tui "
                            "again."]
        shown = " ".join([intro, *problems])
        assert "TOML" not in shown and "setting was ignored" not in shown
        assert app.settings.reader.text_width == 90  # the line after the typo is used
    assert path.read_text() == original  # nothing changed or lost


async def test_a_broken_line_further_down_is_named_by_its_number(write_settings):
    write_settings('[reader]\ntext_width = 90\n\n[speech]\nvoice = "a\n')
    app = HfsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notices = str(app.screen.query_one("#notices", Static).content)
        assert "has a mistake on line 5" in notices
        await pilot.press("w")
        problem = str(app.screen.query_one(".problem", Static).content)
        assert problem.startswith('• Line 5 reads "voice = "a": a value in quotes needs its '
                                  "closing quote")


async def test_keymap_from_settings_remaps_a_key(write_settings):
    write_settings('[keymap]\nnext_section = "j"\n')
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


async def test_two_quick_digits_open_sections_10_and_up(monkeypatch):
    # A person's two quick digits are well inside the window; a loaded test machine
    # can take longer than 1 s to open the first digit's section, so widen it here.
    monkeypatch.setattr("hfs_tui.ui.navigation.SECOND_DIGIT_SECONDS", 10.0)
    app = HfsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "2")
        assert current_section(app) == SECTIONS[11].id
        await pilot.press("1", "0")
        assert current_section(app) == SECTIONS[9].id
        await pilot.press("1", "3")
        assert current_section(app) == SECTIONS[12].id
        await pilot.press("1", "4")  # there is no 14: the 4 opens section 4
        assert current_section(app) == SECTIONS[3].id
        # The first digit acts at once; a second one too late is a number of its own.
        monkeypatch.setattr("hfs_tui.ui.navigation.SECOND_DIGIT_SECONDS", 0.05)
        await pilot.press("1")
        assert current_section(app) == SECTIONS[0].id
        await pilot.pause(0.1)
        await pilot.press("3")
        assert current_section(app) == SECTIONS[2].id
        await pilot.press("h", "0")  # 0 alone: stays, says so
        assert isinstance(app.screen, ContentsScreen)


async def test_home_and_end_go_to_the_top_and_bottom_of_a_section():
    app = HfsApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("2", "end")
        reading = app.screen.query_one("#reading")
        assert reading.max_scroll_y > 0 and reading.scroll_y == reading.max_scroll_y
        await pilot.press("home")
        assert reading.scroll_y == 0
        await pilot.press("f", "end")
        assert app.screen.index == len(SECTIONS[1].sentences) - 1
        await pilot.press("home")
        assert app.screen.index == 0


async def test_ctrl_c_asks_to_quit_like_q():
    app = HfsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+c")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, ContentsScreen)


async def test_command_palette_offers_no_developer_panels():
    app = HfsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Keys" not in titles and "Screenshot" not in titles
        assert "Quit" in titles and "Help: every key and what you can say" in titles


async def test_help_lists_each_key_once_with_one_meaning_per_screen():
    from hfs_tui.ui.screens.help import screen_rows
    from hfs_tui.ui.screens.section import SECTION_ACTIONS

    here = [actions.get(a) for a in SECTION_ACTIONS]
    rows = screen_rows(here)
    keys = [name for key_text, _, _ in rows for name in key_text.split(" or ")
            if key_text not in ("-", "A number")]
    assert len(keys) == len(set(keys)), sorted(keys)
    meaning = {key_text: what for key_text, what, _ in rows}
    assert meaning["Space"] == ("While reading aloud: pause or resume reading. "
                                "Otherwise: scroll down a page.")
    assert meaning["Esc"] == ("While reading aloud: stop reading. "
                              "Otherwise: go back to the list of sections.")


async def test_settings_open_on_the_first_field_and_show_on_off_in_words():
    app = HfsApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("s")
        assert app.screen.focused is app.screen.query_one("#setting-reader--theme")
        await pilot.press("tab")
        box = app.screen.query_one("#setting-reader--reduce-motion")
        assert str(box.label) == "Off"
        await pilot.press("space")
        assert app.settings.reader.reduce_motion is True
        assert str(box.label) == "On"
        assert "[x] On" in str(box.render())


async def test_text_width_applies_at_once_to_the_open_section():
    app = HfsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        assert app.screen.query_one("#page").size.width == 70
        await pilot.press("s")
        field = app.screen.query_one("#setting-reader--text-width")
        field.value = "45"
        field.focus()
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert app.screen.query_one("#page").size.width == 45


async def test_a_broken_leaflet_folder_in_settings_is_refused_in_words(tmp_path):
    (tmp_path / "leaflet").mkdir()
    (tmp_path / "leaflet" / "01-x.md").write_text("---\nid: x\n---\n")
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        field = app.screen.query_one("#setting-reader--content-dir")
        field.value = str(tmp_path)
        field.focus()
        await pilot.press("enter")
        error = app.screen.query_one("#setting-reader--content-dir-error", Static)
        from pilot_helpers import wait_until

        await wait_until(pilot, lambda: str(error.content))
        message = str(error.content)
        assert message.startswith(f"Leaflet folder: {tmp_path} cannot be used")
        assert "--content" not in message and "The leaflet you had stays" in message
        assert app.settings.reader.content_dir == ""
        assert len(app.library.sections) == len(SECTIONS)


async def test_a_good_leaflet_folder_in_settings_is_used_at_once(tmp_path):
    import shutil

    from hfs_tui.paths import builtin_content_dir

    folder = tmp_path / "mine"
    shutil.copytree(builtin_content_dir(), folder)
    first = sorted((folder / "leaflet").glob("*.md"))[0]
    first.write_text(first.read_text().replace(SECTIONS[0].title, "Our own first page", 1))
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "s")
        field = app.screen.query_one("#setting-reader--content-dir")
        field.value = str(folder)
        field.focus()
        await pilot.press("enter")
        from pilot_helpers import wait_until

        await wait_until(pilot, lambda: app.settings.reader.content_dir == str(folder))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ContentsScreen))
        entries = app.screen.query_one("#sections", SectionList).entries
        assert any(str(entry).startswith(" 1. Our own first page") for entry in entries)


def test_doctor_and_loading_say_a_whole_file_was_ignored_without_the_format_name(write_settings,
        private_folders):
    from hfs_tui import settings as settings_model

    path = write_settings("[reader\n")
    (check,) = settings_model.checks()
    assert not check.ok
    assert check.message.startswith(f"{path} has a mistake on line 1, so the lines that "
                                    "could be read are in use and the rest have the usual "
                                    "settings. Line 1 reads")
    assert "TOML" not in check.message
    path.write_bytes(b"[reader]\ntheme = \"\xff\"\n")
    loaded = settings_model.load()
    assert loaded.unreadable == "it is not plain text: save it as UTF-8 text"
    assert loaded.problems == ["It cannot be opened: it is not plain text: save it as UTF-8 "
                               "text."]
    assert settings_model.startup_notice(loaded.problems, loaded.unreadable, "w") == (
        "Your settings file could not be read (it is not plain text: save it as UTF-8 "
        "text), so the usual settings are in use. Press w for details.")


async def test_settings_have_one_reading_voice_choice_and_the_system_voices_only_under_it(
        private_folders):
    app = HfsApp()
    sampled: list[str] = []
    async with app.run_test(size=(120, 50)) as pilot:
        sample = app.narration.sample
        app.narration.sample = lambda engine: (sampled.append(engine), sample(engine))[1]
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        engine = screen.query_one("#setting-speech--engine")
        # Tab from the first field: the reading voice is the first thing under its heading.
        for _ in range(5):
            await pilot.press("tab")
        assert screen.focused is engine
        labels = [str(w.content) for w in screen.query(".setting-label") if w.display
                  and w.parent.display]
        first = labels.index("Reading voice (natural or system)")
        speed = labels.index("Reading speed, words a minute (80 to 400)")
        assert labels[first:speed] == ["Reading voice (natural or system)",
                                       "Hear each one before you choose"]
        assert "System voice to use" not in labels and "Voice" not in labels
        # The samples sit just below the choice, then the rest of "Reading aloud".
        await pilot.press("tab")
        assert screen.focused.id == "sample-natural"
        await pilot.press("enter")
        await pilot.press("tab")
        assert screen.focused.id == "sample-system"
        await pilot.press("tab")
        assert screen.focused.id == "setting-speech--rate"  # the system's voices: hidden
        assert not screen.query_one("#system-voice-row").display
        # Choosing the system voice brings its own choice of voices, right below.
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert screen.focused is engine
        await pilot.press("enter", "down", "enter")
        await wait_until(pilot, lambda: app.settings.speech.engine == "system")
        assert screen.query_one("#system-voice-row").display
        assert "System voice to use" in screen_text(app)
        for _ in range(3):
            await pilot.press("tab")
        assert screen.focused.id == "setting-speech--voice"
        await pilot.press("tab")
        assert screen.focused.id == "play-sample"
        await pilot.press("enter")
        assert sampled == ["natural", "system"]
        # And back: the system's voices go away again.
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab")
        assert screen.focused is engine
        await pilot.press("enter", "up", "enter")
        await wait_until(pilot, lambda: app.settings.speech.engine == "natural")
        assert not screen.query_one("#system-voice-row").display
    saved = tomllib.loads((private_folders["config"] / "settings.toml").read_text())
    assert saved["speech"]["engine"] == "natural"


async def test_help_spells_symbol_keys_and_never_uses_a_dash_for_no_key():
    app = HfsApp()
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("1", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = []  # (key, what it does, say), each cell as shown, lines joined
        for widget in app.screen.query(".help-table"):
            table = widget.content
            if isinstance(table, HelpRows):
                table = table.as_table()  # what 120 columns show
            if not isinstance(table, Table):
                continue  # the "Things you can say" text
            cells = [[" ".join(str(cell).split()) for cell in column.cells]
                     for column in table.columns]
            rows += list(zip(*cells, strict=True))
        keys = {what: key for key, what, *_ in rows}
        # A key is never a lone "-": that is the key that makes the voice slower.
        assert "-" not in keys.values()
        assert keys["Speak slower"] == "Minus (-)"
        assert keys["Speak faster"] == "Plus (+) or Equals (=)"
        assert keys["Repeat the last sentence"] == "Full stop (.)"
        # Space pauses while reading (its shared row says so too); spoken-only: "Say it".
        assert keys["Pause or resume reading"] == "Space (while reading)"
        assert keys[("While reading aloud: pause or resume reading. Otherwise: scroll "
                     "down a page.")] == "Space"
        for spoken_only in ("Start an exercise by its name", "Open a section by its name",
                            "Voice: start listening again"):
            assert keys[spoken_only] == "Say it", spoken_only
        # The same names in the README's table, generated from the same registry.
        assert "| Minus (-) | Speak slower |" in keys_table()
        assert "| Say it | Start an exercise by its name |" in keys_table()
        assert not [line for line in keys_table().splitlines() if line.startswith("| - |")]


async def test_settings_show_the_system_voices_at_once_when_the_system_voice_reads(write_settings,
        private_folders):
    write_settings('[speech]\nengine = "system"\n')
    app = HfsApp()
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("s")
        assert app.screen.query_one("#system-voice-row").display
        label = app.screen.query_one("#system-voice-row .setting-label", Static)
        assert str(label.content) == "System voice to use"
        assert str(app.screen.query_one("#play-sample").label) == "Hear it"


async def test_the_app_starts_at_the_contents_when_the_saved_place_is_damaged():
    # 1e999 is infinity to json: int() of it raised OverflowError and the app never started.
    state.position_file().parent.mkdir(parents=True, exist_ok=True)
    state.position_file().write_text(
        f'{{"section_id": "{SECTIONS[2].id}", "sentence": 1e999}}', encoding="utf-8")
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContentsScreen)
        first = app.screen.query_one("#sections", SectionList).entries[0]
        assert not str(first).startswith("Continue where you left off")
