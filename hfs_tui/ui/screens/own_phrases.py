"""Screens whose own phrases are heard only while they show (the spasm picker's
"seven", the diary's "last ninety days": actions.screen_voice_commands)."""

from __future__ import annotations


class HearsOwnPhrases:
    """Mixed into a screen: while it is the one showing, the voice grammar has its
    phrases too. Textual calls each class's handler, so the screen keeps its own."""

    def on_screen_resume(self) -> None:
        self._hear_own_phrases(True)

    def on_screen_suspend(self) -> None:
        self._hear_own_phrases(False)

    def on_unmount(self) -> None:
        self._hear_own_phrases(False)

    def _hear_own_phrases(self, on: bool) -> None:
        voice = getattr(getattr(self, "app", None), "voice", None)
        if voice is not None and hasattr(voice, "hear_own_phrases"):
            voice.hear_own_phrases(type(self).__name__, on)
