"""Quality of the built sample site in a real browser: valid HTML, WCAG 2.1 AA, no outside requests,
no JavaScript needed, no sideways scrolling on a small phone, a clean console.

Needs the tools of `.ci/install-test-tools` (Debian's chromium, Java, the npm packages).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    ViewportSize,
    expect,
)
from quality_tools import (
    linked_pages,
    page_facts,
    representative_pages,
    run_axe,
    run_vnu,
    serve_directory,
)

KINDS = ("home", "catalogue", "course", "category", "page", "schedule")
VIEWPORTS: dict[str, ViewportSize] = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
NARROW = 320
# The outermost elements sticking out past the right edge, to say what makes a page scroll sideways.
_WIDE_ELEMENTS = """(limit) => {
  const tooWide = (el) => el && el.getBoundingClientRect().right > limit + 0.5;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (tooWide(el) && !tooWide(el.parentElement)) {
      const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
      const right = Math.round(el.getBoundingClientRect().right);
      out.push(`${name(el.parentElement)} > ${name(el)} "${text}" (right edge ${right}px)`);
    }
  }
  return out.slice(0, 5);
}"""


@dataclass
class Visit:
    """What loading one page showed: every request URL and every console error."""

    rel: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _console_text(message: ConsoleMessage) -> str:
    """A console message with the URL it came from."""
    where = message.location.get("url", "")
    return f"{message.text} (at {where})" if where else message.text


def _fail(title: str, offenders: list[str]) -> None:
    """Fail the test with one offender per line."""
    if offenders:
        pytest.fail(f"{title} ({len(offenders)}):\n  " + "\n  ".join(offenders), pytrace=False)


@pytest.fixture(scope="module")
def site_url(built_sample_site: Path) -> Iterator[str]:
    """The built sample site, served on loopback."""
    with serve_directory(built_sample_site) as url:
        yield url


@pytest.fixture(scope="module")
def page_set(built_sample_site: Path) -> dict[str, str]:
    """Name ("id:course", "en:home", "404", ...) -> relative URL of the pages the browser visits."""
    return representative_pages(built_sample_site)


def _context(browser: Browser, viewport: ViewportSize, **options: Any) -> BrowserContext:
    """A fresh browser context with the given viewport."""
    return browser.new_context(viewport=viewport, **options)


def _open(context: BrowserContext, url: str) -> Page:
    """A new page of `context` with `url` loaded."""
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


def test_page_set_is_complete(page_set: dict[str, str]) -> None:
    """Every kind of page is found in both languages, so the browser tests cover them all."""
    langs = sorted({name.split(":")[0] for name in page_set if ":" in name})
    missing = [f"{lang}:{kind}" for lang in langs for kind in KINDS if f"{lang}:{kind}" not in page_set]
    missing += [] if "404" in page_set else ["404 page (404.html)"]
    missing += [] if len(langs) >= 2 else [f"a second language (found only {langs})"]
    _fail("pages not found in the built site", missing)


def _vnu_line(root: Path, error: dict[str, Any]) -> str:
    """One checker error as "file:line: message  [extract]"."""
    path = Path(error["file"])
    where = path.relative_to(root) if path.is_relative_to(root) else path
    return f"{where}:{error['line']}: {error['message']}  [{error['extract']!r}]"


def test_html_is_valid(built_sample_site: Path) -> None:
    """Every HTML file passes the Nu HTML checker (one Java run for all of them)."""
    files = sorted(built_sample_site.rglob("*.html"))
    assert files, f"no HTML file in {built_sample_site}"
    errors = run_vnu(files)
    _fail("Nu HTML checker errors", [_vnu_line(built_sample_site, e) for e in errors])


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_no_axe_violations(browser: Browser, site_url: str, page_set: dict[str, str], viewport: str) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page set, on a phone and on a desktop."""
    context = _context(browser, VIEWPORTS[viewport], bypass_csp=True)  # lets axe-core be injected
    offenders = []
    for name, rel in page_set.items():
        page = _open(context, site_url + rel)
        for v in run_axe(page):
            targets = ", ".join(v["targets"][:5]) + (" ..." if len(v["targets"]) > 5 else "")
            offenders.append(f"{name} /{rel}: {v['id']} ({v['impact']}) {v['help']} -> {targets}")
        page.close()
    context.close()
    _fail(f"axe-core WCAG 2.1 A/AA violations at {viewport} size", offenders)


