"""Read-aloud speed for both engines in one run: the natural voice (Piper) and the
system voice (pyttsx3): time to first sound, time to silence, synthesis speed, gaps,
memory.

Run: python bench/bench_speech.py            (a few minutes)
     python bench/bench_speech.py --quick    (fewer runs, a shorter memory pass)
     python bench/bench_speech.py --engine natural   (one engine only)

Uses the null player (a real child process that sleeps for the audio's length), so
it runs without a sound card. Prints medians:

- read() -> the player process started with the first sentence's audio, for the
  shortest and the longest leaflet section (goal < 150 ms), with the engine already
  started (the app starts it at launch) and cold (a new process); the floor for
  comparison is `espeak-ng -w` of the same sentence as a separate program.
- stop() and pause() -> the player process dead (goal < 100 ms).
- the gap between one chunk's player ending and the next one starting.
- RSS growth over reading the whole leaflet (goal < 30 MB), with the null player
  running 20 times faster than real time (HFS_TUI_NULL_PLAYER_SPEED=20), and the
  process's RSS while reading; each engine in a fresh process of its own.
- synthesis time / audio length for every chunk of the leaflet (goal <= 0.2), and
  the natural voice's own speed in words a minute (the constant rates map onto).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["HFS_TUI_PLAYER"] = "null"

from hfs_tui.content.loader import load_library  # noqa: E402
from hfs_tui.settings import SpeechSettings  # noqa: E402
from hfs_tui.speech import (  # noqa: E402
    ReadAloud,
    SpeechEvent,
    Utterance,
    prepare,  # noqa: E402
)
from hfs_tui.speech.engine import VoiceSettings, synthesis_thread_for, wav_seconds  # noqa: E402
from hfs_tui.speech.player import Playback, Player, null_player  # noqa: E402

ENGINES = ("natural", "system")


class Waiter:
    """Event sink that lets the bench wait for one kind of event."""

    def __init__(self):
        self.condition = threading.Condition()
        self.events: list[tuple[float, SpeechEvent]] = []

    def __call__(self, event):
        with self.condition:
            self.events.append((time.perf_counter(), event))
            self.condition.notify_all()

    def clear(self):
        with self.condition:
            self.events.clear()

    def wait(self, kind, timeout=30.0):
        deadline = time.monotonic() + timeout
        with self.condition:
            while True:
                for when, event in self.events:
                    if event.kind == kind:
                        return when
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {kind} event: {self.events}")
                self.condition.wait(left)


def utterances(section):
    return [Utterance((section.id, n), text) for n, text in enumerate(section.sentences)]


def process_is_gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def first_sound(reader, waiter, section, runs, prime=False):
    times = []
    for _ in range(runs):
        if prime:  # as the app does when a section opens; the user reads a moment
            reader.prime(section.sentences[0])
            time.sleep(1.0)
        waiter.clear()
        start = time.perf_counter()
        reader.read(utterances(section))
        times.append(waiter.wait("started") - start)
        reader.stop()
        waiter.wait("stopped")
    return statistics.median(times), max(times)


def time_to_silence(reader, waiter, section, how, runs):
    times = []
    for _ in range(runs):
        waiter.clear()
        reader.read(utterances(section))
        waiter.wait("started")
        time.sleep(0.05)
        pid = reader.player_pid
        start = time.perf_counter()
        getattr(reader, how)()
        while not process_is_gone(pid):
            pass
        times.append(time.perf_counter() - start)
        waiter.wait("paused" if how == "pause" else "stopped")
        reader.stop()
    return statistics.median(times), max(times)


COLD_SCRIPT = """
import os, sys, time, threading
os.environ["HFS_TUI_PLAYER"] = "null"
sys.path.insert(0, sys.argv[1])
from hfs_tui.settings import SpeechSettings
from hfs_tui.speech import ReadAloud, Utterance
started = threading.Event()
def on_event(event):
    if event.kind == "started":
        started.set()
