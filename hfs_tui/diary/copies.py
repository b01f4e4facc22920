"""Copies of a diary file kept aside (damaged, replaced by a repair): never overwritten.

Each copy is `<file>.<label>-<time>` (numbered when that name is taken) with its
-wal, private (0600 from the moment it exists); an identical earlier copy is reused
rather than made twice. A copy that fails part way (a full disk) is removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import datetime
from pathlib import Path


def keep_copy(path: Path, label: str) -> Path:
    """Copy `path` (and its -wal) to `<path>.<label>-<time>`; an identical copy is reused."""
    digest = file_digest(path)
    for existing in sorted(path.parent.glob(f"{path.name}.{label}-*")):
        if not existing.name.endswith(("-wal", "-shm")) and file_digest(existing) == digest:
            return existing
    copy = unused_name(path, label)
    private_copy(path, copy)
    wal = Path(f"{path}-wal")
    if wal.exists():
        try:
            private_copy(wal, Path(f"{copy}-wal"))
        except OSError:
            copy.unlink(missing_ok=True)  # half a copy (no -wal) would mislead
            raise
    return copy


def private_copy(source: Path, target: Path) -> None:
    """Copy `source` to a new file `target`, created 0600 (health data is never readable
    by others, not even while it is copied); a partial copy is removed on failure."""
    with source.open("rb") as reading:
        descriptor = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as writing:
                shutil.copyfileobj(reading, writing, 1 << 20)
                writing.flush()
                os.fsync(writing.fileno())
        except BaseException:
            target.unlink(missing_ok=True)
            raise


def unused_name(path: Path, label: str) -> Path:
    """`<path>.<label>-<time>`, numbered when taken: nothing is ever overwritten."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while any(Path(f"{candidate}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        counter += 1
        candidate = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")
    return candidate


def file_digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()
