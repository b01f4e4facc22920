"""Answering a yes-or-no question on screen: the bench's recordings with and without one.

Every recording of bench/voice-set and bench/voice-human goes through the listener
(`recordings.file_events`, as `hfs-tui hear`), first with the usual phrases alone, then
as while "Quit hfs-tui?" shows (`actions.while_question_shows`: its everyday answers,
"yeah", "yep" and "nope", heard too, and its answers set, `VoiceControl.set_answers`).
With a question on screen a near-miss "no" answers it (answering no by mistake costs
nothing); a near-miss "yes" still asks again. Reports, per part:
the "no" and "yes" recordings answered, and the recordings with no command in them
that became an answer.

    .venv/bin/python bench/bench_voice_answers.py            # TEST, about 6 minutes
    .venv/bin/python bench/bench_voice_answers.py --split train
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_voice import HUMAN, SET, content_commands, load_rows  # noqa: E402

from hfs_tui import actions  # noqa: E402
from hfs_tui.voice import recordings  # noqa: E402

ANSWER_ACTIONS = {"confirm_yes": "yes", "confirm_no": "no"}


def answered(path: str, heard: tuple[list, frozenset[str]]) -> str | None:
    """"yes" or "no" if the recording answered the question, else None."""
    commands, answers = heard
    events = recordings.file_events(path, commands, answers=answers)
    acted = [e.command.action for e in events if e.kind == "command" and e.command]
    return next((ANSWER_ACTIONS[a] for a in acted if a in ANSWER_ACTIONS), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "test"), default="test")
    args = parser.parse_args()
    commands = content_commands()
    phrases = {command.phrase for command in commands}
    question = actions.while_question_shows(commands)
    for name, folder in (("synthetic", SET), ("people", HUMAN)):
        rows = [row for row in load_rows(folder, phrases) if row["split"] == args.split]
        for label, heard in (("no question", (commands, frozenset())),
                             ("question on screen", question)):
            counts: collections.Counter[str] = collections.Counter()
            for row in rows:
                wanted = ANSWER_ACTIONS.get(next(
                    (c.action for c in commands if c.phrase == row["expected"]), ""))
                got = answered(row["path"], heard)
                if wanted:
                    counts[f"{wanted} said"] += 1
                    counts[f"{wanted} answered"] += got == wanted
                elif not row["expected"]:
                    counts["no command"] += 1
                    counts["became an answer"] += got is not None
            print(f"{name} {args.split.upper()}, {label}: \"no\" answered "
                  f"{counts['no answered']} of {counts['no said']}, \"yes\" "
                  f"{counts['yes answered']} of {counts['yes said']}; recordings with no "
                  f"command that became an answer: {counts['became an answer']} of "
                  f"{counts['no command']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
