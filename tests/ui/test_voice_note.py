"""A diary note by voice: "log spasm seven", "add a note", the note, then "yes".

Recordings go through the microphone's own path (sr.AudioFile via
hfs_tui.voice.make_file_source) into a real running app with the real Whisper
model and the real SQLite diary. Only the loudspeaker is swapped for a list of
what would have been said (the test machine has no sound card either way).
"""

from __future__ import annotations

import difflib
import json
import wave

import locations
from pilot_helpers import wait_until
from textual.app import App
from textual.widgets import Input, Static

from hfs_tui.actions import VoiceCommand
from hfs_tui.diary import Diary
from hfs_tui.paths import data_dir
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.diary import DiaryScreen
from hfs_tui.ui.screens.log_spasm import LogSpasmScreen
from hfs_tui.ui.screens.voice_note import NoteScreen
from hfs_tui.voice import VoiceEvent
from hfs_tui.voice.dictation import Dictation
from hfs_tui.voice.listener import default_commands, shared_decoder

NOTE_WAV = (locations.FIXTURES / "audio" / "note"
            / "spasms-worse-festival-kal-clean.wav")
NOTE = "The spasms were worse after a long drive today."
"""What NOTE_WAV says (festival's kal voice, 16 kHz mono)."""


def sounds_like_the_note(text: str) -> bool:
    """Heard through the listener, word for word on Intel processors; on AMD ones
    (int8 Whisper through oneDNN, not MKL) "The spasms" came out "This pasms". The
    model's word-for-word reading of the file itself is checked below."""
    return difflib.SequenceMatcher(None, text.lower().split(),
                                   NOTE.lower().split()).ratio() >= 0.75


def spoken_into(app: HfsApp) -> list[str]:
    """What the app says aloud, kept in a list instead of played."""
    said: list[str] = []
    app.narration.say = said.append  # type: ignore[method-assign]
    return said


def ratings() -> list:
    with Diary.open() as diary:
        return [entry for entry in diary.recent(10) if entry.kind == "spasm"]


def voice_log() -> list[dict]:
    path = data_dir() / "voice-log.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


async def hear(pilot, app: HfsApp) -> None:
    await pilot.press("2")  # a section is open, as when reading
    await pilot.press("v")


def test_the_note_fixture_is_heard_word_for_word_by_the_real_model():
    decoder = shared_decoder(default_commands())
    with wave.open(str(NOTE_WAV), "rb") as reader:
        raw = reader.readframes(reader.getnframes())
    assert Dictation(decoder).transcribe(raw).text == NOTE
    # The command recogniser, by contrast, never takes a sentence for a command.
    assert not decoder.decode(raw).accepted


def test_silence_and_a_click_are_no_note():
    decoder = shared_decoder(default_commands())
    audio = locations.FIXTURES / "audio"
    for name in ("click.wav", "noise-01-pink.wav"):
        with wave.open(str(audio / name), "rb") as reader:
            raw = reader.readframes(reader.getnframes())
        assert Dictation(decoder).transcribe(raw).text == "", name
    assert Dictation(decoder).transcribe(b"\0\0" * 16000).text == ""


async def test_a_spoken_note_is_shown_then_saved_with_enter(voice_app):
    app = voice_app("log spasm seven", "add a note", NOTE_WAV)
    async with app.run_test(size=(100, 30)) as pilot:
        said = spoken_into(app)
        await hear(pilot, app)
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen)
                         and app.screen.step == "heard", timeout=60)
        note = app.screen
        # After the rating: what to do next, on screen and aloud.
        assert any("Saved: spasm 7 out of 10" in text and text.endswith(
            "Say add a note, or carry on.") for text in said)
        # The words, in a field that can be corrected, and what to say next.
        words = note.query_one("#note-words", Input).value
        assert sounds_like_the_note(words)
        assert str(note.query_one("#note-status", Static).render()) == f"I heard: {words}"
        assert "Say yes to save it, or no to drop it" in str(
            note.query_one("#note-hint", Static).render())
        assert f"I heard: {words}. Say yes to save it, or no to drop it." in said
        # Nothing is saved before the answer.
        assert ratings()[0].severity == 7 and ratings()[0].note == ""
        await pilot.press("end", "backspace", "space", "a", "n", "d", " ", "t", "i", "r", "e",
                          "d", ".")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, (NoteScreen,
                                                                    LogSpasmScreen)))
        assert "Note saved." in said
    saved = ratings()
    assert len(saved) == 1 and saved[0].severity == 7
    assert saved[0].note == words[:-1] + " and tired."


