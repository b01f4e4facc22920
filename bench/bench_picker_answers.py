"""The spasm picker's bare numbers: heard when said, and not made out of other speech.

While the picker shows, "zero" to "ten" are commands too (actions.screen_voice_commands),
so a rating can be given as "log spasm", a pause, then "seven". This measures both
sides of that, each recording through `recordings.decode_file` (as `hfs-tui hear`):

- each number said alone in the six voices of bench_voice_phrases.py (66 takes);
- every non-command recording of bench/voice-set/ and bench/voice-human/ (people's
  single words such as "on", "off", "go", "right", sentences, noise, silence), with
  the picker's phrases and without: how many become a rating nobody gave.

    python bench/bench_picker_answers.py            # about 4 minutes
    python bench/bench_picker_answers.py --keep DIR # keep or reuse the number takes

Needs espeak-ng and flite (Debian: apt-get install espeak-ng flite).
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_voice import HUMAN, SET, content_commands, load_rows  # noqa: E402
from bench_voice_phrases import make_takes  # noqa: E402

from hfs_tui import actions  # noqa: E402
from hfs_tui.voice import recordings  # noqa: E402

PICKER = "LogSpasmScreen"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the number takes in this folder")
    args = parser.parse_args()
    missing = [tool for tool in ("espeak-ng", "flite") if shutil.which(tool) is None]
    if missing:
        print(f"needs {' and '.join(missing)}: apt-get install espeak-ng flite")
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
