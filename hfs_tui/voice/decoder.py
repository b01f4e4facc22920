"""One long-lived pocketsphinx decoder that recognises commands and rejects the rest.

A closed grammar never rejects: any sound comes out as its nearest command. Here the
commands compete with everyday speech instead: the search is a small language model
(grammar.command_lm) in which an utterance can be a command or any string of 300
common English words. "I need to stop at the shop" comes out as words, not as
"stop"; only an utterance heard as exactly one whole command can be one. That is
then checked against the sound itself, all on the same decode:

pocketsphinx scores every frame against all senones (sub-phone sound models) and
stores each senone's score RELATIVE TO THE BEST SENONE OF THAT FRAME. A word's
acoustic score in the segmentation is therefore the log-likelihood ratio between
the recognised words and a free "any sound at every frame" model (the classic
best-senone garbage model). Checks:

- the average per-frame ratio over the phrase's words, and its worst single word;
- the speech lasts a plausible time for that phrase's number of phones;
- most of the loud frames fall inside the phrase's words (no speech around it).

Measured through the listener (2026-11-24), against the closed grammar with the
same kind of checks: on the held-out TEST voices of bench/voice-set commands right
45.3% -> 55.9% and non-commands acted on 5.4% -> 2.5%, for about 1.7 times the
decode time; on the held-out TEST speakers of bench/voice-human (real people) 56.2%
of commands right and 4.9% of non-command words (mostly near misses) acted on.
Only the loud part of an utterance and 0.25 s around it is decoded
(`_around_speech`).
(Tried before and measured worse: a competing phone-loop search, 0.4 s an
utterance; garbage loops inside the closed grammar, 65-80 ms and worse rejection;
filler-word loops, 0.15-0.35 s. bestpath must stay on: without it the segment
scores change scale.) Thresholds are tuned on the TRAIN splits of bench/voice-set
and bench/voice-human (`python bench/bench_voice.py --tune`) and reported on the
held-out TEST splits.
"""

from __future__ import annotations

import array
import math
import os
import random
import tempfile
import threading
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import pocketsphinx

from hfs_tui.voice import grammar

try:  # C speed-ups; SpeechRecognition itself needs audioop (audioop-lts on 3.13+)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import audioop
except ImportError:  # pragma: no cover - the pure Python paths below still work
    audioop = None

SAMPLE_RATE = 16000
FRAME_RATE = 100  # pocketsphinx frames a second
MODEL_DIR = pocketsphinx.get_model_path("en-us")

def _quiet_room() -> array.array:
    rng = random.Random(1)
    return array.array("h", (round(rng.gauss(0, 16)) for _ in range(SAMPLE_RATE)))


# A second of fixed, quiet noise (about -66 dBFS): a quiet room through a microphone.
# Mixed under every utterance: digital silence (exact zeros, as in generated files or
# a muted gate) wrecks cepstral mean normalisation: measured, clean synthetic commands
# went from 100% to 79% right without it. `hear` also uses it as the room around a
# recording too short to have its own background.
QUIET_ROOM = _quiet_room()

_LEVEL_SEARCH = "level"
_LEVEL_WORD = "a"
"""The one-word search of the first pass, which only sets the cepstral mean (see _run)."""

NO_SPEECH = "no speech"
"""Why an utterance with no words in it at all (a click, a breath) is rejected."""
OTHER_SPEECH = "heard other words"
"""Why speech heard as anything but exactly one whole command is rejected."""
_SILENCE_WORDS = {"<s>", "</s>", "<sil>", "[NOISE]", "[SPEECH]"}
_UNDERFLOW_LOG = -7_100_000  # log-base-1.0001 score of a probability that underflowed


