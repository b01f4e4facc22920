"""Types are checked, not only written: the README test command runs mypy on the
modules listed in pyproject.toml, and that list names real files."""

from __future__ import annotations

import tomllib

from conftest import REPO


def _test_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("<!-- test-command -->")[1].split("<!-- /test-command -->")[0]


def test_the_readme_test_command_runs_mypy():
    assert ".venv/bin/mypy" in _test_command()


def test_every_module_mypy_checks_exists_and_mypy_is_installed_for_tests():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    checked = project["tool"]["mypy"]["files"]
    assert checked and all((REPO / name).exists() for name in checked), checked
    assert any(need.startswith("mypy") for need in
               project["project"]["optional-dependencies"]["test"])
