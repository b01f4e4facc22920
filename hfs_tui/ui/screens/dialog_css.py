"""The frame the app's dialogs share: one place for its size, border and colours.

Each dialog keeps its own selector (and so its specificity); only the rules come from
here. Most dialogs differ only in width, and a warning (repair, delete) in its red
border; the help and problems windows are the same frame, larger.
"""

from __future__ import annotations


def dialog_backdrop(selector: str, see_through: bool = True) -> str:
    """The screen behind a dialog: the dialog centred, what is underneath dimmed.

    A small dialog lets the user see where they are; a window that nearly fills the
    screen (help, problems) hides it instead (`see_through=False`), since the odd
    letters left around its edges are only clutter.
    """
    background = "$background 70%" if see_through else "$background"
    return (f"\n    {selector} {{\n        align: center middle;\n"
            f"        background: {background};\n    }}\n")


def dialog_frame(selector: str, *, width: int | str = 80, max_width: int | str = "100%",
                 height: str = "auto", max_height: int | str | None = "100%",
                 border: str = "$primary", padding: str | None = "0 1",
                 extra: str = "") -> str:
    """The shared frame's rules under `selector`, as a block for DEFAULT_CSS.

    `border` is a colour ($error for a dialog that warns); `max_height` or `padding`
    None leaves that rule out; `extra` is more rules, one "name: value;" each.
    """
    rules = [f"width: {width};", f"max-width: {max_width};", f"height: {height};"]
    if max_height is not None:
        rules.append(f"max-height: {max_height};")
    # A dialog taller than a small window scrolls, and so brings the focused field
    # or button into view (at 40x12 Save was below the edge, focus nowhere to be seen).
    rules += [f"border: thick {border};", "background: $surface;", "overflow-y: auto;"]
    if padding is not None:
        rules.append(f"padding: {padding};")
    rules += [rule.strip() for rule in extra.splitlines() if rule.strip()]
    body = "".join(f"        {rule}\n" for rule in rules)
    return f"\n    {selector} {{\n{body}    }}\n"
