"""Two small diary dialogs: jump to a date, and show only one kind of entry.

Both return their answer and leave the reading of the diary to the diary screen.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from hfs_tui.diary.store import LIST_FILTERS
from hfs_tui.ui.screens.dialog_css import dialog_backdrop, dialog_frame

FILTER_KEYS = {
    "All entries": "a",
    "Ratings": "r",
    "Injections": "i",
    "Medicines and surgery": "m",
    "Side effects": "x",
    "Sessions": "s",
}
"""The key that picks each of the store's list filters in the chooser."""

_DAY_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")
_MONTH_FORMATS = ("%Y-%m", "%B %Y", "%b %Y")


def parse_day(text: str) -> date:
    """A day typed as 2019-03-05, 5 March 2019, 2019-03, March 2019 or 2019.

    A month or a year stands for its last day, so the list opens at that month's
    (or year's) newest entry and reads on into it. Raises ValueError with a
    message that says what to type.
    """
    cleaned = " ".join(text.replace(",", " ").split())
    if not cleaned:
        raise ValueError("type a date, for example 2019-03-05, March 2019 or 2019")
    if cleaned.isdigit() and len(cleaned) == 4:
        return date(int(cleaned), 12, 31)
    for pattern in _DAY_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    for pattern in _MONTH_FORMATS:
        try:
            first = datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    raise ValueError(f"{text.strip()!r} is not a date: type, for example, 2019-03-05, "
                     "5 March 2019, March 2019 or 2019")


class JumpToDateScreen(ModalScreen[date | None]):
    """Ask for a day; dismisses with it, or None on Escape."""

    DEFAULT_CSS = dialog_backdrop("JumpToDateScreen") + dialog_frame(
        "JumpToDateScreen #jump-dialog", width=64) + """
    JumpToDateScreen #jump-title {
        text-style: bold;
        color: $text;
    }
    JumpToDateScreen #jump-error {
        color: $error;
        text-style: bold;
        height: auto;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="diary_jump_cancel")]

    def __init__(self, first: date | None = None, last: date | None = None) -> None:
        """`first` and `last`: the diary's first and last days, said as a hint."""
        super().__init__()
        self.first, self.last = first, last

    def compose(self) -> ComposeResult:
        with Vertical(id="jump-dialog"):
            yield Static("Go to a date.  Enter goes there, Esc cancels.", id="jump-title")
            if self.first and self.last:
                yield Static(f"The diary runs from {self.first:%Y-%m-%d} to "
                             f"{self.last:%Y-%m-%d}.", id="jump-range")
            yield Input(placeholder="2019-03-05, March 2019 or 2019", id="jump-date",
                        max_length=40)
            yield Static("", id="jump-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            day = parse_day(event.value)
        except ValueError as error:
            self.query_one("#jump-error", Static).update(f"Not a date: {error}")
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)


class KindChoiceScreen(ModalScreen[str | None]):
    """Which entries to list; dismisses with a LIST_FILTERS label, or None."""

    DEFAULT_CSS = dialog_backdrop("KindChoiceScreen") + dialog_frame(
        "KindChoiceScreen #kind-dialog", width=50, extra="overflow-y: auto;") + """
    KindChoiceScreen #kind-title {
        text-style: bold;
        color: $text;
    }
    KindChoiceScreen Button {
        width: 100%;
        height: 1;
        min-width: 0;
        border: none;
        text-align: left;
        content-align: left middle;
    }
    """
    BINDINGS = [
        *[Binding(key, f"choose({label!r})", label, show=False)
          for label, key in FILTER_KEYS.items()],
        Binding("escape", "choose('')", "Cancel", id="diary_kind_cancel"),
    ]

    def __init__(self, current: str = "All entries") -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="kind-dialog"):
            yield Static("Show which entries?  Esc: cancel", id="kind-title")
            for number, label in enumerate(LIST_FILTERS):
                shown = "(shown now) " if label == self.current else ""
                yield Button(f"{FILTER_KEYS[label]}  {label} {shown}".rstrip(),
                             id=f"kind-{number}", compact=True)

    def on_mount(self) -> None:
        labels = list(LIST_FILTERS)
        index = labels.index(self.current) if self.current in labels else 0
        self.query_one(f"#kind-{index}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        number = int((event.button.id or "kind-0").removeprefix("kind-"))
        self.dismiss(list(LIST_FILTERS)[number])

    def action_choose(self, label: str) -> None:
        self.dismiss(label or None)
