"""Machine-readable outputs of a fixture site: schema.org instances, Atom feeds, robots."""

from __future__ import annotations

import gc
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path, PurePosixPath

import pytest
from sitefactory import NOW, build_site, snapshot, write_site

from katalog.cache import CACHE_DIR
from katalog.errors import ContentError
from katalog.outputs.search import IndexedPage, Indexer, link_pages
from katalog.pipeline import BuildRequest, build
from katalog.write import OutputWriter

SESSIONS = """\
sessions:
  - {id: kop-full, course: koperasi, start: 2026-07-20 08:00, end: 2026-07-21 16:00, mode: offline, venue: upt,
     quota: 20, seats_taken: 20, fee: 150000, registration: {opens: 2026-06-01, closes: 2026-07-10}}
  - {id: kop-online, course: koperasi, start: 2026-08-03 09:00, end: 2026-08-03 12:00, mode: online,
     online_platform: Zoom, fee: 0, registration: {opens: 2026-07-01, closes: 2026-07-31}}
  - {id: kop-batal, course: koperasi, start: 2026-09-01 08:00, end: 2026-09-01 16:00, mode: hybrid,
     venue: upt, online_platform: Zoom, fee: 0, status: cancelled}
"""


def json_ld(page: str) -> list[dict]:
    return [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]


