"""The content loader, split by kind of file, still works as one for its callers."""

from __future__ import annotations

import subprocess
import sys

import locations

from hfs_tui.content import cache, loader


def test_every_module_the_loader_runs_is_part_of_the_cache_key():
    # In a fresh interpreter, list the hfs_tui modules that validating content imports:
    # an edit to any of them must make the content cache stale.
    script = ("import sys; from hfs_tui.content.loader import validate_library; "
              "validate_library(); "
              "print('\\n'.join(m.__file__ for n, m in sys.modules.items() "
              "if n.startswith(('hfs_tui.content.', 'hfs_tui.text')) and m.__file__))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, cwd=locations.REPO)
    used = {line.rsplit("/", 1)[-1] for line in result.stdout.split()}
    keyed = {path.name for path in cache._CODE}
    assert used - {"__init__.py"} <= keyed, used - keyed


def test_names_callers_import_from_the_loader_are_still_there():
    for name in loader.__all__:
        assert hasattr(loader, name), name
    library, problems = loader.validate_library()
    assert problems == [] and library is not None and library.sections
