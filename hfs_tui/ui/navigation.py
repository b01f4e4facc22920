"""Moving around the leaflet: the contents, one reader screen above it, the saved place.

Works in any Textual app: the contents screen is found in the screen stack, and the
section and focus screens it opens get the same services it was given.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hfs_tui import state
from hfs_tui.content.models import Library, Section
from hfs_tui.ui.save_notices import SaveNotices
from hfs_tui.ui.services import Narration, ReaderServices, SettingsAccess

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

SECOND_DIGIT_SECONDS = 2.0
"""How soon a second digit must follow the first to make one number (1, 2 -> 12).
Two seconds, as on a TV remote: at 1 s, a slow typist's "1", "3" opened section 3
(seen in tmux). The cost is small: pressing "1" then "3" within 2 s for section 3."""


class Navigator:
    def __init__(self, app: App[Any], library: Callable[[], Library | None],
                 narration: Narration, settings: SettingsAccess,
                 notices: SaveNotices) -> None:
        self.app = app
        self.library = library
        self.narration = narration
        self.settings = settings
        self.notices = notices
        self.services = ReaderServices(narration, self, settings)
        self._first_digit: tuple[int, float] | None = None

    @property
    def ordered_sections(self) -> list[Section]:
        library = self.library()
        return sorted(library.sections, key=lambda s: s.order) if library else []

    def open_section_number(self, number: int, sentence: int | None = None,
                            focus: bool | None = None, read: bool = False,
                            moved: bool = False) -> None:
        from hfs_tui.ui.screens.focus import FocusScreen
        from hfs_tui.ui.screens.section import SectionScreen

        app = self.app
        sections = self.ordered_sections
        if not 1 <= number <= len(sections):
            app.bell()
            app.notify(f"There is no section {number}. Sections go from 1 to "
                       f"{len(sections)}.", timeout=5)
            return
        if moved:
            self.moved()
        section = sections[number - 1]
        if focus is None:
            focus = isinstance(app.screen, FocusScreen)
        screen_class = FocusScreen if focus else SectionScreen
        if type(app.screen) is screen_class:
            app.screen.show_section(section, number, sentence or 0)
        else:
            self._show_reader(screen_class(section, number, len(sections), sentence or 0,
                                           services=self.services))
        if read:
            self.narration.read_section(section, sentence or 0)
        else:
            # load the voice while the user reads the first lines
            self.narration.prepare(section, sentence or 0)

    def section_digit(self, digit: int, go: Callable[[int], None]) -> None:
        """Open a section by a typed digit; a second digit soon after makes 10 to 99.

        The first digit acts at once (no waiting on every key press): "1" opens
        section 1, and a "2" within SECOND_DIGIT_SECONDS then opens section 12.
        """
        now = time.monotonic()
        first, self._first_digit = self._first_digit, None
        total = len(self.ordered_sections)
        if first is not None and now - first[1] <= SECOND_DIGIT_SECONDS:
            number = first[0] * 10 + digit
            if number <= total:
                go(number)
                return
        if digit == 0:
            self.app.bell()
            self.app.notify(f"There is no section 0. Sections go from 1 to {total}: for "
                            "10 and up, type both digits within 2 seconds.", timeout=5)
            return
        if digit * 10 <= total:
            self._first_digit = (digit, now)
        go(digit)

    def open_section_id(self, section_id: str) -> None:
        ids = [s.id for s in self.ordered_sections]
        if section_id in ids:
            self.open_section_number(ids.index(section_id) + 1, moved=True)

    def _contents_depth(self) -> int:
        """How many screens there are up to the contents (1 in the app, at the bottom)."""
        from hfs_tui.ui.screens.contents import ContentsScreen

        for depth, screen in enumerate(self.app.screen_stack, 1):
            if isinstance(screen, ContentsScreen):
                return depth
        return 1

    def _show_reader(self, screen: Screen[Any]) -> None:
        """Show a section: replace whatever is above the contents, never pile up.

        Switching (rather than popping back to the contents and pushing) spares the
        contents screen a resume and a repaint on every page turn.
        """
        app = self.app
        depth = self._contents_depth()
        while len(app.screen_stack) > depth + 1:  # the contents, then one reader screen
            app.pop_screen()
        if len(app.screen_stack) == depth + 1:
            app.switch_screen(screen)
        else:
            app.push_screen(screen)

    def show_contents(self) -> None:
        from hfs_tui.ui.screens.contents import ContentsScreen

        app = self.app
        while len(app.screen_stack) > self._contents_depth():
            app.pop_screen()
        if isinstance(app.screen, ContentsScreen):
            app.screen.refresh_continue()

    def open_focus(self, section: Section, number: int, sentence: int) -> None:
        self.open_section_number(number, sentence=sentence, focus=True)

    def continue_reading(self, focus: bool = False) -> None:
        saved = self.saved_position()
        if saved is None:
            self.open_section_number(1, focus=focus)
            return
        number, section = saved
        position = state.load_position()
        self.open_section_number(number, sentence=position.sentence if position else 0,
                                 focus=focus)

    def saved_position(self) -> tuple[int, Section] | None:
        position = state.load_position()
        if position is None:
            return None
        for number, section in enumerate(self.ordered_sections, 1):
            if section.id == position.section_id:
                return number, section
        return None

    def remember_position(self, section_id: str, sentence: int) -> None:
        """Remember the reading position; the one writer saves the latest off this thread."""
        state.save_position(state.Position(section_id, sentence),
                            on_done=self.notices.reporter())

    def moved(self) -> None:
        """A navigation key stops reading, unless "keep reading while I move" is on."""
        if not self.settings.settings.speech.keep_reading_while_moving:
            self.narration.stop()

    def reading_finished(self, section: Section | None, part: str) -> None:
        if (section is None or part != "body"
                or not self.settings.settings.speech.read_all):
            return
        ids = [s.id for s in self.ordered_sections]
        number = ids.index(section.id) + 2
        if number <= len(ids):
            self.open_section_number(number, read=True)

    def open_glossary(self, section: Section | None) -> None:
        from hfs_tui.ui.screens.glossary import GlossaryScreen

        library = self.library()
        if library is not None and not isinstance(self.app.screen, GlossaryScreen):
            self.app.push_screen(GlossaryScreen(library, section))


def load_content(folder: Path | None) -> tuple[Library | None, list[str]]:
    """The leaflet in `folder` (None: the built-in one), or None and its problems."""
    from hfs_tui.content.cache import load_quickly
    from hfs_tui.paths import builtin_content_dir

    return load_quickly(folder or builtin_content_dir())
