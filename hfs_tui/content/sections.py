"""Leaflet sections: one .md file each, front matter checked key by key, then the body."""

from __future__ import annotations

import re
from pathlib import Path

from hfs_tui.content.fields import ID_RE, Fields, Problem, close_match, read_text
from hfs_tui.content.front_matter import parse_yaml, split_front_matter
from hfs_tui.content.models import Section
from hfs_tui.content.sources import LEAFLET_DIR, VOICE_RULE, Where, content_files
from hfs_tui.content.strong_words import read_strong_words
from hfs_tui.text import glossary_links, markdown_issues, markdown_to_blocks

MIN_KEY_POINTS, MAX_KEY_POINTS = 2, 4
SECTION_KEYS = ("id", "title", "order", "summary", "key_points", "voice_names")
OPTIONAL_SECTION_KEYS = ("strong_words",)  # see hfs_tui/content/strong_words.py


def load_sections(folder: Path, term_ids: set[str],
                   problems: list[Problem]) -> list[tuple[Section, Where]]:
    if not folder.is_dir():
        problems.append(Problem(folder, 0, "leaflet folder is missing: the content folder "
                                           f"needs a '{LEAFLET_DIR}' folder of .md files"))
        return []
    files = content_files(folder, ".md")
    for path in content_files(folder, ".markdown", ".mdown", ".txt"):
        problems.append(Problem(path, 0, "not read: leaflet sections must be .md files"))
    if not files:
        problems.append(Problem(folder, 0, "leaflet folder has no .md files"))
    sections = []
    for path in files:
        loaded = _load_section(path, term_ids, problems)
        if loaded is not None:
            sections.append(loaded)
    return sections


def _load_section(path: Path, term_ids: set[str],
                  problems: list[Problem]) -> tuple[Section, Where] | None:
    text = read_text(path, problems)
    if text is None:
        return None
    split = split_front_matter(text, path, problems)
    if split is None:
        return None
    front, body, body_line = split
    parsed = parse_yaml(front, path, problems)
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
    voice_names = fields.text_list("voice_names", pattern=VOICE_RULE)
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
    return section, Where(path, 1, key_lines)


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
