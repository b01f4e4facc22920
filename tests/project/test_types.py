"""Types are checked, not only written: the README test command runs mypy on the
modules listed in pyproject.toml, and that list names real files."""

from __future__ import annotations

import tomllib

import locations


def _test_command() -> str:
    readme = (locations.REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("<!-- test-command -->")[1].split("<!-- /test-command -->")[0]


def test_the_readme_test_command_runs_mypy():
    assert ".venv/bin/mypy" in _test_command()


def test_every_module_mypy_checks_exists_and_mypy_is_installed_for_tests():
    project = tomllib.loads((locations.REPO / "pyproject.toml").read_text(encoding="utf-8"))
    checked = project["tool"]["mypy"]["files"]
    assert checked and all((locations.REPO / name).exists() for name in checked), checked
    assert any(need.startswith("mypy") for need in
               project["project"]["optional-dependencies"]["test"])


def test_the_voice_indicator_shows_every_voice_state_and_no_other():
    """"unavailable" is decided by the app, not the listener, but it is one of the
    voice states: hfs_tui/voice/states.py names them all in one place."""
    from typing import get_args

    from hfs_tui.ui.widgets.voice_indicator import SYMBOLS
    from hfs_tui.voice.states import ListenerState, VoiceState

    def flat(kind: object) -> set[str]:
        names: set[str] = set()
        for arg in get_args(kind):
            names |= flat(arg) if get_args(arg) else {arg}
        return names

    assert flat(VoiceState) == set(SYMBOLS)
    assert flat(VoiceState) - flat(ListenerState) == {"unavailable"}
