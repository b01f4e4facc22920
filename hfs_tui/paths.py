"""Where things live: settings, data and the built-in content folder."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "hfs-tui"


def config_dir() -> Path:
    """Folder for settings.toml. `HFS_TUI_CONFIG_DIR` overrides (tests, portable use)."""
    override = os.environ.get("HFS_TUI_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """Folder for the diary, reading position and voice log. `HFS_TUI_DATA_DIR` overrides."""
    override = os.environ.get("HFS_TUI_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Folder for derived, throw-away data (parsed content). `HFS_TUI_CACHE_DIR` overrides."""
    override = os.environ.get("HFS_TUI_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))


def reports_dir() -> Path:
    """Where the diary screen saves a report for the clinic: the user's Documents
    folder (where people look for a file to print or attach), else their home.
    `HFS_TUI_REPORTS_DIR` overrides (tests)."""
    override = os.environ.get("HFS_TUI_REPORTS_DIR")
    if override:
        return Path(override)
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def settings_file() -> Path:
    return config_dir() / "settings.toml"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` readable only by this user (health data lives there)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        path.chmod(0o700)
    return path


def builtin_content_dir() -> Path:
    """The content shipped with the app.

    In a wheel it is packed as `hfs_tui/_content`; in a source checkout or an
    editable install it is the top-level `content/` folder.
    """
    package_dir = Path(__file__).resolve().parent
    packed = package_dir / "_content"
    if packed.is_dir():
        return packed
    return package_dir.parent / "content"
