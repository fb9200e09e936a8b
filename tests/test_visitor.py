"""The public's tasks, done in a real headless Chromium on the built sample site (statuses at
2026-12-01 09:00 WIB): find a course from the cards alone, register from a phone's first
screen, read every word whole, share a filtered list, share a page, search with the index
gone. The run also writes screenshots of the main pages for people to look at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import SAMPLE_NOW
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from quality_tools import serve_directory

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TODAY = date.fromisoformat(SAMPLE_NOW[:10])
PHONE = {"width": 360, "height": 800}
WIDTHS = (360, 768, 1280)
HALAL_EN = "en/courses/halal-tourism-and-muslim-friendly-homestays/"  # a postponed session, a note, WITA


@pytest.fixture(scope="module")
def site_url(built_sample_site: Path) -> Iterator[str]:
    with serve_directory(built_sample_site) as url:
        yield url


def open_page(browser: Browser, url: str, width: int = 360, height: int = 800) -> Page:
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(url, wait_until="load")
    return page


def test_a_free_online_course_within_two_months_is_found_from_the_cards_alone(browser: Browser,
                                                                             site_url: str) -> None:
    """A visitor on a phone filters the catalogue to free online courses, reads the next dates
    on the cards, and the course page confirms what the card said."""
    page = open_page(browser, site_url + "pelatihan/")
    page.click("#filters summary")
    page.select_option("#f-fee", "free")
    page.select_option("#f-mode", "online")
    cards = page.locator("#course-list > li:visible")
    assert cards.count() >= 1
    found = None
    for card in cards.all():
        # What the filters promise, in words: "Daring", or "Hibrida (tatap muka dan daring)".
        assert "Gratis" in card.inner_text() and "daring" in card.inner_text().lower()
        start = card.locator(".next time").get_attribute("datetime") if card.locator(".next time").count() else None
        if start and TODAY <= date.fromisoformat(start[:10]) <= TODAY + timedelta(days=61):
            found = card
            break
    assert found is not None, "no free online course starting within two months is visible on the cards"
    when = found.locator(".next .when").inner_text()
    tag = found.locator(".next .tag").inner_text()
    found.locator("h3 a").click()
    decision = page.locator(".decision")
    expect(decision.locator(".when")).to_have_text(when)
    expect(decision.locator(".tag")).to_have_text(tag)
    page.context.close()


def course_pages(built_sample_site: Path) -> list[str]:
    pages = []
    for path in sorted(built_sample_site.glob("**/index.html")):
        html = path.read_text(encoding="utf-8")
        if 'class="decision' in html:
            pages.append(path.parent.relative_to(built_sample_site).as_posix() + "/")
    return pages


def test_the_register_button_is_on_a_phones_first_screen(browser: Browser, site_url: str,
                                                          built_sample_site: Path) -> None:
    checked = 0
    page = open_page(browser, site_url)
    for rel in course_pages(built_sample_site):
        page.goto(site_url + rel)
        button = page.locator(".decision .button-primary")
        if button.count() == 0:
            continue
        box = button.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], (rel, box)
        checked += 1
    assert checked >= 10  # every course with an open session, in both languages
    page.context.close()


def test_the_home_page_leads_with_what_one_can_register_for(browser: Browser, site_url: str) -> None:
    for home in ("", "en/"):
        page = open_page(browser, site_url + home)
        statuses = page.locator("#open-now ~ .session-list .session, section[aria-labelledby='open-now'] .session")
        tokens = [statuses.nth(i).get_attribute("data-status") for i in range(statuses.count())]
        assert tokens and set(tokens) <= {"open", "closing-soon"}, tokens
        first = page.locator("main .session").first
        assert first.get_attribute("data-status") in ("open", "closing-soon")
        box = first.locator(".button").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 2 * PHONE["height"]  # within two screens
        page.context.close()


# Words split across lines: a text node whose word (between spaces, dashes and slashes, which
# may break) lies on more than one line.
SPLIT_WORDS = r"""() => {
  const split = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement || node.parentElement.offsetParent === null) continue;
    const text = node.textContent;
    const re = /[^\s\u2013\u2014\-\/]{2,}/g;
    let m;
    while ((m = re.exec(text)) !== null) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) split.push(m[0]);
    }
  }
  return split.slice(0, 10);
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_word_is_split_across_lines(browser: Browser, site_url: str, width: int) -> None:
    pages = ["", "pelatihan/", "pelatihan/manajemen-koperasi/", "jadwal/", "en/", "en/courses/",
             "en/courses/modern-cooperative-management/", "en/schedule/", HALAL_EN]
    page = open_page(browser, site_url, width=width)
    offenders = []
    for rel in pages:
        page.goto(site_url + rel)
        offenders += [f"/{rel} at {width}px: {word}" for word in page.evaluate(SPLIT_WORDS)]
    assert offenders == []
    page.context.close()


