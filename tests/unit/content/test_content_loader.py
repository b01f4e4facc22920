"""The content loader: the Markdown converter, every validation rule and check-content.

Broken content is made on the fly: the small valid library in fixtures/content/valid
is copied to a temporary folder and one thing in one file is changed.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import locations
import pytest

from hfs_tui import paths
from hfs_tui.content import cli as content_cli
from hfs_tui.content.check import readability_rows
from hfs_tui.content.fields import TomlLines
from hfs_tui.content.loader import ContentError, Problem, load_library, validate_library
from hfs_tui.content.models import Block
from hfs_tui.content.strong_words import strong_words_in
from hfs_tui.text import glossary_links, markdown_issues, markdown_to_blocks, strip_markdown

VALID = locations.FIXTURES / "content" / "valid"
ABOUT = "leaflet/01-about.md"
HELP = "leaflet/02-help.md"
GLOSSARY = "glossary.toml"
PRONUNCIATION = "pronunciation.toml"
BREATHING = "exercises/breathing.toml"
RELAX = "exercises/relax.toml"
SECTION_KEYS = "allowed keys: id, title, order, summary, key_points, voice_names, strong_words"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(VALID, folder)
    return folder


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_in(root: Path) -> list[str]:
    """Every problem as 'relative/file:line: message'; the library must not load."""
    library, problems = validate_library(root)
    assert library is None if problems else library is not None
    shown = []
    for problem in problems:
        relative = problem.path.relative_to(root) if problem.path != root else Path(".")
        shown.append(str(Problem(relative, problem.line, problem.message)))
    return shown


# The valid library ---------------------------------------------------------------


def test_valid_library_loads_with_every_field():
    library = load_library(VALID)
    assert library.root == VALID
    assert [s.id for s in library.sections] == ["about", "help"]
    about = library.section("about")
    assert about.title == "About the spasm"
    assert about.order == 1
    assert about.summary == "What the spasm is."
    assert about.key_points == ("It makes one side of the face twitch.", "It is not dangerous.")
    assert about.voice_names == ("about", "about the spasm")
    assert about.source == VALID / ABOUT
    assert about.glossary_links == ("spasm",)
    assert about.body.startswith("A [spasm](glossary:spasm) is when")
    assert about.blocks == (
        Block("paragraph", ("A spasm is when a muscle tightens by itself.",
                            "It often starts near one eye.")),
        Block("heading", ("Where it happens",)),
        Block("bullet", ("Around one eye.",)),
        Block("bullet", ("Near the mouth.", "It can spread over time.")),
        Block("paragraph", ("Dr. Smith can help with this.",)),
    )
    assert about.sentences[-1] == "Dr. Smith can help with this."
    assert [t.id for t in library.glossary] == ["botox", "spasm"]  # sorted by word
    assert library.term("spasm").also == ("spasms",)
    assert library.term("botox").also == ()
    assert library.pronunciations == {"botulinum": "bottew-lynum", "Botox": "boh-tox"}


def test_valid_exercises_load_with_steps_cycle_and_lengths():
    library = load_library(VALID)
    breathing, relax = library.exercises
    assert breathing.id == "breathing" and breathing.cycle
    assert breathing.lengths == (1, 3, 5) and breathing.default_length == 3
    assert breathing.position == "Sit with your back supported."
    assert [(s.cue, s.seconds, s.phase) for s in breathing.steps] == [
        ("Breathe in", 4.0, "in"), ("Breathe out", 6.0, "out")]
    assert breathing.cycle_seconds == 10.0
    assert relax.cycle is False and relax.lengths == () and relax.default_length is None
    assert [step.face for step in relax.steps] == [False, True, False]
    assert relax.steps[2].phase == "rest"
    assert relax.source == VALID / RELAX


def test_glossary_pronunciation_and_exercises_are_optional(content):
    (content / GLOSSARY).unlink()
    (content / PRONUNCIATION).unlink()
    shutil.rmtree(content / "exercises")
    edit(content, ABOUT, "[spasm](glossary:spasm)", "spasm")
    edit(content, HELP, "[Botox](glossary:botox)", "Botox")
    library = load_library(content)
    assert (library.glossary, library.pronunciations, library.exercises) == ((), {}, ())
    assert library.section("about").glossary_links == ()


def test_windows_line_ends_and_byte_order_mark_are_accepted(content):
    path = content / ABOUT
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    library = load_library(content)
    assert library.section("about").blocks[3].sentences == ("Near the mouth.",
                                                            "It can spread over time.")


def test_load_library_raises_content_error_with_every_problem(content):
    edit(content, ABOUT, "summary: What the spasm is.", "summary:")
    edit(content, BREATHING, "seconds = 6", "seconds = 900")
    with pytest.raises(ContentError) as raised:
        load_library(content)
    problems = raised.value.problems
    assert [(p.path, p.line) for p in problems] == [(content / ABOUT, 5),
                                                    (content / BREATHING, 19)]
    assert str(raised.value).startswith("2 content problems:\n")
    assert f"{content / ABOUT}:5: summary is empty" in str(raised.value)


def test_problem_reads_as_file_line_message():
    assert str(Problem(Path("leaflet/a.md"), 7, "body is empty")) == \
        "leaflet/a.md:7: body is empty"
    assert str(Problem(Path("leaflet"), 0, "leaflet folder has no .md files")) == \
        "leaflet: leaflet folder has no .md files"


def test_default_folder_is_the_built_in_content():
    library, problems = validate_library()
    assert problems == []
    assert library is not None and library.root == paths.builtin_content_dir()


def test_built_in_content_loads_with_no_problems():
    library, problems = validate_library(paths.builtin_content_dir())
    assert [str(problem) for problem in problems] == []
    assert library is not None
    assert len(library.sections) >= 10 and library.glossary and library.exercises
    for section in library.sections:
        assert section.sentences, section.id
        assert all("](" not in s and "**" not in s for s in section.sentences), section.id


# One case per validation rule: (file, text to replace, replacement, every problem).

CASES = [
    # Section front matter
    pytest.param(ABOUT, "summary: What the spasm is.\n", "",
                 [f"{ABOUT}:1: summary is missing"], id="missing-key"),
    pytest.param(ABOUT, "summary: What the spasm is.", "summary:",
                 [f"{ABOUT}:5: summary is empty"], id="empty-value"),
    pytest.param(ABOUT, "summary: What the spasm is.", 'summary: "  "',
                 [f"{ABOUT}:5: summary is empty"], id="blank-text"),
    pytest.param(ABOUT, "title: About the spasm", "title: 12",
                 [f"{ABOUT}:3: title must be text, got a whole number (12)"], id="wrong-type"),
    pytest.param(ABOUT, "summary: What the spasm is.", "summary: yes",
                 [f"{ABOUT}:5: summary must be text, got true/false (true)"],
                 id="yaml-yes-is-not-text"),
    pytest.param(ABOUT, "summary: What the spasm is.", "summary: |\n  One line.\n  Two lines.",
                 [f"{ABOUT}:5: summary must be one line"], id="summary-one-line"),
    pytest.param(ABOUT, "summary: What the spasm is.\n", "summary: What the spasm is.\nsumary: x\n",
                 [f"{ABOUT}:6: unknown key 'sumary' (did you mean 'summary'?); {SECTION_KEYS}"],
                 id="unknown-key"),
    pytest.param(ABOUT, "order: 1\n", "order: 1\ntitle: Again\n",
                 [f"{ABOUT}:5: title is given twice (first on line 3)"], id="key-given-twice"),
    pytest.param(ABOUT, "id: about", "id: About Us",
                 [f"{ABOUT}:2: id 'About Us' must be lower-case letters, digits and hyphens, "
                  "like 'side-effects'"], id="id-shape"),
    pytest.param(ABOUT, "order: 1", "order: 0",
                 [f"{ABOUT}:4: order must be 1 or more, got 0"], id="order-range"),
    pytest.param(ABOUT, "order: 1", "order: first",
                 [f"{ABOUT}:4: order must be a whole number, got text ('first')"],
                 id="order-type"),
    pytest.param(ABOUT, "  - It is not dangerous.\n", "",
                 [f"{ABOUT}:6: key_points must have 2 to 4 items, got 1"], id="key-points-few"),
    pytest.param(ABOUT, "  - It is not dangerous.\n", "  - It is not dangerous.\n"
                 "  - Three.\n  - Four.\n  - Five.\n",
                 [f"{ABOUT}:6: key_points must have 2 to 4 items, got 5"],
                 id="key-points-many"),
    pytest.param(ABOUT, "  - It is not dangerous.", '  - ""',
                 [f"{ABOUT}:8: key_points item 2 is empty"], id="key-point-empty"),
    pytest.param(ABOUT, "key_points:\n  - It makes one side of the face twitch.\n"
                        "  - It is not dangerous.", "key_points: It twitches.",
                 [f"{ABOUT}:6: key_points must be a list, got text ('It twitches.'); write it as "
                  "a list of one or more items"], id="key-points-not-a-list"),
    pytest.param(ABOUT, "  - It is not dangerous.", "  - It is **not** dangerous.",
                 [f"{ABOUT}:8: key_points item 2 must be plain text: bold and links only work "
                  "in the body"], id="key-point-markdown"),
    pytest.param(ABOUT, "voice_names: [about, about the spasm]",
                 "voice_names: [About, about the spasm]",
                 [f"{ABOUT}:9: voice_names item 1 'About' must be lower-case words (letters and "
                  "spaces), like 'side effects'"], id="voice-name-lower-case"),
    pytest.param(ABOUT, "voice_names: [about, about the spasm]", "voice_names: [about, about]",
                 [f"{ABOUT}:9: voice_names item 2 'about' is given twice"],
                 id="voice-name-twice-in-one-list"),
    pytest.param(ABOUT, "voice_names: [about, about the spasm]", "voice_names: []",
                 [f"{ABOUT}:9: voice_names is empty"], id="voice-names-empty"),
    pytest.param(ABOUT, "voice_names: [about, about the spasm]", "voice_names: [about, diary]",
                 [f"{ABOUT}:9: voice name 'diary' would make 'open diary', which is already a "
                  "built-in command"], id="voice-name-clashes-with-command"),
    pytest.param(ABOUT, "voice_names: [about, about the spasm]",
                 "voice_names: [about, open about]",
                 [f"{ABOUT}:9: voice name 'open about' should not start with 'open': people "
                  "say 'open' and then the name"], id="voice-name-with-verb"),
    # Clashes between files
    pytest.param(HELP, "id: help", "id: about",
                 [f"{HELP}:2: section id 'about' is also used at {ABOUT}:2"],
                 id="duplicate-section-id"),
    pytest.param(HELP, "order: 2", "order: 1",
                 [f"{HELP}:4: section order 1 is also used at {ABOUT}:4"],
                 id="duplicate-section-order"),
    pytest.param(HELP, "voice_names: [getting help]", "voice_names: [getting help, about]",
                 [f"{HELP}:10: voice name 'about' is also used by section 'about' ({ABOUT}:9)"],
                 id="voice-name-used-by-two-sections"),
    pytest.param(BREATHING, 'voice_names = ["breathing"]',
                 'voice_names = ["breathing", "getting help"]',
                 [f"{BREATHING}:4: voice name 'getting help' is also used by section 'help' "
                  f"({HELP}:10)"], id="voice-name-used-by-section-and-exercise"),
    # Front matter and body structure
    pytest.param(HELP, "---\nid: help", "id: help",
                 [f"{HELP}:1: no front matter: the file must start with a '---' line, then "
                  "the id, title and other keys, then '---'"], id="no-front-matter"),
    pytest.param(HELP, "voice_names: [getting help]\n---\n", "voice_names: [getting help]\n",
                 [f"{HELP}:1: front matter is not closed: add a '---' line after it"],
                 id="front-matter-not-closed"),
    pytest.param(HELP, "Your doctor may offer [Botox](glossary:botox) injections. They are given "
                       "every few months.\n", "\n\n",
                 [f"{HELP}:12: body is empty: write the section's text after the closing '---'"],
                 id="empty-body"),
    pytest.param(ABOUT, "(glossary:spasm)", "(glossary:spasms)",
                 [f"{ABOUT}:11: unknown glossary term 'spasms' (did you mean 'spasm'?)"],
                 id="unknown-glossary-link"),
    pytest.param(ABOUT, "Dr. Smith can", "[Dr. Smith](glossary:doctor) can",
                 [f"{ABOUT}:19: unknown glossary term 'doctor'"],
                 id="unknown-glossary-link-later-line"),
    pytest.param(ABOUT, "Dr. Smith can", "[Dr. Smith](https://example.org) can",
                 [f"{ABOUT}:19: only glossary links are allowed, not '(https://example.org)'"],
                 id="web-link"),
    pytest.param(ABOUT, "[spasm](glossary:spasm)", "[](glossary:spasm)",
                 [f"{ABOUT}:11: glossary link to 'spasm' has no words to show"],
                 id="link-without-words"),
    pytest.param(ABOUT, "(glossary:spasm)", "(glossary:Spasm Word)",
                 [f"{ABOUT}:11: glossary link 'glossary:Spasm Word' needs a term id like "
                  "'glossary:botulinum-toxin'"], id="link-id-shape"),
    pytest.param(ABOUT, "Dr. Smith can help with this.", "... !",
                 [f"{ABOUT}:19: paragraph has no words"], id="paragraph-without-words"),
    pytest.param(ABOUT, "## Where it happens", "# Where it happens",
                 [f"{ABOUT}:13: only '## ' sub-headings are allowed"], id="big-heading"),
    pytest.param(ABOUT, "## Where it happens", "##",
                 [f"{ABOUT}:13: sub-heading has no words"], id="empty-heading"),
    pytest.param(ABOUT, "- Around one eye.", "* Around one eye.",
                 [f"{ABOUT}:15: bullet items start with '- ', not '* ' or '+ '"],
                 id="star-bullet"),
    pytest.param(ABOUT, "- Around one eye.", "1. Around one eye.",
                 [f"{ABOUT}:15: numbered lists are not supported; use '- ' items"],
                 id="numbered-list"),
    pytest.param(ABOUT, "  over time.", "  - over time.",
                 [f"{ABOUT}:17: bullet items cannot be nested; start them at the margin"],
                 id="nested-bullet"),
    pytest.param(ABOUT, "**tightens by itself**", "**tightens by itself",
                 [f"{ABOUT}:11: '**' bold mark is not closed in this block"], id="open-bold"),
    pytest.param(ABOUT, "**tightens by itself**", "*tightens by itself*",
                 [f"{ABOUT}:11: only **bold** is supported, not *italic* or _italic_"],
                 id="italic"),
    pytest.param(ABOUT, "Dr. Smith can help", "<b>Dr. Smith</b> can help",
                 [f"{ABOUT}:19: HTML tags are not supported"], id="html"),
    pytest.param(ABOUT, "Dr. Smith can help with this.", "---",
                 [f"{ABOUT}:19: a line with only dashes or stars is not allowed"], id="rule-line"),
    pytest.param(ABOUT, "Dr. Smith can help", "Dr. Smith can `help`",
                 [f"{ABOUT}:19: code marks (`) are not supported"], id="code-marks"),
    pytest.param(ABOUT, "Dr. Smith can help with this.", "[Dr. Smith](glossary:spasm can help",
                 [f"{ABOUT}:19: a link is not finished: write [words](glossary:term-id)"],
                 id="unfinished-link"),
    # Glossary
    pytest.param(GLOSSARY, 'id = "botox"', 'id = "spasm"',
                 [f"{HELP}:12: unknown glossary term 'botox'",
                  f"{GLOSSARY}:8: glossary term id 'spasm' is also used at {GLOSSARY}:2"],
                 id="duplicate-term-id"),
    pytest.param(GLOSSARY, 'word = "Botox"', 'word = "Spasm"',
                 [f"{GLOSSARY}:9: glossary term word 'spasm' is also used at {GLOSSARY}:3"],
                 id="duplicate-term-word"),
    pytest.param(GLOSSARY, 'meaning = "A medicine that relaxes muscles for a few months."\n', "",
                 [f"{HELP}:12: unknown glossary term 'botox'",
                  f"{GLOSSARY}:7: term 2: meaning is missing"], id="term-missing-meaning"),
    pytest.param(GLOSSARY, 'also = ["spasms"]', 'also = "spasms"',
                 [f"{ABOUT}:11: unknown glossary term 'spasm'",
                  f"{GLOSSARY}:5: term 1: also must be a list, got text ('spasms'); write it "
                  "as a list of one or more items"], id="term-also-not-a-list"),
    pytest.param(GLOSSARY, 'also = ["spasms"]', 'see = ["spasms"]',
                 [f"{ABOUT}:11: unknown glossary term 'spasm'",
                  f"{GLOSSARY}:5: term 1: unknown key 'see'; allowed keys: id, word, meaning, "
                  "also"], id="term-unknown-key"),
    pytest.param(GLOSSARY, 'id = "spasm"', "id = spasm",
                 [f"{ABOUT}:11: unknown glossary term 'spasm'",
                  f"{HELP}:12: unknown glossary term 'botox'",
                  f"{GLOSSARY}:2: invalid TOML: Invalid value"], id="invalid-toml"),
    pytest.param(GLOSSARY, "[[term]]\n", "title = \"Words\"\n[[term]]\n",
                 [f"{GLOSSARY}:1: unknown key 'title'; the glossary holds only [[term]] tables"],
                 id="glossary-unknown-key"),
    # Pronunciation list
    pytest.param(PRONUNCIATION, "[words]", "[word]",
                 [f"{PRONUNCIATION}:1: unknown key 'word'; write every word under [words]",
                  f"{PRONUNCIATION}:1: no [words] table: write [words] and then lines like "
                  'botulinum = "bot-you-line-um"'],
                 id="no-words-table"),
    pytest.param(PRONUNCIATION, '[words]\nbotulinum = "bottew-lynum"\nBotox = "boh-tox"\n',
                 'words = ["botox"]\n',
                 [f"{PRONUNCIATION}:1: words must be a [words] table"], id="words-not-a-table"),
    pytest.param(PRONUNCIATION, 'Botox = "boh-tox"', "Botox = 3",
                 [f"{PRONUNCIATION}:3: pronunciation of 'Botox' must be text, got a whole "
                  "number (3)"], id="respelling-not-text"),
    pytest.param(PRONUNCIATION, 'Botox = "boh-tox"', 'Botox = " "',
                 [f"{PRONUNCIATION}:3: pronunciation of 'Botox' must be one line of words"],
                 id="respelling-empty"),
    pytest.param(PRONUNCIATION, 'Botox = "boh-tox"', 'Botox = "boh-tox"\nbotox = "bow-tox"',
                 [f"{PRONUNCIATION}:4: 'botox' is given twice (also as 'Botox'); case does "
                  "not matter"], id="word-twice"),
    # Exercises
    pytest.param(BREATHING, "seconds = 6", "seconds = 900",
                 [f"{BREATHING}:19: step 2: seconds must be 1 to 600, got 900"],
                 id="step-seconds-too-long"),
    pytest.param(BREATHING, "seconds = 4", "seconds = 0.5",
                 [f"{BREATHING}:13: step 1: seconds must be 1 to 600, got 0.5"],
                 id="step-seconds-too-short"),
    pytest.param(BREATHING, "seconds = 4", 'seconds = "4"',
                 [f"{BREATHING}:13: step 1: seconds must be a number, got text ('4')"],
                 id="step-seconds-type"),
    pytest.param(BREATHING, 'phase = "out"', 'phase = "exhale"',
                 [f"{BREATHING}:21: step 2: phase must be one of in, out, hold, rest; got text "
                  "('exhale')"], id="step-phase"),
    pytest.param(BREATHING, 'cue = "Breathe in"\n', "",
                 [f"{BREATHING}:11: step 1: cue is missing"], id="step-missing-cue"),
    pytest.param(RELAX, "face = true", "faces = true",
                 [f"{RELAX}:17: step 2: unknown key 'faces' (did you mean 'face'?); allowed "
                  "keys: text, seconds, cue, phase, face"], id="step-unknown-key"),
    pytest.param(RELAX, "face = true", 'face = "yes"',
                 [f"{RELAX}:17: step 2: face must be true or false, got text ('yes')"],
                 id="step-face-type"),
    pytest.param(BREATHING, 'phase = "in"', 'phase = "in"\nface = true',
                 [],  # one face step is fine; see the all-face case below
                 id="one-face-step-is-fine"),
    pytest.param(BREATHING, "default_length = 3", "default_length = 4",
                 [f"{BREATHING}:9: default_length 4 is not one of the lengths (1, 3, 5)"],
                 id="default-length-not-in-lengths"),
    pytest.param(BREATHING, "lengths = [1, 3, 5]\n", "",
                 [f"{BREATHING}:8: default_length needs a lengths list to choose from"],
                 id="default-length-without-lengths"),
    pytest.param(BREATHING, "lengths = [1, 3, 5]", "lengths = [5, 3, 1]",
                 [f"{BREATHING}:8: lengths must go from shortest to longest, each once"],
                 id="lengths-order"),
    pytest.param(BREATHING, "lengths = [1, 3, 5]", "lengths = [1, 3, 90]",
                 [f"{BREATHING}:8: lengths must be whole minutes from 1 to 60, got a whole "
                  "number (90)"], id="lengths-range"),
    pytest.param(BREATHING, "lengths = [1, 3, 5]", "lengths = []",
                 [f"{BREATHING}:8: lengths must be a list of whole minutes, like [1, 3, 5, 10], "
                  "got an empty list"], id="lengths-empty"),
    pytest.param(RELAX, 'position = "Lie down or sit."', 'position = "Lie down or sit."\n'
                                                         "lengths = [1, 2]",
                 [f"{RELAX}:7: lengths is only used when cycle = true"],
                 id="lengths-without-cycle"),
    pytest.param(BREATHING, "cycle = true", 'cycle = "yes"',
                 [f"{BREATHING}:7: cycle must be true or false, got text ('yes')"],
                 id="cycle-type"),
    pytest.param(BREATHING, 'id = "breathing"', 'id = "relax"',
                 [f"{RELAX}:1: exercise id 'relax' is also used at {BREATHING}:1"],
                 id="duplicate-exercise-id"),
    pytest.param(RELAX, "order = 2", "order = 1",
                 [f"{RELAX}:3: exercise order 1 is also used at {BREATHING}:3"],
                 id="duplicate-exercise-order"),
    pytest.param(BREATHING, 'title = "Calm breathing"\n', "",
                 [f"{BREATHING}:1: title is missing"], id="exercise-missing-title"),
    pytest.param(BREATHING, 'voice_names = ["breathing"]', 'voice_names = ["Breathing!"]',
                 [f"{BREATHING}:4: voice_names item 1 'Breathing!' must be lower-case words "
                  "(letters and spaces), like 'side effects'"], id="exercise-voice-name"),
    pytest.param(BREATHING, 'voice_names = ["breathing"]', 'voice_names = ["reading"]',
                 [f"{BREATHING}:4: voice name 'reading' would make 'start reading', which is "
                  "already a built-in command"], id="exercise-voice-name-is-a-command"),
    pytest.param(BREATHING, "order = 1", "order = ",
                 [f"{BREATHING}:3: invalid TOML: Invalid value"], id="exercise-invalid-toml"),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), CASES)
def test_validation_rule(content, name, old, new, expected):
    edit(content, name, old, new)
    assert problems_in(content) == expected


@pytest.mark.parametrize(("old", "new", "line"), [
    ("title: About the spasm", "title: [About the spasm", 4),
    ("id: about\n", "- id: about\n", 3),
    ("title: About the spasm", "title: About: the spasm", 3),
])
def test_invalid_yaml_names_the_line(content, old, new, line):
    # The wording comes from PyYAML (and differs between its C and Python parsers).
    edit(content, ABOUT, old, new)
    [problem] = problems_in(content)
    assert problem.startswith(f"{ABOUT}:{line}: invalid YAML in front matter: ")


def test_front_matter_that_is_not_key_value_lines(content):
    edit(content, ABOUT, "id: about\ntitle: About the spasm\norder: 1\n"
                         "summary: What the spasm is.\n", "")
    edit(content, ABOUT, "key_points:\n  - It makes one side of the face twitch.\n"
                         "  - It is not dangerous.\nvoice_names: [about, about the spasm]\n",
         "just words\n")
    assert problems_in(content) == [
        f"{ABOUT}:2: front matter must be 'key: value' lines, got text ('just words')"]


def test_every_step_a_face_step(content):
    edit(content, RELAX, 'cue = "Make fists"', 'cue = "Make fists"\nface = true')
    edit(content, RELAX, 'phase = "rest"', 'phase = "rest"\nface = true')
    assert problems_in(content) == [
        f"{RELAX}:8: every step is a face step; add at least one step without face = true "
        "(face steps can be switched off)"]


def test_steps_missing(content):
    path = content / BREATHING
    path.write_text(path.read_text().split("[[steps]]")[0])
    assert problems_in(content) == [
        f"{BREATHING}:1: steps is missing: add [[steps]] tables with text, seconds and cue"]


def test_not_utf8_names_the_line(content):
    path = content / ABOUT
    path.write_bytes(path.read_bytes().replace(b"Dr. Smith", "Dr. Sméth".encode("latin-1")))
    assert problems_in(content) == [
        f"{ABOUT}:19: not UTF-8 text (byte 0xe9); save the file as UTF-8"]


def test_missing_leaflet_folder(content):
    shutil.rmtree(content / "leaflet")
    assert problems_in(content) == [
        "leaflet: leaflet folder is missing: the content folder needs a 'leaflet' folder "
        "of .md files"]


def test_empty_leaflet_folder(content):
    for path in (content / "leaflet").iterdir():
        path.unlink()
    assert problems_in(content) == ["leaflet: leaflet folder has no .md files"]


def test_other_leaflet_files_are_flagged_and_hidden_files_skipped(content):
    (content / "leaflet" / "03-notes.txt").write_text("Notes.\n")
    (content / "leaflet" / "._01-about.md").write_bytes(b"\x00\x05\x16\x07\xff")
    (content / "exercises" / ".#relax.toml").write_text("not toml at all [")
    assert problems_in(content) == [
        "leaflet/03-notes.txt: not read: leaflet sections must be .md files"]


def test_missing_content_folder(tmp_path):
    library, problems = validate_library(tmp_path / "nowhere")
    assert library is None
    assert [str(p) for p in problems] == [f"{tmp_path / 'nowhere'}: content folder does not exist"]


def test_every_problem_is_collected_not_just_the_first(content):
    edit(content, ABOUT, "summary: What the spasm is.", "summary:")
    edit(content, ABOUT, "order: 1", "order: -1")
    edit(content, ABOUT, "(glossary:spasm)", "(glossary:twitch)")
    edit(content, HELP, "id: help", "id: about")
    edit(content, GLOSSARY, 'word = "Botox"', "word = 5")
    edit(content, PRONUNCIATION, 'Botox = "boh-tox"', "Botox = true")
    edit(content, BREATHING, "seconds = 4", "seconds = 601")
    edit(content, RELAX, 'phase = "rest"', 'phase = "sleep"')
    assert problems_in(content) == [
        f"{ABOUT}:4: order must be 1 or more, got -1",
        f"{ABOUT}:5: summary is empty",
        f"{ABOUT}:11: unknown glossary term 'twitch'",
        f"{HELP}:12: unknown glossary term 'botox'",
        f"{GLOSSARY}:9: term 2: word must be text, got a whole number (5)",
        f"{PRONUNCIATION}:3: pronunciation of 'Botox' must be text, got true/false (true)",
        f"{BREATHING}:13: step 1: seconds must be 1 to 600, got 601",
        f"{RELAX}:23: step 3: phase must be one of in, out, hold, rest; got text ('sleep')",
    ]


def test_sections_with_a_faulty_body_still_report_clashes(content):
    edit(content, HELP, "id: help", "id: about")
    edit(content, HELP, "(glossary:botox)", "(glossary:botax)")
    assert problems_in(content) == [
        f"{HELP}:2: section id 'about' is also used at {ABOUT}:2",
        f"{HELP}:12: unknown glossary term 'botax' (did you mean 'botox'?)",
    ]


# Markdown to blocks ---------------------------------------------------------------


def test_markdown_to_blocks_kinds_and_plain_sentences():
    body = ("First **bold** words. See [Botox](glossary:botox) now.\nSame paragraph.\n\n"
            "## A heading. With a dot\n"
            "- One item. Two sentences\n  carried on.\n- [Second](glossary:x)\nlazy line\n\n"
            "Last, e.g. this one.")
    assert markdown_to_blocks(body) == (
        Block("paragraph", ("First bold words.", "See Botox now.", "Same paragraph.")),
        Block("heading", ("A heading. With a dot",)),
        Block("bullet", ("One item.", "Two sentences carried on.")),
        Block("bullet", ("Second lazy line",)),
        Block("paragraph", ("Last, e.g. this one.",)),
    )


def test_glossary_links_give_term_and_line_offset():
    body = "A [spasm](glossary:spasm).\n\n- [facial\nnerve](glossary:facial-nerve) and " \
           "[spasm](glossary:spasm)"
    assert glossary_links(body) == [("spasm", 0), ("facial-nerve", 2), ("spasm", 3)]


def test_strip_markdown():
    assert strip_markdown("**Botox** is [botulinum\ntoxin](glossary:botulinum-toxin).") == \
        "Botox is botulinum toxin."


def test_markdown_issues_accepts_the_allowed_markdown():
    body = "Text with **bold** and [a link](glossary:a-b).\n\n## Heading\n\n- item\n- item two"
    assert markdown_issues(body) == []


# TOML line finder ------------------------------------------------------------------


def test_toml_lines_finds_keys_in_tables_and_at_top():
    lines = TomlLines('id = "x"\n\n[[steps]]\ntext = "a"\n\n[[steps]]\ncue = "b"\n'
                      'text = "c"\n[words]\n"Dr." = "doctor"\n')
    assert lines.key("id") == 1
    assert lines.key("text", "steps", 0) == 4
    assert lines.key("text", "steps", 1) == 8
    assert lines.key("seconds", "steps", 1) == 6  # missing: the table's header
    assert lines.key("Dr.", "words") == 10
    assert lines.table("steps", 5) == 1
    assert lines.key("text", "steps", 5) == 1


def test_toml_lines_ignores_array_lines_that_look_like_tables():
    lines = TomlLines('lengths = [\n  [1, 3],\n]\nid = "x"\n[[steps]]\ncue = "a"\n')
    assert lines.key("id") == 4
    assert lines.key("cue", "steps") == 6
    assert lines.table("steps") == 5


def test_toml_error_at_end_of_file_names_the_last_line(content):
    edit(content, RELAX, 'phase = "rest"', 'phase = "rest')
    [problem] = problems_in(content)
    assert problem.startswith(f"{RELAX}:23: invalid TOML: ")


# check-content command ------------------------------------------------------------


def run_check(argv: list[str]) -> int:
    """Parse like `hfs-tui` does: a top-level --content, then the sub-command."""
    parser = argparse.ArgumentParser(prog="hfs-tui")
    parser.add_argument("--content", type=Path)
    content_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_check_content_clean_folder_prints_summary_and_table(capsys):
    assert run_check(["check-content", str(VALID)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Content OK: 2 sections, 2 glossary terms, 2 exercises"
    assert lines[1] == f"Folder: {VALID}"
    assert lines[3].split() == ["Section", "Words", "Sentences", "Grade", "Ease", "SMOG",
                                "Longest"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[5:] if line[:1].isalpha()}
    about = readability_rows(load_library(VALID))[0].scores
    assert rows["about"] == [str(about.words), str(about.sentences), f"{about.fk_grade:.1f}",
                             f"{about.reading_ease:.1f}", f"{about.smog:.1f}",
                             str(about.longest_sentence)]
    assert about.sentences == 6  # the heading is not scored
    assert any(line.startswith("whole leaflet") for line in lines)
    assert "All readability targets are met." in out


def test_check_content_reports_problems_relative_to_the_folder(content, capsys):
    edit(content, BREATHING, "seconds = 6", "seconds = 900")
    edit(content, ABOUT, "summary: What the spasm is.", "summary:")
    assert run_check(["check-content", str(content)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"{ABOUT}:5: summary is empty",
        f"{BREATHING}:19: step 2: seconds must be 1 to 600, got 900",
        "",
        f"2 problems in {content}",
    ]


def test_check_content_uses_top_level_content_option(content, capsys):
    edit(content, ABOUT, "order: 1", "order: 0")
    assert run_check(["--content", str(content), "check-content"]) == 1
    assert f"{ABOUT}:4: order must be 1 or more, got 0" in capsys.readouterr().out


def test_check_content_strict_fails_on_hard_text(content, capsys):
    long_sentence = " ".join(["Word"] + ["word"] * 23) + "."
    edit(content, ABOUT, "Dr. Smith can help with this.",
         "Neurophysiological investigations characteristically demonstrate abnormal "
         "synkinetic electromyographic responses. " + long_sentence)
    assert run_check(["check-content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "about: grade" in out and "is above 6; use shorter sentences and words" in out
    assert f"about: 24 words (over 20) in: {long_sentence}" in out
    assert run_check(["check-content", "--strict", str(content)]) == 1


def test_check_content_defaults_to_built_in_content(capsys):
    assert run_check(["check-content", "--strict"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Content OK: ")
    assert "All readability targets are met." in out


def test_examples_in_the_format_doc_are_valid(tmp_path):
    doc = (locations.REPO / "docs" / "content-format.md").read_text()
    blocks = re.findall(r"```(markdown|toml)\n(.*?)```", doc, re.DOTALL)
    files = {
        "leaflet/01-example.md": next(text for kind, text in blocks if kind == "markdown"),
        "glossary.toml": next(text for _, text in blocks if "[[term]]" in text),
        "pronunciation.toml": next(text for _, text in blocks if "[words]" in text),
        "exercises/example.toml": next(text for _, text in blocks if "[[steps]]" in text),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    library = load_library(tmp_path)
    assert library.section("botulinum-toxin").glossary_links == ("botulinum-toxin",)
    assert library.exercise("calm-breathing").default_length == 3


def test_check_content_missing_folder(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert run_check(["check-content", str(missing)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{missing}: content folder does not exist", "", f"1 problem in {missing}"]


# Strong words ("always", "cures", "the main") ----------------------------------------

STRONG_HINT = "reword it, or mark it under strong_words with the reason"


def check_output(root: Path, capsys) -> tuple[int, list[str]]:
    code = run_check(["check-content", str(root)])
    return code, capsys.readouterr().out.splitlines()


def mark(root: Path, *entries: str) -> None:
    """Add a strong_words list (YAML items) to the about section's front matter."""
    edit(root, ABOUT, "voice_names: [about, about the spasm]\n",
         "voice_names: [about, about the spasm]\nstrong_words:\n" + "".join(entries))


