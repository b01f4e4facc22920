"""The shipped model under one ctranslate2 compute type: load, decode speed, decisions.

    python bench/bench_voice_compute_type.py int8       # then float32, int8_float32
    python bench/bench_voice_compute_type.py --compare int8 float32

One compute type per process (each loads the model twice, then decodes a 1.7 s
command 9 times, then 61 recordings through the listener as `hear` does: every 15th
of bench/voice-human and every 29th of bench/voice-set). Decisions are saved to
/tmp/hfs-decisions-TYPE.json; --compare lists the recordings whose events differ.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import wave
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from bench_voice import HUMAN, SET, acted_on, content_commands, load_rows  # noqa: E402

from hfs_tui.voice import listener, recordings  # noqa: E402
from hfs_tui.voice.whisper import WhisperDecoder  # noqa: E402

COMMAND = SET / "cmd-117-festival-kal-clean.wav"


def saved(compute_type: str) -> Path:
    return Path(f"/tmp/hfs-decisions-{compute_type}.json")


def measure(compute_type: str) -> None:
    commands = content_commands()
    phrases = [c.phrase for c in commands]
    loads = []
    for _ in range(2):
        started = time.perf_counter()
        decoder = WhisperDecoder(phrases, compute_type=compute_type)
        loads.append(time.perf_counter() - started)
    listener._shared = decoder  # the listener decodes with this one
    with wave.open(str(COMMAND)) as reader:
        raw = reader.readframes(reader.getnframes())
    times = [decoder.decode(raw).decode_seconds for _ in range(9)]
    rows = load_rows(HUMAN, set(phrases))[::15] + load_rows(SET, set(phrases))[::29]
    out = []
    for row in rows:
        events = recordings.file_events(row["path"], commands)
        out.append({"file": row["file"], "expected": row["expected"],
                    "acted": acted_on(events),
                    "events": [(e.kind, e.phrase, e.message,
                                round(e.decision.ratio, 2) if e.decision else None)
                               for e in events]})
    right = sum(o["acted"] == o["expected"] for o in out if o["expected"])
    false = sum(o["acted"] is not None for o in out if not o["expected"])
    print(f"{compute_type}: load {', '.join(f'{s:.2f}' for s in loads)} s; 1.7 s command "
          f"decoded in median {1000 * statistics.median(times):.0f} ms; {len(out)} "
          f"recordings: {right} commands right, {false} non-commands acted on; load "
          f"average {os.getloadavg()[0]:.1f}")
    saved(compute_type).write_text(json.dumps(out, indent=0))


def compare(first: str, second: str) -> None:
    a, b = (json.loads(saved(t).read_text()) for t in (first, second))
    actions = [(x["file"], x["acted"], y["acted"]) for x, y in zip(a, b, strict=True)
               if x["acted"] != y["acted"]]
    events = sum(x["events"] != y["events"] for x, y in zip(a, b, strict=True))
    print(f"{len(a)} recordings: {len(actions)} actions differ, {events} with any event "
          "different (scores to 0.01)")
    for file, one, other in actions:
        print(f"  {file}: {first} {one or '-'}, {second} {other or '-'}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compare"]:
        compare(sys.argv[2], sys.argv[3])
    else:
        measure(sys.argv[1] if len(sys.argv) > 1 else "int8")
