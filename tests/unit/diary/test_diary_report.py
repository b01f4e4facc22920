"""The clinic report: its HTML structure (always), and how it prints on A4 in headless
Chromium (where chromium is installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import locations
import pytest

from hfs_tui.diary import Diary, Entry
from hfs_tui.diary.export import export_summary

sys.path.insert(0, str(locations.REPO / "bench"))
from bench_diary import NOW, ten_years  # noqa: E402


class Outline(HTMLParser):
    """Tags, attributes and text of a page, for structure checks."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "circle", "line", "path", "polyline", "br"):
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag
                and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def sample_diary(path: Path, years: float = 10) -> None:
    entries = [e for e in ten_years() if e.at >= NOW - timedelta(days=365 * years)]
    entries += [
        Entry(kind="medicine", at=NOW - timedelta(days=900), name="clonazepam",
              dose="0.5 mg at night", end=NOW - timedelta(days=700)),
        Entry(kind="surgery", at=NOW - timedelta(days=2000), name="decompression",
              note="<script>alert(1)</script>"),
        Entry(kind="side_effect", at=NOW - timedelta(days=40), name="drooping eyelid",
              end=NOW - timedelta(days=33)),
    ]
    with Diary.open(path, clock=lambda: NOW) as diary:
        diary.add_many(entries)


@pytest.fixture(scope="module")
def ten_year_report(tmp_path_factory) -> Path:
    folder = Path(tmp_path_factory.mktemp("report"))
    sample_diary(folder / "diary.sqlite3")
    with Diary.open(folder / "diary.sqlite3", clock=lambda: NOW) as diary:
        export_summary(diary, folder / "report.html", today=NOW.date())
    return folder / "report.html"


def test_the_html_report_structure(ten_year_report):
    html_text = ten_year_report.read_text(encoding="utf-8")
    assert html_text.startswith("<!doctype html>")
    page = Outline()
    page.feed(html_text)
    page.close()
    assert page.open == []  # every element closed, in order
    assert page.all("html", lang="en")
    assert "size: A4" in html_text  # laid out for A4 paper
    # One file, nothing fetched, nothing run.
    assert not page.all("script") and not page.all("link") and not page.all("img")
    assert "http://" not in html_text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html_text
    assert "<script>" not in html_text  # the surgery note is escaped
    text = " ".join(page.text)
    assert "From 19 June 2015 to 15 June 2025." in text

    # The chart: an accessible SVG of the last year with every injection in it marked.
    svgs = page.all("svg")
    assert len(svgs) == 1
    svg = svgs[0]
    assert svg["role"] == "img" and "injections as dashed lines" in svg["aria-label"]
    assert svg["viewbox"] == "0 0 720 210"
    first_day = NOW.date() - timedelta(days=364)
    injections = sorted({e.day for e in ten_years()
                         if e.kind == "injection" and e.day >= first_day})
    assert len(page.all("g", class_="injection")) == len(injections) >= 11
    assert len(page.all("circle")) == 365  # one dot per rated day
    assert page.all("polyline", class_="rolling")
    for circle in page.all("circle"):
        assert 0 <= float(circle["cx"]) <= 720 and 0 <= float(circle["cy"]) <= 210

    # The tables, each with labelled columns.
    headings = [h for h in re.findall(r"<h2>(.*?)</h2>", html_text)]
    assert headings[0].startswith("Spasm severity, 16 June 2024 to 15 June 2025")
    assert headings[1:] == [
        "Spasm ratings (0 none to 10 very bad)", "Injection cycles (latest 12 of 121)",
        "Monthly average (latest 12 months with ratings)", "Medicines", "Surgery",
        "What the figures mean"]
    columns = [a for t, a in page.tags if t == "th"]
    assert columns and all(a.get("scope") == "col" for a in columns)
    for label in ("Average of all ratings", "Days rated", "Days of relief",
                  "Side effects (how long)", "Monthly average (all ratings in the month)"):
        assert f'scope="col">{label}</th>' in html_text
    assert "drooping eyelid, 8 days" in text
    assert "every rating counts once" in text


def test_an_empty_diary_still_gives_a_valid_report(tmp_path):
    with Diary.open(tmp_path / "d.sqlite3", clock=lambda: NOW) as diary:
        export_summary(diary, tmp_path / "r.html", today=NOW.date())
    page = Outline()
    page.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert page.open == [] and not page.all("svg")
    assert "No entries yet." in " ".join(page.text)



