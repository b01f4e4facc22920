"""Make docs/clinic-report.png: page 1 of the clinic report for ten years of diary.

    python bench/make_report_picture.py

Needs Debian's chromium (headless, offline) and pdftoppm/pdfinfo (poppler-utils).
Prints the page count of the A4 PDF, then writes a small PNG of the first page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_diary import NOW, ten_years  # noqa: E402

from hfs_tui.diary import Diary, Entry  # noqa: E402
from hfs_tui.diary.export import export_summary  # noqa: E402

PICTURE = ROOT / "docs" / "clinic-report.png"
DPI = 60


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium or not shutil.which("pdftoppm"):
        sys.exit("needs chromium and pdftoppm: apt-get install chromium poppler-utils")
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        with Diary.open(folder / "diary.sqlite3", clock=lambda: NOW) as diary:
            diary.add_many(ten_years() + [
                Entry(kind="medicine", at=NOW - timedelta(days=2100), name="clonazepam",
                      dose="0.5 mg at night", end=NOW - timedelta(days=1900)),
                Entry(kind="surgery", at=NOW - timedelta(days=3300),
                      name="microvascular decompression", note="partial relief for a year"),
                Entry(kind="side_effect", at=NOW - timedelta(days=40),
                      name="drooping eyelid", end=NOW - timedelta(days=33)),
            ])
            export_summary(diary, folder / "report.html", today=NOW.date())
        pdf = folder / "report.pdf"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run",
                        f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", str(folder / "report.html")],
                       check=True, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                  check=True).stdout
            print(" ".join(line for line in info.splitlines()
                           if line.startswith(("Pages", "Page size"))))
        subprocess.run(["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", "-png",
                        "-singlefile", str(pdf), str(folder / "page")], check=True)
        shutil.copyfile(folder / "page.png", PICTURE)
    print(f"wrote {PICTURE} ({PICTURE.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
