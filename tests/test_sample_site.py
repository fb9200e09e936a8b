"""The bundled sample catalogue: it builds, and every internal link, asset and alternate resolves."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import icalendar
import pytest
from sitefactory import switch_link

ORIGIN = "https://pelatihan.example.org"


class _Links(HTMLParser):
    """Every href and src of a page, found by the standard library's HTML parser (not by the
    regular expression of katalog.linkcheck, which this crawl checks)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.found.append((value, self.getpos()[0]))


def links_of(html: str) -> list[tuple[str, int]]:
    parser = _Links()
    parser.feed(html)
    return parser.found


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def site_path(out: Path, page: Path) -> str:
    relative = page.relative_to(out).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def target_of(out: Path, page: Path, link: str) -> Path | None:
    """The file a link leads to in the built folder, or None for other sites, mail and fragments."""
    here = ORIGIN + site_path(out, page)
    absolute = urljoin(here, link)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN or absolute.startswith(here + "#"):
        return None
    path = unquote(parts.path)
    return out / path.lstrip("/") / "index.html" if path.endswith("/") else out / path.lstrip("/")


def test_every_internal_link_and_asset_resolves(built_sample_site: Path) -> None:
    out = built_sample_site
    pages = html_pages(out)
    assert len(pages) > 50
    broken, checked = [], 0
    for page in pages:
        for link, line in links_of(page.read_text(encoding="utf-8")):
            target = target_of(out, page, link)
            if target is None:
                continue
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(out)}:{line}: {link}")
    assert checked > 1000
    assert broken == []


def test_the_crawl_notices_a_broken_link(built_sample_site: Path) -> None:
    """The crawl above must be able to fail: in a page with one bad link planted, it finds it."""
    page = built_sample_site / "pelatihan/index.html"
    html = page.read_text(encoding="utf-8").replace("</main>", '<a href="../tidak-ada/">x</a></main>', 1)
    found = [target_of(built_sample_site, page, link) for link, _ in links_of(html)]
    assert built_sample_site / "tidak-ada/index.html" in found
    assert not (built_sample_site / "tidak-ada/index.html").exists()


def test_every_alternate_resolves_and_is_reciprocal(built_sample_site: Path) -> None:
    out = built_sample_site
    alternates: dict[str, dict[str, str]] = {}
    for page in html_pages(out):
        html = page.read_text(encoding="utf-8")
        found = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
        if found:
            alternates[ORIGIN + site_path(out, page)] = found
    assert len(alternates) > 40
    for url, links in alternates.items():
        assert url in links.values(), f"{url} does not list itself"
        assert "x-default" in links
        for lang, href in links.items():
            assert href.startswith(ORIGIN)
            target = target_of(out, out / "index.html", href)
            assert target is not None and target.is_file(), f"{url}: {lang} -> {href}"
            if lang != "x-default":
                assert alternates[href][lang] == href
                assert url in alternates[href].values(), f"{href} does not point back to {url}"


def test_sitemap_lists_every_page_with_alternates(built_sample_site: Path) -> None:
    out = built_sample_site
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = [u.find("s:loc", ns).text for u in root.findall("s:url", ns)]
    assert len(locs) == len(set(locs)) == len(html_pages(out)) - 1  # every page but the 404 page
    for entry in root.findall("s:url", ns):
        for link in entry.findall("x:link", ns):
            assert link.get("href") in locs


def test_indonesian_only_course_is_listed_in_english_and_has_no_english_page(built_sample_site: Path) -> None:
    out = built_sample_site
    assert (out / "pelatihan/penyusunan-rat-koperasi/index.html").is_file()
    english_catalogue = (out / "en/courses/index.html").read_text(encoding="utf-8")
    assert 'href="/pelatihan/penyusunan-rat-koperasi/" hreflang="id" lang="id"' in english_catalogue
    assert "only in Indonesian" in english_catalogue
    assert not any("penyusunan-rat" in p.as_posix() for p in (out / "en").rglob("*"))
    page = (out / "pelatihan/penyusunan-rat-koperasi/index.html").read_text(encoding="utf-8")
    assert switch_link("/en/courses/", "en", "English") in page


def test_drafts_are_not_published(built_sample_site: Path) -> None:
    assert not (built_sample_site / "pelatihan/ekspor-kerajinan-eropa").exists()
    assert "ekspor-kerajinan-eropa" not in (built_sample_site / "sitemap.xml").read_text()


def test_structured_data_parses_on_every_page(built_sample_site: Path) -> None:
    courses = 0
    for page in html_pages(built_sample_site):
        html = page.read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            data = json.loads(block)
            if data["@type"] == "Course":
                courses += 1
                assert data["provider"]["name"]
                assert data["offers"]["priceCurrency"] == "IDR"
    assert courses >= 25  # 13 courses in Indonesian and 12 in English


@pytest.mark.parametrize("feed", ["jadwal/jadwal.ics", "pelatihan/manajemen-koperasi/manajemen-koperasi.ics"])
def test_sample_calendars_parse(built_sample_site: Path, feed: str) -> None:
    path = built_sample_site / feed
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert calendar.walk("VEVENT")


def test_sample_schedules_show_every_status(built_sample_site: Path) -> None:
    from katalog.model import Status
    STATUSES = [s.value for s in Status]

    found = set()
    for page in html_pages(built_sample_site):
        found |= set(re.findall(r'data-status="([a-z-]+)"', page.read_text(encoding="utf-8")))
    assert found == set(STATUSES)
    agenda = (built_sample_site / "en/schedule/index.html").read_text(encoding="utf-8")
    assert "WITA" in agenda  # the session held for participants in Bali and Nusa Tenggara


def test_a_card_is_shown_as_each_list_asks_though_it_is_rendered_once(built_sample_site: Path) -> None:
    """A course card is rendered once for each way a page shows it (render.Renderer.course_card):
    in the catalogue the cards after a phone's first six are marked ``later`` and the seventh is
    where "show all" leads; the same cards on category and course pages are neither."""
    def cards(page: Path) -> list[tuple[str, str]]:
        return re.findall(r'<li class="card course-card([^"]*)"([^>]*?)\s+data-category', page.read_text())

    for catalogue in (built_sample_site / "pelatihan/index.html", built_sample_site / "en/courses/index.html"):
        shown = cards(catalogue)
        assert len(shown) > 7, catalogue
        assert shown[:6] == [("", "")] * 6
        assert shown[6] == (" later", ' id="course-list-more"')
        assert shown[7:] == [(" later", "")] * (len(shown) - 7)
    elsewhere = [page for folder in ("pelatihan", "kategori", "en/courses", "en/categories")
                 for page in (built_sample_site / folder).glob("*/index.html")]
    assert sum(len(cards(page)) for page in elsewhere) > 20
    assert {card for page in elsewhere for card in cards(page)} == {("", "")}
