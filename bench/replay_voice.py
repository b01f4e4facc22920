"""Voice tuning tool: keep the utterances the listener cuts, decode them again with
other settings, and score decision rules without running the listener each time.

`bench/bench_voice.py` is the measure; this is how its constants were chosen. The
listener's cuts of every bench recording are kept once (about 4 minutes), and each
decoding (model, window, beam) once more (1-5 minutes); scoring a rule then takes a
second. With the shipped settings the figures equal bench_voice.py's.

    python bench/replay_voice.py capture                 # cuts -> bench/.replay/cuts.pickle
    python bench/replay_voice.py decode shipped          # the shipped decoder
    python bench/replay_voice.py decode base --model-dir DIR --window 30
    python bench/replay_voice.py score shipped --split train
    python bench/replay_voice.py decode diary --screen DiaryScreen   # the diary's grammar

Tune on TRAIN only; TEST is for the final figure.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_voice import HUMAN, SET, content_commands, load_rows, missed, tally  # noqa: E402

from hfs_tui import actions  # noqa: E402
from hfs_tui.voice import levels, listener, recordings  # noqa: E402
from hfs_tui.voice.whisper import Hypotheses, WhisperDecoder  # noqa: E402

CACHE = REPO / "bench" / ".replay"


@dataclass
class Cut:
    """One utterance the listener handed to the recogniser, and the room level then."""

    raw: bytes
    room_level: float


@dataclass
class Recording:
    set_name: str
    row: dict[str, str]
    cuts: list[Cut] = field(default_factory=list)
    acted: str | None = None
    """What the listener acted on first, with the decoder that was shipped at capture."""


def capture(out: Path) -> None:
    """Every bench recording through the listener, keeping each cut it decodes."""
    commands = content_commands()
    decoder = listener.shared_decoder(commands)
    current: list[Cut] = []
    room = {"level": 0.0}
    original_handle = listener.VoiceControl._handle
    original_decode = decoder.decode

    def handle(self, audio, decoder, source, echo=None):  # type: ignore[no-untyped-def]
        room["level"] = self._room_level
        return original_handle(self, audio, decoder, source, echo)

    def decode(raw: bytes):  # type: ignore[no-untyped-def]
        current.append(Cut(raw, room["level"]))
        return original_decode(raw)

    listener.VoiceControl._handle = handle  # type: ignore[method-assign]
    decoder.decode = decode  # type: ignore[method-assign]
    kept: list[Recording] = []
    phrases = {command.phrase for command in commands}
    for set_name, folder in (("synthetic", SET), ("people", HUMAN)):
        for row in load_rows(folder, phrases):
            current.clear()
            events = recordings.file_events(row["path"], commands)
            acted = next((e.phrase for e in events if e.kind == "command"), None)
            kept.append(Recording(set_name, row, list(current), acted))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pickle.dumps(kept))
    print(f"{len(kept)} recordings, {sum(len(r.cuts) for r in kept)} cuts -> {out}")


def commands_on(screen: str) -> list:
    """The grammar while `screen` shows: the app's, and that screen's own phrases
    (the diary's "last ninety days"); "" for the app's alone, as the bench has it."""
    return content_commands() + (actions.screen_voice_commands(screen) if screen else [])


def decode(cuts: Path, out: Path, options: dict, screen: str = "") -> None:
    """Whisper's hypotheses for every cut, with these decoder options."""
    kept: list[Recording] = pickle.loads(cuts.read_bytes())
    decoder = WhisperDecoder.for_commands(commands_on(screen), **options)
    print(f"model: {decoder.info.describe()}")
    heard: list[list[tuple[Hypotheses | None, float]]] = []
    for recording in kept:
        one = []
        for cut in recording.cuts:
            started = time.perf_counter()
            hypotheses = decoder.hypotheses(cut.raw)
            one.append((hypotheses, time.perf_counter() - started))
        heard.append(one)
    seconds = [s * 1000 for one in heard for h, s in one if h is not None]
    print(f"{len(seconds)} utterances decoded, median {statistics.median(seconds):.0f} ms, "
          f"90th percentile {statistics.quantiles(seconds, n=10)[-1]:.0f} ms")
    out.write_bytes(pickle.dumps({"options": options, "heard": heard, "screen": screen}))


def score(cuts: Path, decoded: Path, part: str, show: bool) -> None:
    """bench_voice.py's figures for these hypotheses, decided by the shipped rules."""
    kept: list[Recording] = pickle.loads(cuts.read_bytes())
    saved = pickle.loads(decoded.read_bytes())
    decoder = WhisperDecoder.for_commands(commands_on(saved.get("screen", "")),
                                          **saved["options"])
    for set_name in ("synthetic", "people"):
        outcomes: list[tuple[str, str | None]] = []
        misses = []
        for recording, heard in zip(kept, saved["heard"], strict=True):
            if recording.set_name != set_name or recording.row["split"] != part:
                continue
            acted = None
            for cut, (hypotheses, _) in zip(recording.cuts, heard, strict=True):
                if hypotheses is None:
                    continue
                decision = decoder._decide(hypotheses, 0.0)
                if decision.accepted and levels.stands_out(cut.raw, cut.room_level):
                    acted = decision.phrase
                    break
            expected = recording.row["expected"]
            outcomes.append((expected, acted))
            if missed(expected, acted):
                tops = [h.texts[0] if h else "-" for h, _ in heard]
                misses.append(f"{recording.row['file']} [{expected or '-'}]: "
                              f"{acted or '-'} {tops}")
        s = tally(outcomes)
        print(f"{set_name} {part.upper()}: commands right {s['right']:.1%} "
              f"(wrong {s['wrong']:.1%}) of {s['commands']}; false accepts "
              f"{s['false']:.1%} of {s['others']}")
        if show:
            print("  " + "\n  ".join(misses))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("capture")
    run = sub.add_parser("decode")
    run.add_argument("name")
    run.add_argument("--model-dir", default="")
    run.add_argument("--window", type=float, default=10.0)
    run.add_argument("--beam", type=int, default=5)
    run.add_argument("--compute-type", default="int8")
    run.add_argument("--screen", default="", help="also hear this screen's own phrases "
                     "(DiaryScreen)")
    check = sub.add_parser("score")
    check.add_argument("name")
    check.add_argument("--split", choices=("train", "test"), default="train")
    check.add_argument("--misses", action="store_true", help="list each miss")
    args = parser.parse_args()
    cuts = CACHE / "cuts.pickle"
    if args.step == "capture":
        capture(cuts)
    elif args.step == "decode":
        decode(cuts, CACHE / f"{args.name}.pickle",
               {"model_dir": args.model_dir, "window_seconds": args.window,
                "beam_size": args.beam, "compute_type": args.compute_type}, args.screen)
    else:
        score(cuts, CACHE / f"{args.name}.pickle", args.split, args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