begin = time.perf_counter()
reader = ReadAloud(SpeechSettings(engine=sys.argv[3]), on_event=on_event)
reader.read([Utterance(0, sys.argv[2])])
started.wait(30)
print(time.perf_counter() - begin)
reader.close()
"""


def cold_first_sound(sentence, runs, engine):
    repo = str(Path(__file__).resolve().parent.parent)
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", COLD_SCRIPT, repo, sentence, engine],
                             capture_output=True, text=True, check=True)
        times.append(float(out.stdout))
    return statistics.median(times)


def espeak_floor(sentence, runs):
    if shutil.which("espeak-ng") is None:
        return None
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(["espeak-ng", "-s", "160", "-w", f"{folder}/floor.wav", sentence],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class TimingPlayer(Player):
    """The null player, noting when each chunk's process starts and ends."""

    def __init__(self, base: Player, log: list):
        super().__init__(base.name, base.command, base.source)
        object.__setattr__(self, "log", log)

    def start(self, path):
        playback = super().start(path)
        entry = [time.perf_counter(), None]
        self.log.append(entry)
        return _TimedPlayback(playback, entry)


class _TimedPlayback(Playback):
    def __init__(self, inner, entry):
        self.inner, self.entry, self.pid = inner, entry, inner.pid

    def wait(self):
        code = self.inner.wait()
        self.entry[1] = time.perf_counter()
        return code

    def kill(self):
        self.inner.kill()


def whole_leaflet(library, sections, engine):
    os.environ["HFS_TUI_NULL_PLAYER_SPEED"] = "20"
    log = []
    waiter = Waiter()
    reader = ReadAloud(SpeechSettings(engine=engine), library.pronunciations, on_event=waiter,
                       player=TimingPlayer(null_player(), log))
    reader.read(utterances(sections[0])[:2])  # let first-use allocations happen
    waiter.wait("finished")
    before = rss_mb()
    sentences = 0
    peak = before
    start = time.perf_counter()
    for section in sections:
        waiter.clear()
        reader.read(utterances(section))
        while True:
            try:
                waiter.wait("finished", timeout=0.5)
                break
            except TimeoutError:
                peak = max(peak, rss_mb())
        sentences += len(section.sentences)
    seconds = time.perf_counter() - start
    after = rss_mb()
    peak = max(peak, after)
    reader.close()
    os.environ.pop("HFS_TUI_NULL_PLAYER_SPEED")
    gaps = [later[0] - earlier[1] for earlier, later in zip(log[2:], log[3:], strict=False)
            if earlier[1] is not None and later[0] > earlier[1]]
    return {"before": before, "after": after, "peak": peak, "sentences": sentences,
            "seconds": seconds, "gaps": gaps}


def synthesis_speed(library, sections, engine):
    """Synthesis time / audio length for each chunk of these sections (rate 160)."""
    synthesis = synthesis_thread_for(engine)
    settings = VoiceSettings(160, 0.9, "")
    ratios, words, audio_seconds = [], 0, 0.0
    with tempfile.TemporaryDirectory() as folder:
        synthesis.synthesise("Ready.", Path(folder) / "warm.wav", settings)
        for section in sections:
            for sentence in section.sentences:
                for chunk in prepare.speech_chunks(sentence, library.pronunciations):
                    path = Path(folder) / "chunk.wav"
                    start = time.perf_counter()
                    seconds = synthesis.synthesise(chunk, path, settings)
                    ratios.append((time.perf_counter() - start) / seconds)
        if engine == "natural":  # Joe's own speed at length scale 1
            native = VoiceSettings(195, 0.9, "")  # 195 wpm -> length scale 1.0
            for section in sections:
                for sentence in section.sentences:
                    text = prepare.prepare(sentence, library.pronunciations)
                    path = Path(folder) / "native.wav"
                    synthesis.synthesise(text, path, native)
                    words += len(text.split())
                    audio_seconds += wav_seconds(path)
    native_wpm = words / audio_seconds * 60 if audio_seconds else None
    return ratios, native_wpm


