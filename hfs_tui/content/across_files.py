"""Checks across files: ids, orders and words used once, voice names that pick out one
thing and do not sound like a built-in command."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from hfs_tui.content.fields import Problem
from hfs_tui.content.models import Exercise, GlossaryTerm, Section
from hfs_tui.content.sources import EXERCISES_DIR, LEAFLET_DIR, Where


def check_across_files(sections: list[tuple[Section, Where]],
                        exercises: list[tuple[Exercise, Where]],
                        glossary: list[tuple[GlossaryTerm, Where]],
                        problems: list[Problem]) -> None:
    def where(place: Where, key: str) -> str:
        return f"{_display(place.path)}:{place.at(key)}"

    def unique(kind: str, items: Iterable[tuple[Any, Where]], key: str,
               value: Callable[[Any], Any]) -> None:
        seen: dict[Any, Where] = {}
        for item, place in items:
            found = value(item)
            if found in seen:
                problems.append(Problem(place.path, place.at(key),
                                        f"{kind} {key} {found!r} is also used at "
                                        f"{where(seen[found], key)}"))
            else:
                seen[found] = place

    unique("section", sections, "id", lambda s: s.id)
    unique("section", sections, "order", lambda s: s.order)
    unique("exercise", exercises, "id", lambda e: e.id)
    unique("exercise", exercises, "order", lambda e: e.order)
    unique("glossary term", glossary, "id", lambda t: t.id)
    unique("glossary term", glossary, "word", lambda t: t.word.lower())

    # A voice name must pick out one thing, and must not sound like a built-in command.
    from hfs_tui.actions import voice_commands

    built_in = {command.phrase for command in voice_commands()}
    named: dict[str, tuple[str, Where]] = {}
    owners = [(f"section '{s.id}'", s.voice_names, "open", place) for s, place in sections]
    owners += [(f"exercise '{e.id}'", e.voice_names, "start", place) for e, place in exercises]
    for owner, names, verb, place in owners:
        for name in names:
            if name.split()[0] == verb:
                problems.append(Problem(place.path, place.at("voice_names"),
                                        f"voice name '{name}' should not start with '{verb}': "
                                        f"people say '{verb}' and then the name"))
            elif f"{verb} {name}" in built_in:
                problems.append(Problem(place.path, place.at("voice_names"),
                                        f"voice name '{name}' would make '{verb} {name}', "
                                        "which is already a built-in command"))
            elif name in named:
                other, other_place = named[name]
                problems.append(Problem(place.path, place.at("voice_names"),
                                        f"voice name '{name}' is also used by {other} "
                                        f"({where(other_place, 'voice_names')})"))
            else:
                named[name] = (owner, place)


def _display(path: Path) -> str:
    """A short path for messages that point at a second file."""
    parent = path.parent.name
    return f"{parent}/{path.name}" if parent in (LEAFLET_DIR, EXERCISES_DIR) else path.name
