"""Benchmark of the preview: from saving a course file to the open page showing the edit.

    .venv/bin/python benchmarks/preview.py [--courses 1000] [--saves 7]

The preview runs as an editor runs it (``build.py serve``); a real headless Chromium (Debian's
``chromium``, driven by Playwright) keeps a course page open; each save appends a paragraph to
that course's Markdown file (or edits a template, or a session's note in its schedule), and the
clock stops when the edit is on the screen: at the first contentful paint of the page that shows
it, by the page's own clock (``performance.timeOrigin``, the same wall clock as the save's), not
when Playwright's polling finds it — that polls ever less often while it waits, and added up to
0.3 s to a save whose rebuild took longer than a text's. The figures are the save-to-browser
latency of the bundled sample site and of a generated catalogue.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from playwright.sync_api import sync_playwright

from benchmarks.corpus import generate

PROJECT = Path(__file__).resolve().parent.parent
# The wall-clock moment (ms) at which the page shown was first painted with its content.
SHOWN_AT = """() => { const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return paint ? performance.timeOrigin + paint.startTime : null; }"""


def save_to_browser(site: Path, page_path: str, source: Path, saves: int,
                    edit: Callable[[str, str], str] = lambda text, marker: text + f"\n{marker}\n") -> list[float]:
    """Seconds from each save to the edit being shown in the open page. ``edit`` puts a visible
    marker in the text of ``source`` (a course file: a paragraph at its end); a ``source`` that
    does not exist yet (a template of the site's own) starts as the project's and is removed after."""
    from quality_tools import launch_chromium

    process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "serve", "--site", str(site), "--port", "0"],
                               cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    url = ""
    for line in process.stdout:
        found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        if found:
            url = found.group(1)
            break
    seconds = []
    existed = source.exists()
    original = source.read_text(encoding="utf-8") if existed else \
        (PROJECT / source.relative_to(site)).read_text(encoding="utf-8")
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page()
            page.goto(url + page_path.lstrip("/"))
            page.wait_for_timeout(1000)  # the reload client connects
            for number in range(saves):
                marker = f"Penanda-simpan-{number}-{time.time_ns()}"
                source.parent.mkdir(parents=True, exist_ok=True)
                began = time.time()
                source.write_text(edit(original, marker), encoding="utf-8")
                page.wait_for_selector(f"text={marker}", timeout=60_000)  # the page shown holds the edit
                seconds.append(page.wait_for_function(SHOWN_AT).json_value() / 1000 - began)
                page.wait_for_timeout(300)
            browser.close()
    finally:
        if existed:
            source.write_text(original, encoding="utf-8")
        else:
            source.unlink(missing_ok=True)
        process.terminate()
        process.wait(timeout=30)
    return seconds


def report(name: str, seconds: list[float]) -> None:
    print(f"{name:44} median {statistics.median(seconds):5.2f} s, best {min(seconds):5.2f} s, "
          f"worst {max(seconds):5.2f} s over {len(seconds)} saves")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--courses", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="katalog-preview-bench-") as folder:
        sample = Path(folder) / "sample"
        shutil.copytree(PROJECT / "content", sample / "content")
        shutil.copy(PROJECT / "site_config.yaml", sample / "site_config.yaml")
        print("save-to-browser latency of the preview (build.py serve, headless Chromium):")
        report("sample site (13 courses)", save_to_browser(
            sample, "/pelatihan/manajemen-koperasi/", sample / "content/courses/manajemen-koperasi.id.md",
            args.saves))
        site = generate(Path(folder) / "large", args.courses, 3)
        report(f"{args.courses} courses", save_to_browser(
            site, "/pelatihan/pelatihan-00007/", site / "content/courses/pelatihan-00007.id.md", args.saves))
        # A template edited (the site's own course.html): the model is kept, only pages are made again.
        report(f"{args.courses} courses, a template edited", save_to_browser(
            site, "/pelatihan/pelatihan-00007/", site / "templates/course.html", args.saves,
            lambda text, marker: text.replace("<h1>", f"<p>{marker}</p><h1>", 1)))
        # A session's note saved in its schedule: the kept model rescheduled, its lists planned again.
        report(f"{args.courses} courses, a schedule saved", save_to_browser(
            site, "/pelatihan/pelatihan-00007/", site / "content/schedules/part-000.yaml", args.saves,
            lambda text, marker: text.replace("  - id: pelatihan-00007-0\n", "  - id: pelatihan-00007-0\n"
                                              f"    note: {{id: {marker}, en: {marker}}}\n", 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
