"""The voice phrases are generated from the action registry and the content.

Ported from the pocketsphinx grammar's tests. Whisper has no pronouncing dictionary
and no language model of ours: it writes any word it hears, and the phrases reach it
as its previous-text prompt. So "in the grammar" becomes "listened for, and matched
when Whisper writes it", and everyday words compete with the commands because Whisper
transcribes freely.
"""

from __future__ import annotations

import locations
import pytest
from voice_helpers import pcm16k

from hfs_tui import actions
from hfs_tui.content.loader import load_library
from hfs_tui.voice.decision import OTHER_SPEECH
from hfs_tui.voice.whisper import WhisperDecoder

AUDIO = locations.FIXTURES / "audio"


@pytest.fixture(scope="module")
def library_commands():
    library = load_library()
    return library, actions.voice_commands(library.sections, library.exercises)


@pytest.fixture(scope="module")
def decoder(library_commands):
    _, commands = library_commands
    return WhisperDecoder.for_commands(commands)


def _restore(decoder: WhisperDecoder) -> None:
    library = load_library()
    decoder.set_phrases([c.phrase for c in actions.voice_commands(library.sections,
                                                                   library.exercises)])


def test_every_registry_and_content_phrase_is_in_the_grammar(library_commands, decoder):
    library, commands = library_commands
    assert set(decoder.phrases) == {command.phrase for command in commands}
    for action in actions.ACTIONS:
        for phrase in action.phrases:
            # A screen's own phrases (the diary's) are heard only there, all of them.
            heard_in = ({c.phrase for c in actions.screen_voice_commands(action.target[0])}
                        if action.heard_on_screen else set(decoder.phrases))
            assert actions.normalise_phrase(phrase) in heard_in, phrase
    for section in library.sections:
        for name in section.voice_names:
            assert f"open {actions.normalise_phrase(name)}" in decoder.phrases
    for exercise in library.exercises:
        for name in exercise.voice_names:
            assert f"start {actions.normalise_phrase(name)}" in decoder.phrases
    assert {"section one", "section thirteen", "log spasm zero", "log spasm ten"} <= set(
        decoder.phrases)
    # The Whisper form of "speakable": every phrase, written as Whisper writes text
    # (capitals, punctuation), comes back as itself. A phrase that normalising
    # changed (a filler word, a repeat) could never be matched.
    unmatched = [p for p in decoder.phrases if decoder.command_for(f" {p.capitalize()}.") != p]
    assert unmatched == []


def test_words_no_dictionary_knows_are_still_listened_for(decoder):
    # pocketsphinx left out phrases with a word missing from its dictionary. Whisper's
    # tokenizer spells any word, so nothing is left out (there is no report to make).
    decoder.set_phrases(["next section", "open zqxwv", "stop"])
    try:
        assert decoder.phrases == ("next section", "open zqxwv", "stop")
        assert decoder.command_for("Open Zqxwv.") == "open zqxwv"
    finally:
        _restore(decoder)


def test_new_content_words_are_heard_when_the_phrases_change(decoder):
    # A section added later brings words the recogniser has never been told about:
    # with no code change, a recording of "open glaucoma" (flite) is acted on.
    assert not any("glaucoma" in phrase for phrase in decoder.phrases)
    decoder.set_phrases(["next section", "open glaucoma", "stop"])
    try:
        assert decoder.phrases == ("next section", "open glaucoma", "stop")
        decision = decoder.decode(pcm16k(AUDIO / "open-glaucoma-flite-slt.wav"))
        assert (decision.heard, decision.accepted) == ("open glaucoma", True)
    finally:
        _restore(decoder)


def test_everyday_words_compete_with_the_commands(decoder):
    # The old language model let everyday words compete with the commands; Whisper
    # writes what it hears, so a sentence with "stop" in it comes out as a sentence.
    decision = decoder.decode(pcm16k(AUDIO / "sentence-stop-at-the-shop.wav"))
    assert not decision.accepted and decision.reason == OTHER_SPEECH
    assert decision.command_heard is None  # its words are never shown or kept
    assert decoder.command_for("I need to stop at the shop.") is None


def test_other_spellings_of_a_command_count_as_that_command(decoder):
    # Was: everyday words that sound like a command word ("know" for "no") were
    # folded into it. Whisper's spellings of the same words: digits, hyphens,
    # capitals, plural, and a command said twice.
    assert decoder.command_for("No.") == "no"
    assert decoder.command_for("Section 4.") == "section four"
    assert decoder.command_for("Log spasm 10!") == "log spasm ten"
    assert decoder.command_for("Read-aloud.") == "read aloud"
    assert decoder.command_for("Key point.") == "key points"
    assert decoder.command_for("Stop. Stop.") == "stop"


