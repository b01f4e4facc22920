"""Key bindings generated from the action registry (hfs_tui.actions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding, BindingType

from hfs_tui import actions


def bindings_for(action_ids: Iterable[str], footer: Iterable[str] | None = None,
                 labels: Mapping[str, str] | None = None) -> list[BindingType]:
    """One Binding per action, with the action id as its id so a keymap can remap it.

    `footer` names the actions shown in the footer on this screen; by default the
    registry's own `footer` flag decides; `labels` gives a shorter footer word where
    the screen says the rest (the diary's "Log"). `go_to_section` expands to one binding
    per digit, because each digit carries its own argument.
    """
    shown = set(footer) if footer is not None else None
    result: list[BindingType] = []
    for action_id in action_ids:
        action = actions.get(action_id)
        show = action.footer if shown is None else action_id in shown
        if action_id == "go_to_section":
            # Each digit goes through the app, which joins two quick digits ("1", "2")
            # into one number (12).
            result += [
                Binding(key, f"section_digit({key})", f"Section {key}", show=False)
                for key in action.keys
            ]
            continue
        if not action.keys:
            continue
        result.append(
            Binding(
                ",".join(action.keys),
                action.run or action_id,
                (labels or {}).get(action_id, action.label),
                show=show,
                key_display=action.key_display_as or action.key_display.split(" or ")[0],
                id=action_id,
            )
        )
    return result
