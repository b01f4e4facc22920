"""What the content loaders share: folder names, where an item was defined, which
files are read, and the rule for voice names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

LEAFLET_DIR = "leaflet"
EXERCISES_DIR = "exercises"
GLOSSARY_FILE = "glossary.toml"
PRONUNCIATION_FILE = "pronunciation.toml"

# Voice names become spoken commands ("open side effects"): lower-case words only.
VOICE_NAME_RE = re.compile(r"[a-z]+(?:'[a-z]+)?(?: [a-z]+(?:'[a-z]+)?)*")
VOICE_RULE = (VOICE_NAME_RE, "lower-case words (letters and spaces), like 'side effects'")


@dataclass(frozen=True)
class Where:
    """Where an item was defined, for messages about clashes between files."""

    path: Path
    line: int
    lines: Mapping[str, int]  # line of each key

    def at(self, key: str) -> int:
        return self.lines.get(key, self.line)


def content_files(folder: Path, *suffixes: str) -> list[Path]:
    """Files with these endings, sorted; hidden files (editor backups, macOS "._x") skipped."""
    return sorted(path for path in folder.iterdir()
                  if path.suffix.lower() in suffixes and not path.name.startswith(".")
                  and path.is_file())
