"""Every screen at 60x20 (a large font in a small window): what a user must see is on it.

The walk goes through the app as a user would, by keys only, and reads what the
terminal shows, so text that is cut off, pushed below the key bar or scrolled out of
view fails the test.
"""

from __future__ import annotations

import pytest
from pilot_helpers import screen_text, wait_until

from hfs_tui.content.loader import load_library
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.section import SectionScreen

SIZE = (60, 20)
SECTIONS = sorted(load_library().sections, key=lambda s: s.order)
MAIN_KEYS = ("? Help", "q Quit")


async def _expect(pilot, keys: list[str], *must_see: str) -> str:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()
    text = screen_text(pilot.app)
    missing = [want for want in must_see if want not in text]
    assert not missing, f"after {keys}: missing {missing} from\n{text}"
    # The title bar and the key bar run edge to edge on every screen (padding on a
    # screen would inset them).
    for bar in pilot.app.screen.query("#top-bar, #bottom-bar"):
        assert (bar.region.x, bar.region.width) == (0, pilot.app.size.width), \
            f"after {keys}: {type(pilot.app.screen).__name__} #{bar.id} is at {bar.region}"
    return text


async def test_every_screen_shows_what_a_user_needs_at_60_by_20():
    app = HfsApp()
    async with app.run_test(size=SIZE) as pilot:
        await _expect(pilot, [], "Hemifacial spasm: a guide", "Choose a section",
                      f"1. {SECTIONS[0].title}", *MAIN_KEYS)
        await _expect(pilot, ["2"], "Section 2 of 13", SECTIONS[1].title, "Key points",
                      "n Next", *MAIN_KEYS)
        await _expect(pilot, ["end"], "End of section 2", *MAIN_KEYS)
        await _expect(pilot, ["home"], SECTIONS[1].title, *MAIN_KEYS)
        await _expect(pilot, ["f"], "Focus mode", f"Sentence 1 of {len(SECTIONS[1].sentences)}",
                      *MAIN_KEYS)
        await _expect(pilot, ["question_mark"], "Help", "Esc or ? closes this",
                      "On this screen")
        await _expect(pilot, ["escape", "h", "g"], "Word list", "Esc Back", *MAIN_KEYS)
        await _expect(pilot, ["escape", "s"], "Settings", "Colours (theme)", "hfs-calm",
                      "Reduce motion", "[ ] Off", "Esc Back", *MAIN_KEYS)
        await _expect(pilot, ["tab", "tab"], "Text width in columns", "70")
        await _expect(pilot, ["escape", "e"], "Relaxation exercises", "1. Calm breathing",
                      "They are not a treatment.", "Length: 3 minutes", "Esc Back",
                      *MAIN_KEYS)
        # One line, so the list keeps its room.
        assert pilot.app.screen.query_one("#exercises-note").region.height == 1
        await _expect(pilot, ["enter"], "Relaxation: Calm breathing", "x Stop",
                      "Space Pause")
        await _expect(pilot, ["x", "escape", "d"], "Your diary", "injection", "last 30 days",
                      "When",
                      *MAIN_KEYS)
        await _expect(pilot, ["l"], "How bad are the spasms now?", "0 is none",
                      "Esc: cancel")
        await _expect(pilot, ["escape", "escape", "q"], "Quit hfs-tui?", "Yes (y)", "No (n)")
        await pilot.press("n")


@pytest.mark.parametrize("height", [14, 12])
async def test_the_diary_in_a_window_of_40_by_14_keeps_its_title_and_its_list(height):
    # A large font in a small window: the chart's smallest height pushed the title
    # off the top, and the list to one row. The chart goes; the words stay.
    from datetime import datetime, timedelta

    from hfs_tui.diary import Diary

    with Diary.open() as diary:
        diary.log_injection(at=datetime.now() - timedelta(days=20))
        for day in range(3):
            diary.log_spasm(6, at=datetime.now() - timedelta(days=day, hours=1))
    app = HfsApp()
    async with app.run_test(size=(40, height)) as pilot:
        text = await _expect(pilot, ["d"], "Next injection:", "When",
                             "l Log", "q Quit")
        await wait_until(pilot, lambda: "Spasm 6 out" in screen_text(app))
        text = screen_text(app)
        assert text.splitlines()[0].startswith(" Your diary"), text
        assert text.count("Spasm 6 out") == 3, text
        assert app.screen.scroll_y == 0
        assert "This uses the usual" not in text


