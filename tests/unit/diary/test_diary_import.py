"""Import accounts for every row: each one is imported or reported with its line and
reason, and one bad row (a 1 MB cell, a broken quote, NUL bytes, a BOM, bytes that are
not UTF-8) does not hide the rows after it. Also --check, and export never overwrites."""

from __future__ import annotations

import argparse
import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hfs_tui.diary import Diary, Entry
from hfs_tui.diary import cli as diary_cli
from hfs_tui.diary.export import (
    CSV_COLUMNS,
    FileExists,
    entry_to_csv_row,
    export_csv,
    export_summary,
    parse_csv,
    read_csv,
)

NOW = datetime(2025, 6, 15, 18, 0)
HEADER = ",".join(CSV_COLUMNS)


def good_row(n: int) -> str:
    entry = Entry(kind="spasm", at=NOW - timedelta(days=400 - n), severity=n % 11,
                  note=f"row {n}, fine")
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(entry_to_csv_row(entry))
    return out.getvalue()


def bad_cells(text: str) -> str:
    """A spasm row whose note is `text` exactly as given (quoting left to the caller)."""
    return f",spasm,2025-06-01T10:00:00,4,,,,,,,,,,,,,,{text}"


def file_with(tmp_path: Path, lines: list[str | bytes], name: str = "in.csv",
              ending: bytes = b"\r\n") -> Path:
    data = ending.join(line if isinstance(line, bytes) else line.encode() for line in lines)
    (tmp_path / name).write_bytes(data + ending)
    return tmp_path / name


def assert_every_row_accounted(result, data_lines: list[int]) -> None:
    """Each data line is imported or reported, exactly once."""
    seen = sorted(result.lines + result.bad_lines)
    assert seen == data_lines, (result.lines, result.problems)
    assert result.rows == len(data_lines)


def test_a_1_mb_cell_does_not_hide_the_rows_after_it(tmp_path):
    # The issue: a 1 MB note on line 7, and a good row on line 10 was neither
    # imported nor reported.
    lines = [HEADER] + [good_row(n) for n in range(2, 7)]
    lines += [bad_cells('"' + "x" * (1 << 20) + '"')]  # line 7
    lines += [good_row(n) for n in range(8, 12)]
    result = read_csv(file_with(tmp_path, lines), now=NOW)
    assert result.problems == [
        "line 7: note is too long: 1048576 characters, the limit is 2000"]
    assert result.lines == [2, 3, 4, 5, 6, 8, 9, 10, 11]
    assert [e.note for e in result.entries][-1] == "row 11, fine"
    assert_every_row_accounted(result, list(range(2, 12)))


def test_a_quote_never_closed_is_reported_and_the_rest_is_read(tmp_path):
    lines = [HEADER, good_row(2), good_row(3), bad_cells('"it was 5 " bad'),
             bad_cells('"no end to this quote'), good_row(6), good_row(7)]
    result = read_csv(file_with(tmp_path, lines), now=NOW)
    # Line 4's quote closes (with text after it, kept as spreadsheets do); line 5's
    # runs into line 6's quoted note: line 5 is reported, line 6 read again.
    assert result.problems == [
        'line 5: 19 cells, expected 18: a quote (") on this line seems not to be closed '
        "(the row runs to line 6)"], result.problems
    assert result.entries[2].note == "it was 5  bad"
    assert result.lines == [2, 3, 4, 6, 7]
    assert_every_row_accounted(result, list(range(2, 8)))


def test_a_stray_quote_that_closes_rows_later_loses_no_row(tmp_path):
    # Line 3 opens a quote that the quoted note on line 4 happens to close: read as one
    # record it has the wrong number of cells, so it is reported and reading starts
    # again on line 4. Line 5's stray quote is reported on its own.
    lines = [HEADER, good_row(2), bad_cells('"opened here'), good_row(4),
             'stray quote here", ok', good_row(6)]
    result = read_csv(file_with(tmp_path, lines), now=NOW)
    assert result.problems[0].startswith("line 3: ")
    assert "runs to line 4" in result.problems[0]
    assert result.problems[1].startswith("line 5: 2 cells, expected 18")
    assert 4 in result.lines and 6 in result.lines
    assert_every_row_accounted(result, list(range(2, 7)))


