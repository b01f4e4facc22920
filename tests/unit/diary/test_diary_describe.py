"""How an entry is described in one line (diary list, `hfs-tui diary list`, the
confirmations read aloud): short sentences, every detail labelled the same way."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

import pytest

from hfs_tui.diary import Diary, Entry, saved_message
from hfs_tui.diary.export import CSV_COLUMNS, write_csv
from hfs_tui.diary.models import describe

NOW = datetime(2025, 6, 15, 14, 32)
AT = datetime(2025, 6, 10, 10, 0)

EVERY_KIND = [
    (Entry("spasm", AT, severity=8, parts=("eye", "cheek"), triggers=("tired",), note="4"),
     "Spasm 8 out of 10 (bad). Where: eye, cheek. Triggers: tired. Note: 4"),
    (Entry("spasm", AT, severity=3), "Spasm 3 out of 10 (mild)"),
    (Entry("spasm", AT, severity=5, triggers=("screens", "bright light")),
     "Spasm 5 out of 10 (moderate). Triggers: screens, bright light"),
    (Entry("injection", AT, units=25, sites="eyelid, cheek", clinic="Eye clinic"),
     "Injection: 25 units. Sites: eyelid, cheek. Clinic: Eye clinic"),
    (Entry("injection", AT, clinic="Neuro clinic"), "Injection. Clinic: Neuro clinic"),
    (Entry("medicine", AT, name="Clonazepam", dose="0.5 mg", end=datetime(2025, 6, 12),
           note="sleepy\nin the day"),
     "Medicine: Clonazepam. Dose: 0.5 mg. Stopped: 12 June 2025. "
     "Note: sleepy / in the day"),
    (Entry("surgery", AT, name="Microvascular decompression", note="went well."),
     "Surgery: Microvascular decompression. Note: went well."),
    (Entry("side_effect", AT, name="drooping eyelid", end=datetime(2025, 6, 14)),
     "Side effect: drooping eyelid. Ended: 14 June 2025"),
    (Entry("session", AT, name="Calm breathing", exercise_id="calm", planned_seconds=180,
           actual_seconds=180, completed=True),
     "Relaxation: Calm breathing. Length: 3 min, finished"),
    (Entry("session", AT, name="Calm breathing", exercise_id="calm", planned_seconds=180,
           actual_seconds=20, completed=False),
     "Relaxation: Calm breathing. Length: 20 s, stopped early"),
]


@pytest.fixture
def diary(tmp_path: Path):
    with Diary.open(tmp_path / "diary.sqlite3", clock=lambda: NOW) as opened:
        yield opened


def test_every_kind_read_back_from_sqlite_is_described_with_labelled_details(diary):
    stored = diary.add_many([entry for entry, _text in EVERY_KIND])
    for (_entry, expected), entry in zip(EVERY_KIND, stored, strict=True):
        [read_back] = [e for e in diary.entries() if e.id == entry.id]
        assert describe(read_back) == expected


def test_after_the_first_sentence_every_detail_is_a_labelled_sentence():
    for entry, _text in EVERY_KIND:
        _head, *details = describe(entry).split(". ")
        for detail in details:
            assert re.match(r"[A-Z][a-z]+: \S", detail), (detail, describe(entry))
        assert ";" not in describe(entry)
        assert "\n" not in describe(entry)


def test_a_note_that_ends_a_sentence_gets_no_second_full_stop():
    entry = Entry("medicine", AT, name="Baclofen", dose="5 mg.", note="Dr. Rao: stop it?")
    assert describe(entry) == "Medicine: Baclofen. Dose: 5 mg. Note: Dr. Rao: stop it?"
    assert saved_message(entry, NOW.date()) == (
        "Saved on 10 June 2025 at 10:00. Medicine: Baclofen. Dose: 5 mg. "
        "Note: Dr. Rao: stop it?")


def test_saved_message_puts_the_time_first_so_it_is_not_read_as_a_detail():
    entry = Entry("injection", NOW, units=25, clinic="Eye clinic")
    assert saved_message(entry, NOW.date()) == (
        "Saved today at 14:32. Injection: 25 units. Clinic: Eye clinic.")
    spasm = Entry("spasm", NOW, severity=7)
    assert saved_message(spasm, NOW.date()) == "Saved: spasm 7 out of 10, bad, today at 14:32."


def test_the_csv_keeps_its_own_columns_and_the_note_as_typed(diary):
    stored = diary.add_many([entry for entry, _text in EVERY_KIND])
    target = io.StringIO()
    write_csv(stored, target)
    rows = list(csv.DictReader(io.StringIO(target.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row["note"] for row in rows] == [entry.note for entry in stored]
    assert rows[0]["parts"] == "eye; cheek" and rows[0]["triggers"] == "tired"
    assert not any(row["note"].startswith("Note:") for row in rows)
