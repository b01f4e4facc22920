"""One ordered writer for the app's small files (reading position, settings).

Saves used to start a thread each, all writing one fixed temp file: concurrent
saves failed and an older value could land last. Here each file has one slot that
holds its newest text; one writer thread empties the slots, so a burst of saves
(page turns, a held `+` key) becomes one write of the latest value. Every write
goes through its own temp file in the same folder, fsync and `os.replace`, so a
crash leaves the old file or the new one, never half of one.

Callers either wait (`write`, for code already off the UI thread that must know
the outcome) or pass `on_done`, which runs on the writer thread with the result
of the write that covered their value (theirs, or a newer one that replaced it).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hfs_tui import paths

EXIT_FLUSH_SECONDS = 5.0


@dataclass(frozen=True)
class SaveResult:
    path: Path
    error: OSError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def message(self) -> str:
        """One line for the user: what could not be saved and why."""
        error = self.error
        if isinstance(error, FileExistsError | NotADirectoryError):
            reason = f"{error.filename or self.path.parent} is a file, not a folder"
        elif isinstance(error, OSError) and error.strerror:
            reason = error.strerror.lower()
        else:
            reason = str(error)
        return f"Could not save {self.path}: {reason}"


OnDone = Callable[[SaveResult], None]


@dataclass
class _Pending:
    text: str
    number: int
    keep_old_as: Path | None
    callbacks: list[OnDone] = field(default_factory=list)


class Writer:
    """Writes the newest text of each file, oldest request first, on one thread."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._pending: dict[Path, _Pending] = {}
        self._written: dict[Path, tuple[int, SaveResult]] = {}
        self._count = 0
        self._busy = False
        self._thread: threading.Thread | None = None
        self.writes = 0
        """Files actually written (so tests and benchmarks can see coalescing)."""

    def submit(self, path: Path, text: str, on_done: OnDone | None = None,
               keep_old_as: Path | None = None) -> int:
        """Ask for `path` to hold `text`; returns the request's number (for `wait`).

        `keep_old_as`: before the first write, copy the file as it was to this path
        (kept even if a newer request replaces this one before it is written).
        """
        with self._changed:
            self._count += 1
            replaced = self._pending.pop(path, None)
            pending = _Pending(text, self._count,
                               keep_old_as or (replaced.keep_old_as if replaced else None),
                               replaced.callbacks if replaced else [])
            if on_done is not None:
                pending.callbacks.append(on_done)
            self._pending[path] = pending  # re-inserted: it now waits behind older files
            self._start()
            self._changed.notify_all()
            return self._count

    def wait(self, path: Path, number: int, timeout: float | None = None) -> SaveResult:
        """Block until request `number` for `path` (or a newer one) has been written."""
        def covered() -> bool:
            return self._written.get(path, (0, None))[0] >= number

        with self._changed:
            if not self._changed.wait_for(covered, timeout):
                raise TimeoutError(f"saving {path} took longer than {timeout} s")
            return self._written[path][1]

    def write(self, path: Path, text: str, keep_old_as: Path | None = None,
              timeout: float | None = None) -> None:
        """Write and wait; raises the OSError if the file could not be written."""
        result = self.wait(path, self.submit(path, text, keep_old_as=keep_old_as), timeout)
        if result.error is not None:
            raise result.error

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything asked for so far is on disk; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._pending and not self._busy,
                                          timeout)

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="hfs-saves", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._pending))
                path = next(iter(self._pending))
                pending = self._pending.pop(path)
                self._busy = True
            error: OSError | None = None
            try:
                if pending.keep_old_as is not None and path.exists():
                    replace_file(pending.keep_old_as, path.read_bytes())
                replace_file(path, pending.text.encode("utf-8"))
            except OSError as failure:
                error = failure
            except Exception as failure:  # the writer thread must live on
                error = OSError(f"{type(failure).__name__}: {failure}")
            result = SaveResult(path, error)
            with self._changed:
                self.writes += 1
                self._written[path] = (pending.number, result)
                self._busy = False
                self._changed.notify_all()
            for callback in pending.callbacks:
                # A broken listener must not stop later saves; the file is written.
                with contextlib.suppress(Exception):
                    callback(result)


def replace_file(path: Path, data: bytes) -> None:
    """Atomically make `path` hold `data`, readable only by this user."""
    paths.ensure_private_dir(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp")  # unique name, mode 0600
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


WRITER = Writer()
"""The app's one writer; `state` and `settings` save through it."""

# Saves still waiting when the program ends are written before it exits.
atexit.register(WRITER.flush, EXIT_FLUSH_SECONDS)
