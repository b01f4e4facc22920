"""The whole history, a page at a time: counts, pages, the row of an entry and of a
date, by kind, on a real ten-year SQLite diary (about 4,000 entries)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from hfs_tui.diary import Diary, Entry, InvalidEntry
from hfs_tui.diary.store import LIST_FILTERS

NOW = datetime(2025, 6, 15, 22, 0)
START = NOW.date() - timedelta(days=3649)


def ten_years() -> list[Entry]:
    """Daily ratings (two on every fifth day, one at the same minute as an injection),
    monthly injections, a few medicines, side effects and sessions."""
    rng = random.Random(3)
    entries = []
    for offset in range(3650):
        day = datetime.combine(START + timedelta(days=offset), datetime.min.time())
        entries.append(Entry(kind="spasm", at=day + timedelta(hours=20),
                             severity=rng.randint(0, 10)))
        if offset % 5 == 0:
            entries.append(Entry(kind="spasm", at=day + timedelta(hours=10),
                                 severity=rng.randint(0, 10)))
        if offset % 30 == 0:
            entries.append(Entry(kind="injection", at=day + timedelta(hours=10), units=25))
        if offset % 400 == 0:
            entries.append(Entry(kind="medicine", at=day + timedelta(hours=9), name="m"))
            entries.append(Entry(kind="surgery", at=day + timedelta(hours=9), name="s"))
        if offset % 90 == 7:
            entries.append(Entry(kind="side_effect", at=day + timedelta(hours=8),
                                 name="drooping eyelid"))
        if offset % 7 == 3:
            entries.append(Entry(kind="session", at=day + timedelta(hours=18),
                                 exercise_id="b", name="Breathing", planned_seconds=300,
                                 actual_seconds=300, completed=True))
    return entries


@pytest.fixture(scope="module")
def diary(tmp_path_factory) -> Diary:
    path = Path(tmp_path_factory.mktemp("listing")) / "diary.sqlite3"
    opened = Diary.open(path, clock=lambda: NOW)
    opened.add_many(ten_years())
    yield opened
    opened.close()


def display_order(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.at, e.id), reverse=True)


@pytest.mark.parametrize("kinds", list(LIST_FILTERS.values()))
def test_pages_walk_the_whole_history_in_display_order(diary, kinds):
    every = diary.entries()
    wanted = display_order([e for e in every if kinds is None or e.kind in kinds])
    assert len(every) > 4000
    assert diary.count_rows(kinds) == len(wanted)
    walked: list[Entry] = []
    offset = 0
    while page := diary.page(offset, 97, kinds):
        walked += page
        offset += len(page)
    assert walked == wanted  # newest first, the oldest entry reached, nothing twice
    assert diary.page(len(wanted) - 1, 10, kinds) == [wanted[-1]]
    assert diary.page(len(wanted), 10, kinds) == []


def test_a_single_kind_can_be_named_as_text(diary):
    assert diary.count_rows("injection") == diary.count_rows(("injection",)) \
        == len(diary.entries(kind="injection"))
    with pytest.raises(InvalidEntry, match="'lunch'"):
        diary.count_rows(("spasm", "lunch"))


@pytest.mark.parametrize("kinds", [None, ("spasm",), ("injection",),
                                   ("medicine", "surgery")])
def test_the_row_of_every_entry_is_where_the_page_shows_it(diary, kinds):
    listed = display_order([e for e in diary.entries() if kinds is None or e.kind in kinds])
    sample = listed[:5] + listed[-5:] + random.Random(1).sample(listed, min(40, len(listed)))
    for entry in sample:
        row = diary.row_of_entry(entry.id, kinds)
        assert diary.page(row, 1, kinds) == [entry]
        assert row == listed.index(entry)


def test_an_entry_outside_the_filter_or_deleted_has_no_row(tmp_path):
    with Diary.open(tmp_path / "d.sqlite3", clock=lambda: NOW) as diary:
        rating = diary.log_spasm(4, at=NOW - timedelta(days=1))
        same_minute = diary.log_spasm(5, at=NOW - timedelta(days=1))
        injection = diary.log_injection(at=NOW - timedelta(days=1))
        assert diary.row_of_entry(rating.id, "injection") is None
        # Same time: the later id is listed first, as in recent().
        assert diary.row_of_entry(injection.id) == 0
        assert diary.row_of_entry(same_minute.id) == 1
        assert diary.row_of_entry(rating.id) == 2
        assert [e.id for e in diary.recent(3)] == [injection.id, same_minute.id, rating.id]
        diary.delete(rating.id)
        assert diary.row_of_entry(rating.id) is None
        assert diary.row_of_entry(999) is None


def test_jump_to_a_date(diary):
    listed = display_order(diary.entries())
    for day in (START + timedelta(days=n) for n in (0, 1, 123, 1800, 3000, 3649)):
        row = diary.row_of_date(day)
        assert listed[row].day <= day
        assert row == 0 or listed[row - 1].day > day
    assert diary.row_of_date(NOW.date() + timedelta(days=30)) == 0
    assert diary.row_of_date(date(1990, 1, 1)) == len(listed) - 1  # the oldest entry
    injections = display_order(diary.entries(kind="injection"))
    row = diary.row_of_date(START + timedelta(days=45), "injection")
    assert injections[row].day == START + timedelta(days=30)


def test_an_empty_list(tmp_path):
    with Diary.open(tmp_path / "d.sqlite3", clock=lambda: NOW) as diary:
        assert diary.count_rows() == 0
        assert diary.page(0, 50) == []
        assert diary.row_of_date(NOW.date()) is None


@pytest.mark.parametrize("sql_name, kinds", [
    ("count_rows", None), ("count_rows", "spasm"), ("page", None), ("page", "spasm"),
    ("row_of_entry", None), ("row_of_date", "injection"),
])
def test_every_list_query_uses_an_index(diary, sql_name, kinds):
    """No query of the list reads the whole table (a SCAN of entries without an index)."""
    seen: list[str] = []
    connection = diary._connection
    connection.set_trace_callback(seen.append)
    try:
        getattr(diary, sql_name)(*{"count_rows": (), "page": (3000, 50),
                                   "row_of_entry": (2000,),
                                   "row_of_date": (date(2020, 1, 1),)}[sql_name], kinds)
    finally:
        connection.set_trace_callback(None)
    selects = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]
    assert selects
    for sql in selects:
        plan = " / ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "INDEX" in plan or "INTEGER PRIMARY KEY" in plan, (sql, plan)
        assert "TEMP B-TREE" not in plan, (sql, plan)  # no sorting of every row
