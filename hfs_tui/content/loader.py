"""Load and check a content folder: leaflet sections, glossary, pronunciations, exercises.

A folder looks like this (see docs/content-format.md):

    leaflet/*.md            one section each: YAML front matter, then a Markdown body
    glossary.toml           [[term]] tables (optional file)
    pronunciation.toml      a [words] table (optional file)
    exercises/*.toml        one exercise each (optional folder)

`validate_library` checks everything and collects every problem it finds, each with
its file and line, so a clinic editing its own leaflets can fix them all in one go.
`load_library` is the same but raises `ContentError`. Nothing here touches the
network or loads the pronouncing dictionary, so it is quick enough for app start.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hfs_tui import paths
from hfs_tui.content.fields import (
    ID_RE,
    Fields,
    Problem,
    TomlLines,
    close_match,
    kind_of,
    read_text,
    read_toml,
)
from hfs_tui.content.models import (
    Exercise,
    ExerciseStep,
    GlossaryTerm,
    Library,
    Section,
)
from hfs_tui.content.strong_words import read_strong_words
from hfs_tui.text import glossary_links, markdown_issues, markdown_to_blocks

LEAFLET_DIR = "leaflet"
EXERCISES_DIR = "exercises"
GLOSSARY_FILE = "glossary.toml"
PRONUNCIATION_FILE = "pronunciation.toml"

# Voice names become spoken commands ("open side effects"): lower-case words only.
VOICE_NAME_RE = re.compile(r"[a-z]+(?:'[a-z]+)?(?: [a-z]+(?:'[a-z]+)?)*")
PHASES = ("in", "out", "hold", "rest")
MIN_KEY_POINTS, MAX_KEY_POINTS = 2, 4
MIN_STEP_SECONDS, MAX_STEP_SECONDS = 1, 600
MAX_LENGTH_MINUTES = 60

SECTION_KEYS = ("id", "title", "order", "summary", "key_points", "voice_names")
OPTIONAL_SECTION_KEYS = ("strong_words",)  # see hfs_tui/content/strong_words.py
TERM_KEYS = ("id", "word", "meaning", "also")
EXERCISE_KEYS = ("id", "title", "order", "voice_names", "purpose", "position", "cycle",
                 "lengths", "default_length", "steps")
STEP_KEYS = ("text", "seconds", "cue", "phase", "face")

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(Exception):
    """The content folder has problems; `problems` lists every one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"{count} content problem{'s' * (count != 1)}:\n{lines}")


def load_library(root: Path | None = None) -> Library:
    """Load a content folder (default: the built-in one); raise ContentError if it has problems."""
    library, problems = validate_library(root)
    if problems or library is None:
        raise ContentError(problems)
    return library


def validate_library(root: Path | None = None) -> tuple[Library | None, list[Problem]]:
    """Load and check everything; return the library (None if there are problems) and
    every problem found, sorted by file and line."""
    root = Path(root) if root is not None else paths.builtin_content_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem(root, 0, "content folder does not exist"))
        return None, problems

    glossary = _load_glossary(root / GLOSSARY_FILE, problems)
    term_ids = {term.id for term, _ in glossary}
    sections = _load_sections(root / LEAFLET_DIR, term_ids, problems)
    pronunciations = _load_pronunciations(root / PRONUNCIATION_FILE, problems)
    exercises = _load_exercises(root / EXERCISES_DIR, problems)
    _check_across_files(sections, exercises, glossary, problems)

    problems.sort(key=lambda problem: _reading_order(root, problem))
    if problems:
        return None, problems
    library = Library(
        root=root,
        sections=tuple(sorted((s for s, _ in sections), key=lambda s: s.order)),
        glossary=tuple(sorted((t for t, _ in glossary), key=lambda t: t.word.lower())),
        pronunciations=pronunciations,
        exercises=tuple(sorted((e for e, _ in exercises), key=lambda e: e.order)),
    )
    return library, []


