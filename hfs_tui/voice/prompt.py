"""Which phrases Whisper sees as its "previous text" prompt, and in what order.

Whisper keeps at most about 220 tokens of previous text, and the whole grammar is
about twice that (every synonym of every action, every section and exercise name,
"section one" to "section thirteen", "log spasm zero" to "ten"). What the prompt
does is teach the spelling of rare words (botulinum, glossary, spasm) and the style
(short lower-case phrases), so one name per section and exercise, one example of
each numbered family, and each action's first phrase come first, then every phrase
that interrupts the reading; single-word synonyms ("up", "down", "home") come next
because people say them most. The other synonyms are left out: filling the prompt
with them raised people's non-command words acted on from 1.9% to 3.8% on TRAIN
(docs/performance.md). With the old order the content names never reached the
prompt at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from hfs_tui.actions import BY_ID, VoiceCommand, barge_in_phrases


def prompt_phrases(commands: Iterable[VoiceCommand]) -> list[str]:
    """The phrases of `commands`, most useful first, for the decoder's prompt."""
    families: dict[tuple[str, object], list[str]] = {}
    screen: list[str] = []
    for command in commands:
        if _screen_only(command):
            # A screen's own phrases (the diary's) are in the grammar while it shows,
            # but only its single words in the prompt: "undo" came out "and do"
            # without it, while "last ninety days" and "save report" are read well as
            # they are, and with all of them in the prompt the app's other commands
            # were right 2 points less often on TRAIN (docs/performance.md).
            if " " not in command.phrase:
                screen.append(command.phrase)
            continue
        families.setdefault((command.action, command.argument), []).append(command.phrase)
    content: list[str] = []
    numbered: set[str] = set()
    answers: list[str] = []
    first: list[str] = []
    single: list[str] = []
    for (action, argument), phrases in families.items():
        if isinstance(argument, int) and " " not in phrases[0]:
            # A bare number ("seven" in the spasm picker) is the answer awaited: all
            # of them, first.
            answers.append(phrases[0])
        elif isinstance(argument, int):
            # "section one" ... "section thirteen": one example teaches the pattern.
            if action not in numbered:
                numbered.add(action)
                content.append(phrases[0])
        elif argument is not None:
            content.append(phrases[0])
        else:
            first.append(phrases[0])
            single += [phrase for phrase in phrases[1:] if " " not in phrase]
    # What must be heard over the app's own reading ("be quiet", "stop reading") is
    # the hardest case: all of it goes in (barge-in TEST 68 of 76 without, bench_bargein).
    spoken = {phrase for phrases in families.values() for phrase in phrases}
    interrupt = sorted(phrase for phrase in barge_in_phrases()
                       if phrase in spoken and phrase not in first)
    return answers + screen + content + first + interrupt + single


def _screen_only(command: VoiceCommand) -> bool:
    """Is this one of a screen's own phrases (actions.Action.heard_on_screen)?"""
    action = BY_ID.get(command.action)
    return action is not None and action.heard_on_screen
