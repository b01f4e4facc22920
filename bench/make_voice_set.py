"""Make the recorded voice-command test sets (needs espeak-ng, flite, festival, sox).

    python bench/make_voice_set.py            # bench/voice-set/ and tests/fixtures/audio/

Every command phrase of the registry (with the content's section and exercise
names) is spoken by several synthetic voices, each take with one condition: clean,
slower or faster tempo, higher or lower pitch, or added noise (white, pink, brown or
background talk) at 20 or 10 dB SNR. At least as many NON-command recordings are
made: everyday sentences, leaflet sentences, near misses that contain command words
("I need to stop at the shop"), single everyday words, radio-like band-limited
speech and plain noise. All 16 kHz mono 16-bit WAV.

The split is by VOICE: the voices in TEST_VOICES never appear in the train split, so
thresholds tuned on train are reported on unseen speakers. Output is deterministic
(fixed seed). pytest never runs this; it only reads the committed files.
"""

from __future__ import annotations

import argparse
import array
import csv
import json
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from wavfile import read_samples, write_samples  # noqa: E402

from hfs_tui.actions import voice_commands  # noqa: E402
from hfs_tui.content.loader import load_library  # noqa: E402
from hfs_tui.content.models import Exercise, Section  # noqa: E402

RATE = 16000
SEED = 20240611
BENCH_DIR = REPO / "bench" / "voice-set"
FIXTURE_DIR = REPO / "tests" / "fixtures" / "audio"
LEAFLET = Path("/work/shared/seed/hemifacial-spasm-leaflet.txt")

def sample_content() -> tuple[list[Section], list[Exercise]]:
    """The built-in content's sections and exercises (their spoken names)."""
    library = load_library()
    return list(library.sections), list(library.exercises)


def content_names() -> dict[str, dict[str, list[str]]]:
    """Saved as content-names.json: tests and the bench rebuild the same grammar."""
    sections, exercises = sample_content()
    return {"sections": {s.id: list(s.voice_names) for s in sections},
            "exercises": {e.id: list(e.voice_names) for e in exercises}}


@dataclass(frozen=True)
class Voice:
    name: str
    engine: str  # espeak | flite | festival
    option: str = ""


VOICES = (
    Voice("espeak-en-gb", "espeak", "en-gb"),
    Voice("espeak-en-us", "espeak", "en-us"),
    Voice("espeak-en-us-m3", "espeak", "en-us+m3"),
    Voice("espeak-en-gb-rp-f2", "espeak", "en-gb-x-rp+f2"),
    Voice("espeak-en-029", "espeak", "en-029"),
    Voice("flite-kal16", "flite", "kal16"),
    Voice("flite-awb", "flite", "awb"),
    Voice("flite-rms", "flite", "rms"),
    Voice("espeak-en-gb-f3", "espeak", "en-gb+f3"),
    Voice("espeak-en-gb-scotland", "espeak", "en-gb-scotland"),
    Voice("flite-slt", "flite", "slt"),
    Voice("festival-kal", "festival"),
)
TEST_VOICES = {"espeak-en-gb-f3", "espeak-en-gb-scotland", "flite-slt", "festival-kal"}

CONDITIONS = ("clean", "clean", "tempo-0.85", "tempo-1.15", "pitch+250", "pitch-250",
              "snr20-white", "snr20-pink", "snr20-babble", "snr10-pink", "snr10-brown",
              "snr10-babble")