@pytest.fixture(scope="module")
def visits(browser: Browser, site_url: str, page_set: dict[str, str]) -> dict[str, Visit]:
    """Load each page of the set once, recording requests and console errors; outside requests
    are aborted, never sent."""
    found: dict[str, Visit] = {}
    for name, rel in page_set.items():
        visit = found[name] = Visit(rel)
        context = _context(browser, VIEWPORTS["desktop"])
        context.on("request", lambda request, v=visit: v.requests.append(request.url))
        context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(site_url) else route.abort(),
        )
        page = context.new_page()
        page.on("websocket", lambda ws, v=visit: v.requests.append(ws.url))
        page.on(
            "console",
            lambda msg, v=visit: v.errors.append(_console_text(msg)) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc, v=visit: v.errors.append(f"uncaught: {exc}"))
        page.goto(site_url + rel, wait_until="load")
        page.wait_for_load_state("networkidle")
        context.close()
    return found


def test_no_request_leaves_the_site(visits: dict[str, Visit], site_url: str) -> None:
    """Every request a page makes goes to the local server (or is a data:/about: URL)."""
    local = (site_url, "data:", "about:", "blob:" + site_url.rstrip("/"))
    offenders = [
        f"{name} /{visit.rel}: {url}"
        for name, visit in visits.items()
        for url in visit.requests
        if not url.startswith(local)
    ]
    _fail("requests to outside the site", offenders)


def test_console_is_clean(visits: dict[str, Visit]) -> None:
    """No console error and no uncaught exception on any page of the set."""
    offenders = [f"{name} /{visit.rel}: {e}" for name, visit in visits.items() for e in visit.errors]
    _fail("browser console errors", offenders)


@pytest.fixture(scope="module")
def course_pages(built_sample_site: Path) -> set[str]:
    """Relative URLs of every course page of the built site, in any language."""
    facts = [page_facts(built_sample_site, path) for path in built_sample_site.rglob("index.html")]
    return {page.rel for page in facts if page.is_course}


def test_catalogue_works_without_javascript(
    browser: Browser, site_url: str, page_set: dict[str, str], built_sample_site: Path, course_pages: set[str]
) -> None:
    """With JavaScript off, every link in the catalogue's <main> is visible, so every course is."""
    catalogues = sorted(name for name in page_set if name.endswith(":catalogue"))
    assert catalogues, "no catalogue page found"
    context = _context(browser, VIEWPORTS["phone"], java_script_enabled=False)
    offenders = []
    for name in catalogues:
        rel = page_set[name]
        raw = page_facts(built_sample_site, built_sample_site / rel / "index.html")
        raw_courses = [h for h in raw.main_links if linked_pages(replace(raw, main_links=[h]), course_pages)]
        page = _open(context, site_url + rel)
        # A phone shows the first cards and a "show all" link, which works without JavaScript.
        if page.locator(".show-all a").count():
            page.click(".show-all a")
        links = page.locator("main a[href]:not(.show-all a)")
        hrefs = [(str(a.get_attribute("href")), a.is_visible()) for a in links.all()]
        offenders += [f"{name} /{rel}: link to {href!r} is not visible" for href, seen in hrefs if not seen]
        shown = [h for h, seen in hrefs if seen and h in raw_courses]
        if not raw_courses:
            offenders.append(f"{name} /{rel}: no link to a course page in <main>")
        if len(shown) != len(raw_courses):
            offenders.append(f"{name} /{rel}: {len(raw_courses)} course links in HTML, {len(shown)} visible")
        page.close()
    context.close()
    _fail("catalogue without JavaScript", offenders)


def test_no_horizontal_scroll_at_320px(browser: Browser, site_url: str, page_set: dict[str, str]) -> None:
    """No page of the set scrolls sideways on a 320 px wide screen."""
    context = _context(browser, {"width": NARROW, "height": 640})
    offenders = []
    for name, rel in page_set.items():
        page = _open(context, site_url + rel)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW:
            wide = "; ".join(page.evaluate(_WIDE_ELEMENTS, NARROW))
            offenders.append(f"{name} /{rel}: scrollWidth {width}px; too wide: {wide}")
        page.close()
    context.close()
    _fail(f"pages wider than {NARROW}px", offenders)


def _visible(page: Page, selector: str) -> list[dict[str, str]]:
    """The data attributes of the elements matching `selector` that are shown."""
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.offsetParent !== null).map(e => Object.assign({}, e.dataset))")


def test_catalogue_filters_work_in_the_browser(browser: Browser, site_url: str, page_set: dict[str, str]) -> None:
    """Choosing a category, the fee or "registration open" hides exactly the courses that do not match."""
    context = _context(browser, VIEWPORTS["desktop"])
    page = _open(context, site_url + page_set["id:catalogue"])
    everything = _visible(page, "#course-list > li")
    assert len(everything) >= 12
    assert page.locator("#filters details").get_attribute("open") is not None  # open where there is room
    page.select_option("#f-category", "koperasi")
    shown = _visible(page, "#course-list > li")
    assert shown and len(shown) < len(everything)
    assert all(item["category"] == "koperasi" for item in shown)
    assert page.text_content(".count-line") == f"{len(shown)} dari {len(everything)} pelatihan"
    page.select_option("#f-category", "")
    page.check("#f-open")
    shown = _visible(page, "#course-list > li")
    assert shown and all(item["open"] == "yes" for item in shown)
    assert len(shown) == sum(1 for item in everything if item["open"] == "yes")
    # The home page's search form sends ?q= to the catalogue, which filters on it.
    page.goto(site_url + page_set["id:catalogue"] + "?q=foto")
    shown = _visible(page, "#course-list > li")
    assert 0 < len(shown) < len(everything)
    context.close()


