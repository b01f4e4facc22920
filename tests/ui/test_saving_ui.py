"""Saves seen from the app: a failed settings save never says "Saved.", the user is
told once, and page turns reach the disk before the app exits."""

from __future__ import annotations

import asyncio
import json
import tomllib

from pilot_helpers import wait_until
from textual.widget import Widget
from textual.widgets import Static

from hfs_tui import saving
from hfs_tui import settings as settings_model
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.settings import SettingsScreen


def _toasts(app: HfsApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def _spy_on_notices(app: HfsApp) -> list[str]:
    """Every notice the app raises, kept (toasts vanish after their timeout)."""
    raised: list[str] = []
    notify = app.notify

    def keep(message: str, *args, **kwargs) -> None:
        raised.append(message)
        notify(message, *args, **kwargs)

    app.notify = keep  # type: ignore[method-assign]
    return raised


def _message(app: HfsApp) -> str:
    return str(app.screen.query_one("#settings-message", Static).content)


async def test_a_settings_change_says_saved_once_it_is_on_disk(private_folders):
    app = HfsApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#setting-reader--reduce-motion", Widget).toggle()
        await wait_until(pilot, lambda: _message(app) == "Saved.")
        saved = tomllib.loads((private_folders["config"] / "settings.toml").read_text())
        assert saved["reader"]["reduce_motion"] is True


async def test_a_settings_file_that_cannot_be_written_is_reported_not_saved(tmp_path):
    blocker = tmp_path / "config-is-a-file"
    blocker.write_text("")
    app = HfsApp(settings_path=blocker / "settings.toml")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("s")
        app.screen.query_one("#setting-reader--reduce-motion", Widget).toggle()
        await wait_until(pilot, lambda: "Could not save" in _message(app))
        message = _message(app)
        assert "Saved." not in message
        assert str(blocker / "settings.toml") in message
        assert app.animation_level == "none"  # the change is still used
        await wait_until(pilot, lambda: any("Could not save" in t for t in _toasts(app)))


async def test_rate_keys_with_an_unwritable_settings_file_warn_once(tmp_path):
    blocker = tmp_path / "config-is-a-file"
    blocker.write_text("")
    app = HfsApp(settings_path=blocker / "settings.toml")
    raised = _spy_on_notices(app)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("1", "plus", "plus", "plus")
        await wait_until(pilot, lambda: any("Could not save" in t for t in _toasts(app)))
        await pilot.press("plus")
        await asyncio.to_thread(saving.WRITER.flush, 10)  # the 4th save has failed too
        await pilot.pause(0.1)
        assert sum("Could not save" in t for t in raised) == 1
        assert app.settings.speech.rate == 240


async def test_held_plus_key_leaves_the_latest_rate_on_disk_at_exit(private_folders):
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", *["plus"] * 8)
    saved = tomllib.loads((private_folders["config"] / "settings.toml").read_text())
    assert saved["speech"]["rate"] == 160 + 8 * 20


async def test_page_turns_are_on_disk_when_the_app_has_exited(private_folders):
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "f", "space", "space", "space")
        expected = app.screen.section.id
    on_disk = json.loads((private_folders["data"] / "position.json").read_text())
    assert on_disk == {"section_id": expected, "sentence": 3}


def test_every_theme_settings_allows_is_one_the_app_can_show():
    app = HfsApp()
    assert set(settings_model.THEMES) <= set(app.available_themes)


async def test_a_save_that_works_again_clears_the_warning_and_a_new_failure_warns_again(
        tmp_path):
    import shutil

    folder = tmp_path / "config"
    folder.write_text("")  # a file where the folder should be
    app = HfsApp(settings_path=folder / "settings.toml")
    raised = _spy_on_notices(app)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("s")
        switch = app.screen.query_one("#setting-reader--reduce-motion", Widget)
        switch.toggle()
        await wait_until(pilot, lambda: "Could not save" in _message(app))
        folder.unlink()
        folder.mkdir()
        switch.toggle()
        await wait_until(pilot, lambda: _message(app) == "Saved.")
        assert (folder / "settings.toml").exists()
        shutil.rmtree(folder)
        folder.write_text("")
        switch.toggle()
        await wait_until(pilot, lambda: "Could not save" in _message(app))
        await wait_until(pilot, lambda: sum("Could not save" in t for t in raised) == 2)


async def test_a_failed_save_still_keeps_a_copy_of_a_settings_file_with_problems(tmp_path):
    folder = tmp_path / "config"
    folder.mkdir()
    original = '[reader]\ntheme = "pink"\n'  # not a theme: a problem, so a copy is kept
    (folder / "settings.toml").write_text(original)
    app = HfsApp(settings_path=folder / "settings.toml")
    assert app.settings_problems
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        switch = app.screen.query_one("#setting-reader--reduce-motion", Widget)
        away = tmp_path / "config-away"
        folder.rename(away)
        folder.write_text("")  # the first save fails: a file where the folder should be
        switch.toggle()
        await wait_until(pilot, lambda: "Could not save" in _message(app))
        folder.unlink()
        away.rename(folder)
        switch.toggle()  # the next save works, and keeps the copy the failed one did not
        await wait_until(pilot, lambda: _message(app).startswith("Saved. Your old settings"))
    (kept,) = folder.glob("settings.toml.*.bak")
    assert kept.read_text() == original
    assert tomllib.loads((folder / "settings.toml").read_text())["reader"]["reduce_motion"] \
        is False


BROKEN = '# my notes\n[reader\ntheme = "high-contrast-dark"\n[speech]\nrate = 200\n'


async def _toggle_reduce_motion(app: HfsApp) -> str:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        app.screen.query_one("#setting-reader--reduce-motion", Widget).toggle()
        await wait_until(pilot, lambda: _message(app).startswith("Saved."))
        return _message(app)


async def test_one_typo_then_one_change_keeps_every_other_setting(private_folders):
    folder = private_folders["config"]
    folder.mkdir(parents=True)
    path = folder / "settings.toml"
    path.write_text(BROKEN)
    app = HfsApp()
    assert app.theme == "high-contrast-dark"  # in use from the start, not only when saved
    message = await _toggle_reduce_motion(app)
    saved = tomllib.loads(path.read_text())
    assert saved["reader"]["theme"] == "high-contrast-dark"
    assert saved["speech"]["rate"] == 200
    assert saved["reader"]["reduce_motion"] is True
    (kept,) = folder.glob("settings.toml.*.bak")
    assert kept.read_text() == BROKEN
    assert "mistake on line 2" in message and "what could be read from it was kept" in message
    assert str(kept) in message
    assert path.stat().st_mode & 0o777 == 0o600 and kept.stat().st_mode & 0o777 == 0o600
    # Broken again later: the second copy does not overwrite the first.
    second_broken = BROKEN.replace("200", "220")
    path.write_text(second_broken)
    await _toggle_reduce_motion(HfsApp())
    copies = sorted(folder.glob("settings.toml.*.bak"))
    assert sorted(copy.read_text() for copy in copies) == sorted([BROKEN, second_broken])
    assert tomllib.loads(path.read_text())["speech"]["rate"] == 220


async def test_saving_over_a_file_that_could_not_be_opened_says_the_rest_are_usual(
        write_settings):
    path = write_settings("")
    path.write_bytes(b'[reader]\ntheme = "high-contrast-dark\xff"\n')
    message = await _toggle_reduce_motion(HfsApp())
    assert "could not be read, so every other setting is now the usual one" in message
    (kept,) = path.parent.glob("settings.toml.*.bak")
    assert str(kept) in message