def test_a_diary_of_one_day_says_on_that_day_not_from_it_to_it(tmp_path):
    # "From 6 December 2026 to 6 December 2026." read like a mistake.
    with Diary.open(tmp_path / "d.sqlite3", clock=lambda: NOW) as diary:
        diary.add(Entry(kind="spasm", at=NOW - timedelta(hours=2), severity=5))
        diary.add(Entry(kind="spasm", at=NOW - timedelta(hours=1), severity=6))
        export_summary(diary, tmp_path / "r.html", today=NOW.date())
    page = Outline()
    page.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    text = " ".join(page.text)
    assert f"On {NOW.day} {NOW:%B %Y}." in text and "From " not in text

# --- printed by Chromium ----------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium);"
    " the HTML structure test above still runs")


def chromium(*args: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *args],
            check=True, timeout=120, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext from poppler-utils, else a count only)."""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True, timeout=60).stdout
        return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    count = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    return [""] * count


@needs_chromium
@pytest.mark.parametrize("years", [10, 0.3])
def test_the_report_prints_on_one_or_two_a4_pages_with_the_whole_chart(tmp_path, years):
    sample_diary(tmp_path / "diary.sqlite3", years)
    report = tmp_path / "report.html"
    with Diary.open(tmp_path / "diary.sqlite3", clock=lambda: NOW) as diary:
        export_summary(diary, report, today=NOW.date())
    pdf = tmp_path / "report.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", str(report))
    pages = pdf_pages(pdf)
    assert 1 <= len(pages) <= (2 if years > 1 else 1), len(pages)
    if any(pages):
        # (with pdftotext) The chart is not cut: its heading and legend share a page.
        chart_page = next(i for i, text in enumerate(pages) if "Spasm severity," in text)
        assert "7-day average" in pages[chart_page]
        assert "Made by hfs-tui" in pages[-1]
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True, timeout=60).stdout
        assert "(A4)" in info


@needs_chromium
def test_the_report_screenshot(tmp_path, ten_year_report):
    shot = tmp_path / "report.png"
    chromium(f"--screenshot={shot}", "--window-size=794,1123", str(ten_year_report))
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (794, 1123)
    assert len(data) > 20_000  # a page with a chart and tables, not a blank one


def test_the_first_and_last_ratings_are_whole_dots_inside_the_chart(tmp_path):
    """Issue 14: the latest rating was a dot on the right edge and the first one was
    half under the y axis. Both now sit inside the axes, and no label spills over."""
    from hfs_tui.diary.report import PLOT_LEFT, PLOT_RIGHT, SVG_WIDTH

    first = NOW - timedelta(days=40)
    with Diary.open(tmp_path / "d.sqlite3", clock=lambda: NOW) as diary:
        diary.add_many([Entry(kind="spasm", at=first + timedelta(days=d), severity=d % 11)
                        for d in range(41)])
        export_summary(diary, tmp_path / "r.html", today=NOW.date())
    page = Outline()
    page.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    dots = sorted(page.all("circle"), key=lambda c: float(c["cx"]))
    assert len(dots) == 41
    axis_width = 1  # the y axis is a 1-unit line at PLOT_LEFT
    left, right = dots[0], dots[-1]
    assert float(left["cx"]) - float(left["r"]) > PLOT_LEFT + axis_width / 2
    assert float(right["cx"]) + float(right["r"]) < PLOT_RIGHT
    svg_text = (tmp_path / "r.html").read_text(encoding="utf-8")
    labels = re.findall(r'<text x="([\d.]+)" y="19\d" text-anchor="middle" '
                        r'fill="#333">([^<]+)</text>', svg_text)
    assert labels
    for x, label in labels:
        half = len(label) * 6 / 2
        assert half <= float(x) <= SVG_WIDTH - half, label


def test_the_report_says_what_the_due_date_is_based_on(tmp_path, ten_year_report):
    """Issue 9: short sentences, and no "too few ratings" when the timing is the usual
    3 to 4 months; the ten-year diary says it uses the user's own ratings."""
    with Diary.open(tmp_path / "d.sqlite3", clock=lambda: NOW) as diary:
        diary.log_injection(at=NOW - timedelta(days=92), units=25)
        diary.log_spasm(6, at=NOW - timedelta(days=1))
        export_summary(diary, tmp_path / "r.html", today=NOW.date())
    page = Outline()
    page.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    items = re.findall(r"<li>(.*?)</li>", (tmp_path / "r.html").read_text(encoding="utf-8"))
    assert items[0] == (
        "Last injection: 92 days ago (15 March 2025). Next injection: usually due between "
        "15 June and 15 July 2025 (now). This uses the usual 3 to 4 months. Once your "
        "ratings show when two injections wore off, it will use your own timing.")
    notes = " ".join(page.text)
    assert "Next injection due: 2 or more injections with days of relief" in notes
    own = re.findall(r"<li>(.*?)</li>", ten_year_report.read_text(encoding="utf-8"))[0]
    assert "Next injection: usually due around " in own
    assert "Your ratings show they wear off after about " in own
    assert "too few ratings yet" not in own
