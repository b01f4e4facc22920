"""Command-line entry for the content layer: `hfs-tui check-content [DIR]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from hfs_tui import paths


def _check_command(args: argparse.Namespace) -> int:
    from hfs_tui.content.check import check_content

    # `hfs-tui --content DIR check-content` works as well as `check-content DIR`.
    folder = args.folder or getattr(args, "content", None) or paths.builtin_content_dir()
    return check_content(Path(folder), strict=args.strict)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    checking = subparsers.add_parser(
        "check-content",
        help="check a leaflet folder for mistakes and show how easy it is to read",
        description=(
            "Check every leaflet section, the glossary, the pronunciation list and the "
            "exercises in a content folder. Each problem is printed as file:line: message. "
            "Exit code 1 if there are problems, or strong words ('always', 'cures') that "
            "are neither reworded nor marked as intended. Without DIR, checks the built-in "
            "content."
        ),
    )
    checking.add_argument("folder", metavar="DIR", nargs="?", type=Path,
                          help="content folder (the one holding leaflet/)")
    checking.add_argument("--strict", action="store_true",
                          help="also fail (exit code 1) when text is harder to read than "
                               "the targets")
    checking.set_defaults(func=_check_command)
