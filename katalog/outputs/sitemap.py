"""sitemap.xml with hreflang alternates, and robots.txt pointing to it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..config import SiteConfig
from ..documents import PageFacts

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap(config: SiteConfig, docs: list[PageFacts]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for doc in sorted((d for d in docs if d.in_sitemap), key=lambda d: d.url):
        entry = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = config.absolute(doc.url)
        for lang, url in doc.alternates:  # the page's own hreflang links (documents.py), x-default last
            ET.SubElement(entry, f"{{{XHTML_NS}}}link", {"rel": "alternate", "hreflang": lang, "href": url})
    return bytes(ET.tostring(urlset, encoding="utf-8", xml_declaration=True)) + b"\n"


def robots(config: SiteConfig) -> bytes:
    sitemap_url = config.absolute(config.path_prefix + "sitemap.xml")
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()
