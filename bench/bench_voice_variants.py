"""Commands said the way people say them, and everyday sentences with the same words.

"go to the diary", "log a spasm of seven", "turn the volume down" are not phrases of
the registry: `actions.spoken_variants` maps them to one. Each line below is said by
five synthetic voices (espeak-ng, flite and festival: `apt-get install espeak-ng flite
festival`) and decoded through the listener (`recordings.decode_file`, as `hfs-tui
hear`). Reports the commands acted on as themselves, wrong actions, and the everyday
sentences acted on at all (the goal: none).

The lines were written after the variant rules, to test them, not to tune them. The
takes are made once into bench/.variants (about 10 MB, not committed).

    .venv/bin/python bench/bench_voice_variants.py      # about 1 minute once made
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hfs_tui.voice import recordings  # noqa: E402
from hfs_tui.voice.listener import default_commands  # noqa: E402

TAKES = REPO / "bench" / ".variants"
VOICES = (("espeak", "en-gb-x-rp"), ("espeak", "en-us"), ("flite", "rms"),
          ("flite", "kal16"), ("festival", "kal"))
LINES = """\
diary|Open my diary.
contents|Take me to the contents.
glossary|Show me the glossary.
go_to_section|Go to section seven.
go_to_section|Open section twelve.
go_to_section|Section number five.
log_spasm|Log a spasm of three.
log_spasm|Log my spasm at eight.
log_spasm|Record a spasm.
read_key_points|Read the main points.
read_aloud|Read this aloud.
read_aloud|Read out loud.
resume|Carry on reading.
resume|Resume reading.
slower|Speak more slowly.
faster|Read faster.
quieter|Turn the volume down.
previous_section|Go to the previous section.
skip_step|Skip this step.
confirm_yes|Yes, I'm sure.
start_exercise|Start the body scan.
settings|Go to the settings.
focus_mode|Open focus mode.
exercises|Show me the exercises.
quit|Exit the app.
-|Go to the doctor.
-|Open the post.
-|Show me the photos.
-|Read the letter to me.
-|Take me to the station.
-|Log the time.
-|Turn the heating down.
-|Speak to your doctor.
-|Keep it quiet.
-|Stop it now.
-|Open my bag.
-|Section of the paper.
-|Start the engine.
-|Skip the adverts.
-|Read the news.
-|Open the curtains.
-|My diary is full.
-|Take me to the shops.
-|Go back to sleep.
-|Show me your hands.
"""


def synthesise(engine: str, voice: str, text: str, out: Path) -> None:
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
    if engine == "espeak":
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(out), text], **quiet)
    elif engine == "flite":
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(out)], **quiet)
    else:
        subprocess.run(["text2wave", "-o", str(out)], input=text.encode(), **quiet)


def main() -> int:
    lines = [line.split("|", 1) for line in LINES.splitlines()]
    TAKES.mkdir(parents=True, exist_ok=True)
    commands = default_commands()
    right = wrong = acted_on = 0
    misses: list[str] = []
    for index, (expected, text) in enumerate(lines):
        for engine, voice in VOICES:
            path = TAKES / f"{index:02d}-{engine}-{voice}.wav"
            if not path.exists():
                synthesise(engine, voice, text, path)
            action = recordings.decode_file(path, commands).action
            if expected == "-":
                acted_on += action is not None
                if action is not None:
                    misses.append(f"{text} ({engine} {voice}): acted as {action}")
            elif action == expected:
                right += 1
            else:
                wrong += action is not None
                misses.append(f"{text} ({engine} {voice}): {action or 'nothing'}")
    said = sum(expected != "-" for expected, _ in lines) * len(VOICES)
    others = sum(expected == "-" for expected, _ in lines) * len(VOICES)
    print(f"commands in other words: {right} of {said} acted on as themselves, "
          f"{wrong} wrong actions")
    print(f"everyday sentences with command words: {acted_on} of {others} acted on")
    for miss in misses:
        print("  " + miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
