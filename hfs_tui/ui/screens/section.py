"""One leaflet section: title, key points, then the body at a comfortable width."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region
from textual.widgets import Static

from hfs_tui.content.models import Section
from hfs_tui.ui.bindings import bindings_for
from hfs_tui.ui.narration import Spoken
from hfs_tui.ui.screens.base import HfsScreen, ReadingControls
from hfs_tui.ui.services import ReaderServices
from hfs_tui.ui.widgets.sentence_block import SentenceBlock, key_point_blocks

# Reading-control actions come first so that, while reading, Space and Escape
# mean pause and stop; `check_action` hands them on to scrolling and going back
# when nothing is being read.
SECTION_ACTIONS = (
    "pause_resume", "stop_reading", "next_section", "previous_section", "contents",
    "go_to_section", "scroll_down", "scroll_up", "page_down", "page_up", "scroll_home",
    "scroll_end", "focus_mode",
    "next_sentence",
    "previous_sentence", "read_aloud", "read_key_points", "repeat", "faster", "slower",
    "louder", "quieter", "glossary",
)


class SectionScreen(ReadingControls, HfsScreen):
    ACTION_IDS = SECTION_ACTIONS
    BINDINGS = bindings_for(
        SECTION_ACTIONS,
        footer=("pause_resume", "stop_reading", "next_section", "previous_section", "contents",
                "read_aloud", "focus_mode"),
    )

    DEFAULT_CSS = """
    #reading {
        align-horizontal: center;
        padding: 1 2;
    }
    #page {
        width: 100%;
        max-width: 70;
        height: auto;
    }
    #section-title {
        text-style: bold;
        color: $primary;
        margin-bottom: 1;
    }
    #key-points {
        border: round $primary;
        border-title-color: $primary;
        border-title-style: bold;
        padding: 0 1;
        margin-bottom: 1;
    }
    #section-end {
        color: $text-muted;
        margin: 1 0 2 0;
    }
    """

    def __init__(self, section: Section, number: int, total: int, sentence: int = 0, *,
                 services: ReaderServices) -> None:
        super().__init__(f"Section {number} of {total}", services.narration)
        self.services = services
        self.narration = services.narration
        self.navigation = services.navigation
        self.section = section
        self.number = number
        self.total = total
        self.sentence = self._clamp(sentence)
        self._read_to_end = False  # the voice reached the end: `r` starts from the top

    def _clamp(self, sentence: int) -> int:
        return min(max(sentence, 0), max(len(self.section.sentences) - 1, 0))

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="reading", can_focus=False), Vertical(id="page"):
            yield Static(self.section.title, id="section-title")
            key_points = SentenceBlock(key_point_blocks(self.section.key_points),
                                       id="key-points")
            key_points.border_title = "Key points"
            yield key_points
            yield SentenceBlock(self.section.blocks, id="body")
            yield Static(self._end_text(), id="section-end")

    def show_section(self, section: Section, number: int, sentence: int = 0) -> None:
        """Turn the page in place: cheaper than a new screen, so page turns stay fast."""
        self.section = section
        self.number = number
        self.sentence = self._clamp(sentence)
        self._read_to_end = False
        self.bar_title = f"Section {number} of {self.total}"
        self.query_one("#bar-title", Static).update(self.bar_title)
        self.query_one("#section-title", Static).update(section.title)
        self.query_one("#key-points", SentenceBlock).show(key_point_blocks(section.key_points))
        self.query_one("#body", SentenceBlock).show(section.blocks)
        self.query_one("#section-end", Static).update(self._end_text())
        self.query_one("#reading").scroll_home(animate=False)
        self.navigation.remember_position(section.id, self.sentence)
        if sentence:
            self.call_after_refresh(self._show_sentence, self.sentence)

    def _end_text(self) -> str:
        if self.number < self.total:
            return f"End of section {self.number}. Press n for the next section."
        return "End of the leaflet. Press h for the list of sections."

    def use_text_width(self, width: int) -> None:
        """Settings changed the text width: the page follows at once."""
        self.query_one("#page").styles.max_width = width

    def on_mount(self) -> None:
        super().on_mount()
        self.use_text_width(self.services.settings.settings.reader.text_width)
        self.narration.watch(self, on_spoken=self._follow_voice)
        self._follow_voice(self.narration.speaking)
        self.navigation.remember_position(self.section.id, self.sentence)
        if self.sentence:
            self.call_after_refresh(self._show_sentence, self.sentence)

    # What the voice is reading ------------------------------------------------

    def _follow_voice(self, spoken: Spoken | None) -> None:
        body = self.query_one("#body", SentenceBlock)
        key_points = self.query_one("#key-points", SentenceBlock)
        if spoken is None or spoken.section_id != self.section.id:
            body.active = None
            key_points.active = None
            if spoken is None and self.narration.read_to_end == (self.section.id, "body"):
                self._read_to_end = True
            return
        self._read_to_end = False
        if spoken.part == "key_points":
            body.active = None
            key_points.active = spoken.index
            key_points.scroll_visible(animate=False)
            return
        key_points.active = None
        self.sentence = spoken.index
        self.navigation.remember_position(self.section.id, spoken.index)
        body.active = spoken.index
        self._keep_in_view(body, spoken.index)

    def _show_sentence(self, index: int) -> None:
        """Highlight a sentence the user moved to (when not reading)."""
        self._read_to_end = False
        self.sentence = index
        self.navigation.remember_position(self.section.id, index)
        body = self.query_one("#body", SentenceBlock)
        body.active = index
        self._keep_in_view(body, index)

    def _keep_in_view(self, body: SentenceBlock, index: int) -> None:
        """Scroll just enough that the sentence's first line, and a little after, shows."""
        scroll = self.query_one("#reading", VerticalScroll)
        top = body.region.y - scroll.content_region.y + int(scroll.scroll_y)
        line = top + body.line_of(index)
        scroll.scroll_to_region(Region(0, max(line - 1, 0), 1, 4), animate=False)

    # Actions --------------------------------------------------------------------

    def action_read_aloud(self) -> None:
        if self.narration.active and self.narration.section == self.section:
            self.narration.toggle_pause()
            return
        # After the end, reading again starts from the top, as in a screen reader;
        # from where the highlight is if the user moved it since.
        self.narration.read_section(self.section, 0 if self._read_to_end else self.sentence)

    def action_read_key_points(self) -> None:
        self.narration.read_section(self.section, 0, part="key_points")

    def action_next_sentence(self) -> None:
        if self.narration.active:
            self.narration.next_sentence()
        elif self.section.sentences:
            self._show_sentence(min(self.sentence + 1, len(self.section.sentences) - 1))

    def action_previous_sentence(self) -> None:
        if self.narration.active:
            self.narration.previous_sentence()
        else:
            self._show_sentence(max(self.sentence - 1, 0))

    def action_repeat(self) -> None:
        if self.narration.active:
            self.narration.repeat()
        elif self.section.sentences:
            self.narration.read_section(self.section, self.sentence)

    def action_scroll_down(self) -> None:
        self.navigation.moved()
        self.query_one("#reading").scroll_relative(y=3, animate=False)

    def action_scroll_up(self) -> None:
        self.navigation.moved()
        self.query_one("#reading").scroll_relative(y=-3, animate=False)

    def action_page_down(self) -> None:
        self.navigation.moved()
        self.query_one("#reading").scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.navigation.moved()
        self.query_one("#reading").scroll_page_up(animate=False)

    def action_scroll_home(self) -> None:
        self.navigation.moved()
        self.query_one("#reading").scroll_home(animate=False)
        if not self.narration.active:
            # Home is the top of the page: reading starts there next.
            self._read_to_end = False
            self.sentence = 0
            self.navigation.remember_position(self.section.id, 0)

    def action_scroll_end(self) -> None:
        self.navigation.moved()
        self.query_one("#reading").scroll_end(animate=False)

    def action_next_section(self) -> None:
        self.navigation.open_section_number(self.number + 1, moved=True)

    def action_previous_section(self) -> None:
        self.navigation.open_section_number(self.number - 1, moved=True)

    def action_go_to_section(self, number: int) -> None:
        self.navigation.open_section_number(int(number), moved=True)

    def action_focus_mode(self) -> None:
        self.navigation.open_focus(self.section, self.number, self.sentence)
