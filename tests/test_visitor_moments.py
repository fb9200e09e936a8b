"""No sentence contradicts its page, at any moment: the sample site built through the real command
line at several moments (nothing open, some open, all over, and before anything opened), and each
home, catalogue and agenda page read in Chromium, in both languages, as a visitor reads it.

The sentences looked for are written here, not taken from the product's strings, and the facts
they are held against are what the same page (or the agenda) shows: statuses, dates, cards.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from conftest import PROJECT, SAMPLE_NOW
from playwright.sync_api import Browser, Page
from quality_tools import serve_directory

MOMENTS = {
    "nothing-open": "2026-06-15T09:00:00+07:00",  # no session of the sample is open for registration
    "some-open": SAMPLE_NOW,
    "all-over": "2027-07-01T09:00:00+07:00",  # every session has ended
    "before-anything": "2025-12-01T09:00:00+07:00",  # the first registration opens on 15 December
}
PAGES = {"id": ("", "pelatihan/", "jadwal/"), "en": ("en/", "en/courses/", "en/schedule/")}
BOOKABLE = {"open", "closing-soon", "not-yet-open"}
CAN_REGISTER = {"open", "closing-soon"}
COMING = BOOKABLE | {"full", "closed", "running", "postponed"}
SAYS = {  # what a sentence claims, in each language
    "no_sessions_at_all": {"id": "Belum ada jadwal angkatan yang akan datang", "en": "No upcoming sessions have been"},
    "nothing_open_now": {"id": "Saat ini tidak ada pendaftaran yang dibuka", "en": "No registration is open right now"},
    "next_opens": {"id": r"Pendaftaran berikutnya dibuka (.+?) untuk (.+?)\.",
                   "en": r"The next registration opens (.+?) for (.+?)\."},
    "opens": {"id": r"^Dibuka (.+)$", "en": r"^Opens (.+)$"},
    "register_by": {"id": r"^Daftar paling lambat ", "en": r"^Register by "},
    "seats": {"id": r"sisa \d+ kursi", "en": r"\d+ places? left"},
    "count": {"id": r"^(\d+) (pelatihan|angkatan)$", "en": r"^(\d+) (courses?|sessions?)$"},
}


@pytest.fixture(scope="module", params=list(MOMENTS))
def moment_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp(request.param) / "public"
    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--strict", "--quiet", "--output",
                           str(out), "--now", MOMENTS[request.param]], capture_output=True, text=True, cwd=PROJECT)
    assert done.returncode == 0, done.stdout + done.stderr
    with serve_directory(out) as url:
        yield url


# What a visitor sees of the page: the visible text, and each shown session element or card.
READ = r"""() => {
  const shown = (el) => el.offsetParent !== null || el.getClientRects().length > 0;
  const main = document.querySelector('main');
  const items = [...main.querySelectorAll('[data-status]')].filter(shown).map(el => ({
    status: el.dataset.status,
    kind: el.classList.contains('course-card') ? 'card' : el.classList.contains('next') ? 'next' : 'session',
    href: (el.querySelector('h3 a') || {}).pathname || '',
    text: el.innerText,
    lines: [...el.querySelectorAll('.register-line')].map(p => p.innerText.trim()),
  }));
  return {text: main.innerText, items,
          counts: [...main.querySelectorAll('.count-line')].filter(shown).map(h => h.innerText.trim()),
          cards: main.querySelectorAll('#course-list > li').length,
          sessions: main.querySelectorAll('#session-list .session').length};
}"""


def read(page: Page, url: str) -> dict:
    page.goto(url, wait_until="load")
    return page.evaluate(READ)


def contradictions(lang: str, rel: str, seen: dict, agenda: dict) -> list[str]:
    found = []
    where = f"/{rel} ({lang})"
    items = seen["items"]
    sessions = [i for i in items if i["kind"] == "session"]
    statuses = {i["status"] for i in items}
    if SAYS["no_sessions_at_all"][lang] in seen["text"] and statuses & COMING:
        found.append(f"{where} says nothing is coming but shows {sorted(statuses & COMING)}")
    if SAYS["nothing_open_now"][lang] in seen["text"] and statuses & CAN_REGISTER:
        found.append(f"{where} says nothing is open now but shows {sorted(statuses & CAN_REGISTER)}")
    if not sessions and rel.endswith(("jadwal/", "schedule/")) and agenda["items"] \
            and SAYS["no_sessions_at_all"][lang] not in seen["text"]:
        found.append(f"{where} shows no session and does not say so")
    agenda_bookable = {i["href"] for i in agenda["items"] if i["status"] in BOOKABLE}
    agenda_waiting = [i for i in agenda["items"] if i["status"] == "not-yet-open"]
    for match in re.finditer(SAYS["next_opens"][lang], seen["text"]):
        day, course = match.groups()
        named = [i for i in agenda_waiting if course in i["text"]]
        if not named:
            found.append(f"{where} says registration for {course!r} opens next, but the agenda has no such session")
        elif not any(re.sub(SAYS['opens'][lang], r"\1", line) in day for i in named for line in i["lines"]):
            found.append(f"{where} says {course!r} opens {day}, its agenda entry says {named[0]['lines']}")
    for item in items:
        for line in item["lines"]:
            if re.match(SAYS["opens"][lang], line) and item["status"] != "not-yet-open":
                found.append(f"{where} a {item['status']} {item['kind']} says {line!r}")
            if re.match(SAYS["register_by"][lang], line) and item["status"] not in CAN_REGISTER:
                found.append(f"{where} a {item['status']} {item['kind']} says {line!r}")
        if re.search(SAYS["seats"][lang], item["text"]) and item["status"] not in CAN_REGISTER:
            found.append(f"{where} a {item['status']} {item['kind']} offers seats: {item['text'][:80]!r}")
        # A card never points to a full or closed session while the same course can still be booked.
        if item["kind"] == "card" and item["status"] in ("full", "closed") and item["href"] in agenda_bookable:
            found.append(f"{where} the card of {item['href']} shows a {item['status']} session; another can be booked")
    for line in seen["counts"]:
        number = re.match(SAYS["count"][lang], line)
        listed = seen["cards"] or seen["sessions"]
        if number and int(number.group(1)) != listed:
            found.append(f"{where} says {line!r} and lists {listed}")
    if len(seen["counts"]) > 1:
        found.append(f"{where} has {len(seen['counts'])} count lines: {seen['counts']}")
    return found


def test_no_sentence_contradicts_its_page(browser: Browser, moment_site: str) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    found = []
    for lang, rels in PAGES.items():
        agenda = read(page, moment_site + rels[2])
        for rel in rels:
            found += contradictions(lang, rel, read(page, moment_site + rel), agenda)
    page.context.close()
    assert found == []


def test_the_home_page_says_what_is_empty(browser: Browser, moment_site: str) -> None:
    """Nothing open now is not "nothing coming": the home page says which, and when the next
    registration opens."""
    page = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    for lang, rels in PAGES.items():
        home = read(page, moment_site + rels[0])
        agenda = read(page, moment_site + rels[2])
        open_now = [i for i in home["items"] if i["status"] in CAN_REGISTER]
        waiting = [i for i in agenda["items"] if i["status"] == "not-yet-open"]
        coming = [i for i in agenda["items"] if i["status"] in COMING]
        if open_now:
            continue
        assert SAYS["nothing_open_now"][lang] in home["text"], (lang, home["text"][:400])
        said = re.search(SAYS["next_opens"][lang], home["text"])
        assert bool(said) == bool(waiting), (lang, home["text"][:400])
        assert (SAYS["no_sessions_at_all"][lang] in home["text"]) == (not coming), lang
    page.context.close()
