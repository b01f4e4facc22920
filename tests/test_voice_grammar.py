"""The voice grammar is generated from the action registry and the content."""

from __future__ import annotations

import pytest

from hfs_tui import actions
from hfs_tui.content.loader import load_library
from hfs_tui.voice import grammar
from hfs_tui.voice.decoder import CommandDecoder


@pytest.fixture(scope="module")
def library_commands():
    library = load_library()
    return library, actions.voice_commands(library.sections, library.exercises)


@pytest.fixture(scope="module")
def decoder(library_commands):
    _, commands = library_commands
    return CommandDecoder([command.phrase for command in commands])


def test_every_registry_and_content_phrase_is_in_the_grammar(library_commands, decoder):
    library, commands = library_commands
    assert decoder.report.missing_words == ()
    assert set(decoder.phrases) == {command.phrase for command in commands}
    for action in actions.ACTIONS:
        for phrase in action.phrases:
            assert actions.normalise_phrase(phrase) in decoder.phrases
    for section in library.sections:
        for name in section.voice_names:
            assert f"open {actions.normalise_phrase(name)}" in decoder.phrases
    for exercise in library.exercises:
        for name in exercise.voice_names:
            assert f"start {actions.normalise_phrase(name)}" in decoder.phrases
    assert {"section one", "section thirteen", "log spasm zero", "log spasm ten"} <= set(
        decoder.phrases)


def test_words_missing_from_the_dictionary_are_reported_and_left_out(decoder):
    report = decoder.set_phrases(["next section", "open zqxwv", "stop"])
    try:
        assert report.missing_words == ("zqxwv",)
        assert report.phrases == ("next section", "stop")
    finally:
        decoder.set_phrases([c.phrase for c in actions.voice_commands(
            load_library().sections, load_library().exercises)])


def test_new_content_words_are_looked_up_when_the_phrases_change(decoder):
    # The decoder loads only the words it needs; a section added later brings words
    # it has never seen, which must come from the full dictionary.
    assert not any("glaucoma" in phrase for phrase in decoder.phrases)
    assert "glaucoma" not in dict(grammar.read_common_words())
    report = decoder.set_phrases(["next section", "open glaucoma"])
    try:
        assert report.missing_words == ()
        assert report.phrases == ("next section", "open glaucoma")
    finally:
        decoder.set_phrases([c.phrase for c in actions.voice_commands(
            load_library().sections, load_library().exercises)])


def test_the_language_model_lets_everyday_words_compete_with_the_commands():
    text = grammar.command_lm(["next section", "stop"], grammar.read_common_words())
    unigrams = text.split("\\1-grams:")[1].split("\\2-grams:")[0]
    assert "\tthe\t" in unigrams and "\tsection\t" in unigrams
    assert "<s> next" in text and "next section </s>" in text
    assert len(grammar.read_common_words()) == 300


def test_everyday_words_that_sound_like_a_command_word_count_as_that_word():
    phones_of = {"no": {"N OW"}, "know": {"N OW"}, "now": {"N AW"}, "for": {"F AO R", "F ER"},
                 "four": {"F AO R"}, "stop": {"S T AA P"}}
    common = [("know", -2.0), ("now", -2.5), ("for", -1.5), ("stop", -3.0)]
    folded = grammar.fold_homophones(common, {"no", "section", "four", "stop"}, phones_of)
    assert folded == [("no", -2.0), ("now", -2.5), ("four", -1.5), ("stop", -3.0)]


def test_the_language_model_spells_a_homophone_of_a_command_as_the_command(decoder):
    # A person's "no" must not come out as the everyday word "know" (a different
    # spelling of the same sound, which would never count as the command).
    assert "know" in dict(grammar.read_common_words())
    unigrams = decoder.language_model.split("\\1-grams:")[1].split("\\2-grams:")[0]
    assert "\tno\t" in unigrams and "\tknow\t" not in unigrams


def test_extra_dictionary_gives_botulinum_a_pronunciation(decoder):
    entries = dict(grammar.read_extra_dict())
    assert "botulinum" in entries
    assert "open botulinum toxin" in decoder.phrases


def test_a_grammar_with_no_usable_phrase_is_a_clear_error(decoder):
    with pytest.raises(ValueError, match="zqxwv"):
        CommandDecoder(["zqxwv"])
