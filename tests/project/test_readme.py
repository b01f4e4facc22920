"""The README is generated where it can drift: the key table and the test command."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import locations

from hfs_tui.docs import keys_table
from hfs_tui.settings import label_of

REPO = locations.REPO
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_key_table_matches_the_action_registry():
    assert keys_table() in README, "run: python -m hfs_tui.docs and paste into README.md"


def test_readme_names_the_two_voice_settings_as_the_settings_screen_does():
    reading_aloud = README.split("## Reading aloud")[1].split("\n## ")[0]
    for dotted in ("speech.engine", "speech.voice"):
        assert f'"{label_of(dotted)}"' in reading_aloud, dotted


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in README and "<!-- test-command -->" in ci
    block = README.split("<!-- test-command -->")[1].split("<!-- /test-command -->")[0]
    command = [line for line in block.splitlines() if line and not line.startswith("```")]
    assert len(command) == 1 and "pytest" in command[0] and "ruff check" in command[0]


def _plain_mode_commands() -> list[str]:
    section = README.split("## Plain text, for screen readers and scripts")[1].split("\n## ")[0]
    block = section.split("```")[1]
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_plain_mode_commands_work_when_pasted_in_the_folder():
    commands = _plain_mode_commands()
    assert len(commands) >= 8
    assert all(command.startswith(".venv/bin/hfs-tui ") for command in commands), commands
    # The same program, from wherever this test's venv is.
    program = str(Path(sys.executable).parent / "hfs-tui")
    for command in (".venv/bin/hfs-tui list", ".venv/bin/hfs-tui read 3"):
        assert command in commands
        arguments = shlex.split(command)[1:]
        result = subprocess.run([program, *arguments], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip()


def test_readme_says_how_to_get_the_folder_and_put_the_command_on_the_path():
    setup = README.split("## Set up")[1].split("\n## ")[0]
    assert "git clone" in setup and "ZIP" in setup
    assert "source .venv/bin/activate" in setup


def test_project_files_point_only_to_files_it_has():
    for name in ("README.md", "CONTRIBUTING.md"):
        text = (REPO / name).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)\)", text):
            assert (REPO / target).exists(), f"{name} links to missing {target}"
    for name in ("pyproject.toml", "tests/project/test_architecture.py", "README.md"):
        text = (REPO / name).read_text(encoding="utf-8")
        for mentioned in re.findall(r"\b([A-Z][A-Z_]+\.md)\b", text):
            assert (REPO / mentioned).exists(), f"{name} mentions missing {mentioned}"
