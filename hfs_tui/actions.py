"""The one registry of actions.

Every user action has an id, its keys, the phrases that trigger it by voice, a
help line, and where it runs (`target`), whether the command palette offers it,
whether it may act while the app reads aloud, what its voice command carries and
whether it asks first. Key bindings, the voice grammar, the command palette, the
help screen, the barge-in phrases and the README tables are all generated from
this list, and the app runs every action (key, palette or voice) by it, so a new
action is one entry here plus the method that does it.

Plain Python on purpose: the voice layer and the command line read it without
importing Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from hfs_tui.content.models import Exercise, Section
from hfs_tui.numbers import ONES

APP = "app"
"""The target meaning the app itself: the action works on every screen."""
READERS = ("SectionScreen", "FocusScreen")
"""The two screens that show a section (they share ReadingControls)."""

Argument = Literal["", "section number", "section id", "exercise id", "severity", "spoken"]
"""What a voice command gives its action: nothing; the number in "section three"; the
section or exercise named in "open ..." / "start ..."; the number in "log spasm
seven" (none: the picker opens); or, for "spoken", True when it was said aloud."""


@dataclass(frozen=True)
class Action:
    id: str
    help: str
    keys: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    group: str = "Reading"
    footer: bool = False
    risky: bool = False
    """Risky actions ask for a spoken or typed "yes" first, however they are started."""
    short: str = ""
    """A word or two for the footer; defaults to the help line."""
    spoken: str = ""
    """How to say it, where the phrases come from numbers or the content."""
    target: tuple[str, ...] = (APP,)
    """Where it runs: screen class names, then maybe APP. The first one showing runs
    `action_<id>`; if none is showing, the action does nothing there (and the
    palette leaves it out). APP's keys are bound app-wide; a screen binds its own."""
    in_palette: bool = True
    """Offered in the command palette (where its target is showing)."""
    while_reading: bool = False
    """Its phrases act while the app reads aloud (barge-in): only stopping and pausing,
    since the microphone hears the reading too."""
    answers_question: bool = False
    """An answer to the question on one of its `target` screens: its phrases act over
    the app's reading of that question too, once the voice is known to be the user's
    (the reading says "yes" itself: hfs_tui.voice.listener.VoiceControl.set_answers)."""
    question_phrases: tuple[str, ...] = ()
    """Everyday answers ("yeah", "nope") heard only while a yes-or-no question shows.
    Heard everywhere, they changed how Whisper reads other words: a person's "left"
    became "yeah" (docs/performance.md, seventeenth round)."""
    also_said: tuple[str, ...] = ()
    """Other ways people say it ("stop it", "log a spasm"): understood, but kept out
    of Whisper's prompt, where each phrase changes how it reads the others, and out of
    the help table (spoken_variants)."""
    place: bool = False
    """A screen to go to: "open", "go to" or "show me" (and "the" or "my") before its
    phrases is understood too ("go to the diary")."""
    declines: bool = False
    """Answers no: done by mistake it costs nothing (the question can be asked again),
    so while its question shows a near miss will do, as for stopping while reading."""
    argument: Argument = ""
    voice_of: str = ""
    """A voice-only action that picks one way of another action's key (Space pauses or
    resumes; "pause" only pauses): its phrases also show in that action's row."""
    keys_app_wide: bool = True
    """With APP in `target`: its keys are bound on every screen. False keeps them on
    its own screens (Esc means "back" in a dialog); the app then runs it for voice and
    the palette only, where no screen of its target shows."""
    run: str = ""
    """How its screen runs it, where that is not `action_<id>`: the diary's one
    "add('injection')" serves three keys."""
    heard_on_screen: bool = False
    """Its phrases are heard only while its one target screen shows
    (screen_voice_commands): every phrase in the grammar changes how Whisper reads the
    others, so the diary's own ("last ninety days") stay out of it elsewhere."""
    key_display_as: str = ""
    """What the footer shows for its first key, where the key's name is long ("Del")."""

    @property
    def say_display(self) -> str:
        """The Say column of the help screen and the README."""
        said = self.all_phrases + self.question_phrases
        return ", ".join(f'"{p}"' for p in said) or self.spoken or "-"

    @property
    def all_phrases(self) -> tuple[str, ...]:
        """Its phrases and those of the voice-only actions that are its spoken forms."""
        parts = tuple(p for a in ACTIONS if a.voice_of == self.id for p in a.phrases)
        return self.phrases + parts

    @property
    def question(self) -> str:
        """What a risky action asks first ("Quit hfs-tui?")."""
        return f"{self.help}?"

    @property
    def label(self) -> str:
        return self.short or self.help

    @property
    def key_display(self) -> str:
        if len(self.keys) > 2 and all(key.isdigit() for key in self.keys):
            return "A number"
        return " or ".join(KEY_NAMES.get(key, key) for key in self.keys)

    @property
    def keys_in_words(self) -> str:
        """The Key column of the help screen and the README: symbol keys spelled out,
        and NO_KEY for an action that is only spoken (never a "-", which is a key)."""
        if len(self.keys) > 2 and all(key.isdigit() for key in self.keys):
            return "A number"
        if not self.keys:
            return NO_KEY if self.all_phrases or self.spoken else ""
        return " or ".join(key_in_words(key) for key in self.keys)


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
    "delete": "Delete",
    "backspace": "Backspace",
}

