"""A damaged position.json is ignored (start at the contents), whatever is in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from hfs_tui import state

DAMAGED = [
    '{"section_id": "what-it-is", "sentence": 1e999}',       # a float too big for int
    '{"section_id": "what-it-is", "sentence": -1}',
    '{"section_id": "what-it-is", "sentence": "2"}',
    '{"section_id": "what-it-is", "sentence": [2]}',
    '{"section_id": "what-it-is", "sentence": {"n": 2}}',
    '{"section_id": "what-it-is", "sentence": 2.5}',
    '{"section_id": "what-it-is", "sentence": true}',
    '{"section_id": "what-it-is", "sentence": NaN}',
    '{"section_id": "what-it-is", "sentence": 1' + "0" * 5000 + "}",  # too many digits
    '{"section_id": {"id": "what-it-is"}, "sentence": 1}',
    '{"section_id": ["what-it-is"], "sentence": 1}',
    '{"section_id": 7, "sentence": 1}',
    '{"section_id": "", "sentence": 1}',
    '{"sentence": 1}',
    '[["what-it-is", 1]]',
    '"what-it-is"',
    "null",
    "[" * 100_000,                                           # nesting deeper than json allows
]


@pytest.mark.parametrize("text", DAMAGED, ids=range(len(DAMAGED)))
def test_a_damaged_position_file_starts_at_the_contents(tmp_path: Path, text: str):
    path = tmp_path / "position.json"
    path.write_text(text, encoding="utf-8")
    assert state.load_position(path) is None


def test_a_position_file_with_bytes_that_are_not_text_is_ignored(tmp_path: Path):
    path = tmp_path / "position.json"
    path.write_bytes(b'{"section_id": "what-\xff", "sentence": 1}')
    assert state.load_position(path) is None


def test_a_good_position_file_is_read(tmp_path: Path):
    path = tmp_path / "position.json"
    path.write_text('{"section_id": "what-it-is", "sentence": 3}', encoding="utf-8")
    assert state.load_position(path) == state.Position("what-it-is", 3)
    other = tmp_path / "other.json"
    other.write_text('{"section_id": "what-it-is"}', encoding="utf-8")
    assert state.load_position(other) == state.Position("what-it-is", 0)
