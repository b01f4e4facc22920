"""Which key names a keymap may use, in plain Python (only hfs_tui/ui imports Textual).

The names follow Textual's: a test (tests/ui/test_keymap_names.py) checks each one
against Textual itself, so this list cannot drift from what the app can bind.
"""

from __future__ import annotations

import string
import unicodedata

MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")

NAMED_KEYS = frozenset({
    "escape", "enter", "tab", "space", "backspace", "delete", "insert", "home", "end",
    "pageup", "pagedown", "up", "down", "left", "right",
    *(f"f{number}" for number in range(1, 25)),
})

# Textual names a punctuation key by its Unicode name ("?" is question_mark), with a
# few shortened.
_SHORTER = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
            "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}


def punctuation_name(character: str) -> str:
    """The name Textual gives a punctuation key ("question_mark" for "?")."""
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    return _SHORTER.get(name, name)


PUNCTUATION_NAMES = frozenset(punctuation_name(ch) for ch in string.punctuation)
LETTERS_AND_DIGITS = frozenset(string.ascii_letters + string.digits)
SINGLE_CHARACTERS = frozenset(string.punctuation) - {","}
"""Characters a keymap may give as themselves (Textual turns them into their names);
a comma separates keys, so it is written "comma"."""


def is_key_name(name: str) -> bool:
    return (name in NAMED_KEYS or name in PUNCTUATION_NAMES
            or name in LETTERS_AND_DIGITS)


def is_one_key(key: str) -> bool:
    """"j", "?", "ctrl+s", "shift+f5": a key, with modifiers each said at most once."""
    if key in SINGLE_CHARACTERS:  # "+" and "?" as themselves
        return True
    *modifiers, base = key.split("+")
    if len(set(modifiers)) != len(modifiers) or not set(modifiers) <= set(MODIFIERS):
        return False
    return is_key_name(base)


def is_bindable(keys: str) -> bool:
    """A keymap value: one or more keys separated by commas ("j,down")."""
    parts = [part.strip() for part in keys.split(",")]
    return bool(parts) and all(part and is_one_key(part) for part in parts)
