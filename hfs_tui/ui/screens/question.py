"""A dialog that asks a yes-or-no question, which the app may also read aloud.

While it shows, its answers ("yes", "no") are heard over the app's own reading of the
question, as "stop" is over any reading: people answer as soon as they know.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class QuestionDialog(ModalScreen[ResultType]):
    """Tells the voice glue when the question shows and when it is gone."""

    def on_screen_resume(self) -> None:
        self._question_changed()

    def on_screen_suspend(self) -> None:
        self._question_changed()

    def on_unmount(self) -> None:
        self._question_changed()

    def _question_changed(self) -> None:
        voice = getattr(self.app, "voice", None)
        if voice is not None and hasattr(voice, "sync_question"):
            voice.sync_question()
