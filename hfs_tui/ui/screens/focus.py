"""Focus mode: one sentence at a time, bold, spaced out and centred, the rest dimmed.

For people who lose their place each time an eye closes: there is only ever one
sentence to find, and Space always moves on by exactly one. A terminal cannot show
larger letters, so the sentence gets what it can: a blank line between its lines
(double spacing, easier to keep one's place in) inside a roomy box.
"""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.geometry import Size
from textual.widgets import Static

from hfs_tui.content.models import Section
from hfs_tui.ui.bindings import bindings_for
from hfs_tui.ui.narration import Spoken
from hfs_tui.ui.screens.base import HfsScreen, ReadingControls
from hfs_tui.ui.services import ReaderServices

FOCUS_ACTIONS = (
    "pause_resume", "stop_reading", "focus_next", "focus_previous", "focus_mode",
    "contents", "next_section", "previous_section", "go_to_section", "read_aloud",
    "read_key_points", "next_sentence", "previous_sentence", "scroll_home", "scroll_end",
    "repeat", "faster", "slower", "louder", "quieter", "glossary",
)


SHORT_HEIGHT = 18
"""Below this many rows the sentences before and after are not shown."""
TINY_HEIGHT, TINY_WIDTH = 14, 50
"""Below these the padding around the sentence goes too."""


