"""The public, round two, in a real headless Chromium on the built sample site (statuses at
2026-12-01 09:00 WIB): cards that say when one can register, an order one can act on, short
phone pages, calendar and sharing in the decision box, an official identity, desktop layouts that
use the width, search results that decide, and no layout shift. Screenshots of every main page at
360 and 1280 px in both languages are written to tests/screenshots/ for people to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from quality_tools import serve_directory

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FOTO = "pelatihan/foto-produk-ponsel/"  # its December session is full; the February one opens later, paid
KOPERASI = "pelatihan/manajemen-koperasi/"  # open for registration
MONTHS = {m: i for i, m in enumerate(("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                                       "September", "Oktober", "November", "Desember"), start=1)}


@pytest.fixture(scope="module")
def site_url(built_sample_site: Path) -> Iterator[str]:
    with serve_directory(built_sample_site) as url:
        yield url


def open_page(browser: Browser, url: str, width: int = 360, height: int = 800, **options: object) -> Page:
    page = browser.new_context(viewport={"width": width, "height": height}, **options).new_page()
    page.goto(url, wait_until="load")
    return page


def card_of(page: Page, rel: str) -> dict:
    return page.eval_on_selector(f"#course-list > li:has(h3 a[href='/{rel}'])", """li => ({
      status: li.dataset.status, when: li.querySelector('.next .when').innerText,
      fee: li.querySelector('.next .chip').innerText,
      lines: [...li.querySelectorAll('.register-line')].map(p => p.innerText), text: li.innerText})""")


def test_a_full_session_points_to_the_next_one_can_book(browser: Browser, site_url: str) -> None:
    """The card and the decision box show the session one can still book, with its own fee,
    status and dates, and when its registration opens."""
    page = open_page(browser, site_url + "pelatihan/", width=1280)
    card = card_of(page, FOTO)
    assert card["status"] == "not-yet-open" and card["when"] == "23–24 Februari 2027", card
    assert card["fee"] == "Rp150.000" and card["lines"] == ["Dibuka 18 Januari"], card
    assert "Kuota penuh" not in card["text"] and "kursi" not in card["text"]
    page.goto(site_url + FOTO)
    decision = page.locator(".decision")
    assert decision.get_attribute("data-status") == "not-yet-open"
    expect(decision.locator(".when")).to_have_text("23–24 Februari 2027")
    expect(decision.locator(".chip")).to_have_text("Rp150.000")
    page.context.close()


def test_cards_say_until_when_one_can_register_and_seats_only_while_open(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "pelatihan/", width=1280)
    cards = page.eval_on_selector_all("#course-list > li", """els => els.map(li => ({status: li.dataset.status,
      lines: [...li.querySelectorAll('.register-line')].map(p => p.innerText)}))""")
    for card in cards:
        if card["status"] in ("open", "closing-soon"):
            assert len(card["lines"]) == 1 and card["lines"][0].startswith("Daftar paling lambat "), card
        elif card["status"] == "not-yet-open":
            assert len(card["lines"]) == 1 and re.fullmatch(r"Dibuka \d+ \w+", card["lines"][0]), card
        else:
            assert card["lines"] == [], card
    # Seats are said only while one can register, everywhere; no bare quota ("Kuota 40").
    for rel in ("", "pelatihan/", "jadwal/", KOPERASI, FOTO):
        page.goto(site_url + rel)
        for item in page.eval_on_selector_all("main [data-status]", "els => els.map(e => [e.dataset.status, "
                                                                     "e.innerText])"):
            if re.search(r"sisa \d+ kursi", item[1]):
                assert item[0] in ("open", "closing-soon"), (rel, item)
        assert not re.search(r"Kuota\s+\d", page.inner_text("main")), rel
    page.context.close()


def closing_day(line: str) -> tuple[int, int]:
    day, month = re.search(r"(\d+) (\w+)", line).groups()  # type: ignore[union-attr]
    return (MONTHS[month] + (12 if MONTHS[month] < 6 else 0), int(day))  # December 2026 before January 2027


def test_the_catalogue_is_ordered_by_what_one_can_act_on_and_sorts_a_to_z(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "pelatihan/", width=1280)
    rank = {"open": 0, "closing-soon": 0, "not-yet-open": 1}
    cards = page.eval_on_selector_all("#course-list > li", """els => els.map(li => ({status: li.dataset.status,
      title: li.querySelector('h3').innerText, line: (li.querySelector('.register-line') || {}).innerText || ''}))""")
    groups = [rank.get(c["status"], 2) for c in cards]
    assert groups == sorted(groups), [c["status"] for c in cards]
    open_now = [closing_day(c["line"]) for c in cards if rank.get(c["status"]) == 0]
    waiting = [closing_day(c["line"]) for c in cards if rank.get(c["status"]) == 1]
    assert open_now == sorted(open_now) and waiting == sorted(waiting)  # soonest to close, then to open
    page.select_option("#f-sort", "title")
    titles = page.locator("#course-list > li h3").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold) and "sort=title" in page.url
    page.reload()
    assert page.locator("#course-list > li h3").all_inner_texts() == titles  # kept in the address
    page.select_option("#f-sort", "")
    assert [c["title"] for c in cards] == page.locator("#course-list > li h3").all_inner_texts()
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_long_lists_are_short_on_a_phone_with_show_all(browser: Browser, site_url: str, javascript: bool) -> None:
    for rel, items, total in (("pelatihan/", "#course-list > li", 13), ("jadwal/", "#session-list .session", 19)):
        page = open_page(browser, site_url + rel, java_script_enabled=javascript)
        assert page.locator(f"{items}:visible").count() == 6, rel
        page.locator(".show-all a").click()
        assert page.locator(f"{items}:visible").count() == total, rel
        assert page.locator(".show-all a").is_hidden()
        page.context.close()
    page = open_page(browser, site_url + "pelatihan/", width=1280)  # a wide screen shows everything
    assert page.locator("#course-list > li:visible").count() == 13 and page.locator(".show-all a").is_hidden()
    page.context.close()


def test_calendar_and_share_in_the_decision_box_on_the_first_screen(browser: Browser, site_url: str,
                                                                   built_sample_site: Path) -> None:
    page = open_page(browser, site_url + KOPERASI)
    for selector in (".decision .calendar-choice summary", ".decision [data-share-open]"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 800, selector
    expect(page.locator(".decision .calendar-choice summary")).to_have_text(re.compile("^Tambahkan ke kalender"))
    page.click(".decision .calendar-choice summary")
    expect(page.locator(".decision .choice-list a[type='text/calendar']")).to_be_visible()
    page.click(".decision [data-share-open]")  # no share sheet in a headless browser: the share links
    expect(page.locator("#share .share-links a").first).to_be_in_viewport()
    # Only sessions one may still attend are offered; the words never say ".ics".
    page.goto(site_url + FOTO)
    full = page.locator("article.session[data-status='full']")
    assert full.count() == 1 and full.locator(".calendar-choice").count() == 0
    for path in built_sample_site.glob("**/index.html"):
        html = path.read_text(encoding="utf-8")
        assert "(.ics)" not in html, path
        for status in re.findall(r'data-status="([a-z-]+)"[^>]*>(?:(?!</article>).)*?calendar-choice', html, re.S):
            assert status in ("open", "closing-soon", "not-yet-open"), (path, status)
    page.context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_office_and_the_province_are_named_in_the_header(browser: Browser, site_url: str, width: int) -> None:
    page = open_page(browser, site_url, width=width)
    for rel in ("", "en/", KOPERASI, "cari/"):
        page.goto(site_url + rel)
        expect(page.locator(".brand-office")).to_be_visible()
        expect(page.locator(".brand-parent")).to_contain_text(re.compile("Jawa Timur|East Java"))
    page.goto(site_url)
    page.click(".official summary")
    body = page.locator(".official-body")
    expect(body).to_contain_text("pelatihan.example.org")  # the site's own address
    expect(body).to_contain_text("hanya menuju example.org")  # where the sessions' register buttons lead
    page.context.close()


def test_course_pictures_on_cards_and_course_pages(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "pelatihan/", width=1280)
    for card in page.locator("#course-list .card-image").all():  # pictures load as they come into view
        card.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    images = page.eval_on_selector_all("#course-list .card-image",
                                       "els => els.map(i => [i.currentSrc, i.naturalWidth])")
    assert len(images) == 13 and all(width > 0 for _, width in images), images
    page.goto(site_url + KOPERASI)
    assert page.eval_on_selector("img.cover", "i => i.complete && i.naturalWidth > 0")
    page.context.close()


def test_the_course_page_uses_a_desktops_width(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + KOPERASI, width=1280)
    decision = page.locator(".decision").bounding_box()
    text = page.locator(".prose").bounding_box()
    assert decision and text and decision["x"] >= text["x"] + text["width"], (decision, text)
    # Lines of running text stay readable: at most about 80 characters.
    widest = page.evaluate("""() => Math.max(...[...document.querySelectorAll('main p')].filter(p => p.offsetParent)
      .map(p => p.getBoundingClientRect().width / 16))""")
    assert widest <= 42, widest  # in rem: about 80 characters of running text
    page.mouse.wheel(0, 1800)
    page.wait_for_timeout(200)
    expect(page.locator(".decision .button-primary")).to_be_in_viewport()  # it stays in view
    page.context.close()


def test_agenda_months_leave_no_row_empty(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "jadwal/", width=1280)
    tops = page.eval_on_selector_all(".months .month-title, .months .session",
                                     "els => els.map(e => Math.round(e.getBoundingClientRect().top + scrollY))")
    rows: dict[int, int] = {}
    for top in tops:
        rows[top] = rows.get(top, 0) + 1
    columns = max(rows.values())
    assert columns >= 3 and all(count == columns for count in list(rows.values())[:-1]), rows
    page.context.close()


# The sum of layout-shift entries since the page began, as Lighthouse's CLS counts them.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 600);
})"""


