"""The parsed-content cache: fast, and never stale."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hfs_tui.content import cache
from hfs_tui.paths import builtin_content_dir


def copy_of_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(builtin_content_dir(), root)
    return root


def test_second_load_comes_from_the_cache_and_equals_the_first(tmp_path):
    root = copy_of_content(tmp_path)
    first, problems = cache.load_quickly(root)
    assert problems == [] and first is not None
    assert cache.cached_library(root) == first


def test_an_edited_file_is_picked_up(tmp_path):
    root = copy_of_content(tmp_path)
    cache.load_quickly(root)
    section = sorted((root / "leaflet").glob("*.md"))[0]
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    stat = section.stat()
    os.utime(section, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    library, _ = cache.load_quickly(root)
    assert library is not None
    assert any(s.title.startswith("Edited ") for s in library.sections)


def test_broken_content_is_reported_and_never_cached(tmp_path):
    root = copy_of_content(tmp_path)
    cache.load_quickly(root)
    section = sorted((root / "leaflet").glob("*.md"))[0]
    section.write_text("---\nid: broken\n---\n", encoding="utf-8")
    library, problems = cache.load_quickly(root)
    assert library is None and problems
    assert cache.cached_library(root) is None


def test_a_damaged_cache_file_is_rebuilt(tmp_path):
    root = copy_of_content(tmp_path)
    library, _ = cache.load_quickly(root)
    for path in Path(os.environ["HFS_TUI_CACHE_DIR"]).glob("content-*.pickle"):
        path.write_bytes(b"not a pickle")
    again, problems = cache.load_quickly(root)
    assert problems == [] and again == library


def test_the_cache_key_covers_all_the_code_that_checks_the_content():
    # Checking voice names reads the action registry (hfs_tui/actions.py): a change
    # there must make a new cache, or a name clashing with a new command would pass.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from hfs_tui.content import cache\n"
        "from hfs_tui.content.loader import validate_library\n"
        "from hfs_tui.paths import builtin_content_dir\n"
        "validate_library(builtin_content_dir())\n"
        "for name, module in sorted(sys.modules.items()):\n"
        "    if name.split('.')[0] == 'hfs_tui' and getattr(module, '__file__', None):\n"
        "        print(module.__file__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    used = {Path(line) for line in result.stdout.split()}
    keyed = {path.resolve() for path in cache._CODE}
    # Not shaping what is parsed: package markers, the cache itself, where folders are.
    exempt = {"__init__.py", "cache.py", "paths.py"}
    assert {p for p in used if p.name not in exempt} - keyed == set()
    assert Path(cache.__file__).parent.parent / "actions.py" in keyed