def test_agenda_filters_by_mode(browser: Browser, site_url: str, page_set: dict[str, str]) -> None:
    context = _context(browser, VIEWPORTS["phone"])
    page = _open(context, site_url + page_set["en:schedule"])
    # A phone shows the first sessions only; every one counts.
    everything = page.eval_on_selector_all(".month .session", "els => els.map(e => Object.assign({}, e.dataset))")
    assert page.locator("#session-filters details").get_attribute("open") is None  # closed on a phone
    page.click("#session-filters summary")
    page.select_option("#s-mode", "online")
    shown = _visible(page, ".month .session")
    assert shown and len(shown) < len(everything)
    assert all("online" in item["mode"].split() for item in shown)  # online, or hybrid (joinable online)
    assert any(item["mode"] == "offline online hybrid" for item in shown)
    hidden_months = page.eval_on_selector_all("section.month", "els => els.filter(e => e.hidden).length")
    shown_months = page.eval_on_selector_all("section.month", "els => els.filter(e => !e.hidden).length")
    assert shown_months >= 1 and hidden_months + shown_months == len(page.query_selector_all("section.month"))
    context.close()


def test_language_switcher_leads_to_the_same_course(browser: Browser, site_url: str) -> None:
    context = _context(browser, VIEWPORTS["phone"])
    page = _open(context, site_url + "pelatihan/manajemen-koperasi/")
    page.click(".language-switch a[hreflang='en']")
    assert page.url == site_url + "en/courses/modern-cooperative-management/"
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def test_course_page_prints_without_menus_and_buttons(browser: Browser, site_url: str,
                                                      page_set: dict[str, str]) -> None:
    context = _context(browser, VIEWPORTS["desktop"])
    page = _open(context, site_url + page_set["id:course"])
    page.emulate_media(media="print")
    for selector in (".site-header", ".main-menu", ".share", ".button", ".breadcrumbs"):
        for element in page.query_selector_all(selector):
            assert not element.is_visible(), selector
    assert page.locator("h1").is_visible() and page.locator(".facts").is_visible()
    assert len(page.pdf(format="A4")) > 1000  # Chromium prints it
    context.close()


def test_search_finds_courses_by_words_in_their_text(browser: Browser, site_url: str) -> None:
    """The Pagefind index answers in each language, from titles and from the course text alike,
    with every request staying on the site."""
    context = _context(browser, VIEWPORTS["phone"])
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page = _open(context, site_url + "cari/?q=styrofoam")  # a word found only in the body of one course
    page.wait_for_selector("#search-results li a")
    links = [a.get_attribute("href") for a in page.query_selector_all("#search-results li a")]
    assert "/pelatihan/foto-produk-ponsel/" in links
    assert page.text_content("#search-status").startswith(f"{len(links)} hasil untuk")
    assert page.input_value("#search-q") == "styrofoam" and page.locator("input[type=search]").count() == 1
    assert page.locator("#search-none").is_hidden()

    # Excerpts come from the text, never from the facts' labels ("Durasi 16 jam pelajaran. Tingkat").
    page = _open(context, site_url + "cari/?q=koperasi")
    page.wait_for_selector("#search-results li a")
    excerpts = " ".join(page.locator("#search-results .excerpt").all_inner_texts())
    assert excerpts and not re.search(r"Ringkasan pelatihan|Tentang pelatihan|Durasi \d|Tingkat (Dasar|Menengah)",
                                      excerpts), excerpts

    page = _open(context, site_url + "en/search/")
    page.fill("#search-q", "photography")
    page.click("#search-form button")
    page.wait_for_selector("#search-results li a")
    links = [a.get_attribute("href") for a in page.query_selector_all("#search-results li a")]
    assert "/en/courses/smartphone-product-photography/" in links
    assert all(link.startswith("/en/") for link in links)  # the English index only
    assert "q=photography" in page.url

    page.fill("#search-q", "zzzyyyxxx")
    page.click("#search-form button")
    # A locator assertion polls without evaluating a string, which the page's CSP forbids.
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^Nothing found"))
    expect(page.locator("#search-none a")).to_be_visible()  # a way on: the whole catalogue
    assert page.query_selector_all("#search-results li") == []
    assert all(url.startswith(site_url) for url in requests), [u for u in requests if not u.startswith(site_url)]
    assert errors == []  # nothing blocked by the pages' Content-Security-Policy either
    context.close()