@pytest.mark.parametrize("width", [360, 1280])
def test_nothing_moves_while_a_page_loads(browser: Browser, site_url: str, width: int) -> None:
    shifts = {}
    for rel in ("", "pelatihan/", "pelatihan/?category=koperasi&sort=title", KOPERASI, "jadwal/", "jadwal/?open=yes",
                "cari/?q=koperasi", "en/", "en/courses/", "en/schedule/"):
        page = open_page(browser, site_url + rel, width=width)
        shifts[rel] = page.evaluate(LAYOUT_SHIFT)
        page.context.close()
    assert {rel: value for rel, value in shifts.items() if value} == {}


def test_search_results_are_cards_that_decide(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "cari/?q=koperasi", width=1280)
    page.wait_for_selector("#search-results li")
    kinds = set(page.locator(".result-kind").all_inner_texts())
    assert kinds == {"PELATIHAN", "HALAMAN"} or kinds == {"Pelatihan", "Halaman"}, kinds
    course = page.locator(".result-course", has=page.locator("a[href='/pelatihan/manajemen-koperasi/']"))
    expect(course.locator(".when")).to_have_text("19–21 Januari 2027")
    expect(course.locator(".tag-open")).to_have_text("Pendaftaran dibuka")
    expect(course.locator(".chip")).to_have_text("Gratis")
    assert page.locator(".result-page .next").count() == 0
    # No match in English, some in Indonesian: said, with a link to them.
    page.goto(site_url + "en/search/?q=tahunan")
    expect(page.locator("#search-other")).to_contain_text(re.compile(r"^\d+ results? in Bahasa Indonesia"))
    link = page.locator("#search-other a").get_attribute("href") or ""
    assert link.endswith("/cari/?q=tahunan"), link
    page.context.close()


def test_screenshots_for_review(browser: Browser, site_url: str) -> None:
    """Written for people to look at (tests/screenshots/, not committed): each main page in both
    languages on a phone (its first two screens) and a desktop."""
    SCREENSHOTS.mkdir(exist_ok=True)
    shots = {"home": ("", "en/"), "catalogue": ("pelatihan/", "en/courses/"),
             "course": (KOPERASI, "en/courses/modern-cooperative-management/"),
             "course-waiting": (FOTO, "en/courses/smartphone-product-photography/"),
             "agenda": ("jadwal/", "en/schedule/"), "search": ("cari/?q=koperasi", "en/search/?q=tahunan")}
    for size, (width, height) in {"360": (360, 1600), "1280": (1280, 1000)}.items():
        page = open_page(browser, site_url, width=width, height=height)
        for name, rels in shots.items():
            for lang, rel in zip(("id", "en"), rels, strict=True):
                page.goto(site_url + rel)
                if "search" in name:
                    page.wait_for_selector("#search-results li, #search-other:not([hidden])")
                path = SCREENSHOTS / f"{name}-{lang}-{size}.png"
                page.screenshot(path=str(path))
                with Image.open(path) as png:
                    assert png.size == (width, height)
        page.context.close()
