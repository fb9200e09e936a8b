"""Helpers for the quality tests: a local server, the Nu HTML checker, Chromium and axe-core.

The tools are installed by `.ci/install-test-tools` (Debian's chromium, a Java runtime and the npm
packages pinned in package-lock.json); nothing here downloads anything.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from playwright.sync_api import Browser, Page, Playwright

PROJECT = Path(__file__).resolve().parent.parent
VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "run `bash .ci/install-test-tools` (as root) first"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler that does not log every request to stderr."""

    def log_message(self, *args: Any) -> None:
        """Discard the access log."""


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) in a background thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="serve-directory", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _vnu_error(message: dict[str, Any]) -> dict[str, Any]:
    """Reduce one vnu JSON message to file, line, message and extract."""
    url = str(message.get("url", ""))
    return {
        "file": unquote(url.removeprefix("file:")) if url.startswith("file:") else url,
        "line": message.get("lastLine", message.get("firstLine")),
        "message": message.get("message", ""),
        "extract": message.get("extract", ""),
    }


def run_vnu(paths: list[Path]) -> list[dict[str, Any]]:
    """Check HTML files with the Nu HTML checker in one Java run; return its errors."""
    if not paths:
        return []
    if not VNU_JAR.is_file() or not shutil.which("java"):
        raise RuntimeError(f"java or {VNU_JAR} is missing: {INSTALL_HINT}")
    command = ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, paths)]
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
    try:
        report = json.loads(done.stderr)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"vnu exited {done.returncode} without a JSON report:\n{done.stderr}") from exc
    errors = [_vnu_error(m) for m in report.get("messages", []) if m.get("type") != "info"]
    if done.returncode != 0 and not errors:
        raise RuntimeError(f"vnu exited {done.returncode} but reported no error:\n{done.stderr}")
    return errors


def launch_chromium(playwright: Playwright) -> Browser:
    """Launch Debian's Chromium headless through Playwright, with no background network traffic."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: {INSTALL_HINT}")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}"""


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.1 A/AA rules on the loaded page; return the violations."""
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} is missing: {INSTALL_HINT}")
    page.add_script_tag(path=str(AXE_JS))
    return list(page.evaluate(_AXE_RUN, AXE_TAGS))


# --- Finding a representative page set in a built site -------------------------------------------

_COURSE_TYPE = re.compile(r'"@type"\s*:\s*(?:"Course"|\[[^\]]*"Course")')


@dataclass
class PageFacts:
    """What the page finder needs to know about one built HTML page."""

    rel: str  # URL path relative to the site root, e.g. "en/courses/x/"
    lang: str = ""
    main_links: list[str] = field(default_factory=list)
    sessions: int = 0
    json_ld: list[str] = field(default_factory=list)
    main_text: int = 0

    @property
    def is_course(self) -> bool:
        """A course page carries schema.org Course JSON-LD."""
        return any(_COURSE_TYPE.search(block) for block in self.json_ld)

    @property
    def depth(self) -> int:
        """Number of path segments below the site root."""
        return len([part for part in self.rel.split("/") if part])


class _FactParser(HTMLParser):
    """Collects lang, links inside <main>, session elements, JSON-LD and the length of main's text."""

    def __init__(self, facts: PageFacts) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = facts
        self.main_depth = 0
        self.in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the attributes that matter."""
        values = dict(attrs)
        if tag == "html":
            self.facts.lang = (values.get("lang") or "").lower()
        if "data-session-id" in values:
            self.facts.sessions += 1
        if tag == "main":
            self.main_depth += 1
        if tag == "a" and self.main_depth and values.get("href"):
            self.facts.main_links.append(str(values["href"]))
        if tag == "script" and (values.get("type") or "") == "application/ld+json":
            self.in_json_ld = True
            self.facts.json_ld.append("")

    def handle_endtag(self, tag: str) -> None:
        """Leave <main> or a JSON-LD block."""
        if tag == "main" and self.main_depth:
            self.main_depth -= 1
        if tag == "script":
            self.in_json_ld = False

    def handle_data(self, data: str) -> None:
        """Keep JSON-LD text and measure main's text."""
        if self.in_json_ld:
            self.facts.json_ld[-1] += data
        elif self.main_depth:
            self.facts.main_text += len(data.strip())


