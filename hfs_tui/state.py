"""The reading position (section and sentence), kept across restarts.

A tiny JSON file in the data folder. Losing it is harmless, so a damaged file is
simply ignored. The newest position is kept in memory and handed to the one
writer (`hfs_tui.saving`), so a burst of page turns costs one small write and
the value read back is always the latest, even before it reaches the disk.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from hfs_tui import paths, saving


@dataclass(frozen=True)
class Position:
    section_id: str
    sentence: int = 0


_latest: dict[Path, Position] = {}
_lock = threading.Lock()  # keeps memory and the writer's queue in the same order


def position_file() -> Path:
    return paths.data_dir() / "position.json"


def load_position(path: Path | None = None) -> Position | None:
    path = path or position_file()
    with _lock:
        if path in _latest:
            return _latest[path]
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return position_from_json(raw)


MAX_SENTENCE = 1_000_000
"""Far more sentences than any section has; a bigger number is damage, not a place."""


def position_from_json(raw: object) -> Position | None:
    """The Position in a decoded position.json; None (start at the contents) for any
    other shape: only a text section id and a whole, not negative sentence number are
    a place (1e999, -1, "2" or [2] are damage and must not stop the app starting)."""
    if not isinstance(raw, dict):
        return None
    section_id, sentence = raw.get("section_id"), raw.get("sentence", 0)
    if not isinstance(section_id, str) or not section_id:
        return None
    # bool is an int in Python, but `true` is no sentence number.
    if type(sentence) is not int or not 0 <= sentence <= MAX_SENTENCE:
        return None
    return Position(section_id, sentence)


def save_position(position: Position, path: Path | None = None,
                  on_done: saving.OnDone | None = None) -> None:
    """Remember `position` now and have it written soon; never blocks on the disk.

    Safe from any thread. `on_done` runs on the writer thread with the outcome.
    """
    path = path or position_file()
    with _lock:
        _latest[path] = position
        saving.WRITER.submit(path, json.dumps(asdict(position)), on_done)


def flush(timeout: float | None = None) -> bool:
    """Wait until the latest position is on disk (at exit, in tests)."""
    return saving.WRITER.flush(timeout)