KEY_WORDS = {
    "plus": "Plus (+)",
    "equals_sign": "Equals (=)",
    "minus": "Minus (-)",
    "full_stop": "Full stop (.)",
}
"""Keys by name in tables of keys, where a lone "-" reads as "no key" and a "." is
easy to miss. The footer keeps the short KEY_NAMES."""

NO_KEY = "Say it"
"""The Key column for an action that has no key, only words to say."""


def key_in_words(key: str) -> str:
    return KEY_WORDS.get(key) or KEY_NAMES.get(key, key)


NUMBER_WORDS = [*ONES, "twenty"]
DIARY_GROUP = "In the diary"

def _in_diary(action_id: str, help_line: str, keys: tuple[str, ...],
              phrases: tuple[str, ...] = (), *, short: str, run: str, footer: bool = True,
              also_said: tuple[str, ...] = (), key_display_as: str = "") -> Action:
    """One of the diary's own actions: run by the diary screen, heard only there."""
    return Action(action_id, help_line, keys, phrases, DIARY_GROUP, footer=footer,
                  short=short, target=("DiaryScreen",), run=run, heard_on_screen=True,
                  also_said=also_said, key_display_as=key_display_as)


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
        target=(*READERS, "ExercisePlayerScreen"),
        also_said=("go to the next section", "go to next section"),
    ),
    Action(
        "previous_section",
        "Go back: to the previous section, or out of this screen",
        ("p", "left"),
        ("back", "go back", "previous", "previous section"),
        "Moving around",
        footer=True,
        short="Back",
        # Said on the diary, help, the exercises or settings, "go back" leaves them as
        # Esc does (the screen's GO_BACK): a voice user is never stuck on a screen.
        target=(*READERS, APP), keys_app_wide=False,
        also_said=("previous page", "go to the previous section", "go back a section"),
    ),
    Action(
        "contents",
        "Go back to the list of sections",
        ("h", "escape"),
        ("contents", "home", "go home", "show contents"),
        "Moving around",
        footer=True,
        short="Contents",
        # Said anywhere (the diary, help, the exercises): a voice user always has a way
        # home. Its keys stay on these screens: elsewhere Esc means "back".
        target=(*READERS, "GlossaryScreen", "SettingsScreen", APP), keys_app_wide=False,
        place=True, also_said=("table of contents", "main menu"),
    ),
    Action(
        "go_to_section",
        "Open a section by its number (for 10 and up, type both digits within 2 seconds)",
        (*(str(n) for n in range(1, 10)), "0"),
        (),
        "Moving around",
        spoken='"section one", "section two" and so on',
        # By voice, from any screen; the digit keys are bound by the screens that list
        # sections, which join two quick digits into one number.
        target=(APP,), in_palette=False, argument="section number", keys_app_wide=False,
    ),
    Action(
        "open_section", "Open a section by its name", (), (), "Moving around",
        spoken='"open" and its name',
        in_palette=False, argument="section id",
    ),
    Action(
        "continue_reading",
        "Continue where you left off",
        ("c",),
        ("continue where i left off",),
        "Moving around",
        short="Continue",
        target=("ContentsScreen",),
        also_said=("carry on where i left off", "pick up where i left off"),
    ),
    Action("scroll_down", "Scroll down a little", ("down",), (), "Moving around",
           target=("SectionScreen",)),
    Action("scroll_up", "Scroll up a little", ("up",), (), "Moving around",
           target=("SectionScreen",)),
    Action(
        "page_down",
        "Scroll down a page",
        ("pagedown", "space"),
        ("scroll down", "down", "page down"),
        "Moving around",
        target=("SectionScreen",),
    ),
    Action(
        "page_up",
        "Scroll up a page",
        ("pageup",),
        ("scroll up", "up", "page up"),
        "Moving around",
        target=("SectionScreen",),
    ),
    Action("scroll_home", "Go to the top of the section", ("home",), (), "Moving around",
           target=READERS),
    Action("scroll_end", "Go to the end of the section", ("end",), (), "Moving around",
           target=READERS),
    Action(
        "focus_mode",
        "Focus mode: one sentence at a time, spaced out",
        ("f",),
        ("focus mode", "focus"),
        "Moving around",
        footer=True,
        short="Focus",
        target=(*READERS, "ContentsScreen"),
        place=True,
    ),
    Action(
        "focus_next",
        "Focus mode: show the next sentence",
        ("space", "right"),
        (),
        "Moving around",
        short="Next",
        target=("FocusScreen",), in_palette=False,
    ),
    Action(
        "focus_previous",
        "Focus mode: show the previous sentence",
        ("left",),
        (),
        "Moving around",
        short="Back",
        target=("FocusScreen",), in_palette=False,
    ),
    Action(
        "next_sentence",
        "Next sentence",
        ("right_square_bracket",),
        ("next sentence",),
        "Moving around",
        short="Next sentence",
        target=READERS,
    ),
    Action(
        "previous_sentence",
        "Previous sentence",
        ("left_square_bracket",),
        ("previous sentence", "last sentence"),
        "Moving around",
        short="Previous sentence",
        target=READERS,
    ),
    Action(
        "glossary",
        "Word list: medical words in plain English",
        ("g",),
        ("glossary", "word list", "medical words"),
        "Moving around",
        short="Words",
        target=(*READERS, APP),
        place=True,
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
        target=(*READERS, "ContentsScreen", "DiaryScreen"),
        also_said=("read it aloud", "read it out loud", "read out loud", "read this aloud",
                   "read this out loud", "read aloud to me"),
    ),
    Action(
        "read_key_points",
        "Read only the key points",
        ("k",),
        ("read key points", "key points"),
        "Reading aloud",
        short="Key points",
        target=READERS,
        also_said=("read the key points", "just the key points", "read the main points"),
    ),
    Action(
        "pause_resume",
        "Pause or resume reading",
        ("space",),
        (),  # said as "pause" or "resume", the two actions below
        "Reading aloud",
        short="Pause",
        target=(*READERS, "ExercisePlayerScreen"),
    ),
    # By voice, pausing and resuming are two actions: "pause" only pauses and
    # "resume" only resumes, and only "pause" may act while the app is reading.
    Action(
        "pause",
        "Pause reading or an exercise (heard even while reading aloud)",
        (),
        ("pause",),
        "Reading aloud",
        target=("ExercisePlayerScreen", APP), in_palette=False, while_reading=True,
        voice_of="pause_resume",
        also_said=("pause reading", "pause it"),
    ),
    Action(
        "resume",
        "Carry on after a pause (on the contents: where you left off)",
        (),
        ("resume", "continue", "carry on"),
        "Reading aloud",
        target=("ExercisePlayerScreen", APP), in_palette=False, voice_of="pause_resume",
        also_said=("carry on reading", "keep reading", "resume reading", "unpause"),
    ),
    Action(
        "stop_reading",
        "Stop reading",
        ("x", "escape"),
        ("stop", "stop reading", "be quiet"),
        "Reading aloud",
        short="Stop",
        # Elsewhere (an announcement on the contents, "what can I say"): the app stops it.
        target=(*READERS, "ExercisePlayerScreen", "DiaryScreen", APP), while_reading=True,
        keys_app_wide=False,
        also_said=("stop reading aloud",),
    ),
    Action(
        "repeat",
        "Repeat the last sentence",
        ("full_stop",),
        ("repeat", "say that again", "again"),
        "Reading aloud",
        short="Repeat",
        target=READERS,
        also_said=("repeat that", "repeat it", "say it again", "read that again",
                   "read the last sentence again"),
    ),
    Action(
        "faster",
        "Speak faster",
        ("plus", "equals_sign"),
        ("faster", "speed up"),
        "Reading aloud",
        short="Faster",
        target=(*READERS, "ExercisePlayerScreen"),
        also_said=("speak faster", "read faster", "speak more quickly", "read more quickly"),
    ),
    Action(
        "slower",
        "Speak slower",
        ("minus",),
        ("slower", "slow down"),
        "Reading aloud",
        short="Slower",
        target=(*READERS, "ExercisePlayerScreen"),
        also_said=("speak slower", "read slower", "speak more slowly", "read more slowly",
                   "slow", "more slowly"),
    ),
    Action(
        "louder", "Speak louder", ("greater_than_sign",), ("louder", "volume up"), "Reading aloud",
        target=READERS,
        also_said=("speak louder", "read louder", "turn the volume up", "turn up the volume",
                   "loud"),
    ),
    Action(
        "quieter",
        "Speak more quietly",
        ("less_than_sign",),
        ("quieter", "volume down"),
        "Reading aloud",
        target=READERS,
        also_said=("speak more quietly", "read more quietly", "turn the volume down",
                   "turn down the volume"),
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
        place=True, also_said=("relaxation exercises", "breathing exercises"),
    ),
    Action(
        "start_exercise",
        "Start an exercise by its name",
        (),
        (),
        "Relaxation and diary",
        spoken='"start" and its name',
        in_palette=False, argument="exercise id",
    ),
    Action(
        "skip_step",
        "Skip to the next step of an exercise",
        ("n",),
        ("skip", "skip step", "next step"),
        "Relaxation and diary",
        short="Skip",
        target=("ExercisePlayerScreen",),
        also_said=("skip this step",),
    ),
    Action(
        "diary",
        "Open the spasm and treatment diary",
        ("d",),
        ("diary", "open diary", "show diary"),
        "Relaxation and diary",
        footer=True,
        short="Diary",
        place=True, also_said=("spasm diary",),
    ),
    Action(
        "log_spasm",
        "Log how bad the spasms are now (0 to 10)",
        ("l",),
        ("log spasm",),
        "Relaxation and diary",
        short="Log spasm",
        argument="severity",
        also_said=("log a spasm", "log my spasm", "record a spasm"),
    ),
    Action(
        "pick_severity",
        "In the spasm picker: choose 0 to 10 (said aloud, it is saved at once)",
        tuple("0123456789"),
        (),
        "Relaxation and diary",
        spoken='a number: "zero" to "ten"',
        # Heard only while the picker is open (screen_voice_commands): "log spasm",
        # a pause, then "seven" is how people say it, and bare numbers everywhere
        # would turn everyday "two" and "for" into commands.
        target=("LogSpasmScreen",), in_palette=False, argument="severity",
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
        "confirm_yes", "Answer yes", ("y",), ("yes", "yes please"), "Voice control", short="Yes",
        target=("ConfirmScreen", "DidYouMeanScreen", "NoteScreen", "LogSpasmScreen",
                "RepairScreen"),
        in_palette=False, answers_question=True, question_phrases=("yeah", "yep"),
        also_said=("yes i'm sure", "yes i am sure"),
    ),
    Action(
        "confirm_no",
        "Answer no",
        ("n",),
        ("no", "no thanks", "cancel"),
        "Voice control",
        short="No",
        target=("ConfirmScreen", "DidYouMeanScreen", "NoteScreen", "LogSpasmScreen",
                "RepairScreen"),
        in_palette=False, answers_question=True, declines=True, question_phrases=("nope",),
        also_said=("no thank you",),
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
        argument="spoken",
        place=True, also_said=("what do i say",),
    ),
    Action("settings", "Settings", ("s",), ("settings", "open settings"), "App", short="Settings",
           place=True),
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
        also_said=("quit the app", "exit the app", "close app", "quit hfs tui", "close hfs tui"),
    ),
    # Last, so the recogniser's phrase prompt keeps the older phrases where they were.
    Action(
        "add_note",
        "Add a note to the rating just saved: say it, or type it",
        ("a",),
        ("add a note",),
        "Relaxation and diary",
        short="Add note",
        target=("NoteScreen", APP), argument="spoken",
        also_said=("add note",),
    ),
    # The diary's own (its keys and phrases there alone), most used first: where the
    # key bar is short of room it drops keys from the end.
    _in_diary("diary_edit", "Change the highlighted entry", ("e",), short="Edit", run="edit"),
    # Shown only just after a delete, when it matters most.
    _in_diary("diary_undo", "Bring back the entry just deleted", ("u",),
              ("undo", "bring it back"), short="Undo", run="undo",
              also_said=("undo that", "bring that back")),
    _in_diary("diary_injection", "Add a Botox injection (botulinum toxin)", ("i",),
              short="Injection", run="add('injection')"),
    # By voice there is nothing to type: the injection is logged as had now, once the
    # user says yes; the units and the clinic can be added later with e.
    _in_diary("diary_injection_now", "Log a Botox injection you had today (it asks first)",
              (), ("log injection",), short="Log injection", run="injection_now",
              footer=False,
              also_said=("log an injection", "log my injection", "log a botox injection",
                         "log botox", "add an injection", "i had my injection",
                         "i had my botox")),
    _in_diary("diary_treatment",
              "Add a treatment (injection, medicine, surgery) or a side effect", ("t",),
              short="Treatment", run="treatment"),
    _in_diary("diary_back", "Leave the diary", ("escape",), short="Back", run="back"),
    _in_diary("diary_jump", "Go to the entries of a date you type", ("j",),
              short="Go to date", run="jump"),
    _in_diary("diary_kinds", "Show only one kind of entry (spasms, injections...)", ("f",),
              short="Show only", run="kinds"),
    _in_diary("diary_delete", "Delete the highlighted entry (it asks first)",
              ("delete", "backspace"), short="Delete", run="delete", key_display_as="Del"),
    _in_diary("diary_side_effect", "Add a side effect of a treatment", ("x",),
              short="Side effect", run="add('side_effect')", footer=False),
    _in_diary("diary_range_30", "Show the last 30 days", ("1",), ("last thirty days",),
              short="30 days", run="range(30)", footer=False,
              also_said=("show the last thirty days", "thirty days")),
    _in_diary("diary_range_90", "Show the last 90 days", ("3",), ("last ninety days",),
              short="90 days", run="range(90)", footer=False,
              also_said=("show the last ninety days", "ninety days")),
    _in_diary("diary_range_year", "Show the last year", ("y",), ("last year",),
              short="Year", run="range(365)", footer=False,
              also_said=("show the last year", "the whole year")),
    _in_diary("diary_read_summary", "Read the summary aloud", ("r",), ("read summary",),
              short="Read summary", run="read_summary", footer=False,
              also_said=("read the summary", "read me the summary")),
    _in_diary("diary_clinic_report", "Save a report for your doctor or clinic, to print or send",
              ("c",), ("save report",), short="Report", run="clinic_report",
              also_said=("save the report", "save a report", "save my report",
                         "make a report")),
    _in_diary("diary_add_note", "Add a note to the highlighted entry", ("a",),
              short="Add a note", run="add_note", footer=False),
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