class SpacedSentence(Static):
    """A sentence with a blank line between its lines. `content` stays the sentence."""

    def _lines(self, width: int) -> list[str]:
        lines = textwrap.wrap(str(self.content), max(width, 10)) or [""]
        # Single spacing where double would crowd out the sentences around it.
        room = self.screen.size.height // 3 - 2 if self.is_mounted else 0
        if len(lines) * 2 - 1 > max(room, 1):
            return lines
        return [part for line in lines for part in (line, "")][:-1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return min(len(str(self.content)), container.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        return Text("\n".join(self._lines(self.content_size.width)), no_wrap=True)


class FocusScreen(ReadingControls, HfsScreen):
    ACTION_IDS = FOCUS_ACTIONS
    BINDINGS = bindings_for(
        [a for a in FOCUS_ACTIONS if a not in ("next_section", "previous_section")],
        footer=("pause_resume", "stop_reading", "focus_next", "focus_previous", "focus_mode",
                "read_aloud", "help"),
    ) + bindings_for(["next_section", "previous_section"], footer=())

    DEFAULT_CSS = """
    #focus-area {
        padding: 1 4;
    }
    #focus-area Center {
        height: auto;
    }
    .focus-dim {
        color: $text-muted;
        text-style: dim;
        margin: 1 0;
        width: auto;
    }
    #focus-sentence {
        width: auto;
        text-style: bold;
        color: $text;
        border: tall $border;
        padding: 1 4;
    }
    #focus-progress {
        width: auto;
        max-width: 100%;  /* wraps: a longer line widened the area and pushed the box off */
        color: $text-muted;
        margin-top: 1;
    }
    /* A short window: the sentence being read comes first, so the dimmed ones
       around it go, then the roomy padding (SHORT_HEIGHT, TINY_HEIGHT). */
    FocusScreen.-short .focus-dim {
        display: none;
    }
    FocusScreen.-short #focus-progress {
        margin-top: 0;
    }
    FocusScreen.-tiny #focus-area {
        padding: 0 1;
    }
    FocusScreen.-tiny #focus-sentence {
        padding: 0 1;
    }
    """

    def __init__(self, section: Section, number: int, total: int, sentence: int = 0, *,
                 services: ReaderServices) -> None:
        super().__init__(f"Focus mode · Section {number} of {total}: {section.title}",
                         services.narration)
        self.services = services
        self.narration = services.narration
        self.navigation = services.navigation
        self.section = section
        self.number = number
        self.total = total
        self.showing_key_points = False
        self.index = min(max(sentence, 0), max(len(section.sentences) - 1, 0))
        self._read_to_end = False  # the voice reached the end: `r` starts from the top

    def show_section(self, section: Section, number: int, sentence: int = 0) -> None:
        """Move on to another section in place (no new screen: quicker to paint)."""
        self.section = section
        self.number = number
        self.showing_key_points = False
        self.index = min(max(sentence, 0), max(len(section.sentences) - 1, 0))
        self._read_to_end = False  # the voice reached the end: `r` starts from the top
        self.bar_title = f"Focus mode · Section {number} of {self.total}: {section.title}"
        self.query_one("#bar-title", Static).update(self.bar_title)
        self._show()

    def compose_body(self) -> ComposeResult:
        with Middle(id="focus-area"):
            with Center():
                yield Static(id="focus-before", classes="focus-dim")
            with Center():
                yield SpacedSentence(id="focus-sentence")
            with Center():
                yield Static(id="focus-after", classes="focus-dim")
            with Center():
                yield Static(id="focus-progress")

    def use_text_width(self, width: int) -> None:
        """Settings changed the text width: the sentences follow at once."""
        self._show()

    def on_mount(self) -> None:
        super().on_mount()
        self.narration.watch(self, on_spoken=self._follow_voice)
        self._follow_voice(self.narration.speaking)
        self._fit_to_window()
        self._show()

    def on_resize(self, event: events.Resize | None = None) -> None:
        super().on_resize(event)
        self._fit_to_window()
        ended = self._read_to_end  # the same sentence, drawn again: not a move
        self._show()
        self._read_to_end = ended

    def _fit_to_window(self) -> None:
        """Make room in a small window so the whole sentence always shows (at 40x12 its
        end was cut off, with no key to scroll to it)."""
        width, height = self.size
        if not height:
            return
        self.set_class(height < SHORT_HEIGHT, "-short")
        self.set_class(height < TINY_HEIGHT or width < TINY_WIDTH, "-tiny")

    @property
    def _lines(self) -> tuple[str, ...]:
        return self.section.key_points if self.showing_key_points else self.section.sentences

    def _show(self) -> None:
        self._read_to_end = False  # a sentence was shown (moved to or read): start here
        lines = self._lines
        if not lines:
            self.query_one("#focus-sentence", Static).update("This section has no text.")
            return
        before = lines[self.index - 1] if self.index > 0 else ""
        after = lines[self.index + 1] if self.index + 1 < len(lines) else ""
        # Within the focus area's padding too: on a narrow terminal the box would
        # otherwise run off the right-hand edge.
        width = self.services.settings.settings.reader.text_width
        if self.size.width:
            margin = 2 if self.has_class("-tiny") else 8
            width = max(min(width, self.size.width - margin), 20)
        for widget_id in ("#focus-before", "#focus-sentence", "#focus-after"):
            self.query_one(widget_id, Static).styles.max_width = width
        self.query_one("#focus-before", Static).update(before)
        self.query_one("#focus-sentence", Static).update(lines[self.index])
        self.query_one("#focus-after", Static).update(after)
        label = "Key point" if self.showing_key_points else "Sentence"
        end = ""
        if self.index + 1 == len(lines) and not self.showing_key_points:
            end = "  ·  Last sentence: Space goes to the next section"
        self.query_one("#focus-progress", Static).update(
            f"{label} {self.index + 1} of {len(lines)}{end}"
        )
        if not self.showing_key_points:
            self.navigation.remember_position(self.section.id, self.index)

    def _follow_voice(self, spoken: Spoken | None) -> None:
        if spoken is None or spoken.section_id != self.section.id:
            if spoken is None and self.narration.read_to_end == (self.section.id, "body"):
                self._read_to_end = True
            return
        self._read_to_end = False
        self.showing_key_points = spoken.part == "key_points"
        self.index = spoken.index
        self._show()

    def _keep_reading_while_moving(self) -> bool:
        return self.services.settings.settings.speech.keep_reading_while_moving

    def action_focus_next(self) -> None:
        if self.narration.active and self._keep_reading_while_moving():
            self.narration.next_sentence()
            return
        self.navigation.moved()
        if self.index + 1 < len(self._lines):
            self.index += 1
            self._show()
        elif not self.showing_key_points and self.number < self.total:
            self.navigation.open_section_number(self.number + 1, focus=True)

    def action_focus_previous(self) -> None:
        if self.narration.active and self._keep_reading_while_moving():
            self.narration.previous_sentence()
            return
        self.navigation.moved()
        if self.index > 0:
            self.index -= 1
            self._show()

    def action_scroll_home(self) -> None:
        """Home: the first sentence of the section."""
        self.navigation.moved()
        self.index = 0
        self._show()

    def action_scroll_end(self) -> None:
        """End: the last sentence of the section."""
        self.navigation.moved()
        self.index = max(len(self._lines) - 1, 0)
        self._show()

    def action_focus_mode(self) -> None:
        """Leave focus mode for the normal page, at the same sentence."""
        self.navigation.open_section_number(self.number, sentence=self.index, focus=False)

    def action_read_aloud(self) -> None:
        if self.narration.active and self.narration.section == self.section:
            self.narration.toggle_pause()
            return
        self.showing_key_points = False
        # After the end, reading again starts from the top, as in a screen reader.
        self.narration.read_section(self.section, 0 if self._read_to_end else self.index)

    def action_read_key_points(self) -> None:
        self.showing_key_points = True
        self.index = 0
        self._show()
        self.narration.read_section(self.section, 0, part="key_points")

    def action_repeat(self) -> None:
        if self.narration.active:
            self.narration.repeat()
        else:
            self.narration.read_section(self.section, self.index)

    def action_next_section(self) -> None:
        self.navigation.open_section_number(self.number + 1, focus=True, moved=True)

    def action_previous_section(self) -> None:
        self.navigation.open_section_number(self.number - 1, focus=True, moved=True)

    def action_go_to_section(self, number: int) -> None:
        self.navigation.open_section_number(int(number), focus=True, moved=True)

    def action_next_sentence(self) -> None:
        if self.narration.active:
            self.narration.next_sentence()
        else:
            self.action_focus_next()

    def action_previous_sentence(self) -> None:
        if self.narration.active:
            self.narration.previous_sentence()
        else:
            self.action_focus_previous()
