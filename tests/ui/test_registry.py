"""The action registry owns every action: where it runs, its keys, the palette, voice,
barge-in and confirmation. Checked against the real app and screens."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
import textwrap

from pilot_helpers import wait_until
from textual.screen import Screen

import hfs_tui.ui.screens
from hfs_tui import actions
from hfs_tui.actions import VoiceCommand
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.bindings import bindings_for
from hfs_tui.ui.screens.confirm import ConfirmScreen
from hfs_tui.ui.screens.contents import ContentsScreen
from hfs_tui.ui.screens.section import SectionScreen


def screen_classes() -> dict[str, type[Screen]]:
    """Every screen class of the app, by name (the names the registry's targets use)."""
    found: dict[str, type[Screen]] = {}
    for module_info in pkgutil.iter_modules(hfs_tui.ui.screens.__path__):
        module = importlib.import_module(f"hfs_tui.ui.screens.{module_info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                found[name] = cls
    return found


def defined_by_the_app(cls: type, method: str) -> bool:
    """True if hfs-tui itself defines the method (not Textual's built-in one)."""
    owner = next((c for c in cls.__mro__ if method in vars(c)), None)
    return owner is not None and owner.__module__.startswith("hfs_tui.")


def test_every_target_has_the_method_the_registry_sends_it_to():
    screens = screen_classes()
    for action in actions.ACTIONS:
        assert action.target, action.id
        assert actions.APP not in action.target[:-1], f"{action.id}: the app comes last"
        for name in action.target:
            cls = HfsApp if name == actions.APP else screens.get(name)
            assert cls is not None, f"{action.id}: no screen called {name}"
            method = (action.run or action.id).split("(")[0]  # "add('injection')" -> add
            assert defined_by_the_app(cls, f"action_{method}"), f"{name}.action_{method}"


def test_screens_list_only_actions_the_registry_sends_them():
    # A screen's ACTION_IDS (its keys, in its order, and its help rows) and the
    # registry's targets agree, so a key and the palette or voice reach one method.
    for name, cls in screen_classes().items():
        for action_id in getattr(cls, "ACTION_IDS", ()):
            target = actions.get(action_id).target
            assert name in target or actions.APP in target, (name, action_id)
        for binding in cls.BINDINGS:
            # (A dialog may borrow an action's keys for its own action, as the diary's
            # delete question does with yes and no: then it is not that action.)
            if getattr(binding, "action", None) in actions.BY_ID:
                target = actions.get(binding.action).target
                assert name in target or actions.APP in target, (name, binding.action)


def test_app_wide_keys_are_the_registry_actions_the_app_runs():
    bound = {b.id: b for b in HfsApp.BINDINGS}
    assert set(bound) == {a.id for a in actions.app_wide()}
    for action in actions.app_wide():
        assert bound[action.id].key == ",".join(action.keys), action.id
        assert bound[action.id].action == action.id
    # Digits carry a section number: only the screens that list sections bind them.
    assert "go_to_section" not in bound
    digits = {b.key for b in bindings_for(["go_to_section"])}
    assert digits == set(actions.get("go_to_section").keys)


def test_barge_in_phrases_are_those_of_actions_allowed_while_reading():
    from hfs_tui.voice import bargein, listener

    assert actions.barge_in_phrases() == {"stop", "stop reading", "be quiet", "pause"}
    assert bargein.BARGE_IN_PHRASES == listener.BARGE_IN_PHRASES == actions.barge_in_phrases()
    for command in actions.voice_commands():
        assert actions.allowed_while_reading(command) == (
            command.phrase in actions.barge_in_phrases()), command.phrase


async def test_the_palette_offers_what_the_registry_says_here():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        for keys, screen_class in (((), ContentsScreen), (("1",), SectionScreen)):
            await pilot.press(*keys)
            assert isinstance(app.screen, screen_class)
            titles = {c.title for c in app.get_system_commands(app.screen)}
            for action in actions.ACTIONS:
                offered = action.in_palette and (
                    screen_class.__name__ in action.target or actions.APP in action.target)
                assert (action.help in titles) == offered, (screen_class.__name__, action.id)
        # Textual's scroll methods exist on every screen; the contents still offers none.
        await pilot.press("h")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert actions.get("page_down").help not in titles


async def test_every_voice_command_goes_through_the_one_dispatcher(monkeypatch):
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        ran: list[tuple] = []
        monkeypatch.setattr(app, "run_registry_action",
                            lambda *args, **kw: ran.append((*args, kw)) or True)
        commands = actions.voice_commands(app.library.sections, app.all_exercises())
        for command in commands:
            app.voice.dispatch(command)
        # No special branches: every command, with its argument (answers too, which
        # find no target here).
        expected = [(c.action, c.argument, {"spoken": True}) for c in commands]
        assert ran == expected


async def test_voice_pause_only_pauses_and_resume_only_resumes():
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "r")
        await wait_until(pilot, lambda: app.narration.state == "reading")
        for phrase, state in (("pause", "paused"), ("pause", "paused"),
                              ("resume", "reading"), ("carry on", "reading")):
            action = next(a.id for a in actions.ACTIONS if phrase in a.phrases)
            app.voice.dispatch(VoiceCommand(phrase, action))
            await wait_until(pilot, lambda state=state: app.narration.state == state)
            await pilot.pause(0.1)
            assert app.narration.state == state, phrase
        await pilot.press("x")


async def test_risky_actions_ask_first_by_key_palette_and_voice_alike():
    risky = [a for a in actions.ACTIONS if a.risky]
    assert [a.id for a in risky] == ["quit"]
    for action in risky:
        await asks_first_every_way(action)


async def asks_first_every_way(action: actions.Action) -> None:
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        palette = {c.title: c.callback for c in app.get_system_commands(app.screen)}

        def by_voice() -> None:
            app.voice.dispatch(VoiceCommand(action.phrases[0], action.id))

        routes = {
            "key": lambda: app.simulate_key(action.keys[0]),
            "palette": palette[action.help],
            "Textual's palette command": palette["Quit"],
            "Ctrl+C": lambda: app.simulate_key("ctrl+c"),
            "voice": by_voice,
        }
        for how, start in routes.items():
            start()
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            assert app.screen.question == action.question, how
            assert app.return_code is None, how
            await pilot.press("n")
            assert isinstance(app.screen, ContentsScreen), how
        by_voice()
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        app.voice.dispatch(VoiceCommand("yes", "confirm_yes"))
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


async def test_with_confirmation_off_a_risky_action_runs_at_once(write_settings):


    write_settings("[voice]\nconfirm_risky = false\n")
    app = HfsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


MADE_UP_ACTION = textwrap.dedent('''
    import asyncio, io, json
    from hfs_tui import actions

    # The one edit: a registry entry (a risky one, to see it ask first too) ...
    new = actions.Action("tea_break", "Take a tea break", ("j",), ("tea break",), "App",
                         footer=True, risky=True, short="Tea")
    actions.ACTIONS = (*actions.ACTIONS, new)
    actions.BY_ID[new.id] = new

    from rich.console import Console
    from hfs_tui.docs import keys_table
    from hfs_tui.ui.app import HfsApp
    from hfs_tui.ui.screens.confirm import ConfirmScreen

    # ... and what it does.
    HfsApp.action_tea_break = lambda self: self.breaks.append(type(self.screen).__name__)

    async def main():
        app = HfsApp()
        app.breaks = []
        found = {}
        async with app.run_test(size=(120, 40)) as pilot:
            async def until(condition, timeout=15.0):
                # Wait for what should happen, not a fixed time: CI machines are busy.
                for _ in range(int(timeout / 0.05)):
                    if condition():
                        return True
                    await pilot.pause(0.05)
                return False

            def asks():
                return isinstance(app.screen, ConfirmScreen)

            await pilot.press("1", "j")
            found["key asks"] = asks()
            found["question"] = getattr(app.screen, "question", "")
            await pilot.press("y")
            await until(lambda: len(app.breaks) == 1)
            palette = {c.title: c.callback for c in app.get_system_commands(app.screen)}
            found["in palette"] = "Take a tea break" in palette
            palette["Take a tea break"]()
            found["palette asks"] = await until(asks)
            await pilot.press("y")
            await until(lambda: len(app.breaks) == 2)
            commands = {c.phrase: c for c in actions.voice_commands(
                app.library.sections, app.all_exercises())}
            found["in grammar"] = "tea break" in commands
            app.voice.dispatch(commands["tea break"])
            found["voice asks"] = await until(asks)
            app.voice.dispatch(commands["yes"])
            await until(lambda: len(app.breaks) == 3 and not asks())
            found["ran"] = app.breaks
            found["footer"] = any(b.binding.id == "tea_break" and b.binding.show
                                  for b in app.active_bindings.values())
            await pilot.press("question_mark")
            console = Console(width=300, record=True, file=io.StringIO())
            for widget in app.screen.query(".help-table"):
                console.print(widget.content)
            found["in help"] = "Take a tea break" in console.export_text()
        found["in readme table"] = '| j | Take a tea break | “tea break” |' in keys_table()
        found["not a barge-in"] = "tea break" not in actions.barge_in_phrases()
        print(json.dumps(found))

    asyncio.run(main())
''')


def test_a_new_action_needs_only_its_registry_entry_and_its_method():
    result = subprocess.run([sys.executable, "-c", MADE_UP_ACTION], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "key asks": True, "question": "Take a tea break?", "in palette": True,
        "palette asks": True, "in grammar": True, "voice asks": True,
        "ran": ["SectionScreen"] * 3, "footer": True, "in help": True,
        "in readme table": True, "not a barge-in": True,
    }


async def test_help_on_the_diary_lists_its_own_keys_and_says_which_keys_mean_else_here():
    # The diary binds its own keys (e edits an entry, f shows only one kind). Help
    # listed none of them, and told the user that e opens the exercises and f focus mode.
    from pilot_helpers import screen_text

    from hfs_tui.ui.screens.diary import DiaryScreen
    from hfs_tui.ui.screens.help import HelpScreen

    app = HfsApp()
    async with app.run_test(size=(100, 80)) as pilot:
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DiaryScreen))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        body = app.screen.query_one("#help-body")
        text = " ".join(screen_text(app).split())
        for _ in range(12):  # page through the whole of help
            body.scroll_page_down(animate=False)
            await pilot.pause()
            text += " " + " ".join(screen_text(app).split())
        for own in ("Change the highlighted entry", "Add a Botox injection (botulinum toxin)",
                    "Show only one kind of entry", "Show the last 90 days",
                    "Open the highlighted entry to change it"):
            assert own in text, own
        assert "e (not here)" in text and "f (not here)" in text
        # Its rows come from the registry now, with what to say there.
        assert 'Show the last 90 days "last ninety days"' in text
        assert 'Save a report for your doctor or clinic' in text and '"save report"' in text
        assert "Tab" not in text.split("Moving around")[0]  # Textual's own keys stay out