def _reading_order(root: Path, problem: Problem) -> tuple[int, str, int]:
    """Leaflet first, then glossary, pronunciations and exercises; by line in each file."""
    places = (LEAFLET_DIR, GLOSSARY_FILE, PRONUNCIATION_FILE, EXERCISES_DIR)
    try:
        first = problem.path.relative_to(root).parts[0]
    except (ValueError, IndexError):
        first = ""
    rank = places.index(first) if first in places else len(places)
    return rank, str(problem.path), problem.line


_VOICE_RULE = (VOICE_NAME_RE, "lower-case words (letters and spaces), like 'side effects'")


# Leaflet sections ------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    """Where an item was defined, for messages about clashes between files."""

    path: Path
    line: int
    lines: Mapping[str, int]  # line of each key

    def at(self, key: str) -> int:
        return self.lines.get(key, self.line)


def _load_sections(folder: Path, term_ids: set[str],
                   problems: list[Problem]) -> list[tuple[Section, _Where]]:
    if not folder.is_dir():
        problems.append(Problem(folder, 0, "leaflet folder is missing: the content folder "
                                           f"needs a '{LEAFLET_DIR}' folder of .md files"))
        return []
    files = _files(folder, ".md")
    for path in _files(folder, ".markdown", ".mdown", ".txt"):
        problems.append(Problem(path, 0, "not read: leaflet sections must be .md files"))
    if not files:
        problems.append(Problem(folder, 0, "leaflet folder has no .md files"))
    sections = []
    for path in files:
        loaded = _load_section(path, term_ids, problems)
        if loaded is not None:
            sections.append(loaded)
    return sections


def _files(folder: Path, *suffixes: str) -> list[Path]:
    """Files with these endings, sorted; hidden files (editor backups, macOS "._x") skipped."""
    return sorted(path for path in folder.iterdir()
                  if path.suffix.lower() in suffixes and not path.name.startswith(".")
                  and path.is_file())


