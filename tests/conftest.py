"""Shared test set-up: every test gets its own empty config and data folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from locations import FIXTURES, REPO  # noqa: F401  (fixtures and helpers use them)


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Keep tests away from the real user's settings and diary."""
    config = tmp_path / "config"
    data = tmp_path / "data"
    monkeypatch.setenv("HFS_TUI_CONFIG_DIR", str(config))
    monkeypatch.setenv("HFS_TUI_DATA_DIR", str(data))
    monkeypatch.setenv("HFS_TUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HFS_TUI_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    # No test may reach a sound card: players default to the null player.
    monkeypatch.setenv("HFS_TUI_PLAYER", "null")
    return {"config": config, "data": data, "reports": tmp_path / "reports"}


class FakeClock:
    """A monotonic clock the test moves by hand (pass it where a `clock=` is taken)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    """A clock that stands still until the test moves it (`clock.advance`, `clock.now`)."""
    return FakeClock()


@pytest.fixture
def write_settings(private_folders: dict[str, Path]) -> Callable[[str], Path]:
    """Write the user's settings.toml (in this test's private config folder)."""

    def write(text: str) -> Path:
        private_folders["config"].mkdir(parents=True, exist_ok=True)
        path = private_folders["config"] / "settings.toml"
        path.write_text(text)
        return path

    return write
