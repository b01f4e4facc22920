"""How well the rule-based syllable counter agrees with the CMU pronouncing dictionary.

    python bench/bench_syllables.py --dict PATH/TO/cmudict.dict

The app no longer ships a pronouncing dictionary (it came with pocketsphinx, now
removed), so this takes one from wherever you have it: pocketsphinx's
`model/en-us/cmudict-en-us.dict`, or the `cmudict` package's `data/cmudict.dict`.
A word's CMU count is its shortest reading, as the app counted before. Reports the
agreement on the words of the shipped content (distinct words and every occurrence)
and on the whole dictionary (words of letters only), and lists the content words
that differ.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hfs_tui.content import readability  # noqa: E402

VOWELS = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY",
          "UH", "UW"}


def read_cmu(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line or line.startswith(";;;"):
            continue
        entry, _, phones = line.strip().partition(" ")
        word = entry.split("(", 1)[0].lower()
        n = sum(1 for phone in phones.split() if phone.rstrip("012") in VOWELS)
        counts[word] = min(n, counts.get(word, n))
    return counts


def content_words() -> collections.Counter[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").rglob("*"))
                     if p.suffix in (".md", ".toml"))
    tokens = [w.lower().replace("’", "'").strip(".,;:!?\"'()[]")
              for w in readability.words(text)]
    return collections.Counter(t.removesuffix("'s") for t in tokens
                               if t and not t[0].isdigit() and "-" not in t and "." not in t)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dict", type=Path, required=True, help="a CMU dictionary file")
    args = parser.parse_args()
    cmu = read_cmu(args.dict)
    counts = content_words()
    known = {word: cmu[word] for word in counts if word in cmu}
    right = [word for word, n in known.items() if readability.count_syllables(word) == n]
    tokens = sum(counts[word] for word in known)
    right_tokens = sum(counts[word] for word in right)
    print(f"content words in the dictionary: {len(right)}/{len(known)} distinct "
          f"({100 * len(right) / len(known):.1f}%), {right_tokens}/{tokens} occurrences "
          f"({100 * right_tokens / tokens:.1f}%)")
    letters = [word for word in cmu if re.fullmatch(r"[a-z]+", word)]
    whole = sum(readability.count_syllables(word) == cmu[word] for word in letters)
    print(f"whole dictionary: {whole}/{len(letters)} ({100 * whole / len(letters):.1f}%)")
    wrong = sorted(set(known) - set(right), key=lambda word: -counts[word])
    print("content words that differ (word, CMU, rule, occurrences):")
    for word in wrong:
        print(f"  {word} {known[word]} {readability.count_syllables(word)} {counts[word]}")


if __name__ == "__main__":
    main()
