"""The WHERE conditions behind the diary's queries: live entries, of which kinds, when.

Plain SQL text and parameters; `Diary` (hfs_tui/diary/store.py) runs them. Every
condition keeps `deleted_at IS NULL` first, matching the partial indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from hfs_tui.diary.models import KINDS, InvalidEntry

KindFilter = str | Iterable[str] | None
"""One kind ("spasm"), several (("medicine", "surgery")) or None for every entry."""

LIST_FILTERS: dict[str, tuple[str, ...] | None] = {
    "All entries": None,
    "Ratings": ("spasm",),
    "Injections": ("injection",),
    "Medicines and surgery": ("medicine", "surgery"),
    "Side effects": ("side_effect",),
    "Sessions": ("session",),
}
"""The ways the diary list can be narrowed, in the order to offer them."""


def kinds_filter(kinds: KindFilter) -> tuple[str, list[str]]:
    """A WHERE condition for live entries of `kinds`; refuses an unknown kind."""
    if kinds is None:
        return "deleted_at IS NULL", []
    chosen = [kinds] if isinstance(kinds, str) else list(dict.fromkeys(kinds))
    unknown = [kind for kind in chosen if kind not in KINDS]
    if unknown or not chosen:
        raise InvalidEntry(f"kind {', '.join(map(repr, unknown)) or 'list is empty'}: "
                           f"use one or more of {', '.join(KINDS)}")
    if len(chosen) == 1:
        return "deleted_at IS NULL AND kind = ?", chosen
    return (f"deleted_at IS NULL AND kind IN ({', '.join('?' * len(chosen))})", chosen)


def live_filter(kind: str | None, since: date | None,
                 until: date | None) -> tuple[str, list[str]]:
    """A WHERE condition and its parameters: entries not deleted, of one kind (or any),
    between two days (inclusive)."""
    clauses, params = ["deleted_at IS NULL"], []
    if kind:
        clauses.append("kind = ?")
        params.append(kind)
    if since:
        clauses.append("at >= ?")
        params.append(since.isoformat())
    if until:
        clauses.append("at < ?")
        params.append(day_after(until))
    return " AND ".join(clauses), params


def day_after(day: date) -> str:
    return date.fromordinal(day.toordinal() + 1).isoformat()
