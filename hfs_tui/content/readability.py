"""Offline readability scores: syllables, sentences, Flesch-Kincaid, Flesch ease, SMOG.

`textstat` downloads a pronouncing dictionary on first use, which this app must never
do. The pocketsphinx wheel (already a dependency, for voice commands) ships the CMU
pronouncing dictionary, so syllables are counted as vowel phones from it; words it
does not know fall back to a spelling heuristic. Numbers count as they are spoken
("4,000" is one word, "four thousand": three syllables).
"""

from __future__ import annotations

import importlib.util
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hfs_tui.numbers import ONES, number_words

# Vowel phones in the CMU set; this copy of the dictionary has no stress digits,
# but strip digits anyway so other copies work too.
_VOWEL_PHONES = frozenset(
    ["AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"]
)

# A word: letters/digits, joined by apostrophes or hyphens; digit groups may be joined
# by "," or "." ("4,000", "1.5"). "e.g." gives the word "e.g".
_WORD_RE = re.compile(
    r"\d+(?:[.,]\d+)*(?:[a-z]+)?"  # numbers, "4,000", "1.5", "3rd"
    r"|[^\W\d_]+(?:\.(?=[^\W\d_]\.)[^\W\d_])*(?:['’\-][^\W_]+)*",  # words, "e.g", "don't"
)

# Words ending in "." that do not end a sentence (lower case, without the dot).
_ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "vs",
        "etc",
        "approx",
        "no",
        "nos",
        "fig",
        "e.g",
        "i.e",
        "eg",
        "ie",
        "cf",
        "al",
    ]
)
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"'’”)\]]*(?=\s|$)")


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    """Syllables per word from pocketsphinx's CMU dictionary ({} if it is missing)."""
    path = _dictionary_path()
    if path is None:
        return {}
    counts: dict[str, int] = {}
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            entry, _, phones = line.strip().partition(" ")
            if not phones:
                continue
            word = entry.split("(", 1)[0]  # "every(2)" is another way to say "every"
            syllables = sum(1 for phone in phones.split() if phone.rstrip("012") in _VOWEL_PHONES)
            # Keep the shortest way of saying it: "every" is "ev-ry" in everyday speech.
            counts[word] = min(syllables, counts.get(word, syllables))
    return counts


def _dictionary_path() -> Path | None:
    # find_spec locates the package without loading its C extension.
    spec = importlib.util.find_spec("pocketsphinx")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    for candidate in (
        package / "model" / "en-us" / "cmudict-en-us.dict",
        package / "model" / "cmudict-en-us.dict",
    ):
        if candidate.is_file():
            return candidate
    return None


def heuristic_syllables(word: str) -> int:
    """Guess syllables from spelling: vowel groups, less a silent final e."""
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    if not re.search(r"[aeiouy]", word):  # spelt out letter by letter: "GP", "NHS"
        return len(word) + 2 * word.count("w")
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # "make", "stroke"
    if re.search(r"[^aeiouy]ed$", word) and not word.endswith(("ted", "ded")) and count > 1:
        count -= 1  # "pressed", "helped"
    if word.endswith("sm"):
        count += 1  # "spasm", "prism"
    # Vowel pairs that are usually two syllables ("idiopathic", "clostridium"), but not
    # the one-syllable endings "-cial", "-tion", "-sion", "-gion".
    split_pairs = re.findall(r"[^aeiou](?:ia|io|iu|eo|ua|uo)", word)
    one_syllable = re.findall(r"[cgstx]i[ao][nl]", word)
    return max(1, count + len(split_pairs) - len(one_syllable))


def _number_syllables(token: str) -> int:
    digits = re.match(r"[\d.,]+", token)
    assert digits is not None
    whole, _, fraction = digits.group().replace(",", "").partition(".")
    spoken = number_words(int(whole)) if whole else []
    if fraction:
        spoken += ["point", *(ONES[int(d)] for d in fraction if d.isdigit())]
    # An ordinal suffix ("3rd", "10th") changes the sound, not the syllable count.
    return sum(count_syllables(word) for word in spoken)


