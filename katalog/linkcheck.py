"""Internal links of the rendered pages: every href and src on this site must resolve.

Pages come from our own templates and the sanitiser, which always quote attributes with
double quotes, so a regular expression finds every link quickly and reliably.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

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
