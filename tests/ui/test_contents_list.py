"""The contents list (SectionList): keys, mouse, highlight colours and wrapping, in the
real app with the real leaflet."""

from __future__ import annotations

import pytest
from rich.color import Color
from textual.geometry import Offset, Region
from textual.strip import Strip

from hfs_tui import state
from hfs_tui.content.loader import load_library
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.contents import ContentsScreen
from hfs_tui.ui.screens.focus import FocusScreen
from hfs_tui.ui.screens.section import SectionScreen
from hfs_tui.ui.themes import HIGH_CONTRAST
from hfs_tui.ui.widgets.section_list import SectionList

SECTIONS = sorted(load_library().sections, key=lambda s: s.order)


def section_list(app: HfsApp) -> SectionList:
    assert isinstance(app.screen, ContentsScreen), type(app.screen)
    return app.screen.query_one("#sections", SectionList)


def content_lines(widget: SectionList) -> list[Strip]:
    """The list's visible lines as drawn, inside its border and padding."""
    strips = widget.render_lines(Region(0, 0, *widget.outer_size))
    gutter = widget.styles.gutter
    region = widget.scrollable_content_region
    return [strip.crop(gutter.left, gutter.left + region.width)
            for strip in strips[gutter.top:gutter.top + region.height]]


def screen_text(widget: SectionList) -> list[str]:
    return [strip.text for strip in content_lines(widget)]


async def test_up_and_down_move_the_highlight_and_wrap_around():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        sections = section_list(app)
        assert app.focused is sections
        assert sections.highlighted == 0
        await pilot.press("down", "down")
        assert sections.highlighted == 2
        await pilot.press("up", "up", "up")  # past the top: to the last section
        assert sections.highlighted == len(SECTIONS) - 1
        await pilot.press("down")  # past the bottom: back to the first
        assert sections.highlighted == 0


async def test_home_end_and_page_keys():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        sections = section_list(app)
        await pilot.press("end")
        assert sections.highlighted == len(SECTIONS) - 1
        # The highlighted section is scrolled into view.
        assert SECTIONS[-1].title in "\n".join(screen_text(sections))
        await pilot.press("home")
        assert sections.highlighted == 0
        assert sections.scroll_offset.y == 0
        await pilot.press("pagedown")
        after_one_page = sections.highlighted
        # A page is the list's height in lines; each section takes two lines.
        assert after_one_page == sections.scrollable_content_region.height // 2
        await pilot.press("pageup")
        assert sections.highlighted == 0


@pytest.mark.parametrize(("keys", "screen_type", "number"), [
    (["down", "down", "enter"], SectionScreen, 3),
    (["end", "enter"], SectionScreen, len(SECTIONS)),
    (["down", "f"], FocusScreen, 2),
])
async def test_enter_and_f_open_the_highlighted_section(keys, screen_type, number):
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*keys)
        assert isinstance(app.screen, screen_type)
        assert app.screen.section.id == SECTIONS[number - 1].id


async def test_r_reads_the_highlighted_section():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "down", "down", "r")
        assert isinstance(app.screen, SectionScreen)
        assert app.screen.section.id == SECTIONS[3].id
        assert app.narration.section is not None and app.narration.section.id == SECTIONS[3].id
        await pilot.press("x")


async def test_a_click_opens_that_section_and_hovering_shows_where_you_are():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        sections = section_list(app)
        # Content starts inside the border (1 line) and the padding (1 column).
        summary_of_third = Offset(10, 1 + 2 * 2 + 1)
        await pilot.hover(SectionList, offset=summary_of_third)
        assert sections.hovered == 2
        assert sections.highlighted == 0
        await pilot.click(SectionList, offset=summary_of_third)
        assert isinstance(app.screen, SectionScreen)
        assert app.screen.section.id == SECTIONS[2].id
        await pilot.press("escape")
        await pilot.click(SectionList, offset=Offset(10, 0))  # the border: nothing
        assert isinstance(app.screen, ContentsScreen)


async def test_continue_line_shows_the_saved_place_and_enter_opens_it():
    state.save_position(state.Position(SECTIONS[4].id, 2))
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        sections = section_list(app)
        first = sections.entries[0]
        assert str(first) == f"Continue where you left off  (c): 5. {SECTIONS[4].title}"
        assert screen_text(sections)[0].startswith(" Continue where you left off  (c): 5.")
        await pilot.press("enter")
        assert isinstance(app.screen, SectionScreen)
        assert app.screen.section.id == SECTIONS[4].id
        assert app.screen.sentence == 2


async def test_returning_to_the_contents_adds_the_continue_line():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "f", "space")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("h")
        sections = section_list(app)
        assert sections.entries[0].id == "continue"
        assert str(sections.entries[0]).endswith(f"2. {SECTIONS[1].title}")
        assert len(sections.entries) == len(SECTIONS) + 1


async def test_the_highlight_stays_on_its_section_when_the_continue_line_appears():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "down", "enter")  # section 3
        await app.workers.wait_for_complete()
        await pilot.press("h")
        sections = section_list(app)
        assert sections.entries[0].id == "continue"
        assert sections.highlighted_entry.id == SECTIONS[2].id
        await pilot.press("enter")
        assert app.screen.section.id == SECTIONS[2].id


async def test_narrow_terminal_wraps_every_word_with_summaries_indented():
    app = HfsApp()
    async with app.run_test(size=(40, 60)) as pilot:
        await pilot.pause()
        sections = section_list(app)
        lines = screen_text(sections)
        assert max(len(line) for line in lines) <= sections.scrollable_content_region.width
        drawn = " ".join(" ".join(lines).split())
        for number, section in enumerate(SECTIONS, 1):
            assert f"{number}. {section.title}" in drawn
            assert section.summary in drawn
        longest = max(SECTIONS, key=lambda s: len(s.summary))
        start = next(i for i, line in enumerate(lines) if longest.summary.split()[0] in line
                     and line.startswith("     "))
        assert lines[start + 1].startswith("     ")  # the summary's second line is indented


async def test_a_title_that_wraps_carries_on_under_its_words_not_its_number():
    app = HfsApp()
    async with app.run_test(size=(30, 60)) as pilot:
        await pilot.pause()
        lines = screen_text(section_list(app))
        title = next(line for line in lines if line.lstrip().startswith("1. "))
        assert not title.rstrip().endswith(SECTIONS[0].title)  # it does wrap at 30
        after = lines[lines.index(title) + 1]
        first_word = SECTIONS[0].title.split()[0]
        assert after.index(after.strip()) == title.index(first_word), (title, after)


@pytest.mark.parametrize("theme", HIGH_CONTRAST, ids=lambda t: t.name)
async def test_highlight_uses_the_themes_block_cursor_colours(write_settings, theme):
    write_settings(f'[reader]\ntheme = "{theme.name}"\n')
    app = HfsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")
        sections = section_list(app)
        strips = content_lines(sections)
        assert strips[2].text.strip() == f"2. {SECTIONS[1].title}"
        highlighted_line = strips[2]
        colours = app.theme_variables
        styles = {segment.style for segment in highlighted_line if segment.text.strip()}
        assert styles
        for style in styles:
            assert style.bgcolor == Color.parse(colours["block-cursor-background"])
            assert style.color == Color.parse(colours["block-cursor-foreground"])
        plain_line = strips[4]  # the third section's title
        for segment in plain_line:
            if segment.text.strip():
                assert segment.style.bgcolor != Color.parse(colours["block-cursor-background"])