def count_syllables(word: str) -> int:
    """Syllables in one word: CMU dictionary first, then a spelling heuristic."""
    token = word.strip().lower().replace("’", "'").strip(".,;:!?\"'()[]")
    if not token:
        return 0
    if token[0].isdigit():
        return _number_syllables(token)
    dictionary = _dictionary()
    if token in dictionary:
        return dictionary[token]
    if "-" in token:
        return sum(count_syllables(part) for part in token.split("-") if part)
    if "." in token:  # "e.g" is read "for example" but counted as written letters
        return sum(count_syllables(part) for part in token.split(".") if part)
    for suffix in ("'s", "s"):  # plurals and possessives the dictionary lacks
        stem = token.removesuffix(suffix)
        if stem != token and stem in dictionary:
            return dictionary[stem]
    american = _american_spelling(token)  # the CMU dictionary spells the US way
    if american in dictionary:
        return dictionary[american]
    return heuristic_syllables(token)


def _american_spelling(word: str) -> str:
    word = re.sub(r"is(e|es|ed|ing|ation|ations)$", r"iz\1", word)  # specialise
    word = re.sub(r"our(s|ed|ing)?$", r"or\1", word)  # colour, behaviour
    return re.sub(r"tre(s)?$", r"ter\1", word)  # centre


def words(text: str) -> list[str]:
    """The words of `text`; "4,000", "1.5", "don't" and "side-effects" are one word each."""
    return _WORD_RE.findall(text)


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences.

    A sentence ends at ".", "!" or "?" followed by a space, unless the word before the
    dot is an abbreviation ("Dr.", "e.g.") or the next word starts in lower case.
    A blank line always ends a sentence, so headings and list items stand alone.
    """
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        start = 0
        for match in _SENTENCE_END_RE.finditer(paragraph):
            if match.group().startswith(".") and _is_abbreviation(paragraph, match.start()):
                continue
            following = paragraph[match.end() :].lstrip()
            if match.group().startswith(".") and following[:1].islower():
                continue  # an unknown abbreviation: "approx. two"
            sentences.append(paragraph[start : match.end()].strip())
            start = match.end()
        sentences.append(paragraph[start:].strip())
    return [sentence for sentence in sentences if words(sentence)]


def _is_abbreviation(paragraph: str, dot_index: int) -> bool:
    before = paragraph[:dot_index].rsplit(None, 1)
    if not before:
        return False
    word = before[-1].lower().lstrip("(\"'“‘")
    return word in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


@dataclass(frozen=True)
class Scores:
    words: int
    sentences: int
    syllables: int
    polysyllables: int  # words of three or more syllables (for SMOG)
    fk_grade: float  # Flesch-Kincaid grade level: lower is easier
    reading_ease: float  # Flesch Reading Ease: higher is easier (60-70 is plain English)
    smog: float  # SMOG grade: years of schooling needed
    longest_sentence: int  # words in the longest sentence


def score(text: str) -> Scores:
    """Readability of plain text (strip Markdown first). Empty text scores all zeros."""
    sentences = split_sentences(text)
    sentence_words = [words(sentence) for sentence in sentences]
    all_words = [word for group in sentence_words for word in group]
    if not all_words:
        return Scores(0, 0, 0, 0, 0.0, 0.0, 0.0, 0)
    syllable_counts = [count_syllables(word) for word in all_words]
    n_words, n_sentences, n_syllables = len(all_words), len(sentences), sum(syllable_counts)
    polysyllables = sum(1 for count in syllable_counts if count >= 3)
    words_per_sentence = n_words / n_sentences
    syllables_per_word = n_syllables / n_words
    return Scores(
        words=n_words,
        sentences=n_sentences,
        syllables=n_syllables,
        polysyllables=polysyllables,
        fk_grade=round(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59, 2),
        reading_ease=round(206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word, 2),
        smog=round(1.0430 * math.sqrt(polysyllables * 30 / n_sentences) + 3.1291, 2),
        longest_sentence=max(len(group) for group in sentence_words),
    )
