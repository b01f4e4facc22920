"""CSV export/import round trips, formula neutralising, the clinic report and the CLI."""

from __future__ import annotations

import argparse
import csv
import io
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hfs_tui.diary import Diary, Entry
from hfs_tui.diary import cli as diary_cli
from hfs_tui.diary.export import (
    export_csv,
    export_summary,
    import_entries,
    neutralise,
    parse_csv,
    read_csv,
    restore,
)

NOW = datetime(2025, 6, 15, 18, 0)

ODD_NOTES = [
    "=HYPERLINK(\"http://evil\",\"click\")",
    "+1 more", "-2 fewer", "@SUM(A1)", "\tstarts with a tab", "\rstarts with CR",
    "'already quoted", "''two quotes", "plain", "",
    "emoji 😖👁️", "עברית RTL", "e\u0301 combining", "multi\nline\r\nnote", "comma, \"quote\"",
]


def every_kind() -> list[Entry]:
    base = NOW - timedelta(days=30)
    entries = [Entry(kind="spasm", at=base + timedelta(days=n, hours=n % 5, seconds=n),
                     severity=n % 11, note=note,
                     parts=("eye", "jaw") if n % 2 else (),
                     triggers=("tired", "=cmd|' /C calc'!A0") if n % 3 == 0 else ())
               for n, note in enumerate(ODD_NOTES)]
    entries += [
        Entry(kind="injection", at=base, units=12.345678, sites="-orbicularis", clinic="@clinic"),
        Entry(kind="injection", at=base + timedelta(days=20), units=None),
        Entry(kind="medicine", at=base, name="carbamazepine", dose="100 mg",
              end=base + timedelta(days=10)),
        Entry(kind="surgery", at=base + timedelta(days=1), name="microvascular decompression"),
        Entry(kind="side_effect", at=base + timedelta(days=3), name="drooping eyelid",
              end=base + timedelta(days=9), note="left"),
        Entry(kind="session", at=base + timedelta(days=4), exercise_id="breathing",
              name="Slow breathing", planned_seconds=300, actual_seconds=120,
              completed=False),
    ]
    return entries


def open_diary(path: Path) -> Diary:
    return Diary.open(path, clock=lambda: NOW)


