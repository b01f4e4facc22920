"""Diary entries and the rules every entry must pass before it is stored.

Plain Python (no SQLite, no Textual): the store, the command line, the import and
the screens all validate through `validate()`, so they refuse the same things with
the same one-line messages.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from hfs_tui.exercise.durations import short_duration

KINDS = ("spasm", "injection", "medicine", "surgery", "side_effect", "session")
KIND_LABELS = {
    "spasm": "Spasm rating",
    "injection": "Botulinum toxin injection",
    "medicine": "Medicine",
    "surgery": "Surgery",
    "side_effect": "Side effect",
    "session": "Relaxation session",
}
PARTS = ("eye", "cheek", "mouth", "jaw")
COMMON_TRIGGERS = ("tired", "stressed")
"""The tick boxes: the two the leaflet's source names (spasms may be worse when
tired and stressed). Anything else is typed, in the user's own words."""
COMMON_SIDE_EFFECTS = ("drooping eyelid", "double vision")

SEVERITY_MIN, SEVERITY_MAX = 0, 10
NOTE_MAX_CHARS = 2000
SHORT_TEXT_MAX_CHARS = 200
LIST_ITEMS_MAX = 20
EARLIEST = datetime(1900, 1, 1)
FUTURE_TOLERANCE = timedelta(minutes=5)
"""Clocks drift; a rating "now" from a machine a little ahead is still fine."""
IMPORT_FUTURE_MARGIN = timedelta(days=2)
"""Times are local wall-clock: after flying west or a clock put back, entries saved
earlier are "in the future" for up to a day. Imports accept them; later is a mistake."""

_SEVERITY_WORDS = ("none", "very mild", "very mild", "mild", "mild", "moderate", "moderate",
                   "bad", "bad", "very bad", "very bad")
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten")


class DiaryError(Exception):
    """Anything the diary cannot do; the message is one plain line for the user."""


class InvalidEntry(DiaryError, ValueError):
    """An entry (or a field of one) the diary refuses; the message names the field."""


def severity_words(severity: float) -> str:
    """Plain words for a 0 to 10 rating, or an average of ratings (rounded): 7 -> "bad"."""
    return _SEVERITY_WORDS[max(SEVERITY_MIN, min(SEVERITY_MAX, round(severity)))]


def parse_severity(text: str | int) -> int:
    """A rating typed or spoken as "7", "seven" or 7; refuses anything outside 0 to 10."""
    if isinstance(text, bool):
        raise InvalidEntry(f"severity must be a whole number from 0 to 10, not {text!r}")
    if isinstance(text, int):
        value = text
    else:
        cleaned = text.strip().lower()
        if cleaned in _NUMBER_WORDS:
            value = _NUMBER_WORDS.index(cleaned)
        else:
            try:
                value = int(cleaned)
            except ValueError:
                raise InvalidEntry(
                    f"severity must be a whole number from 0 to 10, not {text!r}"
                ) from None
    if not SEVERITY_MIN <= value <= SEVERITY_MAX:
        raise InvalidEntry(f"severity {value} is out of range: use 0 (none) to 10 (very bad)")
    return value


@dataclass(frozen=True)
class Entry:
    """One diary entry. Fields that do not apply to its kind stay empty.

    `name` is the medicine's name, the operation, the side effect or the
    exercise's title. `end` is a medicine's stop date or when a side effect ended.
    Times are local wall-clock time without a time zone, to the second: what the
    user means by "Tuesday at ten".
    """

    kind: str
    at: datetime
    id: int | None = None
    severity: int | None = None
    parts: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    note: str = ""
    name: str = ""
    dose: str = ""
    units: float | None = None
    sites: str = ""
    clinic: str = ""
    end: datetime | None = None
    exercise_id: str = ""
    planned_seconds: int | None = None
    actual_seconds: int | None = None
    completed: bool | None = None

    @property
    def day(self) -> date:
        return self.at.date()

    def describe(self) -> str:
        """Short plain sentences: "Spasm 7 out of 10 (bad). Where: eye. Triggers: tired"."""
        return describe(self)

    def same_content(self, other: Entry) -> bool:
        """Equal in everything the user typed (ids aside): used to skip duplicates."""
        return replace(self, id=None) == replace(other, id=None)


