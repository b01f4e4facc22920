"""CSV export and import (exact round trips) and a one-page report for the clinic.

Spreadsheets run a cell that starts with = + - @ (or tab / carriage return) as a
formula. Every text cell starting with one of those, or with the escape mark ',
gets one ' in front; import removes exactly one leading ', so what comes back is
exactly what went out.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from hfs_tui.diary.models import (
    KINDS,
    DiaryError,
    Entry,
    InvalidEntry,
    format_units,
    parse_when,
    severity_words,
    validate,
)
from hfs_tui.diary.report import build_report, render_html, render_markdown
from hfs_tui.diary.store import LIST_SEPARATOR, TIME_FORMAT, Diary, split_list

CSV_COLUMNS = ("id", "kind", "date_time", "severity", "severity_words", "parts", "triggers",
               "name", "dose", "units", "sites", "clinic", "end_date_time", "exercise_id",
               "planned_seconds", "actual_seconds", "completed", "note")
REQUIRED_COLUMNS = ("kind", "date_time")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE_MARK = "'"
MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_REPORTED_PROBLEMS = 20


def neutralise(text: str) -> str:
    """Make a text cell safe for spreadsheets (reversible with `restore`)."""
    if text.startswith((*FORMULA_STARTS, ESCAPE_MARK)):
        return ESCAPE_MARK + text
    return text


def restore(text: str) -> str:
    return text[1:] if text.startswith(ESCAPE_MARK) else text


def entry_to_csv_row(entry: Entry) -> list[str]:
    def number(value: float | int | None) -> str:
        if value is None:
            return ""
        return format_units(value) if isinstance(value, float) else str(value)

    texts = {
        "parts": LIST_SEPARATOR.join(entry.parts),
        "triggers": LIST_SEPARATOR.join(entry.triggers),
        "name": entry.name, "dose": entry.dose, "sites": entry.sites,
        "clinic": entry.clinic, "exercise_id": entry.exercise_id, "note": entry.note,
    }
    row = {
        "id": "" if entry.id is None else str(entry.id),
        "kind": entry.kind,
        "date_time": entry.at.strftime(TIME_FORMAT),
        "severity": number(entry.severity),
        "severity_words": severity_words(entry.severity) if entry.severity is not None else "",
        "units": _units_text(entry.units),
        "end_date_time": entry.end.strftime(TIME_FORMAT) if entry.end else "",
        "planned_seconds": number(entry.planned_seconds),
        "actual_seconds": number(entry.actual_seconds),
        "completed": "" if entry.completed is None else ("yes" if entry.completed else "no"),
        **{name: neutralise(text) for name, text in texts.items()},
    }
    return [row[column] for column in CSV_COLUMNS]


def _units_text(units: float | None) -> str:
    # repr keeps every digit, so 12.345678 comes back as exactly 12.345678.
    if units is None:
        return ""
    return str(int(units)) if units.is_integer() else repr(units)


def write_csv(entries: Iterable[Entry], target: io.TextIOBase) -> int:
    writer = csv.writer(target, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for entry in entries:
        writer.writerow(entry_to_csv_row(entry))
        count += 1
    return count


def export_csv(diary: Diary, path: Path) -> int:
    """Write every entry to `path` (UTF-8 with BOM so spreadsheets read accents)."""
    entries = diary.entries()
    _write_private(path, lambda handle: write_csv(entries, handle), encoding="utf-8-sig")
    return len(entries)


def _write_private(path: Path, write: Callable[[io.TextIOBase], object],
                   encoding: str = "utf-8") -> None:
    """Write through a temporary file, so a failed export never leaves half a file, and
    create it readable only by the user: it is health data."""
    path = Path(path)
    if path.is_dir():
        raise DiaryError(f"{path} is a folder; give a file name")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise DiaryError(f"Cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "w", encoding=encoding, newline="") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise DiaryError(f"Cannot write {path}: {error.strerror or error}") from None
        raise


# --- import ---------------------------------------------------------------------------


@dataclass
class ImportResult:
    entries: list[Entry]
    problems: list[str]
    """"line 7: severity 11 is out of range ..." for every bad row."""
    rows: int


def read_csv(path: Path, now: datetime | None = None) -> ImportResult:
    """Read and validate every row; problems name the line they are on."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise DiaryError(f"{path} is too big to be a diary export ({size} bytes)")
        # newline="" keeps a carriage return inside a note as it was written.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise DiaryError(f"{path} does not exist") from None
    except UnicodeDecodeError as error:
        raise DiaryError(f"{path} is not UTF-8 text (byte {error.start}); save it as "
                         "CSV UTF-8 and try again") from None
    except OSError as error:
        raise DiaryError(f"Cannot read {path}: {error.strerror or error}") from None
    return parse_csv(text, str(path), now)