NEAR_MISSES = """\
I need to stop at the shop
next week we go home
read the paper
help me with this
can you help me
stop it
don't stop
the next one please
what's next
go back to bed
I went back home
come back later
it's on the next page
the bus stops here
please read it to me
I'd like to read a book
open the door
open the window please
start the car
we start at nine
I'll start tomorrow
section of the garden
go to the shops
wake up the dog
she woke up early
I can't sleep
time to go to sleep soon
yes I think so
no I don't think so
yes and no
turn the volume up on the radio
turn it down a bit
speak up please
slow down you're going too fast
the car is faster
a little louder than that
it's quieter here
scroll through the photos
the page is blank
that's the last page
log the fire
a big log
the spasm is bad today
my face is twitching again
my eye keeps closing
I have an appointment at the hospital
repeat after me
say it again Sam
continue to the end of the road
carry on walking
pause for a moment
help yourself to tea
what can I do
what can I eat
where can I sit
the exercise bike
exercise is good for you
breathing in the cold air
the doctor said surgery
the treatment starts next month
surgery is on Tuesday
stop listening to him
he never stops talking
go home now
home sweet home
home and away
previous owner
the previous day
contents of the box
about time
about half past three
the cause of it
symptoms of a cold
seeing a doctor tomorrow
outlook for the weekend
self help books
quit smoking
don't quit
exit on the left
settings on the phone
the word list for school
key points of the talk
focus on the road
diary of a nobody
open the box
start breathing
relax your shoulders
scroll down a bit more
page two
section twenty two
log spasm please
next section of the book
read aloud to the children
go to sleep little one
""".strip().splitlines()

EVERYDAY = """\
good morning how are you
what time is it
put the kettle on
I'll have a cup of tea please
the weather is lovely today
it's raining again
have you seen my glasses
where did I put the keys
the post has come
dinner is ready
the phone is ringing
shall we go for a walk
I'm going to the garden
my daughter is coming on Sunday
did you feed the cat
the television is too loud
turn off the lights
we need milk and bread
the bus is late
I'll call you later
thank you very much
that sounds lovely
I'm not sure about that
see you tomorrow
the match starts at three
the kids are back from school
let me think about it
can you pass the salt
the doctor rang this morning
my tablets are in the kitchen
hello
okay
thank you
sorry
really
goodbye
lovely
maybe
right then
oh dear
hmm
shop
top
nest
bread
sleepy
stopping
reading
cheese
""".strip().splitlines()


def leaflet_sentences(limit: int = 110) -> list[str]:
    text = LEAFLET.read_text(encoding="utf-8")
    sentences = []
    for raw in re.split(r"(?<=[.!?])\s+", text.replace("\n", " ")):
        words = re.sub(r"[^A-Za-z' ]", " ", raw).split()
        if 5 <= len(words) <= 12:
            sentences.append(" ".join(words))
    rng = random.Random(SEED)
    rng.shuffle(sentences)
    return sentences[:limit]


# ---- synthesis and effects -------------------------------------------------------

def run(command: list[str], stdin: str | None = None) -> None:
    subprocess.run(command, input=stdin, text=True, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def synthesise(voice: Voice, text: str, out: Path) -> None:
    raw = out.with_suffix(".raw.wav")
    if voice.engine == "espeak":
        run(["espeak-ng", "-v", voice.option, "-w", str(raw), text])
    elif voice.engine == "flite":
        run(["flite", "-voice", voice.option, "-t", text, "-o", str(raw)])
    else:
        run(["text2wave", "-o", str(raw)], stdin=text)
    # 16 kHz mono 16-bit, trim synthesiser silence, then a short natural pad.
    run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out),
         "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse",
         "pad", "0.15", "0.2"])
    raw.unlink()


def rms(samples: array.array) -> float:
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def speech_rms(samples: array.array) -> float:
    """RMS of the louder half of 20 ms frames: the speech, not the pads."""
    frame = RATE // 50
    energies = sorted(
        sum(s * s for s in samples[i:i + frame]) / frame
        for i in range(0, len(samples) - frame + 1, frame)
    )
    loud = energies[len(energies) // 2:] or [0.0]
    return math.sqrt(sum(loud) / len(loud))


def noise(kind: str, count: int, work: Path, rng: random.Random,
          babble_sources: list[Path]) -> array.array:
    if kind == "babble":
        # Two other sentences at once, looped: like people talking in the room.
        mix = array.array("h", [0]) * count
        for source in rng.sample(babble_sources, 2):
            other = read_samples(source)
            offset = rng.randrange(len(other))
            for i in range(count):
                mix[i] = max(-32768, min(32767, mix[i] + other[(offset + i) % len(other)]))
        return mix
    path = work / f"noise-{rng.randrange(10**9)}.wav"
    run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth",
         f"{count / RATE + 0.05:.3f}", f"{kind}noise", "vol", "0.3"])
    samples = read_samples(path)[:count]
    path.unlink()
    return samples


