"""CSV export and import (exact round trips) and a one-page report for the clinic.

Spreadsheets run a cell that starts with = + - @ (or tab / carriage return) as a
formula. Every text cell starting with one of those, or with the escape mark ',
gets one ' in front; import removes exactly one leading ', so what comes back is
exactly what went out.

Import accounts for every row (see csv_rows.py for how a bad row is stepped over):
`read_csv()` gives each good row's entry and line, and "line N: reason" for each bad
one; `plan_import()` splits the good ones into new and already in the diary without
writing; `account()` is the one line that names them all. Export writes through a
temporary file and never replaces an existing one unless `force` (FileExists).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from hfs_tui.diary.csv_rows import LINE_BREAK, Record, records
from hfs_tui.diary.models import (
    IMPORT_FUTURE_MARGIN,
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
from hfs_tui.diary.rows import LIST_SEPARATOR, TIME_FORMAT, split_list
from hfs_tui.diary.store import Diary

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


def refuse_diary_files(target: Path, diary_path: Path) -> None:
    """Raise DiaryError when `target` is the diary itself, one of its -wal/-shm/-journal
    companions or a copy kept beside it (`diary.sqlite3.*`), by any name or link:
    writing an export there would destroy what is saved. Even with --force."""
    target, diary_path = Path(target).expanduser(), Path(diary_path)
    resolved, diary_resolved = target.resolve(), diary_path.resolve()
    in_diary_folder = resolved.parent == diary_resolved.parent
    named_like_diary = resolved.name.startswith(diary_resolved.name)
    if (in_diary_folder and named_like_diary) or _same_file_as_any(
            target, [diary_path, *diary_path.parent.glob(f"{diary_path.name}*")]):
        raise DiaryError(f"{target} is one of your diary's own files, so nothing was "
                         "written: give another file name, for example diary-export.csv "
                         "in your home folder")


def _same_file_as_any(target: Path, files: list[Path]) -> bool:
    """True when `target` exists and is one of `files` (a hard link counts too)."""
    if not target.exists():
        return False
    for candidate in files:
        with contextlib.suppress(OSError):
            if candidate.exists() and os.path.samefile(target, candidate):
                return True
    return False


def export_csv(diary: Diary, path: Path, force: bool = False) -> int:
    """Write every entry to `path` (UTF-8 with BOM so spreadsheets read accents).
    Refuses (FileExists) to replace an existing file unless `force`, and (DiaryError)
    to write over the diary's own files whatever `force` says."""
    refuse_diary_files(path, diary.path)
    entries = diary.entries()
    _write_private(path, lambda handle: write_csv(entries, handle), encoding="utf-8-sig",
                   force=force)
    return len(entries)


class FileExists(DiaryError):
    """The export's target exists and --force was not given."""


def _write_private(path: Path, write: Callable[[io.TextIOBase], object],
                   encoding: str = "utf-8", force: bool = False) -> None:
    """Write through a temporary file, so a failed export never leaves half a file, and
    create it readable only by the user: it is health data. An existing file is only
    replaced with `force`; without it the new file is linked into place, which fails
    (and changes nothing) if a file of that name appeared meanwhile."""
    path = Path(path)
    if path.is_dir():
        raise DiaryError(f"{path} is a folder; give a file name")
    if path.exists() and not force:
        raise FileExists(f"{path} already exists; nothing was written. Use --force to "
                         "replace it, or give another file name")
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
        if force:
            os.replace(temporary, path)
        else:
            _link_without_overwriting(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, FileExistsError):
            raise FileExists(f"{path} already exists; nothing was written. Use --force "
                             "to replace it, or give another file name") from None
        if isinstance(error, OSError):
            raise DiaryError(f"Cannot write {path}: {error.strerror or error}") from None
        raise


def _link_without_overwriting(temporary: str, path: Path) -> None:
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


# --- import ---------------------------------------------------------------------------


