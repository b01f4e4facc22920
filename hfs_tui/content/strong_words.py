"""Strong words: absolute words in a section that a clinician should see on purpose.

People deciding about treatment read "always", "cures" or "the main" as promises. The
check finds each such word in a section's title, summary, key points and text. Every
use must either be reworded or be marked in the section's front matter under
`strong_words`, with the words around it and the reason it is meant (usually the
source paragraph that says the same). See docs/content-format.md.

Marks are read and checked by the loader (`read_strong_words`); the check itself
(`strong_word_findings`) runs in `hfs-tui check-content` and in the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from hfs_tui.content.fields import Fields, Problem, kind_of, short
from hfs_tui.content.models import Library, Section, StrongWord
from hfs_tui.content.readability import split_sentences
from hfs_tui.text import raw_blocks, strip_markdown

# Words that make a claim absolute. Chosen to catch overclaiming, not every "no":
# - always/never/forever: true at every time; every/everyone/all/none/nobody/nothing/
#   no one: true of every person or case; only: rules every other option out.
# - cure(s/d), guarantee(d/s), proven, definitely, certainly: a promised outcome.
# - completely/fully/totally/entirely: no part left over ("goes away fully").
# - main/mainly/most/mostly/best/worst: ranks one thing above all others.
# - safe/safely/harmless: no risk at all; immediately/instantly: no waiting at all.
# Left out on purpose: "will" (the source's own "they will refer you"; too common to
# flag usefully), "permanent" (a clinical term the source uses for a lasting spasm),
# "certain" (mostly means "some"), "sure" ("make sure"), "any" (mostly "at any time").
STRONG_WORDS = (
    "always", "never", "forever",
    "all", "every", "everyone", "everybody", "everything", "none", "nobody", "nothing",
    "no one", "only",
    "cure", "cures", "cured", "guarantee", "guaranteed", "guarantees", "proven",
    "definitely", "certainly",
    "completely", "fully", "totally", "entirely",
    "main", "mainly", "most", "mostly", "best", "worst",
    "safe", "safely", "harmless", "immediately", "instantly",
)
_STRONG_RE = re.compile(
    r"(?<![\w'’-])(" + "|".join(w.replace(" ", r"\s+") for w in STRONG_WORDS) + r")(?![\w'’-])",
    re.IGNORECASE,
)
# "every 3 to 4 months" says how often, not that something is true of everyone.
_EVERY_INTERVAL_RE = re.compile(
    r"\s+(?:[\w,]+\s+){0,3}?(?:second|minute|hour|day|week|fortnight|month|year)s?\b",
    re.IGNORECASE,
)
MARK_KEYS = ("word", "in", "why")
FRONT_MATTER_KEY = "strong_words"


def strong_words_in(text: str) -> list[str]:
    """The strong words in `text`, lower case, in order (a word used twice is listed twice)."""
    found = []
    for match in _STRONG_RE.finditer(text):
        word = " ".join(match.group(1).lower().split())
        if word == "every" and _EVERY_INTERVAL_RE.match(text, match.end()):
            continue
        found.append(word)
    return found


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def _has_word(text: str, word: str) -> bool:
    return word in strong_words_in(text)


# Reading the marks (used by the loader) -----------------------------------------------


def read_strong_words(fields: Fields) -> tuple[StrongWord, ...]:
    """The `strong_words` marks of one section; each fault is added as a problem."""
    value = fields.data.get(FRONT_MATTER_KEY)
    if FRONT_MATTER_KEY not in fields.data:
        return ()
    example = "a list of marks, each with 'word:', 'in:' and 'why:'"
    if not isinstance(value, list) or not value:
        got = kind_of(value) if value != [] else "an empty list"
        fields.problem(FRONT_MATTER_KEY, f"{FRONT_MATTER_KEY} must be {example}, got {got}")
        return ()
    marks: list[StrongWord] = []
    for index, item in enumerate(value):
        name = f"{FRONT_MATTER_KEY} item {index + 1}"
        if not isinstance(item, dict):
            fields.problem(FRONT_MATTER_KEY, f"{name} must have 'word:', 'in:' and 'why:' "
                                             f"lines, got {kind_of(item)}", index)
            continue
        mark = _read_mark(fields, item, name, index)
        if mark is None:
            continue
        if mark in marks:
            fields.problem(FRONT_MATTER_KEY, f"{name} repeats an earlier mark", index)
            continue
        marks.append(mark)
    return tuple(marks)


def _read_mark(fields: Fields, item: dict, name: str, index: int) -> StrongWord | None:
    values: dict[str, str] = {}
    for key in item:
        if key not in MARK_KEYS:
            fields.problem(FRONT_MATTER_KEY, f"{name}: unknown key '{key}'; "
                                             f"allowed keys: {', '.join(MARK_KEYS)}", index)
    for key in MARK_KEYS:
        text = item.get(key)
        if not isinstance(text, str) or not text.strip() or "\n" in text.strip():
            what = "is missing" if key not in item else f"must be one line of text, " \
                                                        f"got {kind_of(text)}"
            fields.problem(FRONT_MATTER_KEY, f"{name}: {key} {what}", index)
            continue
        values[key] = " ".join(text.split())
    if len(values) != len(MARK_KEYS):
        return None
    word = values["word"].lower()
    if word not in STRONG_WORDS:
        fields.problem(FRONT_MATTER_KEY, f"{name}: '{short(values['word'])}' is not a strong "
                                         "word the check looks for; remove this mark", index)
        return None
    if not _has_word(values["in"], word):
        fields.problem(FRONT_MATTER_KEY, f"{name}: in '{short(values['in'])}' must contain "
                                         f"the word '{word}'", index)
        return None
    return StrongWord(word=word, within=values["in"], why=values["why"])


# The check ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One sentence a reader sees (a key point, a heading...), with the line it is on."""

    line: int
    text: str


