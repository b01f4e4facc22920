"""Shared test set-up: every test gets its own empty config and data folders."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Keep tests away from the real user's settings and diary."""
    config = tmp_path / "config"
    data = tmp_path / "data"
    monkeypatch.setenv("HFS_TUI_CONFIG_DIR", str(config))
    monkeypatch.setenv("HFS_TUI_DATA_DIR", str(data))
    monkeypatch.setenv("HFS_TUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    # No test may reach a sound card: players default to the null player.
    monkeypatch.setenv("HFS_TUI_PLAYER", "null")
    return {"config": config, "data": data}
