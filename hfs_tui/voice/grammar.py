"""What the recogniser listens for: every phrase of the action registry and content.

Two forms:

- `command_lm`, used by the app: a small n-gram language model in which the commands
  compete with any string of everyday words (common-words.txt). A closed grammar can
  only answer with a command, so "I need to stop at the shop" comes out as "stop";
  here it can come out as itself, and only an utterance the model hears as exactly
  one whole command is one.
- `command_fsg`: the closed grammar (one chain of states per phrase, silence only at
  the edges), kept for the benchmark's "closed grammar without rejection" baseline.
  Built with FsgModel directly rather than JSGF: JSGF with silence fillers at every
  state let a decode idle half-way through a phrase, returning half phrases.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pocketsphinx

EXTRA_DICT = Path(__file__).with_name("extra.dict")
COMMON_WORDS = Path(__file__).with_name("common-words.txt")

# The language model's shape (probabilities), chosen on the TRAIN splits of
# bench/voice-set (synthetic voices) and bench/voice-human (real people). The chance
# of a command is the prior of the likelihood test between "a command" and "other
# words": with 0.6, one word said alone was pulled into a command ("right" -> read,
# "go" -> go home): 12% of real people's non-command words were acted on. 0.05 gave
# 2% (0.2: 4.5%, 0.02: 1.1%) for 8 points fewer of their commands right, and the
# same synthetic TEST accuracy with fewer false accepts (measured 2026-11-24 on 100
# recordings a word from the source of bench/voice-human, thresholds re-tuned each
# time). A command going on to its next word at 0.7 instead of 0.95 cost 5 points of
# synthetic commands. 150 to 1,000 common words gave the same results within a point.
COMMAND_START = 0.05
"""Chance that an utterance starts with a command's first word."""
COMMAND_GOES_ON = 0.95
"""Chance that a command, once started, goes on to its next word (or ends with it)."""
UTTERANCE_END = 0.2
"""Chance of the utterance ending after any everyday word."""
COMMON_SHARE = 0.9
"""Share of the word distribution given to everyday words (the rest: command words)."""

@dataclass(frozen=True)
class GrammarReport:
    phrases: tuple[str, ...]
    missing_words: tuple[str, ...]
    """Words of some phrase that have no pronunciation (those phrases are left out)."""


