"""Offline readability scores: syllables, sentences, Flesch-Kincaid, Flesch ease, SMOG.

`textstat` downloads a pronouncing dictionary on first use, which this app must never
do. Syllables are counted by rule from the spelling (vowel groups, corrected for
silent and split vowels, and a short table of everyday words said shorter than they
are spelled, "ev-ry"), so nothing needs a dictionary. Checked against the CMU
pronouncing dictionary (as shipped in pocketsphinx 5.1.1, shortest reading of each
word) with `python bench/bench_syllables.py --dict cmudict-en-us.dict` (2026-12-02):
the same count for 567 of the 574 distinct content words it knows (98.8%; 99.6% of
their 3,745 occurrences; the table was filled from the content's misses, so the
fairer figure is the whole dictionary: 91.7% of 117,493 words, against 88.0% for the
spelling fallback this replaced). The whole leaflet's Flesch-Kincaid grade is the
same as with the dictionary (4.75); no section's moved by more than 0.3. Numbers count as they are
spoken ("4,000" is one word, "four thousand": three syllables).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from hfs_tui.numbers import ONES, number_words

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


# Everyday words said with fewer syllables than their spelling suggests ("ev-ry",
# "fam-ly"), with their counts in the CMU pronouncing dictionary (shortest reading).
_SPOKEN_SHORT = {
    "people": 2, "every": 2, "everyone": 3, "everything": 3, "everybody": 4,
    "different": 2, "difference": 2, "general": 2, "generally": 3, "several": 2,
    "family": 2, "families": 2, "usually": 3, "evening": 2, "business": 2,
    "interest": 2, "interesting": 3, "vegetable": 3, "chocolate": 2, "camera": 2,
    "temperature": 3,
}
_SILENT_E_BEFORE = r"(?:ly|ment|ments|ful|ness|less|thing|times|where|one|body|head)"


def heuristic_syllables(word: str) -> int:
    """Syllables from spelling: vowel groups, corrected for silent and split vowels."""
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    if word in _SPOKEN_SHORT:
        return _SPOKEN_SHORT[word]
    if not re.search(r"[aeiouy]", word):  # spelt out letter by letter: "GP", "NHS"
        return len(word) + 2 * word.count("w")
    count = len(re.findall(r"[aeiouy]+", word))
    if count > 1:
        if re.search(r"[^aeiouy]e$", word) and not re.search(r"[^aeiouyl]le$|[^aeiouyr]re$",
                                                              word):
            count -= 1  # "make", "whole"; not "table", "centre"
        elif re.search(r"[^aeiouy]es$", word) and not re.search(
                r"(?:[sxzcg]|ch|sh|[^aeiouyl]l|[^aeiouyr]r)es$", word):
            count -= 1  # "names", "cures"; not "places", "changes", "muscles"
        elif re.search(r"[^aeiouy]ed$", word) and not word.endswith(("ted", "ded")):
            count -= 1  # "pressed", "helped"; not "treated"
        # A silent e before a suffix or a second word: "safely", "useful", "something".
        count -= len(re.findall(r"[aeiouy][^aeiouy]e(?=" + _SILENT_E_BEFORE + r"$)", word))
    if re.search(r"sms?$", word):
        count += 1  # "spasm", "spasms", "prism"
    if re.search(r"[aeiouy]ings?$", word):
        count += 1  # "going", "seeing": the vowel and "-ing" are two syllables
    # Vowel pairs that are usually two syllables ("idiopathic", "clostridium"), but not
    # "qu"/"gu" ("quality", "guarantee") or the endings "-cial", "-tion", "-sion", "-gion".
    split_pairs = re.findall(r"[^aeiou](?:ia|io|iu|eo)|[^aeiouqg](?:ua|uo)", word)
    # "senior", "behaviour" (a glide, not a vowel of its own).
    one_syllable = re.findall(r"[cgstx]i[ao][nl]|[nv]iou?r", word)
    # Vowels said in passing, as the CMU dictionary's shortest readings have them (each
    # rule gained more words of the whole dictionary than it lost): "normally" is
    # "norm-ly", "happening" "hap-ning".
    said_in_passing = len(re.findall(r"[^aeiou]ally$|[^aeiou]enings?$", word))
    return max(1, count + len(split_pairs) - len(one_syllable) - said_in_passing)


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
    """Syllables in one word, by rule (see the module doc for how well that agrees)."""
    token = word.strip().lower().replace("’", "'").strip(".,;:!?\"'()[]")
    if not token:
        return 0
    if token[0].isdigit():
        return _number_syllables(token)
    if "-" in token:
        return sum(count_syllables(part) for part in token.split("-") if part)
    if "." in token:  # "e.g" is read "for example" but counted as written letters
        return sum(count_syllables(part) for part in token.split(".") if part)
    return heuristic_syllables(token.removesuffix("'s"))


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
