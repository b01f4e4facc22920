"""`hfs-tui doctor`: one line for each part the app needs, whether it works, and the fix.

Each layer diagnoses itself (`diagnose()` in speech, voice and diary); a part that
cannot even be imported is reported, never raised, so doctor always finishes.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from hfs_tui import paths
from hfs_tui import settings as settings_model

Check = tuple[str, bool, str]


def _settings_check() -> list[Check]:
    loaded = settings_model.load()
    if not loaded.path.exists():
        return [("Settings file", True, f"{loaded.path} (not created yet: defaults in use)")]
    if loaded.problems:
        count = len(loaded.problems)
        what = "1 setting is" if count == 1 else f"{count} settings are"
        return [("Settings file", False, f"{what} ignored in {loaded.path}; the first: "
                 f"{loaded.problems[0]} In the app, w lists them all and s opens "
                 "Settings to fix them")]
    return [("Settings file", True, str(loaded.path))]


def _content_check(folder: Path | None) -> list[Check]:
    from hfs_tui.content.loader import validate_library

    root = folder or paths.builtin_content_dir()
    library, problems = validate_library(root)
    if problems:
        return [("Leaflet", False, f"{problems[0]} (run: hfs-tui check-content {root})")]
    assert library is not None
    return [("Leaflet", True, f"{len(library.sections)} sections, "
             f"{len(library.exercises)} exercises from {root}")]


def _layer(module: str, label: str) -> Callable[[], list[Check]]:
    def run() -> list[Check]:
        try:
            return list(importlib.import_module(module).diagnose())
        except Exception as error:  # noqa: BLE001 - doctor must always finish
            return [(label, False, f"could not be checked ({error}); "
                     "reinstall with the README's first command")]
    return run


def checks(content: Path | None = None) -> list[Check]:
    results: list[Check] = []
    for run in (
        _layer("hfs_tui.speech", "Speech engine"),
        _layer("hfs_tui.voice", "Voice commands"),
        _settings_check,
        lambda: _content_check(content),
        _layer("hfs_tui.diary", "Data folder"),
    ):
        try:
            results += run()
        except Exception as error:  # noqa: BLE001
            results.append(("Check", False, str(error)))
    return results


def render(results: list[Check]) -> str:
    width = max(len(name) for name, _, _ in results)
    lines = [f"{'ok ' if ok else 'NO '} {name:<{width}}  {detail}" for name, ok, detail in results]
    bad = sum(not ok for _, ok, _ in results)
    lines.append("")
    lines.append("Everything works." if not bad else
                 f"{bad} thing(s) need attention. The rest of the app works without them.")
    return "\n".join(lines) + "\n"


def _doctor_command(args: argparse.Namespace) -> int:
    results = checks(args.content)
    sys.stdout.write(render(results))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    doctor = subparsers.add_parser(
        "doctor", help="check sound, speech, microphone, voice model, settings and data"
    )
    doctor.set_defaults(func=_doctor_command)
