"""Listening: capture, endpointing, recognition with rejection, sleep/wake, barge-in.

`VoiceControl` runs one background thread. Its loop: open the source, calibrate to
the room, then `Recognizer.listen()` (energy-based start and end detection tuned for
short commands), decode the utterance with the long-lived `WhisperDecoder`, and emit
`VoiceEvent`s through `on_event` (called on the listener thread: the UI must hop to
its own thread). The UI decides what each command does.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

import speech_recognition as sr

if TYPE_CHECKING:
    import numpy as np

from hfs_tui import actions
from hfs_tui.actions import VoiceCommand
from hfs_tui.settings import VoiceSettings
from hfs_tui.voice import bargein, levels
from hfs_tui.voice import source as sources
from hfs_tui.voice.dc import DcRemovedStream
from hfs_tui.voice.decision import NO_SPEECH, NO_SUCH_NUMBER, SAMPLE_RATE, Decision
from hfs_tui.voice.endpoint import SoftWordKeeper
from hfs_tui.voice.joining import CommandJoiner
from hfs_tui.voice.log import VoiceLog
from hfs_tui.voice.lowcut import LowSoundRemovedStream
from hfs_tui.voice.source import FileSource, SourceProblem
from hfs_tui.voice.states import ListenerState, VoiceEventKind
from hfs_tui.voice.whisper import ModelProblem, WhisperDecoder

__all__ = ["VoiceControl", "VoiceEvent", "default_commands", "describe_rejection",
           "shared_decoder"]

# Endpointing for short commands (the defaults add 0.8 s after every phrase).
PAUSE_THRESHOLD = 0.4
NON_SPEAKING_DURATION = 0.3
# Loud for at least this long to count as a phrase (shorter: a click). Two 32 ms
# chunks: a short word such as "up" or "yes" is loud for only 0.1-0.15 s after its
# first loud chunk, and 0.15 s threw away 49 of 140 people's "up" before the
# recogniser heard them. Clicks that get through are rejected by the recogniser.
PHRASE_THRESHOLD = 0.05
PHRASE_TIME_LIMIT = 4.0
WAIT_TIMEOUT = 1.0  # how long one listen() waits for speech before checking for stop
ONE_SHOT_WAIT = 6.0  # push-to-talk gives up after this long without speech
CALIBRATION_SECONDS = 0.3
MIN_ENERGY_THRESHOLD = 60
NOISY_ROOM_THRESHOLD = 4000

# While the app reads aloud only the barge-in phrases get through (hfs_tui.voice.bargein).
BARGE_IN_PHRASES = bargein.BARGE_IN_PHRASES
# An utterance that ends within this long of the app's last sound counts as said
# while reading (the app is still "reading" in the short gaps between sentences).
READING_GRACE_SECONDS = 1.0
PHRASE_UPDATE_WAIT = 2.0
"""Longest an utterance waits for the phrase list the UI set last (normally a few ms)."""
# While reading, a barge-in phrase is acted on only if, where it was loudest, at least
# this share of the microphone's energy is left after cancelling the app's echo (the
# user at the same loudness as the reading: about 0.5; the reading alone: 0.01-0.1).
MIN_USER_SHARE = 0.2
SLEEP_ACTIONS = frozenset({"sleep"})
NOTE_ACTIONS = frozenset({"add_note"})
"""After these commands the next utterance is a dictated note (VoiceControl.dictate)."""
NOTHING_HEARD = "no words were heard"
WAKE_ACTIONS = frozenset({"wake"})

# Why a phrase the recogniser accepted was still not acted on.
ASLEEP = "asleep: only 'wake up' works"
READING = "reading aloud: only 'stop' or 'pause' work"
OWN_VOICE = "the app's own reading, not you"
TOO_QUIET = "not clearly louder than the room"


@dataclass(frozen=True)
class VoiceEvent:
    kind: VoiceEventKind
    state: ListenerState | Literal[""] = ""
    phrase: str | None = None  # as recognised, lower case
    command: VoiceCommand | None = None
    confidence: float = 0.0
    message: str = ""
    start_s: float | None = None
    """Where the utterance started in a file source (None for a live microphone)."""
    decided_s: float | None = None
    """Position in a file source when the decision was made."""
    decision: Decision | None = None
    """The recogniser's full decision (for `hear`, the log and the benchmark)."""
    note: str = ""
    """For a "note" event: the words of a dictated note ("" when none were heard)."""


