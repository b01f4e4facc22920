"""Settings: a TOML file in the platform's config folder.

Loading never fails. Each bad value (unknown key, wrong type, out of range) becomes
a one-line problem naming the key, and that value falls back to its safe default. A
file with a line that is not valid TOML has that line named, and every other line
that can still be read is used (so one typo does not throw away high contrast). A
file that cannot be opened (not text, no permission, not a file) is one problem, and
every setting is its default. The user's file is
never rewritten behind their back: `save()` is only called when the user changes
something in the app, and it refuses to overwrite a file that had problems unless
the user asked for it.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, get_args

from hfs_tui import key_names, paths, saving
from hfs_tui.checks import Check
from hfs_tui.file_errors import unreadable_reason

APP_THEMES = ("hfs-calm", "high-contrast-dark", "high-contrast-light")
"""The themes hfs-tui defines: the one list of their names (ui/themes.py follows it)."""
THEMES = (*APP_THEMES, "textual-dark", "textual-light")

VoiceMode = Literal["hands-free", "push-to-talk"]
CueMode = Literal["words", "counts", "silent"]
"""How exercises give their cues: spoken words, spoken counts, or on screen only."""


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
    mode: VoiceMode = "hands-free"
    microphone: str = ""
    keep_recordings: bool = False
    confirm_risky: bool = True
    ask_when_unsure: bool = True
    """Ask "Did you mean ...?" when a command was only just heard, instead of nothing."""
    model_dir: str = ""
    """Another CTranslate2 Whisper model folder; empty means the built-in tiny.en."""


@dataclass(frozen=True)
class BreathingPattern:
    breathe_in: float = 4.0
    hold_in: float = 0.0
    breathe_out: float = 6.0
    hold_out: float = 0.0


@dataclass(frozen=True)
class ExerciseSettings:
    cues: CueMode = "words"
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
    "voice.mode": Choice(get_args(VoiceMode)),
    "exercises.cues": Choice(get_args(CueMode)),
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
    unreadable: str = ""
    """Why nothing in the file could be used, in a few words; empty if it was opened."""
    mistake_line: int = 0
    """The first line not written right (0: none); the lines around it were still read."""

    @property
    def ok(self) -> bool:
        return not self.problems


def load(path: Path | None = None) -> LoadedSettings:
    """Read settings; every problem is reported and replaced by its default."""
    path = path or paths.settings_file()
    problems: list[str] = []
    if not path.exists() and not path.is_symlink():
        return LoadedSettings(Settings(), problems, path)
    reason = _not_a_plain_file(path)
    text = ""
    if not reason:
        try:
            # utf-8-sig: Windows editors start the file with an invisible BOM.
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = unreadable_reason(error)
    if reason:
        problems.append(f"It cannot be opened: {reason}.")
        return LoadedSettings(Settings(), problems, path, unreadable=reason)
    mistake_line = 0
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        mistake_line, problem = _syntax_problem(text, error)
        problems.append(problem)
        raw, dropped = recover(text)
        problems += [_line_problem(number, line, why) for number, line, why in dropped
                     if number != mistake_line]
    settings = _build(Settings, raw, "", problems, path)
    return LoadedSettings(settings, problems, path, mistake_line=mistake_line)


def _not_a_plain_file(path: Path) -> str:
    """Why `path` is not opened at all ("" if it is a regular file): a pipe there
    would make reading wait for ever."""
    if not path.exists():
        return f"it is a link to {os.readlink(path)}, which does not exist"
    if path.is_dir():
        return "it is a folder, not a file"
    if not path.is_file():
        return "it is a pipe or a device, not an ordinary file"
    return ""


_HEADING_NAME = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*")


def recover(text: str) -> tuple[dict[str, Any], list[tuple[int, str, str]]]:
    """What can be read of a file that is not valid as a whole, line by line.

    Returns the settings read (headings with a missing "]" still count) and the
    lines left out: (line number, the line, why in tomllib's words).
    """
    raw: dict[str, Any] = {}
    table: dict[str, Any] | None = raw
    dropped: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            table = _heading_table(raw, stripped)
            if table is None:
                dropped.append((number, line, "Expected ']'"))
            continue
        if table is None:  # under a heading that could not be read: no guessing where
            dropped.append((number, line, "Invalid heading"))
            continue
        try:
            parsed = tomllib.loads(stripped)
        except tomllib.TOMLDecodeError as error:
            dropped.append((number, line, str(error)))
            continue
        if not _merge_new(table, parsed):
            dropped.append((number, line, "Cannot overwrite"))
    return raw, dropped


def _heading_table(raw: dict[str, Any], line: str) -> dict[str, Any] | None:
    """The table a heading line names, made if new; None if it names none."""
    name = line.split("#")[0].strip().strip("[]").strip()
    if not _HEADING_NAME.fullmatch(name):
        return None
    table = raw
    for part in name.split("."):
        table = table.setdefault(part, {})
        if not isinstance(table, dict):
            return None
    return table


def _merge_new(table: dict[str, Any], parsed: dict[str, Any]) -> bool:
    """Add `parsed` to `table`; False (nothing added) if a value is already there."""
    for key, value in parsed.items():
        if key in table and not (isinstance(table[key], dict) and isinstance(value, dict)):
            return False
        if key in table and not _merge_new(table[key], value):
            return False
    for key, value in parsed.items():
        if key not in table:
            table[key] = value
    return True


def startup_notice(problems: list[str], unreadable: str, key: str,
                   mistake_line: int = 0) -> str:
    """The one line the contents shows about the file's problems ("" if none)."""
    if unreadable:
        return (f"Your settings file could not be read ({unreadable}), so the usual "
                f"settings are in use. Press {key} for details.")
    if mistake_line:
        return (f"Your settings file has a mistake on line {mistake_line}: the lines "
                f"that could be read are in use, the rest have the usual settings. Press "
                f"{key} for details.")
    if not problems:
        return ""
    what = "1 setting was" if len(problems) == 1 else f"{len(problems)} settings were"
    return f"{what} ignored: press {key} to see why."


def problems_intro(problems: list[str], unreadable: str, path: Path,
                   mistake_line: int = 0) -> str:
    """What the list of problems starts with: what happened, that nothing was lost."""
    if unreadable:
        return (f"Your settings file could not be read, so the usual settings are in "
                f"use. Nothing in it was changed or lost. It is {path}")
    if mistake_line:
        return ("Your settings file has a mistake. The lines that could be read are in "
                "use; anything else has its usual setting. Nothing in it was changed or "
                f"lost. It is {path}")
    what = "1 setting was" if len(problems) == 1 else f"{len(problems)} settings were"
    return (f"{what} ignored, and safe defaults are used instead. Your settings file "
            f"was not changed. It is {path}")


# tomllib's reasons (their start), in words for someone who has never seen the format.
_SYNTAX_WORDS = (
    ("Expected ']'", "a heading needs a ] at its end, like [reader]"),
    ("Expected '='", "a setting needs = and a value after its name, like rate = 160"),
    ("Invalid value", 'the value after = is missing or not written right: words go in '
                      'quotes, like theme = "hfs-calm"; numbers, true and false do not'),
    ("Unterminated string", "a value in quotes needs its closing quote on the same line"),
    ("Illegal character", "a value in quotes needs its closing quote on the same line"),
    ("Cannot overwrite", "a setting or heading is written twice: keep only one"),
    ("Cannot declare", "a setting or heading is written twice: keep only one"),
    ("Expected newline", "each setting goes on a line of its own"),
)


def _syntax_problem(text: str, error: tomllib.TOMLDecodeError) -> tuple[int, str]:
    """The line to fix, and what is wrong with it in words (never the format's name)."""
    message = str(error)
    found = re.search(r"\(at line (\d+), column \d+\)", message)
    lines = text.splitlines()
    # Without a line tomllib says "(at end of document)": the last line is at fault.
    line = int(found.group(1)) if found else max(len(lines), 1)
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    return line, (f"{_line_reads(line, shown)}: {_syntax_words(message)}. Fix that line "
                  "in a text editor and start hfs-tui again.")


def _line_problem(number: int, line: str, why: str) -> str:
    """A further line that could not be read (the first is `_syntax_problem`'s)."""
    return (f"{_line_reads(number, line)}: {_syntax_words(why)}. It is left out, so that "
            "setting is the usual one.")


def _line_reads(number: int, line: str) -> str:
    shown = printable(line.strip())
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f'Line {number} reads "{shown}"' if shown else f"Line {number} is empty"


def _syntax_words(message: str) -> str:
    return next((plain for start, plain in _SYNTAX_WORDS if message.startswith(start)),
                "it is not written the way a settings file must be")


def checks() -> list[Check]:
    """For `hfs-tui doctor`: the settings file, and how many of its values are ignored."""
    loaded = load()
    if not loaded.path.exists() and not loaded.path.is_symlink():
        return [Check("Settings file", True, f"{loaded.path} (not created yet: defaults in use)")]
    if loaded.unreadable:  # the reason is the whole problem: say it once
        return [Check("Settings file", False, f"{loaded.path} could not be read "
                      f"({loaded.unreadable}), so the usual settings are in use")]
    if loaded.mistake_line:
        return [Check("Settings file", False, f"{loaded.path} has a mistake on line "
                      f"{loaded.mistake_line}, so the lines that could be read are in use "
                      f"and the rest have the usual settings. {loaded.problems[0]}")]
    if loaded.problems:
        count = len(loaded.problems)
        what = "1 setting is" if count == 1 else f"{count} settings are"
        return [Check("Settings file", False, f"{what} ignored in {loaded.path}; the first: "
                      f"{loaded.problems[0]} In the app, w lists them all and s opens "
                      "Settings to fix them")]
    return [Check("Settings file", True, str(loaded.path))]


def _build(cls: type, raw: Any, prefix: str, problems: list[str], path: Path) -> Any:
    default = cls()
    if not isinstance(raw, dict):
        problems.append(f"[{prefix.rstrip('.')}] should be a table of settings; "
                        "its defaults are used.")
        return default
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        dotted = f"{prefix}{key}"
        if key not in known:
            problems.append(f"There is no setting called {shorten(printable(dotted))}; "
                            "that line is ignored.")
            continue
        current = getattr(default, key)
        if key == "keymap":
            values[key] = _check_keymap(value, problems, path)
        elif hasattr(current, "__dataclass_fields__"):
            values[key] = _build(type(current), value, f"{dotted}.", problems, path)
        else:
            checked = check_value(dotted, value, current, problems, in_file=True)
            if checked is not None:
                values[key] = checked
    return replace(default, **values)


def check_value(dotted: str, value: Any, default: Any, problems: list[str],
                in_file: bool = False) -> Any:
    """`value` if it is allowed for `dotted`, else None with one problem, in words.

    Problems name the setting by its label (and, `in_file`, by the name it has in the
    file too), show the value as written, say what is allowed and what is used
    instead; the file's path is said once by whoever shows them, not on every line.
    """
    written = value
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    rule = RULES.get(dotted)
    allowed = (type(value) is expected and not (
        isinstance(rule, Choice) and value not in rule.values) and not (
        isinstance(rule, Range) and not rule.low <= value <= rule.high))
    if allowed:
        return value
    name = name_in_file(dotted) if in_file else label_of(dotted)
    problems.append(f"{name}: {shown_value(written)} is not allowed; it should be "
                    f"{allowed_in_words(dotted, default)}. Using {shown_value(default)}.")
    return None


# What each setting is called on the Settings screen and in every message about it.
# Add a line here for each new setting.
LABELS: dict[str, str] = {
    "reader.theme": "Colours (theme)",
    "reader.reduce_motion": "Reduce motion: nothing moves or animates",
    "reader.text_width": "Text width in columns (40 to 120)",
    "reader.start_in_focus_mode": "Start in focus mode",
    "reader.content_dir": "Leaflet folder (leave empty for the built-in one)",
    "speech.rate": "Reading speed, words a minute (80 to 400)",
    "speech.volume": "Volume (0.0 to 1.0)",
    "speech.voice": "System voice to use",
    "speech.player": "Sound player, advanced (leave empty: one is found)",
    "speech.read_all": "Read all: carry on into the next section",
    "speech.keep_reading_while_moving": "Keep reading while I move",
    "speech.engine": "Reading voice (natural or system)",
    "voice.enabled": "Voice commands on at start",
    "voice.mode": "Listening mode",
    "voice.microphone": "Microphone (leave empty for the usual one)",
    "voice.model_dir": "Voice model folder, advanced (leave empty for the built-in one)",
    "voice.keep_recordings": "Keep recordings of what was heard (to see why a command was missed)",
    "voice.confirm_risky": "Ask for yes before quitting or deleting",
    "voice.ask_when_unsure": 'Ask "Did you mean ...?" when a command was nearly heard',
    "exercises.cues": "Spoken cues in exercises",
    "exercises.cue_rate": "Cue speed, words a minute (80 to 300)",
    "exercises.include_face_steps": "Include face steps (release only)",
    "exercises.self_paced": "Self-paced: move on with Space, no timer",
    "exercises.custom_pattern.breathe_in": "Your pattern: breathe in, seconds (2 to 15)",
    "exercises.custom_pattern.hold_in": "Your pattern: hold after in, seconds (0 to 15)",
    "exercises.custom_pattern.breathe_out": "Your pattern: breathe out, seconds (2 to 15)",
    "exercises.custom_pattern.hold_out": "Your pattern: hold after out, seconds (0 to 15)",
}


def label_of(dotted: str) -> str:
    """The setting's name in messages: its label without the bracketed range."""
    label = LABELS.get(dotted)
    if label is None:
        return f"The setting {dotted}"
    return label.split(" (")[0]


def name_in_file(dotted: str) -> str:
    """How someone editing the file finds it, and its label: "[reader] theme (Colours)"."""
    table, _, key = dotted.rpartition(".")
    where = f"[{table}] {key}" if table else key
    label = LABELS.get(dotted)
    return f"{where} ({label_of(dotted)})" if label else where


SHOWN_LENGTH = 60
"""Values longer than this are cut short in messages (a pasted page helps nobody)."""


def shown_value(value: Any) -> str:
    """A value as written in the file (40.0 stays 40.0), safe to print and not too long."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, str):
        return f'"{shorten(printable(value))}"' if value else "empty"
    if isinstance(value, float):
        return repr(value)
    return shorten(printable(str(value)))


def printable(text: str) -> str:
    """Control and invisible characters written as escapes (\\x1b), so a value in a
    message can never act on the terminal or hide."""
    return "".join(ch.encode("unicode_escape").decode("ascii")
                   if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text)


def shorten(text: str) -> str:
    if len(text) <= SHOWN_LENGTH:
        return text
    return f"{text[:SHOWN_LENGTH - 3]}... ({len(text)} characters)"


def allowed_in_words(dotted: str, default: Any) -> str:
    rule = RULES.get(dotted)
    if isinstance(rule, Choice):
        *first, last = rule.values
        return f"one of {', '.join(first)} or {last}" if first else last
    if isinstance(rule, Range):
        kind = "a whole number" if isinstance(default, int) else "a number"
        return f"{kind} from {rule.low:g} to {rule.high:g}"
    return _type_name(type(default))


def _check_keymap(value: Any, problems: list[str], path: Path) -> dict[str, str]:
    from hfs_tui import actions  # local: actions imports content models only

    if not isinstance(value, dict):
        problems.append('[keymap] should be a table of action = "keys"; it is ignored.')
        return {}
    keymap = {}
    for action_id, keys in value.items():
        if action_id not in actions.BY_ID:
            problems.append(f"The keymap names an action that does not exist, {action_id}; "
                            "that line is ignored.")
        elif not isinstance(keys, str) or not key_names.is_bindable(keys):
            usual = actions.BY_ID[action_id].key_display or "none"
            problems.append(f"[keymap] {action_id}: {shown_value(keys)} is not a key the "
                            'app can use; write keys like "j,down" or "ctrl+n". Using its '
                            f"usual keys ({usual}).")
        else:
            keymap[action_id] = keys
    return keymap


def _type_name(kind: type) -> str:
    return {bool: "on or off (true or false in the file)", int: "a whole number",
            float: "a number", str: "text"}.get(kind, kind.__name__)




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
    """Write settings atomically, readable only by this user; raises OSError if it fails.

    Safe from several threads: the one writer puts the newest settings last.
    """
    path = path or paths.settings_file()
    saving.WRITER.write(path, to_toml(settings))
    return path


def backup_then_save(settings: Settings, path: Path | None = None) -> Path:
    """Save over a file that had problems, keeping the user's original beside it;
    returns where the copy went."""
    path = path or paths.settings_file()
    backup = backup_path(path)
    saving.WRITER.write(path, to_toml(settings), keep_old_as=backup)
    return backup


def save_in_background(settings: Settings, path: Path, on_done: saving.OnDone,
                       keep_as: Path | None = None) -> None:
    """Queue a save without waiting (for the UI thread); `on_done` gets the outcome.

    `keep_as`: first copy the file as it is there (see `backup_path`)."""
    saving.WRITER.submit(path, to_toml(settings), on_done, keep_old_as=keep_as)


def backup_path(path: Path, now: datetime | None = None) -> Path:
    """A new name for a copy of `path`, dated, never one already there: each kept
    copy of a broken file stays, however many there are."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.name}.{stamp}-{number}.bak")
        number += 1
    return candidate