def visible_cards(page: Page) -> list[dict[str, str]]:
    return page.eval_on_selector_all("#course-list > li", "els => els.filter(e => e.offsetParent !== null)"
                                                          ".map(e => Object.assign({}, e.dataset))")


def test_filters_are_kept_in_the_address(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "pelatihan/?category=koperasi&fee=free", width=1280)
    assert page.input_value("#f-category") == "koperasi" and page.input_value("#f-fee") == "free"
    shown = visible_cards(page)
    assert shown and all(c["category"] == "koperasi" and "free" in c["fee"].split() for c in shown)
    expect(page.locator("#course-list-title")).to_have_text(f"{len(shown)} dari 13 pelatihan")  # the one count line
    page.select_option("#f-level", "intermediate")
    assert "level=intermediate" in page.url and "category=koperasi" in page.url
    # The other language's catalogue opens with the same filters.
    switch = page.get_attribute(".language-switch a[hreflang='en']", "href") or ""
    assert switch.split("?")[0].endswith("/en/courses/") and "level=intermediate" in switch \
        and "category=koperasi" in switch
    narrower = visible_cards(page)
    assert len(narrower) < len(shown)
    page.go_back()
    assert "level=" not in page.url
    assert page.input_value("#f-level") == "" and len(visible_cards(page)) == len(shown)
    # Nothing left: an empty state, and one way back (the filters' own reset).
    page.goto(site_url + "pelatihan/?q=zzzz")
    expect(page.locator("[data-empty]")).to_be_visible()
    assert page.locator("main button[type=reset]:visible").count() == 1
    page.locator("#filters [data-reset]").click()
    assert len(visible_cards(page)) >= 12 and "q=" not in page.url
    page.context.close()


def test_a_course_with_free_and_paid_sessions_is_under_both_fee_filters(browser: Browser, site_url: str) -> None:
    """Its card's chip names one session's fee, free or paid; either way the filter finds it."""
    page = open_page(browser, site_url + "pelatihan/", width=1280)
    cards = "els => els.filter(e => e.offsetParent !== null).map(e => [e.dataset.fee, e.querySelector('a').href])"
    mixed = {url for fee, url in page.eval_on_selector_all("#course-list > li", cards) if fee == "free paid"}
    assert mixed, "the sample has courses with free and paid sessions"
    for fee in ("free", "paid"):
        page.select_option("#f-fee", fee)
        shown = page.eval_on_selector_all("#course-list > li", cards)
        assert all(fee in kinds.split() for kinds, _ in shown)
        assert mixed <= {url for _, url in shown}, fee
    page.context.close()


def test_counts_say_one_course_in_english(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "en/courses/?q=whatsapp", width=1280)
    assert len(visible_cards(page)) == 1
    expect(page.locator("#course-list-title")).to_have_text("1 of 13 courses")
    assert page.locator(".count-line").count() == 1
    page.context.close()


def test_the_agenda_filters_free_and_open_sessions(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "jadwal/?fee=free&open=yes", width=1280)
    sessions = page.eval_on_selector_all(".month .session", "els => els.filter(e => e.offsetParent !== null)"
                                                           ".map(e => Object.assign({}, e.dataset))")
    assert sessions and all(s["fee"] == "free" and s["open"] == "yes" for s in sessions)
    expect(page.locator(".count-line")).to_have_text(re.compile(f"^{len(sessions)} dari \\d+ angkatan$"))
    page.context.close()


def test_every_page_has_a_share_image_that_is_a_real_jpeg(built_sample_site: Path) -> None:
    pages = sorted(built_sample_site.glob("**/*.html"))
    seen: set[str] = set()
    for path in pages:
        html = path.read_text(encoding="utf-8")
        image = re.search(r'<meta property="og:image" content="https://pelatihan\.example\.org/([^"]+)">', html)
        assert image, path
        assert '<meta property="og:image:type" content="image/jpeg">' in html
        assert '<meta property="og:image:width" content="1200">' in html
        assert '<meta property="og:image:height" content="630">' in html
        assert '<meta name="twitter:card" content="summary_large_image">' in html
        seen.add(image.group(1))
    assert len(seen) > 25  # one per course page and language, one per language for the rest
    for rel in seen:
        with Image.open(built_sample_site / rel) as image:
            assert (image.format, image.size) == ("JPEG", (1200, 630)), rel