def memory_in_fresh_process(engine, quick):
    """whole_leaflet() in a new process, so one engine's memory does not hide in the other's."""
    command = [sys.executable, __file__, "--memory-child", engine] + (["--quick"] if quick else [])
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report_engine(engine, library, sections, runs, quick):
    by_words = sorted(sections, key=lambda s: sum(len(x.split()) for x in s.sentences))
    shortest, longest = by_words[0], by_words[-1]
    waiter = Waiter()
    reader = ReadAloud(SpeechSettings(engine=engine), library.pronunciations, on_event=waiter)
    reader.say("Ready.")  # the engine has loaded, as in the app once a section is open
    time.sleep(0.5)
    reader.voices()
    load_wait = time.perf_counter()
    reader.read(utterances(shortest)[:1])
    waiter.wait("started", timeout=60)
    reader.stop()
    waiter.wait("stopped", timeout=60)
    if reader.problem:  # e.g. the natural voice fell back: the figures would mislead
        print(f"  problem: {reader.problem} {reader.engine_detail}")
    print(f"\n{engine} voice ({'Piper en_US-joe-medium' if engine == 'natural' else 'pyttsx3'}"
          f"; engine loaded; {time.perf_counter() - load_wait:.2f} s to the first sentence "
          "after load)")
    for label, section in (("shortest", shortest), ("longest", longest)):
        words = sum(len(x.split()) for x in section.sentences)
        median, worst = first_sound(reader, waiter, section, runs)
        print(f"  read() -> first audio playing, {label} section '{section.id}' "
              f"({words} words): {ms(median)} ({ms(worst)})   goal < 150 ms")
    if engine == "natural":
        for label, section in (("shortest", shortest), ("longest", longest)):
            median, worst = first_sound(reader, waiter, section, runs, prime=True)
            print(f"  the same after opening the {label} section (the app primes its "
                  f"first sentence then): {ms(median)} ({ms(worst)})   goal < 150 ms")
    first_sentence = longest.sentences[0]
    print(f"  same, cold (new process, engine start/voice load included): "
          f"{ms(cold_first_sound(first_sentence, 3 if quick else 5, engine))}")
    for how in ("stop", "pause"):
        median, worst = time_to_silence(reader, waiter, longest, how, runs)
        print(f"  {how}() -> player process dead: {ms(median)} ({ms(worst)})   goal < 100 ms")
    reader.close()
    chosen = sections[:3] if quick else sections
    ratios, native_wpm = synthesis_speed(library, chosen, engine)
    ratios.sort()
    print(f"  synthesis time / audio length over {len(ratios)} chunks: median "
          f"{statistics.median(ratios):.3f}, 95th percentile "
          f"{ratios[int(len(ratios) * 0.95)]:.3f}, worst {ratios[-1]:.3f}   goal <= 0.2")
    if native_wpm:
        print(f"  the natural voice's own speed (length scale 1): {native_wpm:.0f} words a minute")
    memory = memory_in_fresh_process(engine, quick)
    print(f"  whole leaflet ({len(chosen)} sections, {memory['sentences']} sentences, player "
          f"20x real time, {memory['seconds']:.0f} s): RSS {memory['before']:.1f} -> "
          f"{memory['after']:.1f} MB (peak {memory['peak']:.1f} MB), growth "
          f"{memory['after'] - memory['before']:+.1f} MB   goal < 30 MB")
    gaps = memory["gaps"]
    if gaps:
        print(f"  gap between chunks (player exit -> next player start, at 20x): median "
              f"{ms(statistics.median(gaps))}, 95th percentile "
              f"{ms(sorted(gaps)[int(len(gaps) * 0.95)])} over {len(gaps)} chunks")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--engine", choices=ENGINES)
    parser.add_argument("--memory-child", choices=ENGINES, help=argparse.SUPPRESS)
    options = parser.parse_args()
    library = load_library()
    sections = sorted(library.sections, key=lambda s: s.order)
    if options.memory_child:
        chosen = sections[:3] if options.quick else sections
        print(json.dumps(whole_leaflet(library, chosen, options.memory_child)))
        return
    runs = 5 if options.quick else 20
    print(f"Read-aloud benchmark ({runs} runs each; null player; medians, worst in brackets)")
    longest = max(sections, key=lambda s: sum(len(x.split()) for x in s.sentences))
    floor = espeak_floor(longest.sentences[0], runs)
    print("  floor: espeak-ng -w of the longest section's first sentence as its own program: "
          + (ms(floor) if floor is not None else "espeak-ng not installed"))
    for engine in (options.engine,) if options.engine else ENGINES:
        report_engine(engine, library, sections, runs, options.quick)


if __name__ == "__main__":
    main()