@pytest.mark.parametrize(("text", "found"), [
    ("It always starts near one eye.", ["always"]),
    ("ALWAYS, Never and never again.", ["always", "never", "never"]),
    ("This often cures it. The main cause. No one knows.", ["cures", "main", "no one"]),
    ("It goes away fully for everyone; it is safe.", ["fully", "everyone", "safe"]),
    ("Injections again every 3 to 4 months, or every few weeks.", []),
    ("It happens every time you are tired, every day.", ["every"]),
    ("The mainstream view; overall; fall; smallest; unsafe.", []),
    ("Some people hear a clicking sound.", []),
])
def test_strong_words_are_found_as_whole_words(text, found):
    assert strong_words_in(text) == found


def test_unmarked_strong_word_in_the_text_fails_check_content(content, capsys):
    edit(content, ABOUT, "It often starts near one eye.", "It always starts near one eye.")
    assert validate_library(content)[1] == []  # the app still shows the leaflet
    code, lines = check_output(content, capsys)
    assert code == 1
    assert lines[-2:] == [
        "Strong words to reword or mark under strong_words (1; see docs/content-format.md):",
        f"  {ABOUT}:11: strong word 'always' in \"It always starts near one eye.\": "
        f"{STRONG_HINT}",
    ]


def test_strong_words_in_title_summary_key_points_and_headings_are_found(content, capsys):
    edit(content, ABOUT, "title: About the spasm", "title: All about the spasm")
    edit(content, ABOUT, "summary: What the spasm is.", "summary: The main facts.")
    edit(content, ABOUT, "  - It is not dangerous.", "  - It is never dangerous.")
    edit(content, ABOUT, "## Where it happens", "## Where it always happens")
    edit(content, ABOUT, "- Near the mouth. It can spread", "- Near the mouth. It can fully spread")
    code, lines = check_output(content, capsys)
    assert code == 1
    found = [line.split(": strong word ")[0].strip() + " " + line.split("'")[1]
             for line in lines if "strong word" in line]
    assert found == [f"{ABOUT}:3 all", f"{ABOUT}:5 main", f"{ABOUT}:8 never",
                     f"{ABOUT}:13 always", f"{ABOUT}:16 fully"]


