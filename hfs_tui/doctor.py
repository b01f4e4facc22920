"""`hfs-tui doctor`: one line for each part the app needs, whether it works, and the fix.

Each layer checks itself with a `checks()` function returning `Check`s (hfs_tui/
checks.py); they run here in one loop, in the order below. A layer that cannot even
be imported, or whose checks raise, is reported, never raised, so doctor always finishes.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from hfs_tui.checks import Check

LAYERS: tuple[tuple[str, str], ...] = (
    ("hfs_tui.speech.doctor", "Speech engine"),
    ("hfs_tui.voice.doctor", "Voice commands"),
    ("hfs_tui.settings", "Settings file"),
    ("hfs_tui.content.doctor", "Leaflet"),
    ("hfs_tui.diary.doctor", "Data folder"),
)
"""(the module whose `checks()` runs, the name its line has when it cannot run)."""
CONTENT = "hfs_tui.content.doctor"
"""The one layer that is told which folder to check (`hfs-tui --content FOLDER`)."""


def checks(content: Path | None = None) -> list[Check]:
    results: list[Check] = []
    for module, label in LAYERS:
        try:
            layer = importlib.import_module(module)
            results += layer.checks(content) if module == CONTENT else layer.checks()
        except Exception as error:  # noqa: BLE001 - doctor must always finish
            results.append(Check(label, False, f"could not be checked ({error}); "
                                 "reinstall with the README's first command"))
    return results


def render(results: list[Check]) -> str:
    width = max(len(check.name) for check in results)
    lines = [f"{'ok ' if check.ok else 'NO '} {check.name:<{width}}  {check.detail}"
             for check in results]
    bad = sum(not check.ok for check in results)
    lines.append("")
    lines.append("Everything works." if not bad else
                 f"{bad} thing(s) need attention. The rest of the app works without them.")
    return "\n".join(lines) + "\n"


NEEDS_ATTENTION = 1
"""The exit code when any line says NO, as other health checks do, so a script (or a
helper setting the app up) can tell without reading the text. 0: everything works."""


def exit_code(results: list[Check]) -> int:
    return 0 if all(check.ok for check in results) else NEEDS_ATTENTION


def _doctor_command(args: argparse.Namespace) -> int:
    results = checks(args.content)
    sys.stdout.write(render(results))
    return exit_code(results)


def register(subparsers: argparse._SubParsersAction) -> None:
    doctor = subparsers.add_parser(
        "doctor", help="check sound, speech, microphone, voice model, settings and data",
        description="Check each part the app needs: one line each, ok or NO, and how "
                    "to fix what does not work.",
        epilog=f"Exit code: 0 when everything works, {NEEDS_ATTENTION} when something "
               "needs attention (the rest of the app still works).",
    )
    doctor.set_defaults(func=_doctor_command)
