"""The `hfs-tui` command: the app, plus plain commands for screen readers and scripts.

Each layer adds its own sub-commands through a `register(subparsers)` function in
its `cli` module, so this file only wires them together. Heavy imports (Textual,
pyttsx3, the voice model) happen inside the commands, keeping `--help` and start-up fast.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hfs_tui import __version__

if TYPE_CHECKING:
    import argparse

DESCRIPTION = (
    "A calm companion for people with hemifacial spasm: an easy-read leaflet, "
    "reading aloud, voice commands, relaxation exercises and a private diary. "
    "Run with no command to open the app."
)


def _top_level(add_help: bool = True) -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(prog="hfs-tui", description=DESCRIPTION,
                                     add_help=add_help)
    parser.add_argument("--version", action="version", version=f"hfs-tui {__version__}")
    parser.add_argument("--content", metavar="DIR", type=Path,
                        help="use leaflets from this folder instead of the built-in ones")
    parser.add_argument("--voice", action="store_true", help="start with voice commands on")
    parser.add_argument("--focus", action="store_true", help="start in focus mode")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _top_level()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")

    from hfs_tui import doctor, plain
    from hfs_tui.content import cli as content_cli
    from hfs_tui.diary import cli as diary_cli
    from hfs_tui.exercise import cli as exercise_cli
    from hfs_tui.speech import cli as speech_cli
    from hfs_tui.voice import cli as voice_cli

    plain.register(subparsers)
    doctor.register(subparsers)
    content_cli.register(subparsers)
    speech_cli.register(subparsers)
    voice_cli.register(subparsers)
    diary_cli.register(subparsers)
    exercise_cli.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:  # the usual way in: open the app, with no parser to build
        return run_app()
    # Opening the app needs none of the sub-commands, so skip loading them all:
    # that is a good part of start-up time.
    quick, rest = _top_level(add_help=False).parse_known_args(arguments)
    if not rest:
        return run_app(quick)
    args = build_parser().parse_args(arguments)
    if args.command is None:
        return run_app(args)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `hfs-tui read ... | head` is fine; do not print a traceback.
        sys.stderr.close()
        return 0


NO_TERMINAL = (
    "hfs-tui: the app needs a terminal window, and this is not one. Without a window "
    "these work: hfs-tui list, hfs-tui read NUMBER, hfs-tui say NUMBER, hfs-tui "
    "exercise, hfs-tui diary, hfs-tui doctor (hfs-tui --help lists them all)."
)
NO_TERMINAL_CODE = 2


def has_terminal() -> bool:
    """Both ends are a terminal: the full-screen app can draw and hear keys. Piped or
    with no input, it would print escape codes and wait for ever."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def run_app(args: argparse.Namespace | None = None) -> int:
    if not has_terminal():
        print(NO_TERMINAL, file=sys.stderr)
        return NO_TERMINAL_CODE
    from hfs_tui.speech import warm_up

    # Start the speech engine before Textual owns the terminal: espeak-ng's C
    # library can print while it loads, and that output is silenced here. It loads
    # on the engine's thread while Textual is imported, and is waited for before
    # the first frame, because the silencing swaps file descriptors Textual uses.
    engine_ready = warm_up()
    from hfs_tui.ui.app import HfsApp

    with contextlib.suppress(Exception):  # no engine: the app says so when reading
        engine_ready.result(timeout=10)
    app = HfsApp(content_dir=getattr(args, "content", None),
                 voice=getattr(args, "voice", False), focus=getattr(args, "focus", False))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
