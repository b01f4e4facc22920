"""Ask whether a command heard only just was meant: "Did you mean "slower"?".

A close call (Whisper's best reading was a word or two of something else, the command
only just below) is not acted on. Someone with their eyes closed would hear nothing
and not know whether to say it again; a yes is easier to hear right than the command
was. The question goes away by itself, since the words may have been for someone else
in the room, and saying any other command answers it too.
"""

from __future__ import annotations

from hfs_tui.ui.screens.confirm import ConfirmScreen

DID_YOU_MEAN_SECONDS = 10.0
"""How long the question waits for its answer before it goes without one."""


class DidYouMeanScreen(ConfirmScreen):
    def __init__(self, phrase: str) -> None:
        super().__init__(f'Did you mean "{phrase}"?', yes="Yes, do it", no="No")
        self.phrase = phrase

    def on_mount(self) -> None:
        super().on_mount()
        self.set_timer(DID_YOU_MEAN_SECONDS, self._unanswered)

    def _unanswered(self) -> None:
        if self.app.screen is self:  # not under help the user opened on top
            self._answer(False)

    def withdraw(self) -> None:
        """Go without an answer: another command was said instead."""
        self._answer(None)

    @property
    def spoken_question(self) -> str:
        return f"Did you mean {self.phrase}? Say yes or no."