def app_wide() -> list[Action]:
    """Actions whose keys the app binds on every screen: those it runs itself.

    Not those with `keys_app_wide` off: the section digits carry a number, so the
    screens that list sections bind them (and join two quick digits into one number);
    Esc and h go to the contents only from the screens that say so.
    """
    return [a for a in ACTIONS
            if APP in a.target and a.keys and a.keys_app_wide]


VARIANT_EXAMPLES = ("go to the diary", "open section three", "log a spasm of seven",
                    "turn the volume down")
"""What the help screen gives as other ways of saying commands (a test checks each)."""
PLACE_VERBS = ("open", "go to", "show", "show me", "back to", "go back to", "take me to")
"""Said before a place ("open the diary", "take me to section three")."""
_VERB_STARTS = frozenset(verb.split()[0] for verb in PLACE_VERBS)


def spoken_variants(phrases: Iterable[str]) -> dict[str, str]:
    """Other ways of saying each of `phrases`, each mapped to the phrase it means.

    From the registry (`also_said`, `place`) and, for the phrases made from numbers and
    content, from their family: "go to section three", "start the calm breathing",
    "log a spasm of seven", "seven out of ten". Only whole utterances: "I need to stop
    at the shop" stays nothing. A way that is itself a phrase, or that two phrases
    share, is left out, so a variant never changes what a phrase does.
    """
    phrases = list(dict.fromkeys(phrases))
    by_phrase = {normalise_phrase(p): a for a in ACTIONS for p in a.phrases}
    owners: dict[str, set[str]] = {}
    said_for: set[str] = set()  # an action's also_said go to its first phrase heard
    for phrase in phrases:
        action = by_phrase.get(phrase)
        first = action is not None and action.id not in said_for
        if action is not None:
            said_for.add(action.id)
        for way in _ways_of_saying(phrase, action, first):
            owners.setdefault(normalise_phrase(way), set()).add(phrase)
    return {way: next(iter(meant)) for way, meant in owners.items()
            if len(meant) == 1 and way not in phrases}