async def test_yes_by_voice_saves_the_note_and_nothing_of_it_is_kept(write_settings, voice_app):
    # Keeping recordings (a tuning setting) is on: commands are kept, the note is not.
    write_settings("[voice]\nkeep_recordings = true\n")
    app = voice_app("log spasm seven", "add a note", NOTE_WAV, "yes")
    async with app.run_test(size=(100, 30)) as pilot:
        spoken_into(app)
        await hear(pilot, app)
        await wait_until(pilot, lambda: ratings() and ratings()[0].note, timeout=60)
        await wait_until(pilot, lambda: not isinstance(app.screen, (NoteScreen,
                                                                    LogSpasmScreen)))
    assert ratings()[0].severity == 7
    assert sounds_like_the_note(ratings()[0].note)
    log = voice_log()
    assert [line["heard"] for line in log] == ["log spasm seven", "add a note", "yes"]
    assert [line["action"] for line in log] == ["log_spasm", "add_note", "confirm_yes"]
    text = json.dumps(log).lower()
    assert "spasms were worse" not in text and "drive" not in text
    # One recording per command, each shorter than the note: the note's sound is gone.
    recordings = sorted((data_dir() / "recordings").glob("*.wav"))
    assert len(recordings) == 3
    for recording in recordings:
        with wave.open(str(recording), "rb") as reader:
            assert reader.getnframes() / reader.getframerate() < 2.5
    # The words are in the diary, where they were saved, and nowhere else.
    for found in data_dir().rglob("*"):
        if found.is_file() and not found.name.startswith("diary.sqlite3"):
            assert b"drive" not in found.read_bytes(), found


async def test_no_by_voice_drops_the_note_and_keeps_the_rating(voice_app):
    app = voice_app("log spasm seven", "add a note", NOTE_WAV, "no")
    async with app.run_test(size=(100, 30)) as pilot:
        said = spoken_into(app)
        await hear(pilot, app)
        await wait_until(pilot, lambda: "Note dropped. The rating is kept." in said,
                         timeout=60)
        await wait_until(pilot, lambda: not isinstance(app.screen, (NoteScreen,
                                                                    LogSpasmScreen)))
    saved = ratings()
    assert len(saved) == 1 and saved[0].severity == 7 and saved[0].note == ""
    assert "drive" not in json.dumps(voice_log())


async def test_escape_drops_the_heard_note(voice_app):
    app = voice_app("log spasm seven", "add a note", NOTE_WAV)
    async with app.run_test(size=(100, 30)) as pilot:
        spoken_into(app)
        await hear(pilot, app)
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen)
                         and app.screen.step == "heard", timeout=60)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, (NoteScreen,
                                                                    LogSpasmScreen)))
    assert ratings()[0].severity == 7 and ratings()[0].note == ""


async def test_nothing_heard_says_so_and_offers_another_try(voice_app):
    app = voice_app("log spasm seven", "add a note", quiet=2.0)
    async with app.run_test(size=(100, 30)) as pilot:
        said = spoken_into(app)
        await hear(pilot, app)
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen)
                         and app.screen.step == "nothing", timeout=60)
        note = app.screen
        assert str(note.query_one("#note-status", Static).render()) == "I did not hear a note."
        assert "try again" in str(note.query_one("#note-hint", Static).render())
        assert "I did not hear a note. Say add a note to try again, or carry on." in said
        await pilot.press("escape")
    assert ratings()[0].note == ""