def test_a_marked_strong_word_passes(content, capsys):
    edit(content, ABOUT, "It often starts near one eye.", "It always starts near one eye.")
    edit(content, ABOUT, "  - It is not dangerous.", "  - It is never dangerous.")
    mark(content,
         "  - word: always\n    in: always starts near one eye\n"
         "    why: Source paragraph 3 says so.\n",
         "  - word: never\n    in: It is never dangerous.\n    why: Source paragraph 3.\n")
    library = load_library(content)
    marks = library.section("about").strong_words
    assert [(m.word, m.within) for m in marks] == [("always", "always starts near one eye"),
                                                   ("never", "It is never dangerous.")]
    code, lines = check_output(content, capsys)
    assert code == 0 and lines[-1] == "No strong words left unmarked."


def test_a_mark_covers_only_its_own_words(content, capsys):
    edit(content, ABOUT, "It often starts near one eye.", "It always starts near one eye.")
    edit(content, ABOUT, "  - It is not dangerous.", "  - It is always mild.")
    mark(content, "  - word: always\n    in: always starts near one eye\n    why: Source.\n")
    code, lines = check_output(content, capsys)
    assert code == 1
    assert [line for line in lines if "strong word" in line] == [
        f"  {ABOUT}:8: strong word 'always' in \"It is always mild.\": {STRONG_HINT}"]


