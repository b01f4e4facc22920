"""Settings, generated from the settings model: every change is checked, applied and saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Select, Static

from hfs_tui import settings as settings_model
from hfs_tui.content.models import Library
from hfs_tui.ui.screens.base import HfsScreen
from hfs_tui.ui.services import Narration, SettingsAccess
from hfs_tui.ui.widgets.path_text import PathText
from hfs_tui.ui.widgets.toggles import OnOffBox

# The labels live beside the settings model, so that messages outside the UI
# (start-up problems, doctor) name each setting the same way. Add new ones there.
LABELS = settings_model.LABELS
RESTART_NOTES: dict[str, str] = {
    "reader.start_in_focus_mode": "It is used each time hfs-tui starts.",
    "voice.enabled": "It is used each time hfs-tui starts; press v to turn voice "
                     "commands on or off now.",
    "voice.microphone": "It is used from the next start: the microphone is chosen once, "
                        "when voice commands first start.",
    "voice.model_dir": "It is used from the next start: the voice model is loaded once, "
                       "when voice commands first start.",
    "voice.keep_recordings": "It is used from the next start: voice commands read it once, "
                             "when they first start.",
}
"""Settings that cannot take effect at once, and why (said when they are changed)."""
CHOICE_NAMES = {"natural": "Natural voice", "system": "System voice"}
"""How a setting's choice is shown, where its stored value is not plain words."""
SYSTEM_DEFAULT = "The system's usual voice"
"""The system voice's choice that leaves it to the computer (stored as empty)."""
HEADINGS = {"reader": "Reading", "speech": "Reading aloud", "voice": "Voice commands",
            "exercises": "Relaxation exercises"}


def _leaves(obj: Any, prefix: str = "") -> list[tuple[str, Any]]:
    result = []
    for f in fields(obj):
        value = getattr(obj, f.name)
        dotted = f"{prefix}{f.name}"
        if hasattr(value, "__dataclass_fields__"):
            result += _leaves(value, f"{dotted}.")
        elif not isinstance(value, dict):
            result.append((dotted, value))
    return result


def _with_value(obj: Any, dotted: str, value: Any) -> Any:
    head, _, rest = dotted.partition(".")
    if not rest:
        return replace(obj, **{head: value})
    return replace(obj, **{head: _with_value(getattr(obj, head), rest, value)})


def _widget_id(dotted: str) -> str:
    return "setting-" + dotted.replace(".", "--").replace("_", "-")