def _ways_of_saying(phrase: str, action: Action | None, first: bool) -> Iterable[str]:
    words = phrase.split()
    if not words:
        return
    if action is not None:
        if first:
            yield from action.also_said
        if action.place and words[0] not in _VERB_STARTS:
            yield from _placed(phrase)
    elif words[0] == "section":  # "section three"
        yield from _placed(phrase)
        yield f"section number {' '.join(words[1:])}"
    elif words[0] == "open":  # "open surgery": a section by its name
        # Not "go to" or "show me": the names are everyday words ("go to the doctor").
        yield f"open the {' '.join(words[1:])}"
    elif words[0] == "start":  # "start calm breathing"
        name = " ".join(words[1:])
        yield from (f"start the {name}", f"begin {name}", f"do {name}", f"do the {name}")
    elif words[:2] == ["log", "spasm"] and len(words) > 2:  # "log spasm seven"
        number = " ".join(words[2:])
        for start in ("log spasm", "log a spasm", "log my spasm"):
            for before in ("", "of ", "at "):
                for after in ("", " out of ten"):
                    yield f"{start} {before}{number}{after}"
    elif phrase in NUMBER_WORDS:  # the spasm picker's "seven"
        yield f"{phrase} out of ten"


def _placed(name: str) -> Iterable[str]:
    for verb in PLACE_VERBS:
        for article in ("", "the ", "my "):
            yield f"{verb} {article}{name}"


