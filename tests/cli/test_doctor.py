"""`hfs-tui doctor`: every layer reports `Check`s through one `checks()` function, and
the loop that runs them always finishes, whatever a layer does."""

from __future__ import annotations

import importlib
from typing import get_type_hints

import pytest

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


def test_doctor_exits_1_when_something_needs_attention_and_0_when_all_works(
        monkeypatch, capsys):
    from hfs_tui.cli import main

    monkeypatch.setattr(doctor, "LAYERS", (
        ("hfs_tui.settings", "Settings file"),
        ("hfs_tui.no_such_layer", "Voice commands"),
    ))
    assert main(["doctor"]) == doctor.NEEDS_ATTENTION == 1
    assert "1 thing(s) need attention" in capsys.readouterr().out
    monkeypatch.setattr(doctor, "LAYERS", (("hfs_tui.settings", "Settings file"),))
    assert main(["doctor"]) == 0
    assert capsys.readouterr().out.endswith("Everything works.\n")


def test_doctor_help_says_what_the_exit_code_means(capsys):
    from hfs_tui.cli import main

    with pytest.raises(SystemExit):
        main(["doctor", "--help"])
    assert "Exit code: 0 when everything works, 1 when something needs attention" \
        in " ".join(capsys.readouterr().out.split())


def test_doctor_counts_the_exercises_the_app_lists(private_folders):
    """Issue 14: doctor said 4 exercises while the exercise list showed 5 (the
    leaflet's 4 and the user's own breathing pattern)."""
    from hfs_tui.content.doctor import checks
    from hfs_tui.content.loader import load_library
    from hfs_tui.exercise.cli import all_exercises
    from hfs_tui.settings import ExerciseSettings

    shown = all_exercises(load_library().exercises, ExerciseSettings())
    [check] = checks()
    assert check.ok
    assert f"{len(shown)} exercises (with your own breathing pattern)" in check.detail
    # A value out of range is ignored by Settings (its own doctor line says so), so
    # the app still lists the default pattern, and so does the count.
    private_folders["config"].mkdir(parents=True)
    (private_folders["config"] / "settings.toml").write_text(
        "[exercises.custom_pattern]\nbreathe_in = 99\n")
    [check] = checks()
    assert f"{len(shown)} exercises (with your own breathing pattern)" in check.detail
    assert len(shown) == len(load_library().exercises) + 1


def test_doctor_checks_the_leaflet_folder_the_settings_name(write_settings):
    from hfs_tui.content.doctor import checks

    path = write_settings('[reader]\ncontent_dir = "/nonexistent/dir"\n')
    (check,) = checks()
    assert not check.ok
    assert check.message.startswith("/nonexistent/dir: content folder does not exist")
    assert f"[reader] content_dir (Leaflet folder) in {path}" in check.message


def test_doctor_names_a_broken_pyttsx3_and_where_it_came_from(tmp_path):
    import os
    import subprocess
    import sys

    import locations

    broken = tmp_path / "site" / "pyttsx3"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text('raise RuntimeError("broken on purpose")\n')
    env = {**os.environ, "PYTHONPATH": f"{tmp_path / 'site'}{os.pathsep}{locations.REPO}",
           "HFS_TUI_CONFIG_DIR": str(tmp_path / "c"), "HFS_TUI_DATA_DIR": str(tmp_path / "d")}
    code = ("from hfs_tui.speech.doctor import _check_engine; from pathlib import Path; "
            f"print(_check_engine(Path({str(tmp_path)!r})).message)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.stdout.strip() == (f"pyttsx3 (from {broken / '__init__.py'}) could not be "
                                   "loaded (RuntimeError: broken on purpose)"), done.stderr