def describe_rejection(event: VoiceEvent) -> str:
    """What the voice indicator says about a phrase it did not act on.

    Silence would leave the user wondering whether they were heard at all; a near
    miss or a phrase said at the wrong moment gets a hint of what to do instead.
    """
    phrase, reason = event.phrase, event.message
    if phrase and reason == ASLEEP:
        return f'"{phrase}" ignored: asleep, say "wake up"'
    if phrase and reason == READING:
        return f'"{phrase}" ignored while reading: say "stop" first'
    if phrase and reason == TOO_QUIET:
        return f'"{phrase}"? Too quiet to be sure: please say it again, a little louder'
    if phrase and reason == NO_SUCH_NUMBER:
        return f'"{phrase}": there is no such number'
    if phrase and event.decision is not None and event.decision.close_call:
        return f'Not sure I heard "{phrase}": please say it again'
    return "(not a command: ignored)"


# -- shared decoder -------------------------------------------------------------------

_decoder_lock = threading.Lock()
_shared: WhisperDecoder | None = None
_phrase_updates = ThreadPoolExecutor(1, thread_name_prefix="hfs-voice-phrases")
"""One thread, so phrase-list changes reach the decoder in the order they were made."""
_requests = itertools.count(1)
_applied = 0
"""The newest phrase list applied, by the order it was asked for: the listener applies
its own at once, not through `_phrase_updates`, so an older list still waiting there
must not replace it (the diary's phrases were lost to the list of the screen before)."""


def shared_decoder(commands: Iterable[VoiceCommand], model_dir: str = "",
                   request: int | None = None) -> WhisperDecoder:
    """One recogniser per process (loading the model takes about half a second);
    its phrases follow the content. Raises ModelProblem if the model cannot be used.
    `request` (from next(_requests) when the list was chosen) orders the changes."""
    global _shared, _applied
    commands = list(commands)
    phrases = tuple(command.phrase for command in commands)
    request = next(_requests) if request is None else request
    with _decoder_lock:
        if _shared is None or _shared.model_dir != model_dir:
            _shared = WhisperDecoder.for_commands(commands, model_dir)
        elif request < _applied:
            return _shared  # a newer list is in place already
        elif set(phrases) != set(_shared.phrases):
            _shared.set_commands(commands)
        _applied = max(_applied, request)
        return _shared


def decoder_loaded() -> bool:
    return _shared is not None


def _decoder_soon(commands: tuple[VoiceCommand, ...], model_dir: str) -> Future[WhisperDecoder]:
    """shared_decoder(), loading on a thread of its own; result() waits for it."""
    future: Future[WhisperDecoder] = Future()
    request = next(_requests)

    def load() -> None:
        try:
            future.set_result(shared_decoder(commands, model_dir, request))
        except BaseException as error:  # raised again by result(), on the listener thread
            future.set_exception(error)

    if _shared is not None and _shared.model_dir == model_dir:
        load()  # loaded already: only the phrases may change
    else:
        threading.Thread(target=load, name="hfs-voice-model", daemon=True).start()
    return future


def default_commands() -> list[VoiceCommand]:
    """Every phrase for the built-in content (what the app listens for)."""
    from hfs_tui.content.loader import load_library

    try:
        library = load_library()
    except Exception:  # content problems are reported by the content layer
        return actions.voice_commands()
    return actions.voice_commands(library.sections, library.exercises)


# -- the listener ---------------------------------------------------------------------

class _Stopped(Exception):
    """Raised inside listen() when stop() is called."""


