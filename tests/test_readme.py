"""The README is generated where it can drift: the key table and the test command."""

from __future__ import annotations

from pathlib import Path

from hfs_tui.docs import keys_table

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_key_table_matches_the_action_registry():
    assert keys_table() in README, "run: python -m hfs_tui.docs and paste into README.md"


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in README and "<!-- test-command -->" in ci
    block = README.split("<!-- test-command -->")[1].split("<!-- /test-command -->")[0]
    command = [line for line in block.splitlines() if line and not line.startswith("```")]
    assert len(command) == 1 and "pytest" in command[0] and "ruff check" in command[0]