def describe(entry: Entry) -> str:
    """One line of short sentences, every detail labelled the same way ("Where: eye").

    Used by the diary list, the command line, confirmations and read-aloud, so an entry
    reads the same everywhere. The CSV export keeps its own columns (diary/export.py).
    """
    details: list[tuple[str, str]] = []
    if entry.kind == "spasm":
        head = f"Spasm {entry.severity} out of 10 ({severity_words(entry.severity or 0)})"
        if entry.parts:
            details.append(("Where", ", ".join(entry.parts)))
        if entry.triggers:
            details.append(("Triggers", ", ".join(entry.triggers)))
    elif entry.kind == "injection":
        head = ("Injection" if entry.units is None
                else f"Injection: {format_units(entry.units)} units")
        if entry.sites:
            details.append(("Sites", one_line(entry.sites)))
        if entry.clinic:
            details.append(("Clinic", entry.clinic))
    elif entry.kind == "medicine":
        head = f"Medicine: {entry.name}"
        if entry.dose:
            details.append(("Dose", entry.dose))
        if entry.end:
            details.append(("Stopped", format_day(entry.end.date())))
    elif entry.kind == "surgery":
        head = f"Surgery: {entry.name}" if entry.name else "Surgery"
    elif entry.kind == "side_effect":
        head = f"Side effect: {entry.name}"
        if entry.end:
            details.append(("Ended", format_day(entry.end.date())))
    else:
        head = f"Relaxation: {entry.name}"
        state = "finished" if entry.completed else "stopped early"
        # The time really spent, in seconds under a minute: never "0 min" for one that ran.
        details.append(("Length", f"{short_duration(entry.actual_seconds or 0)}, {state}"))
    if entry.note:
        details.append(("Note", one_line(entry.note)))
    text = head
    for label, value in details:
        # A value the user ended with "." or "?" needs no second full stop.
        text += (" " if text.endswith((".", "!", "?")) else ". ") + f"{label}: {value}"
    return text


def saved_message(entry: Entry, today: date | None = None) -> str:
    """What to show and say after a save: "Saved: spasm 7 out of 10, bad, today at 14:32."
    or "Saved today at 10:00. Injection: 25 units. Clinic: Eye clinic."""
    when = spoken_when(entry.at, today)
    if entry.kind == "spasm":
        return (f"Saved: spasm {entry.severity} out of 10, "
                f"{severity_words(entry.severity or 0)}, {when}.")
    # The time comes first: after "Clinic: Eye clinic" a trailing ", today at 10:00"
    # would read as part of the clinic's name.
    described = describe(entry)
    return f"Saved {when}. {described}" + ("" if described.endswith((".", "!", "?")) else ".")


def spoken_when(moment: datetime, today: date | None = None) -> str:
    today = today or date.today()
    clock = f"{moment:%H:%M}"
    if moment.date() == today:
        return f"today at {clock}"
    if moment.date() == today - timedelta(days=1):
        return f"yesterday at {clock}"
    return f"on {format_day(moment.date())} at {clock}"


def format_day(day: date, year: bool = True) -> str:
    """"3 March 2025": no leading zero, month in words (portable, unlike %-d)."""
    text = f"{day.day} {day:%B}"
    return f"{text} {day.year}" if year else text


def format_units(units: float) -> str:
    return f"{units:g}"


def one_line(text: str) -> str:
    """Notes may hold new lines; lists and tables show them on one line."""
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())


def safe_for_terminal(text: str) -> str:
    """Replace control characters so nothing printed can act as an escape code."""
    return "".join("?" if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch
                   for ch in text)


def to_local_naive(moment: datetime) -> datetime:
    """Local wall-clock time to the second; an aware time is converted to local first."""
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


def parse_when(text: str, field: str = "date") -> datetime:
    """"2025-03-01", "2025-03-01 14:30", "2025-03-01T14:30:00+01:00" -> local datetime."""
    cleaned = text.strip()
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise InvalidEntry(
            f"{field} {text!r} is not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM"
        ) from None
    return to_local_naive(moment)


