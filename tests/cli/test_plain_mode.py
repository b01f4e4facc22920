"""Plain mode: list, read, doctor, --version and --help print clean linear text."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hfs_tui import __version__
from hfs_tui.cli import main
from hfs_tui.content.loader import load_library
from hfs_tui.plain import SectionNotFound, find_section

LIBRARY = load_library()
SECTIONS = sorted(LIBRARY.sections, key=lambda s: s.order)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TERM": "xterm-256color"}
    return subprocess.run([sys.executable, "-m", "hfs_tui", *args], capture_output=True,
                          text=True, env=env, timeout=60)


def test_list_prints_numbered_sections_without_escape_codes():
    result = run_cli("list")
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    for number, section in enumerate(SECTIONS, 1):
        assert f"{number:>2}. {section.title}" in result.stdout
        assert section.summary in result.stdout


@pytest.mark.parametrize("query", ["3", SECTIONS[2].id, SECTIONS[2].title])
def test_read_finds_a_section_by_number_id_or_title(query):
    result = run_cli("read", query)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"3. {SECTIONS[2].title}")
    assert "\x1b" not in result.stdout
    for point in SECTIONS[2].key_points:
        assert f"- {point}" in result.stdout
    flat = " ".join(result.stdout.split())
    for sentence in SECTIONS[2].sentences:
        assert sentence in flat


def test_read_by_voice_name_and_title_words():
    assert find_section(LIBRARY, "botox").id == "botulinum-toxin"
    assert find_section(LIBRARY, "seeing a doctor").id == "seeing-a-doctor"


def test_unknown_section_is_one_line_with_suggestions_and_status_2():
    result = run_cli("read", "surgerry")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no section called 'surgerry'" in lines[0]
    assert "surgery" in lines[0]
    assert result.stdout == ""


def test_section_number_out_of_range_says_the_range():
    with pytest.raises(SectionNotFound, match=f"1 to {len(SECTIONS)}"):
        find_section(LIBRARY, "99")


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"hfs-tui {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    for command in ("list", "read", "doctor", "say", "hear", "diary", "check-content"):
        assert command in help_text


def test_doctor_reports_every_part_with_a_fix():
    result = run_cli("doctor")
    # 0 when every line is ok, 1 when something needs attention (this machine may
    # have no sound card or microphone); never a crash.
    assert result.returncode == (0 if "Everything works." in result.stdout else 1), \
        result.stderr
    for part in ("Speech engine", "Audio player", "Recording source", "Voice model",
                 "Settings file", "Data folder"):
        assert part in result.stdout, part
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("argument", ["-1", "99", "0", "2.5", "+3"])
def test_read_with_a_bad_section_number_exits_2_and_says_why(argument):
    result = run_cli("read", argument)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("hfs-tui read: ")
    assert f"numbered 1 to {len(SECTIONS)}" in result.stderr
    assert result.stderr.count("\n") == 1


def test_doctor_with_a_player_but_no_sound_device_does_not_say_to_install_it(monkeypatch):
    from hfs_tui.speech.doctor import checks as speech_checks

    # `false` is installed and fails at once, as aplay does with no sound card.
    monkeypatch.setenv("HFS_TUI_PLAYER", "false {file}")
    checks = {check.name: (check.ok, check.detail) for check in speech_checks("")}
    ok, detail = checks["Audio player"]
    assert not ok
    assert "apt install" not in detail
    assert "the player is installed, but this computer has no sound output" in detail
    assert "--to" in detail


def test_doctor_names_ignored_settings_by_label_and_says_the_path_once(private_folders):
    from hfs_tui.settings import checks

    private_folders["config"].mkdir(parents=True)
    path = private_folders["config"] / "settings.toml"
    path.write_text('[reader]\ntext_width = 200\n[speech]\nrate = 5\n')
    [check] = checks()
    ok, detail = check.ok, check.detail
    assert not ok
    assert detail.count(str(path)) == 1
    assert "2 settings are ignored" in detail
    assert "[reader] text_width (Text width in columns): 200 is not allowed" in detail
    assert "reader.text_width" not in detail


@pytest.mark.parametrize("shell", ["hfs-tui </dev/null >out", "hfs-tui </dev/null | cat",
                                   "setsid hfs-tui </dev/null"])
def test_the_app_without_a_terminal_says_so_in_one_line_and_exits_2(tmp_path, shell):
    program = f"{sys.executable} -m hfs_tui"
    command = "set -o pipefail; " + shell.replace("hfs-tui", program) + "; echo exit=$?"
    env = {**os.environ, "CI": "true", "HFS_TUI_CONFIG_DIR": str(tmp_path / "c"),
           "HFS_TUI_DATA_DIR": str(tmp_path / "d")}
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env,
                            timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert result.stdout == "exit=2\n"
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("hfs-tui: the app needs a terminal window")
    assert "hfs-tui list" in result.stderr and "hfs-tui diary" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    if (tmp_path / "out").exists():
        assert (tmp_path / "out").read_text() == ""


def test_the_no_terminal_check_exits_2(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115
    assert main([]) == 2
    assert main(["--focus"]) == 2
    assert capsys.readouterr().err.startswith("hfs-tui: the app needs a terminal window")


def test_a_content_folder_from_the_settings_is_named_with_its_setting(write_settings):
    path = write_settings('[reader]\ncontent_dir = "/nonexistent/dir"\n')
    env = {**os.environ, "HFS_TUI_CONFIG_DIR": str(path.parent)}
    for command in (["list"], ["read", "1"], ["exercise"]):
        result = subprocess.run([sys.executable, "-m", "hfs_tui", *command],
                                capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 1, command
        assert "/nonexistent/dir: content folder does not exist" in result.stderr
        assert f"[reader] content_dir (Leaflet folder) in {path}" in result.stderr, command


def test_a_file_given_as_the_content_folder_is_called_a_file(tmp_path):
    leaflet = tmp_path / "leaflet.txt"
    leaflet.write_text("not a folder")
    result = run_cli("--content", str(leaflet), "list")
    assert result.returncode == 1
    assert f"{leaflet}: is a file, not a folder" in result.stderr