def section_places(section: Section) -> list[Place]:
    """Title, summary, key points, then each sentence of the body (headings whole)."""
    lines = _file_lines(section.source)
    places = [Place(_front_line(lines, value), value)
              for value in (section.title, section.summary, *section.key_points)]
    body_start = _body_start(lines)
    body = "\n".join(lines[body_start:]) if lines else section.body
    for block in raw_blocks(body):
        plain = strip_markdown(block.markdown)
        sentences = [plain] if block.kind == "heading" else split_sentences(plain)
        line = body_start + block.line + 1 if lines else 0
        places.extend(Place(line, sentence) for sentence in sentences)
    return places


def _file_lines(path: Path | None) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").split("\n") if path else []
    except OSError:
        return []


def _body_start(lines: Sequence[str]) -> int:
    """0-based index of the first body line (after the closing '---')."""
    closing = [number for number, line in enumerate(lines) if line.strip() == "---"]
    return closing[1] + 1 if len(closing) >= 2 else 0


def _front_line(lines: Sequence[str], value: str) -> int:
    end = _body_start(lines)
    for number, line in enumerate(lines[:end]):
        if _normal(value) in _normal(line):
            return number + 1
    return 0


def _uses(section: Section) -> Iterator[tuple[Place, str]]:
    for place in section_places(section):
        for word in strong_words_in(place.text):
            yield place, word


def _marked(mark: StrongWord, place: Place, word: str) -> bool:
    return mark.word == word and _normal(mark.within) in _normal(place.text)


def strong_word_findings(library: Library) -> list[Problem]:
    """Every strong word not marked as intended, and every mark that matches no use."""
    findings = []
    for section in library.sections:
        path = section.source or Path(section.id)
        uses = list(_uses(section))
        for place, word in uses:
            if not any(_marked(mark, place, word) for mark in section.strong_words):
                findings.append(Problem(path, place.line, f"strong word '{word}' in "
                                        f"\"{place.text}\": reword it, or mark it "
                                        f"under {FRONT_MATTER_KEY} with the reason"))
        for mark in section.strong_words:
            if not any(_marked(mark, place, word) for place, word in uses):
                findings.append(Problem(path, _front_line(_file_lines(section.source),
                                                          mark.within),
                                        f"{FRONT_MATTER_KEY} mark for '{mark.word}' in "
                                        f"'{short(mark.within)}' matches no text; remove it"))
    return findings