def test_a_real_multi_line_note_still_imports(tmp_path):
    lines = [HEADER, good_row(2), bad_cells('"first line'), 'second line"', good_row(5)]
    result = read_csv(file_with(tmp_path, lines), now=NOW)
    assert result.problems == []
    assert result.lines == [2, 3, 5]
    assert result.entries[1].note == "first line\r\nsecond line"


def test_nul_bytes_are_reported_for_their_row_only(tmp_path):
    lines = [HEADER, good_row(2), bad_cells("nul\x00here"), b"\x00\x00\x00\x00",
             good_row(5)]
    result = read_csv(file_with(tmp_path, lines), now=NOW)
    assert result.problems == [
        "line 3: it holds a NUL byte (a damaged or non-text file?)",
        "line 4: it holds a NUL byte (a damaged or non-text file?)"]
    assert_every_row_accounted(result, [2, 3, 4, 5])


def test_a_bom_at_the_start_and_two_exports_joined(tmp_path):
    lines = [b"\xef\xbb\xbf" + HEADER.encode(), good_row(2),
             b"\xef\xbb\xbf" + HEADER.encode(), good_row(4)]
    result = read_csv(file_with(tmp_path, lines), now=NOW)
    assert result.problems == [
        "line 3: the header row again (two files joined?); nothing to import here"]
    assert result.lines == [2, 4]
    assert_every_row_accounted(result, [2, 3, 4])


def test_bytes_that_are_not_utf8_are_reported_for_their_row_only(tmp_path):
    lines = [HEADER, good_row(2), bad_cells("caf\xe9").encode("latin-1"),
             b"\xff\xfe\xfa garbage", good_row(5)]
    result = read_csv(file_with(tmp_path, lines), now=NOW)
    assert result.problems[0] == ("line 3: byte 0xE9 is not UTF-8 text; save the file as "
                                  "CSV UTF-8 and try again")
    assert result.problems[1].startswith("line 4: byte 0xFF is not UTF-8")
    assert_every_row_accounted(result, [2, 3, 4, 5])


def test_utf16_and_old_mac_line_endings_import(tmp_path):
    text = "\r\n".join([HEADER, good_row(2), good_row(3)]) + "\r\n"
    (tmp_path / "u16.csv").write_bytes(text.encode("utf-16"))
    assert read_csv(tmp_path / "u16.csv", now=NOW).lines == [2, 3]
    result = read_csv(file_with(tmp_path, [HEADER, good_row(2), "", good_row(4)],
                                ending=b"\r"), now=NOW)
    assert (result.lines, result.blank_lines, result.problems) == ([2, 4], 1, [])


def test_random_damage_never_loses_a_row(tmp_path):
    """Every line of a 300-row export, each damaged in turn in one of five ways: the
    rows before and after the damaged one are always imported."""
    import random

    rng = random.Random(5)
    base = [good_row(n) for n in range(2, 302)]
    damage = ['"', "\x00", "\ufeff=", '","', "\udcff"]
    for trial in range(40):
        victim = rng.randrange(len(base))
        lines = list(base)
        cut = rng.randrange(len(lines[victim]))
        lines[victim] = lines[victim][:cut] + rng.choice(damage) + lines[victim][cut:]
        text = "\r\n".join([HEADER] + lines) + "\r\n"
        result = parse_csv(text, "f.csv", now=NOW)
        line = victim + 2
        assert_every_row_accounted(result, list(range(2, 302)))
        assert line - 1 in result.lines or line - 1 == 1, (trial, result.problems)
        assert line + 1 in result.lines or line == 301, (trial, result.problems)


# --- the command line ---------------------------------------------------------------


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="hfs-tui")
    diary_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return args.func(args)


