"""The settings file as someone editing it by hand meets it: a typo keeps the rest,
messages name the line in the file and print safely, and odd files never hang."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime

import locations
import pytest

from hfs_tui import settings as settings_model

BROKEN = '# my notes\n[reader\ntheme = "high-contrast-dark"\n[speech]\nrate = 200\n'


def test_a_typo_keeps_every_setting_that_can_still_be_read(write_settings):
    path = write_settings(BROKEN + 'voice = "unclosed\nvolume = 0.5\n')
    loaded = settings_model.load(path)
    assert loaded.settings.reader.theme == "high-contrast-dark"
    assert loaded.settings.speech.rate == 200
    assert loaded.settings.speech.volume == 0.5
    assert loaded.mistake_line == 2 and not loaded.unreadable
    first, second = loaded.problems
    assert first.startswith('Line 2 reads "[reader": a heading needs a ] at its end')
    assert second.startswith('Line 6 reads "voice = "unclosed": a value in quotes needs')
    assert "usual one" in second


def test_a_recovered_value_is_still_checked_and_the_first_of_two_is_kept(write_settings):
    path = write_settings('[reader\ntheme = "pink"\ntext_width = 90\ntext_width = 100\n')
    loaded = settings_model.load(path)
    assert loaded.settings.reader.theme == "hfs-calm"
    assert loaded.settings.reader.text_width == 90
    assert any(problem.startswith("[reader] theme (Colours)") for problem in loaded.problems)
    assert any("written twice" in problem for problem in loaded.problems)


def test_lines_under_a_heading_that_cannot_be_read_are_not_guessed(write_settings):
    path = write_settings("[[[ \nrate = 300\n[speech]\nrate = 250\n")
    loaded = settings_model.load(path)
    assert loaded.settings.speech.rate == 250


@pytest.mark.parametrize(("text", "starts"), [
    ("[reader]\ntheme = 5\n", "[reader] theme (Colours): 5 is not allowed"),
    ("[speech]\nrate = 160.5\n",
     "[speech] rate (Reading speed, words a minute): 160.5 is not allowed"),
    ("[reader]\ntext_width = 40.0\n", "[reader] text_width (Text width in columns): 40.0 is"),
    ("[exercises.custom_pattern]\nbreathe_in = 1\n",
     "[exercises.custom_pattern] breathe_in (Your pattern: breathe in, seconds): 1 is"),
])
def test_problems_name_the_key_in_the_file_and_the_value_as_written(write_settings, text,
                                                                       starts):
    (problem,) = settings_model.load(write_settings(text)).problems
    assert problem.startswith(starts), problem


def test_a_windows_bom_at_the_start_is_not_a_problem(write_settings):
    path = write_settings("")
    path.write_bytes(b'\xef\xbb\xbf[reader]\ntheme = "high-contrast-light"\n')
    loaded = settings_model.load(path)
    assert loaded.ok, loaded.problems
    assert loaded.settings.reader.theme == "high-contrast-light"


def test_control_characters_are_shown_escaped_and_long_values_shortened(write_settings):
    path = write_settings('[reader]\ntheme = "\\u001b[31mred\\u0000"\n')
    (problem,) = settings_model.load(path).problems
    assert "\x1b" not in problem and "\x00" not in problem
    assert '"\\x1b[31mred\\x00"' in problem
    path.write_text(f'[reader]\ntheme = "{"a" * 3000}"\n')
    (problem,) = settings_model.load(path).problems
    assert len(problem) < 300 and "(3000 characters)" in problem


@pytest.mark.parametrize("keys", [",,,", "ctrl+alt+shift+super+hyper+fnord", "🙂", "ctrl+ctrl+a",
                                  "j,", ""])
def test_keys_the_app_cannot_bind_get_one_line_and_the_usual_keys(write_settings, keys):
    path = write_settings(f'[keymap]\nnext_section = "{keys}"\n')
    loaded = settings_model.load(path)
    assert loaded.settings.keymap == {}
    (problem,) = loaded.problems
    assert problem.startswith("[keymap] next_section: ")
    assert problem.endswith("Using its usual keys (n or Right).")


def test_keys_textual_can_bind_are_kept(write_settings):
    keymap = {"next_section": "j,down", "previous_section": "ctrl+p", "glossary": "?",
              "quit": "shift+f5,question_mark"}
    lines = "".join(f'{action} = "{keys}"\n' for action, keys in keymap.items())
    loaded = settings_model.load(write_settings(f"[keymap]\n{lines}"))
    assert loaded.ok, loaded.problems
    assert loaded.settings.keymap == keymap


def test_a_file_that_cannot_be_opened_gives_its_reason_once_in_doctor(write_settings):
    path = write_settings("")
    path.write_bytes(b'[reader]\ntheme = "\xff"\n')
    (check,) = settings_model.checks()
    assert check.message.count("not plain text") == 1
    path.unlink()
    path.mkdir()
    (check,) = settings_model.checks()
    assert check.message.count("folder") == 1 and "not a file" in check.message


def test_a_link_to_nothing_is_not_called_not_created_yet(write_settings, tmp_path):
    path = write_settings("")
    path.unlink()
    path.symlink_to(tmp_path / "gone.toml")
    (check,) = settings_model.checks()
    assert not check.ok
    assert "not created yet" not in check.message
    assert f"a link to {tmp_path / 'gone.toml'}, which does not exist" in check.message


def test_a_pipe_as_the_settings_file_is_refused_without_waiting(private_folders, tmp_path):
    private_folders["config"].mkdir(parents=True)
    os.mkfifo(private_folders["config"] / "settings.toml")
    # In a child process: a hang must fail the test, not stop the run.
    done = subprocess.run([sys.executable, "-m", "hfs_tui", "doctor"], capture_output=True,
                          text=True, timeout=120, cwd=locations.REPO,
                          env={**os.environ, "PYTHONPATH": str(locations.REPO)})
    line = next(line for line in done.stdout.splitlines() if "Settings file" in line)
    assert line.startswith("NO") and "a pipe or a device, not an ordinary file" in line


def test_each_kept_copy_gets_a_new_name(tmp_path):
    path = tmp_path / "settings.toml"
    moment = datetime(2025, 3, 1, 14, 30, 5)
    first = settings_model.backup_path(path, moment)
    assert first.name == "settings.toml.2025-03-01-143005.bak"
    first.write_text("kept")
    second = settings_model.backup_path(path, moment)
    assert second != first and second.name == "settings.toml.2025-03-01-143005-2.bak"