def test_the_prompt_spells_a_command_the_way_the_phrase_does(decoder):
    # A person's "no" must come out as the command "no" (not "know", "Noah", "nope"):
    # the phrases are Whisper's previous text, so it writes them as we do.
    prompt = decoder._tokenizer.decode(decoder._prompt)
    assert " no," in prompt and " yes," in prompt
    (path,) = (AUDIO / "people").glob("no-*.wav")
    decision = decoder.decode(pcm16k(path))
    assert (decision.heard, decision.accepted) == ("no", True)


def test_botulinum_toxin_is_a_phrase(decoder):
    # pocketsphinx needed a pronunciation of "botulinum" from our own dictionary;
    # Whisper needs none, so the content's name is a phrase as it stands.
    assert "open botulinum toxin" in decoder.phrases
    assert decoder.command_for("Open Botulinum toxin.") == "open botulinum toxin"


def test_a_grammar_with_no_usable_phrase_is_a_clear_error():
    with pytest.raises(ValueError, match="no voice phrases"):
        WhisperDecoder([])


def test_the_spasm_pickers_numbers_are_heard_only_while_it_shows(library_commands):
    _, commands = library_commands
    answers = actions.screen_voice_commands("LogSpasmScreen")
    assert [(c.phrase, c.argument) for c in answers] == [
        (word, number) for number, word in enumerate(actions.NUMBER_WORDS[:11])]
    assert {c.action for c in answers} == {"pick_severity"}
    # Not in the usual grammar: everyday "two" or "for" must not be a command.
    assert not {c.phrase for c in answers} & {c.phrase for c in commands}
    assert actions.screen_voice_commands("ContentsScreen") == []
    # While it shows, they lead the prompt: they are the answer awaited.
    from hfs_tui.voice.prompt import prompt_phrases

    assert prompt_phrases(commands + answers)[:11] == [c.phrase for c in answers]
    assert prompt_phrases(commands)[0] == prompt_phrases(commands + answers)[11]


def test_a_number_said_alone_is_the_pickers_answer(library_commands):
    _, commands = library_commands
    decoder = WhisperDecoder.for_commands(commands + actions.screen_voice_commands(
        "LogSpasmScreen"))
    decision = decoder.decode(pcm16k(AUDIO / "extra" / "seven-festival-kal-clean.wav"))
    assert (decision.accepted, decision.phrase) == (True, "seven")


def test_other_ways_of_saying_a_command_mean_that_command_and_never_another(library_commands):
    _, commands = library_commands
    by_phrase = {command.phrase: command for command in commands}
    variants = actions.spoken_variants(by_phrase)
    assert variants["go to the diary"] == "diary"
    assert variants["log a spasm of seven"] == "log spasm seven"
    assert variants["go to section three"] == "section three"
    assert set(actions.VARIANT_EXAMPLES) <= set(variants)  # what help gives as examples
    assert not set(variants) & set(by_phrase)  # a phrase always means itself
    for action in actions.ACTIONS:
        if action.heard_on_screen:
            continue  # below, with its screen's phrases
        for way in action.also_said:
            assert by_phrase[variants[way]].action == action.id, way
    in_the_diary = commands + actions.screen_voice_commands("DiaryScreen")
    diary_variants = actions.spoken_variants(c.phrase for c in in_the_diary)
    for action in actions.ACTIONS:
        for way in action.also_said if action.heard_on_screen else ():
            assert {c.phrase: c.action for c in in_the_diary}[diary_variants[way]] == action.id
    # Section names are everyday words: only "open the ..." is added for them.
    assert "go to the doctor" not in variants and variants["open the doctor"] == "open doctor"
    # Picker numbers only where the picker's numbers are heard.
    assert "seven out of ten" not in variants
    picker = actions.screen_voice_commands("LogSpasmScreen")
    assert actions.spoken_variants(c.phrase for c in picker)["seven out of ten"] == "seven"


def test_slow_and_loud_said_alone_mean_slower_and_louder(decoder):
    # Whisper often writes a tired "slower" as "slow" (bench TRAIN, espeak tempo 0.85).
    assert decoder.command_for("slow") == "slower"
    assert decoder.command_for("Loud.") == "louder"
    assert decoder.command_for("start slow breathing") == "start slow breathing"
    assert decoder.command_for("slow down the car") is None


def test_near_misses_are_asked_about_only_for_commands_worth_a_question(library_commands):
    _, commands = library_commands
    by_action = {command.action: command for command in commands}
    for asked in ("settings", "diary", "slower", "next_section", "contents"):
        assert actions.worth_asking_about(by_action[asked]), asked
    # No question to answer; asks anyway; matters only while something is read.
    for never in ("confirm_yes", "confirm_no", "quit", "stop_reading", "pause"):
        assert not actions.worth_asking_about(by_action[never]), never
