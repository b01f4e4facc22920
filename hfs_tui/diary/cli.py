"""`hfs-tui diary ...`: log, list, summary, export, import and repair in plain text.

For scripts and screen-reader users: plain lines, no escape codes, one-line errors
on stderr, exit code 0 when it worked and 1 when it did not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hfs_tui.diary.models import (
    COMMON_TRIGGERS,
    IMPORT_FUTURE_MARGIN,
    PARTS,
    DiaryError,
    Entry,
    describe,
    parse_severity,
    parse_when,
    safe_for_terminal,
    saved_message,
)
from hfs_tui.diary.store import Diary


def register(subparsers: argparse._SubParsersAction) -> None:
    diary = subparsers.add_parser(
        "diary", help="the private spasm and treatment diary (log, list, export, import)",
        description="Your private spasm and treatment diary, as plain text.")
    commands = diary.add_subparsers(dest="diary_command", metavar="ACTION")
    diary.set_defaults(func=lambda args: _usage(diary))

    log = commands.add_parser("log", help="log how bad the spasms are now (0 to 10)")
    log.add_argument("severity", help="0 (none) to 10 (very bad); a number or a word")
    log.add_argument("--note", default="", help="a note, up to 2000 characters")
    log.add_argument("--parts", action="append", default=[],
                     help=f"parts of the face involved, comma separated: {', '.join(PARTS)}")
    log.add_argument("--triggers", action="append", default=[],
                     help=f"what set it off, comma separated: {', '.join(COMMON_TRIGGERS)} "
                          "or your own words")
    log.add_argument("--at", help="when, if not now: YYYY-MM-DD HH:MM (or ISO 8601)")
    log.set_defaults(func=_log_command)

    listing = commands.add_parser("list", help="show the latest entries, newest first")
    listing.add_argument("--last", type=int, default=20, metavar="N",
                         help="how many entries (default 20)")
    listing.set_defaults(func=_list_command)

    summary = commands.add_parser("summary", help="a short summary you can have read aloud")
    summary.add_argument("--days", type=int, choices=(30, 90, 365), default=30)
    summary.set_defaults(func=_summary_command)

    export = commands.add_parser(
        "export", help="save every entry (CSV) or a report (.md/.html)",
        description="Save your diary: 'hfs-tui diary export report.html' (or .md) makes a "
                    "report for the clinic, 'hfs-tui diary export entries.csv' keeps every "
                    "entry. The file's ending says which.")
    export.add_argument("files", type=Path, nargs="*", metavar="FILE",
                        help="FILE.csv for every entry, FILE.html or FILE.md for the report")
    export.add_argument("--csv", type=Path, metavar="FILE", help="every entry as a CSV file")
    export.add_argument("--summary", type=Path, metavar="FILE",
                        help="a one-page report for the clinic: FILE.md or FILE.html")
    export.add_argument("--force", action="store_true",
                        help="replace FILE if it exists (otherwise you are asked on a "
                             "terminal, and it is refused without one)")
    export.set_defaults(func=_export_command)

    importing = commands.add_parser("import", help="add entries from a CSV export")
    importing.add_argument("file", type=Path, metavar="FILE.csv")
    importing.add_argument("--skip-bad", action="store_true",
                           help="import the good rows even if some rows are bad")
    importing.add_argument("--check", action="store_true",
                           help="report what would be imported and every bad row; "
                                "write nothing")
    importing.set_defaults(func=_import_command)

    repair = commands.add_parser(
        "repair", help="start a new diary from a damaged one, keeping every readable entry")
    repair.set_defaults(func=_repair_command)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _fail(message: str) -> int:
    print(f"hfs-tui diary: {safe_for_terminal(message)}", file=sys.stderr)
    return 1


def _split(values: list[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _log_command(args: argparse.Namespace) -> int:
    try:
        severity = parse_severity(args.severity)
        at = parse_when(args.at, "--at") if args.at else None
        with Diary.open() as diary:
            entry = diary.log_spasm(severity, at=at, parts=_split(args.parts),
                                    triggers=_split(args.triggers), note=args.note)
            print(f"{saved_message(entry, diary.clock().date())} (entry {entry.id})")
    except DiaryError as error:
        return _fail(str(error))
    return 0


def format_entry_line(entry: Entry) -> str:
    return safe_for_terminal(f"{entry.id:>6}  {entry.at:%Y-%m-%d %H:%M}  {describe(entry)}")


LIST_MAX = 1_000_000
"""More entries than anyone keeps (ten years are about 4,000)."""


def _list_command(args: argparse.Namespace) -> int:
    if not 1 <= args.last <= LIST_MAX:
        return _fail(f"--last must be a number from 1 to {LIST_MAX:,}, for example --last 50")
    try:
        with Diary.open() as diary:
            entries = diary.recent(args.last)
    except DiaryError as error:
        return _fail(str(error))
    if not entries:
        print("The diary is empty. Log a rating with: hfs-tui diary log 5")
        return 0
    for entry in entries:
        print(format_entry_line(entry))
    return 0


HOW_TO_LOG = "Log one with: hfs-tui diary log 5"
"""The command line's way to log a rating (the app's is the l key)."""


def _summary_command(args: argparse.Namespace) -> int:
    from hfs_tui.diary.stats import summary_text

    try:
        with Diary.open() as diary:
            print(safe_for_terminal(summary_text(diary, args.days, how_to_log=HOW_TO_LOG)))
    except DiaryError as error:
        return _fail(str(error))
    return 0


EXPORT_KINDS = {".csv": "csv", ".html": "summary", ".htm": "summary", ".md": "summary",
                ".markdown": "summary", ".txt": "summary"}
"""A file's ending, and the export it asks for (the --csv or --summary option)."""


