"""Internal links of the rendered pages: every href and src on this site must resolve."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "srcset", "action", "data"}


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value:
                line = self.getpos()[0]
                if name == "srcset":
                    self.links += [(part.strip().split(" ")[0], line) for part in value.split(",")]
                else:
                    self.links.append((value, line))


def links_in(html: str) -> list[tuple[str, int]]:
    """Every (link, line) in a page."""
    collector = _LinkCollector()
    collector.feed(html)
    collector.close()
    return collector.links


def broken_links(html: str, page_url: str, known: set[str], origin: str) -> list[tuple[str, int]]:
    """Links of one page to this site that lead nowhere; ``known`` holds every output path."""
    broken = []
    for link, line in links_in(html):
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