@dataclass(frozen=True)
class Thresholds:
    """Acceptance limits, in natural-log units per 10 ms frame (see module doc)."""

    # Tuned on the TRAIN splits through the listener, as `hear` runs it
    # (`bench/bench_voice.py --tune`): the most commands right, synthetic voices and
    # real people counted alike, with at most 2% of synthetic and 3% of real
    # people's non-commands acted on. With the everyday-words model doing most of the
    # rejecting, the two score limits hardly ever decide (tighter ones only turned
    # commands away). Real people draw a word said alone out far longer than synthetic
    # voices do: a limit of 10 loud frames a phone with no slack, tuned on synthetic
    # voices alone, turned away most of their "no", "yes" and "down" (20% of their
    # commands right): hence the slack.
    min_ratio: float = -16.0
    """Recognised words minus best-senone score over the utterance, per speech frame."""
    min_word_ratio: float = -9.0
    """The same, for the worst single word of the phrase."""
    min_frames_per_phone: float = 0.0
    """Frames the words take per phone (0: no lower limit; the tuning found none useful)."""
    max_frames_per_phone: float = 8.0
    """Voiced (loud) frames per phone: a long sentence is not a short command."""
    voiced_slack_frames: float = 60.0
    """Extra voiced frames allowed on top of the per-phone limit (short words drawn out)."""
    min_coverage: float = 0.6
    """Share of voiced frames inside the phrase's words (speech around it: not a command)."""


DEFAULT_THRESHOLDS = Thresholds()

# A rejected whole command at least this confident (0.5 is the acceptance boundary)
# was probably meant: the app says it is not sure and asks for it again, instead of
# staying silent. With the default thresholds the checks after the language model
# rarely turn a whole command away: measured on bench/voice-set and
# bench/voice-human, 3 of the 259 commands lost (the rest came out as other words),
# one of them this close; on 300 more recordings of real people saying commands, 10
# were turned away, 3 of them this close (all the right phrase). No non-command came
# this close.
CLOSE_CALL = 0.3


@dataclass(frozen=True)
class Decision:
    """What one utterance turned out to be."""

    heard: str | None
    """The words recognised, even if rejected (None when nothing at all): a command,
    or, for other speech, a rough transcript that must not be shown or kept."""
    accepted: bool
    confidence: float
    """0 to 1; 0.5 is the acceptance boundary of the strictest failing check."""
    reason: str = ""
    """Why it was rejected ("" when accepted)."""
    ratio: float = -math.inf
    word_ratio: float = -math.inf
    speech_frames: int = 0
    frames_per_phone: float = 0.0
    coverage: float = 0.0
    """Share of the voiced (loud) frames that fall inside the phrase's words."""
    voiced_per_phone: float = 0.0
    voiced_frames: int = 0
    """Voiced (loud) frames in the utterance."""
    phones: int = 0
    """Phones in the heard phrase."""
    decode_seconds: float = 0.0

    def check_margins(self, limits: Thresholds) -> dict[str, float]:
        """This decision's measurements against other limits (see `check_margins`)."""
        return check_margins(limits, ratio=self.ratio, word_ratio=self.word_ratio,
                             speech_frames=self.speech_frames, voiced_frames=self.voiced_frames,
                             phones=self.phones, coverage=self.coverage)

    @property
    def phrase(self) -> str | None:
        return self.heard if self.accepted else None

    @property
    def command_heard(self) -> str | None:
        """The phrase, if the words were a whole command (accepted or not).

        None for any other speech: what people say near the computer is private, so
        its words are never shown, logged or kept.
        """
        return self.heard if self.phones > 0 else None

    @property
    def close_call(self) -> bool:
        """Rejected, but a whole command and only just: worth asking for it again."""
        return (not self.accepted and self.command_heard is not None
                and self.confidence >= CLOSE_CALL)