def _split_front_matter(text: str, path: Path,
                        problems: list[Problem]) -> tuple[str, str, int] | None:
    """(front matter, body, 1-based line where the body starts) or None."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(path, 1, "no front matter: the file must start with a '---' "
                                         "line, then the id, title and other keys, then '---'"))
        return None
    for number in range(1, len(lines)):
        if lines[number].strip() == "---":
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1:]), number + 2
    problems.append(Problem(path, 1, "front matter is not closed: add a '---' line after it"))
    return None


def _parse_yaml(text: str, path: Path, problems: list[Problem]
                ) -> tuple[dict[str, Any], dict[str, int], dict[str, list[int]]] | None:
    """Front matter as data, with each key's line and each list item's line (1-based)."""
    first_line = 2  # the front matter starts after the opening '---'
    loader = _YAML_LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = first_line + mark.line if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error).split("\n")[0]
        problems.append(Problem(path, line, f"invalid YAML in front matter: {reason}"))
        return None
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(Problem(path, first_line, "front matter must be 'key: value' lines, "
                                                  f"got {kind_of(data)}"))
        return None
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        if key in key_lines:
            problems.append(Problem(path, line, f"{key} is given twice "
                                                f"(first on line {key_lines[key]})"))
        key_lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [first_line + item.start_mark.line for item in value_node.value]
    if any(not isinstance(key, str) for key in data):
        bad = next(key for key in data if not isinstance(key, str))
        problems.append(Problem(path, first_line, f"key {bad!r} must be a word"))
        return None
    return data, key_lines, item_lines


def _load_section(path: Path, term_ids: set[str],
                  problems: list[Problem]) -> tuple[Section, _Where] | None:
    text = read_text(path, problems)
    if text is None:
        return None
    split = _split_front_matter(text, path, problems)
    if split is None:
        return None
    front, body, body_line = split
    parsed = _parse_yaml(front, path, problems)
    if parsed is None:
        return None
    data, key_lines, item_lines = parsed

    def line_of(key: str | None, item: int | None) -> int:
        if key is None:
            return 1
        if item is not None and item < len(item_lines.get(key, [])):
            return item_lines[key][item]
        return key_lines.get(key, 1)

    fields = Fields(data, path, problems, line_of)
    fields.unknown_keys(SECTION_KEYS + OPTIONAL_SECTION_KEYS)
    section_id = fields.identifier()
    title = fields.text("title")
    order = fields.whole("order", 1)
    summary = fields.text("summary")
    key_points = fields.text_list("key_points", low=MIN_KEY_POINTS, high=MAX_KEY_POINTS)
    voice_names = fields.text_list("voice_names", pattern=_VOICE_RULE)
    strong_words = read_strong_words(fields)
    _check_plain(fields, "title", [title])
    _check_plain(fields, "summary", [summary])
    _check_plain(fields, "key_points", list(key_points or ()))

    # A section with a faulty body is still returned (without blocks), so clashes with
    # other files are reported in the same run; any problem keeps the library from loading.
    body_ok = _check_body(body, body_line, path, term_ids, problems)
    if not fields.ok:
        return None
    assert section_id and title and order and summary and key_points and voice_names
    links = glossary_links(body)
    section = Section(
        id=section_id,
        title=title,
        order=order,
        summary=summary,
        key_points=key_points,
        voice_names=voice_names,
        body=body.strip("\n"),
        blocks=markdown_to_blocks(body) if body_ok else (),
        glossary_links=tuple(dict.fromkeys(term for term, _ in links)),
        source=path,
        strong_words=strong_words,
    )
    return section, _Where(path, 1, key_lines)


def _check_plain(fields: Fields, key: str, values: list[str | None]) -> None:
    """Front matter is shown as it is written: Markdown only works in the body."""
    for index, value in enumerate(values):
        if value is not None and ("**" in value or _LINK_RE.search(value)):
            name = f"{key} item {index + 1}" if key == "key_points" else key
            item = index if key == "key_points" else None
            fields.problem(key, f"{name} must be plain text: bold and links only work in "
                                "the body", item)


_LINK_RE = re.compile(r"\[[^\]]*\]\(")


def _check_body(body: str, body_line: int, path: Path, term_ids: set[str],
                problems: list[Problem]) -> bool:
    before = len(problems)
    if not body.strip():
        problems.append(Problem(path, body_line, "body is empty: write the section's text "
                                                 "after the closing '---'"))
        return False
    for offset, message in markdown_issues(body):
        problems.append(Problem(path, body_line + offset, message))
    for term_id, offset in glossary_links(body):
        if term_id and ID_RE.fullmatch(term_id) and term_id not in term_ids:
            close = close_match(term_id, sorted(term_ids))
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(Problem(path, body_line + offset,
                                    f"unknown glossary term '{term_id}'{hint}"))
    return len(problems) == before


# Glossary and pronunciations ----------------------------------------------------------


def _load_glossary(path: Path, problems: list[Problem]) -> list[tuple[GlossaryTerm, _Where]]:
    if not path.exists():
        return []
    parsed = read_toml(path, problems)
    if parsed is None:
        return []
    data, lines = parsed
    for key in data:
        if key != "term":
            problems.append(Problem(path, lines.key(key) if not isinstance(data[key], dict)
                                    else lines.table(key),
                                    f"unknown key '{key}'; the glossary holds only "
                                    "[[term]] tables"))
    tables = data.get("term", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.append(Problem(path, lines.key("term"),
                                "term must be [[term]] tables, one per word"))
        return []
    if not tables:
        problems.append(Problem(path, 1, "no terms: add [[term]] tables with id, word and "
                                         "meaning"))
    terms = []
    for index, table in enumerate(tables):
        def line_of(key: str | None, item: int | None, index: int = index) -> int:
            return lines.key(key, "term", index) if key else lines.table("term", index)

        fields = Fields(table, path, problems, line_of, prefix=f"term {index + 1}: ")
        fields.unknown_keys(TERM_KEYS)
        term_id = fields.identifier()
        word = fields.text("word")
        meaning = fields.text("meaning", one_line=False)
        also = fields.text_list("also", required=False) or ()
        if fields.ok and term_id and word and meaning:
            where = _Where(path, lines.table("term", index),
                           {key: lines.key(key, "term", index) for key in table})
            terms.append((GlossaryTerm(term_id, word, " ".join(meaning.split()), also), where))
    return terms


def _load_pronunciations(path: Path, problems: list[Problem]) -> dict[str, str]:
    if not path.exists():
        return {}
    parsed = read_toml(path, problems)
    if parsed is None:
        return {}
    data, lines = parsed
    for key in data:
        if key != "words":
            problems.append(Problem(path, lines.key(key) if not isinstance(data[key], dict)
                                    else lines.table(key),
                                    f"unknown key '{key}'; write every word under [words]"))
    words = data.get("words")
    if words is None:
        problems.append(Problem(path, 1, "no [words] table: write [words] and then lines "
                                         "like botulinum = \"bot-you-line-um\""))
        return {}
    if not isinstance(words, dict):
        problems.append(Problem(path, lines.key("words"), "words must be a [words] table"))
        return {}
    table: dict[str, str] = {}
    seen: dict[str, str] = {}
    for word, respelling in words.items():
        line = lines.key(word, "words")
        if not word.strip():
            problems.append(Problem(path, line, "a word in [words] is empty"))
        elif not isinstance(respelling, str):
            problems.append(Problem(path, line, f"pronunciation of '{word}' must be text, "
                                                f"got {kind_of(respelling)}"))
        elif not respelling.strip() or "\n" in respelling.strip():
            problems.append(Problem(path, line, f"pronunciation of '{word}' must be one "
                                                "line of words"))
        elif word.lower() in seen:
            problems.append(Problem(path, line, f"'{word}' is given twice (also as "
                                                f"'{seen[word.lower()]}'); case does not matter"))
        else:
            seen[word.lower()] = word
            table[word] = respelling.strip()
    return table


# Exercises ----------------------------------------------------------------------


def _load_exercises(folder: Path, problems: list[Problem]) -> list[tuple[Exercise, _Where]]:
    if not folder.exists():
        return []
    if not folder.is_dir():
        problems.append(Problem(folder, 0, "exercises must be a folder of .toml files"))
        return []
    exercises = []
    for path in _files(folder, ".toml"):
        loaded = _load_exercise(path, problems)
        if loaded is not None:
            exercises.append(loaded)
    return exercises


def _load_exercise(path: Path, problems: list[Problem]) -> tuple[Exercise, _Where] | None:
    parsed = read_toml(path, problems)
    if parsed is None:
        return None
    data, lines = parsed

    def line_of(key: str | None, item: int | None) -> int:
        return lines.key(key) if key else 1

    fields = Fields(data, path, problems, line_of)
    fields.unknown_keys(EXERCISE_KEYS)
    exercise_id = fields.identifier()
    title = fields.text("title")
    order = fields.whole("order", 1)
    voice_names = fields.text_list("voice_names", pattern=_VOICE_RULE)
    purpose = fields.text("purpose", one_line=False)
    position = fields.text("position", one_line=False)
    cycle = fields.boolean("cycle")
    # With a faulty `cycle` the length rules cannot be judged; that one problem is enough.
    lengths = _lengths(fields, cycle) if cycle is not None else None
    default_length = _default_length(fields, cycle, lengths) if cycle is not None else None
    steps = _steps(data, path, lines, problems)
    if not fields.ok:  # faulty steps still let clashes with other files be reported
        return None
    assert exercise_id and title and order and voice_names and purpose and position
    exercise = Exercise(
        id=exercise_id,
        title=title,
        order=order,
        voice_names=voice_names,
        purpose=" ".join(purpose.split()),
        position=" ".join(position.split()),
        steps=steps or (),
        cycle=bool(cycle),
        lengths=lengths or (),
        default_length=default_length,
        source=path,
    )
    return exercise, _Where(path, 1, {key: lines.key(key) for key in data})


def _lengths(fields: Fields, cycle: bool) -> tuple[int, ...] | None:
    if "lengths" not in fields.data:
        return None
    if not cycle:
        fields.problem("lengths", "lengths is only used when cycle = true")
        return None
    value = fields.data["lengths"]
    if not isinstance(value, list) or not value:
        fields.problem("lengths", "lengths must be a list of whole minutes, like [1, 3, 5, 10]"
                                  f", got {kind_of(value) if value != [] else 'an empty list'}")
        return None
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int) or \
                not 1 <= item <= MAX_LENGTH_MINUTES:
            fields.problem("lengths", f"lengths must be whole minutes from 1 to "
                                      f"{MAX_LENGTH_MINUTES}, got {kind_of(item)}")
            return None
    if value != sorted(set(value)):
        fields.problem("lengths", "lengths must go from shortest to longest, each once")
        return None
    return tuple(value)


def _default_length(fields: Fields, cycle: bool,
                    lengths: tuple[int, ...] | None) -> int | None:
    if "default_length" not in fields.data:
        return None
    value = fields.whole("default_length", 1, MAX_LENGTH_MINUTES)
    if value is None:
        return None
    if not cycle:
        fields.problem("default_length", "default_length is only used when cycle = true")
    elif lengths is None and "lengths" not in fields.data:
        fields.problem("default_length", "default_length needs a lengths list to choose from")
    elif lengths is not None and value not in lengths:
        fields.problem("default_length", f"default_length {value} is not one of the lengths "
                                         f"({', '.join(map(str, lengths))})")
    return value


def _steps(data: Mapping[str, Any], path: Path, lines: TomlLines,
           problems: list[Problem]) -> tuple[ExerciseStep, ...] | None:
    tables = data.get("steps")
    if tables is None:
        problems.append(Problem(path, 1, "steps is missing: add [[steps]] tables with text, "
                                         "seconds and cue"))
        return None
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.append(Problem(path, lines.key("steps"),
                                "steps must be [[steps]] tables, one per step"))
        return None
    if not tables:
        problems.append(Problem(path, lines.key("steps"), "steps is empty"))
        return None
    steps = []
    ok = True
    for index, table in enumerate(tables):
        def line_of(key: str | None, item: int | None, index: int = index) -> int:
            return lines.key(key, "steps", index) if key else lines.table("steps", index)

        fields = Fields(table, path, problems, line_of, prefix=f"step {index + 1}: ")
        fields.unknown_keys(STEP_KEYS)
        text = fields.text("text", one_line=False)
        seconds = fields.number("seconds", MIN_STEP_SECONDS, MAX_STEP_SECONDS)
        cue = fields.text("cue")
        phase = fields.choice("phase", PHASES)
        face = bool(fields.boolean("face"))
        ok = ok and fields.ok
        if fields.ok and text and seconds and cue:
            steps.append(ExerciseStep(" ".join(text.split()), seconds, cue, phase, face))
    if ok and all(step.face for step in steps):
        problems.append(Problem(path, lines.table("steps", 0),
                                "every step is a face step; add at least one step without "
                                "face = true (face steps can be switched off)"))
        return None
    return tuple(steps) if ok else None


# Checks across files ---------------------------------------------------------------


def _check_across_files(sections: list[tuple[Section, _Where]],
                        exercises: list[tuple[Exercise, _Where]],
                        glossary: list[tuple[GlossaryTerm, _Where]],
                        problems: list[Problem]) -> None:
    def where(place: _Where, key: str) -> str:
        return f"{_display(place.path)}:{place.at(key)}"

    def unique(kind: str, items: Iterable[tuple[Any, _Where]], key: str,
               value: Callable[[Any], Any]) -> None:
        seen: dict[Any, _Where] = {}
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
    named: dict[str, tuple[str, _Where]] = {}
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