class SettingsScreen(HfsScreen):
    GO_BACK = "close"
    ACTION_IDS = ("contents",)
    BINDINGS = [Binding("escape", "close", "Back", key_display="Esc")]

    NARROW = 90
    """Below this many columns each label goes above its field, so no value is cut."""

    DEFAULT_CSS = """
    #settings-form {
        padding: 0 1;
    }
    .settings-heading {
        text-style: bold;
        color: $primary;
        margin: 1 0 0 0;
    }
    .setting-row {
        height: auto;
        max-width: 110;
    }
    .setting-label {
        width: 1fr;
        max-width: 50;
        padding: 1 1 0 0;
    }
    .setting-row Input, .setting-row Select {
        width: 1fr;
        max-width: 50;
    }
    .setting-row OnOffBox {
        width: auto;
    }
    .setting-error {
        color: $error;
        text-style: bold;
        height: auto;
        padding-left: 50;
    }
    .-narrow .setting-row {
        layout: vertical;
    }
    .-narrow .setting-label {
        width: 100%;
        max-width: 100%;
        padding: 0;
    }
    .-narrow .setting-row Input, .-narrow .setting-row Select {
        width: 100%;
        max-width: 100%;
    }
    .-narrow .setting-error {
        padding-left: 0;
    }
    #settings-message, #settings-path {
        color: $text-muted;
        height: auto;
    }
    #settings-message {
        color: $text;
        text-style: bold;
        padding: 0 1;
        background: $panel;
    }
    #settings-message.-empty {
        display: none;
    }
    """

    def __init__(self, settings: SettingsAccess, narration: Narration, *,
                 calibrate: Callable[[], str],
                 use_library: Callable[[Library, Path | None], None],
                 on_close: Callable[[], None] | None = None) -> None:
        """`calibrate` measures the room again (and says how it went); `use_library`
        shows another leaflet; `on_close` runs once the screen has gone."""
        super().__init__("Settings: used and saved as you change them", narration)
        self.settings = settings
        self.narration = narration
        self.calibrate = calibrate
        self.use_library = use_library
        self.on_close = on_close

    def compose_body(self) -> ComposeResult:
        current = self.settings.settings
        # Above the form, so that what a change did is never scrolled out of view.
        yield Static(id="settings-message", classes="-empty", markup=False)
        with VerticalScroll(id="settings-form"):
            yield Static(PathText(f"Saved in {self.settings.path}"), id="settings-path")
            table = ""
            for dotted, value in _leaves(current):
                if dotted in ("speech.engine", "speech.voice"):
                    continue  # first under their heading, below
                top = dotted.split(".")[0]
                if top != table:
                    table = top
                    yield Static(HEADINGS.get(top, top), classes="settings-heading")
                    if top == "speech":
                        # One choice of who reads, its samples beside it; then, only
                        # for the system voice, which of its voices.
                        yield from self._row("speech.engine", current.speech.engine)
                        yield from self._engine_samples()
                        yield from self._voice_row(current.speech.voice,
                                                   current.speech.engine == "system")
                    if top == "voice":
                        yield Button("Measure the room's noise again", id="calibrate")
                yield from self._row(dotted, value)

    def _row(self, dotted: str, value: Any) -> ComposeResult:
        rule = settings_model.RULES.get(dotted)
        widget_id = _widget_id(dotted)
        with Horizontal(classes="setting-row"):
            yield Static(LABELS.get(dotted, dotted), classes="setting-label")
            if isinstance(value, bool):
                yield OnOffBox(value, id=widget_id, name=dotted)
            elif isinstance(rule, settings_model.Choice):
                yield Select([(CHOICE_NAMES.get(v, v), v) for v in rule.values], value=value,
                             allow_blank=False,
                             id=widget_id, name=dotted)
            else:
                yield Input(str(value), id=widget_id, name=dotted)
        yield Static("", classes="setting-error", id=f"{widget_id}-error", markup=False)

    def _voice_row(self, voice: str, shown: bool) -> ComposeResult:
        """The system voice's own choice of voices: shown only while it is the one
        reading, so there is one voice setting to think about at a time."""
        options = [(SYSTEM_DEFAULT, "")] + ([(voice, voice)] if voice else [])
        with Horizontal(classes="setting-row", id="system-voice-row") as row:
            row.display = shown
            yield Static(LABELS["speech.voice"], classes="setting-label")
            yield Select(options, value=voice, allow_blank=False,
                         id=_widget_id("speech.voice"), name="speech.voice")
            yield Button("Hear it", id="play-sample")
        error = Static("", classes="setting-error", id=f"{_widget_id('speech.voice')}-error",
                       markup=False)
        error.display = shown
        yield error

    def _show_system_voice(self, shown: bool) -> None:
        self.query_one("#system-voice-row").display = shown
        self.query_one(f"#{_widget_id('speech.voice')}-error").display = shown

    def _fit_width(self, width: int) -> None:
        self.query_one("#settings-form").set_class(width < self.NARROW, "-narrow")

    def on_resize(self, event: events.Resize | None = None) -> None:
        super().on_resize(event)  # the notices keep clear of the status line here too
        if event is not None:
            self._fit_width(event.size.width)

    def _engine_samples(self) -> ComposeResult:
        with Horizontal(classes="setting-row", id="engine-samples"):
            yield Static("Hear each one before you choose", classes="setting-label")
            yield Button("Natural voice sample", id="sample-natural")
            yield Button("System voice sample", id="sample-system")

    def on_mount(self) -> None:
        super().on_mount()
        self._fit_width(self.app.size.width)
        # The first field has focus, so arrows, Space and Enter work at once.
        self.query_one(f"#{_widget_id('reader.theme')}").focus()
        self._load_voices()

    @work(thread=True, exclusive=True, group="voices")
    def _load_voices(self) -> None:
        """Ask the engine for its voices off the UI thread (it can take a moment)."""
        try:
            voices = self.narration.voices()
        except Exception:  # noqa: BLE001 - no engine: keep the usual voice only
            return
        options = [(SYSTEM_DEFAULT, "")] + [
            (f"{v.name} ({v.id})", v.id) for v in voices if "en" in v.id.lower()
        ]
        self.app.call_from_thread(self._set_voice_options, options)

    def _set_voice_options(self, options: list[tuple[str, str]]) -> None:
        select = self.query_one(f"#{_widget_id('speech.voice')}", Select)
        current = self.settings.settings.speech.voice
        if current and current not in [v for _, v in options]:
            options.append((current, current))
        with self.prevent(Select.Changed):
            select.set_options(options)
            select.value = current

    @on(Checkbox.Changed)
    def _box_changed(self, event: Checkbox.Changed) -> None:
        box = event.checkbox
        self._apply(box.name or "", event.value, box.id or "")

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.BLANK:
            self._apply(event.select.name or "", event.value, event.select.id or "")

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _input_done(self, event: Input.Submitted | Input.Blurred) -> None:
        dotted = event.input.name or ""
        current = dict(_leaves(self.settings.settings)).get(dotted)
        text = event.input.value.strip()
        value: Any = text
        if isinstance(current, int | float):
            try:
                value = type(current)(float(text)) if isinstance(current, float) else int(text)
            except ValueError:
                self._error(event.input.id or "", (
                    f"{settings_model.label_of(dotted)}: "
                    f"{settings_model.shown_value(text)} is not a number; it should be "
                    f"{settings_model.allowed_in_words(dotted, current)}."))
                return
        if value != current:
            self._apply(dotted, value, event.input.id or "")

    def _apply(self, dotted: str, value: Any, widget_id: str) -> None:
        if dict(_leaves(self.settings.settings)).get(dotted) == value:
            return  # widgets announce their first value on mount: nothing changed
        problems: list[str] = []
        default = dict(_leaves(settings_model.Settings()))[dotted]
        checked = settings_model.check_value(dotted, value, default, problems)
        if problems:
            # "Using the default" is for the file; here the old value simply stays.
            self._error(widget_id, problems[0].rsplit(" Using ", 1)[0])
            return
        if dotted == "reader.content_dir":
            self._check_leaflet_folder(checked, widget_id)
            return
        self._use(dotted, checked, widget_id)

    def _use(self, dotted: str, value: Any, widget_id: str) -> None:
        self._error(widget_id, "")
        new_settings = _with_value(self.settings.settings, dotted, value)
        note = RESTART_NOTES.get(dotted, "")
        message = self.settings.apply(
            new_settings, on_saved=lambda outcome: self._show_saved(outcome, note))
        if dotted == "speech.engine":
            self._show_system_voice(value == "system")
        self._say(f"{message} {note}".strip())

    @work(thread=True, exclusive=True, group="leaflet-folder")
    def _check_leaflet_folder(self, folder: str, widget_id: str) -> None:
        """Load the new leaflet off the UI thread; use it only if it loads."""
        from hfs_tui.ui.navigation import load_content

        path = Path(folder).expanduser() if folder else None
        library, problems = load_content(path)
        self.app.call_from_thread(self._leaflet_folder_checked, folder, library, problems,
                                  widget_id)

    def _leaflet_folder_checked(self, folder: str, library: Any, problems: list[str],
                                widget_id: str) -> None:
        label = settings_model.label_of("reader.content_dir")
        if library is None:
            count = len(problems)
            first = problems[0] if problems else "it cannot be read"
            self._error(widget_id, (
                f"{label}: {folder} cannot be used ({count} problem{'s' * (count != 1)}; "
                f"the first: {first}). The leaflet you had stays. Empty this field for "
                f"the built-in leaflet, or run: hfs-tui check-content {folder}"))
            return
        self._use("reader.content_dir", folder, widget_id)
        self.use_library(library, Path(folder).expanduser() if folder else None)
        count = len(library.sections)
        where = folder or "the built-in leaflet"
        self._say(f"Saved. Now showing {count} sections from {where}.")

    def _say(self, message: str) -> None:
        widget = self.query_one("#settings-message", Static)
        widget.update(message)
        widget.set_class(not message, "-empty")

    def _show_saved(self, message: str, note: str = "") -> None:
        """The save's outcome, once the writer has it ("Saved." or why not)."""
        if self.is_attached:
            self._say(f"{message} {note}".strip())

    def _error(self, widget_id: str, message: str) -> None:
        if widget_id:
            self.query_one(f"#{widget_id}-error", Static).update(message)

    @on(Button.Pressed, "#calibrate")
    def _calibrate(self) -> None:
        self._say(self.calibrate())

    @on(Button.Pressed, "#play-sample")
    def _play_sample(self) -> None:
        self.narration.sample("system")  # in the system voice chosen beside it

    @on(Button.Pressed, "#sample-natural")
    def _sample_natural(self) -> None:
        self.narration.sample("natural")

    @on(Button.Pressed, "#sample-system")
    def _sample_system(self) -> None:
        self.narration.sample("system")

    def action_close(self) -> None:
        self.dismiss()
        if self.on_close is not None:
            self.app.call_later(self.on_close)

    action_contents = action_close  # voice "contents", as on this screen's help