async def test_the_quit_question_at_40_columns_shows_both_answers():
    app = HfsApp()
    async with app.run_test(size=(40, 14)) as pilot:
        await _expect(pilot, ["q"], "Quit hfs-tui?", "Yes (y)", "No (n)",
                      "Press y for yes, or n for no.")
        dialog = app.screen.query_one("#dialog").region
        for button in app.screen.query("#buttons Button"):
            assert dialog.contains_region(button.region), (button.id, button.region)
        await pilot.press("n")


async def test_help_at_40_columns_stacks_each_row_so_no_word_is_cut():
    # Three columns at 40 cells cut the phrases to "sect…"; stacked, each is whole.
    from hfs_tui.ui.screens.help import HelpScreen

    app = HfsApp()
    async with app.run_test(size=(40, 14)) as pilot:
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        lines = []
        for table in app.screen.query(".help-table"):
            width = table.content_region.width
            lines += [strip.text for strip in table.render_lines(
                table.content_region.reset_offset)[:table.virtual_size.height or None]]
            assert width < 40
        text = "\n".join(lines)
        assert "…" not in text
        assert 'Say: "section one", "section' in text
        assert "  Open a section by its number" in text


async def test_reading_says_so_and_the_key_bar_offers_stop_and_pause():
    app = HfsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "r")
        await wait_until(pilot, lambda: app.speaking is not None)
        await wait_until(pilot, lambda: "Reading, sentence" in screen_text(app))
        text = screen_text(app)
        total = len(SECTIONS[1].sentences)
        assert f"of {total}. Space pauses, x stops." in text
        assert "Space Pause" in text and "x Stop" in text and "q Quit" in text
        await pilot.press("space")
        await wait_until(pilot, lambda: "Paused, sentence" in screen_text(app))
        assert "Space Carry on" in screen_text(app)
        await pilot.press("x")
        await wait_until(pilot, lambda: "Paused" not in screen_text(app))
        text = screen_text(app)
        assert "x Stop" not in text and "Reading" not in text


async def test_reading_with_no_sound_output_says_it_is_silent(monkeypatch):
    monkeypatch.setenv("HFS_TUI_PLAYER", "no-such-player-here {file}")
    app = HfsApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "r")
        await wait_until(pilot, lambda: "Reading silently: no sound output"
                         in screen_text(app))
        assert isinstance(app.screen, SectionScreen)
        await pilot.press("x")


async def test_key_bar_keeps_help_and_quit_at_every_width():
    for width in (60, 70, 80, 100, 120, 200):
        app = HfsApp()
        async with app.run_test(size=(width, 24)) as pilot:
            await pilot.press("2")
            await pilot.pause()
            bar = screen_text(app).splitlines()[-1]
            assert "? Help" in bar and "q Quit" in bar, (width, bar)
            assert bar.rstrip()[-1] != "…", (width, bar)
            if width >= 100:
                assert "Ctrl+P Commands" in bar, (width, bar)


async def test_a_title_too_long_for_the_window_ends_in_an_ellipsis():
    # At 40 columns "Hemifacial spasm: a guide" does not fit beside the voice state;
    # cut at a word it read "Hemifacial spasm: a", as if that were the whole title.
    app = HfsApp()
    async with app.run_test(size=(40, 14)) as pilot:
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert top.startswith(" Hemifacial spasm: a gu…") and "Voice off" in top, top


