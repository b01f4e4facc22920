"""Text prepared for speech: what the listener hears instead of what the screen shows."""

from __future__ import annotations

import pytest

from hfs_tui.content.loader import load_library
from hfs_tui.speech.prepare import (
    MAX_CHUNK_WORDS,
    estimated_seconds,
    prepare,
    speech_chunks,
    split_for_speech,
    split_sentences,
)

PRONUNCIATIONS = {"botulinum": "bottew-lynum", "Botox": "bowtox", "MVD": "em vee dee"}


@pytest.mark.parametrize(
    ("shown", "spoken"),
    [
        ("**Botulinum toxin** helps most people.", "bottew-lynum toxin helps most people."),
        ("## What it is", "What it is"),
        ("- Ask your doctor.", "Ask your doctor."),
        ("* Rest when you can.", "Rest when you can."),
        ("1. Breathe in slowly.", "Breathe in slowly."),
        ("Read the [NHS page](https://www.nhs.uk/x) first.", "Read the N H S page first."),
        ("A ***very*** _soft_ `touch`.", "A very soft touch."),
        ("> Quoted advice.", "Quoted advice."),
        ("Stray ** marks * here.", "Stray marks here."),
    ],
)
def test_no_markdown_symbols_are_read_out(shown, spoken):
    assert prepare(shown, PRONUNCIATIONS) == spoken


@pytest.mark.parametrize(
    ("shown", "spoken"),
    [
        ("It helps 7-8 out of 10 people.", "It helps 7 to 8 out of 10 people."),
        ("It helps 7 to 8 out of 10 people.", "It helps 7 to 8 out of 10 people."),
        ("It lasts 3-4 months.", "It lasts 3 to 4 months."),
        ("It lasts 3–4 months.", "It lasts 3 to 4 months."),
        ("It lasts 3 - 4 months.", "It lasts 3 to 4 months."),
        ("Between 10%-20% of people.", "Between 10% to 20% of people."),
        ("Doses of 2.5-5 units.", "Doses of 2.5 to 5 units."),
        ("Seen on 2023-05-01 only.", "Seen on 2023-05-01 only."),
    ],
)
def test_ranges_are_read_as_from_to(shown, spoken):
    assert prepare(shown) == spoken


@pytest.mark.parametrize(
    ("shown", "spoken"),
    [
        ("Rest, e.g. lie down.", "Rest, for example lie down."),
        ("Rest, eg. lie down.", "Rest, eg. lie down."),  # not the abbreviation: left alone
        ("Rest (e.g., lie down).", "Rest (for example lie down)."),
        ("The nerve, i.e. the facial nerve.", "The nerve, that is the facial nerve."),
        ("Ask Dr Patel.", "Ask Doctor Patel."),
        ("Ask Dr. Patel.", "Ask Doctor Patel."),
        ("See your GP.", "See your G P."),
        ("GPs can refer you.", "G P's can refer you."),
        ("Go to A&E now.", "Go to A and E now."),
        ("An MRI scan.", "An M R I scan."),
        ("Botox® and Dysport™ (c) 2024 ©", "bowtox and Dysport 2024"),
        ("About 4,000 people.", "About 4000 people."),
        ("About 1,250,000 people.", "About 1250000 people."),
        ("Doses 1,5 and 2.", "Doses 1,5 and 2."),
        ("Sleep & rest.", "Sleep and rest."),
    ],
)
def test_abbreviations_symbols_and_numbers(shown, spoken):
    assert prepare(shown, PRONUNCIATIONS) == spoken


def test_pronunciations_match_whole_words_in_any_case():
    words = {"botox": "bowtox", "hemifacial": "hemmy-fayshal"}
    assert prepare("BOTOX and Botox, then botox.", words) == "bowtox and bowtox, then bowtox."
    assert prepare("Hemifacial spasm.", words) == "hemmy-fayshal spasm."
    # Whole words only: a longer word containing the entry is not touched.
    assert prepare("Botoxed and unhemifacial.", words) == "Botoxed and unhemifacial."


def test_pronunciations_prefer_the_longest_entry():
    words = {"toxin": "TOX", "botulinum toxin": "BT"}
    assert prepare("Botulinum toxin and toxin.", words) == "BT and TOX."


def test_the_leaflets_own_pronunciation_list_is_applied():
    library = load_library()
    assert library.pronunciations, "the built-in leaflet has a pronunciation list"
    word, respelling = next(iter(library.pronunciations.items()))
    spoken = prepare(f"About {word.capitalize()}.", library.pronunciations)
    assert spoken == f"About {respelling}."


LONG = ("Hemifacial spasm makes the muscles on one side of your face twitch, and it "
        "usually starts around the eye before it spreads slowly to the cheek and mouth "
        "over months or years, but it is not dangerous.")


def test_long_sentences_split_at_clause_boundaries():
    chunks = split_for_speech(LONG)
    assert " ".join(chunks) == LONG  # nothing lost or reordered
    assert all(len(chunk.split()) <= MAX_CHUNK_WORDS for chunk in chunks)
    assert chunks[0].endswith("twitch,")  # a comma beats cutting a phrase
    assert chunks[-1] == "but it is not dangerous."
    # "cheek and mouth" is one phrase: never split between its words.
    assert not any(chunk.startswith("and mouth") for chunk in chunks)


def test_split_prefers_the_boundary_nearest_the_middle():
    text = ("One two three, four five six seven eight nine ten, "
            "eleven twelve thirteen fourteen fifteen sixteen, seventeen eighteen.")
    assert split_for_speech(text) == [
        "One two three, four five six seven eight nine ten,",
        "eleven twelve thirteen fourteen fifteen sixteen, seventeen eighteen.",
    ]


def test_split_without_any_boundary_still_bounds_chunk_length():
    text = " ".join(f"w{n}" for n in range(40))
    chunks = split_for_speech(text)
    assert " ".join(chunks) == text
    assert all(len(chunk.split()) <= MAX_CHUNK_WORDS for chunk in chunks)


def test_short_sentences_are_one_chunk_and_empty_text_none():
    assert speech_chunks("See your **GP**.") == ["See your G P."]
    assert speech_chunks("**") == []
    assert split_for_speech("   ") == []


def test_every_leaflet_sentence_becomes_bounded_chunks():
    library = load_library()
    for section in library.sections:
        for sentence in section.sentences:
            chunks = speech_chunks(sentence, library.pronunciations)
            assert chunks, f"{section.id}: nothing to say for {sentence!r}"
            assert all(len(chunk.split()) <= MAX_CHUNK_WORDS for chunk in chunks)
            assert not any(mark in chunk for chunk in chunks for mark in ("**", "](", "#"))


def test_one_off_text_splits_into_sentences():
    assert split_sentences("Breathe in. Hold it! Now out? Yes.") == [
        "Breathe in.", "Hold it!", "Now out?", "Yes."]


def test_estimated_speaking_time_follows_the_rate():
    ten_words = " ".join(["word"] * 10)
    assert estimated_seconds(ten_words, 120) == pytest.approx(5.35)
    assert estimated_seconds(ten_words, 240) < estimated_seconds(ten_words, 120)
    assert estimated_seconds("", 160) == pytest.approx(0.4)