class _StoppableStream:
    """Wraps a source's stream: stop() interrupts even a half-heard phrase at once.

    `keeper` sees every chunk before listen() does (a softer last word stays in the
    phrase: hfs_tui.voice.endpoint).
    """

    def __init__(self, inner: object, stopping: threading.Event,
                 keeper: SoftWordKeeper | None = None) -> None:
        self._inner = inner
        self._stopping = stopping
        self._keeper = keeper
        self.ended = False
        self.bytes_read = 0
        """The stream's clock: how much audio has been heard."""

    def read(self, size: int) -> bytes:
        if self._stopping.is_set():
            raise _Stopped
        data: bytes = self._inner.read(size)  # type: ignore[attr-defined]
        self.bytes_read += len(data)
        if not data:
            self.ended = True
        elif self._keeper is not None:
            # audioop.rms, which listen() uses, truncates to a whole number.
            self._keeper.chunk(float(int(levels.rms(data))), len(data) // 2)
        return data

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)  # close() and friends, for the source's exit


class VoiceControl:
    """Hands-free or push-to-talk voice commands for the app (see module doc)."""

    def __init__(self, voice_settings: VoiceSettings, commands: list[VoiceCommand],
                 on_event: Callable[[VoiceEvent], None],
                 source_factory: Callable[[], sr.AudioSource] | None = None,
                 log: VoiceLog | None = None,
                 reference: Callable[[int], Callable[[int], np.ndarray]] | None = None) -> None:
        """`reference(rate)` gives a reader of what the app plays, in step with the
        source (see hfs_tui.voice.echo); by default, for a live microphone, the speech
        player's "now playing" record. A file source without one hears no reading."""
        self.settings = voice_settings
        self.reference = reference
        self.on_event = on_event
        self.source_factory = source_factory
        self.log = log if log is not None else VoiceLog(
            keep_recordings=voice_settings.keep_recordings)
        self.state: ListenerState = "off"
        self._commands = {command.phrase: command for command in commands}
        self._joiner = CommandJoiner(self._commands)
        self._phrases_applied: Future[WhisperDecoder] | None = None
        self._lock = threading.RLock()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._speaking = False
        self._answers: frozenset[str] = frozenset()
        self._one_shot = False
        self._push_pending = False
        self._calibrate_pending = False
        self._awake_state: ListenerState = "listening"
        self._warned: set[str] = set()
        self._room_level = 0.0
        self._note_wanted = False
        self._note_cancelled = False

    # -- public controls --------------------------------------------------------------

    def start(self) -> None:
        """Listen hands-free on a background thread; returns at once."""
        with self._lock:
            if self._running():
                if self.state == "asleep":
                    return
                self._one_shot = False
                return
            self._launch(one_shot=False)

    def stop(self) -> None:
        """Stop listening; the thread is gone within about a second."""
        with self._lock:
            thread = self._thread
            self._stopping.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2.0)
        with self._lock:
            self._thread = None
        self._set_state("off")

    def push_to_talk(self) -> None:
        """Listen for exactly one command (even when asleep), then go back."""
        with self._lock:
            if self._running():
                self._push_pending = True
                return
            self._launch(one_shot=True)

    def sleep(self) -> None:
        with self._lock:
            if self.state != "off":
                self._set_state("asleep")

    def wake(self) -> None:
        with self._lock:
            if self.state == "asleep":
                self._set_state("listening")

    def calibrate(self) -> None:
        """Measure the room's noise again before the next phrase."""
        self._calibrate_pending = True

    def set_speaking(self, speaking: bool) -> None:
        """While the app reads aloud only barge-in phrases (stop, pause) count."""
        self._speaking = speaking

    def set_answers(self, phrases: Iterable[str]) -> None:
        """The answers to the question on screen ("yes", "no"; none when no question).

        They may act over the app's reading of the question, as "stop" does over any
        reading: people answer as soon as they know, and waiting for "Say yes or no"
        to end is slow with your eyes closed. Only with the played audio to hand, and
        only when the voice is the user's, not the reading's (which says "yes"). A
        near-miss "no" answers too, over the reading or not (see _near_miss_will_do).
        """
        self._answers = frozenset(phrases)

    def _near_miss_will_do(self, phrase: str, reading: bool) -> bool:
        """Stopping while reading, and answering no to the question on screen, cost
        nothing if they were not meant: for those a near miss acts."""
        command = self._commands.get(phrase)
        return (reading and phrase in BARGE_IN_PHRASES) or (
            command is not None and phrase in self._answers and actions.declines(command))

    def _may_act_while_reading(self, command: VoiceCommand, echo: object | None) -> bool:
        return bargein.allowed_while_reading(command) or (
            echo is not None and command.phrase in self._answers)

    def preload(self) -> None:
        """Start loading the model in the background (a problem shows on first use)."""
        _decoder_soon(tuple(self._commands.values()), self.settings.model_dir)

    def set_commands(self, commands: list[VoiceCommand]) -> None:
        """Listen for these phrases from now on (a dialog's own answers come and go).

        Returns at once: the recogniser takes its new phrase list on a thread of its
        own, since it may be decoding (its lock held for a few hundred ms), and the
        caller is the UI. Calls are applied in order, so the last one wins.
        """
        with self._lock:
            self._commands = {command.phrase: command for command in commands}
            current = tuple(self._commands.values())
            self._joiner.set_phrases(self._commands)
        if _shared is not None:
            self._phrases_applied = _phrase_updates.submit(
                shared_decoder, current, self.settings.model_dir, next(_requests))

    # -- thread -------------------------------------------------------------------------

    def _running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _launch(self, one_shot: bool) -> None:
        self._stopping = threading.Event()
        self._one_shot = one_shot
        self._thread = threading.Thread(target=self._run, args=(self._stopping,),
                                        name="hfs-voice", daemon=True)
        # Loading the model takes a moment the first time: the UI says so.
        self._set_state("listening" if decoder_loaded() else "loading")
        self._thread.start()

    def _run(self, stopping: threading.Event) -> None:
        try:
            self._listen_loop(stopping)
        except _Stopped:
            pass
        except (SourceProblem, ModelProblem) as problem:
            self._problem(str(problem))
        except Exception as error:  # never let the thread die silently
            self._problem(f"Voice commands stopped: {type(error).__name__}: {error}")
        finally:
            with self._lock:
                if self._thread is threading.current_thread():
                    self._thread = None
                    if self.state != "off":
                        self._set_state("off")

    def _listen_loop(self, stopping: threading.Event) -> None:
        # The model loads while the microphone opens and the room is measured (0.3 s
        # of real time): both are needed before a command can be heard.
        loading = _decoder_soon(tuple(self._commands.values()), self.settings.model_dir)
        factory = self.source_factory or sources.make_source_factory(self.settings.microphone)
        recognizer = sr.Recognizer()
        recognizer.pause_threshold = PAUSE_THRESHOLD
        recognizer.non_speaking_duration = NON_SPEAKING_DURATION
        recognizer.phrase_threshold = PHRASE_THRESHOLD
        recognizer.dynamic_energy_threshold = True
        with factory() as source:
            if source.SAMPLE_WIDTH == 2:
                source.stream = LowSoundRemovedStream(
                    DcRemovedStream(source.stream, source.SAMPLE_RATE), source.SAMPLE_RATE,
                    on_start=self.calibrate)
            echo = self._echo_stream(source)
            keeper = SoftWordKeeper(recognizer, source.SAMPLE_RATE,
                                    allowed=lambda: not self._reading(echo, 0.0))
            stream = _StoppableStream(echo or source.stream, stopping, keeper)
            source.stream = stream
            self._calibrate(recognizer, source)
            decoder = loading.result()
            if stopping.is_set():
                return
            with self._lock:
                wanted = tuple(self._commands.values())
            if {command.phrase for command in wanted} != set(decoder.phrases):
                # The phrases changed while the model loaded (a dialog opened).
                decoder = shared_decoder(wanted, self.settings.model_dir)
            with self._lock:
                loaded = self.state == "loading"
            if loaded:
                self._set_state("listening")
            # The microphone is open and the room measured: only now is voice really on.
            self._emit(VoiceEvent("ready", state=self.state))
            waits = 0
            while not stopping.is_set():
                if self._note_wanted:
                    self._hear_note(recognizer, source, stream, decoder)
                    continue
                if self._calibrate_pending and not self._reading(echo, 0.0):
                    # Not while the app speaks: its voice is not the room. (A "stop"
                    # over the reading was then not louder than the "room".)
                    self._calibrate(recognizer, source)
                keeper.new_phrase()
                try:
                    audio = recognizer.listen(source, timeout=WAIT_TIMEOUT,
                                              phrase_time_limit=PHRASE_TIME_LIMIT)
                except sr.WaitTimeoutError:
                    waits += 1
                    if stream.ended:
                        break
                    if self._one_shot and waits * WAIT_TIMEOUT >= ONE_SHOT_WAIT:
                        self._emit(VoiceEvent("rejected", state="off",
                                              message="nothing was heard"))
                        break
                    continue
                recognizer.energy_threshold = max(recognizer.energy_threshold,
                                                  MIN_ENERGY_THRESHOLD)
                if stopping.is_set():
                    break
                if len(audio.frame_data) >= audio.sample_width * audio.sample_rate * 0.1:
                    self._handle(audio, decoder, source, echo)
                if stream.ended or (self._one_shot and not self._note_wanted
                                    and not stopping.is_set()):
                    break

    def _await_phrases(self) -> None:
        """Decode with the phrase list the UI set last: "seven" said just after the
        picker opened was heard as no command while the recogniser's new list was
        still on its way (a loaded machine)."""
        pending = self._phrases_applied
        if pending is not None:
            # Late or failed: decode with what it has (a problem shows on its own).
            with contextlib.suppress(Exception):
                pending.result(timeout=PHRASE_UPDATE_WAIT)

    def _reading(self, echo: object | None, seconds: float) -> bool:
        """Is the app reading aloud, or did it play anything in the last `seconds` (and
        the short gaps between its sentences)?"""
        return self._speaking or (echo is not None and echo.playing_within(  # type: ignore[attr-defined]
            seconds + READING_GRACE_SECONDS))

    def _echo_stream(self, source: sr.AudioSource) -> object | None:
        """The source's stream with the app's own sound taken out (None: nothing to take)."""
        reference = self.reference
        if reference is None and not isinstance(source, FileSource):
            from hfs_tui.voice.echo import PlayerReference

            reference = PlayerReference
        if reference is None or source.SAMPLE_WIDTH != 2:
            return None
        from hfs_tui.voice.echo import EchoStream

        return EchoStream(source.stream, reference(source.SAMPLE_RATE), source.SAMPLE_RATE)

    def _calibrate(self, recognizer: sr.Recognizer, source: sr.AudioSource) -> None:
        self._calibrate_pending = False
        # SpeechRecognition's adjust_for_ambient_noise only moves the threshold part of
        # the way from its start value (300) in a short calibration, so a loud room
        # stays above it and every gust of noise becomes a "phrase". Measured directly:
        # the loudest chunk of the room, times the usual margin.
        chunks = max(1, round(CALIBRATION_SECONDS * source.SAMPLE_RATE / source.CHUNK))
        chunk_levels = [levels.rms(source.stream.read(source.CHUNK)) for _ in range(chunks)]
        level = max(chunk_levels)
        self._room_level = level
        recognizer.energy_threshold = max(level * recognizer.dynamic_energy_ratio,
                                          MIN_ENERGY_THRESHOLD)
        if level < 0.5 and not isinstance(source, FileSource):
            self._warn("silent", "The microphone gives only silence. Is it muted, or is "
                                 "another one the default? Check it, then say something.")
        elif level > NOISY_ROOM_THRESHOLD:
            self._warn("noisy", "It is very noisy here, so commands may not be heard. "
                                "Move away from the noise or use push-to-talk.")

    def _handle(self, audio: sr.AudioData, decoder: WhisperDecoder,
                source: sr.AudioSource, echo: object | None = None) -> None:
        previous = self.state
        if previous != "asleep":
            self._set_state("hearing")
        raw = levels.audio_to_pcm16k(audio)
        seconds = len(raw) / (2 * SAMPLE_RATE)
        reading = self._reading(echo, seconds)
        # While reading, the utterance is cancelled again with a filter fitted over the
        # last seconds at once (hfs_tui.voice.echo.cancel_batch): the adaptive one has
        # not converged in a reading's first second, and what it lets through is heard
        # as words.
        cleaned = echo.clean(audio.frame_data) if reading and echo is not None else None  # type: ignore[attr-defined]
        user_share = 1.0
        if cleaned is not None:
            user_share = cleaned[1]
            raw = levels.audio_to_pcm16k(sr.AudioData(cleaned[0], audio.sample_rate, 2))
        if levels.clipped(raw):
            self._warn("clipping", "The sound is too loud (clipping). Move back from the "
                                   "microphone or turn its level down.")
        # While reading, the full phrase list is still the prompt: with only the
        # barge-in words in it, Whisper heard "stop" in the app's own reading (15
        # actions from reading alone on the TEST barge-in set); the barge-in rule
        # then lets only stop and pause act.
        if cleaned is not None and user_share < MIN_USER_SHARE:
            # Nothing but the reading's leftovers: not decoded at all.
            decision = Decision(None, False, 0.0, OWN_VOICE)
        else:
            self._await_phrases()
            decision = decoder.decode(raw)
        if reading:
            self._joiner.forget()
        else:
            # "section", a pause, "seven": the second half completes the first.
            ended_s = getattr(source.stream, "bytes_read", 0) / (
                audio.sample_width * audio.sample_rate)
            decision = self._joiner.decided(decision, ended_s - seconds, ended_s,
                                            raw, decoder.decode)
        if (not decision.accepted and decision.close_call
                and self._near_miss_will_do(decision.heard or "", reading)):
            # Over the leftovers of the app's own reading "stop" is often a near miss;
            # stopping or pausing is harmless (r carries on), as is answering no (the
            # question can be asked again), so a near miss will do.
            decision = replace(decision, accepted=True, reason="")
        elif reading and not decision.accepted and bargein.barge_in_said(decision.heard):
            # "Stop that" while reading: the stop acts (see bargein.barge_in_said).
            said = bargein.barge_in_said(decision.heard) or ""
            decision = replace(decision, heard=said, accepted=True, reason="",
                               phones=len(said.split()),
                               confidence=max(decision.confidence, 0.5))
        if decision.accepted and not levels.stands_out(raw, self._room_level):
            decision = replace(decision, accepted=False, confidence=min(decision.confidence, 0.2),
                               reason=TOO_QUIET)
        start_s = decided_s = None
        if isinstance(source, FileSource):
            decided_s = round(source.position, 3)
            start_s = round(source.position - len(raw) / (2 * SAMPLE_RATE)
                            + levels.leading_quiet_seconds(raw), 3)
        command = self._commands.get(decision.phrase or "")
        if (reading and echo is not None and decision.accepted and command is not None
                and self._may_act_while_reading(command, echo)):
            if cleaned is None:
                user_share = echo.user_share(seconds)  # type: ignore[attr-defined]
            if user_share >= MIN_USER_SHARE and self._reading_says(
                    echo, seconds, source.SAMPLE_RATE, decoder, command.phrase):
                user_share = 0.0
        self._act(decision, raw, previous, start_s, decided_s, reading, user_share, echo)

    def _reading_says(self, echo: object, seconds: float, rate: int, decoder: WhisperDecoder,
                      phrase: str) -> bool:
        """Does the app's own audio of those moments say `phrase`? (Then it was not you.)

        The recogniser hears what was played over the same stretch: when it hears the
        same phrase there ("Pause for a moment..."), the phrase was the reading's.
        """
        played = echo.reference_samples(seconds)  # type: ignore[attr-defined]
        if len(played) == 0:
            return False
        pcm = sr.AudioData(levels.int16(played), rate, 2).get_raw_data(convert_rate=SAMPLE_RATE)
        heard = decoder.decode(pcm)
        return heard.accepted and heard.phrase == phrase

    def _act(self, decision: Decision, raw: bytes, previous: ListenerState,
             start_s: float | None, decided_s: float | None,
             reading: bool = False, user_share: float = 1.0,
             echo: object | None = None) -> None:
        command = self._commands.get(decision.phrase or "")
        push = self._push_pending or self._one_shot
        self._push_pending = False
        awake_state: ListenerState = "asleep" if previous == "asleep" else "listening"
        reason = decision.reason
        if command is not None:
            if previous == "asleep" and not push and command.action not in WAKE_ACTIONS:
                reason, command = ASLEEP, None
            elif reading and not self._may_act_while_reading(command, echo):
                reason, command = READING, None
            elif reading and user_share < MIN_USER_SHARE:
                reason, command = OWN_VOICE, None
        if command is None and decision.heard is None and decision.reason == NO_SPEECH:
            self._set_state(awake_state)  # a click or a breath: nothing to report
            return
        if command is None:
            phrase = decision.command_heard
            self.log.add(phrase, f"ignored ({reason})", decision.confidence, audio=raw)
            self._set_state(awake_state)
            self._emit(VoiceEvent("rejected", state=awake_state, phrase=phrase,
                                  confidence=decision.confidence, message=reason,
                                  start_s=start_s, decided_s=decided_s, decision=decision))
            return
        if command.action in SLEEP_ACTIONS:
            awake_state = "asleep"
        elif command.action in WAKE_ACTIONS:
            awake_state = "listening"
        self.log.add(command.phrase, f"did {command.action}", decision.confidence,
                     action=command.action, argument=command.argument, audio=raw)
        if command.action in NOTE_ACTIONS:
            self.dictate()  # before the UI hears of it: the note may follow at once
        self._set_state(awake_state)
        self._emit(VoiceEvent("command", state=awake_state, phrase=command.phrase,
                              command=command, confidence=decision.confidence,
                              start_s=start_s, decided_s=decided_s, decision=decision))

    # -- dictation ------------------------------------------------------------------------

    def dictate(self) -> None:
        """Hear the next utterance as a diary note (free speech), then commands again.

        The result comes as a "note" event. Nothing of the note, its sound or its
        words, goes to the voice log or the disk. Listens even if voice was off (once).
        """
        with self._lock:
            self._note_wanted = True
            self._note_cancelled = False
            if not self._running():
                self._launch(one_shot=True)

    def cancel_dictation(self) -> None:
        """Drop a note being listened for (the dialog was closed); commands again."""
        self._note_wanted = False
        self._note_cancelled = True

    def _hear_note(self, recognizer: sr.Recognizer, source: sr.AudioSource,
                   stream: _StoppableStream, decoder: WhisperDecoder) -> None:
        from hfs_tui.voice import dictation

        self._note_wanted = False
        awake = self.state if self.state in ("listening", "asleep") else "listening"
        # A pause of a second or two inside a sentence must not end the note.
        listener = sr.Recognizer()
        listener.energy_threshold = recognizer.energy_threshold
        listener.dynamic_energy_threshold = False
        listener.pause_threshold = dictation.END_PAUSE_SECONDS
        listener.non_speaking_duration = NON_SPEAKING_DURATION
        listener.phrase_threshold = PHRASE_THRESHOLD
        self._set_state("note")
        audio, waited = None, 0.0
        while audio is None and waited < dictation.START_WAIT_SECONDS:
            if self._note_cancelled or stream.ended:
                break
            try:
                audio = listener.listen(source, timeout=WAIT_TIMEOUT,
                                        phrase_time_limit=dictation.WINDOW_SECONDS)
            except sr.WaitTimeoutError:
                waited += WAIT_TIMEOUT
        if self._note_cancelled:
            self._set_state(awake)
            return
        text = ""
        if audio is not None:
            self._set_state("hearing")
            text = dictation.Dictation(decoder).transcribe(levels.audio_to_pcm16k(audio)).text
            del audio  # the sound is not kept anywhere
        self._set_state(awake)
        if not self._note_cancelled:
            self._emit(VoiceEvent("note", state=awake, note=text,
                                  message="" if text else NOTHING_HEARD))

    # -- events ---------------------------------------------------------------------------

    def _set_state(self, state: ListenerState) -> None:
        with self._lock:
            if state == self.state:
                return
            self.state = state
        self._emit(VoiceEvent("state", state=state))

    def _problem(self, message: str) -> None:
        self._emit(VoiceEvent("problem", state="off", message=message))

    def _warn(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            self._emit(VoiceEvent("problem", state=self.state, message=message))

    def _emit(self, event: VoiceEvent) -> None:
        with contextlib.suppress(Exception):  # a UI callback error must not kill listening
            self.on_event(event)
