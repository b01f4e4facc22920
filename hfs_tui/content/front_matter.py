"""Split a leaflet file into YAML front matter and Markdown body, and parse the front
matter keeping the line of every key and list item (for messages)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from hfs_tui.content.fields import Problem, kind_of

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str, path: Path,
                        problems: list[Problem]) -> tuple[str, str, int] | None:
    """(front matter, body, 1-based line where the body starts) or None."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(path, 1, "no front matter: the file must start with a '---' "
                                         "line, then the id, title and other keys, then '---'"))
        return None
    for number in range(1, len(lines)):
        if lines[number].strip() == "---":
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1:]), number + 2
    problems.append(Problem(path, 1, "front matter is not closed: add a '---' line after it"))
    return None


def parse_yaml(text: str, path: Path, problems: list[Problem]
                ) -> tuple[dict[str, Any], dict[str, int], dict[str, list[int]]] | None:
    """Front matter as data, with each key's line and each list item's line (1-based)."""
    first_line = 2  # the front matter starts after the opening '---'
    loader = _YAML_LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = first_line + mark.line if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error).split("\n")[0]
        problems.append(Problem(path, line, f"invalid YAML in front matter: {reason}"))
        return None
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(Problem(path, first_line, "front matter must be 'key: value' lines, "
                                                  f"got {kind_of(data)}"))
        return None
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        if key in key_lines:
            problems.append(Problem(path, line, f"{key} is given twice "
                                                f"(first on line {key_lines[key]})"))
        key_lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [first_line + item.start_mark.line for item in value_node.value]
    if any(not isinstance(key, str) for key in data):
        bad = next(key for key in data if not isinstance(key, str))
        problems.append(Problem(path, first_line, f"key {bad!r} must be a word"))
        return None
    return data, key_lines, item_lines
