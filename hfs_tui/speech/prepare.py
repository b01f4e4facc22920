"""Turn display text into text for the speech engine.

The screen shows "3-4 months", "**Botox®**" or "see your GP"; a listener should hear
"3 to 4 months", "Botox" and "G P". Rules are plain regular expressions applied in a
fixed order, so a test can pin every one, and they do not rely on a particular
engine's own text rules (espeak, SAPI and NSSS differ).

Long sentences are also split into chunks of at most `MAX_CHUNK_WORDS` words at
clause boundaries, so the first sound never waits on a long synthesis and a pause
or stop never throws away much.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MAX_CHUNK_WORDS = 14
"""Longest chunk handed to the engine (in words)."""

MIN_CHUNK_WORDS = 3
"""Split points leaving fewer words than this on one side are avoided."""

HEAD_WORDS = 3
"""Longest quick first piece (`split_head`): Piper synthesises 3 words in ~60-80 ms
on an idle 2-core machine (more when it is busy)."""

# Initialisms an engine may read as a word ("GP" -> "gip"); spelt out letter by letter.
SPELLED_OUT = ("GP", "NHS", "MRI", "CT", "ENT", "HFS", "MVD", "EMG", "BSL", "A&E")

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_|`+)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_LEFTOVER_MARKS = re.compile(r"(?<!\w)(?:\*\*|__|\*|`+)|(?:\*\*|__|\*|`+)(?!\w)|#(?=\s)")
_TRADEMARKS = re.compile(r"\s*(?:[®™©℠]|\((?:r|tm|c)\))", re.IGNORECASE)

_EG = re.compile(r"\be\.\s?g\.?(?=[\s,;:)]|$),?", re.IGNORECASE)
_IE = re.compile(r"\bi\.\s?e\.?(?=[\s,;:)]|$),?", re.IGNORECASE)
_DOCTOR = re.compile(r"\bDr\b\.?(?=\s+\S)|\bDr\b")
_SPELLED = re.compile(
    r"(?<![\w&])(" + "|".join(re.escape(word) for word in SPELLED_OUT) + r")(s?)(?![\w&])"
)
_NUMBER = r"\d+(?:\.\d+)?%?"
# "7-8", "7 – 8", "10%-20%"; not dates or codes like "2023-05-01" (a third part).
_RANGE = re.compile(rf"(?<![\d.\-–—/])({_NUMBER})\s?[-–—]\s?({_NUMBER})(?![\d\-–—/])")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_AMPERSAND = re.compile(r"\s*&\s*")
_SPACES = re.compile(r"\s+")


def prepare(text: str, pronunciations: Mapping[str, str] | None = None) -> str:
    """Display text -> text to speak (one sentence or a short passage)."""
    text = strip_markdown(text)
    text = _TRADEMARKS.sub("", text)
    if pronunciations:
        text = apply_pronunciations(text, pronunciations)
    text = _EG.sub("for example", text)
    text = _IE.sub("that is", text)
    text = _DOCTOR.sub("Doctor", text)
    text = _SPELLED.sub(_spell_out, text)
    text = _AMPERSAND.sub(" and ", text)
    text = _THOUSANDS.sub("", text)
    text = _RANGE.sub(r"\1 to \2", text)
    return _SPACES.sub(" ", text).strip()


def strip_markdown(text: str) -> str:
    """Remove Markdown syntax so no symbol is read out ("star star", "hash")."""
    lines = []
    for line in text.splitlines():
        line = _QUOTE.sub("", line)
        line = _HEADING.sub("", line)
        line = _BULLET.sub("", line)
        lines.append(line)
    text = " ".join(lines)
    text = _LINK.sub(r"\1", text)
    text = _ANGLE_URL.sub(r"\1", text)
    previous = None
    while previous != text:  # nested emphasis: ***word*** or **_word_**
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
    return _LEFTOVER_MARKS.sub("", text)


def apply_pronunciations(text: str, pronunciations: Mapping[str, str]) -> str:
    """Replace whole words (any case) by their respelling, longest words first."""
    table = {word.lower(): respelling for word, respelling in pronunciations.items()
             if word.strip()}
    if not table:
        return text
    words = sorted(table, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(word) for word in words) + r")(?!\w)",
        re.IGNORECASE,
    )
    return pattern.sub(lambda match: table[match.group(1).lower()], text)


def _spell_out(match: re.Match[str]) -> str:
    letters = " ".join(ch for ch in match.group(1) if ch.isalpha())
    if match.group(1) == "A&E":
        letters = "A and E"
    # "GPs" -> "G P's": espeak reads "G Ps" as "G P S" and "GPs" as "G P".
    return letters + ("'s" if match.group(2) else "")


# Where a long sentence may be split: after these marks, or before these words.
_PUNCTUATION_BREAK = re.compile(r"[,;:]$|^[-–—]$|[)]$")
_WORD_BREAKS = frozenset((
    "and", "but", "or", "because", "so", "which", "while", "when", "where", "although",
    "though", "if", "unless", "until", "then", "who", "whereas", "before", "after", "since",
))


def split_for_speech(text: str, max_words: int = MAX_CHUNK_WORDS) -> list[str]:
    """Split a prepared sentence into chunks of at most `max_words` words.

    Prefers punctuation (commas, semicolons, colons, dashes) over joining words
    ("and", "but" ...), and among those the point nearest the middle, so the
    chunks sound like natural phrases.
    """
    words = text.split()
    if not words:
        return []
    return [" ".join(chunk) for chunk in _split_words(words, max_words)]


def _split_words(words: list[str], max_words: int) -> list[list[str]]:
    if len(words) <= max_words:
        return [words]
    cut = _best_cut(words)
    return _split_words(words[:cut], max_words) + _split_words(words[cut:], max_words)


def _best_cut(words: list[str]) -> int:
    """Index to cut before: the best clause boundary, else the middle word."""
    middle = len(words) / 2
    best: tuple[float, int] | None = None
    for cut in range(1, len(words)):
        left, right = cut, len(words) - cut
        if _PUNCTUATION_BREAK.search(words[cut - 1]):
            penalty = 0.0
        elif words[cut].lower().strip("\"'(") in _WORD_BREAKS:
            penalty = len(words) / 4  # "cheek | and mouth" splits a phrase: last resort
        else:
            continue
        if min(left, right) < MIN_CHUNK_WORDS:
            penalty += 4
        score = abs(cut - middle) + penalty
        if best is None or score < best[0]:
            best = (score, cut)
    # A boundary far from the middle still beats cutting a phrase in two.
    if best is not None and best[0] <= len(words) / 2.5:
        return best[1]
    return round(middle)


_LEANS_FORWARD = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "with", "by", "from", "your",
    "my", "our", "their", "his", "her", "its", "this", "that", "these", "those", "very",
))


def split_head(text: str, max_words: int = HEAD_WORDS) -> tuple[str, str] | None:
    """A short head and the rest, so a slower engine's first sound comes at once.

    Cuts at a comma (or before "and", "but" ...) within the first `max_words`
    words when there is one, else after `max_words` words; None when the text is
    short already (it is quick to synthesise whole).
    """
    words = text.split()
    if len(words) <= max_words + 2:
        return None
    before_word: int | None = None
    for cut in range(max_words, 1, -1):
        if _PUNCTUATION_BREAK.search(words[cut - 1]):
            break
        if before_word is None and words[cut].lower().strip("\"'(") in _WORD_BREAKS:
            before_word = cut
    else:
        cut = before_word or max_words
        while cut > 2 and words[cut - 1].lower() in _LEANS_FORWARD:
            cut -= 1  # "makes | the muscles" sounds better than "makes the | muscles"
    return " ".join(words[:cut]), " ".join(words[cut:])


def speech_chunks(text: str, pronunciations: Mapping[str, str] | None = None,
                  max_words: int = MAX_CHUNK_WORDS) -> list[str]:
    """Display sentence -> the chunks the engine speaks, in order."""
    return split_for_speech(prepare(text, pronunciations), max_words)


def estimated_seconds(text: str, words_per_minute: int) -> float:
    """How long speaking `text` takes at this rate, with the pause after a sentence."""
    words = len(text.split())
    return max(0.4, words * 60.0 / max(words_per_minute, 1) + 0.35)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Rough sentence split for one-off text (`say`); the leaflet comes pre-split."""
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]