async def test_without_colour_on_and_off_read_in_words(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = HfsApp()
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        await pilot.press("s", "tab")
        assert "[ ] Off" in screen_text(app)
        await pilot.press("space")
        assert "[x] On" in screen_text(app)
        assert "Saved." in screen_text(app)


async def test_ten_bad_settings_take_one_line_and_a_list_at_60_by_20(write_settings):


    bad = "\n".join(f"unknown_{n} = 1" for n in range(8))
    path = write_settings(f"{bad}\n[reader]\ntext_width = 200\n"
                                           "[speech]\nrate = \"fast\"\n")
    app = HfsApp()
    async with app.run_test(size=SIZE) as pilot:
        text = await _expect(pilot, [], "10 settings were ignored: press w to see why.",
                             f"1. {SECTIONS[0].title}", *MAIN_KEYS)
        assert str(path) not in text
        text = await _expect(pilot, ["w"], "10 settings were ignored", "Esc closes this",
                             "There is no setting called unknown_0")
        assert text.count("settings.toml") <= 2  # the path, said once (it may wrap)


async def test_a_setting_used_only_at_start_says_so():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        box = app.screen.query_one("#setting-reader--start-in-focus-mode")
        box.focus()
        await pilot.press("space")
        assert app.settings.reader.start_in_focus_mode is True
        assert "It is used each time hfs-tui starts." in screen_text(app)


async def test_a_small_dialog_leaves_the_screen_behind_it_in_view_but_help_hides_it():
    # The app's Screen rule once gave every dialog an opaque background, so the quit
    # question and the spasm rating stood on a blank screen and the user lost sight
    # of where they were.
    app = HfsApp()
    async with app.run_test(size=SIZE) as pilot:
        text = await _expect(pilot, ["q"], "Quit hfs-tui?", "Choose a section")
        assert "Hemifacial spasm: a guide" in text
        await _expect(pilot, ["n", "d", "l"], "How bad are the spasms now?", "Your diary")
        text = await _expect(pilot, ["escape", "escape", "question_mark"],
                             "Esc or ? closes this")
        assert "e Exercises" not in text, f"the key bar behind shows through help:\n{text}"


async def test_the_settings_path_wraps_between_folders_at_40_columns():
    # Rich wraps only at spaces, so the path was cut where the line ended:
    # ".../hfs-tui/settings.tom" then "l", which reads as two wrong names.
    app = HfsApp()
    async with app.run_test(size=(40, 14)) as pilot:
        text = await _expect(pilot, ["s"], "Saved in", "Esc Back")
        lines = [line.strip() for line in text.splitlines()]
        start = next(n for n, line in enumerate(lines) if line.startswith("Saved in"))
        shown_lines = [lines[start]]
        for line in lines[start + 1:]:
            if not line or " " in line:
                break
            shown_lines.append(line)
        for line in shown_lines[:-1]:
            assert line.endswith(("/", "Saved in")), f"cut inside a name: {line!r}\n{text}"
        shown = "".join(shown_lines).removeprefix("Saved in").strip()
        assert shown == str(app.settings_path), (shown, app.settings_path)


def test_path_lines_break_after_a_folder_and_keep_each_name_whole():
    from hfs_tui.ui.widgets.path_text import path_lines

    text = "Saved in /home/ann/.config/hfs-tui/settings.toml"
    assert path_lines(text, 80) == [text]
    assert path_lines(text, 36) == ["Saved in /home/ann/.config/hfs-tui/", "settings.toml"]
    assert path_lines(text, 20) == ["Saved in /home/ann/", ".config/hfs-tui/", "settings.toml"]
    windows = r"Saved in C:\Users\Ann\AppData\Local\hfs-tui\settings.toml"
    assert path_lines(windows, 20) == ["Saved in C:\\Users\\", "Ann\\AppData\\Local\\",
                                       "hfs-tui\\", "settings.toml"]
    assert path_lines("one\ntwo three", 5) == ["one", "two", "three"]
    # Only a name wider than the whole line is cut.
    assert path_lines("/a/verylongname", 6) == ["/a/", "verylo", "ngname"]


async def test_focus_mode_at_40_by_12_shows_every_sentence_whole():
    # Focus mode is for people who lose their place: the sentence must never be cut
    # off. At 40x12 the end of a long one was below the key bar, with no way to see it.
    app = HfsApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("1", "f")
        await pilot.pause()
        for number, section in enumerate(SECTIONS, start=1):
            if number > 1:
                await pilot.press("space")  # from the last sentence: the next section
            for index, sentence in enumerate(section.sentences):
                if index:
                    await pilot.press("space")
                await wait_until(pilot, lambda i=index, n=number: (
                    f"Sentence {i + 1} of" in screen_text(pilot.app)
                    and f"Section {n}" in str(pilot.app.screen.bar_title)))
                text = " ".join(screen_text(pilot.app).split())
                shown = " ".join(
                    line.strip(" ▊▎▔▁") for line in screen_text(pilot.app).splitlines())
                assert " ".join(sentence.split()) in " ".join(shown.split()), \
                    f"section {number} sentence {index + 1} is cut off:\n" \
                    f"{screen_text(pilot.app)}"
                assert "? Help" in text


async def test_the_spasm_dialog_at_40_by_12_shows_every_number_and_scrolls_to_save():
    # The 0-10 strip fell to a lone "0" while 3 was chosen, and Save was below the
    # edge with the focus on it: nothing on screen showed where the user was.
    from hfs_tui.ui.screens.log_spasm import LogSpasmScreen

    app = HfsApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("l", "3")
        await wait_until(pilot, lambda: isinstance(app.screen, LogSpasmScreen))
        await pilot.pause()
        strip = [row.split() for row in screen_text(app).splitlines()]
        assert [str(n) for n in range(11)] in [row[1:-1] for row in strip], screen_text(app)
        assert "Enter: next." in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Anything" in screen_text(app))
        assert "jaw" in screen_text(app) and "stressed" in screen_text(app), screen_text(app)
        save = app.screen.query_one("#save")
        while app.focused is not save:
            await pilot.press("tab")
        await pilot.pause()
        assert "Save (Enter)" in screen_text(app), screen_text(app)


async def test_the_treatment_choice_and_the_exercise_fit_small_windows():
    app = HfsApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await _expect(pilot, ["d", "t"], "Injection (i)", "Side effect of a treatment (x)",
                      "Esc: cancel")
    app = HfsApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await _expect(pilot, ["e", "enter"], "Getting ready", "Starting in", "x Stop")


async def test_focus_mode_key_bar_while_reading_names_each_key_once():
    # While reading, Space pauses; the bar also said "Space Next", though Space no
    # longer moves on then (Right does).
    from hfs_tui.ui.screens.focus import FocusScreen

    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "f", "r")
        await wait_until(pilot, lambda: isinstance(app.screen, FocusScreen)
                         and "Space Pause" in screen_text(app).splitlines()[-1])
        bar = screen_text(app).splitlines()[-1]
        assert "Right Next" in bar and "Space Next" not in bar, bar
        await pilot.press("x")
        await wait_until(pilot, lambda: "Space Next" in screen_text(app).splitlines()[-1])


async def test_the_arrow_keys_move_between_the_tick_boxes():
    # Right and then Space unticked the box just ticked: only Tab moved on.
    from hfs_tui.ui.screens.log_spasm import LogSpasmScreen, TickBox

    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LogSpasmScreen))
        await pilot.press("3", "enter")
        await wait_until(pilot, lambda: isinstance(app.focused, TickBox))
        await pilot.press("space", "right", "space", "down", "space", "left")
        await pilot.pause()
        boxes = list(app.screen.query(TickBox))
        assert [box.value for box in boxes[:3]] == [True, True, True]
        assert app.focused is boxes[1]
