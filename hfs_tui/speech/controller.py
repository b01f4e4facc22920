"""ReadAloud: sentence-by-sentence reading that can stop, pause and skip at once.

Every public method only queues a command (and, for anything that silences,
kills the playing process on the spot), so callers such as the UI thread never
wait. One control thread per ReadAloud runs the commands in order: it gets each
chunk's WAV from the shared synthesis thread, starts the player, and synthesises
the next chunk while this one plays, so sentences follow each other without a
gap. A small waiter thread per playing chunk reports when the player ends.

Without a speech engine or a sound output the reading still moves on at
speaking pace (from the WAV's length, or estimated from words and rate), so focus
mode can guide the user; one "problem" event says what is wrong.

What a reading is made of (utterances, chunks, jobs, events) is in
hfs_tui.speech.jobs; the WAV files and the chunk synthesised ahead in
hfs_tui.speech.audio_files; which engine reads, and the fall-back to the system
voice, in hfs_tui.speech.engine_choice. `Utterance` and `SpeechEvent` are still
importable from here.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from hfs_tui.settings import RULES, Range, SpeechSettings
from hfs_tui.speech import player as speech_player
from hfs_tui.speech import prepare
from hfs_tui.speech.audio_files import AudioFolder, Prefetcher
from hfs_tui.speech.engine import (
    ENGINES,
    NATURAL,
    SYSTEM,
    SpeechEngine,
    SynthesisInterrupted,
    SynthesisThread,
    VoiceInfo,
    VoiceSettings,
)
from hfs_tui.speech.engine_choice import EngineChoice
from hfs_tui.speech.jobs import (
    Chunk,
    Job,
    Playing,
    SpeechEvent,
    Utterance,
    clamp,
    clamp_index,
    sentence_job,
    text_job,
)
from hfs_tui.speech.player import NO_SOUND_OUTPUT, Player, PlayerUnavailable, find_player
from hfs_tui.speech.states import Command, JobKind, ReadingState, SpeechEventKind

__all__ = ["EARLY_END", "NATURAL_FALLBACK", "NO_ENGINE", "RATE_LIMITS", "VOLUME_LIMITS",
           "ReadAloud", "SpeechEvent", "Utterance"]

log = logging.getLogger(__name__)

NO_ENGINE = "Reading aloud is not available (no speech engine): see hfs-tui doctor"
NATURAL_FALLBACK = ("The natural voice could not load, so the system voice reads instead "
                    "({reason}): see hfs-tui doctor")
EMPTY_SENTENCE_SECONDS = 0.3
EARLY_END = 0.8
"""A player that ends before this share of its audio's length cannot have played it
in real time (ALSA's null device, a player that returns at once): reading keeps
speaking pace instead of racing through the section as fast as synthesis goes."""


def _limits(key: str, low: float, high: float) -> tuple[float, float]:
    rule = RULES.get(key)
    return (rule.low, rule.high) if isinstance(rule, Range) else (low, high)


RATE_LIMITS = _limits("speech.rate", 80, 400)
VOLUME_LIMITS = _limits("speech.volume", 0.0, 1.0)


# Commands that silence the current sound before the control thread sees them.
_INTERRUPTING: frozenset[Command] = frozenset({"read", "pause", "stop", "next", "previous",
                                              "repeat", "say", "close"})


class ReadAloud:
    def __init__(
        self,
        speech_settings: SpeechSettings,
        pronunciations: Mapping[str, str] | None = None,
        on_event: Callable[[SpeechEvent], None] | None = None,
        engine_factory: Callable[[], SpeechEngine] | None = None,
        player: Player | None = None,
        fallback_factory: Callable[[], SpeechEngine] | None = None,
    ) -> None:
        """`engine_factory` replaces the engine `speech_settings.engine` names (tests);
        if the natural voice cannot load, the system voice takes over (from
        `fallback_factory` when given; with only an `engine_factory`, none does)."""
        self._pronunciations = dict(pronunciations or {})
        self._on_event = on_event
        self._lock = threading.Lock()
        self._voice = VoiceSettings(
            rate=int(clamp(speech_settings.rate, *RATE_LIMITS)),
            volume=float(clamp(speech_settings.volume, *VOLUME_LIMITS)),
            voice=speech_settings.voice,
        )
        # An engine that fails to start says so on its synthesis thread: the control
        # thread hears of it as "engine_failed", in order with the other commands.
        self._engines = EngineChoice(
            getattr(speech_settings, "engine", SYSTEM), engine_factory, fallback_factory,
            lambda synthesis, error: self._commands.put(
                ("engine_failed", False, synthesis, error)))
        self.problem: str | None = None
        self._reported: set[str] = set()
        self.engine_detail = ""
        """The engine's own error when it failed (for logs and `doctor`)."""
        self._player: Player | None = player
        if player is None:
            try:
                self._player = find_player(speech_settings.player)
            except PlayerUnavailable as error:
                log.info("no audio player: %s", error)
                self.problem = NO_SOUND_OUTPUT
        self._configured_player = self._player
        self._audio = AudioFolder()
        self._prefetcher = Prefetcher(self._audio)
        self._tokens = itertools.count(1)
        self._commands: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._pending_interrupts = 0
        self._state: ReadingState = "idle"
        self._current_index: int | None = None
        self._utterances: list[Utterance] = []
        self._plan: list[list[str]] = []
        self._job: Job | None = None
        self._playing: Playing | None = None
        self._deadline: float | None = None
        self._closed = False
        self._engines.warm_up()
        self._thread = threading.Thread(target=self._run, name="hfs-tui-read-aloud",
                                        daemon=True)
        self._thread.start()

    # -- what the caller sees --------------------------------------------------------

    @property
    def state(self) -> ReadingState:
        """"idle", "reading" or "paused" (one-off `say` text plays while "idle")."""
        return self._state

    @property
    def speaking(self) -> bool:
        """True while anything is being said (reading or one-off text), e.g. for the
        voice layer to stop listening to the app's own voice."""
        return self._job is not None and self._state != "paused"

    @property
    def current_index(self) -> int | None:
        """The sentence being read, or the last one read."""
        return self._current_index

    @property
    def rate(self) -> int:
        return self._voice.rate

    @property
    def volume(self) -> float:
        return self._voice.volume

    @property
    def voice(self) -> str:
        return self._voice.voice

    @property
    def engine(self) -> str:
        """The engine reading now: "natural" or "system" (after a fallback, "system")."""
        return self._engines.name

    @property
    def player(self) -> Player | None:
        """The player in use; None once sound output proved unavailable."""
        return self._player

    @property
    def player_pid(self) -> int | None:
        """Process id of the sound playing now (for tests and benchmarks)."""
        playing = self._playing
        if playing is None or playing.killed or playing.playback is None:
            return None
        pid: int | None = playing.playback.pid
        return pid

    # -- commands ----------------------------------------------------------------------

    def read(self, utterances: Sequence[Utterance], start: int = 0) -> None:
        self._send("read", list(utterances), start)

    def pause(self) -> None:
        self._send("pause")

    def resume(self) -> None:
        self._send("resume")

    def toggle_pause(self) -> None:
        # Decided on the control thread, so two quick presses pause then resume.
        self._send("toggle", interrupt=self._state == "reading")

    def stop(self) -> None:
        self._send("stop")

    def next_sentence(self) -> None:
        self._send("next")

    def previous_sentence(self) -> None:
        self._send("previous")

    def repeat(self) -> None:
        self._send("repeat")

    def say(self, text: str, engine: str | None = None) -> None:
        """Speak one-off text now (a cue, help, a settings sample); stops reading.

        `engine` ("natural" or "system") speaks it in that engine this once."""
        self._send("say", text, engine)

    def prime(self, text: str) -> None:
        """Get the first sound of `text` ready (a section was opened at this sentence),
        so that reading it starts at once. Only the natural voice needs it."""
        self._send("prime", text)

    def set_engine(self, engine: str) -> None:
        """Read with "natural" or "system" from the next sentence on."""
        self._send("engine", engine)

    def set_rate(self, words_per_minute: int) -> None:
        rate = int(clamp(words_per_minute, *RATE_LIMITS))
        with self._lock:
            self._voice = replace(self._voice, rate=rate)
        self._send("settings", f"Speed {rate} words a minute")

    def change_rate(self, step: int) -> int:
        with self._lock:
            rate = int(clamp(self._voice.rate + step, *RATE_LIMITS))
            self._voice = replace(self._voice, rate=rate)
        self._send("settings", f"Speed {rate} words a minute")
        return rate

    def set_volume(self, volume: float) -> None:
        volume = round(clamp(volume, *VOLUME_LIMITS), 2)
        with self._lock:
            self._voice = replace(self._voice, volume=volume)
        self._send("settings", f"Volume {round(volume * 100)} percent")

    def change_volume(self, step: float) -> float:
        with self._lock:
            volume = round(clamp(self._voice.volume + step, *VOLUME_LIMITS), 2)
            self._voice = replace(self._voice, volume=volume)
        self._send("settings", f"Volume {round(volume * 100)} percent")
        return volume

    def set_voice(self, voice_id: str) -> None:
        self._send("voice", voice_id)

    def voices(self) -> list[VoiceInfo]:
        """The system engine's voices, which `speech.voice` picks from (empty without
        one). The natural voice has one voice of its own. Waits for the engine's start."""
        return self._engines.voices()

    def close(self) -> None:
        """Stop, end the control thread and remove the temporary audio."""
        if self._closed:
            return
        self._closed = True
        self._send("close")
        self._thread.join(timeout=2)
        # A synthesis still writing into the folder must end before it is removed.
        self._prefetcher.wait_for_dropped(5)
        self._engines.close()
        self._audio.remove()

    def __enter__(self) -> ReadAloud:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- caller side -------------------------------------------------------------------

    def _send(self, command: Command, *args: Any, interrupt: bool | None = None) -> None:
        if interrupt is None:
            interrupt = command in _INTERRUPTING
        if interrupt:
            with self._lock:
                self._pending_interrupts += 1
                self._kill_playing_locked()
        self._commands.put((command, interrupt, *args))

    def _kill_playing_locked(self) -> None:
        playing = self._playing
        if playing is not None and not playing.killed:
            playing.killed = True
            if playing.playback is not None:
                playing.playback.kill()

    # -- the control thread --------------------------------------------------------

    def _run(self) -> None:
        while True:
            timeout = None
            if self._deadline is not None:
                timeout = max(0.0, self._deadline - time.monotonic())
            try:
                command, interrupted, *args = self._commands.get(timeout=timeout)
            except queue.Empty:
                self._deadline = None
                self._advance()
                continue
            if interrupted:
                with self._lock:
                    self._pending_interrupts -= 1
            try:
                if command == "close":
                    self._silence()
                    self._drop_prefetched()
                    return
                if command in ("stop", "say", "next", "previous"):
                    self._drop_prefetched()
                getattr(self, f"_on_{command}")(*args)
            except Exception:  # never let one bad command end reading for good
                log.exception("read-aloud command %s failed", command)
                self._silence()
                self._state = "idle"

    def _on_read(self, utterances: list[Utterance], start: int) -> None:
        self._silence()
        if self._player is None and self._configured_player is not None:
            # Sound may work again (headphones plugged in): try once per reading.
            # The problem is not announced twice if it still fails.
            self._player = self._configured_player
        self._utterances = utterances
        self._plan = [prepare.speech_chunks(u.text, self._pronunciations) for u in utterances]
        if not utterances:
            self._state = "idle"
            self._emit("finished")
            return
        self._start_job(clamp_index(start, len(utterances)), "read")

    def _on_pause(self) -> None:
        if self._state == "reading":
            self._silence()
            self._state = "paused"
            self._emit("paused", self._current_index)
        elif self._job is not None:  # one-off text: pausing it just ends it
            self._silence()
            self._job = None

    def _on_toggle(self) -> None:
        if self._state == "reading":
            self._on_pause()
        else:
            self._on_resume()

    def _on_resume(self) -> None:
        if self._state != "paused" or self._job is None or self._current_index is None:
            return
        self._state = "reading"
        self._emit("resumed", self._current_index)
        self._job.position = self._job.starts.get(self._current_index, 0)
        self._play()

    def _on_stop(self) -> None:
        self._silence()
        self._job = None
        if self._state != "idle":
            self._state = "idle"
            self._emit("stopped", self._current_index)

    def _on_next(self) -> None:
        self._move(+1)

    def _on_previous(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        if not self._utterances:
            return
        self._silence()
        current = self._current_index if self._current_index is not None else -step
        target = max(0, current + step)
        if target >= len(self._utterances):
            self._job = None
            self._state = "idle"
            self._emit("finished", len(self._utterances) - 1)
            return
        self._start_job(target, "read")

    def _on_repeat(self) -> None:
        if not self._utterances or self._current_index is None:
            return
        self._silence()
        index = self._current_index
        if self._state != "idle" and self._job is not None and self._job.kind != "say":
            if self._state == "paused":
                self._emit("resumed", index)
            self._state = "reading"
            self._job.position = self._job.starts.get(index, 0)
            self._play()
        else:
            self._start_job(index, "repeat")

    def _on_say(self, text: str, engine: str | None = None) -> None:
        self._silence()
        if self._state != "idle":
            self._state = "idle"
            self._emit("stopped", self._current_index)
        self._job = text_job(text, self._pronunciations, engine if engine in ENGINES else None)
        self._play()

    def _on_prime(self, text: str) -> None:
        if self._engines.name != NATURAL or self._engines.failed or self._job is not None:
            return  # the system voice is quick anyway; never disturb a reading
        chunks = prepare.speech_chunks(text, self._pronunciations)
        if chunks:
            head = prepare.split_head(chunks[0])
            self._prefetch(Chunk(None, head[0] if head else chunks[0], first=True))

    def _on_engine(self, engine: str) -> None:
        if engine not in ENGINES:
            self._emit("problem", message=f"Unknown speech engine '{engine}'")
            return
        if engine != self._engines.name:
            self._drop_prefetched()
            self._engines.switch(engine)
            if self.problem == NO_ENGINE:
                self.problem = None
            self._engines.warm_up()
        name = "the natural voice" if engine == NATURAL else "the system voice"
        self._emit("settings", message=f"Reading with {name}")

    def _on_settings(self, message: str) -> None:
        self._emit("settings", message=message)

    def _on_voice(self, voice_id: str) -> None:
        known = {voice.id: voice for voice in self.voices()}
        if voice_id and voice_id not in known:
            self._emit("problem", message=f"The voice '{voice_id}' is not available")
            return
        with self._lock:
            self._voice = replace(self._voice, voice=voice_id)
        name = known[voice_id].name if voice_id else "the default voice"
        self._emit("settings", message=f"Voice {name}")

    # -- playing -----------------------------------------------------------------------

    def _start_job(self, sentence: int, kind: JobKind) -> None:
        self._job = sentence_job(self._plan, sentence, kind)
        self._state = "reading"
        self._play()

    def _play(self) -> None:
        job = self._job
        if job is None:
            return
        if job.position >= len(job.chunks):
            self._finish_job()
            return
        chunk = self._quick_first_chunk(job)
        if chunk.first:
            self._current_index = chunk.sentence
        audio, seconds = self._audio_for(chunk, job.engine)
        self._report_known_problems()
        with self._lock:
            if self._pending_interrupts:
                # A stop/pause/skip is already queued: do not start a sound it would cut.
                self._audio.discard(audio)
                return
            playback = None
            if audio is not None and self._player is not None:
                try:
                    playback = self._player.start(audio)
                    # What the voice listener hears from us (it cancels that echo).
                    speech_player.now_playing.says(playback.now_playing_token, chunk.text)
                except PlayerUnavailable as error:
                    log.info("player failed: %s", error)
                    self._player = None
            playing = Playing(next(self._tokens), playback, audio, seconds, time.monotonic())
            self._playing = playing
        if playback is None:
            self._report_known_problems()
            self._deadline = playing.started + seconds
        else:
            self._deadline = None
            threading.Thread(target=self._wait_for, args=(playing.token, playback),
                             name="hfs-tui-player-wait", daemon=True).start()
        if chunk.first and job.kind != "say":
            self._emit("started", chunk.sentence)
        if job.position + 1 < len(job.chunks):
            self._prefetch(job.chunks[job.position + 1], job.engine)

    def _quick_first_chunk(self, job: Job) -> Chunk:
        """The chunk to play now; with the natural voice, a chunk that is not ready
        yet is cut after its first few words, so that sound starts at once and the
        rest is synthesised while the head plays."""
        chunk = job.chunks[job.position]
        engine = job.engine or self._engines.name
        if engine != NATURAL or self._engines.failed:
            return chunk
        with self._lock:
            settings = self._voice
        if self._prefetcher.ready_for((engine, chunk.text, settings)):
            return chunk
        parts = prepare.split_head(chunk.text)
        if parts is None:
            return chunk
        job.split(job.position, *parts)
        return job.chunks[job.position]

    def _wait_for(self, token: int, playback: Any) -> None:
        code = playback.wait()
        self._commands.put(("ended", False, token, code))

    def _on_ended(self, token: int, code: int) -> None:
        playing = self._playing
        if playing is None or playing.token != token or playing.killed:
            return  # a sound we stopped on purpose; its command follows
        if code == 0 and self.problem == NO_SOUND_OUTPUT:
            self.problem = None  # sound works again
        if code != 0:
            # e.g. aplay with no sound card exits at once: pace the rest silently.
            log.info("player %s exited with %s", self._player, code)
            with self._lock:
                self._player = None
                playing.playback = None
            self._report_known_problems()
            self._deadline = playing.started + playing.seconds
            return
        due = playing.started + playing.seconds
        if self._ended_early(playing) and due > time.monotonic():
            log.info("player %s ended %.2f s early: keeping speaking pace", self._player,
                     due - time.monotonic())
            with self._lock:
                playing.playback = None
            self._deadline = due
            return
        self._advance()

    def _ended_early(self, playing: Playing) -> bool:
        player = self._player
        if player is not None and player.is_null and speech_player.null_speed() != 1.0:
            return False  # sped up on purpose (benchmarks, tests of order, not pace)
        return time.monotonic() < playing.started + playing.seconds * EARLY_END

    def _advance(self) -> None:
        self._silence()
        if self._job is None:
            return
        self._job.position += 1
        self._play()

    def _finish_job(self) -> None:
        job, self._job = self._job, None
        if job is None or job.kind == "say":
            return
        self._state = "idle"
        if job.kind == "read":
            self._emit("finished", self._current_index)
        else:
            self._emit("stopped", self._current_index, "repeated")

    def _silence(self) -> None:
        """End the current sound (if any) and forget it; the next one starts afresh."""
        with self._lock:
            self._kill_playing_locked()
            playing, self._playing = self._playing, None
        self._deadline = None
        if playing is not None:
            self._audio.discard(playing.audio)

    # -- audio -------------------------------------------------------------------------

    def _audio_for(self, chunk: Chunk, engine: str | None = None) -> tuple[Path | None, float]:
        """The chunk's WAV and its length; no WAV when there is no engine."""
        with self._lock:
            settings = self._voice
        if not chunk.text:
            return None, EMPTY_SENTENCE_SECONDS
        if self._engines.failed and engine is None:
            return None, prepare.estimated_seconds(chunk.text, settings.rate)
        ready = self._prefetcher.take((engine or self._engines.name, chunk.text, settings))
        if ready is not None:
            return ready
        while True:
            synthesis = self._engines.thread_for(engine)
            try:
                audio = self._audio.new_path()
                return audio, synthesis.synthesise(chunk.text, audio, settings)
            except SynthesisInterrupted:
                continue  # cut short by a stop that was meant for something else
            except Exception as error:
                if engine is not None or not self._engine_down(error):
                    return None, prepare.estimated_seconds(chunk.text, settings.rate)
                # the system voice took over: synthesise this chunk with it

    def _prefetch(self, chunk: Chunk, engine: str | None = None) -> None:
        """Start synthesising the next chunk on its thread; `_audio_for` collects it."""
        if not chunk.text or (self._engines.failed and engine is None):
            return
        with self._lock:
            settings = self._voice
        self._prefetcher.start((engine or self._engines.name, chunk.text, settings),
                               self._engines.thread_for(engine))

    def _drop_prefetched(self) -> None:
        self._prefetcher.drop()

    # -- problems and events -----------------------------------------------------------

    def _on_engine_failed(self, synthesis: SynthesisThread, error: BaseException) -> None:
        if synthesis is self._engines.synthesis:
            self._engine_down(error)

    def _engine_down(self, error: BaseException) -> bool:
        """Note that the engine failed; True if the system voice took over."""
        log.info("speech engine %s unavailable: %s", self._engines.name, error)
        self.engine_detail = str(error)
        if self._engines.name == NATURAL and self._engines.may_fall_back:
            self._drop_prefetched()
            self._engines.fall_back()
            self._problem(NATURAL_FALLBACK.format(reason=_reason(error)))
            self._engines.warm_up()
            return True
        self._engines.failed = True
        self.problem = NO_ENGINE
        return False

    def _report_known_problems(self) -> None:
        if self._engines.failed:
            self._problem(NO_ENGINE)
        elif self._player is None:
            self._problem(NO_SOUND_OUTPUT)

    def _problem(self, message: str) -> None:
        if self.problem is None or self.problem == NO_SOUND_OUTPUT:
            self.problem = message
        if message not in self._reported:
            self._reported.add(message)
            self._emit("problem", message=message)

    def _emit(self, kind: SpeechEventKind, index: int | None = None, message: str = "") -> None:
        if self._on_event is None:
            return
        try:
            self._on_event(SpeechEvent(kind, index, message))
        except Exception:  # the caller's bug must not stop reading
            log.exception("read-aloud event handler failed on %s", kind)


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text[:1].lower() + text[1:]

