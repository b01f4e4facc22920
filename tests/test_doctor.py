"""`hfs-tui doctor`: every layer reports `Check`s through one `checks()` function, and
the loop that runs them always finishes, whatever a layer does."""

from __future__ import annotations

import importlib
from typing import get_type_hints

from hfs_tui import doctor
from hfs_tui.checks import Check


def test_a_check_reads_as_what_was_found_then_the_fix():
    assert Check("Audio player", True, "aplay").detail == "aplay"
    assert (Check("Audio player", False, "aplay failed", "plug in speakers").detail
            == "aplay failed. Fix: plug in speakers")
    assert Check("Recording source", False, "", "install arecord").detail == "install arecord"


def test_every_layer_has_one_checks_function_returning_checks():
    for module, _label in doctor.LAYERS:
        layer = importlib.import_module(module)
        assert get_type_hints(layer.checks)["return"] == list[Check], module


def test_a_layer_that_cannot_load_is_one_line_and_the_rest_still_run(monkeypatch):
    monkeypatch.setattr(doctor, "LAYERS", (
        ("hfs_tui.settings", "Settings file"),
        ("hfs_tui.no_such_layer", "Voice commands"),
        ("hfs_tui.diary.doctor", "Data folder"),
    ))
    results = doctor.checks()
    assert [(check.name, check.ok) for check in results] == [
        ("Settings file", True), ("Voice commands", False), ("Data folder", True),
        ("Diary", True)]
    assert results[1].detail.startswith("could not be checked (")
    assert "reinstall" in results[1].detail
    text = doctor.render(results)
    assert "NO  Voice commands  could not be checked" in text
    assert text.endswith("1 thing(s) need attention. The rest of the app works without them.\n")