def test_check_reports_every_row_and_writes_nothing(tmp_path, capsys, private_folders):
    lines = [HEADER, good_row(2), bad_cells('"' + "x" * 5000 + '"'), good_row(4), "",
             good_row(2)]
    path = file_with(tmp_path, lines)
    diary_file = private_folders["data"] / "diary.sqlite3"
    assert run_cli("diary", "import", "--check", str(path)) == 1
    captured = capsys.readouterr()
    assert f"{path} line 3: note is too long" in captured.err
    assert captured.out.strip() == (
        f"Checked {path}: 4 row(s); 2 would be imported; 1 were already in the diary "
        "(line(s) 6); 1 bad row(s) not imported (line(s) 3; reasons above); "
        "1 blank line(s) ignored. Nothing was written.")
    assert not diary_file.exists()

    with Diary.open() as diary:
        diary.add_many(read_csv(path, now=NOW).entries[:1])
    before = diary_file.read_bytes()
    assert run_cli("diary", "import", "--check", str(path)) == 1
    assert "1 would be imported; 2 were already in the diary (line(s) 2, 6)" \
        in capsys.readouterr().out
    assert diary_file.read_bytes() == before


def test_skip_bad_imports_the_rest_and_names_every_line(tmp_path, capsys):
    lines = [HEADER] + [good_row(n) for n in range(2, 30)]
    lines[9] = bad_cells('"unclosed')  # line 10
    lines[20] = "spasm,,,"  # line 21
    path = file_with(tmp_path, lines)
    assert run_cli("diary", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "nothing imported: 2 bad row(s)" in err and "line(s) 10, 21" in err
    assert run_cli("diary", "import", "--skip-bad", str(path)) == 0
    captured = capsys.readouterr()
    assert f"{path} line 10: " in captured.err and "quote" in captured.err
    assert f"{path} line 21: 4 cells, expected 18" in captured.err
    assert captured.out.strip() == (
        f"Imported 26 entries from {path} (28 row(s)); 2 bad row(s) not imported "
        "(line(s) 10, 21; reasons above).")
    with Diary.open() as diary:
        assert diary.count() == 26


# --- export never overwrites ----------------------------------------------------------


@pytest.fixture
def one_entry(private_folders):
    with Diary.open() as diary:
        diary.log_spasm(5)


@pytest.mark.parametrize("option, name", [("--csv", "out.csv"), ("--summary", "out.html"),
                                          ("--summary", "out.md")])
def test_export_refuses_to_overwrite_without_force(tmp_path, capsys, one_entry, option,
                                                   name):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / name
    target.write_text("my own file\n", encoding="utf-8")
    assert run_cli("diary", "export", option, str(target)) == 1  # pytest: no terminal
    err = capsys.readouterr().err
    assert err == (f"hfs-tui diary: {target} already exists; nothing was written. "
                   "Use --force to replace it, or give another file name\n")
    assert target.read_text(encoding="utf-8") == "my own file\n"
    assert [p.name for p in target.parent.iterdir()] == [name]  # no temporary left behind
    assert run_cli("diary", "export", option, str(target), "--force") == 0
    assert target.read_text(encoding="utf-8-sig") != "my own file\n"


@pytest.mark.parametrize("answer, replaced", [("y", True), ("", False), ("no", False)])
def test_export_asks_on_a_terminal(tmp_path, capsys, monkeypatch, one_entry, answer,
                                   replaced):
    target = tmp_path / "out.csv"
    target.write_text("mine\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(answer + "\n"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert run_cli("diary", "export", "--csv", str(target)) == (0 if replaced else 1)
    out = capsys.readouterr().out
    assert f"{target} already exists. Replace it? (y/N)" in out
    assert (target.read_text(encoding="utf-8-sig") != "mine\n") is replaced


def test_export_functions_refuse_too(tmp_path):
    with Diary.open(tmp_path / "d.sqlite3", clock=lambda: NOW) as diary:
        diary.log_spasm(3)
        export_csv(diary, tmp_path / "a.csv")
        with pytest.raises(FileExists):
            export_csv(diary, tmp_path / "a.csv")
        export_summary(diary, tmp_path / "r.md")
        with pytest.raises(FileExists):
            export_summary(diary, tmp_path / "r.md")
        assert export_csv(diary, tmp_path / "a.csv", force=True) == 1
