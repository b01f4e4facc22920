"""The one registry of actions.

Every user action has an id, its keys, the phrases that trigger it by voice and a
help line. Key bindings, the voice grammar, the command palette, the help screen
and the README tables are all generated from this list, so they cannot disagree.

Plain Python on purpose: the voice layer and the command line read it without
importing Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hfs_tui.content.models import Exercise, Section
from hfs_tui.numbers import ONES


@dataclass(frozen=True)
class Action:
    id: str
    help: str
    keys: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    group: str = "Reading"
    footer: bool = False
    risky: bool = False
    """Risky actions ask for a spoken or typed "yes" first."""
    short: str = ""
    """A word or two for the footer; defaults to the help line."""
    spoken: str = ""
    """How to say it, where the phrases come from numbers or the content."""

    @property
    def say_display(self) -> str:
        """The Say column of the help screen and the README."""
        return ", ".join(f'"{p}"' for p in self.phrases) or self.spoken or "-"

    @property
    def label(self) -> str:
        return self.short or self.help

    @property
    def key_display(self) -> str:
        if len(self.keys) > 2 and all(key.isdigit() for key in self.keys):
            return "A number"
        return " or ".join(KEY_NAMES.get(key, key) for key in self.keys)


KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "left": "Left",
    "right": "Right",
    "up": "Up",
    "down": "Down",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "pagedown": "PgDn",
    "question_mark": "?",
    "full_stop": ".",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
    "equals_sign": "=",
    "minus": "-",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "f1": "F1",
}

NUMBER_WORDS = [*ONES, "twenty"]

ACTIONS: tuple[Action, ...] = (
    # Moving around the leaflet
    Action(
        "next_section",
        "Go to the next section",
        ("n", "right"),
        ("next", "next section", "next page"),
        "Moving around",
        footer=True,
        short="Next",
    ),
    Action(
        "previous_section",
        "Go to the previous section",
        ("p", "left"),
        ("back", "go back", "previous", "previous section"),
        "Moving around",
        footer=True,
        short="Back",
    ),
    Action(
        "contents",
        "Go back to the list of sections",
        ("h", "escape"),
        ("contents", "home", "go home", "show contents"),
        "Moving around",
        footer=True,
        short="Contents",
    ),
    Action(
        "go_to_section",
        "Open a section by its number (for 10 to 13, type both digits quickly)",
        (*(str(n) for n in range(1, 10)), "0"),
        (),
        "Moving around",
        spoken='"section one", "section two" and so on',
    ),
    Action(
        "open_section", "Open a section by its name", (), (), "Moving around",
        spoken='"open" and its name',
    ),
    Action(
        "continue_reading",
        "Continue where you left off",
        ("c",),
        ("continue where i left off",),
        "Moving around",
        short="Continue",
    ),
    Action("scroll_down", "Scroll down a little", ("down",), (), "Moving around"),
    Action("scroll_up", "Scroll up a little", ("up",), (), "Moving around"),
    Action(
        "page_down",
        "Scroll down a page",
        ("pagedown", "space"),
        ("scroll down", "down", "page down"),
        "Moving around",
    ),
    Action(
        "page_up",
        "Scroll up a page",
        ("pageup",),
        ("scroll up", "up", "page up"),
        "Moving around",
    ),
    Action("scroll_home", "Go to the top of the section", ("home",), (), "Moving around"),
    Action("scroll_end", "Go to the end of the section", ("end",), (), "Moving around"),
    Action(
        "focus_mode",
        "Focus mode: one sentence at a time, large",
        ("f",),
        ("focus mode", "focus"),
        "Moving around",
        footer=True,
        short="Focus",
    ),
    Action(
        "focus_next",
        "Focus mode: show the next sentence",
        ("space", "right"),
        (),
        "Moving around",
        short="Next",
    ),
    Action(
        "focus_previous",
        "Focus mode: show the previous sentence",
        ("left",),
        (),
        "Moving around",
        short="Back",
    ),
    Action(
        "next_sentence",
        "Next sentence",
        ("right_square_bracket",),
        ("next sentence",),
        "Moving around",
        short="Next sentence",
    ),
    Action(
        "previous_sentence",
        "Previous sentence",
        ("left_square_bracket",),
        ("previous sentence", "last sentence"),
        "Moving around",
        short="Previous sentence",
    ),
    Action(
        "glossary",
        "Word list: medical words in plain English",
        ("g",),
        ("glossary", "word list", "medical words"),
        "Moving around",
        short="Words",
    ),
    # Reading aloud
    Action(
        "read_aloud",
        "Read aloud from the current sentence",
        ("r",),
        ("read aloud", "read", "read this", "start reading"),
        "Reading aloud",
        footer=True,
        short="Read aloud",
    ),
    Action(
        "read_key_points",
        "Read only the key points",
        ("k",),
        ("read key points", "key points"),
        "Reading aloud",
        short="Key points",
    ),
    Action(
        "pause_resume",
        "Pause or resume reading",
        ("space",),
        ("pause", "resume", "continue", "carry on"),
        "Reading aloud",
        short="Pause",
    ),
    Action(
        "stop_reading",
        "Stop reading",
        ("x", "escape"),
        ("stop", "stop reading", "be quiet"),
        "Reading aloud",
        short="Stop",
    ),
    Action(
        "repeat",
        "Repeat the last sentence",
        ("full_stop",),
        ("repeat", "say that again", "again"),
        "Reading aloud",
        short="Repeat",
    ),
    Action(
        "faster",
        "Speak faster",
        ("plus", "equals_sign"),
        ("faster", "speed up"),
        "Reading aloud",
        short="Faster",
    ),
    Action(
        "slower",
        "Speak slower",
        ("minus",),
        ("slower", "slow down"),
        "Reading aloud",
        short="Slower",
    ),
    Action(
        "louder", "Speak louder", ("greater_than_sign",), ("louder", "volume up"), "Reading aloud"
    ),
    Action(
        "quieter",
        "Speak more quietly",
        ("less_than_sign",),
        ("quieter", "volume down"),
        "Reading aloud",
    ),
    # Relaxation and diary
    Action(
        "exercises",
        "Relaxation exercises",
        ("e",),
        ("exercises", "relaxation", "show exercises"),
        "Relaxation and diary",
        footer=True,
        short="Exercises",
    ),
    Action(
        "start_exercise",
        "Start an exercise by its name",
        (),
        (),
        "Relaxation and diary",
        spoken='"start" and its name',
    ),
    Action(
        "skip_step",
        "Skip to the next step of an exercise",
        ("n",),
        ("skip", "skip step", "next step"),
        "Relaxation and diary",
        short="Skip",
    ),
    Action(
        "diary",
        "Open the spasm and treatment diary",
        ("d",),
        ("diary", "open diary", "show diary"),
        "Relaxation and diary",
        footer=True,
        short="Diary",
    ),
    Action(
        "log_spasm",
        "Log how bad the spasms are now (0 to 10)",
        ("l",),
        ("log spasm",),
        "Relaxation and diary",
        short="Log spasm",
    ),
    # Voice control
    Action(
        "toggle_voice", "Turn voice commands on or off", ("v",), (), "Voice control", short="Voice"
    ),
    Action("push_to_talk", "Listen for one spoken command", ("t",), (), "Voice control"),
    Action(
        "sleep",
        "Voice: stop listening until you say wake up",
        (),
        ("stop listening", "go to sleep"),
        "Voice control",
    ),
    Action("wake", "Voice: start listening again", (), ("wake up",), "Voice control"),
    Action(
        "confirm_yes", "Answer yes", ("y",), ("yes", "yes please"), "Voice control", short="Yes"
    ),
    Action(
        "confirm_no",
        "Answer no",
        ("n",),
        ("no", "no thanks", "cancel"),
        "Voice control",
        short="No",
    ),
    # The app
    Action(
        "help",
        "Help: every key and what you can say",
        ("question_mark", "f1"),
        ("help", "what can i say"),
        "App",
        footer=True,
        short="Help",
    ),
    Action("settings", "Settings", ("s",), ("settings", "open settings"), "App", short="Settings"),
    Action(
        "show_problems",
        "Why some settings were ignored",
        ("w",),
        ("show problems",),
        "App",
        short="Problems",
    ),
    Action(
        "quit",
        "Quit hfs-tui",
        ("q",),
        ("quit", "close the app", "exit"),
        "App",
        footer=True,
        risky=True,
        short="Quit",
    ),
    # Last, so the recogniser's phrase prompt keeps the older phrases where they were.
    Action(
        "add_note",
        "Add a note to the rating just saved: say it, or type it",
        ("a",),
        ("add a note",),
        "Relaxation and diary",
        short="Add note",
    ),
)

BY_ID: dict[str, Action] = {action.id: action for action in ACTIONS}


def get(action_id: str) -> Action:
    return BY_ID[action_id]


def groups() -> dict[str, list[Action]]:
    """Actions by group, in registry order, for the help screen and README."""
    grouped: dict[str, list[Action]] = {}
    for action in ACTIONS:
        grouped.setdefault(action.group, []).append(action)
    return grouped


@dataclass(frozen=True)
class VoiceCommand:
    """One phrase the recogniser accepts, and what it does."""

    phrase: str
    action: str
    argument: str | int | None = None


def voice_commands(
    sections: Iterable[Section] = (), exercises: Iterable[Exercise] = ()
) -> list[VoiceCommand]:
    """Every phrase the voice grammar accepts, generated from the registry and content.

    Phrases are lower case words only, so the grammar and `hear --json` agree.
    """
    return voice_commands_for_names(
        {section.id: section.voice_names for section in sections},
        {exercise.id: exercise.voice_names for exercise in exercises},
    )


def voice_commands_for_names(
    section_names: Mapping[str, Iterable[str]], exercise_names: Mapping[str, Iterable[str]]
) -> list[VoiceCommand]:
    """The same, from content ids and their voice names (as saved beside recordings)."""
    commands = [
        VoiceCommand(normalise_phrase(phrase), action.id)
        for action in ACTIONS
        for phrase in action.phrases
    ]
    # Only the sections there are: "section twenty" is not a command in 13 sections.
    for number in range(1, min(len(section_names), len(NUMBER_WORDS) - 1) + 1):
        commands.append(VoiceCommand(f"section {NUMBER_WORDS[number]}", "go_to_section", number))
    for section_id, names in section_names.items():
        for name in names:
            commands.append(
                VoiceCommand(f"open {normalise_phrase(name)}", "open_section", section_id)
            )
    for exercise_id, names in exercise_names.items():
        for name in names:
            commands.append(
                VoiceCommand(f"start {normalise_phrase(name)}", "start_exercise", exercise_id)
            )
    for severity in range(0, 11):
        commands.append(VoiceCommand(f"log spasm {NUMBER_WORDS[severity]}", "log_spasm", severity))
    return _unique(commands)


def normalise_phrase(text: str) -> str:
    """Lower case, letters and single spaces only ("Self-help" -> "self help")."""
    cleaned = "".join(ch if ch.isalpha() or ch == "'" else " " for ch in text.lower())
    return " ".join(cleaned.split())


def _unique(commands: list[VoiceCommand]) -> list[VoiceCommand]:
    seen: set[str] = set()
    result = []
    for command in commands:
        if command.phrase not in seen:
            seen.add(command.phrase)
            result.append(command)
    return result