def test_course_instances(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/schedules/2026.yaml": SESSIONS})
    out = tmp_path / "out"
    assert build_site(site, out, now="2026-06-15T09:00:00+07:00").code == 0
    course = next(d for d in json_ld((out / "pelatihan/koperasi/index.html").read_text()) if d["@type"] == "Course")
    instances = {i["startDate"][:10]: i for i in course["hasCourseInstance"]}
    full, online, cancelled = instances["2026-07-20"], instances["2026-08-03"], instances["2026-09-01"]
    assert full["courseMode"] == "Onsite" and online["courseMode"] == "Online" and cancelled["courseMode"] == "Blended"
    assert full["startDate"] == "2026-07-20T08:00:00+07:00" and full["endDate"] == "2026-07-21T16:00:00+07:00"
    assert full["location"]["@type"] == "Place"
    assert full["location"]["address"] == {"@type": "PostalAddress", "streetAddress": "Jl. Uji No. 1",
                                           "addressLocality": "Kota Malang", "addressRegion": "Jawa Timur",
                                           "postalCode": "65137", "addressCountry": "ID"}
    assert online["location"] == {"@type": "VirtualLocation", "name": "Zoom"}
    assert full["offers"] == {"@type": "Offer", "price": 150000, "priceCurrency": "IDR", "category": "Paid",
                              "availability": "https://schema.org/SoldOut", "url": "https://uji.example.org/pelatihan/koperasi/",
                              "validThrough": "2026-07-10", "validFrom": "2026-06-01"}
    assert online["offers"]["availability"] == "https://schema.org/InStock" and online["offers"]["category"] == "Free"
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert full["courseWorkload"] == "PT24H" and full["inLanguage"] == "id"
    assert full["courseSchedule"]["startTime"] == "08:00"


def test_atom_feeds_announce_courses_and_sessions(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/schedules/2026.yaml": SESSIONS})
    out = tmp_path / "out"
    assert build_site(site, out, now="2026-07-05T09:00:00+07:00").code == 0
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for path, lang in (("feed.xml", "id"), ("en/feed.xml", "en")):
        feed = ET.parse(out / path).getroot()
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        entries = feed.findall("a:entry", ns)
        ids = [e.find("a:id", ns).text for e in entries]
        assert len(ids) == len(set(ids))
        titles = [e.find("a:title", ns).text for e in entries]
        # Announced: the course and the sessions whose registration has opened by now; not kop-batal's future.
        assert len(entries) == 3, titles
        assert all(e.find("a:updated", ns).text for e in entries)
        home = "https://uji.example.org/" + ("" if lang == "id" else "en/")
        assert feed.find("a:link[@rel='self']", ns).get("href") == home + "feed.xml"
    english = ET.parse(out / "en/feed.xml").getroot()
    assert any("Cooperative Management" in e.find("a:title", ns).text for e in english.findall("a:entry", ns))


def test_atom_leaves_past_sessions_out(site: Path, tmp_path: Path) -> None:
    past = ("  - {id: kop-lalu, course: koperasi, start: 2026-05-04 08:00, end: 2026-05-05 16:00, mode: online,\n"
            "     online_platform: Zoom, fee: 0, registration: {opens: 2026-04-01, closes: 2026-04-30}}\n")
    write_site(site, {"content/schedules/2026.yaml": SESSIONS + past})
    out = tmp_path / "out"
    assert build_site(site, out, now="2026-07-05T09:00:00+07:00").code == 0
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for path in ("feed.xml", "en/feed.xml"):
        ids = [e.find("a:id", ns).text for e in ET.parse(out / path).getroot().findall("a:entry", ns)]
        assert any(i.endswith("/session-kop-full") for i in ids), ids
        assert not any("kop-lalu" in i for i in ids), ids


def test_robots_and_sitemap_point_at_each_other(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    assert (out / "robots.txt").read_text() == "User-agent: *\nAllow: /\n\nSitemap: https://uji.example.org/sitemap.xml\n"


PICTURE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">
<rect width="400" height="300" fill="#0b5d3b"/><circle cx="200" cy="150" r="90" fill="#f2b705"/></svg>
"""


def test_a_course_picture_is_on_its_share_image(site: Path, tmp_path: Path) -> None:
    """The course's own picture (an SVG under static/, drawn by resvg) beside the title; a course
    without one keeps the words across the whole image."""
    from PIL import Image

    write_site(site, {"static/img/koperasi.svg": PICTURE})
    course = site / "content/courses/koperasi.id.md"
    course.write_text(course.read_text(encoding="utf-8").replace("\ntitle:", "\nimage: /img/koperasi.svg\ntitle:", 1),
                      encoding="utf-8")
    out = tmp_path / "out"
    assert build_site(site, out).code == 0, "the course with a picture builds"
    with Image.open(out / "pelatihan/koperasi/share.jpg") as card:
        assert card.size == (1200, 630)
        green, gold = card.getpixel((740, 340)), card.getpixel((936, 340))  # inside the picture's box
    assert green[1] > green[0] + 40 and gold[0] > 200 and gold[1] > 150, (green, gold)
    with Image.open(out / "pelatihan/pemasaran/share.jpg") as plain:
        assert plain.getpixel((936, 340))[0] > 240  # no picture: white where the picture would be


def _children() -> set[int]:
    """This process's child processes, running or not yet reaped (Linux's /proc)."""
    return {int(pid) for task in Path("/proc/self/task").iterdir() for pid in (task / "children").read_text().split()}


def test_the_pages_linked_for_pagefind_are_the_pages_of_this_build_and_no_others(tmp_path: Path) -> None:
    """The folder Pagefind reads a language's pages from is kept between builds (in the cache)
    and brought up to date: a page made again is linked again (a link to the previous file
    would index the old text), a page gone is unlinked (it would stay findable), and an unchanged
    page's link is left as it is. A folder whose list of links is missing or cut short (a build
    killed while relinking) is made again whole, a file put there by anything else gone."""
    site, links = tmp_path / "site", tmp_path / "cache" / "id"

    def page(name: str, text: str) -> PurePosixPath:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        new = site / (name + ".new")
        new.write_text(text)
        new.replace(site / name)  # a new file, as the writer makes it
        return PurePosixPath(name)

    def linked() -> dict[str, tuple[str, bool]]:
        """Each link: its text, and whether it is the site's very file."""
        return {path.relative_to(links).as_posix(): (path.read_text(), path.samefile(site / path.relative_to(links)))
                for path in links.rglob("*") if path.is_file()}

    a, b = page("pelatihan/a/index.html", "A1"), page("pelatihan/b/index.html", "B1")
    link_pages(site, [a, b], links)
    assert linked() == {"pelatihan/a/index.html": ("A1", True), "pelatihan/b/index.html": ("B1", True)}
    unchanged = (links / "pelatihan/b/index.html").stat().st_ino
    a, c = page("pelatihan/a/index.html", "A2"), page("c/index.html", "C1")
    link_pages(site, [a, b, c], links)
    assert linked() == {"pelatihan/a/index.html": ("A2", True), "pelatihan/b/index.html": ("B1", True),
                        "c/index.html": ("C1", True)}
    assert (links / "pelatihan/b/index.html").stat().st_ino == unchanged
    link_pages(site, [a, c], links)
    assert set(linked()) == {"pelatihan/a/index.html", "c/index.html"}
    (links / "stray.html").write_text("from a build killed half-way")
    (tmp_path / "cache" / "id.pages").unlink()
    link_pages(site, [a, c], links)
    assert set(linked()) == {"pelatihan/a/index.html", "c/index.html"}


def test_the_cache_keeps_the_page_links_of_the_last_output_only(site: Path, tmp_path: Path) -> None:
    """The page links kept for Pagefind hold the pages' files on disk: a site built into a second
    output folder keeps that output's links alone, not the first's, which would keep a whole
    catalogue's pages alive after that folder is deleted."""
    def kept() -> list[Path]:
        return [path for path in (site / CACHE_DIR / "search-pages").rglob("*.html")]

    assert build_site(site, tmp_path / "first").code == 0
    assert kept() and all(path.stat().st_nlink == 2 for path in kept())  # the link and the page
    assert build_site(site, tmp_path / "second").code == 0
    second = {path.name for path in (tmp_path / "second").rglob("*.html")}
    assert kept() and all(any(path.samefile(page) for page in (tmp_path / "second").rglob(path.name))
                          for path in kept()) and {path.name for path in kept()} <= second


def test_a_search_index_that_cannot_start_leaves_no_pagefind_running(tmp_path: Path) -> None:
    """Each language's Pagefind starts as the indexer is made; when a later one cannot start
    (here its page is missing), the ones already running are stopped, not left writing into a
    folder the failed build throws away."""
    writer = OutputWriter(tmp_path / "public", None)
    (writer.temporary / "en").mkdir()
    (writer.temporary / "en/index.html").write_text("<html><body data-pagefind-body>Hello</body></html>")
    pages = [IndexedPage("en", PurePosixPath("en/index.html"), "k1"),
             IndexedPage("id", PurePosixPath("id/hilang.html"), "k2")]  # "id" is started second: sorted
    before = _children()
    with pytest.raises(OSError):
        Indexer(writer, pages)
    assert not _children() - before  # no Pagefind left, running or unreaped
    assert not (writer.temporary / ".search-pages").exists()
    writer.discard()


def test_a_build_that_fails_while_pagefind_runs_stops_it_and_keeps_the_previous_site(site: Path,
                                                                                   tmp_path: Path) -> None:
    """Pagefind starts as soon as the pages are written and runs while the build goes on; a
    problem found after that (here --strict and a body link to nowhere, found by the link check)
    stops it: no Pagefind is left writing into the discarded folder, and the site stays as it was."""
    out = tmp_path / "public"
    request = BuildRequest(site_dir=site, output=out, now=datetime.fromisoformat(NOW), strict=True, jobs=1)
    build(request)
    before, children = snapshot(out), _children()
    course = site / "content/courses/koperasi.id.md"
    course.write_text(course.read_text(encoding="utf-8") + "\nLihat [halaman lain](hilang.id.md).\n",
                      encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        build(request)
    assert any("links to 'hilang.id.md'" in str(problem) for problem in refused.value.problems)
    assert not _children() - children  # no Pagefind left, running or unreaped
    assert snapshot(out) == before


def test_a_build_leaves_the_cycle_collector_as_it_found_it(site: Path, tmp_path: Path) -> None:
    """A build asks Python's cycle collector to run less often while it runs (pipeline.
    fewer_collections); the preview is one long process, so after a build, and after one that
    fails, the collector's thresholds are the process's own again."""
    before = gc.get_threshold()
    gc.set_threshold(900, 11, 12)
    try:
        request = BuildRequest(site_dir=site, output=tmp_path / "public", now=datetime.fromisoformat(NOW), jobs=1)
        build(request)
        assert gc.get_threshold() == (900, 11, 12)
        (site / "content/courses/koperasi.id.md").write_text("---\ntitle: [\n", encoding="utf-8")
        with pytest.raises(ContentError):
            build(request)
        assert gc.get_threshold() == (900, 11, 12)
    finally:
        gc.set_threshold(*before)
