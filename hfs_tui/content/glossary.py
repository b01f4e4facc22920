"""The glossary ([[term]] tables) and the pronunciation table ([words])."""

from __future__ import annotations

from pathlib import Path

from hfs_tui.content.fields import Fields, Problem, kind_of, read_toml
from hfs_tui.content.models import GlossaryTerm
from hfs_tui.content.sources import Where

TERM_KEYS = ("id", "word", "meaning", "also")


def load_glossary(path: Path, problems: list[Problem]) -> list[tuple[GlossaryTerm, Where]]:
    if not path.exists():
        return []
    parsed = read_toml(path, problems)
    if parsed is None:
        return []
    data, lines = parsed
    for key in data:
        if key != "term":
            problems.append(Problem(path, lines.key(key) if not isinstance(data[key], dict)
                                    else lines.table(key),
                                    f"unknown key '{key}'; the glossary holds only "
                                    "[[term]] tables"))
    tables = data.get("term", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.append(Problem(path, lines.key("term"),
                                "term must be [[term]] tables, one per word"))
        return []
    if not tables:
        problems.append(Problem(path, 1, "no terms: add [[term]] tables with id, word and "
                                         "meaning"))
    terms = []
    for index, table in enumerate(tables):
        def line_of(key: str | None, item: int | None, index: int = index) -> int:
            return lines.key(key, "term", index) if key else lines.table("term", index)

        fields = Fields(table, path, problems, line_of, prefix=f"term {index + 1}: ")
        fields.unknown_keys(TERM_KEYS)
        term_id = fields.identifier()
        word = fields.text("word")
        meaning = fields.text("meaning", one_line=False)
        also = fields.text_list("also", required=False) or ()
        if fields.ok and term_id and word and meaning:
            where = Where(path, lines.table("term", index),
                           {key: lines.key(key, "term", index) for key in table})
            terms.append((GlossaryTerm(term_id, word, " ".join(meaning.split()), also), where))
    return terms


def load_pronunciations(path: Path, problems: list[Problem]) -> dict[str, str]:
    if not path.exists():
        return {}
    parsed = read_toml(path, problems)
    if parsed is None:
        return {}
    data, lines = parsed
    for key in data:
        if key != "words":
            problems.append(Problem(path, lines.key(key) if not isinstance(data[key], dict)
                                    else lines.table(key),
                                    f"unknown key '{key}'; write every word under [words]"))
    words = data.get("words")
    if words is None:
        problems.append(Problem(path, 1, "no [words] table: write [words] and then lines "
                                         "like botulinum = \"bot-you-line-um\""))
        return {}
    if not isinstance(words, dict):
        problems.append(Problem(path, lines.key("words"), "words must be a [words] table"))
        return {}
    table: dict[str, str] = {}
    seen: dict[str, str] = {}
    for word, respelling in words.items():
        line = lines.key(word, "words")
        if not word.strip():
            problems.append(Problem(path, line, "a word in [words] is empty"))
        elif not isinstance(respelling, str):
            problems.append(Problem(path, line, f"pronunciation of '{word}' must be text, "
                                                f"got {kind_of(respelling)}"))
        elif not respelling.strip() or "\n" in respelling.strip():
            problems.append(Problem(path, line, f"pronunciation of '{word}' must be one "
                                                "line of words"))
        elif word.lower() in seen:
            problems.append(Problem(path, line, f"'{word}' is given twice (also as "
                                                f"'{seen[word.lower()]}'); case does not matter"))
        else:
            seen[word.lower()] = word
            table[word] = respelling.strip()
    return table