def barge_in_phrases() -> frozenset[str]:
    """The phrases that may act while the app reads aloud: those of `while_reading` actions.

    The listener (hfs_tui.voice.bargein) hears only these over the reading, and the
    UI acts only on these actions then (`allowed_while_reading`).
    """
    return frozenset(normalise_phrase(p) for a in ACTIONS if a.while_reading
                     for p in a.phrases)


def question_answers(screen: str) -> frozenset[str]:
    """The phrases that answer the question `screen` asks (a screen class name): they
    may act over the app's reading of it. Empty for a screen that asks nothing."""
    return frozenset(normalise_phrase(p) for a in ACTIONS
                     if a.answers_question and screen in a.target
                     for p in a.phrases + a.question_phrases)


def question_voice_commands(screen: str) -> list[VoiceCommand]:
    """The everyday answers ("yeah", "nope") to the question `screen` asks, heard only
    while it shows; with question_answers() they are what set_answers() is given."""
    return [VoiceCommand(normalise_phrase(phrase), action.id)
            for action in ACTIONS if action.answers_question and screen in action.target
            for phrase in action.question_phrases]


def while_question_shows(commands: list[VoiceCommand], screen: str = "ConfirmScreen"
                         ) -> tuple[list[VoiceCommand], frozenset[str]]:
    """What the listener hears while `screen`'s question shows, as the app sets it:
    the usual commands with its everyday answers, and the answers that may act over
    its reading (for `hear --question` and the benches)."""
    return commands + question_voice_commands(screen), question_answers(screen)