def page_facts(root: Path, path: Path) -> PageFacts:
    """Parse one built page into PageFacts."""
    rel = path.relative_to(root).as_posix()
    facts = PageFacts(rel=rel.removesuffix("index.html"))
    parser = _FactParser(facts)
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return facts


def _link_path(page_rel: str, href: str) -> str:
    """The URL path a link points to, resolved against its page, without index.html."""
    url = urlsplit(urljoin("http://site.invalid/" + page_rel, href))
    return url.path.removesuffix("index.html")


def linked_pages(page: PageFacts, targets: set[str]) -> set[str]:
    """The pages of `targets` (relative URL paths) that `page` links to from <main>.

    Links may be relative, root-relative or absolute with a base path: a link matches the longest
    target that its path ends with.
    """
    found: set[str] = set()
    for href in page.main_links:
        path = _link_path(page.rel, href)
        matches = [t for t in targets if path == "/" + t or path.endswith("/" + t)]
        if matches:
            found.add(max(matches, key=len))
    return found


def language_roots(root: Path) -> dict[str, str]:
    """Map each language to its home's relative path: the root, plus top-level folders named by
    the `lang` of their own index.html (e.g. "en/")."""
    roots = {page_facts(root, root / "index.html").lang.split("-")[0]: ""}
    for child in sorted(p for p in root.iterdir() if p.is_dir() and (p / "index.html").is_file()):
        lang = page_facts(root, child / "index.html").lang.split("-")[0]
        if lang and lang == child.name.lower() and lang not in roots:
            roots[lang] = child.name + "/"
    return roots


def _pages_of(root: Path, home: str, others: list[str]) -> list[PageFacts]:
    """Every index.html page of one language, sorted by path."""
    pages = []
    for path in sorted((root / home).rglob("index.html")):
        rel = path.relative_to(root).as_posix()
        if not any(o and rel.startswith(o) for o in others):
            pages.append(page_facts(root, path))
    return pages


def _pick_catalogue(pages: list[PageFacts], home: str, courses: set[str]) -> PageFacts | None:
    """The catalogue: the parent page of the course pages, else the page linking to most courses."""
    by_rel = {p.rel: p for p in pages}
    parents = {c.rstrip("/").rpartition("/")[0] + "/" for c in courses}
    if len(parents) == 1 and (parent := parents.pop()) in by_rel and parent != home:
        return by_rel[parent]
    others = [p for p in pages if p.rel != home and p.rel not in courses]
    best = max(others, key=lambda p: (len(linked_pages(p, courses)), -p.depth, -p.sessions), default=None)
    return best if best and linked_pages(best, courses) else None


def representative_pages(root: Path) -> dict[str, str]:
    """Name -> relative URL of the pages the browser tests visit.

    Per language: home, catalogue, the first course page, category page, ordinary page and
    schedule page found by walking the output; plus the 404 page. A kind that cannot be found is
    left out (the test of the page set reports it).
    """
    chosen: dict[str, str] = {}
    roots = language_roots(root)
    all_pages = [p for home in roots.values() for p in _pages_of(root, home, [])]
    all_courses = {p.rel for p in all_pages if p.is_course}
    for lang, home in roots.items():
        pages = _pages_of(root, home, [h for h in roots.values() if h != home])
        courses = {p.rel for p in pages if p.is_course}
        chosen[f"{lang}:home"] = home
        taken = {home} | courses
        if courses:
            chosen[f"{lang}:course"] = min(courses)
        catalogue = _pick_catalogue(pages, home, courses)
        if catalogue:
            chosen[f"{lang}:catalogue"] = catalogue.rel
            taken.add(catalogue.rel)
        rest = [p for p in pages if p.rel not in taken]
        schedule = max(rest, key=lambda p: (p.sessions, -p.depth), default=None)
        if schedule and schedule.sessions:
            chosen[f"{lang}:schedule"] = schedule.rel
            rest.remove(schedule)
        categories = [p for p in rest if p.depth - home.count("/") >= 2 and linked_pages(p, all_courses)]
        if categories:
            chosen[f"{lang}:category"] = categories[0].rel
        ordinary = [p for p in rest if p not in categories and not p.sessions]
        ordinary = [p for p in ordinary if not linked_pages(p, all_courses)] or ordinary
        if ordinary:
            chosen[f"{lang}:page"] = max(ordinary, key=lambda p: p.main_text).rel
    for name in ("404.html", "404/index.html"):
        if (root / name).is_file():
            chosen["404"] = name.removesuffix("index.html")
            break
    return chosen