async def test_add_a_note_by_keyboard_from_the_saved_entry():
    with Diary.open() as diary:
        diary.log_spasm(4)
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DiaryScreen)
                         and app.screen.selected_entry() is not None)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen))
        assert app.screen.step == "typing"  # voice is off: nothing listens
        await pilot.press(*"eyelid heavy")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DiaryScreen))
        await wait_until(pilot, lambda: ratings()[0].note == "eyelid heavy")
        # Escape leaves an entry's note as it was.
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.press(*"dropped", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DiaryScreen))
    assert ratings()[0].note == "eyelid heavy"


async def test_add_a_note_with_no_rating_by_voice_says_what_to_do(voice_app):
    app = voice_app("add a note", NOTE_WAV)
    async with app.run_test(size=(100, 30)) as pilot:
        said = spoken_into(app)
        await hear(pilot, app)
        await wait_until(pilot, lambda: any("log spasm" in text for text in said),
                         timeout=60)
        await wait_until(pilot, lambda: app.voice.control is not None
                         and not app.voice.control._running(), timeout=60)
        assert not isinstance(app.screen, NoteScreen)
    assert ratings() == []
    assert "drive" not in json.dumps(voice_log())


# A slow machine: the listener hears faster than the UI opens the dialog --------------


def command(action: str, argument: str | int | None = None) -> VoiceCommand:
    """The grammar's own command for `action` (with `argument`), as the listener sends it."""
    return next(found for found in default_commands()
                if found.action == action and found.argument == argument)


async def test_a_note_and_its_yes_heard_before_the_dialog_opens_are_kept_for_it():
    # Everything the listener hears reaches the UI thread before the first command has
    # run, let alone the rating saved and the note dialog mounted (a loaded machine
    # reading a recording faster than real time; a slow laptop with a quick speaker).
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        said = spoken_into(app)
        for event in (VoiceEvent("state", state="listening"),
                      VoiceEvent("command", state="listening", phrase="log spasm seven",
                                 command=command("log_spasm", 7)),
                      VoiceEvent("command", state="listening", phrase="add a note",
                                 command=command("add_note")),
                      VoiceEvent("note", state="listening", note=NOTE),
                      VoiceEvent("command", state="listening", phrase="yes",
                                 command=command("confirm_yes"))):
            app.voice._from_listener_thread(event)  # the listener thread's way in
        assert not isinstance(app.screen, NoteScreen)
        await wait_until(pilot, lambda: ratings() and ratings()[0].note, timeout=30)
        await wait_until(pilot, lambda: not isinstance(app.screen, (NoteScreen,
                                                                    LogSpasmScreen)))
        # Already answered, so not asked again: the words, then that they are saved.
        assert f"I heard: {NOTE}." in said and "Note saved." in said
        assert f"I heard: {NOTE}. Say yes to save it, or no to drop it." not in said
    saved = ratings()
    assert len(saved) == 1 and saved[0].severity == 7 and saved[0].note == NOTE


async def test_a_note_and_its_no_given_to_the_dialog_before_it_mounts_are_taken_in_order():
    with Diary.open() as diary:
        entry = diary.log_spasm(5)
    said: list[str] = []
    app = App()
    async with app.run_test(size=(100, 30)) as pilot:
        note = NoteScreen(entry, listen=lambda: None, already_listening=True,
                          speak=said.append)
        app.push_screen(note)
        # On the screen stack, so the voice glue hands these to it, but not mounted yet.
        assert app.screen is note and not note.is_mounted
        note.heard(NOTE)
        note.action_confirm_no()
        await wait_until(pilot, lambda: app.screen is not note)
    assert said == [f"I heard: {NOTE}.", "Note dropped. The rating is kept."]
    assert ratings()[0].note == ""
