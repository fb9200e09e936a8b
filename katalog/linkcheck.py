"""Internal links of the rendered pages: every href and src on this site must resolve.

Pages come from our own templates and the sanitiser, which always quote attributes with
double quotes, so a regular expression finds every link quickly and reliably.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .errors import Problems
from .messages import msg, msg_n

if TYPE_CHECKING:
    from .assemble import Site
    from .documents import PageFacts
    from .model import Course, Page

_LINK = re.compile(r'\s(?:href|src|action)="([^"]*)"')


def links_in(page: str) -> list[tuple[str, int]]:
    """Every (link, line) in a page."""
    found = []
    line, position = 1, 0
    for match in _LINK.finditer(page):
        line += page.count("\n", position, match.start())
        position = match.start()
        found.append((html.unescape(match.group(1)), line))
    return found


def broken_links(page: str, page_url: str, known: set[str], origin: str) -> list[tuple[str, int]]:
    """Links of one page to this site that lead nowhere; ``known`` holds every output path."""
    broken = []
    for link, line in links_in(page):
        target = resolve(link, page_url, origin)
        if target is not None and target not in known:
            broken.append((link, line))
    return broken


def resolve(link: str, page_url: str, origin: str) -> str | None:
    """The site path a link leads to, or None for other sites, mail, phone and fragments."""
    if link.startswith(origin + "/"):
        link = link[len(origin):]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = parts.path if parts.path.startswith("/") else _join(page_url, parts.path)
    return unquote(path)


def _join(base: str, relative: str) -> str:
    folder = base if base.endswith("/") else base.rsplit("/", 1)[0] + "/"
    parts: list[str] = []
    for segment in (folder + relative).split("/"):
        if segment == "..":
            if parts:
                parts.pop()
        elif segment != ".":
            parts.append(segment)
    return "/".join(parts) or "/"


def internal_targets(page: str, page_url: str, origin: str) -> tuple[tuple[str, str], ...]:
    """Each distinct link of a page to this site, with the site path it leads to."""
    found: dict[str, str] = {}
    for link, _line in links_in(page):
        if link not in found:
            target = resolve(link, page_url, origin)
            if target is not None:
                found[link] = target
    return tuple(found.items())


def known_addresses(page_urls: Iterable[str], other_files: Iterable[str]) -> set[str]:
    """Every site path a link may lead to: each page (also as its index.html) and every other file."""
    known = set(other_files)
    for url in page_urls:
        known |= {url, url + "index.html"} if url.endswith("/") else {url}
    return known


def report_broken_body_links(site: Site, known: set[str], problems: Problems) -> None:
    """Warn at its line in the Markdown file about each address of this site an editor wrote
    that leads nowhere. A link to a file (`b.id.md`, an image) was checked when the body was
    made, and is not reported twice."""
    origin = site.config.origin
    items: list[Course | Page] = [course for group in site.courses.values() for course in group.values()]
    items += [page for group in site.pages.values() for page in group.values()]
    for item in items:
        source, url = item.source, item.url
        for link, line in item.body.links:
            parts = urlsplit(link)
            if not (parts.scheme or parts.netloc or link.startswith("/")):
                continue  # written as a file: reported by the Markdown step when it leads nowhere
            target = resolve(link, url, origin)
            if target is not None and target not in known:
                problems.warning(source, msg("links to '{link}', which is not part of the site", link=link), line,
                                 "body")


def report_broken_links(targets: dict[str, tuple[tuple[str, str], ...]], docs: Iterable[PageFacts],
                        known: set[str], problems: Problems) -> None:
    """Warn once per link about every internal link of the rendered pages that leads nowhere
    and is not in the page's body: it comes from the templates (or the config's menus)."""
    from_templates: dict[str, list[PageFacts]] = {}
    for doc in docs:
        for link, target in targets.get(doc.url, ()):
            if target in known or (doc.body is not None and doc.body.line_of(link) is not None):
                continue  # body links: see report_broken_body_links
            from_templates.setdefault(link, []).append(doc)
    for link, found_on in from_templates.items():
        first = found_on[0]
        problems.warning(f"templates/{first.template}", msg_n(
            "the link {link} leads to no page of the site (on {count} page: {url}); it comes from this template, "
            "one it includes, or site_config.yaml",
            "the link {link} leads to no page of the site (on {count} pages, such as {url}); it comes from this "
            "template, one it includes, or site_config.yaml", len(found_on), link=link, url=first.url),
            None, "link")
