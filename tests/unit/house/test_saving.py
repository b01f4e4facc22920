"""The one writer: concurrent saves never fail, the newest value lands last, a burst
becomes one write, and a save that fails says so."""

from __future__ import annotations

import json
import threading
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from hfs_tui import saving, state
from hfs_tui import settings as settings_model

THREADS = 8
SAVES_EACH = 200


def _hammer(save_one, threads: int = THREADS, saves: int = SAVES_EACH) -> list[BaseException]:
    """Run `save_one(thread, n)` for n in 0..saves-1 on `threads` threads at once."""
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def run(thread: int) -> None:
        start.wait()
        try:
            for n in range(saves):
                save_one(thread, n)
        except BaseException as error:  # collected, so the test fails with it
            errors.append(error)

    workers = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


def _leftover_temporary_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_eight_threads_saving_the_position_never_fail_and_the_last_value_wins(tmp_path):
    path = tmp_path / "data" / "position.json"

    def save_one(thread: int, n: int) -> None:
        state.save_position(state.Position(f"section-{thread}", n), path)

    assert _hammer(save_one) == []
    assert state.flush(10)
    on_disk = json.loads(path.read_text())
    # Each thread's saves are in order, so whatever landed last must be some thread's
    # final value; an older value winning would show up as a smaller sentence.
    assert on_disk["sentence"] == SAVES_EACH - 1
    assert on_disk["section_id"] in {f"section-{t}" for t in range(THREADS)}
    assert state.load_position(path) == state.Position(on_disk["section_id"],
                                                       on_disk["sentence"])
    assert _leftover_temporary_files(path.parent) == []
    assert path.stat().st_mode & 0o777 == 0o600


def test_eight_threads_saving_settings_never_fail_and_the_last_value_wins(tmp_path):
    path = tmp_path / "config" / "settings.toml"
    base = settings_model.Settings()

    def save_one(thread: int, n: int) -> None:
        width = 40 + n % 81
        settings_model.save(replace(base, reader=replace(base.reader, text_width=width,
                                                         content_dir=f"thread-{thread}")),
                            path)

    assert _hammer(save_one, saves=100) == []
    saved = tomllib.loads(path.read_text())
    assert saved["reader"]["text_width"] == 40 + 99 % 81
    assert saved["reader"]["content_dir"] in {f"thread-{t}" for t in range(THREADS)}
    assert settings_model.load(path).ok
    assert _leftover_temporary_files(path.parent) == []


def test_a_burst_of_saves_while_the_disk_is_busy_becomes_one_write_of_the_latest(tmp_path):
    writer = saving.Writer()
    path = tmp_path / "position.json"
    outcomes: list[saving.SaveResult] = []
    # Holding the writer's lock stands in for a slow disk: the writer thread cannot
    # take a request until the whole burst (like a held `+` key) has been queued.
    with writer._changed:
        for n in range(50):
            writer.submit(path, json.dumps({"n": n}), outcomes.append)
    assert writer.flush(10)
    assert writer.writes == 1
    assert json.loads(path.read_text()) == {"n": 49}
    assert len(outcomes) == 50 and all(outcome.ok for outcome in outcomes)


def test_many_saves_in_a_row_leave_the_newest_on_disk(tmp_path):
    writer = saving.Writer()
    path = tmp_path / "position.json"
    for n in range(500):
        writer.submit(path, str(n))
    assert writer.flush(10)
    assert path.read_text() == "499"
    assert writer.writes <= 500


def test_a_settings_save_that_cannot_be_written_raises_and_leaves_nothing(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    path = blocker / "settings.toml"
    with pytest.raises(OSError):
        settings_model.save(settings_model.Settings(), path)
    assert blocker.read_text() == "a file where the config folder should be"
    assert _leftover_temporary_files(tmp_path) == []


def test_a_failed_position_save_is_reported_to_the_caller(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("")
    outcomes: list[saving.SaveResult] = []
    state.save_position(state.Position("intro", 3), blocker / "position.json",
                        on_done=outcomes.append)
    assert state.flush(10)
    assert len(outcomes) == 1 and not outcomes[0].ok
    assert str(blocker / "position.json") in outcomes[0].message()
    # The position is still known for this session.
    assert state.load_position(blocker / "position.json") == state.Position("intro", 3)


def test_the_writer_goes_on_after_a_failed_save(tmp_path):
    blocker = tmp_path / "blocked"
    blocker.write_text("")
    good = tmp_path / "ok" / "position.json"
    writer = saving.Writer()
    writer.submit(blocker / "x.json", "{}")
    writer.write(good, '{"section_id": "intro"}', timeout=10)
    assert good.read_text() == '{"section_id": "intro"}'


def test_backup_keeps_the_users_original_even_when_a_newer_save_replaces_it(tmp_path):
    path = tmp_path / "settings.toml"
    original = '[reader]\ntext_width = 9000\n'
    path.write_text(original)
    writer = saving.Writer()
    backup = settings_model.backup_path(path)
    with writer._changed:  # both requests queued before either is written
        writer.submit(path, "first = 1\n", keep_old_as=backup)
        writer.submit(path, "second = 2\n")
    assert writer.flush(10)
    assert backup.read_text() == original
    assert path.read_text() == "second = 2\n"


def test_backup_then_save_keeps_the_original_beside_it(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('colour = "pink"\n')
    first = settings_model.backup_then_save(settings_model.Settings(), path)
    assert first.read_text() == 'colour = "pink"\n'
    assert first.stat().st_mode & 0o777 == 0o600
    assert settings_model.load(path).ok
    path.write_text('colour = "blue"\n')  # broken again, saved again: both copies stay
    second = settings_model.backup_then_save(settings_model.Settings(), path)
    assert second != first
    assert first.read_text() == 'colour = "pink"\n'
    assert second.read_text() == 'colour = "blue"\n'
