"""The command grammar: every phrase of the action registry, as a pocketsphinx FSG.

Built with pocketsphinx's FsgModel directly rather than JSGF: one chain of states
per phrase from the start state to the final state, silence allowed only before and
after the phrase. (Measured: JSGF with silence fillers at every state let a decode
"idle" in silence half-way through a phrase, returning half phrases like "close".)

"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pocketsphinx

EXTRA_DICT = Path(__file__).with_name("extra.dict")

@dataclass(frozen=True)
class GrammarReport:
    phrases: tuple[str, ...]
    missing_words: tuple[str, ...]
    """Words of some phrase that have no pronunciation (those phrases are left out)."""


def read_extra_dict(path: Path = EXTRA_DICT) -> list[tuple[str, str]]:
    """(word, phones) pairs from extra.dict; alternates are spelled word(2)."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        word, _, phones = line.partition(" ")
        entries.append((word.lower(), " ".join(phones.split())))
    return entries


def add_extra_words(decoder: pocketsphinx.Decoder) -> None:
    """Add the extra.dict words the dictionary does not have."""
    wanted = read_extra_dict()
    missing = [(word, phones) for word, phones in wanted if decoder.lookup_word(word) is None]
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