@pytest.mark.parametrize("text", ODD_NOTES + ["=", "'", "'=", "x=1"])
def test_neutralise_is_safe_and_reversible(text):
    safe = neutralise(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(safe) == text


def test_export_then_import_gives_back_the_same_entries(tmp_path):
    entries = every_kind()
    with open_diary(tmp_path / "a.sqlite3") as source:
        source.add_many(entries)
        exported = source.entries()
        count = export_csv(source, tmp_path / "all.csv")
    assert count == len(entries)
    assert stat.S_IMODE((tmp_path / "all.csv").stat().st_mode) == 0o600

    result = read_csv(tmp_path / "all.csv", now=NOW)
    assert result.problems == []
    with open_diary(tmp_path / "b.sqlite3") as target:
        added, skipped = import_entries(target, result.entries)
        assert (added, skipped) == (len(entries), 0)
        strip = [e.__class__(**{**e.__dict__, "id": None}) for e in exported]
        again = [e.__class__(**{**e.__dict__, "id": None}) for e in target.entries()]
        assert again == strip
        # importing the same file twice adds nothing
        assert import_entries(target, read_csv(tmp_path / "all.csv", now=NOW).entries) \
            == (0, len(entries))


def test_no_exported_text_cell_can_run_as_a_formula(tmp_path):
    with open_diary(tmp_path / "a.sqlite3") as diary:
        diary.add_many(every_kind())
        export_csv(diary, tmp_path / "all.csv")
    text = (tmp_path / "all.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][0] == "id"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_import_reports_every_bad_row_by_line(tmp_path):
    good = "spasm,2025-06-01T10:00:00,4,,,,,,,,,,,,,,note"
    lines = [
        "kind,date_time,severity,severity_words,parts,triggers,name,dose,units,sites,"
        "clinic,end_date_time,exercise_id,planned_seconds,actual_seconds,completed,note",
        good,
        "spasm,2025-06-01T11:00:00,11,,,,,,,,,,,,,,",
        "spasm,2099-01-01T00:00:00,3,,,,,,,,,,,,,,",
        "spasm,not a date,3,,,,,,,,,,,,,,",
        "spasm,2025-06-01T12:00:00,3,,nose,,,,,,,,,,,,",
        "lunch,2025-06-01T12:00:00,,,,,,,,,,,,,,,",
        'spasm,2025-06-01T13:00:00,3,,,,,,,,,,,,,,"multi',
        'line note"',
        "injection,2025-06-01T12:00:00,,,,,,,lots,,,,,,,,",
        "spasm,2025-06-01T14:00:00,3,,",
    ]
    result = parse_csv("\n".join(lines) + "\n", "f.csv", now=NOW)
    assert result.rows == 9
    assert len(result.entries) == 2  # the first row and the two-line note
    assert result.entries[1].note == "multi\nline note"
    assert result.problems == [
        "line 3: severity 11 is out of range: use 0 (none) to 10 (very bad)",
        "line 4: date and time 2099-01-01 00:00 is in the future",
        "line 5: date_time 'not a date' is not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM",
        "line 6: part 'nose' is unknown: use eye, cheek, mouth, jaw",
        "line 7: kind 'lunch' is unknown: use one of spasm, injection, medicine, surgery, "
        "side_effect, session",
        "line 10: units 'lots' is not a number",
        "line 11: 5 cells, expected 17",
    ]


def test_import_refuses_files_that_are_not_diary_csv(tmp_path):
    from hfs_tui.diary import DiaryError

    (tmp_path / "x.csv").write_text("name,age\nbob,3\n", encoding="utf-8")
    with pytest.raises(DiaryError, match="line 1: missing column"):
        read_csv(tmp_path / "x.csv")
    (tmp_path / "latin.csv").write_bytes("kind,date_time\nspasm,caf\xe9\n".encode("latin-1"))
    latin = read_csv(tmp_path / "latin.csv")  # the row is reported, not the whole file
    assert latin.problems == ["line 2: byte 0xE9 is not UTF-8 text; save the file as "
                              "CSV UTF-8 and try again"]
    with pytest.raises(DiaryError, match="does not exist"):
        read_csv(tmp_path / "missing.csv")


@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_clinic_report(tmp_path, name):
    with open_diary(tmp_path / "a.sqlite3") as diary:
        diary.add_many(every_kind())
        diary.log_spasm(3, note="<script>alert(1)</script> | [link](x)")
        kind = export_summary(diary, tmp_path / name, today=NOW.date())
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert kind == ("Markdown" if name.endswith(".md") else "HTML")
    assert "summary for the clinic" in text
    assert "From 16 May 2025 to 15 June 2025" in text
    assert "Injection cycles" in text and "12.3457" in text
    assert "Side effects" in text and "drooping eyelid" in text
    assert "carbamazepine" in text and "microvascular decompression" in text
    assert "<script>" not in text


def test_report_needs_a_known_extension(tmp_path):
    from hfs_tui.diary import DiaryError

    with open_diary(tmp_path / "a.sqlite3") as diary, \
            pytest.raises(DiaryError, match=r"\.md .*\.html"):
        export_summary(diary, tmp_path / "report.pdf")


# --- the command line ---------------------------------------------------------------


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="hfs-tui")
    diary_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return args.func(args)


def test_cli_log_list_export_import(tmp_path, capsys, private_folders):
    assert run_cli("diary", "log", "7", "--parts", "eye,cheek", "--triggers", "tired",
                   "--triggers", "bright light", "--note", "after driving") == 0
    out = capsys.readouterr().out
    assert out.startswith("Saved: spasm 7 out of 10, bad, today at ")
    assert "(entry 1)" in out
    assert run_cli("diary", "log", "three", "--at", "2025-01-02 08:30") == 0
    assert "on 2 January 2025 at 08:30" in capsys.readouterr().out

    assert run_cli("diary", "list", "--last", "5") == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 2
    assert "Spasm 7 out of 10 (bad). Where: eye, cheek. Triggers: tired, bright light. " \
           "Note: after driving" in listing[0]
    assert listing[1].strip().startswith("2  2025-01-02 08:30  Spasm 3 out of 10 (mild)")
    assert "\x1b" not in "".join(listing)

    csv_file, report = tmp_path / "out.csv", tmp_path / "out.html"
    assert run_cli("diary", "export", "--csv", str(csv_file), "--summary", str(report)) == 0
    assert "Saved 2 entries" in capsys.readouterr().out
    assert report.read_text(encoding="utf-8").startswith("<!doctype html>")

    private_folders["data"].joinpath("diary.sqlite3").unlink()
    assert run_cli("diary", "import", str(csv_file)) == 0
    assert "Imported 2 entries" in capsys.readouterr().out
    assert run_cli("diary", "import", str(csv_file)) == 0
    assert "2 were already in the diary" in capsys.readouterr().out


def test_cli_export_takes_a_plain_file_name_and_its_ending_says_which(tmp_path, capsys):
    # "hfs-tui diary export report.html" is what people type first; it was refused
    # ("unrecognized arguments") and only --summary FILE worked.
    assert run_cli("diary", "log", "4") == 0
    capsys.readouterr()
    report, entries, notes = tmp_path / "report.html", tmp_path / "Entries.CSV", tmp_path / "r.md"
    assert run_cli("diary", "export", str(report)) == 0
    assert capsys.readouterr().out == f"Saved the report (HTML) to {report}\n"
    assert report.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert run_cli("diary", "export", str(entries), str(notes)) == 0
    out = capsys.readouterr().out
    assert f"Saved 1 entry to {entries}" in out and f"(Markdown) to {notes}" in out
    assert list(csv.DictReader(entries.read_text(encoding="utf-8-sig").splitlines()))[0][
        "severity"] == "4"
    assert run_cli("diary", "export", str(tmp_path / "report.pdf")) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "report.pdf: say which kind of file by its ending" in err
    assert not (tmp_path / "report.pdf").exists()
    assert run_cli("diary", "export") == 1
    assert "hfs-tui diary export report.html" in capsys.readouterr().err


def test_cli_refuses_bad_input_with_one_line(capsys):
    assert run_cli("diary", "log", "11") == 1
    err = capsys.readouterr().err
    assert err == "hfs-tui diary: severity 11 is out of range: use 0 (none) to 10 (very bad)\n"
    assert run_cli("diary", "log", "5", "--at", "2999-01-01") == 1
    assert "is in the future" in capsys.readouterr().err
    assert run_cli("diary", "log", "5", "--parts", "nose") == 1
    assert "part 'nose' is unknown" in capsys.readouterr().err
    assert run_cli("diary", "list") == 0
    assert "The diary is empty" in capsys.readouterr().out


def test_cli_import_with_bad_rows_imports_nothing_unless_asked(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,date_time,severity\nspasm,2025-01-01T10:00:00,4\n"
                   "spasm,2025-01-01T11:00:00,12\n", encoding="utf-8")
    assert run_cli("diary", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert f"{bad} line 3: severity 12 is out of range" in err
    assert "nothing imported" in err
    assert run_cli("diary", "list") == 0
    assert "empty" in capsys.readouterr().out
    assert run_cli("diary", "import", str(bad), "--skip-bad") == 0
    assert "Imported 1 entries" in capsys.readouterr().out


def test_cli_list_never_prints_escape_codes(tmp_path, capsys):
    # A hand-edited file could hold an escape character; list must not pass it through.
    with Diary.open() as diary:
        entry = diary.log_spasm(4)
        diary._connection.execute("UPDATE entries SET note = ? WHERE id = ?",
                                  ("\x1b[2J\x1b]0;owned\x07", entry.id))
    assert run_cli("diary", "list") == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out


def test_cli_summary_and_repair(capsys, private_folders):
    assert run_cli("diary", "log", "6") == 0
    assert run_cli("diary", "summary", "--days", "30") == 0
    out = capsys.readouterr().out
    assert "In the last 30 days you logged 1 rating." in out
    assert run_cli("diary", "repair") == 0
    assert "nothing to repair" in capsys.readouterr().out
    path = private_folders["data"] / "diary.sqlite3"
    path.write_bytes(b"not a database at all" * 50)
    assert run_cli("diary", "list") == 1
    assert "damaged" in capsys.readouterr().err
    assert run_cli("diary", "repair") == 0
    assert "The old file is kept at" in capsys.readouterr().out
    assert run_cli("diary", "list") == 0


# --- never over the diary's own files; entries ahead of the clock ------------------------


def live_diary(count: int = 2) -> Path:
    from hfs_tui.diary.store import default_path

    with Diary.open() as diary:
        for n in range(count):
            diary.log_spasm(4, at=datetime.now() - timedelta(hours=n + 1))
    return default_path()


def test_export_never_writes_over_the_diary_or_its_files_even_with_force(tmp_path, capsys):
    diary_path = live_diary()
    before = diary_path.read_bytes()
    link = tmp_path / "innocent.csv"
    link.symlink_to(diary_path)
    kept_copy = diary_path.with_name(f"{diary_path.name}.corrupt-20250101-000000")
    kept_copy.write_bytes(before)
    targets = [["--csv", str(diary_path)], ["--csv", str(link)],
               ["--csv", f"{diary_path}-wal"], ["--csv", f"{diary_path}-journal"],
               ["--csv", str(kept_copy)], ["--summary", str(link.with_suffix(".md"))]]
    link.with_suffix(".md").symlink_to(diary_path)
    for target in targets:
        assert run_cli("diary", "export", *target, "--force") == 1, target
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "one of your diary's own files" in err, err
    assert diary_path.read_bytes() == before and kept_copy.read_bytes() == before
    assert not Path(f"{diary_path}-journal").exists()
    with Diary.open() as diary:
        assert diary.count() == 2


def test_an_export_with_entries_ahead_of_the_clock_imports_again(tmp_path, capsys):
    """After flying west, entries saved earlier are hours 'in the future'."""
    with Diary.open(clock=lambda: NOW + timedelta(hours=9)) as diary:
        diary.log_spasm(6, at=NOW + timedelta(hours=8))
        diary.log_spasm(3, at=NOW - timedelta(days=1))
        export_csv(diary, tmp_path / "entries.csv")
    other = tmp_path / "other.sqlite3"
    with Diary.open(other, clock=lambda: NOW) as diary:
        result = read_csv(tmp_path / "entries.csv", now=NOW)
        assert result.problems == []
        assert import_entries(diary, result.entries) == (2, 0)
        assert max(entry.at for entry in diary.entries()) == NOW + timedelta(hours=8)
    far = tmp_path / "far.csv"
    far.write_text("kind,date_time,severity\r\nspasm,2025-06-20 10:00,5\r\n")
    assert read_csv(far, now=NOW).problems == [
        "line 2: date and time 2025-06-20 10:00 is in the future"]


def test_a_rating_typed_now_still_may_not_be_in_the_future():
    with Diary.open(clock=lambda: NOW) as diary, pytest.raises(Exception, match="future"):
        diary.log_spasm(5, at=NOW + timedelta(hours=1))


def test_cli_list_refuses_an_impossible_count_in_one_line(capsys):
    live_diary()
    assert run_cli("diary", "list", "--last", "99999999999999999999") == 1
    err = capsys.readouterr().err
    assert err == ("hfs-tui diary: --last must be a number from 1 to 1,000,000, "
                   "for example --last 50\n")
    with Diary.open() as diary:  # and the store itself never overflows
        assert len(diary.recent(10**20)) == 2 and len(diary.page(0, 10**20)) == 2


def test_cli_summary_says_the_cli_command_to_log(capsys):
    live_diary(0)
    assert run_cli("diary", "summary") == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("Log one with: hfs-tui diary log 5")
    assert "Press l" not in out


def test_cli_repair_without_a_diary_says_there_is_none_yet(capsys):
    from hfs_tui.diary.store import default_path

    assert run_cli("diary", "repair") == 0
    assert capsys.readouterr().out == (f"There is no diary yet at {default_path()}; "
                                       "nothing to repair.\n")
    assert not default_path().exists()


def test_cli_list_of_a_newer_diary_says_to_update(capsys):
    import sqlite3

    diary_path = live_diary()
    connection = sqlite3.connect(diary_path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    assert run_cli("diary", "list") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "update hfs-tui to use it" in err
    assert run_cli("diary", "repair") == 1
    assert "update hfs-tui" in capsys.readouterr().err
    assert not list(diary_path.parent.glob("*.damaged-*"))
