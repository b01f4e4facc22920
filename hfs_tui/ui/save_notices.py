"""Tell the user how a background save went (reading position, settings).

Saves are written by `hfs_tui.saving` on its own thread. The outcome is carried
to the UI thread by `call_later` (it posts a message: it never waits, so the writer
cannot be held up by a busy or closing app, and any App will do), and a failed
save is shown as a notice, once per file until it works again: a page turn every
second must not pile up the same warning.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.message import Message

from hfs_tui.saving import OnDone, SaveResult

NOTICE_SECONDS = 10

ShowMessage = Callable[[str], None]


class SaveDone(Message):
    """The outcome of one save, carried from the writer thread to the UI thread."""

    def __init__(self, result: SaveResult, show: ShowMessage | None, saved: str,
                 notify: bool) -> None:
        super().__init__()
        self.result = result
        self.show = show
        self.saved = saved
        self.notify = notify


class SaveNotices:
    def __init__(self, app: App[int]) -> None:
        self.app = app
        self._failing: set[Path] = set()  # only touched on the writer thread

    def reporter(self, show: ShowMessage | None = None, saved: str = "Saved.") -> OnDone:
        """A callback for the writer; `show` (if given) gets `saved` or the failure."""
        def report(result: SaveResult) -> None:  # runs on the writer thread, in order
            first_failure = not result.ok and result.path not in self._failing
            if result.ok:
                self._failing.discard(result.path)
            else:
                self._failing.add(result.path)
            # Most saves (every page turn) work and nobody waits to hear: no message.
            if show is not None or first_failure:
                self.app.call_later(self.handle,
                                    SaveDone(result, show, saved, first_failure))

        return report

    def handle(self, message: SaveDone) -> None:
        result = message.result
        if result.ok:
            if message.show is not None:
                message.show(message.saved)
            return
        text = f"{result.message()}. The change is used until you quit."
        if message.notify:
            self.app.notify(text, title="Not saved", severity="error",
                            timeout=NOTICE_SECONDS)
        if message.show is not None:
            message.show(text)
