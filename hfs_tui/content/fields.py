"""Building blocks for checking content files: problems, file reading, TOML line
numbers and typed field checks with plain one-line messages.

Every check adds a `Problem` and carries on, so one run reports everything wrong.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
Choice = TypeVar("Choice", bound=str)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, at a file and 1-based line (0: the whole file)."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


# Reading files ---------------------------------------------------------------------


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file as text with Unix line ends, or None (and a problem) if unreadable."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(path, 0, f"cannot read the file: {error.strerror or error}"))
        return None
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark from Windows editors is fine
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        problems.append(Problem(path, line, f"not UTF-8 text (byte 0x{byte:02x}); "
                                            "save the file as UTF-8"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_toml(path: Path, problems: list[Problem]) -> tuple[dict[str, Any], TomlLines] | None:
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        # Without a line, tomllib says "(at end of document)": point at the last line.
        last_line = text.rstrip("\n").count("\n") + 1
        line = int(found.group(1)) if found else last_line
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        problems.append(Problem(path, line, f"invalid TOML: {message}"))
        return None
    return data, TomlLines(text)


class TomlLines:
    """Finds the line a TOML key is on (tomllib keeps no positions): good enough for
    pointing a person at the right place; 1 when it cannot tell."""

    _HEADER_RE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_\-.\"' ]+?)\s*\]\]?\s*(#.*)?$")

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.headers: list[tuple[int, str]] = []  # (0-based line, table name)
        for number, line in enumerate(self.lines):
            match = self._HEADER_RE.match(line)
            if match:
                self.headers.append((number, match.group(1).strip("\"'")))

    def _header(self, name: str, index: int) -> int | None:
        found = [number for number, header in self.headers if header == name]
        return found[index] if index < len(found) else None

    def table(self, name: str, index: int = 0) -> int:
        """1-based line of the `index`-th `[name]` or `[[name]]` header (1 if absent)."""
        header = self._header(name, index)
        return header + 1 if header is not None else 1

    def key(self, key: str, table: str | None = None, index: int = 0) -> int:
        """1-based line of `key = ...` at the top level or in the index-th `table`;
        the table's header line if the key is not there."""
        if table is None:
            start, fallback = 0, 1
        else:
            header = self._header(table, index)
            if header is None:
                return 1
            # The header's 1-based number is also the 0-based index of the line after it.
            start = fallback = header + 1
        end = next((number for number, _ in self.headers if number >= start), len(self.lines))
        pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
                             r"\s*=")
        for number in range(start, end):
            if pattern.match(self.lines[number]):
                return number + 1
        return fallback


# Checking fields -------------------------------------------------------------------


