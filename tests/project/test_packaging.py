"""The wheel carries the content: build it, install it into a fresh venv, and run
`hfs-tui list` from another folder, exactly as a newcomer's install would."""

from __future__ import annotations

import os
import subprocess
import sys

import locations

from hfs_tui.content.loader import load_library

REPO = locations.REPO


def test_wheel_installs_and_lists_the_leaflet(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("hfs_tui-*.whl"))

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=600)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([str(bin_dir / "hfs-tui"), "list"], cwd=elsewhere,
                            capture_output=True, text=True, env=env, timeout=60, check=True)
    for section in load_library().sections:
        assert section.title in result.stdout
    where = subprocess.run(
        [str(bin_dir / "python"), "-c",
         "import hfs_tui.paths as p; print(p.builtin_content_dir())"],
        cwd=elsewhere, capture_output=True, text=True, env=env, check=True,
    )
    assert str(venv) in where.stdout and "_content" in where.stdout
