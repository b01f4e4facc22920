"""Help: every action with its keys and what you can say, from the action registry."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from hfs_tui import actions
from hfs_tui.content.models import Library
from hfs_tui.ui.screens.dialog_css import dialog_backdrop, dialog_frame

READING_ONLY = ("pause_resume", "stop_reading")
"""These take their keys only while something is being read."""

Row = tuple[str, str, str]


NARROW_HELP = 56
"""Under this many columns the three columns are too thin to read ("sect…"), so
each row is drawn as lines instead: the key, then what it does, then what to say."""


class HelpRows:
    """The rows as a table, or stacked where the dialog is narrow (a large font)."""

    def __init__(self, rows: list[Row], show_voice: bool) -> None:
        self.rows = rows
        self.show_voice = show_voice

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= NARROW_HELP:
            yield self.as_table()
            return
        for number, (keys, what, say) in enumerate(self.rows):
            if number:
                yield Text("")
            yield Text(keys, style="bold")
            yield Padding(Text(what), (0, 0, 0, 2))
            if self.show_voice and say not in ("", "-"):
                yield Padding(Text(f"Say: {say}"), (0, 0, 0, 2))

    def as_table(self) -> Table:
        table = Table(box=None, show_header=True, expand=True, padding=(0, 1))
        # As wide as its longest line of keys: each other key starts a line ("or Left").
        table.add_column("Key", style="bold", min_width=8, max_width=16)
        table.add_column("What it does", ratio=3)
        if self.show_voice:
            table.add_column("Say", ratio=2)
        for row in self.rows:
            keys = row[0].replace(" or ", "\nor ").replace(" (while", "\n(while")
            cells = (keys, *row[1:])
            table.add_row(*(cells if self.show_voice else cells[:2]))
        return table


def _table(rows: Iterable[actions.Action | Row], show_voice: bool) -> HelpRows:
    return HelpRows([(row.keys_in_words, row.help, row.say_display)
                      if isinstance(row, actions.Action) else row for row in rows],
                     show_voice)


def screen_rows(here: list[actions.Action], taken: set[str] | None = None,
                held: set[str] | None = None) -> list[Row]:
    """This screen's actions, each key listed once with its one meaning here.

    A key two actions share (Space pauses while reading, and otherwise scrolls) gets
    one row that says both, instead of two rows that seem to disagree. Keys in
    `taken` mean something else here (settings' Esc goes back) and are left out;
    keys in `held` are this screen's but of no use yet, and say so.
    """
    taken = taken or set()
    owners: dict[str, list[actions.Action]] = {}
    for action in here:
        for key in action.keys:
            if key not in taken:
                owners.setdefault(key, []).append(action)
    rows: list[Row] = []
    for action in here:
        own = [k for k in action.keys if k in owners and len(owners[k]) == 1]
        display = " or ".join(actions.key_in_words(k) for k in own)
        if action.id == "go_to_section" or not action.keys:
            display = action.keys_in_words
        elif not own and action.id in READING_ONLY:
            # Its key is in the shared row above; it is still that key, while reading.
            display = f"{actions.key_in_words(action.keys[0])} (while reading)"
        elif not own and (later := [k for k in action.keys if k in (held or ())]):
            # Bound here, but of no use yet (the diary's u before anything is deleted).
            display = " or ".join(f"{actions.key_in_words(k)} (not now)" for k in later)
        if display or action.all_phrases or action.spoken:
            rows.append((display or actions.NO_KEY, action.help, action.say_display))
    shared: list[Row] = []
    for key, sharing in owners.items():
        if len(sharing) < 2:
            continue
        name = actions.key_in_words(key)
        reading = [a for a in sharing if a.id in READING_ONLY]
        other = [a for a in sharing if a.id not in READING_ONLY]
        if reading and other:
            text = (f"While reading aloud: {_lower(reading[0].help)}. "
                    f"Otherwise: {_lower(other[0].help)}.")
        else:  # the first binding on the screen wins
            text = sharing[0].help
        shared.append((name, text, "-"))
    return shared + rows  # the keys that change meaning come first


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def own_key_rows(active: Iterable[ActiveBinding], app: object) -> tuple[list[str], list[Row],
                                                                          set[str]]:
    """What the screen and its focused widget bind themselves, beside the registry's.

    Returns the registry actions among them (their rows come with what to say), a row
    for each other key (the diary's "e Edit"), and the keys those other rows take, so
    the rest of help can say that a key means something else here ("e" opens the
    exercises elsewhere, and edits an entry in the diary). The screen's keys come before its
    focused widget's; Textual's own (Tab, copy) are left out.
    """
    registry: list[str] = []
    keys_of: dict[tuple[str, str], list[str]] = {}
    screen_first = sorted(active, key=lambda item: not isinstance(item.node, Screen))
    for item in screen_first:
        binding = item.binding
        if item.node is app or binding.system or _textual_own(item.node, binding) \
                or binding.action.startswith("section_digit"):  # go_to_section's digits
            continue
        keys = [key.strip() for key in binding.key.split(",")]
        if binding.id in actions.BY_ID:
            registry.append(binding.id)
            continue
        what = binding.tooltip or binding.description
        shown = keys_of.setdefault((binding.key_display or "", what), [])
        shown.extend(key for key in keys if key not in shown)
    rows = [(display or " or ".join(actions.key_in_words(k) for k in keys), what, "-")
            for (display, what), keys in keys_of.items() if what]
    taken = {key for keys in keys_of.values() for key in keys}
    return registry, rows, taken


def _textual_own(node: object, binding: Binding) -> bool:
    """A binding Textual itself gives every screen or widget of this kind."""
    keys = set(binding.key.split(","))
    return any(isinstance(own, Binding) and own.action == binding.action
               and keys <= set(own.key.split(","))
               for cls in type(node).__mro__ if cls.__module__.startswith("textual.")
               for own in cls.__dict__.get("BINDINGS", ()))


def _elsewhere(action: actions.Action, taken: set[str]) -> actions.Action | Row:
    """An action from another screen, its keys marked where this screen uses them."""
    if not taken.intersection(action.keys):
        return action
    keys = [actions.key_in_words(k) + (" (not here)" if k in taken else "")
            for k in action.keys]
    return (" or ".join(keys), action.help, action.say_display)


def spoken_names(library: Library | None) -> tuple[list[str], list[str]]:
    """The 'open NAME' and 'start NAME' phrases the content provides."""
    if library is None:
        return [], []
    sections = [f"open {s.voice_names[0]}" for s in library.sections if s.voice_names]
    exercises = [f"start {e.voice_names[0]}" for e in library.exercises if e.voice_names]
    return sections, exercises


class HelpScreen(ModalScreen[None]):
    GO_BACK = "dismiss"
    BINDINGS = [Binding("escape,question_mark,f1,q,h", "dismiss", "Close help")]

    DEFAULT_CSS = dialog_backdrop("HelpScreen", see_through=False) + dialog_frame(
        "#help-dialog", width="90%", max_width=110, height="90%", max_height=None,
        border="$border") + """
    #help-title {
        text-style: bold;
        color: $primary;
        margin-bottom: 1;
    }
    .help-heading {
        margin-top: 1;
        color: $primary;
    }
    """

    def __init__(self, here: tuple[str, ...], screen_name: str, library: Library | None,
                 voice_on: bool, own_rows: Iterable[Row] = (),
                 taken: Iterable[str] = (), unbound: Iterable[str] = (),
                 held: Iterable[str] = ()) -> None:
        super().__init__()
        self.here = here
        self.own_rows = list(own_rows)
        """Keys the screen binds itself, outside the registry (the diary's)."""
        self.taken = set(taken)
        self.unbound = set(unbound)
        self.held = set(held)
        """Of those, keys the screen binds but holds back for now (the diary's u)."""
        """Keys of this screen's actions that nothing binds here."""
        self.screen_name = screen_name
        self.library = library
        self.voice_on = voice_on

    def compose(self) -> ComposeResult:
        here_actions = [actions.get(a) for a in self.here if actions.get(a).keys or
                        actions.get(a).all_phrases or actions.get(a).spoken]
        with Vertical(id="help-dialog"):
            yield Static("Help  ·  Esc or ? closes this", id="help-title")
            with VerticalScroll(id="help-body"):
                if here_actions or self.own_rows:
                    yield Static(Text(f"On this screen ({self.screen_name})", style="bold"),
                                 classes="help-heading")
                    yield Static(_table(self.own_rows + screen_rows(
                        here_actions, self.taken | self.unbound, self.held), True),
                                 classes="help-table")
                # A key this screen uses, for its own action or a registry one (the
                # diary's e edits), means something else here than elsewhere.
                used_here = self.taken | ({key for a in here_actions for key in a.keys}
                                          - (self.unbound - self.held))
                for group, members in actions.groups().items():
                    rest = [_elsewhere(a, used_here) for a in members if a.id not in self.here]
                    if rest:
                        yield Static(Text(group, style="bold"), classes="help-heading")
                        yield Static(_table(rest, True), classes="help-table")
                yield Static(Text("Things you can say", style="bold"), classes="help-heading")
                yield Static(self._voice_text(), classes="help-table")

    def _voice_text(self) -> str:
        sections, exercises = spoken_names(self.library)
        state = "Voice commands are on." if self.voice_on else (
            "Voice commands are off: press v to turn them on.")
        lines = [
            state,
            'Say "section one", "section two" and so on to open a section by number.',
        ]
        if sections:
            lines.append("Open a section by name: " + ", ".join(f'"{p}"' for p in sections))
        if exercises:
            lines.append("Start an exercise: " + ", ".join(f'"{p}"' for p in exercises))
        lines.append('Log how bad the spasms are: "log spasm" and a number, for example '
                     '"log spasm seven"; or "log spasm", then the number alone.')
        lines.append('From any screen, "contents" or "go home" goes back to the list of '
                     'sections.')
        examples = [f'"{way}"' for way in actions.VARIANT_EXAMPLES]
        lines.append("The usual ways of saying a command work too: "
                     f"{', '.join(examples[:-1])} or {examples[-1]}.")
        heard = [f'"{p}"' for a in actions.ACTIONS if a.while_reading
                 for p in (*a.phrases, *a.also_said)]
        lines.append(f"While the app is reading aloud, only {', '.join(heard[:-1])} and "
                     f"{heard[-1]} are heard, so its own voice never sets anything off.")
        return "\n".join(lines)
