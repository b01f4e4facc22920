"""Voice sub-commands: `hear` (test recordings) and `voice-log` (what was heard)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    hear = subparsers.add_parser(
        "hear", help="recognise voice commands in WAV recordings (mono or stereo, any rate)",
        description="Decode each recording as one spoken command, exactly as the listener "
                    "does after it hears a pause. With --stream, run the live listening "
                    "loop over one long recording and print every command it would act on.")
    hear.add_argument("files", nargs="+", metavar="FILE", help="WAV recordings")
    hear.add_argument("--json", action="store_true", help="one JSON object per line")
    hear.add_argument("--stream", action="store_true",
                      help="treat FILE as a long recording: detect, endpoint and decide")
    hear.add_argument("--playing", metavar="REF.wav",
                      help="with --stream: what the app was playing at the same moments "
                           "(same length and rate); its echo is cancelled and, while it "
                           "sounds, only 'stop' or 'pause' said over it act")
    hear.add_argument("--question", action="store_true",
                      help="with --playing: a yes-or-no question was showing, and the app "
                           "was reading it; its answers said over the reading act too")
    hear.set_defaults(func=run_hear)

    log = subparsers.add_parser("voice-log", help="show recent phrases heard and what they did")
    log.add_argument("--last", type=int, default=20, metavar="N",
                     help="how many entries (default 20)")
    log.add_argument("--json", action="store_true", help="one JSON object per line")
    log.set_defaults(func=run_voice_log)

    check = subparsers.add_parser("voice-check",
                                  help="check the microphone, recorder and recogniser")
    check.set_defaults(func=run_voice_check)


def run_hear(args: argparse.Namespace) -> int:
    from hfs_tui.voice.listener import default_commands
    from hfs_tui.voice.recordings import VoiceFileError, check_wav, decode_file

    playing = getattr(args, "playing", None)
    if playing and not args.stream:
        print("hfs-tui hear: --playing needs --stream (the played audio runs beside one long "
              "recording)", file=sys.stderr)
        return 2
    if getattr(args, "question", False) and not playing:
        print("hfs-tui hear: --question needs --playing (the question being read aloud)",
              file=sys.stderr)
        return 2
    if playing and len(args.files) != 1:
        print(f"hfs-tui hear: --playing goes with one recording, not {len(args.files)}",
              file=sys.stderr)
        return 2
    try:
        for path in args.files:
            check_wav(path)
        if playing:
            from hfs_tui.voice.stream import check_playing

            check_playing(args.files[0], playing)
    except VoiceFileError as error:
        print(f"hfs-tui hear: {error}", file=sys.stderr)
        return 2
    commands = default_commands()
    if args.stream:
        return _hear_stream(args, commands)
    status = 0
    for path in args.files:
        try:
            result = decode_file(path, commands)
        except RuntimeError as error:  # the listener stopped on this recording
            print(f"hfs-tui hear: {path}: cannot be decoded ({error})", file=sys.stderr)
            status = 2
            continue
        if args.json:
            # "reason" says in the same words as the plain line why nothing was done.
            print(json.dumps({"file": result.file, "heard": result.heard,
                              "action": result.action, "confidence": result.confidence,
                              "reason": "" if result.heard else _why_not(result)}),
                  flush=True)
        elif result.heard:
            argument = f" {result.argument}" if result.argument is not None else ""
            print(f"{result.file}: heard \"{result.heard}\" -> {result.action}{argument} "
                  f"(confidence {result.confidence:.2f})", flush=True)
        else:
            why = _why_not(result)
            print(f"{result.file}: not a command{': ' + why if why else ''} "
                  f"(confidence {result.confidence:.2f})", flush=True)
    return status


def _why_not(result: Any) -> str:
    """Why a recording was not acted on: "heard other words" (never which words), or a
    command's words with why ('no such number ("section sixteen")')."""
    why = str(result.reason or "")
    near = result.decision.command_heard if result.decision is not None else None
    if near:  # a command's words, never other speech
        why += f' ("{near}")'
    return why.strip()


def _hear_stream(args: argparse.Namespace, commands: list) -> int:
    from hfs_tui import actions
    from hfs_tui.voice.stream import stream_file

    status = 0
    answers: frozenset[str] = frozenset()
    if getattr(args, "question", False):
        commands, answers = actions.while_question_shows(commands)
    for path in args.files:
        try:
            hits = stream_file(path, commands, playing=getattr(args, "playing", None),
                               answers=answers)
        except RuntimeError as error:
            print(f"hfs-tui hear: {path}: {error}", file=sys.stderr)
            status = 2
            continue
        for hit in hits:
            if args.json:
                print(json.dumps({"file": str(path), "heard": hit.heard, "action": hit.action,
                                  "confidence": hit.confidence, "start_s": hit.start_s,
                                  "decided_s": hit.decided_s}), flush=True)
            else:
                print(f"{path}: {hit.start_s:7.2f} s heard \"{hit.heard}\" -> {hit.action} "
                      f"(decided at {hit.decided_s:.2f} s, confidence {hit.confidence:.2f})",
                      flush=True)
        if not hits and not args.json:
            print(f"{path}: no commands heard")
    return status


def run_voice_log(args: argparse.Namespace) -> int:
    from hfs_tui.diary.models import safe_for_terminal
    from hfs_tui.voice.log import LogUnreadable, VoiceLog

    log = VoiceLog()
    try:
        found = log.read(max(0, args.last))
    except LogUnreadable as error:
        print(f"hfs-tui voice-log: cannot open the voice log {error.path}: {error.reason}.",
              file=sys.stderr)
        return 1
    if found.skipped:
        # On stderr, so that --json output stays one JSON object a line.
        print(f"{found.skipped} line{'s' if found.skipped != 1 else ''} of {log.path} "
              f"could not be read and {'were' if found.skipped != 1 else 'was'} skipped.",
              file=sys.stderr)
    if args.json:
        for entry in found.entries:
            print(json.dumps(entry, ensure_ascii=False))
        return 0
    if not found.entries:
        print(f"Nothing heard yet (the log is {log.path}).")
        return 0
    for entry in found.entries:
        heard = f"\"{entry.get('heard')}\"" if entry.get("heard") else "(words not kept)"
        print(safe_for_terminal(f"{entry.get('time', '?')}  {heard}: {entry.get('outcome', '')} "
                                f"(confidence {float(entry.get('confidence', 0)):.2f})"))
    return 0


def run_voice_check(args: argparse.Namespace) -> int:
    from hfs_tui.voice.doctor import checks

    problems = 0
    for check in checks():
        print(f"{'ok     ' if check.ok else 'PROBLEM'}  {check.name}: {check.detail}")
        problems += not check.ok
    return 1 if problems else 0