@dataclass
class ImportResult:
    """Every row of a CSV file accounted for: each one is in `entries` (its line in
    `lines`) or in `problems` ("line 7: note is too long ..."); blank lines are counted."""

    entries: list[Entry]
    problems: list[str]
    rows: int
    lines: list[int] = field(default_factory=list)
    blank_lines: int = 0

    @property
    def bad_lines(self) -> list[int]:
        return [int(problem.split(":", 1)[0].split()[1]) for problem in self.problems]


UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def read_csv(path: Path, now: datetime | None = None) -> ImportResult:
    """Read and validate every row; problems name the line they are on. A row with
    bytes that are not UTF-8 is reported by itself; the other rows still count."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise DiaryError(f"{path} is too big to be a diary export ({size} bytes)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise DiaryError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise DiaryError(f"{path} is a folder, not a CSV file") from None
    except OSError as error:
        raise DiaryError(f"Cannot read {path}: {error.strerror or error}") from None
    if data.startswith(UTF16_MARKS):  # "Unicode text" from some spreadsheets
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise DiaryError(f"{path} is broken UTF-16 text (byte {error.start})") from None
    else:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    return parse_csv(text, str(path), now)


_ODD = re.compile("[\udc80-\udcff\x00]")


def _odd_bytes(cells: list[str]) -> str:
    """Why a row cannot be trusted as text ("" when it can)."""
    for cell in cells:
        odd = _ODD.search(cell)
        if odd is None:
            continue
        if odd.group() == "\x00":
            return "it holds a NUL byte (a damaged or non-text file?)"
        return (f"byte 0x{ord(odd.group()) - 0xDC00:02X} is not UTF-8 text; save the file "
                "as CSV UTF-8 and try again")
    return ""


def parse_csv(text: str, source: str = "CSV", now: datetime | None = None) -> ImportResult:
    text = text.removeprefix("\ufeff")
    found = records(text)
    first = next(found, None)
    if first is None:
        raise DiaryError(f"{source} is empty")
    if first.cells is None:
        raise DiaryError(f"{source} line 1: {first.problem}")
    problem = _odd_bytes(first.cells)
    if problem:
        raise DiaryError(f"{source} line 1: {problem}")
    header = [name.strip().lower() for name in first.cells]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise DiaryError(f"{source} line 1: missing column(s) {', '.join(missing)}; "
                         f"expected {','.join(CSV_COLUMNS)}")
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        raise DiaryError(f"{source} line 1: unknown column(s) {', '.join(unknown)}")
    result = ImportResult([], [], 0)
    now = now or datetime.now()
    found = records(text[_end_of_first_line(text, first):], len(header),
                    first_line=first.last_line + 1)
    for record in found:
        line = record.line
        if record.cells is not None and not any(cell.strip() for cell in record.cells):
            result.blank_lines += 1
            continue
        result.rows += 1
        if record.cells is None:
            result.problems.append(f"line {line}: {record.problem}")
            continue
        cells = record.cells
        cells[0] = cells[0].removeprefix("\ufeff")  # two exports joined together
        problem = _odd_bytes(cells)
        if not problem and [cell.strip().lower() for cell in cells] == header:
            problem = "the header row again (two files joined?); nothing to import here"
        if not problem and len(cells) != len(header):
            problem = f"{len(cells)} cells, expected {len(header)}"
        if problem:
            result.problems.append(f"line {line}: {problem}")
            continue
        try:
            result.entries.append(_row_to_entry(dict(zip(header, cells, strict=True)), now))
            result.lines.append(line)
        except InvalidEntry as error:
            result.problems.append(f"line {line}: {error}")
    return result


def _end_of_first_line(text: str, first: Record) -> int:
    """Where the record after the header starts (the header may span lines)."""
    position = 0
    for _ in range(first.last_line):
        found = LINE_BREAK.search(text, position)
        if found is None:
            return len(text)
        position = found.end()
    return position


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
    return validate(entry, now, IMPORT_FUTURE_MARGIN)


def import_entries(diary: Diary, entries: list[Entry]) -> tuple[int, int]:
    """Add entries not already in the diary, in one transaction: (added, skipped)."""
    plan = plan_import(diary.entries(), entries, list(range(len(entries))))
    diary.add_many((entry for _line, entry in plan.new), future_margin=IMPORT_FUTURE_MARGIN)
    return len(plan.new), len(plan.duplicates)


@dataclass
class ImportPlan:
    """Which rows would be added and which are already in the diary (by line)."""

    new: list[tuple[int, Entry]]
    duplicates: list[int]


def plan_import(existing: Iterable[Entry], entries: list[Entry],
                lines: list[int]) -> ImportPlan:
    """Sort rows into new ones and ones whose content is already in the diary (or
    earlier in the same file); nothing is written."""
    seen = {_content_key(entry) for entry in existing}
    plan = ImportPlan([], [])
    for line, entry in zip(lines, entries, strict=True):
        key = _content_key(entry)
        if key in seen:
            plan.duplicates.append(line)
        else:
            seen.add(key)
            plan.new.append((line, replace(entry, id=None)))
    return plan


def line_ranges(lines: Iterable[int]) -> str:
    """[2, 3, 4, 9] -> "2-4, 9": every line named, briefly."""
    runs: list[list[int]] = []
    for line in sorted(set(lines)):
        if runs and runs[-1][1] == line - 1:
            runs[-1][1] = line
        else:
            runs.append([line, line])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def account(path: Path | str, result: ImportResult, plan: ImportPlan,
            checking: bool = False) -> str:
    """One line that accounts for every row: imported, already there, bad, blank."""
    head = (f"Checked {path}: {result.rows} row(s); {len(plan.new)} would be imported"
            if checking else
            f"Imported {len(plan.new)} entries from {path} ({result.rows} row(s))")
    parts = [head]
    if plan.duplicates:
        parts.append(f"{len(plan.duplicates)} were already in the diary "
                     f"(line(s) {line_ranges(plan.duplicates)})")
    if result.problems:
        parts.append(f"{len(result.problems)} bad row(s) not imported "
                     f"(line(s) {line_ranges(result.bad_lines)}; reasons above)")
    if result.blank_lines:
        parts.append(f"{result.blank_lines} blank line(s) ignored")
    return "; ".join(parts) + "." + (" Nothing was written." if checking else "")


def _content_key(entry: Entry) -> Entry:
    return replace(entry, id=None)


# --- report for the clinic (built in report.py) ----------------------------------------


def export_summary(diary: Diary, path: Path, today: date | None = None,
                   force: bool = False) -> str:
    """Write the report as Markdown (.md) or HTML (.html); returns the format used.
    Never over the diary's own files (see `refuse_diary_files`)."""
    refuse_diary_files(path, diary.path)
    suffix = Path(path).suffix.lower()
    if suffix in (".md", ".markdown", ".txt"):
        kind, render = "Markdown", render_markdown
    elif suffix in (".html", ".htm"):
        kind, render = "HTML", render_html
    else:
        raise DiaryError(f"{path}: use a file name ending in .md (Markdown) or .html (HTML)")
    text = render(build_report(diary, today))
    _write_private(Path(path), lambda handle: handle.write(text), force=force)
    return kind


def save_clinic_report(diary: Diary, folder: Path, today: date | None = None) -> Path:
    """The report as HTML in `folder`, named by the date, never over another file
    ("hfs-tui report 2026-12-07.html", then "... (2).html"). Returns where it went."""
    day = today or date.today()
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DiaryError(f"Cannot make the folder {folder}: {error.strerror or error}") from None
    for number in range(1, 100):
        extra = f" ({number})" if number > 1 else ""
        path = Path(folder) / f"hfs-tui report {day.isoformat()}{extra}.html"
        if path.exists():
            continue
        try:
            export_summary(diary, path, today)
        except FileExists:  # made meanwhile by another program: take the next name
            continue
        return path
    raise DiaryError(f"{folder} already has 99 reports from today; nothing was written")
