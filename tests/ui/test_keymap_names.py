"""hfs_tui.key_names (plain Python, for the settings check) against Textual itself."""

from __future__ import annotations

import string

from textual.keys import Keys, _character_to_key

from hfs_tui import key_names


def test_every_named_key_is_one_textual_knows():
    textual_keys = {key.value for key in Keys}
    assert not key_names.NAMED_KEYS - textual_keys


def test_punctuation_is_named_as_textual_names_it():
    for character in string.punctuation:
        assert key_names.punctuation_name(character) == _character_to_key(character)


async def test_a_keymap_the_settings_accept_moves_the_key_in_the_app(write_settings):
    from hfs_tui.ui.app import HfsApp

    write_settings('[keymap]\nnext_section = "ctrl+j,question_mark"\n')
    app = HfsApp()
    assert app.settings.keymap == {"next_section": "ctrl+j,question_mark"}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        first = app.screen.section.id
        await pilot.press("?")
        assert app.screen.section.id != first
