"""The contents: numbered sections with a one-line summary each."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Static

from hfs_tui.content.models import Library
from hfs_tui.ui.bindings import bindings_for
from hfs_tui.ui.screens.base import HfsScreen
from hfs_tui.ui.services import Navigation, ReaderServices
from hfs_tui.ui.widgets.section_list import Entry, SectionList

CONTENTS_ACTIONS = ("go_to_section", "continue_reading", "read_aloud", "focus_mode")
CONTINUE = "continue"


class ContentsScreen(HfsScreen):
    ACTION_IDS = CONTENTS_ACTIONS
    BINDINGS = bindings_for(CONTENTS_ACTIONS, footer=())

    # No container of its own: the screen centres the page (one widget less to mount).
    # The top bar is docked so that it is not part of what is centred.
    DEFAULT_CSS = """
    ContentsScreen {
        align-horizontal: center;
    }
    #top-bar {
        dock: top;
    }
    #notices, #contents-hint, #sections {
        width: 1fr;
        max-width: 80;
        margin: 1 2;
    }
    #notices {
        height: auto;
        color: $text;
        text-style: bold;
        margin: 1 2 0 2;
    }
    #contents-hint {
        color: $text-muted;
    }
    #sections {
        height: 1fr;
        margin: 0 2;
    }
    """

    def __init__(self, library: Library, services: ReaderServices,
                 notices: Callable[[], list[str]] = list) -> None:
        """`notices`: lines to show above the list (start-up problems), asked afresh."""
        super().__init__("Hemifacial spasm: a guide", services.narration)
        self.services = services
        self.navigation: Navigation = services.navigation
        self.notices = notices
        self.library = library
        self.sections = sorted(library.sections, key=lambda s: s.order)

    def compose_body(self) -> ComposeResult:
        notices = self.notices()
        if notices:
            yield Static("\n".join(notices), id="notices")
        yield Static("Choose a section: press its number, or Enter.", id="contents-hint")
        yield SectionList(self._entries(), id="sections")

    def _entries(self) -> list[Entry]:
        entries = []
        saved = self.navigation.saved_position()
        if saved is not None:
            number, section = saved
            entries.append(Entry(CONTINUE, "Continue where you left off",
                                 f"  (c): {number}. {section.title}"))
        for number, section in enumerate(self.sections, 1):
            entries.append(Entry(section.id, f"{number:>2}. {section.title}",
                                 detail=section.summary))
        return entries

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(SectionList).focus()

    def refresh_continue(self) -> None:
        """Rebuild the list so the "continue" line shows the latest position."""
        self.query_one(SectionList).set_entries(self._entries())
        self._refresh_notices()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self._refresh_notices()

    def _refresh_notices(self) -> None:
        """The one-line notice goes once its list has been seen."""
        for notices in self.query("#notices"):
            if not self.notices():
                notices.display = False

    def show_library(self, library: Library) -> None:
        """Show another leaflet (the folder was changed in Settings)."""
        self.library = library
        self.sections = sorted(library.sections, key=lambda s: s.order)
        self.query_one(SectionList).set_entries(self._entries())

    def on_section_list_chosen(self, event: SectionList.Chosen) -> None:
        if event.entry.id == CONTINUE:
            self.action_continue_reading()
        else:
            self.navigation.open_section_number(self._number_of(event.entry))

    def _number_of(self, entry: Entry) -> int:
        if entry.id == CONTINUE:
            saved = self.navigation.saved_position()
            return saved[0] if saved else 1
        return [s.id for s in self.sections].index(entry.id) + 1

    def action_go_to_section(self, number: int) -> None:
        self.navigation.open_section_number(int(number))

    def action_continue_reading(self) -> None:
        self.navigation.continue_reading()

    def _highlighted_number(self) -> int:
        entry = self.query_one(SectionList).highlighted_entry
        return self._number_of(entry) if entry is not None else 1

    def action_read_aloud(self) -> None:
        self.navigation.open_section_number(self._highlighted_number(), read=True)

    def action_focus_mode(self) -> None:
        self.navigation.open_section_number(self._highlighted_number(), focus=True)