def apply_condition(path: Path, condition: str, work: Path, rng: random.Random,
                    babble_sources: list[Path]) -> None:
    if condition == "clean":
        return
    temporary = path.with_suffix(".fx.wav")
    if condition.startswith("tempo-"):
        run(["sox", str(path), str(temporary), "tempo", "-s", condition.split("-")[1]])
    elif condition.startswith("pitch"):
        run(["sox", str(path), str(temporary), "pitch", condition[5:]])
    elif condition == "radio":
        run(["sox", str(path), str(temporary), "sinc", "300-3400", "gain", "-3"])
    if temporary.exists():
        temporary.replace(path)
        if condition != "radio":
            return
    if condition.startswith("snr") or condition == "radio":
        snr = 20.0 if condition == "radio" else float(condition[3:5])
        kind = "pink" if condition == "radio" else condition.split("-")[1]
        speech = read_samples(path)
        added = noise(kind, len(speech), work, rng, babble_sources)
        level = speech_rms(speech) / (10 ** (snr / 20)) / max(1.0, rms(added))
        mixed = array.array("h", (max(-32768, min(32767, int(s + level * n)))
                                  for s, n in zip(speech, added, strict=True)))
        write_samples(path, mixed)


def make_noise_only(path: Path, kind: str, seconds: float) -> None:
    if kind == "tones":
        run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth",
             f"{seconds}", "sine", "220-440", "sine", "330-660", "remix", "-", "vol", "0.2"])
    elif kind == "clicks":
        run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth",
             f"{seconds}", "square", "3", "vol", "0.1"])
    else:
        run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth",
             f"{seconds}", f"{kind}noise", "vol", "0.2"])


# ---- the sets ----------------------------------------------------------------------

@dataclass
class Take:
    file: str
    text: str
    expected: str  # the command phrase, or "" for a non-command
    voice: str
    condition: str
    kind: str  # command | near-miss | everyday | leaflet | radio | noise

    @property
    def split(self) -> str:
        return "test" if self.voice in TEST_VOICES | {"noise-test"} else "train"


def command_phrases() -> list[str]:
    sections, exercises = sample_content()
    return [command.phrase for command in voice_commands(sections, exercises)]


def plan(takes_per_command: int, takes_per_sentence: int) -> list[Take]:
    rng = random.Random(SEED)
    takes: list[Take] = []
    by_voice = {voice.name: voice for voice in VOICES}
    test_names = sorted(TEST_VOICES)
    train_names = [v.name for v in VOICES if v.name not in TEST_VOICES]

    def voices_for(count: int) -> list[str]:
        # Every phrase gets at least one unseen (test) voice and one train voice.
        chosen = [rng.choice(test_names), rng.choice(train_names)]
        rng.shuffle(chosen)
        others = [name for name in by_voice if name not in chosen]
        chosen += rng.sample(others, max(0, count - 2))
        return chosen[:count]

    for index, phrase in enumerate(command_phrases()):
        for voice in voices_for(takes_per_command):
            condition = rng.choice(CONDITIONS)
            name = f"cmd-{index:03d}-{voice}-{condition}.wav"
            takes.append(Take(name, phrase, phrase, voice, condition, "command"))
    sentences = ([("near-miss", s.lower()) for s in NEAR_MISSES]
                 + [("everyday", s.lower()) for s in EVERYDAY]
                 + [("leaflet", s) for s in leaflet_sentences()])
    # A "near miss" that is exactly a command (content names change) is a command.
    phrases = set(command_phrases())
    sentences = [(kind, text) for kind, text in sentences
                 if " ".join(re.sub(r"[^a-z' ]", " ", text.lower()).split()) not in phrases]
    for index, (kind, text) in enumerate(sentences):
        # Everyday speech gets the most takes; leaflet sentences are long, so one each.
        count = {"everyday": takes_per_sentence + 2, "near-miss": takes_per_sentence,
                 "leaflet": 1}[kind]
        for voice in voices_for(count):
            condition = rng.choice(CONDITIONS)
            if kind == "leaflet" and rng.random() < 0.3:
                # The app's own read-aloud or a radio, as the microphone hears it.
                kind_here, condition = "radio", "radio"
            else:
                kind_here = kind
            name = f"non-{index:03d}-{voice}-{condition}.wav"
            takes.append(Take(name, text, "", voice, condition, kind_here))
    for index, kind in enumerate(("white", "pink", "brown", "tones", "clicks") * 4):
        split_voice = "noise-test" if index % 2 else "noise-train"
        takes.append(Take(f"noise-{index:02d}-{kind}.wav", f"({kind})", "", split_voice,
                          kind, "noise"))
    return takes