class CommandDecoder:
    """Thread-safe; build once (about 0.1 s) and reuse for every utterance."""

    def __init__(self, phrases: Iterable[str], thresholds: Thresholds = DEFAULT_THRESHOLDS,
                 model_dir: str | None = None, *, closed: bool = False) -> None:
        """`closed=True` listens with the closed grammar instead (benchmark baseline)."""
        model_dir = model_dir or MODEL_DIR
        self.thresholds = thresholds
        self.closed = closed
        self._lock = threading.Lock()
        self._main_dict = os.path.join(model_dir, "cmudict-en-us.dict")
        phrases = list(phrases)
        # Everyday words compete with the commands (none in the closed grammar).
        self._common_words = [] if closed else grammar.read_common_words()
        words = {_LEVEL_WORD} | {word for phrase in phrases for word in phrase.split()}
        words |= {word for word, _ in self._common_words}
        entries = grammar.pronunciations(words, self._main_dict)
        self._phones_of: dict[str, set[str]] = {}
        self._remember_phones(entries)
        self._decoder = self._new_decoder(model_dir, entries)
        self._logmath = self._decoder.get_logmath()
        self._decoder.add_fsg(_LEVEL_SEARCH, grammar.command_fsg(self._decoder, [_LEVEL_WORD],
                                                                name=_LEVEL_SEARCH))
        self._phone_counts: dict[str, int] = {}
        # The ARPA text of the search in use ("" for the closed grammar): for checks.
        self.language_model = ""
        self.report = self.set_phrases(phrases)

    @staticmethod
    def _new_decoder(model_dir: str, entries: list[tuple[str, str]]) -> pocketsphinx.Decoder:
        with tempfile.TemporaryDirectory(prefix="hfs-tui-") as folder:
            dictionary = os.path.join(folder, "words.dict")
            with open(dictionary, "w", encoding="utf-8") as handle:
                handle.writelines(f"{word} {phones}\n" for word, phones in entries)
            return pocketsphinx.Decoder(
                hmm=os.path.join(model_dir, "en-us"),
                dict=dictionary,
                lm=None,
                logfn=os.devnull,
                # Closed grammar: silence only where grammar.py puts it (edges).
                fsgusefiller=False,
                # One pass of the n-gram search: the second (flat) pass doubled the decode
                # time for no better result (measured on TRAIN).
                fwdflat=False,
                # Measured on TRAIN: 0.5 (vs 0.1) lets edge silence absorb pauses and noise
                # instead of stretching the command's words: +7 points right at the same
                # false accepts (0.3 and 1.0 were no better).
                silprob=0.5,
                # Each utterance is decoded whole (and _run gives it its own mean).
                cmn="batch",
                topn=8,
            )

    # -- grammar ---------------------------------------------------------------------

    def set_phrases(self, phrases: Iterable[str]) -> grammar.GrammarReport:
        phrases = list(phrases)
        with self._lock:
            words = {word for phrase in phrases for word in phrase.split()}
            unknown = {word for word in words if self._decoder.lookup_word(word) is None}
            if unknown:
                entries = grammar.pronunciations(unknown, self._main_dict)
                grammar.add_words(self._decoder, entries)
                self._remember_phones(entries)
            report = grammar.check_phrases(self._decoder, phrases)
            if not report.phrases:
                raise ValueError("no voice phrase can be recognised (all have unknown words: "
                                 + ", ".join(report.missing_words) + ")")
            if self.closed:
                self._decoder.add_fsg("commands",
                                      grammar.command_fsg(self._decoder, report.phrases))
            else:
                self._add_language_model(report.phrases)
            self._decoder.activate_search("commands")
            self._phone_counts = {phrase: self._count_phones(phrase)
                                  for phrase in report.phrases}
            self.report = report
            return report

    def _remember_phones(self, entries: Iterable[tuple[str, str]]) -> None:
        for word, phones in entries:
            self._phones_of.setdefault(_base(word), set()).add(phones)

    def _add_language_model(self, phrases: Iterable[str]) -> None:
        phrases = list(phrases)
        command_words = {word for phrase in phrases for word in phrase.split()}
        common = grammar.fold_homophones(self._common_words, command_words, self._phones_of)
        text = grammar.command_lm(phrases, common)
        self.language_model = text
        # pocketsphinx reads language models only from files.
        with tempfile.TemporaryDirectory(prefix="hfs-tui-") as folder:
            path = os.path.join(folder, "commands.arpa")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            self._decoder.add_lm_file("commands", path)

    @property
    def phrases(self) -> tuple[str, ...]:
        return self.report.phrases

    def _count_phones(self, phrase: str) -> int:
        return sum(len((self._decoder.lookup_word(word) or "").split())
                   for word in phrase.split())

    # -- decoding --------------------------------------------------------------------

    def decode(self, raw: bytes) -> Decision:
        """Decode one utterance of 16 kHz mono signed 16-bit little-endian PCM."""
        started = time.perf_counter()
        samples, voiced = _around_speech(self._with_floor(raw))
        with self._lock:
            heard, segments, complete = self._run(samples)
            phones = self._phone_counts.get(heard or "", 0)
        decision = self._decide(heard, complete, segments, voiced, phones)
        elapsed = time.perf_counter() - started
        return Decision(**{**decision.__dict__, "decode_seconds": elapsed})

    def _with_floor(self, raw: bytes) -> bytes:
        raw = raw[: len(raw) - len(raw) % 2]
        if audioop is not None:
            floor = QUIET_ROOM.tobytes()
            repeated = floor * (len(raw) // len(floor) + 1)
            return audioop.add(raw, repeated[: len(raw)], 2)
        samples = array.array("h")
        samples.frombytes(raw[: len(raw) - len(raw) % 2])
        floor = QUIET_ROOM
        size = len(floor)
        mixed = array.array("h", (max(-32768, min(32767, value + floor[index % size]))
                                  for index, value in enumerate(samples)))
        return mixed.tobytes()

    def _run(self, raw: bytes) -> tuple[str | None, list[tuple[str, int, int, float]], bool]:
        decoder = self._decoder
        # pocketsphinx 5 normalises the features with a cepstral mean carried over
        # from the utterances before, even with cmn=batch: the same recording came out
        # as "next it you" in a fresh process and "next section" after any other
        # decode. A quick first pass with a one-word search (about 15 ms) sets that
        # mean from this utterance, so every decision depends on its own sound only
        # (tested: the same result after any history).
        decoder.activate_search(_LEVEL_SEARCH)
        decoder.start_utt()
        decoder.process_raw(raw, full_utt=True)
        decoder.end_utt()
        decoder.activate_search("commands")
        decoder.start_utt()
        decoder.process_raw(raw, full_utt=True)
        decoder.end_utt()
        hypothesis = decoder.hyp()
        segments = []
        for segment in decoder.seg() or ():
            if segment.word in ("<s>", "</s>"):
                continue
            score = (self._logmath.log(segment.ascore) if segment.ascore > 0
                     else _UNDERFLOW_LOG)
            segments.append((segment.word, segment.start_frame, segment.end_frame,
                             self._logmath.log_to_ln(score)))
        heard = hypothesis.hypstr if hypothesis is not None and hypothesis.hypstr else None
        complete = heard is not None and heard in self._phone_counts
        return heard, segments, complete

    def _decide(self, heard: str | None, complete: bool,
                segments: list[tuple[str, int, int, float]], voiced: list[bool],
                phones: int) -> Decision:
        limits = self.thresholds
        speech = [s for s in segments if _base(s[0]) not in _SILENCE_WORDS]
        speech_frames = sum(end - start + 1 for _, start, end, _ in speech)
        if heard is None or not speech:
            return Decision(heard=None, accepted=False, confidence=0.0, reason=NO_SPEECH)
        if not complete:
            return Decision(heard=heard, accepted=False, confidence=0.05,
                            reason=OTHER_SPEECH, speech_frames=speech_frames)
        frames = max(1, speech_frames)
        ratio = sum(score for *_, score in segments) / frames
        word_ratio = min(score / (end - start + 1) for _, start, end, score in speech)
        in_words = [False] * len(voiced)
        for _, start, end, _ in speech:
            for index in range(start, min(end + 1, len(voiced))):
                in_words[index] = True
        voiced_count = sum(voiced)
        coverage = (sum(1 for v, w in zip(voiced, in_words, strict=True) if v and w)
                    / max(1, voiced_count))
        voiced_per_phone = max(0.0, voiced_count - limits.voiced_slack_frames) / max(1, phones)
        frames_per_phone = speech_frames / max(1, phones)
        checks = check_margins(limits, ratio=ratio, word_ratio=word_ratio,
                               speech_frames=speech_frames, voiced_frames=voiced_count,
                               phones=phones, coverage=coverage)
        reason, worst = min(checks.items(), key=lambda item: item[1])
        accepted = worst >= 0.0
        confidence = 1.0 / (1.0 + math.exp(-2.0 * worst))
        return Decision(
            heard=heard, accepted=accepted, confidence=round(confidence, 3),
            reason="" if accepted else reason, ratio=ratio, word_ratio=word_ratio,
            speech_frames=speech_frames, frames_per_phone=frames_per_phone,
            coverage=coverage, voiced_per_phone=voiced_per_phone,
            voiced_frames=voiced_count, phones=phones,
        )


def check_margins(limits: Thresholds, *, ratio: float, word_ratio: float,
                  speech_frames: int, voiced_frames: int, phones: int,
                  coverage: float) -> dict[str, float]:
    """Each check's reason and how far past its limit the utterance is (< 0: failing)."""
    voiced_per_phone = max(0.0, voiced_frames - limits.voiced_slack_frames) / max(1, phones)
    return {
        "too unlike the command": _margin(ratio, limits.min_ratio, 0.5),
        "a word too unlike the command": _margin(word_ratio, limits.min_word_ratio, 1.0),
        "too short for the command": _margin(speech_frames / max(1, phones),
                                             limits.min_frames_per_phone, 1.0),
        "too long for the command": _margin(-voiced_per_phone,
                                            -limits.max_frames_per_phone, 4.0),
        "speech outside the command": _margin(coverage, limits.min_coverage, 0.1),
    }


def _base(word: str) -> str:
    """'read(2)' -> 'read'."""
    return word.split("(", 1)[0]


def _margin(value: float, limit: float, scale: float) -> float:
    """How far past its limit a feature is, in units of `scale` (negative = failing)."""
    return (value - limit) / scale


# Quiet kept on each side of the loud part of an utterance. The listener hands over
# 0.3 s of room before the speech and 0.3 s after it; decoding all of it cost time and
# gave the everyday words room to appear. Measured (2026-11-24) on both committed sets
# and 100 more recordings a word of real people: with 0.25 s, decoding took 64 ms
# instead of 80, with 16 more of 1,123 commands right and 8 fewer of 1,401
# non-commands acted on (46 -> 38; one more on the synthetic set). 0.15 s: 56 ms but
# more synthetic false accepts; 0.4 s: no better than keeping it all.
SPEECH_MARGIN_FRAMES = 25


def _around_speech(raw: bytes) -> tuple[bytes, list[bool]]:
    """The utterance cut to its loud part and SPEECH_MARGIN_FRAMES around it, with the
    voiced flag of each remaining frame (loudness judged on the whole utterance)."""
    voiced = _voiced_frames(raw)
    loud = [index for index, is_loud in enumerate(voiced) if is_loud]
    if not loud:
        return raw, voiced
    first = max(0, loud[0] - SPEECH_MARGIN_FRAMES)
    last = min(len(voiced), loud[-1] + 1 + SPEECH_MARGIN_FRAMES)
    step = 2 * SAMPLE_RATE // FRAME_RATE  # bytes a frame
    return raw[first * step:last * step], voiced[first:last]


def _voiced_frames(raw: bytes) -> list[bool]:
    """Per 10 ms frame: clearly louder than this utterance's background?"""
    samples = array.array("h")
    samples.frombytes(raw)
    step = SAMPLE_RATE // FRAME_RATE
    levels = []
    for start in range(0, len(samples) - step + 1, step):
        if audioop is not None:
            energy = audioop.rms(raw[2 * start: 2 * (start + step)], 2) ** 2
        else:
            chunk = samples[start:start + step]
            energy = sum(value * value for value in chunk) / step
        levels.append(10 * math.log10(energy + 1.0))
    if not levels:
        return []
    ordered = sorted(levels)
    floor = ordered[len(ordered) // 10]
    peak = ordered[-1 - len(ordered) // 100]
    # Never count frames more than 25 dB below the peak as voiced: steady background
    # noise above digital silence (padding, a gate) is not speech. Measured on TRAIN:
    # +1.6 points right at the same false accepts.
    limit = max(floor + max(6.0, 0.3 * (peak - floor)), peak - 25.0)
    return [level > limit for level in levels]