def _data_lines(path: Path) -> list[str]:
    """The lines of one of our word files, without blank lines and ; comments."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith(";")]


def read_extra_dict(path: Path = EXTRA_DICT) -> list[tuple[str, str]]:
    """(word, phones) pairs from extra.dict; alternates are spelled word(2)."""
    entries = []
    for line in _data_lines(path):
        word, _, phones = line.partition(" ")
        entries.append((word.lower(), " ".join(phones.split())))
    return entries


def read_common_words(path: Path = COMMON_WORDS) -> list[tuple[str, float]]:
    """(word, log10 probability) pairs from common-words.txt."""
    return [(word, float(value)) for word, value in map(str.split, _data_lines(path))]


def pronunciations(words: Iterable[str], main_dict: str | Path) -> list[tuple[str, str]]:
    """(word, phones) for these words from the main dictionary and extra.dict.

    Alternates come as word(2), word(3)... The decoder is given only the words it
    needs: loading the whole 130,000-word dictionary made building it 1.5 s instead
    of about 0.1 s, as the n-gram search sets up every word of its dictionary.
    """
    wanted = {word.lower() for word in words}
    found: list[tuple[str, str]] = []
    with open(main_dict, encoding="utf-8") as handle:
        for line in handle:
            word, _, phones = line.partition(" ")
            if word.split("(", 1)[0] in wanted:
                found.append((word, " ".join(phones.split())))
    known = {word for word, _ in found}
    found += [(word, phones) for word, phones in read_extra_dict()
              if word.split("(", 1)[0] in wanted and word not in known]
    return found


def add_words(decoder: pocketsphinx.Decoder, entries: list[tuple[str, str]]) -> None:
    """Add the entries the decoder does not have yet."""
    missing = [(word, phones) for word, phones in entries if decoder.lookup_word(word) is None]
    for index, (word, phones) in enumerate(missing):
        # Rebuilding the search tree once, after the last word, is enough.
        decoder.add_word(word, phones, index == len(missing) - 1)


def check_phrases(decoder: pocketsphinx.Decoder, phrases: Iterable[str]) -> GrammarReport:
    usable: list[str] = []
    missing: set[str] = set()
    for phrase in dict.fromkeys(phrases):
        unknown = [word for word in phrase.split() if decoder.lookup_word(word) is None]
        if unknown or not phrase.strip():
            missing.update(unknown)
        else:
            usable.append(phrase)
    return GrammarReport(tuple(usable), tuple(sorted(missing)))


def fold_homophones(common: Iterable[tuple[str, float]], command_words: Iterable[str],
                    phones_of: dict[str, set[str]]) -> list[tuple[str, float]]:
    """Everyday words that sound like a command word, spelled as that command word.

    "know" sounds exactly like "no": as a separate everyday word it would take the
    sound of a spoken "no" away from the command whenever the command is less likely
    a priori (measured: 70 of 100 people's "no" came out as "know" with a weaker
    command prior). Folding its probability into "no" keeps the everyday-speech model
    the same and lets the sound count as the command. `phones_of` maps each word to
    its pronunciations.
    """
    command_words = set(command_words)
    sound_to_command = {phones: word for word in sorted(command_words)
                        for phones in phones_of.get(word, ())}
    folded = []
    for word, value in common:
        if word not in command_words:
            same = [sound_to_command[p] for p in sorted(phones_of.get(word, ()))
                    if p in sound_to_command]
            word = same[0] if same else word
        folded.append((word, value))
    return folded


def command_lm(phrases: Iterable[str], common: Iterable[tuple[str, float]]) -> str:
    """An ARPA trigram model: the commands, word by word, competing with everyday words.

    After the start of an utterance a command's first word is likely (COMMAND_START);
    inside a command its next word is very likely (COMMAND_GOES_ON); anything else
    backs off to the unigrams, where everyday words loop freely.
    """
    phrases = list(dict.fromkeys(phrases))
    if not phrases:
        raise ValueError("the command language model needs at least one phrase")
    common = [(word, 10 ** value) for word, value in common]
    common_total = sum(p for _, p in common) or 1.0
    unigram: dict[str, float] = defaultdict(float)
    for word, p in common:
        unigram[word] += (1 - UTTERANCE_END) * COMMON_SHARE * p / common_total
    command_words = Counter(word for phrase in phrases for word in phrase.split())
    command_total = sum(command_words.values())
    for word, count in command_words.items():
        unigram[word] += (1 - UTTERANCE_END) * (1 - COMMON_SHARE) * count / command_total
    unigram["</s>"] = UTTERANCE_END

    sequences = [["<s>", *phrase.split(), "</s>"] for phrase in phrases]
    following: dict[str, Counter[str]] = defaultdict(Counter)
    following2: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for seq in sequences:
        for a, b in zip(seq, seq[1:], strict=False):
            following[a][b] += 1
        for a, b, c in zip(seq, seq[1:], seq[2:], strict=False):
            following2[(a, b)][c] += 1

    bigrams: dict[tuple[str, str], float] = {}
    backoff1: dict[str, float] = {}
    for history, counts in following.items():
        mass = COMMAND_START if history == "<s>" else COMMAND_GOES_ON
        total = sum(counts.values())
        for word, count in counts.items():
            bigrams[(history, word)] = mass * count / total
        explicit = sum(unigram.get(word, 0.0) for word in counts)
        backoff1[history] = (1 - mass) / max(1e-9, 1 - explicit)
    trigrams: dict[tuple[str, str, str], float] = {}
    backoff2: dict[tuple[str, str], float] = {}
    for (a, b), counts in following2.items():
        total = sum(counts.values())
        for word, count in counts.items():
            trigrams[(a, b, word)] = COMMAND_GOES_ON * count / total
        explicit = sum(bigrams.get((b, word), unigram.get(word, 0.0) * backoff1.get(b, 1.0))
                       for word in counts)
        backoff2[(a, b)] = (1 - COMMAND_GOES_ON) / max(1e-9, 1 - explicit)

    def log(p: float) -> str:
        return f"{math.log10(max(p, 1e-30)):.4f}"

    lines = ["\\data\\", f"ngram 1={len(unigram) + 1}", f"ngram 2={len(bigrams)}",
             f"ngram 3={len(trigrams)}", "", "\\1-grams:",
             f"-99.0000\t<s>\t{log(backoff1['<s>'])}"]
    for word, p in unigram.items():
        lines.append(f"{log(p)}\t</s>" if word == "</s>"
                     else f"{log(p)}\t{word}\t{log(backoff1.get(word, 1.0))}")
    lines += ["", "\\2-grams:"]
    for (a, b), p in bigrams.items():
        weight = backoff2.get((a, b))
        lines.append(f"{log(p)}\t{a} {b}" + (f"\t{log(weight)}" if weight is not None else ""))
    lines += ["", "\\3-grams:"]
    lines += [f"{log(p)}\t{a} {b} {c}" for (a, b, c), p in trigrams.items()]
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)


def command_fsg(decoder: pocketsphinx.Decoder, phrases: Iterable[str],
                name: str = "commands") -> pocketsphinx.FsgModel:
    """One chain per phrase; every phrase equally likely (log prob 0: pure acoustics)."""
    phrases = list(phrases)
    if not phrases:
        raise ValueError("the command grammar needs at least one phrase")
    lmath = decoder.get_logmath()
    state_count = 2 + sum(len(phrase.split()) - 1 for phrase in phrases)
    fsg = pocketsphinx.FsgModel(name, lmath, float(decoder.config["lw"]), state_count)
    start, final, next_state = 0, 1, 2
    fsg.set_start_state(start)
    fsg.set_final_state(final)
    for phrase in phrases:
        words = phrase.split()
        source = start
        for index, word in enumerate(words):
            if index == len(words) - 1:
                target = final
            else:
                target, next_state = next_state, next_state + 1
            fsg.trans_add(source, target, 0, fsg.word_add(word))
            source = target
    _add_edge_silence(decoder, fsg, start, final)
    return fsg


def _add_edge_silence(decoder: pocketsphinx.Decoder, fsg: pocketsphinx.FsgModel,
                      start: int, final: int) -> None:
    silence_probability = float(decoder.config["silprob"])
    for state in (start, final):
        fsg.add_silence("<sil>", state, silence_probability)
