"""Layering and privacy rules from CONTRIBUTING.md, checked on the real code."""

from __future__ import annotations

import ast
import socket
import subprocess
import sys
from pathlib import Path

import locations
import pytest

from hfs_tui.ui.app import HfsApp

PACKAGE = locations.REPO / "hfs_tui"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_ui_package_imports_textual():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        textual = [m for m in imported_modules(path) if m.split(".")[0] in ("textual", "rich")]
        if textual:
            offenders.append(f"{path.relative_to(PACKAGE)}: {textual}")
    assert offenders == []


def test_non_ui_layers_load_without_textual():
    code = (
        "import sys\n"
        "import hfs_tui.cli, hfs_tui.content.loader, hfs_tui.speech, hfs_tui.voice, "
        "hfs_tui.diary, hfs_tui.exercise.session, hfs_tui.doctor, hfs_tui.plain\n"
        "hfs_tui.cli.build_parser()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Record (and refuse) every attempt to reach another machine."""
    attempts: list[tuple] = []
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(("connect", address))
            raise OSError("network use is not allowed in hfs-tui")
        return real_connect(self, address)

    def guarded_getaddrinfo(*args: object, **kwargs: object) -> list:
        attempts.append(("getaddrinfo", args))
        raise OSError("name lookups are not allowed in hfs-tui")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection",
                        lambda *a, **k: guarded_connect(socket.socket(), a[0]))
    return attempts


async def test_starting_and_reading_opens_no_network_socket(no_network):
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "r")
        await pilot.pause(0.5)
        await pilot.press("x", "n", "f", "space")
        await pilot.pause()
    assert no_network == []


UI = PACKAGE / "ui"


def test_no_screen_or_glue_module_imports_the_app():
    """Screens and glue take services (hfs_tui.ui.services), never HfsApp, not even
    for typing: only the app itself (and the command line that starts it) knows it."""
    modules = [*(UI / "screens").rglob("*.py"), *(UI / "widgets").rglob("*.py"),
               *(p for p in UI.glob("*.py") if p.name != "app.py")]
    assert {UI / "voice_glue.py", UI / "diary_glue.py", UI / "narration.py",
            UI / "screens" / "section.py"} <= set(modules)
    offenders = [str(p.relative_to(PACKAGE)) for p in modules
                 if "hfs_tui.ui.app" in imported_modules(p)]
    assert offenders == []


def test_only_narration_touches_its_reader():
    """The ReadAloud inside Narration is private: screens and the app use its methods."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path == UI / "narration.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr in ("reader", "_reader")
                    and isinstance(node.value, ast.Attribute)
                    and node.value.attr == "narration"):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_screens_do_not_reach_into_the_app_for_services():
    offenders = []
    for path in (UI / "screens").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "self.hfs" in line or "cast(\"HfsApp\"" in line:
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}")
    assert offenders == []


def test_dialogs_take_their_frame_from_one_place():
    """A dialog's size, border and background come from dialog_css.dialog_frame."""
    offenders = []
    for path in (UI / "screens").rglob("*.py"):
        if path.name == "dialog_css.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "border: thick" in line:
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}")
    assert offenders == []
