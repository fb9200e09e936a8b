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
    from .documents import Document

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


def report_broken_links(targets: dict[str, tuple[tuple[str, str], ...]], docs: Iterable[Document],
                        other_files: Iterable[str], problems: Problems) -> None:
    """Warn about every internal link of the rendered pages that leads nowhere: at its line in
    the Markdown file when an editor wrote it, else once per link for the templates."""
    known = set(other_files)
    for url in targets:
        known |= {url, url + "index.html"} if url.endswith("/") else {url}
    from_templates: dict[str, list[Document]] = {}
    for doc in docs:
        for link, target in targets.get(doc.url, ()):
            if target in known:
                continue
            line = doc.body.line_of(link) if doc.body else None
            if line is not None and not link.startswith("/"):
                continue  # a file named in the Markdown: reported at its line when the body was made
            if line is not None:
                problems.warning(doc.source, msg("links to '{link}', which is not part of the site", link=link), line,
                                 "body")
            else:
                from_templates.setdefault(link, []).append(doc)
    for link, found_on in from_templates.items():
        first = found_on[0]
        problems.warning(f"templates/{first.template}", msg_n(
            "the link {link} leads to no page of the site (on {count} page: {url}); it comes from this template, "
            "one it includes, or site_config.yaml",
            "the link {link} leads to no page of the site (on {count} pages, such as {url}); it comes from this "
            "template, one it includes, or site_config.yaml", len(found_on), link=link, url=first.url),
            None, "link")
