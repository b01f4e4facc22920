"""Settings, generated from the settings model: every change is checked, applied and saved."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static, Switch

from hfs_tui import settings as settings_model
from hfs_tui.ui.screens.base import HfsScreen

LABELS: dict[str, str] = {
    "reader.theme": "Colours (theme)",
    "reader.reduce_motion": "Reduce motion: nothing moves or animates",
    "reader.text_width": "Text width in columns (40 to 120)",
    "reader.start_in_focus_mode": "Start in focus mode",
    "reader.content_dir": "Leaflet folder (empty = built-in leaflet)",
    "speech.rate": "Reading speed, words a minute (80 to 400)",
    "speech.volume": "Volume (0.0 to 1.0)",
    "speech.voice": "Voice",
    "speech.player": "Sound player command, with {file} (empty = find one)",
    "speech.read_all": "Read all: carry on into the next section",
    "speech.keep_reading_while_moving": "Keep reading while I move",
    "speech.engine": "Reading voice",
    "voice.enabled": "Voice commands on at start",
    "voice.mode": "Listening mode",
    "voice.microphone": "Microphone (empty = default)",
    "voice.keep_recordings": "Keep recordings of what was heard (for tuning)",
    "voice.confirm_risky": "Ask for yes before quitting or deleting",
    "exercises.cues": "Spoken cues in exercises",
    "exercises.cue_rate": "Cue speed, words a minute (80 to 300)",
    "exercises.include_face_steps": "Include face steps (release only)",
    "exercises.self_paced": "Self-paced: move on with Space, no timer",
    "exercises.custom_pattern.breathe_in": "Your pattern: breathe in, seconds (2 to 15)",
    "exercises.custom_pattern.hold_in": "Your pattern: hold after in, seconds (0 to 15)",
    "exercises.custom_pattern.breathe_out": "Your pattern: breathe out, seconds (2 to 15)",
    "exercises.custom_pattern.hold_out": "Your pattern: hold after out, seconds (0 to 15)",
}
CHOICE_NAMES = {"natural": "Natural voice", "system": "System voice"}
"""How a setting's choice is shown, where its stored value is not plain words."""
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
    ACTION_IDS = ("contents",)
    BINDINGS = [Binding("escape", "close", "Back", key_display="Esc")]

    DEFAULT_CSS = """
    #settings-form {
        padding: 1 2;
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
        width: 50;
        padding: 1 1 0 0;
    }
    .setting-row Input, .setting-row Select {
        width: 1fr;
        max-width: 50;
    }
    .setting-error {
        color: $error;
        height: auto;
        padding-left: 50;
    }
    #settings-message, #settings-path {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self) -> None:
        super().__init__("Settings: changes are saved at once")

    def compose_body(self) -> ComposeResult:
        current = self.hfs.settings
        with VerticalScroll(id="settings-form"):
            yield Static(f"Saved in {self.hfs.settings_path}", id="settings-path")
            table = ""
            for dotted, value in _leaves(current):
                if dotted == "speech.voice":
                    continue
                top = dotted.split(".")[0]
                if top != table:
                    table = top
                    yield Static(HEADINGS.get(top, top), classes="settings-heading")
                    if top == "speech":
                        yield from self._voice_row(current.speech.voice)
                        yield from self._engine_samples()
                    if top == "voice":
                        yield Button("Measure the room's noise again", id="calibrate")
                yield from self._row(dotted, value)
            yield Static(id="settings-message")

    def _row(self, dotted: str, value: Any) -> ComposeResult:
        rule = settings_model.RULES.get(dotted)
        widget_id = _widget_id(dotted)
        with Horizontal(classes="setting-row"):
            yield Static(LABELS.get(dotted, dotted), classes="setting-label")
            if isinstance(value, bool):
                yield Switch(value=value, id=widget_id, name=dotted)
            elif isinstance(rule, settings_model.Choice):
                yield Select([(CHOICE_NAMES.get(v, v), v) for v in rule.values], value=value,
                             allow_blank=False,
                             id=widget_id, name=dotted)
            else:
                yield Input(str(value), id=widget_id, name=dotted)
        yield Static("", classes="setting-error", id=f"{widget_id}-error")

    def _voice_row(self, voice: str) -> ComposeResult:
        options = [("Engine default", "")] + ([(voice, voice)] if voice else [])
        with Horizontal(classes="setting-row"):
            yield Static(LABELS["speech.voice"], classes="setting-label")
            yield Select(options, value=voice, allow_blank=False,
                         id=_widget_id("speech.voice"), name="speech.voice")
            yield Button("Play a sample", id="play-sample")
        yield Static("", classes="setting-error", id=f"{_widget_id('speech.voice')}-error")

    def _engine_samples(self) -> ComposeResult:
        with Horizontal(classes="setting-row"):
            yield Static("Hear each voice", classes="setting-label")
            yield Button("Natural voice sample", id="sample-natural")
            yield Button("System voice sample", id="sample-system")

    def on_mount(self) -> None:
        super().on_mount()
        self._load_voices()

    @work(thread=True, exclusive=True, group="voices")
    def _load_voices(self) -> None:
        """Ask the engine for its voices off the UI thread (it can take a moment)."""
        try:
            voices = self.hfs.narration.reader.voices()
        except Exception:  # noqa: BLE001 - no engine: keep "Engine default" only
            return
        options = [("Engine default", "")] + [
            (f"{v.name} ({v.id})", v.id) for v in voices if "en" in v.id.lower()
        ]
        self.app.call_from_thread(self._set_voice_options, options)

    def _set_voice_options(self, options: list[tuple[str, str]]) -> None:
        select = self.query_one(f"#{_widget_id('speech.voice')}", Select)
        current = self.hfs.settings.speech.voice
        if current and current not in [v for _, v in options]:
            options.append((current, current))
        with self.prevent(Select.Changed):
            select.set_options(options)
            select.value = current

    @on(Switch.Changed)
    def _switch_changed(self, event: Switch.Changed) -> None:
        self._apply(event.switch.name or "", event.value, event.switch.id or "")

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.BLANK:
            self._apply(event.select.name or "", event.value, event.select.id or "")

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _input_done(self, event: Input.Submitted | Input.Blurred) -> None:
        dotted = event.input.name or ""
        current = dict(_leaves(self.hfs.settings)).get(dotted)
        text = event.input.value.strip()
        value: Any = text
        if isinstance(current, int | float):
            try:
                value = type(current)(float(text)) if isinstance(current, float) else int(text)
            except ValueError:
                self._error(event.input.id or "", f"'{text}' is not a number")
                return
        if value != current:
            self._apply(dotted, value, event.input.id or "")

    def _apply(self, dotted: str, value: Any, widget_id: str) -> None:
        if dict(_leaves(self.hfs.settings)).get(dotted) == value:
            return  # widgets announce their first value on mount: nothing changed
        problems: list[str] = []
        default = dict(_leaves(settings_model.Settings()))[dotted]
        checked = settings_model.check_value(dotted, value, default, problems,
                                             self.hfs.settings_path)
        if problems:
            self._error(widget_id, problems[0].split(": ", 1)[-1].replace(
                f"; using {default!r}", ""))
            return
        self._error(widget_id, "")
        new_settings = _with_value(self.hfs.settings, dotted, checked)
        message = self.hfs.apply_settings(new_settings)
        self.query_one("#settings-message", Static).update(message)

    def _error(self, widget_id: str, message: str) -> None:
        if widget_id:
            self.query_one(f"#{widget_id}-error", Static).update(message)

    @on(Button.Pressed, "#calibrate")
    def _calibrate(self) -> None:
        message = self.hfs.voice.calibrate()
        self.query_one("#settings-message", Static).update(message)

    @on(Button.Pressed, "#play-sample")
    def _play_sample(self) -> None:
        self.hfs.narration.say("This is how I will read the leaflet to you.")

    @on(Button.Pressed, "#sample-natural")
    def _sample_natural(self) -> None:
        self.hfs.narration.sample("natural")

    @on(Button.Pressed, "#sample-system")
    def _sample_system(self) -> None:
        self.hfs.narration.sample("system")

    def action_close(self) -> None:
        self.dismiss()
