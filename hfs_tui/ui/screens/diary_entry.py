"""Add or edit one diary entry: injection, medicine, surgery, side effect (and edit
ratings and relaxation sessions). Also the small "which treatment?" chooser.

Typed values are checked by hfs_tui.diary.models.validate, so the form refuses
exactly what the command line and the import refuse, with the same messages.
The save itself runs in a thread. Dismisses with the saved Entry or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Static
from textual.worker import Worker

from hfs_tui.diary import COMMON_SIDE_EFFECTS, Diary, DiaryError, Entry, InvalidEntry
from hfs_tui.diary.models import KIND_LABELS, PARTS, parse_when, validate
from hfs_tui.diary.store import split_list
from hfs_tui.ui.finished_work import finished_result
from hfs_tui.ui.screens.dialog_css import dialog_backdrop, dialog_frame

# (field, label, placeholder) for each kind, after the date and time.
FORM_FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "spasm": [
        ("severity", "How bad (0 to 10)", "0 none ... 10 very bad"),
        ("parts", "Where", f"{', '.join(PARTS)} (separate with commas)"),
        ("triggers", "Triggers", "tired, stressed, or your own words"),
    ],
    "injection": [
        ("units", "Units", "optional, as on your clinic letter"),
        ("sites", "Where injected", "optional, e.g. around the eye, cheek"),
        ("clinic", "Clinic", "optional"),
    ],
    "medicine": [
        ("name", "Medicine", "name, e.g. carbamazepine"),
        ("dose", "Dose", "optional, as on the label"),
        ("end", "Stopped on", "YYYY-MM-DD, empty if still taking it"),
    ],
    "surgery": [
        ("name", "Operation", "e.g. microvascular decompression"),
    ],
    "side_effect": [
        ("name", "Which", "drooping eyelid, double vision, or your own words"),
        ("end", "Until", "YYYY-MM-DD, empty if it has not gone"),
    ],
    "session": [
        ("name", "Exercise", "title"),
        ("planned_seconds", "Planned seconds", "e.g. 300"),
        ("actual_seconds", "Seconds done", "e.g. 300"),
        ("completed", "Finished", "yes or no"),
    ],
}


def _field_text(entry: Entry | None, field: str) -> str:
    if entry is None:
        return ""
    value = getattr(entry, field)
    if value is None:
        return ""
    if field in ("parts", "triggers"):
        return ", ".join(value)
    if field == "end":
        return f"{value:%Y-%m-%d}"
    if field == "completed":
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class DiaryEntryScreen(ModalScreen[Entry | None]):
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    DEFAULT_CSS = dialog_backdrop("DiaryEntryScreen") + dialog_frame(
        "DiaryEntryScreen #entry-dialog") + """
    DiaryEntryScreen #entry-title {
        text-style: bold;
        color: $text;
        height: auto;
    }
    DiaryEntryScreen #entry-fields {
        height: auto;
        max-height: 1fr;
    }
    DiaryEntryScreen .entry-row {
        height: auto;
    }
    DiaryEntryScreen .entry-label {
        width: 18;
        height: 3;
        content-align: left middle;
        color: $text;
        text-style: bold;
    }
    DiaryEntryScreen .entry-row Input {
        width: 1fr;
    }
    DiaryEntryScreen #entry-error {
        color: $error;
        text-style: bold;
        height: auto;
    }
    DiaryEntryScreen #entry-buttons {
        height: auto;
    }
    DiaryEntryScreen #entry-buttons Button {
        margin-right: 2;
    }
    /* When the fields do not all fit, they scroll and Save and Cancel stay on view. */
    DiaryEntryScreen.-short #entry-dialog {
        height: 100%;
    }
    DiaryEntryScreen.-short #entry-fields {
        height: 1fr;
        max-height: 100%;
    }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="diary_entry_save"),
        Binding("escape", "cancel", "Cancel", id="diary_entry_cancel"),
    ]

    def __init__(self, diary: Diary, kind: str | None = None, entry: Entry | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        """New entry of `kind`, or edit `entry` (its kind)."""
        super().__init__()
        if entry is None and kind is None:
            raise ValueError("give a kind for a new entry, or an entry to edit")
        self.diary = diary
        self.entry = entry
        self.kind = entry.kind if entry is not None else str(kind)
        self.now = now or datetime.now
        self._saving = False

    def compose(self) -> ComposeResult:
        label = KIND_LABELS[self.kind]
        title = f"Change: {label.lower()}" if self.entry else f"Add: {label.lower()}"
        moment = self.entry.at if self.entry else self.now()
        with Vertical(id="entry-dialog"):
            yield Static(f"{title}.  Enter or Ctrl+S saves, Esc cancels.", id="entry-title")
            with VerticalScroll(id="entry-fields"):
                yield from self._row("date", "Date", "YYYY-MM-DD", f"{moment:%Y-%m-%d}")
                yield from self._row("time", "Time", "HH:MM", f"{moment:%H:%M}")
                for field, field_label, placeholder in FORM_FIELDS[self.kind]:
                    yield from self._row(field, field_label, placeholder,
                                         _field_text(self.entry, field))
                yield from self._row("note", "Note", "optional",
                                     self.entry.note if self.entry else "")
            yield Static("", id="entry-error", markup=False)
            with Horizontal(id="entry-buttons"):
                yield Button("Save", id="entry-save", variant="primary")
                yield Button("Cancel", id="entry-cancel")

    def _row(self, field: str, label: str, placeholder: str, value: str) -> ComposeResult:
        suggester = None
        if self.kind == "side_effect" and field == "name":
            suggester = SuggestFromList(COMMON_SIDE_EFFECTS, case_sensitive=False)
        with Horizontal(classes="entry-row"):
            yield Static(label, classes="entry-label")
            yield Input(value, placeholder=placeholder, id=f"field-{field}",
                        suggester=suggester,
                        max_length=2000 if field == "note" else 200)

    def on_mount(self) -> None:
        fields = FORM_FIELDS[self.kind]
        first = f"#field-{fields[0][0]}" if fields else "#field-note"
        self.query_one(first, Input).focus()

    def value(self, field: str) -> str:
        return self.query_one(f"#field-{field}", Input).value

    def build_entry(self) -> Entry:
        """The entry the form describes; raises InvalidEntry naming the bad field."""
        day = self.value("date").strip()
        clock = self.value("time").strip() or "00:00"
        try:
            at = datetime.strptime(f"{day} {clock}", "%Y-%m-%d %H:%M")
        except ValueError:
            raise InvalidEntry(f"date {day!r} and time {clock!r}: use YYYY-MM-DD and "
                               "HH:MM, for example 2025-03-04 and 14:30") from None
        if self.entry is not None and self.entry.at.strftime("%Y-%m-%d %H:%M") == \
                at.strftime("%Y-%m-%d %H:%M"):
            at = self.entry.at  # keep the seconds when the minute did not change
        values: dict[str, Any] = {"at": at, "note": self.value("note")}  # by field
        for field, label, _placeholder in FORM_FIELDS[self.kind]:
            text = self.value(field).strip()
            if field == "severity" or field in ("planned_seconds", "actual_seconds"):
                values[field] = _whole_number(text, label)
            elif field == "units":
                try:
                    values[field] = float(text) if text else None
                except ValueError:
                    raise InvalidEntry(f"units {text!r} is not a number") from None
            elif field in ("parts", "triggers"):
                values[field] = split_list(text.replace(",", ";"))
            elif field == "end":
                values[field] = parse_when(text, label.lower()) if text else None
            elif field == "completed":
                if text.lower() not in ("yes", "no", "y", "n"):
                    raise InvalidEntry("finished: answer yes or no")
                values[field] = text.lower().startswith("y")
            else:
                values[field] = self.value(field)
        base = self.entry if self.entry is not None else Entry(kind=self.kind, at=at)
        return replace(base, **values)

    def action_save(self) -> None:
        if self._saving:
            return
        try:
            entry = self.build_entry()
            validate(entry, self.diary.clock())
        except InvalidEntry as error:
            self.query_one("#entry-error", Static).update(f"Not saved: {error}")
            return
        self._saving = True
        self.query_one("#entry-error", Static).update("Saving ...")
        self._write(entry)

    @work(thread=True, exclusive=True, group="diary-write")
    def _write(self, entry: Entry) -> Entry | None:
        try:
            return self.diary.update(entry) if entry.id is not None else self.diary.add(entry)
        except DiaryError as error:
            self.app.call_from_thread(self._failed, str(error))
            return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        saved = finished_result(event, "_write")
        if saved is not None:
            self.dismiss(saved)

    def _failed(self, message: str) -> None:
        self._saving = False
        self.query_one("#entry-error", Static).update(f"Not saved: {message}")

    def action_cancel(self) -> None:
        if not self._saving:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "entry-save":
            self.action_save()
        else:
            self.action_cancel()


def _whole_number(text: str, label: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidEntry(f"{label.lower()} {text!r} is not a whole number") from None


class TreatmentChoiceScreen(ModalScreen[str | None]):
    """What to add: i injection, m medicine, s surgery, x side effect. Returns the kind."""

    DEFAULT_CSS = dialog_backdrop("TreatmentChoiceScreen") + dialog_frame(
        "TreatmentChoiceScreen #choice-dialog", width=60, padding="1 2") + """
    TreatmentChoiceScreen #choice-title {
        text-style: bold;
        color: $text;
        margin-bottom: 1;
    }
    TreatmentChoiceScreen Button {
        width: 100%;
        margin-bottom: 1;
    }
    /* In a short window every choice and "Esc: cancel" still fit, without scrolling. */
    TreatmentChoiceScreen.-short Button {
        margin-bottom: 0;
    }
    TreatmentChoiceScreen.-short #choice-dialog {
        padding: 0 2;
    }
    """
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    BINDINGS = [
        Binding("i", "choose('injection')", "Injection", id="diary_choose_injection"),
        Binding("m", "choose('medicine')", "Medicine", id="diary_choose_medicine"),
        Binding("s", "choose('surgery')", "Surgery", id="diary_choose_surgery"),
        Binding("x", "choose('side_effect')", "Side effect", id="diary_choose_side_effect"),
        Binding("escape", "choose('')", "Cancel", id="diary_choose_cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-dialog"):
            yield Static("What would you like to add?", id="choice-title")
            yield Button("Injection (i)", id="injection", variant="primary")
            yield Button("Medicine (m)", id="medicine")
            yield Button("Surgery (s)", id="surgery")
            yield Button("Side effect of a treatment (x)", id="side_effect")
            yield Static("Esc: cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_choose(self, kind: str) -> None:
        self.dismiss(kind or None)
