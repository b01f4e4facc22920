"""`hfs-tui say SECTION`: read a section aloud, or write it to a WAV file.

    hfs-tui say 3                 read section 3 aloud, printing each sentence
    hfs-tui say botox --key-points
    hfs-tui say --all --to leaflet.wav
    hfs-tui say 2 --engine system  the system's voice instead of the natural voice
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from dataclasses import replace
from pathlib import Path

from hfs_tui.content.models import Library, Section
from hfs_tui.settings import SpeechSettings

PROGRAM = "hfs-tui say"


class _UsageProblem(Exception):
    """One line for stderr, then exit 2."""


def register(subparsers: argparse._SubParsersAction) -> None:
    say = subparsers.add_parser(
        "say", help="read a section aloud, or save it as a WAV sound file",
        description="Read a section of the leaflet aloud (or every section with --all), "
                    "or save it as one WAV file with --to.",
    )
    say.add_argument("section", nargs="*",
                     help="section number, id or words of its title")
    say.add_argument("--all", action="store_true", help="every section, in order")
    say.add_argument("--to", metavar="FILE.wav", type=Path,
                     help="write the speech to this WAV file instead of playing it")
    say.add_argument("--force", action="store_true",
                     help="with --to: replace FILE.wav if it exists (otherwise it is refused)")
    say.add_argument("--rate", metavar="N", type=int,
                     help="speed in words a minute (80 to 400)")
    say.add_argument("--engine", choices=("natural", "system"),
                     help="the natural voice or the system's voice (default: the setting)")
    say.add_argument("--key-points", action="store_true",
                     help="only the title and the key points")
    say.set_defaults(func=say_command)


def say_command(args: argparse.Namespace) -> int:
    try:
        sections, library, speech_settings = _gather(args)
        if args.to is not None:
            return _write_wav(args, sections, library, speech_settings)
        return _play(args, sections, library, speech_settings)
    except _UsageProblem as problem:
        print(f"{PROGRAM}: {problem}", file=sys.stderr)
        return 2


def _gather(args: argparse.Namespace) -> tuple[list[Section], Library, SpeechSettings]:
    from hfs_tui import settings
    from hfs_tui.plain import SectionNotFound, find_section, load_for_cli
    from hfs_tui.speech.controller import RATE_LIMITS

    if args.all == bool(args.section):
        raise _UsageProblem("give one section (number, id or title words) or --all")
    speech_settings = settings.load().settings.speech
    if args.rate is not None:
        low, high = RATE_LIMITS
        if not low <= args.rate <= high:
            raise _UsageProblem(
                f"--rate {args.rate} is outside {low:g} to {high:g} words a minute"
            )
        speech_settings = replace(speech_settings, rate=args.rate)
    if getattr(args, "engine", None):
        speech_settings = replace(speech_settings, engine=args.engine)
    if args.to is not None:
        if args.to.suffix.lower() != ".wav":
            raise _UsageProblem(f"--to {args.to}: the file name should end in .wav")
        if not args.to.parent.is_dir():
            raise _UsageProblem(f"--to {args.to}: the folder {args.to.parent} does not exist")
        # As `diary export` does: an existing file is only replaced when asked to.
        if (args.to.exists() or args.to.is_symlink()) and not getattr(args, "force", False):
            raise _UsageProblem(f"--to {args.to}: that file already exists; nothing was "
                                "written. Use --force to replace it")
    library = load_for_cli(getattr(args, "content", None))
    ordered = sorted(library.sections, key=lambda s: s.order)
    if args.all:
        return ordered, library, speech_settings
    try:
        return [find_section(library, " ".join(args.section))], library, speech_settings
    except SectionNotFound as error:
        raise _UsageProblem(str(error)) from None


def _texts(section: Section, key_points: bool) -> list[str]:
    """What is spoken for a section: its title, then the body (or the key points)."""
    body = list(section.key_points) if key_points else list(section.sentences)
    return [section.title, *body]


def _write_wav(args: argparse.Namespace, sections: list[Section], library: Library,
               speech_settings: SpeechSettings) -> int:
    from hfs_tui.speech.engine import EngineUnavailable, wav_seconds
    from hfs_tui.speech.export import synthesise_to_file

    texts = [text for section in sections for text in _texts(section, args.key_points)]
    try:
        try:
            synthesise_to_file(texts, args.to, speech_settings, library.pronunciations)
        except EngineUnavailable as error:
            if speech_settings.engine != "natural" or getattr(args, "engine", None):
                raise
            # The natural voice is only the setting: say why, then use the system voice.
            print(f"{PROGRAM}: the natural voice could not load ({error}); using the "
                  "system voice", file=sys.stderr)
            synthesise_to_file(texts, args.to, speech_settings, library.pronunciations,
                               engine="system")
    except EngineUnavailable as error:
        raise _UsageProblem(f"cannot speak: {error} (see hfs-tui doctor)") from None
    except OSError as error:
        raise _UsageProblem(f"cannot write {args.to}: {error.strerror or error}") from None
    minutes, seconds = divmod(round(wav_seconds(args.to)), 60)
    print(f"Saved {len(texts)} sentences ({minutes} min {seconds:02d} s) to {args.to}")
    return 0


def _play(args: argparse.Namespace, sections: list[Section], library: Library,
          speech_settings: SpeechSettings) -> int:
    from hfs_tui.speech.controller import ReadAloud, SpeechEvent, Utterance
    from hfs_tui.speech.player import NO_SOUND_OUTPUT

    done = threading.Event()
    no_sound = threading.Event()
    current: list[str] = []
    ended: list[str] = []

    def on_event(event: SpeechEvent) -> None:
        if event.kind == "started" and event.index is not None:
            number = event.index + 1
            try:
                print(f"[{number}/{len(current)}] {current[event.index]}", flush=True)
            except BrokenPipeError:  # `hfs-tui say 1 | head`: stop quietly
                ended.append("closed")
                done.set()
        elif event.kind == "problem" and event.message == NO_SOUND_OUTPUT:
            # Printing sentences at reading pace with no sound helps nobody.
            no_sound.set()
            done.set()
        elif event.kind == "problem":
            print(f"{PROGRAM}: {event.message}", file=sys.stderr, flush=True)
        elif event.kind in ("finished", "stopped"):
            ended.append(event.kind)
            done.set()

    reader = ReadAloud(speech_settings, library.pronunciations, on_event=on_event)
    try:
        for section in sections:
            current[:] = _texts(section, args.key_points)
            done.clear()
            reader.read([Utterance((section.id, n), text) for n, text in enumerate(current)])
            while not done.wait(0.2):  # a timeout keeps Ctrl-C responsive
                pass
            if no_sound.is_set():
                reader.stop()
                print(f"{PROGRAM}: no sound output found, so nothing can be heard. Save "
                      f"it as a sound file instead: {PROGRAM} {' '.join(args.section) or '--all'} "
                      "--to FILE.wav (hfs-tui doctor says what is missing)",
                      file=sys.stderr, flush=True)
                return 2
            if ended[-1] == "closed":
                with contextlib.suppress(OSError):
                    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - flushed at exit
                return 0
            if ended[-1] != "finished":
                return 1
    finally:
        reader.close()
    return 0