def validate(entry: Entry, now: datetime | None = None,
             future_margin: timedelta | None = FUTURE_TOLERANCE) -> Entry:
    """Return the entry normalised (times to the second, lists tidied) or raise InvalidEntry.

    Its times may be up to `future_margin` after `now`; None checks no clock (a repair
    keeps every entry as it was saved)."""
    if entry.kind not in KINDS:
        raise InvalidEntry(f"kind {entry.kind!r} is unknown: use one of {', '.join(KINDS)}")
    latest = None
    if future_margin is not None:
        latest = to_local_naive(now or datetime.now()) + future_margin
    at = _check_moment(entry.at, "date and time", latest)
    end = None if entry.end is None else _check_moment(entry.end, "end date", latest)
    if end is not None and end.date() < at.date():
        raise InvalidEntry(f"end date {end:%Y-%m-%d} is before the start {at:%Y-%m-%d}")
    if end is not None and entry.kind not in ("medicine", "side_effect"):
        raise InvalidEntry(f"an end date only applies to medicines and side effects, "
                           f"not to {KIND_LABELS[entry.kind].lower()}")
    note = _check_text(entry.note, "note", NOTE_MAX_CHARS, multiline=True)
    name = _check_text(entry.name, "name", SHORT_TEXT_MAX_CHARS).strip()
    fields: dict = {"at": at, "end": end, "note": note, "name": name,
                    "dose": _check_text(entry.dose, "dose", SHORT_TEXT_MAX_CHARS).strip(),
                    "sites": _check_text(entry.sites, "sites", SHORT_TEXT_MAX_CHARS).strip(),
                    "clinic": _check_text(entry.clinic, "clinic", SHORT_TEXT_MAX_CHARS).strip(),
                    "exercise_id": _check_text(entry.exercise_id, "exercise id",
                                               SHORT_TEXT_MAX_CHARS).strip()}
    kind = entry.kind
    if kind == "spasm":
        if entry.severity is None:
            raise InvalidEntry("a spasm rating needs a severity from 0 to 10")
        fields["severity"] = parse_severity(entry.severity)
        fields["parts"] = _check_parts(entry.parts)
        fields["triggers"] = _check_list(entry.triggers, "trigger")
    else:
        if entry.severity is not None:
            raise InvalidEntry(f"severity only applies to spasm ratings, not to "
                               f"{KIND_LABELS[kind].lower()}")
        if entry.parts or entry.triggers:
            raise InvalidEntry("parts and triggers only apply to spasm ratings")
    if kind == "injection":
        fields["units"] = _check_units(entry.units)
    elif entry.units is not None:
        raise InvalidEntry("units only apply to injections")
    if kind in ("medicine", "side_effect") and not name:
        raise InvalidEntry(f"a {KIND_LABELS[kind].lower()} needs a name")
    if kind == "session":
        if not name:
            raise InvalidEntry("a relaxation session needs the exercise's title")
        fields["planned_seconds"] = _check_seconds(entry.planned_seconds, "planned seconds")
        fields["actual_seconds"] = _check_seconds(entry.actual_seconds, "actual seconds")
        fields["completed"] = bool(entry.completed)
    elif (entry.planned_seconds, entry.actual_seconds, entry.completed) != (None, None, None):
        raise InvalidEntry("seconds and completed only apply to relaxation sessions")
    return replace(entry, **fields)


def _check_moment(moment: datetime, field: str, latest: datetime | None) -> datetime:
    if not isinstance(moment, datetime):
        raise InvalidEntry(f"{field} must be a date and time, not {moment!r}")
    moment = to_local_naive(moment)
    if moment < EARLIEST:
        raise InvalidEntry(f"{field} {moment:%Y-%m-%d} is too long ago")
    if latest is not None and moment > latest:
        raise InvalidEntry(f"{field} {moment:%Y-%m-%d %H:%M} is in the future")
    return moment


def _check_text(text: str, field: str, limit: int, multiline: bool = False) -> str:
    if not isinstance(text, str):
        raise InvalidEntry(f"{field} must be text, not {type(text).__name__}")
    if len(text) > limit:
        raise InvalidEntry(f"{field} is too long: {len(text)} characters, the limit is {limit}")
    allowed = "\n\t\r" if multiline else ""
    for position, ch in enumerate(text, 1):
        if unicodedata.category(ch) == "Cc" and ch not in allowed:
            raise InvalidEntry(f"{field} contains a control character "
                               f"(U+{ord(ch):04X}) at character {position}")
        if unicodedata.category(ch) == "Cs":
            raise InvalidEntry(f"{field} contains a broken character "
                               f"(U+{ord(ch):04X}) at character {position}")
    return text


def _check_parts(parts: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(parts, str):
        raise InvalidEntry("parts must be a list of words, not one text")
    result = []
    for part in parts:
        cleaned = str(part).strip().lower()
        if cleaned not in PARTS:
            raise InvalidEntry(f"part {part!r} is unknown: use {', '.join(PARTS)}")
        if cleaned not in result:
            result.append(cleaned)
    return tuple(sorted(result, key=PARTS.index))


def _check_list(items: tuple[str, ...] | list[str], field: str) -> tuple[str, ...]:
    if isinstance(items, str):
        raise InvalidEntry(f"{field}s must be a list of words, not one text")
    result: list[str] = []
    for item in items:
        cleaned = _check_text(item, field, SHORT_TEXT_MAX_CHARS).strip()
        if ";" in cleaned:
            # ';' separates items in the CSV export; refusing it keeps round trips exact.
            raise InvalidEntry(f"{field} {cleaned!r} may not contain ';'")
        if cleaned and cleaned not in result:
            result.append(cleaned)
    if len(result) > LIST_ITEMS_MAX:
        raise InvalidEntry(f"too many {field}s: {len(result)}, the limit is {LIST_ITEMS_MAX}")
    return tuple(result)


def _check_units(units: float | None) -> float | None:
    if units is None:
        return None
    if isinstance(units, bool) or not isinstance(units, int | float):
        raise InvalidEntry(f"units must be a number, not {units!r}")
    if not math.isfinite(units) or not 0 < units <= 1000:
        raise InvalidEntry(f"units {units:g} is out of range: use a number above 0 "
                           "and up to 1000")
    return float(units)


def _check_seconds(seconds: int | None, field: str) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise InvalidEntry(f"{field} must be a whole number of seconds, not {seconds!r}")
    if not 0 <= seconds <= 24 * 3600:
        raise InvalidEntry(f"{field} {seconds} is out of range: use 0 to 86400")
    return seconds
