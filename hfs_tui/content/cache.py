"""A cache of parsed, validated content, so the app opens quickly.

Parsing and checking the leaflet (YAML, Markdown, sentence splitting) costs more
than a tenth of a second; unpickling the result costs a few milliseconds. The cache
key covers every file in the content folder (name, size, modification time) and
the loader's own code, so any edit is picked up. Only content with no problems is
cached, and a cache that cannot be read is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path

from hfs_tui import __version__, paths
from hfs_tui.content.models import Library

_CODE = [Path(__file__).with_name(name) for name in (
    "loader.py", "fields.py", "models.py", "sources.py", "front_matter.py", "sections.py",
    "glossary.py", "exercises.py", "across_files.py")]
_CODE += [Path(__file__).parent.parent / "text.py", Path(__file__).with_name("readability.py")]
_CODE += [Path(__file__).with_name("strong_words.py")]  # reads the strong_words marks
# Checking voice names against the built-in commands reads the action registry.
_CODE += [Path(__file__).parent.parent / name for name in ("actions.py", "numbers.py")]


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256(f"{__version__}\n{root.resolve()}\n".encode())
    for path in _CODE:
        with contextlib.suppress(OSError):
            stat = path.stat()
            digest.update(f"{path.name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    for folder, folders, files in os.walk(root):
        folders.sort()
        for name in sorted(files):
            stat = os.stat(os.path.join(folder, name))
            relative = os.path.relpath(os.path.join(folder, name), root)
            digest.update(f"{relative} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def _cache_file(root: Path) -> Path:
    return paths.cache_dir() / f"content-{_fingerprint(root)}.pickle"


def cached_library(root: Path) -> Library | None:
    """The library from the cache, if the content has not changed since it was saved."""
    try:
        with _cache_file(root).open("rb") as handle:
            library = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        return None
    return library if isinstance(library, Library) else None


def store_library(root: Path, library: Library) -> None:
    """Save a validated library for next time; failing to save is harmless."""
    with contextlib.suppress(OSError, pickle.PickleError):
        target = _cache_file(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        for old in target.parent.glob("content-*.pickle"):
            old.unlink(missing_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps(library, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, target)


def load_quickly(root: Path) -> tuple[Library | None, list[str]]:
    """The library and its problems: from the cache when possible, else by validating."""
    library = cached_library(root)
    if library is not None:
        return library, []
    from hfs_tui.content.loader import validate_library

    library, problems = validate_library(root)
    if problems:
        return None, [str(problem) for problem in problems]
    assert library is not None
    store_library(root, library)
    return library, []
