"""Leaflet Markdown to display blocks and sentences.

The leaflet uses a deliberately small Markdown: paragraphs, `- ` bullet items,
`## ` sub-headings, `**bold**` and glossary links `[shown words](glossary:term-id)`.
Display text is plain: the UI highlights these sentences and read-aloud speaks the
same ones, so "the current sentence" means one thing everywhere. Sentences are split
by `readability.split_sentences`, the one splitter the whole app uses (the
readability scores in `check-content` count the same sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hfs_tui.content.models import Block, BlockKind
from hfs_tui.content.readability import split_sentences, words

# `[shown words](glossary:term-id)`; the shown words may wrap onto the next line.
GLOSSARY_LINK_RE = re.compile(r"\[([^\[\]]*)\]\(glossary:([^()\s]*)\)")
# Any Markdown link, to strip to its words and to find links that are not glossary links.
_ANY_LINK_RE = re.compile(r"\[([^\[\]]*)\]\(([^()]*)\)")
_HEADING_RE = re.compile(r"^##(?:\s+|$)")
_BULLET_RE = re.compile(r"^\s*- ")


@dataclass(frozen=True)
class RawBlock:
    """One block as written: its kind, Markdown text and first line (0-based in the body)."""

    kind: BlockKind
    markdown: str
    line: int


def raw_blocks(body: str) -> list[RawBlock]:
    """Split a body into paragraphs, bullet items and headings, keeping the Markdown.

    A blank line ends a block. A `## ` line is a heading on its own. A `- ` line
    starts a bullet item; lines after it without a blank line continue that item.
    """
    blocks: list[RawBlock] = []
    kind: BlockKind | None = None
    lines: list[str] = []
    start = 0

    def flush() -> None:
        nonlocal kind, lines
        if kind is not None:
            blocks.append(RawBlock(kind, "\n".join(lines), start))
        kind, lines = None, []

    for number, line in enumerate(body.split("\n")):
        stripped = line.strip()
        if not stripped:
            flush()
        elif _HEADING_RE.match(stripped):
            flush()
            blocks.append(RawBlock("heading", stripped[2:].strip(), number))
        elif _BULLET_RE.match(line):
            flush()
            kind, lines, start = "bullet", [_BULLET_RE.sub("", line, count=1)], number
        else:
            if kind is None:
                kind, start = "paragraph", number
            lines.append(stripped)
    flush()
    return blocks


def strip_markdown(text: str) -> str:
    """Plain display text: links become their words, `**` marks go, spaces collapse."""
    text = _ANY_LINK_RE.sub(r"\1", text)
    text = text.replace("**", "")
    return " ".join(text.split())


def markdown_to_blocks(body: str) -> tuple[Block, ...]:
    """Display blocks of plain sentences; a heading is one sentence, never split.

    Blocks with no words at all (a stray "-" line) are left out; the loader reports them.
    """
    blocks: list[Block] = []
    for raw in raw_blocks(body):
        plain = strip_markdown(raw.markdown)
        is_heading = raw.kind == "heading"
        sentences = ([plain] if plain else []) if is_heading else split_sentences(plain)
        if sentences:
            blocks.append(Block(raw.kind, tuple(sentences)))
    return tuple(blocks)


def glossary_links(body: str) -> list[tuple[str, int]]:
    """Every glossary link as (term id, line offset of its `[`, 0-based in the body)."""
    return [
        (match.group(2), body.count("\n", 0, match.start()))
        for match in GLOSSARY_LINK_RE.finditer(body)
    ]


def markdown_issues(body: str) -> list[tuple[int, str]]:
    """Markdown this app does not show properly, as (0-based line offset, message)."""
    issues: list[tuple[int, str]] = []
    lines = body.split("\n")
    for number, line in enumerate(lines):
        stripped = line.strip()
        if re.match(r"#{1,6}(\s|$)", stripped) and not _HEADING_RE.match(stripped):
            issues.append((number, "only '## ' sub-headings are allowed"))
        elif _HEADING_RE.match(stripped) and not stripped[2:].strip():
            issues.append((number, "sub-heading has no words"))
        elif re.match(r"[*+]\s", stripped):
            issues.append((number, "bullet items start with '- ', not '* ' or '+ '"))
        elif re.match(r"\d+[.)]\s", stripped):
            issues.append((number, "numbered lists are not supported; use '- ' items"))
        elif re.match(r"\s+-\s", line) and number and lines[number - 1].strip():
            issues.append((number, "bullet items cannot be nested; start them at the margin"))
        elif stripped in ("-", "---", "***", "___"):
            issues.append((number, "a line with only dashes or stars is not allowed"))
        if re.search(r"</?[a-zA-Z][^<>]*>", line):
            issues.append((number, "HTML tags are not supported"))
        if "`" in line:
            issues.append((number, "code marks (`) are not supported"))
    for match in _ANY_LINK_RE.finditer(body):
        offset = body.count("\n", 0, match.start())
        target = match.group(2)
        if not target.startswith("glossary:"):
            issues.append((offset, f"only glossary links are allowed, not '({target})'"))
        elif not match.group(1).strip():
            issues.append((offset, f"glossary link to '{target[9:]}' has no words to show"))
        elif not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", target[9:]):
            issues.append((offset, f"glossary link '{target}' needs a term id like "
                                   "'glossary:botulinum-toxin'"))
    # Block checks; a vaguer message is left out where a line already has a clear one.
    flagged = {line for line, _ in issues}
    for raw in raw_blocks(body):
        without_links = _ANY_LINK_RE.sub(r"\1", raw.markdown)
        if without_links.count("**") % 2:
            issues.append((raw.line, "'**' bold mark is not closed in this block"))
        elif raw.line in flagged:
            continue
        elif "*" in without_links.replace("**", "") or re.search(r"(^|\W)_\w", without_links):
            issues.append((raw.line, "only **bold** is supported, not *italic* or _italic_"))
        if "](" in without_links:
            issues.append((raw.line, "a link is not finished: write [words](glossary:term-id)"))
        elif raw.kind != "heading" and not words(raw.markdown):
            issues.append((raw.line, f"{raw.kind} has no words"))
    return sorted(set(issues))