def _export_command(args: argparse.Namespace) -> int:
    from hfs_tui.diary.export import FileExists, export_csv, export_summary, refuse_diary_files

    for path in args.files:
        kind = EXPORT_KINDS.get(path.suffix.lower())
        if kind is None:
            return _fail(f"{path}: say which kind of file by its ending: .csv for every "
                         "entry, .html, .md or .txt for the report")
        if getattr(args, kind):
            return _fail(f"{path}: only one {kind} file at a time")
        setattr(args, kind, path)
    if not args.csv and not args.summary:
        return _fail("say where to save it: hfs-tui diary export report.html (or .md) "
                     "for the clinic, or entries.csv for every entry")
    try:
        with Diary.open() as diary:
            for target in (args.csv, args.summary):
                if target:  # before asking "Replace it?" about the diary's own file
                    refuse_diary_files(target, diary.path)
            if args.csv:
                force = _may_replace(args.csv, args.force)
                try:
                    count = export_csv(diary, args.csv, force=force)
                except FileExists as error:
                    return _fail(str(error))
                print(f"Saved {count} {'entry' if count == 1 else 'entries'} to {args.csv}")
            if args.summary:
                force = _may_replace(args.summary, args.force)
                try:
                    kind = export_summary(diary, args.summary, force=force)
                except FileExists as error:
                    return _fail(str(error))
                print(f"Saved the report ({kind}) to {args.summary}")
    except DiaryError as error:
        return _fail(str(error))
    return 0


def _may_replace(path: Path, force: bool) -> bool:
    """--force, or yes from a person at a terminal; never a guess without stdin."""
    if force or not path.exists() or path.is_dir():
        return force
    if not (sys.stdin and sys.stdin.isatty()):
        return False
    try:
        answer = input(f"{path} already exists. Replace it? (y/N) ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _import_command(args: argparse.Namespace) -> int:
    from hfs_tui.diary.export import account, line_ranges, plan_import, read_csv
    from hfs_tui.diary.store import default_path

    try:
        result = read_csv(args.file)
        for problem in result.problems:
            print(safe_for_terminal(f"{args.file} {problem}"), file=sys.stderr)
        if args.check:
            existing: list[Entry] = []
            if default_path().exists():
                with Diary.open() as diary:
                    existing = diary.entries()
            plan = plan_import(existing, result.entries, result.lines)
            print(safe_for_terminal(account(args.file, result, plan, checking=True)))
            return 1 if result.problems else 0
        if result.problems and not args.skip_bad:
            return _fail(f"nothing imported: {len(result.problems)} bad row(s) in "
                         f"{args.file} on line(s) {line_ranges(result.bad_lines)}; fix "
                         "them, or use --skip-bad to import the good ones")
        with Diary.open() as diary:
            plan = plan_import(diary.entries(), result.entries, result.lines)
            diary.add_many((entry for _line, entry in plan.new),
                           future_margin=IMPORT_FUTURE_MARGIN)
    except DiaryError as error:
        return _fail(str(error))
    print(safe_for_terminal(account(args.file, result, plan, checking=False)))
    return 0


def _repair_command(args: argparse.Namespace) -> int:
    from hfs_tui.diary import health

    try:
        done = health.repair()
    except health.NothingToRepair as nothing:
        print(f"{nothing}.")
        return 0
    except DiaryError as error:
        return _fail(str(error))
    print(done.message)
    return 0
