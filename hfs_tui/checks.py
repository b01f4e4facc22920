"""`Check`: one line of `hfs-tui doctor`, the one shape every layer reports in.

Speech, voice, settings, the leaflet and the diary each have a `checks()` function
returning a list of these (hfs_tui/speech/doctor.py, hfs_tui/voice/doctor.py,
hfs_tui.settings.checks, hfs_tui/content/doctor.py, hfs_tui/diary/doctor.py);
hfs_tui/doctor.py runs them in one loop. Plain Python, no imports: any layer can use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    name: str
    """What was checked, as the user knows it ("Audio player")."""
    ok: bool
    message: str
    """What was found: where it is, what works, or what is wrong (empty when the fix
    says it all)."""
    how_to_fix: str = ""
    """What the user can do about it; empty when nothing needs doing."""

    @property
    def detail(self) -> str:
        """The line's text after the name: what was found, then the fix."""
        if not self.how_to_fix:
            return self.message
        return f"{self.message}. Fix: {self.how_to_fix}" if self.message else self.how_to_fix


Checks = Callable[[], list[Check]]
"""A layer's `checks` function, as doctor calls it."""