def test_search_says_what_went_wrong_when_its_index_cannot_load(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "cari/")
    page.route("**/pagefind/**", lambda route: route.abort())
    page.fill("#search-q", "koperasi")
    page.click("#search-form button")
    expect(page.locator("#search-status")).to_have_text(re.compile("^Pencarian tidak dapat dimuat"))
    assert page.locator("#search-status").get_attribute("class") == "search-status search-error"
    page.context.close()


def test_a_search_box_in_the_header_of_every_page_and_one_on_the_search_page(built_sample_site: Path) -> None:
    searches = {built_sample_site / "cari/index.html", built_sample_site / "en/search/index.html"}
    for path in sorted(built_sample_site.glob("**/*.html")):
        html = path.read_text(encoding="utf-8")
        if path in searches:  # its own box only: one box, one button
            assert html.count('type="search"') == 1 and 'header-search' not in html, path
        else:
            assert 'class="search header-search"' in html, path


def test_each_status_has_its_own_shape_not_only_a_colour(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "jadwal/")
    shapes = page.evaluate("""() => {
      const out = {};
      for (const tag of document.querySelectorAll('.tag')) {
        const status = [...tag.classList].find(c => c.startsWith('tag-')).slice(4);
        out[status] = getComputedStyle(tag, '::before').content;
      }
      return out;
    }""")
    page.goto(site_url + "pelatihan/pengolahan-keamanan-pangan/")  # a cancelled session and a past one
    for status in ("cancelled", "past"):
        shapes[status] = page.evaluate(
            f"() => getComputedStyle(document.querySelector('.tag-{status}'), '::before').content")
    assert set(shapes) >= {"open", "closing-soon", "not-yet-open", "full", "closed", "running", "postponed",
                           "cancelled", "past"}, shapes
    assert len(set(shapes.values())) == len(shapes), shapes  # no two alike
    page.context.close()


def test_called_off_sessions_give_the_reason_and_what_happens_next(built_sample_site: Path) -> None:
    cancelled = (built_sample_site / "pelatihan/pengolahan-keamanan-pangan/index.html").read_text(encoding="utf-8")
    assert "Dapur pelatihan sedang direnovasi" in cancelled and "Angkatan ini dibatalkan." in cancelled
    postponed = (built_sample_site / HALAL_EN / "index.html").read_text(encoding="utf-8")
    assert "Postponed until the partner tourism village" in postponed
    assert "its new date will be announced on this page" in postponed
    waiting = (built_sample_site / "pelatihan/foto-produk-ponsel/index.html").read_text(encoding="utf-8")
    assert re.search(r"Pendaftaran dibuka \w+, \d+ \w+ \d{4}\.", waiting)


def test_a_course_page_weighs_less_than_50_kb_with_its_css_and_js(built_sample_site: Path) -> None:
    page = built_sample_site / "pelatihan/manajemen-koperasi/index.html"
    html = page.read_text(encoding="utf-8")
    assets = re.findall(r'(?:href|src)="/(static/[^"]+\.(?:css|js))"', html)
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    total = page.stat().st_size + sum((built_sample_site / a).stat().st_size for a in assets)
    assert total < 50_000, total


def test_screenshots_for_review(browser: Browser, site_url: str) -> None:
    """Written for people to look at (tests/screenshots/, not committed): the decision box,
    the cards, the home page and the agenda, on a phone and a desktop."""
    SCREENSHOTS.mkdir(exist_ok=True)
    shots = {"home": "", "catalogue": "pelatihan/", "course": "pelatihan/manajemen-koperasi/",
             "agenda": "jadwal/", "course-en": HALAL_EN}
    for size, (width, height) in {"phone": (360, 800), "desktop": (1280, 800)}.items():
        page = open_page(browser, site_url, width=width, height=height)
        for name, rel in shots.items():
            page.goto(site_url + rel)
            path = SCREENSHOTS / f"{name}-{size}.png"
            page.screenshot(path=str(path))
            with Image.open(path) as png:
                assert png.size == (width, height)
        page.context.close()
    assert json.dumps(sorted(p.name for p in SCREENSHOTS.glob("*.png")))
