"""Every voice phrase, said by voices bench/voice-set/ does not have, through `hear`.

bench/voice-set/ holds 150 commands in 12 voices; this says each of the content's
phrases (136 with today's leaflet) once in each of six other voices, clean: four
espeak-ng accents, flite's awb, and the app's own natural voice (Piper), which is the
nearest to a person saying a command of several words. Each take goes through
`recordings.decode_file`, exactly as `hfs-tui hear` judges a file.

    python bench/bench_voice_phrases.py            # about 5 minutes
    python bench/bench_voice_phrases.py --keep DIR # keep the takes in DIR, or use
                                                   # the ones already there (A/B runs)

Needs espeak-ng and flite (Debian: apt-get install espeak-ng flite). Reports, per voice:
phrases right (the phrase's action, or another phrase's for the same action: "slow
down" for "slower"), wrong actions (a different action) and missed, then each phrase
that went wrong.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_voice import content_commands  # noqa: E402

from hfs_tui.speech.engine import VoiceSettings  # noqa: E402
from hfs_tui.voice import recordings  # noqa: E402

ESPEAK_VOICES = ("en-gb-x-rp", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en-us-nyc")


def spoken(phrase: str) -> str:
    """The phrase as a person would write it for a speech engine ("what can I say")."""
    return " ".join("I" if word == "i" else word for word in phrase.split())


def synthesisers_missing() -> str:
    """What make_takes() needs and this machine lacks, as a line to print ("" if none)."""
    missing = [tool for tool in ("espeak-ng", "flite") if shutil.which(tool) is None]
    return f"needs {' and '.join(missing)}: apt-get install espeak-ng flite" if missing else ""


def make_takes(phrases: list[str], folder: Path) -> list[tuple[str, str, Path]]:
    """Each phrase in each voice; takes already in `folder` are used as they are (the
    natural voice varies a little from one synthesis to the next)."""
    from hfs_tui.speech.natural import PiperEngine

    piper = PiperEngine()
    takes = []
    for number, phrase in enumerate(phrases):
        text = spoken(phrase)
        for voice in (*ESPEAK_VOICES, "flite-awb", "piper"):
            name = voice if voice in ("flite-awb", "piper") else f"espeak-{voice}"
            path = folder / f"{number:03d}-{name}.wav"
            takes.append((phrase, name, path))
            if path.exists():
                continue
            if voice == "piper":
                piper.synthesise(text, path, VoiceSettings(rate=160, volume=1.0, voice=""))
            elif voice == "flite-awb":
                subprocess.run(["flite", "-voice", "awb", "-t", text, "-o", str(path)],
                               check=True)
            else:
                subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True)
    return takes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the takes in this folder")
    args = parser.parse_args()
    problem = synthesisers_missing()
    if problem:
        print(problem)
        return 1
    commands = content_commands()
    phrases = sorted({command.phrase for command in commands})
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        takes = make_takes(phrases, folder)
        tally: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        problems: dict[str, list[str]] = collections.defaultdict(list)
        meaning = {command.phrase: (command.action, command.argument) for command in commands}
        for phrase, voice, path in takes:
            result = recordings.decode_file(path, commands)
            heard = result.heard
            # Another phrase for the same action ("slow down" for "slower") is right.
            outcome = ("right" if (result.action, result.argument) == meaning[phrase]
                       else "wrong" if heard else "missed")
            tally[voice][outcome] += 1
            tally["all"][outcome] += 1
            if outcome != "right":
                problems[phrase].append(f"{voice}: {heard or '-'}")
    print(f"{len(phrases)} phrases, {len(ESPEAK_VOICES) + 2} voices")
    for voice, counts in sorted(tally.items(), key=lambda item: item[0] == "all"):
        total = sum(counts.values())
        print(f"{voice:22} right {counts['right']:3}/{total} ({counts['right'] / total:.1%}), "
              f"wrong action {counts['wrong']}, missed {counts['missed']}")
    for phrase, said in sorted(problems.items(), key=lambda item: -len(item[1])):
        print(f"  {phrase}: {'; '.join(said)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