def declines(command: VoiceCommand) -> bool:
    """Does this command answer no (harmless if it was not meant)?"""
    action = BY_ID.get(command.action)
    return action is not None and action.declines


def worth_asking_about(command: VoiceCommand) -> bool:
    """May a near miss of this command be asked about ("Did you mean ...?")? Not an
    answer (there is no question), not a risky one (it asks anyway), and not stop or
    pause: those matter while something is read, when nothing is asked, and a lone
    "shop" or "off" is their commonest near miss."""
    action = BY_ID.get(command.action)
    return (action is not None and not action.answers_question and not action.risky
            and not action.while_reading)


def allowed_while_reading(command: VoiceCommand) -> bool:
    """May this recognised command's action act while the app is reading aloud?"""
    action = BY_ID.get(command.action)
    return action is not None and action.while_reading


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
        for action in ACTIONS if not action.heard_on_screen
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


def screen_voice_commands(screen: str) -> list[VoiceCommand]:
    """Phrases heard only while `screen` shows: the answers of actions that run there
    alone and are said as a bare number (the spasm picker's "seven"), and the
    phrases of its `heard_on_screen` actions (the diary's "last ninety days")."""
    here = [action for action in ACTIONS if action.target == (screen,)]
    return [
        *(VoiceCommand(NUMBER_WORDS[number], action.id, number)
          for action in here if action.argument == "severity" for number in range(0, 11)),
        *(VoiceCommand(normalise_phrase(phrase), action.id)
          for action in here if action.heard_on_screen for phrase in action.phrases),
    ]


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