def kind_of(value: object) -> str:
    """How a value's type reads to a person who is not a programmer."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int):
        return f"a whole number ({value})"
    if isinstance(value, float):
        return f"a number ({value:g})"
    if isinstance(value, str):
        return f"text ({short(value)!r})"
    if isinstance(value, datetime | date | time):
        return f"a date or time ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def close_match(word: str, choices: Sequence[str]) -> list[str]:
    import difflib  # only needed when something is wrong; keeps app start quick

    return difflib.get_close_matches(word, choices, n=1)


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Fields:
    """Checks one table of fields (front matter, a term, an exercise or one step),
    adding a problem for each fault and returning clean values (None when bad)."""

    def __init__(self, data: Mapping[str, Any], path: Path, problems: list[Problem],
                 line_of: Callable[[str | None, int | None], int], prefix: str = "") -> None:
        self.data = data
        self.path = path
        self.problems = problems
        self.line_of = line_of
        self.prefix = prefix
        self.ok = True

    def problem(self, key: str | None, message: str, item: int | None = None) -> None:
        self.ok = False
        self.problems.append(Problem(self.path, self.line_of(key, item), self.prefix + message))

    def unknown_keys(self, allowed: Sequence[str]) -> None:
        for key in self.data:
            if key not in allowed:
                close = close_match(str(key), allowed)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(str(key), f"unknown key '{key}'{hint}; "
                                       f"allowed keys: {', '.join(allowed)}")

    def _present(self, key: str, required: bool) -> bool:
        if key in self.data and self.data[key] is not None:
            return True
        if key in self.data:  # YAML `summary:` with nothing after it
            self.problem(key, f"{key} is empty")
        elif required:
            self.problem(None, f"{key} is missing")
        return False

    def text(self, key: str, required: bool = True, one_line: bool = True) -> str | None:
        if not self._present(key, required):
            return None
        return self._text_value(key, self.data[key], key, None, one_line)

    def _text_value(self, key: str, value: object, name: str, item: int | None,
                    one_line: bool = True) -> str | None:
        if not isinstance(value, str):
            self.problem(key, f"{name} must be text, got {kind_of(value)}", item)
            return None
        value = value.strip()
        if not value:
            self.problem(key, f"{name} is empty", item)
            return None
        if one_line and "\n" in value:
            self.problem(key, f"{name} must be one line", item)
            return None
        return value

    def whole(self, key: str, low: int, high: int | None = None,
              required: bool = True) -> int | None:
        if not self._present(key, required):
            return None
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"{key} must be a whole number, got {kind_of(value)}")
            return None
        if value < low or (high is not None and value > high):
            limits = f"{low} to {high}" if high is not None else f"{low} or more"
            self.problem(key, f"{key} must be {limits}, got {value}")
            return None
        return value

    def number(self, key: str, low: float, high: float) -> float | None:
        if not self._present(key, True):
            return None
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(key, f"{key} must be a number, got {kind_of(value)}")
            return None
        if not low <= value <= high:
            self.problem(key, f"{key} must be {low:g} to {high:g}, got {value:g}")
            return None
        return float(value)

    def boolean(self, key: str, default: bool = False) -> bool | None:
        """The value, `default` when absent, None when it is not true or false."""
        if not self._present(key, False):
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            self.problem(key, f"{key} must be true or false, got {kind_of(value)}")
            return None
        return value

    def choice(self, key: str, choices: Sequence[Choice]) -> Choice | None:
        if not self._present(key, False):
            return None
        value = self.data[key]
        for choice in choices:
            if value == choice:
                return choice  # typed as one of `choices` (a Literal's values, say)
        self.problem(key, f"{key} must be one of {', '.join(choices)}; "
                          f"got {kind_of(value)}")
        return None

    def text_list(self, key: str, required: bool = True, low: int = 1,
                  high: int | None = None,
                  pattern: tuple[re.Pattern[str], str] | None = None) -> tuple[str, ...] | None:
        """A list of one-line texts with `low` to `high` items; `pattern` is a regex
        each item must match and the words explaining it."""
        if not self._present(key, required):
            return None
        value = self.data[key]
        if isinstance(value, str):
            self.problem(key, f"{key} must be a list, got {kind_of(value)}; "
                              f"write it as a list of one or more items")
            return None
        if not isinstance(value, list):
            self.problem(key, f"{key} must be a list, got {kind_of(value)}")
            return None
        if not value:
            self.problem(key, f"{key} is empty")
            return None
        if len(value) < low or (high is not None and len(value) > high):
            limits = f"{low} to {high}" if high is not None else f"at least {low}"
            self.problem(key, f"{key} must have {limits} items, got {len(value)}")
        items = []
        for number, item in enumerate(value, 1):
            name = f"{key} item {number}"
            text = self._text_value(key, item, name, number - 1)
            if text is None:
                continue
            if pattern is not None and not pattern[0].fullmatch(text):
                self.problem(key, f"{name} '{short(text)}' must be {pattern[1]}", number - 1)
                continue
            items.append(text)
        if len(items) != len(value):
            return None
        seen: set[str] = set()
        for number, item in enumerate(items, 1):
            if item in seen:
                self.problem(key, f"{key} item {number} '{short(item)}' is given twice",
                             number - 1)
                return None
            seen.add(item)
        return tuple(items)

    def identifier(self, key: str = "id") -> str | None:
        value = self.text(key)
        if value is not None and not ID_RE.fullmatch(value):
            self.problem(key, f"{key} '{short(value)}' must be lower-case letters, digits "
                              "and hyphens, like 'side-effects'")
            return None
        return value
