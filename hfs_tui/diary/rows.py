"""How an `Entry` is kept in a row of the diary's `entries` table, and back.

The column order of `SELECT` is the order `from_row` reads; lists (parts, triggers)
are joined with `LIST_SEPARATOR`, times written in `TIME_FORMAT` (local, naive).
"""

from __future__ import annotations

from datetime import datetime

from hfs_tui.diary.models import Entry

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"

COLUMNS = ("id", "kind", "at", "severity", "parts", "triggers", "note", "name", "dose",
            "units", "sites", "clinic", "end_at", "exercise_id", "planned_seconds",
            "actual_seconds", "completed")
SELECT = f"SELECT {', '.join(COLUMNS)} FROM entries"
LIST_SEPARATOR = "; "


def to_row(entry: Entry) -> dict:
    return {
        "kind": entry.kind,
        "at": entry.at.strftime(TIME_FORMAT),
        "severity": entry.severity,
        "parts": LIST_SEPARATOR.join(entry.parts),
        "triggers": LIST_SEPARATOR.join(entry.triggers),
        "note": entry.note,
        "name": entry.name,
        "dose": entry.dose,
        "units": entry.units,
        "sites": entry.sites,
        "clinic": entry.clinic,
        "end_at": entry.end.strftime(TIME_FORMAT) if entry.end else None,
        "exercise_id": entry.exercise_id,
        "planned_seconds": entry.planned_seconds,
        "actual_seconds": entry.actual_seconds,
        "completed": None if entry.completed is None else int(entry.completed),
    }


def split_list(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(";") if item.strip())


def from_row(row: tuple) -> Entry:
    values = dict(zip(COLUMNS, row, strict=True))
    return Entry(
        id=values["id"],
        kind=values["kind"],
        at=datetime.fromisoformat(values["at"]),
        severity=values["severity"],
        parts=split_list(values["parts"]),
        triggers=split_list(values["triggers"]),
        note=values["note"],
        name=values["name"],
        dose=values["dose"],
        units=values["units"],
        sites=values["sites"],
        clinic=values["clinic"],
        end=datetime.fromisoformat(values["end_at"]) if values["end_at"] else None,
        exercise_id=values["exercise_id"],
        planned_seconds=values["planned_seconds"],
        actual_seconds=values["actual_seconds"],
        completed=None if values["completed"] is None else bool(values["completed"]),
    )
