"""Plain mode: `hfs-tui list` and `hfs-tui read SECTION`.

Clean linear text for screen readers, pipes and quick use. Escape codes only when
stdout is a terminal (and NO_COLOR is not set), so `hfs-tui read 3 | less` and
screen readers get plain words.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import textwrap
from pathlib import Path
from typing import TextIO

from hfs_tui.content.models import Library, Section


class SectionNotFound(LookupError):
    """No section matches what the user typed; the message says what would."""


def find_section(library: Library, query: str) -> Section:
    """Find a section by id, number (1 = first) or words of its title or voice names."""
    sections = sorted(library.sections, key=lambda s: s.order)
    if re.fullmatch(r"\s*[+-]?\d+([.,]\d*)?\s*", query) and not query.strip().isdigit():
        raise SectionNotFound(
            f"'{query.strip()}' is not a section number; sections are numbered 1 to "
            f"{len(sections)}"
        )
    wanted = " ".join(query.lower().replace("-", " ").split())
    if not wanted:
        raise SectionNotFound("no section given; try 'hfs-tui list'")
    if wanted.isdigit():
        number = int(wanted)
        if 1 <= number <= len(sections):
            return sections[number - 1]
        raise SectionNotFound(
            f"there is no section {number}; sections are numbered 1 to {len(sections)}"
        )
    for section in sections:
        if wanted in (section.id.replace("-", " "), section.title.lower().rstrip("?")):
            return section
    for section in sections:
        if wanted in (name.lower() for name in section.voice_names):
            return section
    matches = [s for s in sections if _all_words_in(wanted, s)]
    if len(matches) == 1:
        return matches[0]
    names = {s.id: s for s in sections}
    choices = [s.id for s in matches] or difflib.get_close_matches(
        wanted.replace(" ", "-"), list(names), n=3, cutoff=0.4
    )
    hint = f"; did you mean {', '.join(choices)}?" if choices else ""
    raise SectionNotFound(f"no section called '{query}'{hint} (see 'hfs-tui list')")


def _all_words_in(wanted: str, section: Section) -> bool:
    haystack = " ".join(
        [section.id.replace("-", " "), section.title.lower(), *section.voice_names]
    )
    return all(word in haystack for word in wanted.split())


def use_colour(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def render_list(library: Library, colour: bool = False) -> str:
    bold, plain = ("\x1b[1m", "\x1b[0m") if colour else ("", "")
    lines = ["Hemifacial spasm: sections", ""]
    for number, section in enumerate(sorted(library.sections, key=lambda s: s.order), 1):
        lines.append(f"{number:>2}. {bold}{section.title}{plain}")
        lines.append(f"    {section.summary}")
    lines += ["", "Read one with: hfs-tui read NUMBER (for example: hfs-tui read 1)"]
    return "\n".join(lines) + "\n"


def render_section(section: Section, number: int, width: int = 70,
                   colour: bool = False) -> str:
    bold, plain = ("\x1b[1m", "\x1b[0m") if colour else ("", "")
    lines = [f"{bold}{number}. {section.title}{plain}", "", "Key points:"]
    lines += [f"- {point}" for point in section.key_points]
    for block in section.blocks:
        text = " ".join(block.sentences)
        lines.append("")
        if block.kind == "heading":
            lines.append(f"{bold}{text}{plain}")
        elif block.kind == "bullet":
            lines += textwrap.wrap(text, width, initial_indent="- ", subsequent_indent="  ")
        else:
            lines += textwrap.wrap(text, width)
    return "\n".join(lines) + "\n"


def content_from_settings() -> Path | None:
    """The leaflet folder the settings name ([reader] content_dir), if any."""
    from hfs_tui import settings

    configured = settings.load().settings.reader.content_dir
    return Path(configured).expanduser() if configured else None


def where_the_setting_is() -> str:
    """Names the setting and its file, for problems with a folder it chose."""
    from hfs_tui import paths, settings

    label = settings.label_of("reader.content_dir")
    return (f"the folder is set by [reader] content_dir ({label}) in "
            f"{paths.settings_file()}; empty it to use the built-in leaflet")


def load_for_cli(content: Path | None) -> Library:
    """Load content for a plain command; a broken folder prints its problems and exits 1."""
    from hfs_tui.content.loader import ContentError, load_library

    from_settings = content is None and (content := content_from_settings()) is not None
    try:
        return load_library(content)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        if from_settings:
            print(f"hfs-tui: {where_the_setting_is()}", file=sys.stderr)
        raise SystemExit(1) from None


def _list_command(args: argparse.Namespace) -> int:
    library = load_for_cli(args.content)
    sys.stdout.write(render_list(library, colour=use_colour(sys.stdout)))
    return 0


def _read_command(args: argparse.Namespace) -> int:
    library = load_for_cli(args.content)
    query = " ".join(args.section)
    try:
        section = find_section(library, query)
    except SectionNotFound as error:
        print(f"hfs-tui read: {error}", file=sys.stderr)
        return 2
    number = sorted(library.sections, key=lambda s: s.order).index(section) + 1
    sys.stdout.write(render_section(section, number, colour=use_colour(sys.stdout)))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = subparsers.add_parser("list", help="list the leaflet's sections")
    listing.set_defaults(func=_list_command)
    reading = subparsers.add_parser(
        "read", help="print one section as plain text (for screen readers and pipes)"
    )
    reading.add_argument("section", nargs="+",
                         help="section number, id or words of its title")
    reading.set_defaults(func=_read_command)
