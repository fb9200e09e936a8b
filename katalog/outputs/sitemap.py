"""sitemap.xml with hreflang alternates, and robots.txt pointing to it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..config import SiteConfig
from ..documents import PageFacts

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


Entry = tuple[str, tuple[tuple[str, str], ...]]  # a page's address and its hreflang alternates


def entries(docs: list[PageFacts]) -> list[Entry]:
    """What the sitemap shows of the pages: each listed page's address and its own hreflang
    links (documents.py, x-default last), in the order of the addresses. The sitemap is made
    from these alone, so that they are its key too (plan.py): it is made again only when a page
    comes, goes or changes address."""
    return sorted((doc.url, doc.alternates) for doc in docs if doc.in_sitemap)


def sitemap(config: SiteConfig, pages: list[Entry]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for address, alternates in pages:
        entry = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = config.absolute(address)
        for lang, url in alternates:
            ET.SubElement(entry, f"{{{XHTML_NS}}}link", {"rel": "alternate", "hreflang": lang, "href": url})
    return bytes(ET.tostring(urlset, encoding="utf-8", xml_declaration=True)) + b"\n"


def robots(config: SiteConfig) -> bytes:
    sitemap_url = config.absolute(config.path_prefix + "sitemap.xml")
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()