def parse_csv(text: str, source: str = "CSV", now: datetime | None = None) -> ImportResult:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DiaryError(f"{source} is empty") from None
    except csv.Error as error:
        raise DiaryError(f"{source} line 1: {error}") from None
    header = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise DiaryError(f"{source} line 1: missing column(s) {', '.join(missing)}; "
                         f"expected {','.join(CSV_COLUMNS)}")
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        raise DiaryError(f"{source} line 1: unknown column(s) {', '.join(unknown)}")
    entries: list[Entry] = []
    problems: list[str] = []
    rows = 0
    now = now or datetime.now()
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(f"line {line}: {error}")
            break
        if not any(cell.strip() for cell in cells):
            continue
        rows += 1
        if len(cells) != len(header):
            problems.append(f"line {line}: {len(cells)} cells, expected {len(header)}")
            continue
        try:
            entries.append(_row_to_entry(dict(zip(header, cells, strict=True)), now))
        except InvalidEntry as error:
            problems.append(f"line {line}: {error}")
    return ImportResult(entries, problems, rows)


def _row_to_entry(row: dict[str, str], now: datetime) -> Entry:
    def text(name: str) -> str:
        return restore(row.get(name, ""))

    def integer(name: str) -> int | None:
        value = row.get(name, "").strip()
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            raise InvalidEntry(f"{name.replace('_', ' ')} {value!r} is not a whole number") \
                from None

    kind = row["kind"].strip()
    if kind not in KINDS:
        raise InvalidEntry(f"kind {kind!r} is unknown: use one of {', '.join(KINDS)}")
    units_text = row.get("units", "").strip()
    try:
        units = float(units_text) if units_text else None
    except ValueError:
        raise InvalidEntry(f"units {units_text!r} is not a number") from None
    completed_text = row.get("completed", "").strip().lower()
    if completed_text not in ("", "yes", "no", "true", "false", "1", "0"):
        raise InvalidEntry(f"completed {completed_text!r} should be yes or no")
    end_text = row.get("end_date_time", "").strip()
    entry = Entry(
        kind=kind,
        at=parse_when(row["date_time"], "date_time"),
        severity=integer("severity"),
        parts=split_list(text("parts")),
        triggers=split_list(text("triggers")),
        note=text("note"),
        name=text("name"),
        dose=text("dose"),
        units=units,
        sites=text("sites"),
        clinic=text("clinic"),
        end=parse_when(end_text, "end_date_time") if end_text else None,
        exercise_id=text("exercise_id"),
        planned_seconds=integer("planned_seconds"),
        actual_seconds=integer("actual_seconds"),
        completed=None if not completed_text else completed_text in ("yes", "true", "1"),
    )
    return validate(entry, now)


def import_entries(diary: Diary, entries: list[Entry]) -> tuple[int, int]:
    """Add entries not already in the diary, in one transaction: (added, skipped)."""
    existing = diary.entries()
    seen = {_content_key(entry) for entry in existing}
    new = []
    for entry in entries:
        key = _content_key(entry)
        if key not in seen:
            seen.add(key)
            new.append(replace(entry, id=None))
    diary.add_many(new)
    return len(new), len(entries) - len(new)


def _content_key(entry: Entry) -> Entry:
    return replace(entry, id=None)


# --- report for the clinic (built in report.py) ----------------------------------------


def export_summary(diary: Diary, path: Path, today: date | None = None) -> str:
    """Write the report as Markdown (.md) or HTML (.html); returns the format used."""
    suffix = Path(path).suffix.lower()
    if suffix in (".md", ".markdown", ".txt"):
        kind, render = "Markdown", render_markdown
    elif suffix in (".html", ".htm"):
        kind, render = "HTML", render_html
    else:
        raise DiaryError(f"{path}: use a file name ending in .md (Markdown) or .html (HTML)")
    text = render(build_report(diary, today))
    _write_private(Path(path), lambda handle: handle.write(text))
    return kind
