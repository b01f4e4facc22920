"""The contents: numbered sections with a one-line summary each."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hfs_tui.content.models import Library
from hfs_tui.ui.bindings import bindings_for
from hfs_tui.ui.screens.base import HfsScreen

CONTENTS_ACTIONS = ("go_to_section", "continue_reading", "read_aloud", "focus_mode")
CONTINUE = "continue"


class ContentsScreen(HfsScreen):
    ACTION_IDS = CONTENTS_ACTIONS
    BINDINGS = bindings_for(CONTENTS_ACTIONS, footer=())

    def __init__(self, library: Library) -> None:
        super().__init__("Hemifacial spasm: a guide")
        self.library = library
        self.sections = sorted(library.sections, key=lambda s: s.order)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="contents-page"):
            yield Static(id="notices")
            yield Static("Choose a section: press its number, or Enter.", id="contents-hint")
            yield OptionList(*self._options(), id="sections")

    def _options(self) -> list[Option]:
        options = []
        saved = self.hfs.saved_position()
        if saved is not None:
            number, section = saved
            options.append(Option(
                Text.assemble(("Continue where you left off", "bold"),
                              f"  (c): {number}. {section.title}"),
                id=CONTINUE,
            ))
        for number, section in enumerate(self.sections, 1):
            label = Text.assemble((f"{number:>2}. {section.title}", "bold"), "\n",
                                  f"    {section.summary}")
            options.append(Option(label, id=section.id))
        return options

    def on_mount(self) -> None:
        super().on_mount()
        notices = self.hfs.startup_notices()
        notice_widget = self.query_one("#notices", Static)
        notice_widget.update("\n".join(notices))
        notice_widget.display = bool(notices)
        self.query_one("#sections", OptionList).focus()

    def refresh_continue(self) -> None:
        """Rebuild the list so the "continue" line shows the latest position."""
        option_list = self.query_one("#sections", OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        option_list.add_options(self._options())
        if highlighted is not None:
            option_list.highlighted = min(highlighted, option_list.option_count - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == CONTINUE:
            self.action_continue_reading()
        else:
            number = [s.id for s in self.sections].index(event.option.id) + 1
            self.hfs.open_section_number(number)

    def action_go_to_section(self, number: int) -> None:
        self.hfs.open_section_number(int(number))

    def action_continue_reading(self) -> None:
        self.hfs.continue_reading()

    def _highlighted_number(self) -> int:
        option_list = self.query_one("#sections", OptionList)
        index = option_list.highlighted or 0
        option = option_list.get_option_at_index(index)
        if option.id == CONTINUE:
            saved = self.hfs.saved_position()
            return saved[0] if saved else 1
        return [s.id for s in self.sections].index(option.id) + 1

    def action_read_aloud(self) -> None:
        self.hfs.open_section_number(self._highlighted_number(), read=True)

    def action_focus_mode(self) -> None:
        self.hfs.open_section_number(self._highlighted_number(), focus=True)
