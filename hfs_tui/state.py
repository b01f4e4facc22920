"""The reading position (section and sentence), kept across restarts.

A tiny JSON file in the data folder. Losing it is harmless, so a damaged file is
simply ignored; it is written atomically so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from hfs_tui import paths


@dataclass(frozen=True)
class Position:
    section_id: str
    sentence: int = 0


def position_file() -> Path:
    return paths.data_dir() / "position.json"


def load_position(path: Path | None = None) -> Position | None:
    path = path or position_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Position(str(raw["section_id"]), max(0, int(raw.get("sentence", 0))))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_position(position: Position, path: Path | None = None) -> None:
    path = path or position_file()
    paths.ensure_private_dir(path.parent)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(position)), encoding="utf-8")
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