def render(take: Take, out_dir: Path, work: Path, babble_sources: list[Path]) -> None:
    path = out_dir / take.file
    rng = random.Random(f"{SEED}-{take.file}")
    if take.kind == "noise":
        make_noise_only(path, take.condition, rng.choice((1.0, 1.5, 2.5)))
    else:
        voice = next(v for v in VOICES if v.name == take.voice)
        synthesise(voice, take.text, path)
        apply_condition(path, take.condition, work, rng, babble_sources)
    add_microphone_floor(path, rng)


def add_microphone_floor(path: Path, rng: random.Random) -> None:
    """Real microphones never give digital silence: a quiet hiss around -60 dBFS."""
    samples = read_samples(path)
    level = rng.uniform(15, 40)
    write_samples(path, array.array("h", (max(-32768, min(32767, s + round(rng.gauss(0, level))))
                                          for s in samples)))


def make_babble_sources(work: Path) -> list[Path]:
    texts = [s for s in leaflet_sentences(200)[-12:]]
    sources = []
    for index, text in enumerate(texts):
        path = work / f"babble-{index}.wav"
        synthesise(VOICES[index % len(VOICES)], text, path)
        sources.append(path)
    return sources


def write_manifest(path: Path, takes: list[Take]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "expected", "text", "voice", "condition", "kind", "split"])
        for take in takes:
            writer.writerow([take.file, take.expected, take.text, take.voice, take.condition,
                             take.kind, take.split])


