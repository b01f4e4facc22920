"""Settings: a TOML file in the platform's config folder.

Loading never fails. Each bad value (invalid TOML, unknown key, wrong type, out of
range) becomes a one-line problem naming the key, and that value falls back to its
safe default. The user's file is never rewritten behind their back: `save()` is
only called when the user changes something in the app, and it refuses to
overwrite a file that had problems unless the user asked for it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from hfs_tui import paths

THEMES = ("hfs-calm", "high-contrast-dark", "high-contrast-light", "textual-dark",
          "textual-light")


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]


@dataclass(frozen=True)
class Range:
    low: float
    high: float


@dataclass(frozen=True)
class ReaderSettings:
    theme: str = "hfs-calm"
    reduce_motion: bool = False
    text_width: int = 70
    start_in_focus_mode: bool = False
    content_dir: str = ""


@dataclass(frozen=True)
class SpeechSettings:
    rate: int = 160
    """Words per minute; slower than espeak's 175 default, for tired listeners."""
    volume: float = 0.9
    voice: str = ""
    """Engine voice id; empty means the engine's default."""
    player: str = ""
    """Command template with {file}; empty means find aplay, paplay, pw-play ..."""
    read_all: bool = False
    """Carry on into the next section at the end of one."""
    keep_reading_while_moving: bool = False
    engine: str = "natural"
    """"natural" (Piper's Joe voice) or "system" (the system's voices, via pyttsx3)."""


@dataclass(frozen=True)
class VoiceSettings:
    enabled: bool = False
    mode: str = "hands-free"
    microphone: str = ""
    keep_recordings: bool = False
    confirm_risky: bool = True


@dataclass(frozen=True)
class BreathingPattern:
    breathe_in: float = 4.0
    hold_in: float = 0.0
    breathe_out: float = 6.0
    hold_out: float = 0.0


@dataclass(frozen=True)
class ExerciseSettings:
    cues: str = "words"
    cue_rate: int = 130
    include_face_steps: bool = False
    self_paced: bool = False
    custom_pattern: BreathingPattern = field(default_factory=BreathingPattern)


@dataclass(frozen=True)
class Settings:
    reader: ReaderSettings = field(default_factory=ReaderSettings)
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    exercises: ExerciseSettings = field(default_factory=ExerciseSettings)
    keymap: dict[str, str] = field(default_factory=dict)
    """Action id -> comma-separated keys, like Textual's `App.set_keymap`."""


# Limits and choices, keyed "table.key". Anything not listed only has its type checked.
RULES: dict[str, Choice | Range] = {
    "reader.theme": Choice(THEMES),
    "reader.text_width": Range(40, 120),
    "speech.rate": Range(80, 400),
    "speech.volume": Range(0.0, 1.0),
    "speech.engine": Choice(("natural", "system")),
    "voice.mode": Choice(("hands-free", "push-to-talk")),
    "exercises.cues": Choice(("words", "counts", "silent")),
    "exercises.cue_rate": Range(80, 300),
    "exercises.custom_pattern.breathe_in": Range(2, 15),
    "exercises.custom_pattern.hold_in": Range(0, 15),
    "exercises.custom_pattern.breathe_out": Range(2, 15),
    "exercises.custom_pattern.hold_out": Range(0, 15),
}


@dataclass
class LoadedSettings:
    settings: Settings
    problems: list[str]
    path: Path

    @property
    def ok(self) -> bool:
        return not self.problems


def load(path: Path | None = None) -> LoadedSettings:
    """Read settings; every problem is reported and replaced by its default."""
    path = path or paths.settings_file()
    problems: list[str] = []
    if not path.exists():
        return LoadedSettings(Settings(), problems, path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        problems.append(f"{path}: not valid TOML ({error}); using all defaults")
        return LoadedSettings(Settings(), problems, path)
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path}: cannot be read ({error}); using all defaults")
        return LoadedSettings(Settings(), problems, path)
    settings = _build(Settings, raw, "", problems, path)
    return LoadedSettings(settings, problems, path)


