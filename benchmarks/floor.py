"""The floor of a cold build: what the libraries a build is made of take on their own.

    .venv/bin/python benchmarks/floor.py --site FOLDER [--jobs N]

For every course and page file of a site: read it and parse its front matter (PyYAML's C
loader), turn its body into HTML (Python-Markdown, the build's extensions), render it into a
small page (Jinja2, one compiled template) and write the page; the schedules are parsed too.
Each stage runs on every core, with nothing else: no validation, no site model, no views, no
links, no feeds, calendars, share images or search index. ``benchmarks/run.py`` prints these
figures beside the cold build's own stage timings, so that each stage can be compared with what
its libraries alone cost.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

import jinja2
import markdown
import yaml

EXTENSIONS = ["tables", "toc", "fenced_code", "sane_lists", "mdx_truly_sane_lists", "attr_list", "abbr"]
PAGE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><html lang=\"{{ lang }}\"><head><meta charset=\"utf-8\"><title>{{ title }}</title></head>"
    "<body><header><a href=\"/\">{{ site }}</a></header><main><h1>{{ title }}</h1><p>{{ summary }}</p>"
    "{{ body|safe }}</main><footer>{{ site }}</footer></body></html>")


def _parse(path: str) -> tuple[str, dict[str, object], str]:
    text = Path(path).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return path, yaml.load(front, Loader=yaml.CSafeLoader), body


def _html(item: tuple[str, dict[str, object], str]) -> tuple[str, dict[str, object], str]:
    path, meta, body = item
    return path, meta, markdown.Markdown(extensions=EXTENSIONS).convert(body)


def _render(item: tuple[str, dict[str, object], str]) -> tuple[str, str]:
    path, meta, body = item
    lang = Path(path).name.split(".")[-2]
    return path, PAGE.render(lang=lang, title=meta.get("title", ""), summary=meta.get("summary", ""), body=body,
                             site="Katalog")


def _write(job: tuple[str, tuple[str, str]]) -> None:
    folder, (path, page) = job
    target = Path(folder) / Path(path).parent.name / (Path(path).stem.replace(".", "-") + ".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")


def _schedule(path: str) -> object:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def floor(site: Path, jobs: int) -> dict[str, float]:
    """Seconds of each stage over ``site``'s files, on ``jobs`` processes."""
    sources = sorted(str(path) for folder in ("courses", "pages") for path in (site / "content" / folder).rglob("*.md"))
    schedules = sorted(str(path) for path in (site / "content" / "schedules").glob("*.yaml"))
    seconds: dict[str, float] = {}
    with multiprocessing.get_context("fork").Pool(jobs) as pool, tempfile.TemporaryDirectory() as out:
        began = time.perf_counter()
        parsed = pool.map(_parse, sources, chunksize=64)
        pool.map(_schedule, schedules)
        seconds["read and parse (PyYAML)"] = time.perf_counter() - began
        began = time.perf_counter()
        html = pool.map(_html, parsed, chunksize=64)
        seconds["Markdown (Python-Markdown)"] = time.perf_counter() - began
        began = time.perf_counter()
        pages = pool.map(_render, html, chunksize=64)
        seconds["render pages (Jinja2)"] = time.perf_counter() - began
        began = time.perf_counter()
        pool.map(_write, [(out, page) for page in pages], chunksize=64)
        seconds["write pages"] = time.perf_counter() - began
    seconds["all"] = sum(seconds.values())
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    for name, value in floor(args.site, args.jobs).items():
        print(f"{name:32} {value:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