def make_fixtures(takes: list[Take]) -> None:
    """A small pytest set from the TEST split, plus one long recording for --stream."""
    rng = random.Random(SEED + 1)
    easy = {"clean", "tempo-0.85", "tempo-1.15", "snr20-pink", "snr20-white"}
    commands = [t for t in takes if t.kind == "command" and t.split == "test"
                and t.condition in easy]
    wanted_phrases = {"next section", "stop", "stop reading", "pause", "wake up",
                      "go to sleep", "quit", "yes", "open botulinum toxin", "log spasm seven",
                      "start calm breathing", "read aloud", "what can i say", "section three"}
    chosen = [t for t in commands if t.expected in wanted_phrases]
    seen: set[str] = set()
    chosen = [t for t in chosen if not (t.expected in seen or seen.add(t.expected))]
    others = [t for t in commands if t not in chosen]
    chosen += rng.sample(others, max(0, 18 - len(chosen)))
    non_commands = [t for t in takes if t.kind in ("near-miss", "everyday", "radio", "noise")
                    and t.split == "test" and t.condition in easy | {"radio", "pink", "tones"}]
    chosen_non = rng.sample(non_commands, 18)
    if FIXTURE_DIR.exists():
        shutil.rmtree(FIXTURE_DIR)
    FIXTURE_DIR.mkdir(parents=True)
    for take in chosen + chosen_non:
        shutil.copy(BENCH_DIR / take.file, FIXTURE_DIR / take.file)
    write_manifest(FIXTURE_DIR / "manifest.csv", chosen + chosen_non)
    shutil.copy(BENCH_DIR / "content-names.json", FIXTURE_DIR / "content-names.json")
    # Stream: command, pause, near miss, pause, command, pause, command.
    stream_parts = [chosen[0], chosen_non[0], chosen[1], chosen[2]]
    gap = array.array("h", [0]) * int(RATE * 1.2)
    # A second of room sound first: the listener calibrates to it.
    samples = array.array("h", [0]) * RATE
    events = []
    for take in stream_parts:
        audio = read_samples(BENCH_DIR / take.file)
        start = len(samples) / RATE
        samples.extend(audio)
        events.append({"file": take.file, "expected": take.expected or None,
                       "start_s": round(start, 3), "end_s": round(len(samples) / RATE, 3)})
        samples.extend(gap)
    write_samples(FIXTURE_DIR / "stream.wav", samples)
    add_microphone_floor(FIXTURE_DIR / "stream.wav", rng)
    (FIXTURE_DIR / "stream.json").write_text(json.dumps(events, indent=1) + "\n")


def make_bench_stream(takes: list[Take]) -> None:
    """One long recording of test-split commands and non-commands for decided_s timing."""
    rng = random.Random(SEED + 2)
    commands = [t for t in takes if t.kind == "command" and t.split == "test"]
    non_commands = [t for t in takes if t.kind in ("near-miss", "everyday") and
                    t.split == "test"]
    parts = rng.sample(commands, 20) + rng.sample(non_commands, 6)
    rng.shuffle(parts)
    samples = array.array("h")
    events = []
    for take in parts:
        gap = array.array("h", [0]) * int(RATE * rng.uniform(0.8, 1.6))
        samples.extend(gap)
        audio = read_samples(BENCH_DIR / take.file)
        start = len(samples) / RATE
        samples.extend(audio)
        events.append({"file": take.file, "expected": take.expected or None,
                       "start_s": round(start, 3), "end_s": round(len(samples) / RATE, 3)})
    samples.extend(array.array("h", [0]) * RATE)
    write_samples(BENCH_DIR / "stream.wav", samples)
    add_microphone_floor(BENCH_DIR / "stream.wav", rng)
    (BENCH_DIR / "stream.json").write_text(json.dumps(events, indent=1) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes-per-command", type=int, default=3)
    parser.add_argument("--takes-per-sentence", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=4)
    args = parser.parse_args()
    for tool in ("espeak-ng", "flite", "text2wave", "sox"):
        if shutil.which(tool) is None:
            print(f"make_voice_set: '{tool}' is not installed (apt install espeak-ng flite "
                  "festival festvox-kallpc16k sox)", file=sys.stderr)
            return 2
    takes = plan(args.takes_per_command, args.takes_per_sentence)
    if BENCH_DIR.exists():
        shutil.rmtree(BENCH_DIR)
    BENCH_DIR.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        babble = make_babble_sources(work)
        with ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(lambda take: render(take, BENCH_DIR, work, babble), takes))
    write_manifest(BENCH_DIR / "manifest.csv", takes)
    names = json.dumps(content_names(), indent=1)
    (BENCH_DIR / "content-names.json").write_text(names + "\n")
    make_bench_stream(takes)
    make_fixtures(takes)
    size = sum(p.stat().st_size for p in BENCH_DIR.iterdir()) / 1e6
    fixture_size = sum(p.stat().st_size for p in FIXTURE_DIR.iterdir()) / 1e6
    commands = sum(1 for t in takes if t.expected)
    print(f"{len(takes)} recordings ({commands} commands, {len(takes) - commands} "
          f"non-commands), {size:.1f} MB in {BENCH_DIR}; fixtures {fixture_size:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
