"""Split CSV text into records without ever losing the rows after a bad one.

Python's csv reader stops being useful at the first broken row: a field over its
size limit, or a quote that is never closed, swallows or hides everything after it.
Here each record is read on its own, with the physical line it starts on:

- a quoted field may hold commas, quotes ("") and new lines, as spreadsheets write;
- a quote that is never closed, or a record that runs over several lines and has the
  wrong number of cells (a stray quote), is reported on its first line and reading
  starts again on the next line, so the rows after it are read as usual;
- fields have no size limit here (the diary's own limits then give a clear message);
- a byte that is not UTF-8 (decoded with surrogateescape by the caller) or a NUL is
  reported by the caller for that row only.

Line breaks are \\n, \\r\\n or a lone \\r (old spreadsheets), as in the csv module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_UNQUOTED = re.compile(r'[^,\r\n]*')
_QUOTED_BODY = re.compile(r'[^"]*(?:""[^"]*)*')
_AFTER_QUOTE = re.compile(r'[^,\r\n]*')


def _match(pattern: re.Pattern[str], text: str, position: int) -> re.Match[str]:
    found = pattern.match(text, position)
    assert found is not None  # each pattern above matches the empty string too
    return found


@dataclass(frozen=True)
class Record:
    line: int
    """The physical line (1 = first) the record starts on."""
    cells: list[str] | None
    """None when the record could not be read; `problem` says why."""
    problem: str = ""
    last_line: int = 0


def _line_breaks(text: str, start: int, end: int) -> int:
    return len(LINE_BREAK.findall(text, start, end))


def records(text: str, expected_cells: int | None = None,
            first_line: int = 1) -> Iterator[Record]:
    """Every record in `text`, whose first line is line `first_line` of the file. With
    `expected_cells`, a record that spans lines and has another number of cells is
    treated as a broken quote (see the module docstring)."""
    position, line, size = 0, first_line, len(text)
    while position < size:
        start, start_line = position, line
        cells: list[str] = []
        broken = ""
        while True:
            if position < size and text[position] == '"':
                body = _match(_QUOTED_BODY, text, position + 1)
                close = body.end()
                if close >= size:  # never closed
                    broken = 'a quote (") opened on this line is never closed'
                    break
                cell = body.group().replace('""', '"')
                position = close + 1
                rest = _match(_AFTER_QUOTE, text, position)
                cell += rest.group()  # lenient, as spreadsheets and the csv module are
                position = rest.end()
            else:
                plain = _match(_UNQUOTED, text, position)
                cell = plain.group()
                position = plain.end()
            cells.append(cell)
            if position < size and text[position] == ",":
                position += 1
                continue
            break
        if not broken:
            breaks = LINE_BREAK.match(text, position)
            end = breaks.end() if breaks else position
            spanned = _line_breaks(text, start, position)
            if spanned and expected_cells is not None and len(cells) != expected_cells:
                broken = (f"{len(cells)} cells, expected {expected_cells}: a quote (\") "
                          f"on this line seems not to be closed (the row runs to line "
                          f"{start_line + spanned})")
            else:
                yield Record(start_line, cells, "", start_line + spanned)
                position, line = end, start_line + spanned + (1 if breaks else 0)
                continue
        # Broken: report this line and start again on the next one.
        yield Record(start_line, None, broken, start_line)
        next_break = LINE_BREAK.search(text, start)
        if next_break is None:
            return
        position, line = next_break.end(), start_line + 1
