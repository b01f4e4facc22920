"""`hfs-tui check-content`: check a content folder and show how easy it is to read.

Problems are printed as `file:line: message` (paths relative to the folder) so a
clinic can fix every one in a single pass. A clean folder gets a readability table:
one row per section and one for the whole leaflet, scored on the body text a person
reads (sub-headings are labels, not sentences, so they are left out). Then every
strong word ("always", "cures", "the main") that is neither reworded nor marked as
intended (hfs_tui/content/strong_words.py); these give exit code 1, because each one
is a claim a clinician has to decide on, while reading scores are only a guide.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from hfs_tui.content.loader import Problem, validate_library
from hfs_tui.content.models import Library, Section
from hfs_tui.content.readability import Scores, score, words
from hfs_tui.content.strong_words import FRONT_MATTER_KEY, strong_word_findings

# Plain-language targets (NHS easy-read style: a reading age of about 11).
MAX_SECTION_FK_GRADE = 6.0
MIN_READING_EASE = 70.0
MAX_SMOG = 9.0
MAX_SENTENCE_WORDS = 20
WHOLE_LEAFLET = "whole leaflet"


@dataclass(frozen=True)
class ReadabilityRow:
    name: str
    scores: Scores


def body_sentences(section: Section) -> list[str]:
    """The sentences a reader reads in the body, without sub-headings."""
    return [s for block in section.blocks if block.kind != "heading" for s in block.sentences]


def _score_sentences(sentences: list[str]) -> Scores:
    # Blank lines keep each sentence whole when `score` splits the text again.
    return score("\n\n".join(sentences))


def readability_rows(library: Library) -> list[ReadabilityRow]:
    """One row per section in reading order, then one for the whole leaflet."""
    rows = [ReadabilityRow(s.id, _score_sentences(body_sentences(s))) for s in library.sections]
    everything = [s for section in library.sections for s in body_sentences(section)]
    rows.append(ReadabilityRow(WHOLE_LEAFLET, _score_sentences(everything)))
    return rows


def readability_misses(library: Library, rows: list[ReadabilityRow]) -> list[str]:
    """Every place the text is harder than the targets, as one line each."""
    misses = []
    for row in rows:
        if row.name != WHOLE_LEAFLET and row.scores.fk_grade > MAX_SECTION_FK_GRADE:
            misses.append(f"{row.name}: grade {row.scores.fk_grade:.1f} is above "
                          f"{MAX_SECTION_FK_GRADE:g}; use shorter sentences and words")
        if row.name == WHOLE_LEAFLET:
            if row.scores.reading_ease < MIN_READING_EASE:
                misses.append(f"{row.name}: reading ease {row.scores.reading_ease:.0f} is "
                              f"below {MIN_READING_EASE:g}")
            if row.scores.smog > MAX_SMOG:
                misses.append(f"{row.name}: SMOG {row.scores.smog:.1f} is above {MAX_SMOG:g}")
    for section in library.sections:
        for sentence in [section.summary, *section.key_points, *body_sentences(section)]:
            count = len(words(sentence))
            if count > MAX_SENTENCE_WORDS:
                misses.append(f"{section.id}: {count} words (over {MAX_SENTENCE_WORDS}) "
                              f"in: {sentence}")
    return misses


def format_table(rows: list[ReadabilityRow]) -> str:
    width = max(len("Section"), *(len(row.name) for row in rows))
    header = (f"{'Section':<{width}}  {'Words':>5}  {'Sentences':>9}  {'Grade':>5}  "
              f"{'Ease':>5}  {'SMOG':>5}  {'Longest':>7}")
    lines = [header, "-" * len(header)]
    for row in rows:
        if row.name == WHOLE_LEAFLET:
            lines.append("-" * len(header))
        s = row.scores
        lines.append(f"{row.name:<{width}}  {s.words:>5}  {s.sentences:>9}  "
                     f"{s.fk_grade:>5.1f}  {s.reading_ease:>5.1f}  {s.smog:>5.1f}  "
                     f"{s.longest_sentence:>7}")
    return "\n".join(lines)


def _relative(problem: Problem, root: Path) -> str:
    try:
        shown = problem.path.resolve().relative_to(root.resolve())
    except ValueError:
        return str(problem)
    if shown == Path():  # a problem with the folder itself
        return str(problem)
    return str(Problem(shown, problem.line, problem.message))


def check_content(root: Path, strict: bool = False, out: TextIO | None = None) -> int:
    """Print problems (exit code 1) or the summary, readability table and strong words.

    Unmarked strong words give exit code 1; with `strict`, so does text harder than
    the readability targets.
    """
    out = out or sys.stdout
    library, problems = validate_library(root)
    if problems or library is None:
        for problem in problems:
            print(_relative(problem, root), file=out)
        count = len(problems)
        print(f"\n{count} problem{'s' * (count != 1)} in {root}", file=out)
        return 1
    print(f"Content OK: {len(library.sections)} sections, {len(library.glossary)} glossary "
          f"terms, {len(library.exercises)} exercises", file=out)
    print(f"Folder: {library.root.resolve()}", file=out)
    rows = readability_rows(library)
    print("", file=out)
    print(format_table(rows), file=out)
    print(f"\nTargets: grade {MAX_SECTION_FK_GRADE:g} or below for each section; for the "
          f"whole leaflet, reading ease {MIN_READING_EASE:g} or more and SMOG "
          f"{MAX_SMOG:g} or below; no sentence over {MAX_SENTENCE_WORDS} words.", file=out)
    misses = readability_misses(library, rows)
    if not misses:
        print("All readability targets are met.", file=out)
    else:
        print(f"\nHarder to read than the targets ({len(misses)}):", file=out)
        for miss in misses:
            print(f"  {miss}", file=out)
    strong = strong_word_findings(library)
    if not strong:
        print("No strong words left unmarked.", file=out)
    else:
        print(f"\nStrong words to reword or mark under {FRONT_MATTER_KEY} "
              f"({len(strong)}; see docs/content-format.md):", file=out)
        for finding in strong:
            print(f"  {_relative(finding, root)}", file=out)
    return 1 if strong or (strict and misses) else 0