def _build(cls: type, raw: Any, prefix: str, problems: list[str], path: Path) -> Any:
    default = cls()
    if not isinstance(raw, dict):
        problems.append(f"{path}: [{prefix.rstrip('.')}] should be a table; using defaults")
        return default
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        dotted = f"{prefix}{key}"
        if key not in known:
            problems.append(f"{path}: unknown setting '{dotted}'; it is ignored")
            continue
        current = getattr(default, key)
        if key == "keymap":
            values[key] = _check_keymap(value, problems, path)
        elif hasattr(current, "__dataclass_fields__"):
            values[key] = _build(type(current), value, f"{dotted}.", problems, path)
        else:
            checked = check_value(dotted, value, current, problems, path)
            if checked is not None:
                values[key] = checked
    return replace(default, **values)


def check_value(dotted: str, value: Any, default: Any, problems: list[str],
                 path: Path) -> Any:
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if type(value) is not expected:
        problems.append(
            f"{path}: '{dotted}' should be {_type_name(expected)}, not {value!r}; "
            f"using {default!r}"
        )
        return None
    rule = RULES.get(dotted)
    if isinstance(rule, Choice) and value not in rule.values:
        problems.append(
            f"{path}: '{dotted}' = {value!r} is not one of {', '.join(rule.values)}; "
            f"using {default!r}"
        )
        return None
    if isinstance(rule, Range) and not rule.low <= value <= rule.high:
        problems.append(
            f"{path}: '{dotted}' = {value!r} is outside {rule.low:g} to {rule.high:g}; "
            f"using {default!r}"
        )
        return None
    return value


def _check_keymap(value: Any, problems: list[str], path: Path) -> dict[str, str]:
    from hfs_tui import actions  # local: actions imports content models only

    if not isinstance(value, dict):
        problems.append(f"{path}: [keymap] should be a table of action = \"keys\"")
        return {}
    keymap = {}
    for action_id, keys in value.items():
        if action_id not in actions.BY_ID:
            problems.append(f"{path}: keymap has unknown action '{action_id}'; it is ignored")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: keymap.{action_id} should be keys like \"j,down\"")
        else:
            keymap[action_id] = keys
    return keymap


def _type_name(kind: type) -> str:
    return {bool: "true or false", int: "a whole number", float: "a number",
            str: "text"}.get(kind, kind.__name__)


def to_toml(settings: Settings) -> str:
    """Write settings as TOML (only the small subset this file needs)."""
    lines: list[str] = []
    _emit_table(settings, "", lines)
    return "\n".join(lines).strip() + "\n"


def _emit_table(obj: Any, prefix: str, lines: list[str]) -> None:
    scalars = []
    tables = []
    for f in fields(obj):
        value = getattr(obj, f.name)
        if hasattr(value, "__dataclass_fields__") or isinstance(value, dict):
            tables.append((f.name, value))
        else:
            scalars.append((f.name, value))
    if prefix and scalars:
        lines.append(f"[{prefix}]")
    for name, value in scalars:
        lines.append(f"{name} = {_toml_value(value)}")
    if scalars:
        lines.append("")
    for name, value in tables:
        dotted = f"{prefix}.{name}" if prefix else name
        if isinstance(value, dict):
            if value:
                lines.append(f"[{dotted}]")
                lines.extend(f"{k} = {_toml_value(v)}" for k, v in value.items())
                lines.append("")
        else:
            _emit_table(value, dotted, lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write settings atomically, readable only by this user."""
    path = path or paths.settings_file()
    paths.ensure_private_dir(path.parent)
    temporary = path.with_suffix(".toml.tmp")
    temporary.write_text(to_toml(settings), encoding="utf-8")
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
    return path


def backup_then_save(settings: Settings, path: Path | None = None) -> Path:
    """Save over a file that had problems, keeping the user's original beside it."""
    path = path or paths.settings_file()
    if path.exists():
        backup = path.with_name(path.name + ".bak")
        backup.write_bytes(path.read_bytes())
    return save(settings, path)
