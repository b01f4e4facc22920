"""Commands said with a pause in them, and the spasm picker's bare numbers.

People stop for breath before a number or a name. Two rules cover that, and this
measures both sides of each, every recording through `recordings.decode_file` or
`recordings.file_events` (the listener's own path, as `hfs-tui hear`):

- a command in two breaths ("section", 1 s of quiet, "seven"; "open", "surgery";
  "start", "slow breathing"): every numbered, section and exercise command whose
  halves make sense apart, in the six voices of bench_voice_phrases.py;
- while the picker shows, "zero" to "ten" said alone (actions.screen_voice_commands),
  in the same six voices;
- every non-command recording of bench/voice-set/ and bench/voice-human/ (people's
  single words such as "on", "off", "go", "right", sentences, noise, silence), with
  the picker's phrases and without: how many become a rating nobody gave.

    python bench/bench_voice_pauses.py            # about 15 minutes
    python bench/bench_voice_pauses.py --keep DIR # keep or reuse the takes

Needs espeak-ng and flite (Debian: apt-get install espeak-ng flite).
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))  # voice_helpers.join_recordings

from bench_voice import HUMAN, SET, content_commands, load_rows  # noqa: E402
from bench_voice_phrases import make_takes, synthesisers_missing  # noqa: E402

from hfs_tui import actions  # noqa: E402
from hfs_tui.voice import recordings  # noqa: E402

PICKER = "LogSpasmScreen"


SPLIT_AFTER = ("section", "open", "start")
"""The first halves: what people say before a pause for the number or the name."""


def two_breaths(commands: list, folder: Path) -> None:
    """Each argument command said as its first word, 1 s of quiet, then the rest."""
    from voice_helpers import join_recordings, pcm16k, write_wav

    wholes = sorted({c.phrase for c in commands
                     if c.phrase.split()[0] in SPLIT_AFTER and c.argument is not None})
    halves = sorted({part for whole in wholes
                     for part in (whole.split()[0], " ".join(whole.split()[1:]))})
    (folder / "halves").mkdir(exist_ok=True)
    takes = {(phrase, voice): write_wav(path.with_suffix(".16k.wav"), pcm16k(path))
             for phrase, voice, path in make_takes(halves, folder / "halves")
             if not path.name.endswith(".16k.wav")}
    voices = sorted({voice for _, voice in takes})
    right: collections.Counter[str] = collections.Counter()
    wrong: list[str] = []
    for whole in wholes:
        first, rest = whole.split()[0], " ".join(whole.split()[1:])
        for voice in voices:
            session = join_recordings([takes[first, voice], takes[rest, voice]],
                                      folder / "joined.wav", gap_seconds=1.0)
            acted = [e.phrase for e in recordings.file_events(session, commands)
                     if e.kind == "command"]
            right[voice] += acted == [whole]
            if acted and acted != [whole]:
                wrong.append(f"{whole} ({voice}): {', '.join(map(str, acted))}")
    total = sum(right.values())
    count = len(wholes) * len(voices)
    print(f"commands in two breaths (1 s apart): {total}/{count} right "
          f"({total / count:.1%}); " + ", ".join(f"{v} {right[v]}" for v in voices))
    print(f"  acted on something else: {len(wrong)}")
    for line in wrong:
        print(f"  {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the takes in this folder")
    args = parser.parse_args()
    problem = synthesisers_missing()
    if problem:
        print(problem)
        return 1
    usual = content_commands()
    answers = actions.screen_voice_commands(PICKER)
    picker = usual + answers
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        takes = make_takes([answer.phrase for answer in answers], folder)
        said: collections.Counter[str] = collections.Counter()
        wrong: list[str] = []
        for phrase, voice, path in takes:
            result = recordings.decode_file(path, picker)
            right = result.action == "pick_severity" and result.heard == phrase
            said[voice] += right
            if not right:
                wrong.append(f"{phrase} ({voice}): {result.heard or '-'}")
        two_breaths(usual, folder)
    voices = sorted(said)
    total = sum(said.values())
    print(f"numbers said alone, picker open: {total}/{len(takes)} right "
          f"({total / len(takes):.1%}); " + ", ".join(f"{v} {said[v]}" for v in voices))
    for line in wrong:
        print(f"  {line}")

    phrases = {command.phrase for command in usual}
    for name, folder in (("synthetic", SET), ("people", HUMAN)):
        others = [row for row in load_rows(folder, phrases) if not row["expected"]]
        rated: list[str] = []
        acted = {"usual": 0, "picker": 0}
        for row in others:
            for grammar, commands in (("usual", usual), ("picker", picker)):
                result = recordings.decode_file(row["path"], commands)
                if result.action is not None:
                    acted[grammar] += 1
                if grammar == "picker" and result.action == "pick_severity":
                    rated.append(f"{row['file']}: {result.heard}")
        print(f"{name} non-commands ({len(others)}): a rating made up {len(rated)} "
              f"({len(rated) / len(others):.1%}); any action: usual phrases "
              f"{acted['usual']}, picker's {acted['picker']}")
        for line in rated:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
