"""The length each breathing exercise was last started at, kept across restarts.

Someone who picks 1 minute wants 1 minute next time, not the usual 5. A tiny JSON
file in the data folder ({"calm-breathing": 1}) written by the one background
writer (`hfs_tui.saving`), like the reading position: starting never waits for
the disk. Losing it is harmless: a missing or damaged file, or a length the
exercise no longer offers, falls back to the exercise's usual length.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from hfs_tui import paths, saving
from hfs_tui.content.models import Exercise
from hfs_tui.exercise.schedule import default_minutes, lengths_for

_latest: dict[Path, dict[str, int]] = {}
_lock = threading.Lock()  # keeps memory and the writer's queue in the same order


def lengths_file() -> Path:
    return paths.data_dir() / "exercise-lengths.json"


def load(path: Path | None = None) -> dict[str, int]:
    """Exercise id -> minutes, as last started; {} if there is no usable file."""
    path = path or lengths_file()
    with _lock:
        return dict(_load(path))


def chosen_minutes(exercise: Exercise, path: Path | None = None) -> int | None:
    """The length to offer: the one last started if the exercise still has it, else
    its usual one; None when the exercise's length is fixed."""
    if not lengths_for(exercise):
        return None
    minutes = load(path).get(exercise.id)
    return minutes if minutes in lengths_for(exercise) else default_minutes(exercise)


def remember(exercise: Exercise, minutes: float | None, path: Path | None = None,
             on_done: saving.OnDone | None = None) -> None:
    """Keep `minutes` for the next session of `exercise`; never blocks on the disk.

    Lengths the exercise does not offer (and fixed-length exercises) are ignored.
    """
    if minutes is None or minutes not in lengths_for(exercise):
        return
    path = path or lengths_file()
    with _lock:
        known = dict(_load(path))
        if known.get(exercise.id) == minutes:
            return
        known[exercise.id] = int(minutes)  # one of the exercise's whole-minute lengths
        _latest[path] = known
        saving.WRITER.submit(path, json.dumps(known, sort_keys=True, indent=1), on_done)


def _load(path: Path) -> dict[str, int]:
    if path not in _latest:
        _latest[path] = _read(path)
    return _latest[path]


def _read(path: Path) -> dict[str, int]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    # bool is an int in Python; true is not a length.
    return {str(key): value for key, value in raw.items()
            if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 120}