def test_a_stale_mark_is_reported(content, capsys):
    mark(content, "  - word: always\n    in: It always starts\n    why: Source paragraph 3.\n")
    code, lines = check_output(content, capsys)
    assert code == 1
    assert lines[-1] == (f"  {ABOUT}:12: strong_words mark for 'always' in 'It always "
                         "starts' matches no text; remove it")


@pytest.mark.parametrize(("entries", "expected"), [
    ("  cures\n", "strong_words must be a list of marks, each with 'word:', 'in:' and "
                  "'why:', got text ('cures')"),
    ("  - cures\n", "strong_words item 1 must have 'word:', 'in:' and 'why:' lines, got "
                    "text ('cures')"),
    ("  - word: cures\n    in: often cures\n", "strong_words item 1: why is missing"),
    ("  - word: cures\n    in: often cures\n    why: Source.\n    seen: yes\n",
     "strong_words item 1: unknown key 'seen'; allowed keys: word, in, why"),
    ("  - word: often\n    in: often starts\n    why: Source.\n",
     "strong_words item 1: 'often' is not a strong word the check looks for; remove this "
     "mark"),
    ("  - word: cures\n    in: often helps\n    why: Source.\n",
     "strong_words item 1: in 'often helps' must contain the word 'cures'"),
    ("  - word: cures\n    in: [often]\n    why: Source.\n",
     "strong_words item 1: in must be one line of text, got a list"),
])
def test_faulty_marks_are_format_problems(content, entries, expected):
    mark(content, entries)
    line = 11 if entries.startswith("  -") else 10  # the item's line, else the key's
    assert problems_in(content) == [f"{ABOUT}:{line}: {expected}"]


def test_a_repeated_mark_is_a_problem(content):
    entry = "  - word: always\n    in: always starts\n    why: Source.\n"
    edit(content, ABOUT, "It often starts near one eye.", "It always starts near one eye.")
    mark(content, entry, entry)
    assert problems_in(content) == [f"{ABOUT}:14: strong_words item 2 repeats an earlier mark"]


def test_the_strong_words_example_in_the_format_doc_is_valid(content, capsys):
    doc = (locations.REPO / "docs" / "content-format.md").read_text()
    [example] = re.findall(r"```yaml\n(strong_words:\n.*?)```", doc, re.DOTALL)
    edit(content, ABOUT, "It often starts near one eye.", "This often cures the spasms.")
    edit(content, ABOUT, "voice_names: [about, about the spasm]\n",
         "voice_names: [about, about the spasm]\n" + example)
    assert load_library(content).section("about").strong_words[0].word == "cures"
    code, lines = check_output(content, capsys)
    assert code == 0 and lines[-1] == "No strong words left unmarked."
